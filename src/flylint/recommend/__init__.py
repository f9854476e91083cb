"""``flylint recommend``: which platform (Fly.io, Kubernetes or AWS) fits a requirements file.

- :mod:`.inputs` reads the file (YAML or JSON, three shapes) into :class:`~.inputs.Requirements`,
  with the position of every field, reporting unknown fields and rejecting bad values;
- :mod:`.scoring` turns the requirements into points per platform, each with its reason;
- :mod:`.plan` builds the answer: architecture, cost estimate (``data/fly-prices.toml``),
  alternatives, next steps, review checklist and smoke-test plan;
- :mod:`.render` writes it as YAML, JSON or text; :mod:`.cli` is the click command.

The input shapes, the scoring table and the output are documented in ``docs/recommend.md``.
"""
