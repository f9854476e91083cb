"""Read a requirements file (YAML or JSON) into :class:`Requirements`.

Three shapes are accepted (``docs/recommend.md`` has the full field list):

- a deployment task: ``task: {type, application: {name, framework, requirements: […]},
  constraints: {budget, regions, compliance}}``;
- a technical requirements document: ``trd: {title, requirements: {functional,
  non_functional}, architecture: {services}}``;
- a plain description: top-level ``application`` (the kind of application), ``team_size``,
  ``budget_per_month``, ``expected_users``, ``compliance``, ``regions`` ….

Every field's position is kept. A field the shape does not define is reported as a
:class:`Notice` (it is not used); a value of the wrong kind, a file that is not YAML or JSON
or has no known shape, raises :class:`InputError` with the line and column. Free text
(requirements, descriptions, titles, service names) is scanned with the keyword table
:data:`KEYWORDS`; every fact found this way remembers the field it came from.
"""

from __future__ import annotations

import re
from typing import Any

from flylint.base.records import field, record

MAX_INPUT_BYTES = 1024 * 1024
#: nodes visited while indexing a YAML document (aliases count each time they are used)
MAX_NODES = 20_000

Path = tuple[str | int, ...]


class InputError(Exception):
    """The file cannot be read as a requirements file; ``str()`` is the message for the user."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path, self.message, self.line, self.column = path, message, line, column
        where = f"{path}:{line}:{column}" if line is not None else path
        super().__init__(f"{where}: {message}")


@record(frozen=True)
class Notice:
    """A field that was not used (unknown, or a value flylint could not map), with its position."""

    field: str
    line: int
    column: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "line": self.line, "column": self.column, "message": self.message}


@record
class Service:
    name: str
    kind: str = "web"  # web | worker
    framework: str | None = None
    count: int = 1
    databases: list[str] = field(default_factory=list)
    source: str = ""


@record
class Requirements:
    """What the file says, normalised. ``sources`` maps an attribute to the field it came from."""

    path: str
    shape: str  # task | trd | description
    name: str = "app"
    kind: str | None = None
    framework: str | None = None
    task_type: str | None = None
    services: list[Service] = field(default_factory=list)
    service_count: int = 1
    text_service_count: int = 0  # the largest "N services" found in free text
    datastores: dict[str, str] = field(default_factory=dict)  # datastore -> source
    cloud_services: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (provider, source)
    self_run: dict[str, str] = field(default_factory=dict)  # data services Fly.io does not manage -> source
    team_size: int | None = None
    ops_team: bool | None = None
    kubernetes_named: bool = False
    budget: float | None = None  # USD per month
    expected_users: int | None = None
    compliance: dict[str, str] = field(default_factory=dict)  # canonical name -> source
    regions: list[str] = field(default_factory=list)  # Fly.io region codes, primary first
    regions_assumed: bool = False
    global_latency: bool = False
    environments: list[str] = field(default_factory=list)
    environments_given: bool = False
    availability: float | None = None  # percent
    latency_p95_ms: int | None = None
    health_path: str = "/health"
    secrets: dict[str, str] = field(default_factory=dict)  # NAME -> why
    sources: dict[str, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Keyword table: what free text is scanned for (case-insensitive, whole words)

#: (fact, value, pattern). A match preceded within three words by "no", "not", "without",
#: "avoid" or "never" is ignored ("no Kubernetes", "without a dedicated ops team").
KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("datastore", "postgres", r"postgres(?:ql)?|postgis"),
    ("datastore", "mysql", r"mysql|mariadb"),
    ("datastore", "redis", r"redis|valkey"),
    ("datastore", "mongodb", r"mongo(?:db)?"),
    ("datastore", "sqlite", r"sqlite3?|litefs"),
    ("datastore", "object-storage", r"object storage|blob storage|s3|tigris"),
    ("self_run", "kafka", r"kafka"),
    ("self_run", "elasticsearch", r"elasticsearch|opensearch"),
    ("self_run", "rabbitmq", r"rabbitmq"),
    ("self_run", "cassandra", r"cassandra|scylladb"),
    ("aws", "Lambda", r"(?:aws )?lambdas?"),
    ("aws", "DynamoDB", r"dynamo(?:db)?"),
    ("aws", "SQS", r"sqs"),
    ("aws", "SNS", r"sns"),
    ("aws", "Kinesis", r"kinesis"),
    ("aws", "Aurora", r"aurora"),
    ("aws", "Redshift", r"redshift"),
    ("aws", "Step Functions", r"step functions"),
    ("aws", "Cognito", r"cognito"),
    ("aws", "EventBridge", r"eventbridge"),
    ("aws", "Athena", r"athena"),
    ("aws", "SageMaker", r"sagemaker"),
    ("aws", "an existing AWS account", r"aws|amazon web services"),
    ("gcp", "BigQuery", r"bigquery"),
    ("gcp", "Pub/Sub", r"pub/sub|pubsub"),
    ("gcp", "Spanner", r"spanner"),
    ("gcp", "Firestore", r"firestore"),
    ("gcp", "Bigtable", r"bigtable"),
    ("gcp", "Vertex AI", r"vertex ai"),
    ("gcp", "an existing Google Cloud project", r"gcp|google cloud"),
    ("azure", "Cosmos DB", r"cosmos ?db"),
    ("azure", "Azure Functions", r"azure functions"),
    ("azure", "an existing Azure subscription", r"azure"),
    ("kubernetes", "Kubernetes", r"kubernetes|k8s|helm|eks|gke|aks"),
    ("ops_team", "dedicated ops team",
     r"(?:dedicated |in-house |existing |own )?(?:ops|devops|sre|platform|infrastructure|infra) team|"
     r"site reliability(?: engineers?| engineering)?|platform engineers?|sres"),
    ("global", "global low latency",
     r"global(?:ly)?|worldwide|world-wide|low[- ]latency|latency[- ]sensitive|edge|multi[- ]region|"
     r"multiple regions|across regions|several regions|many regions"),
    ("auth", "authentication", r"auth(?:entication)?|jwt|oauth|login|sign[- ]in"),
)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100,
}
_NUM = r"(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")"
_SERVICES_RE = re.compile(rf"\b{_NUM}[\s-]+(?:micro[\s-]?)?services?\b", re.IGNORECASE)
_TEAM_RES = (
    re.compile(rf"\bteam of {_NUM}\b", re.IGNORECASE),
    re.compile(rf"\b{_NUM}[\s-]+(?:person|people|engineers?|developers?|devs?)\b", re.IGNORECASE),
)
_ENVS_RE = re.compile(rf"\b{_NUM}[\s-]+environments?\b", re.IGNORECASE)
_P95_RE = re.compile(r"\bp(?:95|99)\b\D{0,12}?(\d{1,5})\s*ms\b", re.IGNORECASE)
_AVAIL_RE = re.compile(r"(\d{2}(?:\.\d{1,3})?)\s*%(?=[^.;\n]{0,20}\b(?:uptime|availability|available|sla)\b)|"
                       r"\b(?:uptime|availability|sla)\b[^.;\n\d]{0,20}(\d{2}(?:\.\d{1,3})?)\s*%", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|not|without|avoid|never|instead of)\b(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
_KEYWORD_RES: list[tuple[str, str, re.Pattern[str]]] = []

COMPLIANCE = {
    "soc2": "SOC 2", "gdpr": "GDPR", "hipaa": "HIPAA", "pci-dss": "PCI DSS", "iso27001": "ISO 27001",
    "fedramp": "FedRAMP", "ccpa": "CCPA",
}
_COMPLIANCE_RE = re.compile(
    r"\b(?:(soc ?2)|(gdpr)|(hipaa)|(pci(?:[ -]?dss)?)|(iso[ -]?27001)|(fedramp)|(ccpa))\b", re.IGNORECASE)

#: place names and cloud region names -> the nearest Fly.io region
PLACES: dict[str, str] = {
    "us": "iad", "usa": "iad", "us-east": "iad", "north america": "iad", "united states": "iad",
    "us-west": "sjc", "us-central": "ord", "canada": "yyz", "eu": "ams", "europe": "ams", "uk": "lhr",
    "germany": "fra", "france": "cdg", "sweden": "arn", "netherlands": "ams", "asia": "sin",
    "japan": "nrt", "india": "bom", "australia": "syd", "oceania": "syd", "south america": "gru",
    "brazil": "gru", "latin america": "gru", "africa": "jnb", "south africa": "jnb",
    "us-east-1": "iad", "us-east-2": "ord", "us-west-1": "sjc", "us-west-2": "sjc", "ca-central-1": "yyz",
    "eu-west-1": "lhr", "eu-west-2": "lhr", "eu-west-3": "cdg", "eu-central-1": "fra", "eu-north-1": "arn",
    "ap-southeast-1": "sin", "ap-southeast-2": "syd", "ap-northeast-1": "nrt", "ap-south-1": "bom",
    "sa-east-1": "gru", "af-south-1": "jnb",
}
#: "global" with no region list: one region per continent with most users
GLOBAL_REGIONS = ["iad", "ams", "sin"]

_ENV_NAMES = {
    "dev": "dev", "development": "dev", "develop": "dev", "staging": "staging", "stage": "staging",
    "stg": "staging", "preprod": "staging", "uat": "staging", "production": "production", "prod": "production",
    "prd": "production", "live": "production",
}
_ENV_DEFAULTS = {1: ["production"], 2: ["staging", "production"], 3: ["dev", "staging", "production"]}
_SECRET_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,127}$")
_FRAMEWORK_SECRETS = {
    "ruby-rails": ("RAILS_MASTER_KEY", "Rails decrypts its credentials with it"),
    "python-django": ("SECRET_KEY", "Django signs sessions with it"),
    "python-flask": ("SECRET_KEY", "Flask signs sessions with it"),
    "elixir-phoenix": ("SECRET_KEY_BASE", "Phoenix signs and encrypts cookies with it"),
}

#: framework words -> flylint template (``flylint templates``)
FRAMEWORKS: dict[str, str] = {
    "express": "nodejs-express", "expressjs": "nodejs-express", "node": "nodejs-express",
    "nodejs": "nodejs-express", "node.js": "nodejs-express", "next": "nodejs-nextjs", "nextjs": "nodejs-nextjs",
    "next.js": "nodejs-nextjs", "nest": "nodejs-nestjs", "nestjs": "nodejs-nestjs", "django": "python-django",
    "fastapi": "python-fastapi", "flask": "python-flask", "go": "go-http-server", "golang": "go-http-server",
    "rails": "ruby-rails", "ruby on rails": "ruby-rails", "phoenix": "elixir-phoenix", "elixir": "elixir-phoenix",
    "static": "static-site", "nginx": "static-site", "hugo": "static-site", "jekyll": "static-site",
}


def template_for(framework: str | None) -> str | None:
    """The flylint template for a framework as written ("Express", "Ruby on Rails 8" …)."""
    if not framework:
        return None
    words = re.sub(r"[^a-z0-9. ]+", " ", framework.lower()).split()
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            hit = FRAMEWORKS.get(" ".join(words[i : i + n]))
            if hit:
                return hit
    return None


# --------------------------------------------------------------------------------------------
# Reading the file


@record
class _Doc:
    path: str
    data: Any
    positions: dict[Path, tuple[int, int]]  # key path -> (line, column) of the key (or item)


def read_file(path: str) -> _Doc:
    import os
    import stat

    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "not a regular file")
    if st.st_size > MAX_INPUT_BYTES:
        raise InputError(path, f"the file is larger than {MAX_INPUT_BYTES // 1024} KiB")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(path, "not valid UTF-8", line, column) from None
    return parse_text(path, text.replace("\r\n", "\n"))


def parse_text(path: str, text: str) -> _Doc:
    """Parse ``text``: JSON when the name ends in ``.json``, else YAML (JSON is also YAML)."""
    if not text.strip():
        raise InputError(path, "the file is empty; see `flylint recommend --help` for the three shapes")
    data: Any
    if path.lower().endswith(".json"):
        import json

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        except (RecursionError, ValueError) as exc:
            raise InputError(path, f"invalid JSON: {_reason(exc)}") from None
        try:
            positions = _yaml_positions(text)
        except InputError:  # JSON that YAML 1.1 reads differently: no positions, still usable
            positions = {}
        return _Doc(path, data, positions)
    from flylint.linter.parsers.yaml_positions import YamlError, compose, construct

    try:
        node = compose(text)
    except YamlError as exc:
        raise InputError(path, f"invalid YAML: {exc.message}", exc.line, exc.column) from None
    except RecursionError:
        raise InputError(path, "invalid YAML: nested too deeply") from None
    if node is None:
        raise InputError(path, "the file holds no document")
    positions = _index(node, path)
    try:
        data = construct(node)
    except YamlError as exc:
        raise InputError(path, f"invalid YAML: {exc.message}", exc.line, exc.column) from None
    except RecursionError:
        raise InputError(path, "invalid YAML: nested too deeply") from None
    return _Doc(path, data, positions)


def _reason(exc: BaseException) -> str:
    return str(exc).split(";")[0].strip() or type(exc).__name__


def _yaml_positions(text: str) -> dict[Path, tuple[int, int]]:
    from flylint.linter.parsers.yaml_positions import YamlError, compose

    try:
        node = compose(text)
    except (YamlError, RecursionError):
        return {}
    return _index(node, "") if node is not None else {}


def _index(root: Any, path: str) -> dict[Path, tuple[int, int]]:
    """Position of every key and list item; raises when aliases make the tree too big."""
    import yaml

    out: dict[Path, tuple[int, int]] = {}
    budget = MAX_NODES
    stack: list[tuple[Any, Path, int]] = [(root, (), 0)]
    while stack:
        node, at, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise InputError(path, f"the document has more than {MAX_NODES} values (counting each use of an "
                                   "alias); a requirements file is much smaller")
        if depth > 64:
            raise InputError(path, "nested more than 64 levels deep", node.start_mark.line + 1,
                             node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                    continue
                child = (*at, key.value)
                out.setdefault(child, (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((value, child, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = (*at, i)
                out.setdefault(child, (item.start_mark.line + 1, item.start_mark.column + 1))
                stack.append((item, child, depth + 1))
    return out


# --------------------------------------------------------------------------------------------
# Walking the document


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _norm_key(key: Any) -> str:
    return str(key).strip().lower().replace("-", "_").replace(" ", "_")


class _Reader:
    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.notices: list[Notice] = []
        self.texts: list[tuple[str, Path]] = []  # free text to scan, with where it came from

    def where(self, path: Path) -> tuple[int, int]:
        for n in range(len(path), 0, -1):
            pos = self.doc.positions.get(path[:n])
            if pos:
                return pos
        return (1, 1)

    def error(self, path: Path, message: str) -> InputError:
        line, col = self.where(path)
        return InputError(self.doc.path, f"{dotted(path)}: {message}", line, col)

    def notice(self, path: Path, message: str) -> None:
        line, col = self.where(path)
        self.notices.append(Notice(dotted(path), line, col, message))

    def mapping(self, value: Any, path: Path, allowed: dict[str, str]) -> dict[str, tuple[Any, Path]]:
        """``value`` as {canonical key: (value, path)}; keys outside ``allowed`` become notices.

        ``allowed`` maps accepted spellings (normalised: lower case, ``-``/space -> ``_``) to
        the canonical key.
        """
        if not isinstance(value, dict):
            raise self.error(path, f"expected a mapping of fields, found {_kind(value)}")
        out: dict[str, tuple[Any, Path]] = {}
        for key, item in value.items():
            child = (*path, key if isinstance(key, str | int) else str(key))
            canon = allowed.get(_norm_key(key))
            if canon is None:
                known = ", ".join(sorted(set(allowed.values())))
                self.notice(child, f"unknown field `{key}`; it was not used (known here: {known})")
                continue
            if canon in out:
                self.notice(child, f"`{key}` repeats `{canon}`; the first one was used")
                continue
            if item is None:
                continue  # an empty field is the same as no field
            out[canon] = (item, child)
        return out

    def text(self, value: Any, path: Path, scan: bool = True) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(path, f"expected text, found {_kind(value)}")
        text = str(value).strip()
        if scan and text:
            self.texts.append((text, path))
        return text

    def texts_list(self, value: Any, path: Path, scan: bool = True) -> list[tuple[str, Path]]:
        """A list of strings, or one string (comma-separated words become items)."""
        if isinstance(value, str):
            return [(self.text(value, path, scan), path)]
        if not isinstance(value, list):
            raise self.error(path, f"expected a list, found {_kind(value)}")
        return [(self.text(item, (*path, i), scan), (*path, i)) for i, item in enumerate(value) if item is not None]

    def words(self, value: Any, path: Path) -> list[tuple[str, Path]]:
        """A list of short names (regions, compliance, environments): a list or "a, b and c"."""
        if isinstance(value, str):
            parts = re.split(r"\s*(?:,|;|\band\b|&|\+)\s*", value.strip())
            return [(p, path) for p in parts if p]
        if not isinstance(value, list):
            raise self.error(path, f"expected a list, found {_kind(value)}")
        out = []
        for i, item in enumerate(value):
            if item is None:
                continue
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise self.error((*path, i), f"expected a name, found {_kind(item)}")
            out.append((str(item).strip(), (*path, i)))
        return out

    def integer(self, value: Any, path: Path, what: str, low: int = 0) -> int:
        n = _count(value)
        if n is None or n < low:
            raise self.error(path, f"expected {what} (a whole number{' ≥ ' + str(low) if low else ''}, "
                                   f"such as 3, 10k or 1.5M), found {_show(value)}")
        return n

    def boolean(self, value: Any, path: Path) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
            return value.strip().lower() in ("yes", "true")
        raise self.error(path, f"expected true or false, found {_show(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    return f"a value of type {type(value).__name__}"


def _show(value: Any) -> str:
    text = str(value)
    text = text if len(text) <= 40 else text[:37] + "…"
    return repr(text) if isinstance(value, str) else text


_COUNT_RE = re.compile(r"^\s*(\d[\d,_]*(?:\.\d+)?)\s*(k|m|million|thousand|b|billion)?\s*(?:users?)?\s*$",
                       re.IGNORECASE)
_MULT = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000, "b": 10**9, "billion": 10**9}


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        if value.strip().lower() in _NUMBER_WORDS:
            return _NUMBER_WORDS[value.strip().lower()]
        m = _COUNT_RE.match(value)
        if m and len(m.group(1)) <= 20:
            number = float(m.group(1).replace(",", "").replace("_", ""))
            number *= _MULT.get((m.group(2) or "").lower(), 1)
            if number.is_integer() or m.group(2):
                return int(number)
    return None


_MONEY_RE = re.compile(
    r"^\s*(?:(usd|us\$|\$|eur|€)\s*)?(\d[\d,]*(?:\.\d{1,2})?)\s*(k)?\s*(usd|dollars?|\$|eur|euros?|€)?\s*"
    r"(?:(?:/|per|a|an|each)\s*(month|mo|year|yr|annum)|(monthly|yearly|annually))?\s*$",
    re.IGNORECASE,
)


def _money(value: Any) -> tuple[float, bool] | None:
    """(USD per month, was in euros) for a budget as written; ``None`` when it does not read."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (float(value), False) if value >= 0 else None
    if not isinstance(value, str):
        return None
    m = _MONEY_RE.match(value)
    if not m or len(m.group(2)) > 15:
        return None
    amount = float(m.group(2).replace(",", "")) * (1000 if m.group(3) else 1)
    period = (m.group(5) or m.group(6) or "month").lower()
    if period in ("year", "yr", "annum", "yearly", "annually"):
        amount /= 12
    euros = any(c and c.lower().startswith(("eur", "€")) for c in (m.group(1), m.group(4)))
    return round(amount, 2), euros


# --------------------------------------------------------------------------------------------
# The three shapes

_APPLICATION = {"name": "name", "framework": "framework", "kind": "kind", "type": "kind",
                "description": "description", "requirements": "requirements", "services": "services",
                "databases": "databases", "health_path": "health_path", "health_check_path": "health_path",
                "secrets": "secrets", "language": "framework", "runtime": "framework"}
_CONSTRAINTS = {"budget": "budget", "budget_per_month": "budget", "monthly_budget": "budget",
                "regions": "regions", "region": "regions", "compliance": "compliance",
                "environments": "environments", "team_size": "team_size", "ops_team": "ops_team",
                "expected_users": "expected_users", "users": "expected_users",
                "availability": "availability", "latency": "latency", "latency_p95_ms": "latency"}
_TASK = {"type": "type", "description": "description", "application": "application",
         "constraints": "constraints", "name": "name"}
_TRD = {"title": "title", "name": "name", "summary": "description", "description": "description",
        "requirements": "requirements", "architecture": "architecture", "constraints": "constraints"}
_TRD_REQUIREMENTS = {"functional": "functional", "non_functional": "non_functional", "nonfunctional": "non_functional"}
_ARCHITECTURE = {"services": "services", "databases": "databases", "datastores": "databases",
                 "framework": "framework", "health_path": "health_path", "secrets": "secrets"}
_DESCRIPTION = {**_CONSTRAINTS, "name": "name", "application": "kind", "application_kind": "kind",
                "kind": "kind", "type": "kind", "framework": "framework", "language": "framework",
                "description": "description", "requirements": "requirements", "services": "services",
                "databases": "databases", "health_path": "health_path", "secrets": "secrets"}
_SERVICE = {"name": "name", "kind": "kind", "type": "kind", "role": "kind", "framework": "framework",
            "language": "framework", "runtime": "framework", "databases": "databases", "database": "databases",
            "datastores": "databases", "count": "count", "replicas": "count", "description": "description",
            "requirements": "requirements", "public": "public"}
_WORKER_WORDS = re.compile(r"\b(?:worker|job|jobs|queue|consumer|cron|scheduler|batch|background)\b", re.IGNORECASE)


def load(path: str) -> Requirements:
    """Read and normalise ``path``; raises :class:`InputError`."""
    return from_doc(read_file(path))


def from_doc(doc: _Doc) -> Requirements:
    r = _Reader(doc)
    data = doc.data
    if not isinstance(data, dict):
        raise r.error((), f"expected a mapping at the top level (task:, trd: or a description), found {_kind(data)}")
    keys = {_norm_key(k): k for k in data}
    if "task" in keys and "trd" in keys:
        raise r.error((keys["trd"],), "the file has both `task` and `trd`; give one requirements shape per file")
    req = Requirements(path=doc.path, shape="description")
    fields: dict[str, tuple[Any, Path]]
    if "task" in keys or "trd" in keys:
        top = keys.get("task") or keys["trd"]
        for other in data:
            if other != top:
                r.notice((other,), f"unknown field `{other}` next to `{top}`; it was not used")
        req.shape = "task" if top == keys.get("task") else "trd"
        fields = _read_task(r, req, data[top], (top,)) if req.shape == "task" else _read_trd(r, req, data[top], (top,))
    else:
        fields = r.mapping(data, (), _DESCRIPTION)
        if not fields:
            raise r.error((), "no known field: write `task:`, `trd:` or a plain description "
                              "(application, team_size, budget_per_month, expected_users, compliance, regions)")
        _read_common(r, req, fields)
    _scan_texts(r, req)
    _finish(r, req)
    req.notices = r.notices
    return req


def _read_task(r: _Reader, req: Requirements, value: Any, path: Path) -> dict[str, tuple[Any, Path]]:
    task = r.mapping(value, path, _TASK)
    if "type" in task:
        req.task_type = r.text(*task["type"], scan=False)
    if "name" in task:
        _set_name(r, req, *task["name"])
    if "description" in task:
        r.text(*task["description"])
    fields: dict[str, tuple[Any, Path]] = {}
    if "application" in task:
        fields.update(r.mapping(*task["application"], _APPLICATION))
    if "constraints" in task:
        fields.update(r.mapping(*task["constraints"], _CONSTRAINTS))
    _read_common(r, req, fields)
    return fields


def _read_trd(r: _Reader, req: Requirements, value: Any, path: Path) -> dict[str, tuple[Any, Path]]:
    trd = r.mapping(value, path, _TRD)
    fields: dict[str, tuple[Any, Path]] = {}
    if "title" in trd:
        title = r.text(*trd["title"])
        req.sources["title"] = dotted(trd["title"][1])
        if "name" not in trd:
            _set_name(r, req, title, trd["title"][1], quiet=True)
    if "name" in trd:
        _set_name(r, req, *trd["name"])
    if "description" in trd:
        r.text(*trd["description"])
    if "requirements" in trd:
        reqs = r.mapping(*trd["requirements"], _TRD_REQUIREMENTS)
        if "functional" in reqs:
            r.texts_list(*reqs["functional"])
        if "non_functional" in reqs:
            value, at = reqs["non_functional"]
            if isinstance(value, dict):
                fields.update(r.mapping(value, at, _CONSTRAINTS))
            else:
                r.texts_list(value, at)
    if "architecture" in trd:
        fields.update(r.mapping(*trd["architecture"], _ARCHITECTURE))
    if "constraints" in trd:
        for key, item in r.mapping(*trd["constraints"], _CONSTRAINTS).items():
            fields.setdefault(key, item)
    _read_common(r, req, fields)
    return fields


def _set_name(r: _Reader, req: Requirements, value: Any, path: Path, quiet: bool = False) -> None:
    text = r.text(value, path, scan=False)
    name = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "-", text.lower())).strip("-")[:40].strip("-")
    if not name:
        if not quiet:
            r.notice(path, f"`{text}` has no letters or digits to make an app name of; `app` was used")
        return
    req.name = name
    req.sources["name"] = dotted(path)


def _read_common(r: _Reader, req: Requirements, f: dict[str, tuple[Any, Path]]) -> None:
    if "name" in f:
        _set_name(r, req, *f["name"])
    if "kind" in f:
        req.kind = r.text(*f["kind"])
        req.sources["kind"] = dotted(f["kind"][1])
    if "framework" in f:
        req.framework = r.text(*f["framework"])
        req.sources["framework"] = dotted(f["framework"][1])
    if "description" in f:
        r.text(*f["description"])
    if "requirements" in f:
        r.texts_list(*f["requirements"])
    if "databases" in f:
        for name, at in r.words(*f["databases"]):
            _add_datastore(r, req, name, at)
    if "services" in f:
        _read_services(r, req, *f["services"])
    if "budget" in f:
        value, at = f["budget"]
        money = _money(value)
        if money is None:
            raise r.error(at, f"expected a monthly budget such as 200, \"$200/month\" or \"$2k per month\", "
                              f"found {_show(value)}")
        req.budget, euros = money
        req.sources["budget"] = dotted(at)
        if euros:
            r.notice(at, "the budget is in euros; it was compared with USD prices as if 1 EUR = 1 USD")
    if "regions" in f:
        _read_regions(r, req, *f["regions"])
    if "compliance" in f:
        for name, at in r.words(*f["compliance"]):
            _add_compliance(r, req, name, at)
    if "environments" in f:
        _read_environments(r, req, *f["environments"])
    if "team_size" in f:
        req.team_size = r.integer(*f["team_size"], "a team size", low=1)
        req.sources["team_size"] = dotted(f["team_size"][1])
    if "ops_team" in f:
        req.ops_team = r.boolean(*f["ops_team"])
        req.sources["ops_team"] = dotted(f["ops_team"][1])
    if "expected_users" in f:
        req.expected_users = r.integer(*f["expected_users"], "a number of users")
        req.sources["expected_users"] = dotted(f["expected_users"][1])
    if "availability" in f:
        value, at = f["availability"]
        m = re.fullmatch(r"\s*(\d{1,3}(?:\.\d{1,4})?)\s*%?\s*", str(value)) if not isinstance(value, bool) else None
        pct = float(m.group(1)) if m else -1.0
        if not 0 < pct <= 100:
            raise r.error(at, f"expected an availability target such as 99.9 or \"99.95%\", found {_show(value)}")
        req.availability = pct
        req.sources["availability"] = dotted(at)
    if "latency" in f:
        value, at = f["latency"]
        ms = value if isinstance(value, int) and not isinstance(value, bool) else None
        if ms is None and isinstance(value, str):
            m = re.search(r"(\d{1,5})\s*ms\b", value) or re.fullmatch(r"\s*(\d{1,5})\s*", value)
            ms = int(m.group(1)) if m else None
        if ms is None or ms <= 0:
            raise r.error(at, f"expected a p95 latency target in milliseconds such as 200 or \"p95 < 200ms\", "
                              f"found {_show(value)}")
        req.latency_p95_ms = ms
        req.sources["latency_p95_ms"] = dotted(at)
    if "health_path" in f:
        value, at = f["health_path"]
        text = r.text(value, at, scan=False)
        if not re.fullmatch(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,200}", text):
            raise r.error(at, f"expected a URL path starting with /, such as /health, found {_show(value)}")
        req.health_path = text
        req.sources["health_path"] = dotted(at)
    if "secrets" in f:
        for name, at in r.words(*f["secrets"]):
            if not _SECRET_NAME.match(name):
                from flylint.fly.secrets import redact

                raise r.error(at, f"expected a secret's NAME (upper case letters, digits, _), found a value "
                                  f"{redact(name)}; write names only, never a secret's value")
            req.secrets[name] = f"named in {dotted(at)}"


def _read_services(r: _Reader, req: Requirements, value: Any, path: Path) -> None:
    if isinstance(value, int | str) and not isinstance(value, bool) and _count(value) is not None:
        n = r.integer(value, path, "a number of services", low=1)
        req.services.append(Service(name=req.name, count=n, source=dotted(path)))
        return
    if not isinstance(value, list):
        raise r.error(path, f"expected a list of services or a number, found {_kind(value)}")
    for i, item in enumerate(value):
        at = (*path, i)
        if item is None:
            continue
        if isinstance(item, str):
            name = r.text(item, at)
            kind = "worker" if _WORKER_WORDS.search(name) else "web"
            req.services.append(Service(name=_slug(name, f"service-{i + 1}"), kind=kind, source=dotted(at)))
            continue
        s = r.mapping(item, at, _SERVICE)
        name = _slug(r.text(*s["name"]), f"service-{i + 1}") if "name" in s else f"service-{i + 1}"
        svc = Service(name=name, source=dotted(at))
        if "kind" in s:
            svc.kind = "worker" if _WORKER_WORDS.search(r.text(*s["kind"])) else "web"
        elif _WORKER_WORDS.search(name.replace("-", " ")):
            svc.kind = "worker"
        if "public" in s and not r.boolean(*s["public"]):
            svc.kind = "worker" if svc.kind == "worker" else "private"
        if "framework" in s:
            svc.framework = r.text(*s["framework"])
        if "count" in s:
            svc.count = r.integer(*s["count"], "a number of instances of this service", low=1)
        if "description" in s:
            r.text(*s["description"])
        if "requirements" in s:
            r.texts_list(*s["requirements"])
        if "databases" in s:
            for db, db_at in r.words(*s["databases"]):
                canon = _add_datastore(r, req, db, db_at)
                if canon and canon not in svc.databases:
                    svc.databases.append(canon)
        req.services.append(svc)


def _slug(text: str, fallback: str) -> str:
    name = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "-", text.lower())).strip("-")[:30].strip("-")
    return name or fallback


def _add_datastore(r: _Reader, req: Requirements, name: str, at: Path) -> str | None:
    for fact, value, pattern in _keyword_res():
        if fact in ("datastore", "self_run", "aws", "gcp", "azure") and pattern.fullmatch(name.strip()):
            _record_fact(req, fact, value, dotted(at))
            return value if fact == "datastore" else None
    # a database named by words ("PostgreSQL 16 with PostGIS"): scan it as text
    before = dict(req.datastores)
    _scan_one(req, name, at, r)
    added = [k for k in req.datastores if k not in before]
    if added:
        return added[0]
    r.notice(at, f"database `{name}` is not one flylint knows (postgres, mysql, redis, mongodb, sqlite, "
                 "object-storage, kafka, elasticsearch …); it was not sized or priced")
    return None


def _read_regions(r: _Reader, req: Requirements, value: Any, path: Path) -> None:
    from flylint.fly.schema import REGIONS, RETIRED_REGIONS

    cities = {city.split(",")[0].lower(): code for code, city in REGIONS.items()}
    for word, at in r.words(value, path):
        key = word.strip().lower()
        if key in ("global", "worldwide", "world-wide", "everywhere"):
            req.global_latency = True
            req.sources.setdefault("global_latency", dotted(at))
            continue
        code = key if key in REGIONS else RETIRED_REGIONS.get(key) or PLACES.get(key) or cities.get(key)
        if code is None:
            r.notice(at, f"region `{word}` is not a Fly.io region code (iad, lhr, syd …) or a place flylint "
                         "knows; it was not used")
            continue
        if key in RETIRED_REGIONS:
            r.notice(at, f"region `{word}` has been retired by Fly.io; {code} ({REGIONS[code]}) was used instead")
        if code not in req.regions:
            req.regions.append(code)
    req.sources["regions"] = dotted(path)


def _add_compliance(r: _Reader, req: Requirements, name: str, at: Path) -> None:
    m = _COMPLIANCE_RE.fullmatch(re.sub(r"(?i)\s+type\s+(?:i|ii|1|2)$", "", name.strip()))
    if m is None:
        r.notice(at, f"compliance need `{name}` is not in flylint's table ({', '.join(COMPLIANCE.values())}); "
                     "check it with each platform yourself")
        return
    req.compliance.setdefault(list(COMPLIANCE)[(m.lastindex or 1) - 1], dotted(at))


def _read_environments(r: _Reader, req: Requirements, value: Any, path: Path) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= 3:
            raise r.error(path, f"expected 1 to 3 environments (or a list of names), found {value}")
        req.environments = list(_ENV_DEFAULTS[value])
    else:
        names: list[str] = []
        for word, at in r.words(value, path):
            key = word.strip().lower()
            canon = _ENV_NAMES.get(key) or (key if re.fullmatch(r"[a-z][a-z0-9]{0,15}", key) else None)
            if canon is None:
                raise r.error(at, f"expected an environment name such as dev, staging or production, "
                                  f"found {_show(word)}")
            if canon not in names:
                names.append(canon)
        req.environments = names
    req.environments_given = True
    req.sources["environments"] = dotted(path)


# --------------------------------------------------------------------------------------------
# Free text


def _keyword_res() -> list[tuple[str, str, re.Pattern[str]]]:
    if not _KEYWORD_RES:
        for fact, value, pattern in KEYWORDS:
            _KEYWORD_RES.append((fact, value, re.compile(rf"(?<![\w/-])(?:{pattern})(?![\w/-])", re.IGNORECASE)))
    return _KEYWORD_RES


def _record_fact(req: Requirements, fact: str, value: str, source: str) -> None:
    if fact == "datastore":
        req.datastores.setdefault(value, source)
    elif fact == "self_run":
        req.self_run.setdefault(value, source)
    elif fact in ("aws", "gcp", "azure"):
        req.cloud_services.setdefault(value, (fact, source))
    elif fact == "kubernetes":
        req.kubernetes_named = True
        req.sources.setdefault("kubernetes_named", source)
    elif fact == "ops_team":
        if req.ops_team is None:
            req.ops_team = True
            req.sources["ops_team"] = source
    elif fact == "global":
        req.global_latency = True
        req.sources.setdefault("global_latency", source)
    elif fact == "auth":
        req.sources.setdefault("auth", source)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 40) : start]))


def _scan_one(req: Requirements, text: str, path: Path, r: _Reader) -> None:
    source = dotted(path)
    for fact, value, pattern in _keyword_res():
        for m in pattern.finditer(text):
            if _negated(text, m.start()):
                if fact == "ops_team" and req.ops_team is None:
                    req.ops_team = False
                    req.sources["ops_team"] = source
                continue
            if fact == "aws" and value == "an existing AWS account" and req.cloud_services:
                continue  # a named AWS service already says it
            _record_fact(req, fact, value, source)
            break
    for m in _COMPLIANCE_RE.finditer(text):
        if not _negated(text, m.start()):
            req.compliance.setdefault(list(COMPLIANCE)[(m.lastindex or 1) - 1], source)
    for m in _SERVICES_RE.finditer(text):
        n = _count(m.group(1)) or 0
        if n > req.text_service_count:
            req.text_service_count = n
            req.sources["text_service_count"] = source
    for rx in _TEAM_RES:
        team = rx.search(text)
        if team and req.team_size is None:
            req.team_size = _count(team.group(1))
            req.sources["team_size"] = source
    envs = _ENVS_RE.search(text)
    if envs and not req.environments_given:
        n = _count(envs.group(1)) or 0
        if 1 <= n <= 3:
            req.environments = list(_ENV_DEFAULTS[n])
            req.environments_given = True
            req.sources["environments"] = source
    p95 = _P95_RE.search(text)
    if p95 and req.latency_p95_ms is None:
        req.latency_p95_ms = int(p95.group(1))
        req.sources["latency_p95_ms"] = source
    avail = _AVAIL_RE.search(text)
    if avail and req.availability is None:
        pct = float(avail.group(1) or avail.group(2))
        if 90 <= pct <= 100:
            req.availability = pct
            req.sources["availability"] = source


def _scan_texts(r: _Reader, req: Requirements) -> None:
    for text, path in r.texts:
        _scan_one(req, text, path, r)


def _finish(r: _Reader, req: Requirements) -> None:
    """Defaults and derived facts, once every field and text has been read."""
    text_n, text_src = req.text_service_count, req.sources.get("text_service_count", "")
    if req.services:
        req.service_count = sum(s.count for s in req.services)
        req.sources["service_count"] = req.services[0].source.rsplit("[", 1)[0]
    elif text_n:
        req.service_count = text_n
        req.sources["service_count"] = text_src
        req.services = [Service(name=req.name, count=text_n, source=text_src)]
    else:
        req.service_count = 1
        req.services = [Service(name=req.name, framework=req.framework, source="")]
    if req.framework:
        for s in req.services:
            s.framework = s.framework or req.framework
    if not any(s.databases for s in req.services):  # no service says which: every web service uses them
        for s in req.services:
            if s.kind != "worker":
                s.databases = [d for d in req.datastores if d != "object-storage"]
    if not req.regions:
        if req.global_latency:
            req.regions = list(GLOBAL_REGIONS)
            req.regions_assumed = True
        else:
            req.regions = ["iad"]
            req.regions_assumed = True
    elif len(req.regions) > 1 and not req.global_latency:
        req.global_latency = True
        req.sources.setdefault("global_latency", req.sources.get("regions", ""))
    if not req.environments:
        req.environments = ["staging", "production"]
    order = {"dev": 0, "staging": 2, "production": 3}
    req.environments.sort(key=lambda e: order.get(e, 1))
    template = template_for(req.framework)
    if template in _FRAMEWORK_SECRETS:
        name, why = _FRAMEWORK_SECRETS[template]
        req.secrets.setdefault(name, why)
    if "auth" in req.sources and not any("JWT" in s or "SESSION" in s for s in req.secrets):
        req.secrets.setdefault("JWT_SECRET", f"signing key for the authentication named in {req.sources['auth']} "
                                             "(rename to what the code reads)")
    if "postgres" in req.datastores:
        req.secrets.setdefault("DATABASE_URL", "set by `fly mpg attach` (Managed Postgres)")
    if "redis" in req.datastores:
        req.secrets.setdefault("REDIS_URL", "the URL `fly redis create` prints")
