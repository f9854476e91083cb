"""Deterministic scoring: points per platform, each with the input it came from.

Every platform starts at 0. Each factor below adds or removes points; the platform with the
most points is recommended. Ties go to the simpler platform to operate: Fly.io, then AWS,
then Kubernetes. Confidence comes from the margin between the first and the second platform:
4 points or more is *high*, 2–3 *medium*, 0–1 *low*.

| factor | Fly.io | Kubernetes | AWS |
| --- | --- | --- | --- |
| services ≤ 10 | +2 | | |
| services 11–20 | | +2 | +1 |
| services > 20 | −2 | +3 | +2 |
| AWS-specific managed services (Lambda, DynamoDB, SQS …) | −3 | | +3 (+4 from three) |
| Google Cloud- or Azure-specific services (BigQuery, Cosmos DB …) | −2 | +2 | −1 |
| Kubernetes named in the requirements | | +2 | |
| dedicated ops/platform/SRE team | | +3 | +1 |
| no ops team said | +1 | −1 | |
| team of ≤ 5 | +2 | −2 | |
| team of 6–15 | +1 | | |
| team of > 50 | | +1 | |
| global low latency or more than one region | +2 | −1 | |
| budget ≥ Fly.io estimate | +2 | | |
| budget < Fly.io estimate | −1 | | |
| budget < $300/month (a control plane plus nodes) | | −2 | |
| data services Fly.io does not manage (Kafka, Elasticsearch …), each, at most 2 | −1 | | +1 |
| expected users ≥ 5 million | | +1 | +1 |
| compliance need per platform (table :data:`COMPLIANCE_SUPPORT`) | see table | | |

The table is what flylint's authors knew of each platform's published compliance programmes
in 2025; a "verify" status costs a point and says what to ask.
"""

from __future__ import annotations

from typing import Any

from flylint.base.records import record
from flylint.recommend.inputs import COMPLIANCE, Requirements

PLATFORMS = ("flyio", "kubernetes", "aws")
PLATFORM_NAMES = {"flyio": "Fly.io", "kubernetes": "Kubernetes", "aws": "AWS"}
#: tie-break order: simpler to operate first
_TIE_ORDER = {"flyio": 0, "aws": 1, "kubernetes": 2}

#: need -> platform -> (status, points, note). status: "yes" | "verify" | "no"
COMPLIANCE_SUPPORT: dict[str, dict[str, tuple[str, int, str]]] = {
    "soc2": {
        "flyio": ("yes", 0, "Fly.io has a SOC 2 Type II report (shared with its compliance package)"),
        "kubernetes": ("yes", 0, "the cloud provider's SOC 2 report covers the hosting; your cluster "
                                 "operations are yours to evidence"),
        "aws": ("yes", 0, "AWS publishes SOC 1/2/3 reports (AWS Artifact)"),
    },
    "gdpr": {
        "flyio": ("yes", 0, "EU regions (ams, arn, cdg, fra) and a data processing agreement"),
        "kubernetes": ("yes", 0, "EU regions at every major provider"),
        "aws": ("yes", 0, "EU regions and the AWS GDPR data processing addendum"),
    },
    "ccpa": {
        "flyio": ("yes", 0, "a contractual matter, no platform certification"),
        "kubernetes": ("yes", 0, "a contractual matter, no platform certification"),
        "aws": ("yes", 0, "a contractual matter, no platform certification"),
    },
    "hipaa": {
        "flyio": ("yes", 0, "Fly.io signs a BAA (compliance package)"),
        "kubernetes": ("yes", 0, "EKS, GKE and AKS are covered by their provider's BAA"),
        "aws": ("yes", 0, "AWS signs a BAA for its HIPAA-eligible services"),
    },
    "pci-dss": {
        "flyio": ("verify", -1, "no PCI DSS attestation of Fly.io is known to flylint: ask Fly.io, or keep card "
                                "data out of scope with a hosted payment page (Stripe Checkout, Adyen …)"),
        "kubernetes": ("yes", 0, "the major providers are PCI DSS Level 1 service providers; the cluster is in "
                                 "your scope"),
        "aws": ("yes", 1, "AWS is a PCI DSS Level 1 service provider"),
    },
    "iso27001": {
        "flyio": ("verify", -1, "no ISO 27001 certificate of Fly.io is known to flylint: ask Fly.io"),
        "kubernetes": ("yes", 0, "the major providers are ISO 27001 certified"),
        "aws": ("yes", 0, "AWS is ISO 27001 certified"),
    },
    "fedramp": {
        "flyio": ("no", -4, "Fly.io has no FedRAMP authorisation known to flylint"),
        "kubernetes": ("yes", 1, "EKS (GovCloud), GKE and AKS have FedRAMP authorisations"),
        "aws": ("yes", 3, "AWS GovCloud (US) is FedRAMP High authorised"),
    },
}


@record(frozen=True)
class Reason:
    """Points one factor gives each platform, why, and the input field it came from."""

    factor: str
    points: dict[str, int]
    text: str
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"factor": self.factor, "points": {p: n for p, n in self.points.items() if n},
                               "reason": self.text}
        if self.source:
            out["from"] = self.source
        return out


@record
class Scores:
    totals: dict[str, int]
    reasons: list[Reason]
    platform: str
    runner_up: str
    margin: int

    @property
    def confidence(self) -> str:
        return "high" if self.margin >= 4 else "medium" if self.margin >= 2 else "low"


def _money(x: float) -> str:
    return f"${x:,.0f}" if x >= 100 or float(x).is_integer() else f"${x:,.2f}"


def score(req: Requirements, fly_cost: float | None, eks_baseline: float = 73.0) -> Scores:
    """Score the three platforms for ``req``; ``fly_cost`` is the Fly.io monthly estimate."""
    reasons: list[Reason] = []

    def add(factor: str, text: str, source: str = "", **points: int) -> None:
        reasons.append(Reason(factor, {p: points.get(p, 0) for p in PLATFORMS}, text, source))

    n = req.service_count
    src = req.sources.get("service_count", "")
    plural = "service" if n == 1 else "services"
    if n <= 10:
        add("services", f"{n} {plural}: one Fly app per service stays simple to deploy and operate", src, flyio=2)
    elif n <= 20:
        add("services", f"{n} services: beyond about 10, per-app configs and deploys on Fly.io add up; "
                        "a cluster gives one control plane", src, kubernetes=2, aws=1)
    else:
        add("services", f"{n} services: a system this size wants one control plane, service discovery "
                        "and shared policy (a cluster or an AWS account structure)", src, flyio=-2, kubernetes=3, aws=2)

    by_provider: dict[str, list[tuple[str, str]]] = {}
    for name, (provider, source) in req.cloud_services.items():
        by_provider.setdefault(provider, []).append((name, source))
    if "aws" in by_provider:
        names = [name for name, _ in by_provider["aws"]]
        add("cloud-services", f"needs AWS-specific managed services ({', '.join(names)}); they run only on AWS, "
                              "and calling them from elsewhere adds latency, egress cost and credentials to manage",
            by_provider["aws"][0][1], flyio=-3, aws=4 if len(names) >= 3 else 3)
    for provider, label, where in (("gcp", "Google Cloud", "GKE"), ("azure", "Azure", "AKS")):
        if provider in by_provider:
            names = [name for name, _ in by_provider[provider]]
            add("cloud-services", f"needs {label}-specific services ({', '.join(names)}): a Kubernetes cluster on "
                                  f"{where} runs next to them", by_provider[provider][0][1],
                flyio=-2, kubernetes=2, aws=-1)
    if req.kubernetes_named:
        add("kubernetes-named", "the requirements name Kubernetes (or a managed Kubernetes service)",
            req.sources.get("kubernetes_named", ""), kubernetes=2)

    if req.ops_team is True:
        add("team", "a dedicated ops/platform team can run and upgrade a cluster", req.sources.get("ops_team", ""),
            kubernetes=3, aws=1)
    elif req.ops_team is False:
        add("team", "no ops team: the platform should run the servers", req.sources.get("ops_team", ""),
            flyio=1, kubernetes=-1)
    if req.team_size is not None:
        size_src = req.sources.get("team_size", "")
        if req.team_size <= 5:
            add("team", f"a team of {req.team_size} has no one to spare for cluster operations", size_src,
                flyio=2, kubernetes=-2)
        elif req.team_size <= 15:
            add("team", f"a team of {req.team_size}: a managed platform keeps operations small", size_src, flyio=1)
        elif req.team_size > 50:
            add("team", f"a team of {req.team_size} can staff a platform team", size_src, kubernetes=1)

    if req.global_latency:
        regions = ", ".join(req.regions)
        add("latency", f"users in several regions ({regions}): Fly.io runs Machines in every region from one "
                       "config behind one Anycast address; elsewhere that is one cluster or stack per region",
            req.sources.get("global_latency", ""), flyio=2, kubernetes=-1)

    if req.budget is not None:
        b_src = req.sources.get("budget", "")
        if fly_cost is not None:
            if req.budget >= fly_cost:
                add("budget", f"the Fly.io estimate ({_money(fly_cost)}/month, see estimated_cost) fits the "
                              f"budget of {_money(req.budget)}/month", b_src, flyio=2)
            else:
                add("budget", f"the Fly.io estimate ({_money(fly_cost)}/month) is above the budget of "
                              f"{_money(req.budget)}/month", b_src, flyio=-1)
        if req.budget < 300:
            add("budget", f"a managed Kubernetes control plane (about {_money(eks_baseline)}/month) plus nodes "
                          f"hardly fits {_money(req.budget)}/month", b_src, kubernetes=-2)

    for i, (name, source) in enumerate(sorted(req.self_run.items())):
        if i >= 2:
            break
        add("data-services", f"{name}: Fly.io offers no managed {name}; you would run it yourself on Machines "
                             "with volumes, where AWS has a managed service", source, flyio=-1, aws=1)

    if req.expected_users is not None and req.expected_users >= 5_000_000:
        add("scale", f"{req.expected_users:,} expected users: reserved capacity and a dedicated cloud account "
                     "start to pay off", req.sources.get("expected_users", ""), kubernetes=1, aws=1)

    for need, source in req.compliance.items():
        table = COMPLIANCE_SUPPORT[need]
        details = [f"{PLATFORM_NAMES[p]}: {table[p][2]}" for p in PLATFORMS if table[p][0] != "yes" or table[p][1]]
        text = f"{COMPLIANCE[need]}: " + ("; ".join(details) if details
                                          else f"offered by every platform ({table['flyio'][2]})")
        add("compliance", text, source, **{p: table[p][1] for p in PLATFORMS})

    totals = {p: sum(r.points[p] for r in reasons) for p in PLATFORMS}
    ranked = sorted(PLATFORMS, key=lambda p: (-totals[p], _TIE_ORDER[p]))
    return Scores(totals, reasons, ranked[0], ranked[1], totals[ranked[0]] - totals[ranked[1]])


def compliance_table(req: Requirements) -> list[dict[str, Any]]:
    """Each compliance need with every platform's status and note."""
    out = []
    for need in req.compliance:
        table = COMPLIANCE_SUPPORT[need]
        out.append({"need": COMPLIANCE[need], "from": req.compliance[need],
                    **{p: {"status": table[p][0], "note": table[p][2]} for p in PLATFORMS}})
    return out


#: when each platform wins, for the ``alternatives`` section
WINS_WHEN = {
    "flyio": "few services (up to about 10), a small team without ops staff, users in several regions, "
             "and a modest budget",
    "kubernetes": "more than about 10 services, a dedicated ops or platform team, Kubernetes already in use, "
                  "or services of Google Cloud or Azure to run next to",
    "aws": "AWS-specific managed services (Lambda, DynamoDB, SQS, Kinesis …), compliance programmes Fly.io "
           "does not offer (FedRAMP, PCI DSS attestation), or data services you do not want to run yourself",
}
