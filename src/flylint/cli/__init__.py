"""The command line: option table, fast path for ``check``, the click application."""
