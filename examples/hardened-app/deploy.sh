#!/usr/bin/env bash
# Deploy orders-api. FLY_API_TOKEN comes from the environment (a deploy token from
# `fly tokens create deploy`); it is never printed or passed as a flag.
set -euo pipefail

APP="${FLY_APP:-orders-api}"

fly config validate --app "$APP" --config fly.toml
if [[ -f secrets.env ]]; then
  fly secrets import --app "$APP" --config fly.toml --stage < secrets.env
fi
fly deploy --app "$APP" --config fly.toml --remote-only
fly status --app "$APP" --config fly.toml
