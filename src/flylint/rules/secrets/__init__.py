"""Rules for secrets files."""
