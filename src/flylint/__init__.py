"""flylint: a security and configuration linter for projects that deploy to Fly.io."""

__version__ = "0.1.0"
