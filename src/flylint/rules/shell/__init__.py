"""Rules for shell files."""
