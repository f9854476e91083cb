"""flylint rules, one module per rule, grouped by family (fly_toml, dockerfile, dockerignore,
shell, workflow, secrets). Each module's docstring is the rule's documentation."""
