"""The hardened sample project lints clean with every rule on, and each single defect put into
it is reported on the line of the defect (or, for something missing, in the file it is
missing from)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, copy_tree, lint

HARDENED = REPO / "examples" / "hardened-app"
WORKFLOW = ".github/workflows/deploy.yml"

# (file, text to replace, replacement, expected code); a replacement of "" removes the line,
# and then the finding only has to be in that file.
DEFECTS = [
    ("fly.toml", "  force_https = true", "  force_https = false", "FLY001"),
    ("fly.toml", '    timeout = "2s"', '    timeout = "10s"', "FLY003"),
    ("fly.toml", '    timeout = "2s"', "    timeout = 2", "FLY016"),
    ("fly.toml", '    grace_period = "10s"', '    grace_period = "45s"', "FLY110"),
    ("fly.toml", '  auto_stop_machines = "stop"', '  auto_stop_machines = "true"', "FLY013"),
    ("fly.toml", "  min_machines_running = 1", "  min_machine_running = 1", "FLY010"),
    ("fly.toml", 'primary_region = "iad"', 'primary_region = "sea"', "FLY057"),
    ("fly.toml", 'primary_region = "iad"', 'primary_region = "xyz"', "FLY056"),
    ("fly.toml", '  strategy = "rolling"', '  strategy = "blue-green"', "FLY020"),
    ("fly.toml", '  NODE_ENV = "production"', '  SESSION_SECRET = "k7Gq2vX9pL4mZ8rT1wY6"', "SEC003"),
    ("fly.toml", '  NODE_ENV = "production"', '  STRIPE_KEY = "sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR"', "SEC001"),
    ("fly.toml", "  internal_port = 8080", "  internal_port = 3000", "DKR037"),
    ("fly.toml", '  memory = "512mb"', '  memory = "8gb"', "FLY058"),
    ("fly.toml", "    soft_limit = 200", "    soft_limit = 300", "FLY059"),
    ("Dockerfile", "USER 1000:1000", "USER root", "DKR001"),
    ("Dockerfile", "FROM node:22.11.0-bookworm-slim AS runtime", "FROM node:latest AS runtime", "DKR002"),
    ("Dockerfile", 'CMD ["node", "server.js"]', "CMD node server.js", "DKR012"),
    ("Dockerfile", "RUN npm ci --omit=dev && npm cache clean --force",
     "RUN curl -fsSL https://get.example.com/install.sh | sh", "DKR005"),
    ("Dockerfile", "WORKDIR /app\nCOPY --from", "WORKDIR app\nCOPY --from", "DKR011"),
    ("Dockerfile", "EXPOSE 8080", "EXPOSE 8080 22", "DKR009"),
    ("Dockerfile", "COPY . .", "COPY . .\nRUN chmod -R 777 /app", "DKR010"),
    ("Dockerfile", "COPY --from=deps", "COPY --from=dep", "DKR030"),
    ("Dockerfile", "ENV NODE_ENV=production \\", "ENV NODE_TLS_REJECT_UNAUTHORIZED=0 \\", "DKR007"),
    ("Dockerfile", "COPY . .", "COPY . .\nADD https://example.com/tool.tar.gz /opt/", "DKR003"),
    ("Dockerfile", "COPY . .", "COPY . .\nARG NPM_TOKEN", "DKR024"),
    ("Dockerfile", "COPY . .", "COPY . .\nRUN sudo apt-get install -y curl", "DKR008"),
    (".dockerignore", ".git\n", "", "DKR100"),
    (".dockerignore", ".env\n.env.*\n", "", "DKR101"),
    (".dockerignore", "node_modules\n", "", "DKR102"),
    ("deploy.sh", "set -euo pipefail\n", "", "SH001"),
    ("deploy.sh", 'fly deploy --app "$APP" --config fly.toml --remote-only', "fly deploy --remote-only", "SH002"),
    ("deploy.sh", 'fly status --app "$APP" --config fly.toml',
     'fly secrets set --app "$APP" SMTP_PASSWORD=literal-pass-123', "SEC004"),
    ("deploy.sh", 'fly status --app "$APP" --config fly.toml', 'echo "token: $FLY_API_TOKEN"', "SH005"),
    ("deploy.sh", 'fly status --app "$APP" --config fly.toml',
     'fly status --app "$APP" --access-token "$FLY_API_TOKEN"', "SH003"),
    ("deploy.sh", 'fly status --app "$APP" --config fly.toml', "curl -k https://example.com/health", "SH006"),
    ("deploy.sh", 'fly status --app "$APP" --config fly.toml', "curl -fsSL https://fly.io/install.sh | sh", "SH007"),
    (WORKFLOW, "setup-flyctl@fc53c09e1bc3be6f54706524e3b82c4f462f77be  # v1.5", "setup-flyctl@master", "GHA002"),
    (WORKFLOW, "${{ secrets.FLY_API_TOKEN }}", "${{ vars.FLY_API_TOKEN }}", "GHA001"),
    (WORKFLOW, "  push:\n    branches: [main]", "  pull_request_target:", "GHA005"),
    (WORKFLOW, "permissions:\n  contents: read\n", "", "GHA006"),
    ("fly.toml", '  [[http_service.checks]]\n    grace_period = "10s"\n    interval = "15s"\n    timeout = "2s"\n'
                 '    method = "GET"\n    path = "/health"\n', "", "FLY002"),
]


def test_the_hardened_project_is_clean(in_tmp: Path) -> None:
    copy_tree(HARDENED, in_tmp)
    result = lint(["."], select=["ALL"])
    assert [f"{f.path}:{f.line}: {f.code} {f.message}" for f in result.findings] == []
    # fly.toml, Dockerfile, .dockerignore, deploy.sh, the workflow; package.json (SEC006), server.js (SEC007, in ALL)
    assert len(result.files) == 7


@pytest.mark.parametrize(("path", "old", "new", "code"), DEFECTS,
                         ids=[f"{d[3]}-{d[0].rsplit('/', 1)[-1]}-{i}" for i, d in enumerate(DEFECTS)])
def test_each_single_defect_is_reported_where_it_is(path: str, old: str, new: str, code: str, in_tmp: Path) -> None:
    copy_tree(HARDENED, in_tmp)
    target = in_tmp / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"the hardened {path} no longer contains {old!r}"
    text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    findings = [f for f in lint(["."], select=["ALL"]).findings if f.code == code]
    assert findings, f"{code} did not report the defect in {path}"
    assert {f.path for f in findings} == {path}, [f"{f.path}:{f.line}" for f in findings]
    if new:
        start = text.index(new)
        first = text.count("\n", 0, start) + 1
        last = first + new.count("\n")
        assert any(first <= f.line <= last for f in findings), (
            f"{code} reported {[f.line for f in findings]}, the defect is on lines {first}-{last}")
