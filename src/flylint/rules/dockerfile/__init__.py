"""Rules for dockerfile files."""
