"""Rules for fly toml files."""
