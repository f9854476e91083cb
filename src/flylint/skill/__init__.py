"""The bundled Agent Skill: templates, ``flylint init`` and ``flylint skill``."""
