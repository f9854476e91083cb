"""Everything in flylint that is not a rule: discovery, parsers, engine, config, outputs, CLI."""
