"""Fly.io project detection (``flylint detect``)."""
