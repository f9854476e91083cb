"""``flylint smoke``: post-deploy smoke checks of a Fly.io app, and the plan derived from fly configs.

- :mod:`.checks` runs the checks (health, HTTP → HTTPS redirect, TLS certificate, latency)
  with the standard library only; every request has a timeout and the whole run a time budget.
  This is the only part of flylint that opens a network connection.
- :mod:`.plan` builds the test plan (``flylint smoke --plan``) from a project's fly configs,
  and the same plan entries ``flylint recommend`` lists as ``test_specifications``.
- :mod:`.render` writes results as text, JSON or JUnit XML; :mod:`.cli` is the click command.
"""
