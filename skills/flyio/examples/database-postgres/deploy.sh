#!/usr/bin/env bash
# Deploy the database-postgres template to Fly.io.
#
# Usage:
#   ./deploy.sh
#
# Environment (all optional):
#   FLY_APP       target app name (default: database-postgres)
#   DOTENV_FILE   file of KEY=value lines kept out of git (e.g. secrets.env);
#                 its values are staged as Fly secrets before the deploy
#   IMAGE_LABEL   image label (default: the short git commit, else a UTC time)
#
# Authentication: an interactive flyctl login, or a deploy token exported as
# FLY_API_TOKEN (see README.md). flyctl reads the token from the environment;
# this script never prints it and never passes it as a flag.
set -euo pipefail

APP="${FLY_APP:-database-postgres}"
DOTENV_FILE="${DOTENV_FILE:-}"
IMAGE_LABEL="${IMAGE_LABEL:-}"

cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1

# flyctl answers to `fly` and `flyctl`; some installers (setup-flyctl in CI) provide `flyctl` only.
if ! command -v fly >/dev/null 2>&1; then
  if command -v flyctl >/dev/null 2>&1; then
    fly() { flyctl "$@"; }
  else
    echo "error: flyctl (fly) is not on PATH; see https://fly.io/docs/flyctl/install/" >&2
    exit 1
  fi
fi

if [[ -z "$IMAGE_LABEL" ]]; then
  if git rev-parse --short HEAD >/dev/null 2>&1; then
    IMAGE_LABEL="git-$(git rev-parse --short HEAD)"
  else
    IMAGE_LABEL="deploy-$(date -u +%Y%m%d%H%M%S)"
  fi
fi

# 1. Validate fly.toml before building anything.
fly config validate --app "$APP" --config fly.toml

# 2. Stage runtime secrets. The import reads KEY=value lines from stdin, so
#    no value ever appears in argv, logs or shell history. --stage defers the
#    machine restart to the deploy below.
if [[ -n "$DOTENV_FILE" ]]; then
  if [[ ! -f "$DOTENV_FILE" ]]; then
    echo "error: DOTENV_FILE does not point to a readable file" >&2
    exit 1
  fi
  fly secrets import --app "$APP" --config fly.toml --stage < "$DOTENV_FILE"
fi

# 3. Build on Fly's remote builder and roll out one machine at a time.
fly deploy --app "$APP" --config fly.toml --remote-only --strategy rolling --image-label "$IMAGE_LABEL"

# 4. Show machines, regions and check status.
fly status --app "$APP" --config fly.toml

# High availability needs three machines (one primary, two replicas), each
# with its own volume. Scaling is left to an operator on purpose:
echo "Cluster size is managed by hand: fly scale count 3 --app $APP --config fly.toml"
