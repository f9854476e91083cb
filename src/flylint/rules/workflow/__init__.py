"""Rules for workflow files."""
