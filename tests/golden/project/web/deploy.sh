#!/usr/bin/env bash
# Deploy the web app; the token comes from the CI environment.
set -euo pipefail
flyctl deploy --remote-only --config web/fly.toml
