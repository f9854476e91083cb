"""Rules for dockerignore files."""
