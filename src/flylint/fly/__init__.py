"""Fly.io facts: fly.toml schema, value grammars (durations, sizes), secret detectors."""
