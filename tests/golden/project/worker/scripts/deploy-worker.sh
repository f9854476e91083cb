#!/bin/sh
set -eu
fly deploy --config worker/fly.toml --strategy rolling
