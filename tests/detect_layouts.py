"""A labelled set of project layouts for ``flylint detect``.

Each :class:`Layout` is a small project tree (relative path -> text) and the answer a person
would give to "does this project deploy to Fly.io?". ``tests/test_detect.py`` builds every
layout in a temporary directory and checks that detection agrees with the label; layouts with
``recursive`` also state what ``flylint detect --recursive`` must list (project directory ->
detected?).

The Fly.io apps cover the twelve template kinds of ``skills/flyio/examples/`` in the shapes
real projects take (with and without a deploy script, a Dockerfile or a workflow); the others
are apps for other platforms that also ship a Dockerfile, documentation that merely talks about
Fly.io, and trees where Fly.io files sit where they should not count (``node_modules``,
vendored code deeper than the search depth).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Layout:
    name: str
    files: dict[str, str]
    fly: bool  # the label: is this a Fly.io project?
    group: str = "fly"  # fly | other-platform | docs | edge
    recursive: dict[str, bool] = field(default_factory=dict)


def fly_toml(app: str | None = "app", port: int = 8080, section: str = "http", extra: str = "") -> str:
    head = f'app = "{app}"\nprimary_region = "iad"\n' if app else 'primary_region = "iad"\n'
    if section == "http":
        body = (f"\n[http_service]\n  internal_port = {port}\n  force_https = true\n"
                '  auto_stop_machines = "stop"\n  auto_start_machines = true\n  min_machines_running = 1\n\n'
                '  [[http_service.checks]]\n    path = "/health"\n    interval = "15s"\n    timeout = "2s"\n')
    elif section == "services":
        body = (f"\n[[services]]\n  internal_port = {port}\n  protocol = \"tcp\"\n\n"
                '  [[services.ports]]\n    port = 443\n    handlers = ["tls", "http"]\n')
    elif section == "processes":
        body = '\n[processes]\n  worker = "bin/worker"\n'
    else:
        body = ""
    return head + extra + body


DOCKERFILE_FLY = """# syntax = docker/dockerfile:1

ARG NODE_VERSION=20.11.1
FROM node:${NODE_VERSION}-slim AS base
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
"""
DOCKERFILE_PLAIN = """FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 10001
CMD ["gunicorn", "app:app"]
"""
DOCKERFILE_SYNTAX_TIGHT = """# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
"""
DEPLOY_SH = """#!/usr/bin/env bash
# Deploy to Fly.io (needs flyctl and FLY_API_TOKEN)
set -euo pipefail
fly deploy --remote-only
"""
PACKAGE_JSON = '{\n  "name": "web",\n  "version": "1.0.0",\n  "scripts": {"start": "node server.js"}\n}\n'
README_FLY = """# My app

Deploy with `fly deploy`; it is served at https://my-app.fly.dev.
Set `FLY_APP_NAME` in the dashboard. See https://fly.io/docs/.
"""

LAYOUTS: list[Layout] = [
    # -- Fly.io apps: the twelve template kinds ----------------------------------------------
    Layout("node-express", {
        "fly.toml": fly_toml("express-api", 3000), "Dockerfile": DOCKERFILE_FLY,
        ".dockerignore": "node_modules\n.git\n", "package.json": PACKAGE_JSON, "server.js": "// express\n",
    }, True),
    Layout("node-next-with-workflow", {
        "fly.toml": fly_toml("next-site", 3000), "Dockerfile": DOCKERFILE_FLY, "package.json": PACKAGE_JSON,
        "next.config.js": "module.exports = { output: 'standalone' }\n",
        ".github/workflows/fly-deploy.yml": (
            "name: Fly Deploy\non: {push: {branches: [main]}}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - uses: actions/checkout@v4\n      - uses: superfly/flyctl-actions/setup-flyctl@master\n"
            "      - run: flyctl deploy --remote-only\n        env:\n          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}\n"),
    }, True),
    Layout("node-nest-deploy-script", {
        "fly.toml": fly_toml("nest-api", 3000), "Dockerfile": DOCKERFILE_FLY, "scripts/deploy.sh": DEPLOY_SH,
        "package.json": PACKAGE_JSON, "src/main.ts": "bootstrap();\n",
    }, True),
    Layout("python-django-processes", {
        "fly.toml": fly_toml("django-shop", section="processes", extra='\n[deploy]\n  release_command = "python manage.py migrate"\n'),
        "Dockerfile": DOCKERFILE_PLAIN, "requirements.txt": "django\ngunicorn\n",
        "shop/settings.py": "ALLOWED_HOSTS = ['django-shop.fly.dev']\n",
    }, True),
    Layout("python-fastapi-toml-only", {
        "fly.toml": fly_toml("fastapi-svc", 8000), "pyproject.toml": "[project]\nname = \"svc\"\n",
        "app/main.py": "app = FastAPI()\n",
    }, True),
    Layout("python-flask-procfile-and-fly", {
        "fly.toml": fly_toml("flask-app", 8080, extra="\n[build]\n  builder = \"paketobuildpacks/builder:base\"\n"),
        "Procfile": "web: gunicorn app:app\n", "requirements.txt": "flask\n",
    }, True),
    Layout("go-http-server", {
        "fly.toml": fly_toml("go-svc"), "Dockerfile": DOCKERFILE_SYNTAX_TIGHT, "go.mod": "module example.com/svc\n",
        "main.go": "package main\n", "deploy.sh": "#!/bin/sh\nflyctl deploy --app go-svc\n",
    }, True),
    Layout("ruby-rails-services", {
        "fly.toml": fly_toml("rails-shop", 3000, section="services"),
        "Dockerfile": "# syntax = docker/dockerfile:1\nFROM ruby:3.3-slim\nUSER 1000:1000\nCMD [\"./bin/rails\", \"server\"]\n",
        "Gemfile": "source 'https://rubygems.org'\ngem 'rails'\n", "bin/docker-entrypoint": "#!/bin/bash -e\nexec \"$@\"\n",
        "config/dockerfile.yml": "options:\n  fly: true\n",
    }, True),
    Layout("elixir-phoenix", {
        "fly.toml": fly_toml("phx-app", 4000, extra='\n[env]\n  PHX_HOST = "phx-app.fly.dev"\n'),
        "Dockerfile": "ARG ELIXIR_VERSION=1.16.0\nFROM hexpm/elixir:${ELIXIR_VERSION}-erlang-26.2.1-debian-bookworm-20240130-slim\nCMD [\"/app/bin/server\"]\n",
        "mix.exs": "defmodule PhxApp.MixProject do\nend\n", "rel/overlays/bin/server": "#!/bin/sh\nexec ./phx_app start\n",
        "config/runtime.exs": "host = System.get_env(\"PHX_HOST\") || \"example.com\"\n",
    }, True),
    Layout("static-site", {
        "fly.toml": fly_toml("static-site"), "Dockerfile": "FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY public /usr/share/nginx/html\n",
        "public/index.html": "<h1>hello</h1>\n",
    }, True),
    Layout("database-postgres", {
        "fly.toml": 'app = "pg-cluster"\nprimary_region = "iad"\n\n[[mounts]]\n  source = "pg_data"\n  destination = "/data"\n\n'
                    '[checks.pg]\n  type = "http"\n  port = 5500\n  path = "/flycheck/pg"\n',
        "Dockerfile": "# syntax=docker/dockerfile:1\nFROM flyio/postgres-flex:17\n",
        "deploy.sh": "#!/usr/bin/env bash\nset -euo pipefail\nfly deploy --config fly.toml --strategy rolling\n",
    }, True),
    Layout("multi-region", {
        "fly.toml": fly_toml("global-api"), "Dockerfile": DOCKERFILE_FLY,
        "scale.sh": "#!/usr/bin/env bash\n# one machine per region\nfly scale count 2 --region iad,ams,syd --yes\n",
        ".env.production": "PRIMARY_REGION=iad\nPUBLIC_URL=https://global-api.fly.dev\n",
    }, True),
    # -- Fly.io apps in other shapes ---------------------------------------------------------
    Layout("fly-toml-in-deploy-subdir", {
        "deploy/fly.toml": fly_toml("api"), "Dockerfile": DOCKERFILE_PLAIN, "requirements.txt": "flask\n",
    }, True),
    Layout("fly-backend-vercel-frontend", {
        "backend/fly.toml": fly_toml("backend"), "backend/Dockerfile": DOCKERFILE_PLAIN,
        "frontend/vercel.json": '{"framework": "nextjs"}\n', "frontend/package.json": PACKAGE_JSON,
    }, True, recursive={"backend": True}),
    Layout("multi-env-only", {
        "fly.staging.toml": fly_toml("shop-staging"), "fly.production.toml": fly_toml("shop"),
        "Dockerfile": DOCKERFILE_PLAIN,
    }, True),
    Layout("multi-env-prefix-names", {
        "staging.fly.toml": fly_toml("blog-staging"), "production.fly.toml": fly_toml("blog"),
    }, True),
    Layout("multi-env-dash-names", {
        "fly-staging.toml": fly_toml("cms-staging"), "fly-production.toml": fly_toml("cms"),
        "bin/deploy.sh": '#!/bin/sh\nflyctl deploy -c "fly-$1.toml"\n',
    }, True),
    Layout("worker-processes-only", {
        "fly.toml": fly_toml("jobs", section="processes"), "Dockerfile": DOCKERFILE_PLAIN,
    }, True),
    Layout("per-branch-config-without-app", {
        "fly.toml": fly_toml(None), "deploy.sh": '#!/usr/bin/env bash\nflyctl deploy --app "$APP_NAME"\n',
        ".env.production": "FLY_APP_NAME=preview-app\n", "Dockerfile": DOCKERFILE_FLY,
    }, True),
    Layout("fly-json-config", {
        "fly.json": '{"app": "json-app", "http_service": {"internal_port": 8080, "force_https": true}}\n',
        "Dockerfile": DOCKERFILE_PLAIN,
    }, True),
    Layout("flyctl-inside-dockerfile", {
        "fly.toml": fly_toml("litefs-app"), "Dockerfile": "FROM node:20-slim\nCOPY --from=flyio/flyctl:latest /flyctl /usr/bin/flyctl\n",
        "litefs.yml": "fuse:\n  dir: /litefs\n",
    }, True),
    Layout("broken-fly-config-with-context", {
        # a real Fly config with a duplicate key: flyctl refuses it, the other signals carry it
        "fly.toml": 'app = "haj"\n[env]\n  PORT = "8080"\n  PORT = "8081"\n',
        "deploy.sh": DEPLOY_SH, ".env": "BASE_URL=https://haj.fly.dev\n",
    }, True),
    Layout("monorepo-two-fly-apps", {
        "apps/web/fly.toml": fly_toml("acme-web", 3000), "apps/web/Dockerfile": DOCKERFILE_FLY,
        "apps/api/fly.toml": fly_toml("acme-api"), "apps/api/Dockerfile": DOCKERFILE_PLAIN,
        "apps/api/deploy.sh": DEPLOY_SH, "packages/ui/package.json": PACKAGE_JSON,
        "package.json": '{"private": true, "workspaces": ["apps/*", "packages/*"]}\n',
    }, True, recursive={"apps/api": True, "apps/web": True}),
    Layout("monorepo-fly-and-others", {
        "services/billing/fly.toml": fly_toml("billing", section="services"),
        "services/billing/Dockerfile": DOCKERFILE_PLAIN,
        "services/search/Dockerfile": DOCKERFILE_SYNTAX_TIGHT,
        "services/search/render.yaml": "services:\n  - type: web\n    name: search\n",
        "docs/README.md": README_FLY,
    }, True, recursive={"services/billing": True, "services/search": False}),
    Layout("monorepo-root-app-and-worker", {
        "fly.toml": fly_toml("main"), "Dockerfile": DOCKERFILE_FLY,
        "worker/fly.toml": fly_toml("main-worker", section="processes"), "worker/Dockerfile": DOCKERFILE_PLAIN,
    }, True, recursive={".": True, "worker": True}),
    # -- other platforms (all with a Dockerfile) --------------------------------------------
    Layout("heroku", {
        "Procfile": "web: gunicorn app:app\nrelease: python manage.py migrate\n",
        "app.json": '{"name": "shop", "stack": "container", "env": {"SECRET_KEY": {"generator": "secret"}}}\n',
        "heroku.yml": "build:\n  docker:\n    web: Dockerfile\n", "Dockerfile": "# syntax=docker/dockerfile:1\n" + DOCKERFILE_PLAIN,
    }, False, "other-platform"),
    Layout("render", {
        "render.yaml": "services:\n  - type: web\n    name: api\n    runtime: docker\n    healthCheckPath: /health\n",
        "Dockerfile": DOCKERFILE_PLAIN, ".env.example": "DATABASE_URL=postgres://localhost/dev\n",
    }, False, "other-platform"),
    Layout("railway", {
        "railway.json": '{"build": {"builder": "DOCKERFILE"}, "deploy": {"startCommand": "npm start"}}\n',
        "railway.toml": '[deploy]\nhealthcheckPath = "/health"\n', "Dockerfile": DOCKERFILE_FLY,
        "deploy.sh": "#!/bin/sh\nrailway up --detach\n",
    }, False, "other-platform"),
    Layout("vercel", {
        "vercel.json": '{"rewrites": [{"source": "/(.*)", "destination": "/"}]}\n', "package.json": PACKAGE_JSON,
        "next.config.js": "module.exports = {}\n", "Dockerfile": DOCKERFILE_FLY.replace("# syntax = docker/dockerfile:1\n", ""),
    }, False, "other-platform"),
    Layout("docker-compose", {
        "docker-compose.yml": "services:\n  web:\n    build: .\n    ports: ['8080:8080']\n  db:\n    image: postgres:16\n",
        "Dockerfile": "# syntax=docker/dockerfile:1.7\n" + DOCKERFILE_PLAIN, ".env": "POSTGRES_PASSWORD=example\n",
    }, False, "other-platform"),
    Layout("kubernetes", {
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n",
        "k8s/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n",
        "Dockerfile": DOCKERFILE_PLAIN, "deploy.sh": "#!/bin/sh\nkubectl apply -f k8s/\n",
    }, False, "other-platform"),
    Layout("cloud-run", {
        "service.yaml": "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: api\n",
        "cloudbuild.yaml": "steps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build, -t, gcr.io/p/api, .]\n",
        "Dockerfile": "# syntax=docker/dockerfile:1\n" + DOCKERFILE_PLAIN,
        "deploy.sh": "#!/bin/sh\ngcloud run deploy api --source . --region us-central1\n",
    }, False, "other-platform"),
    Layout("netlify", {
        "netlify.toml": '[build]\n  command = "npm run build"\n  publish = "dist"\n', "package.json": PACKAGE_JSON,
    }, False, "other-platform"),
    Layout("aws-serverless", {
        "serverless.yml": "service: api\nprovider:\n  name: aws\n", "Dockerfile": DOCKERFILE_PLAIN,
        "deploy.sh": "#!/bin/sh\nnpx serverless deploy --stage prod\n",
    }, False, "other-platform"),
    Layout("dockerfile-only", {
        "Dockerfile": "# syntax = docker/dockerfile:1\n" + DOCKERFILE_PLAIN, "requirements.txt": "flask\n",
    }, False, "other-platform"),
    # -- documentation that only talks about Fly.io -----------------------------------------
    Layout("readme-mentions-fly", {
        "README.md": README_FLY, "docs/deploying.md": "Run `flyctl launch`, then `fly deploy`.\n",
        "src/index.js": "console.log('hi')\n",
    }, False, "docs"),
    Layout("snippets-in-comments", {
        "README.md": README_FLY,
        "examples/notes.sh": "#!/bin/sh\n# To deploy: fly deploy --remote-only\n# fly scale count 2\necho 'see README'\n",
        "Dockerfile": DOCKERFILE_PLAIN,
    }, False, "docs"),
    Layout("echo-and-heredoc-only", {
        "install.sh": "#!/bin/sh\necho \"next, run: fly deploy\"\ncat <<EOF\nfly launch\nEOF\n",
    }, False, "docs"),
    # -- edge cases ---------------------------------------------------------------------------
    Layout("worked-example-deploy-sh-and-env", {
        "deploy.sh": DEPLOY_SH, ".env": "API_URL=https://my-app.fly.dev\n",
    }, False, "edge"),
    Layout("monitoring-scripts-only", {
        "status.sh": "#!/bin/sh\nfly status --app my-app\nfly logs --app my-app\n",
        "targets.yaml": "urls:\n  - https://my-app.fly.dev/health\n",
    }, False, "edge"),
    Layout("unrelated-fly-toml", {
        # a flight-simulator config that happens to be called fly.toml
        "fly.toml": "[aircraft]\nmodel = \"c172\"\n\n[physics]\ngravity = 9.81\n", "sim.py": "import tomllib\n",
    }, False, "edge"),
    Layout("invalid-fly-toml-alone", {
        "fly.toml": "[aircraft\nmodel = c172\n",
    }, False, "edge"),
    Layout("fly-files-in-node-modules", {
        "package.json": PACKAGE_JSON,
        "node_modules/@flydotio/dockerfile/templates/fly.toml": fly_toml("template"),
        "node_modules/@flydotio/dockerfile/deploy.sh": DEPLOY_SH,
    }, False, "edge"),
    Layout("fly-example-vendored-too-deep", {
        "go.mod": "module example.com/x\n", "main.go": "package main\n",
        "third_party/lib/examples/fly/fly.toml": fly_toml("lib-example"),
    }, False, "edge"),
    Layout("fly-files-in-virtualenv", {
        "requirements.txt": "flask\n", "env/pyvenv.cfg": "home = /usr/bin\n",
        "env/lib/fly.toml": fly_toml("nope"),
    }, False, "edge"),
]
