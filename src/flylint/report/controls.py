"""The controls catalogue behind ``flylint report``.

For each framework: the controls flylint can give configuration evidence for (``automated``)
and the ones a person has to check (``manual``), with titles and guidance in our own words.
Framework identifiers and versions follow ``shared/reference/ecosystem.md`` §d.

Which rules give evidence for a control is *not* written here: it comes from the rules'
``controls=(...)`` metadata (see :func:`rules_for`). Every id a rule uses must name an
automated control of this catalogue, and every automated control must have at least one rule;
``tests/test_report.py`` enforces both.

Mapping strength (shown in the report): ``direct`` where the control asks for exactly what the
rules check (ecosystem.md §d lists these as exact matches), ``supporting`` where configuration
is one piece of evidence towards a broader objective.
"""

from __future__ import annotations

from typing import Any

from flylint.base.records import record

AUTOMATED = "automated"
MANUAL = "manual"
DIRECT = "direct"
SUPPORTING = "supporting"


@record(frozen=True)
class Control:
    id: str  # as rules spell it: "SOC2-CC6.7", "PCI-DSS-8.6.2", "HIPAA-164.312(e)(1)"
    ref: str  # as the framework spells it: "CC6.7", "8.6.2", "§164.312(e)(1)"
    title: str
    section: str
    kind: str  # AUTOMATED | MANUAL
    guidance: str  # automated: what the evidence covers; manual: what to check by hand
    strength: str | None = None  # DIRECT | SUPPORTING for automated controls


@record(frozen=True)
class Framework:
    key: str  # the --framework value
    prefix: str  # prefix of its control ids
    name: str
    version: str
    source: str
    scope: str  # what the framework covers and how to read the report for it
    controls: tuple[Control, ...]

    def control(self, control_id: str) -> Control | None:
        return next((c for c in self.controls if c.id == control_id), None)


def _auto(cid: str, ref: str, title: str, section: str, strength: str, guidance: str) -> Control:
    return Control(cid, ref, title, section, AUTOMATED, guidance, strength)


def _manual(cid: str, ref: str, title: str, section: str, guidance: str) -> Control:
    return Control(cid, ref, title, section, MANUAL, guidance, None)


# -- SOC 2 ---------------------------------------------------------------------------------
_CC6 = "CC6 Logical and physical access"
_CC7 = "CC7 System operations"
_CC8 = "CC8 Change management"
_CC9 = "CC9 Risk mitigation"
_A1 = "A1 Availability"

SOC2 = Framework(
    key="soc2",
    prefix="SOC2-",
    name="SOC 2",
    version="AICPA Trust Services Criteria (2017), points of focus revised 2022",
    source="AICPA TSP section 100; criterion wording as reproduced in prowler's soc2_aws.json",
    scope="Covers the Security (common criteria) and Availability categories for the parts of the "
          "system described by the scanned files. Configuration is supporting evidence only: "
          "every criterion also needs policies, people and operating evidence over a period.",
    controls=(
        _auto("SOC2-CC6.1", "CC6.1", "Logical access security over credentials and sensitive files", _CC6,
              SUPPORTING,
              "No credentials written into fly.toml, Dockerfiles, deploy scripts or workflows; secrets "
              "reach the app through `fly secrets` or build secrets; .dockerignore keeps .env files and "
              ".git out of the image; the container does not run as root."),
        _auto("SOC2-CC6.3", "CC6.3", "Least privilege", _CC6, SUPPORTING,
              "The container runs as a non-root user without sudo, and deploy workflows grant the "
              "GITHUB_TOKEN only the permissions the job needs."),
        _auto("SOC2-CC6.6", "CC6.6", "Boundary protection against threats from outside", _CC6, SUPPORTING,
              "Database, cache, metrics and admin ports are not published through the Fly proxy, and "
              "the image runs no SSH server (`fly ssh console` is the way in)."),
        _auto("SOC2-CC6.7", "CC6.7", "Protection of data in transit", _CC6, SUPPORTING,
              "Plain HTTP is redirected to HTTPS, only TLS 1.2 and 1.3 are offered, and certificate "
              "checks are not switched off in builds, scripts or health checks."),
        _auto("SOC2-CC6.8", "CC6.8", "Prevention of unauthorised or malicious software", _CC6, SUPPORTING,
              "Third-party code that runs in builds and deploys (base images, GitHub actions, remote "
              "install scripts) is pinned or verified, and package signature checks stay on."),
        _auto("SOC2-CC7.2", "CC7.2", "Monitoring of system components for anomalies", _CC7, SUPPORTING,
              "Every service has health checks in fly.toml, with timeouts short enough to notice a "
              "failed Machine."),
        _auto("SOC2-CC8.1", "CC8.1", "Controlled changes to infrastructure and software", _CC8, SUPPORTING,
              "fly.toml says what flyctl will actually deploy (no unknown, misplaced or mistyped "
              "settings), builds are reproducible, deploy scripts stop on the first error, and deploy "
              "workflows cannot be started by untrusted code."),
        _auto("SOC2-A1.1", "A1.1", "Capacity management", _A1, SUPPORTING,
              "Production keeps Machines running or able to start on demand, and concurrency limits "
              "are consistent."),
        _auto("SOC2-A1.2", "A1.2", "Recovery infrastructure", _A1, SUPPORTING,
              "Health checks, restart and deploy settings let Fly.io replace failing Machines; volumes "
              "have a redundant copy and valid snapshot settings; regions are usable."),
        _manual("SOC2-CC7.1", "CC7.1", "Detection of vulnerabilities and configuration changes", _CC7,
                "Scan built images for known vulnerabilities and rebuild them on a schedule; flylint sees "
                "how an image is built, not what ends up in it."),
        _manual("SOC2-CC7.3", "CC7.3", "Evaluation of security events", _CC7,
                "Ship the app's logs out of Fly.io (for example with fly-log-shipper) to a store where "
                "alerts are raised and someone reviews them."),
        _manual("SOC2-CC7.5", "CC7.5", "Recovery from identified incidents", _CC7,
                "Keep an incident runbook that covers restoring volumes from snapshots and databases "
                "from backups."),
        _manual("SOC2-CC9.2", "CC9.2", "Vendor and business partner risk", _CC9,
                "Fly.io (and any other hosting vendor) is assessed as a vendor: keep its current "
                "compliance reports and your agreement with it on file and review them yearly."),
        _manual("SOC2-A1.3", "A1.3", "Testing of recovery plan procedures", _A1,
                "Test the recovery plan, for example by restoring a volume snapshot into a new app, and "
                "record the result."),
    ),
)

# -- PCI DSS -------------------------------------------------------------------------------
_R1 = "Req. 1 Network security controls"
_R2 = "Req. 2 Secure configurations"
_R4 = "Req. 4 Cryptography over open networks"
_R6 = "Req. 6 Secure systems and software"
_R7 = "Req. 7 Access by business need to know"
_R8 = "Req. 8 Identification and authentication"
_R10 = "Req. 10 Logging and monitoring"
_R11 = "Req. 11 Security testing"
_R12 = "Req. 12 Policies and programs"

PCI_DSS = Framework(
    key="pci-dss",
    prefix="PCI-DSS-",
    name="PCI DSS",
    version="v4.0.1",
    source="PCI Security Standards Council, PCI DSS v4.0.1 (June 2024); requirement numbers as in "
           "ComplianceAsCode's pcidss_4 control file",
    scope="Applies only to system components in, or connected to, the cardholder data environment "
          "(CDE). Requirement 4.2.1 concerns cardholder data sent over open, public networks.",
    controls=(
        _auto("PCI-DSS-1.3.1", "1.3.1", "Inbound traffic to the CDE is restricted", _R1, SUPPORTING,
              "Only the application's own ports are public; databases, caches, metrics and admin "
              "endpoints stay on the private network (`.internal` names or Flycast)."),
        _auto("PCI-DSS-1.4.2", "1.4.2", "Inbound traffic from untrusted networks is limited", _R1, SUPPORTING,
              "Services published through the Fly proxy answer on the application's ports only."),
        _auto("PCI-DSS-2.2.4", "2.2.4", "Only necessary services, protocols and daemons are enabled", _R2,
              SUPPORTING,
              "The image installs and starts no SSH server; remote access goes through `fly ssh console`."),
        _auto("PCI-DSS-2.2.6", "2.2.6", "Security parameters are set to prevent misuse", _R2, SUPPORTING,
              "Static file serving does not publish the application directory (source, configuration, "
              ".env files)."),
        _auto("PCI-DSS-4.2.1", "4.2.1", "Strong cryptography for data over open, public networks", _R4,
              SUPPORTING,
              "HTTPS is enforced, only TLS 1.2 and 1.3 are offered, and certificate verification is not "
              "disabled anywhere in the build or deploy path."),
        _auto("PCI-DSS-6.5.1", "6.5.1", "Changes to production follow a defined procedure", _R6, SUPPORTING,
              "Deploy scripts run in strict mode, so a failing step stops the deploy instead of "
              "carrying on."),
        _auto("PCI-DSS-7.2.5", "7.2.5", "Application and system accounts have least privilege", _R7,
              SUPPORTING,
              "The app runs as a non-root user, and the CI token behind the deploy workflow has only the "
              "permissions the job needs."),
        _auto("PCI-DSS-8.3.2", "8.3.2", "Authentication factors are unreadable in storage and transit", _R8,
              SUPPORTING,
              "No password, key or token is stored in clear text in the repository's configuration, "
              "Dockerfiles or scripts."),
        _auto("PCI-DSS-8.6.2", "8.6.2", "No hard-coded passwords for application and system accounts", _R8,
              DIRECT,
              "No credentials written into fly.toml, Dockerfiles, deploy scripts or workflow files."),
        _auto("PCI-DSS-8.6.3", "8.6.3", "Application and system account credentials are protected from misuse",
              _R8, SUPPORTING,
              "Tokens come from secret stores, are never printed or passed on command lines, and secret "
              "files and build arguments do not end up in image layers."),
        _manual("PCI-DSS-6.3.3", "6.3.3", "Security patches are installed promptly", _R6,
                "Rebuild and redeploy images when their base image or packages get security fixes; "
                "critical ones within one month of release."),
        _manual("PCI-DSS-10.2.1", "10.2.1", "Audit logs are enabled and active", _R10,
                "Ship application and platform logs from Fly.io to a log store that keeps audit events."),
        _manual("PCI-DSS-10.5.1", "10.5.1", "Audit log history is kept for at least 12 months", _R10,
                "Check the retention of the log store the logs are shipped to (Fly.io's own log view "
                "is short-lived)."),
        _manual("PCI-DSS-11.3.1", "11.3.1", "Internal vulnerability scans are run regularly", _R11,
                "Scan images and running apps at least every three months and after significant changes."),
        _manual("PCI-DSS-12.8", "12.8", "Third-party service providers are managed", _R12,
                "Record Fly.io as a third-party service provider, keep its attestation on file and agree "
                "which requirements each party is responsible for."),
    ),
)

# -- HIPAA ---------------------------------------------------------------------------------
_ADMIN = "§164.308 Administrative safeguards"
_TECH = "§164.312 Technical safeguards"

HIPAA = Framework(
    key="hipaa",
    prefix="HIPAA-",
    name="HIPAA Security Rule",
    version="45 CFR Part 164, Subpart C",
    source="45 CFR §164.308 and §164.312 (govinfo / GPO text); Required/Addressable markings from "
           "Appendix A to Subpart C",
    scope="Applies to systems that create, receive, keep or send electronic protected health "
          "information (ePHI). An addressable (A) specification is not optional: document whether "
          "and how it is met.",
    controls=(
        _auto("HIPAA-164.312(a)(1)", "§164.312(a)(1)", "Access control", _TECH, SUPPORTING,
              "Credentials are kept out of files and images, the app does not run as root, and "
              "internal ports are not public."),
        _auto("HIPAA-164.312(e)(1)", "§164.312(e)(1)", "Transmission security", _TECH, DIRECT,
              "HTTPS is enforced and only TLS 1.2 and 1.3 are offered."),
        _auto("HIPAA-164.308(a)(7)(i)", "§164.308(a)(7)(i)", "Contingency plan", _ADMIN, SUPPORTING,
              "Every service has health checks, so Fly.io can take failing Machines out of rotation."),
        _auto("HIPAA-164.308(a)(7)(ii)(A)", "§164.308(a)(7)(ii)(A)", "Data backup plan (Required)", _ADMIN,
              SUPPORTING,
              "Volumes that hold data have a redundant copy; snapshots alone are a daily backup."),
        _manual("HIPAA-164.312(a)(2)(iv)", "§164.312(a)(2)(iv)", "Encryption and decryption (Addressable)",
                _TECH,
                "Confirm that volumes, databases and backups holding ePHI are encrypted at rest, and "
                "document the decision."),
        _manual("HIPAA-164.312(b)", "§164.312(b)", "Audit controls", _TECH,
                "Record and examine activity in the systems that hold ePHI: ship logs out of Fly.io to "
                "a store with access logging and retention."),
        _manual("HIPAA-164.308(a)(1)(ii)(D)", "§164.308(a)(1)(ii)(D)",
                "Information system activity review (Required)", _ADMIN,
                "Review audit logs, access reports and security incident reports on a schedule."),
        _manual("HIPAA-164.308(a)(7)(ii)(B)", "§164.308(a)(7)(ii)(B)", "Disaster recovery plan (Required)",
                _ADMIN,
                "Write down how to restore data and service (snapshots, backups, another region) and "
                "who does it."),
        _manual("HIPAA-164.308(b)(1)", "§164.308(b)(1)", "Business associate contracts", _ADMIN,
                "Sign a business associate agreement (BAA) with Fly.io and with every other vendor that "
                "handles ePHI."),
    ),
)

# -- GDPR ----------------------------------------------------------------------------------
_ART32 = "Art. 32 Security of processing"
_CH4 = "Chapter IV Controller and processor"
_CH5 = "Chapter V Transfers"

GDPR = Framework(
    key="gdpr",
    prefix="GDPR-",
    name="GDPR",
    version="Regulation (EU) 2016/679",
    source="EUR-Lex CELEX 32016R0679",
    scope="Applies to processing of personal data. Art. 32 asks for measures appropriate to the "
          "risk; configuration evidence shows some technical measures, never the assessment itself.",
    controls=(
        _auto("GDPR-32(1)(a)", "Art. 32(1)(a)", "Encryption of personal data in transit", _ART32, DIRECT,
              "HTTPS is enforced and only TLS 1.2 and 1.3 are offered."),
        _auto("GDPR-32(1)(b)", "Art. 32(1)(b)", "Ongoing confidentiality, integrity and resilience", _ART32,
              SUPPORTING,
              "Credentials are not written into files, secret files stay out of images, internal ports "
              "and application files are not published."),
        _auto("GDPR-32(1)(c)", "Art. 32(1)(c)", "Timely restoration of availability and access to data",
              _ART32, DIRECT,
              "Volumes that hold data have a redundant copy to restore from."),
        _manual("GDPR-32(1)(d)", "Art. 32(1)(d)", "Regular testing of security measures", _ART32,
                "Test and review the measures regularly (restore drills, scans, access reviews) and keep "
                "the results."),
        _manual("GDPR-28", "Art. 28", "Processor agreement with the hosting provider", _CH4,
                "Have a data processing agreement with Fly.io and list it among your processors."),
        _manual("GDPR-33", "Art. 33", "Personal data breach notification", _CH4,
                "Have a procedure to notify the supervisory authority within 72 hours of becoming aware "
                "of a breach."),
        _manual("GDPR-44", "Arts. 44-46", "Transfers of personal data to third countries", _CH5,
                "Check where Machines, volumes and backups run (fly.toml `primary_region`, deploy "
                "`--region` flags) against where personal data may go; region pinning is evidence, "
                "not a transfer mechanism."),
    ),
)

# -- CIS Docker Benchmark ------------------------------------------------------------------
_CIS4 = "4 Container Images and Build File"

CIS_DOCKER = Framework(
    key="cis-docker",
    prefix="CIS-",
    name="CIS Docker Benchmark",
    version="v1.6.0, section 4",
    source="CIS Docker Benchmark v1.6.0; titles as implemented by docker-bench-security and trivy's "
           "docker-cis-1.6.0 spec",
    scope="Section 4 (container images and build files) only: the sections on the host, the Docker "
          "daemon and the container runtime do not apply to Fly Machines.",
    controls=(
        _auto("CIS-4.1", "4.1", "The image runs as a non-root user", _CIS4, DIRECT,
              "The stage Fly.io runs sets a non-root USER, and RUN steps do not use sudo."),
        _auto("CIS-4.2", "4.2", "Base images come from trusted, pinned sources", _CIS4, SUPPORTING,
              "FROM names a version tag (or digest), never `:latest` or no tag."),
        _auto("CIS-4.3", "4.3", "No unnecessary packages in the image", _CIS4, DIRECT,
              "Packages are installed without recommended extras, package caches are cleaned, build "
              "tools stay in a build stage, and node_modules stays out of the build context."),
        _manual("CIS-4.4", "4.4", "Images are scanned and rebuilt with security patches", _CIS4,
                "Scan images for known vulnerabilities and rebuild them on a schedule; a static check "
                "cannot see the rebuild cadence."),
        _manual("CIS-4.5", "4.5", "Content trust is enabled", _CIS4,
                "Where images are built and pushed outside Fly.io's builders, enable image signing and "
                "verification (for example DOCKER_CONTENT_TRUST=1)."),
        _auto("CIS-4.6", "4.6", "Health checks are defined", _CIS4, DIRECT,
              "On Fly.io the health checks that count are the ones in fly.toml; Machines ignore the "
              "Dockerfile's HEALTHCHECK."),
        _auto("CIS-4.7", "4.7", "Package index updates are not run on their own", _CIS4, DIRECT,
              "`apt-get update` (and the like) runs in the same RUN as the install it prepares."),
        _auto("CIS-4.8", "4.8", "Dangerous file permissions are removed", _CIS4, SUPPORTING,
              "RUN steps do not make files world-writable."),
        _auto("CIS-4.9", "4.9", "COPY is used instead of ADD", _CIS4, DIRECT,
              "ADD is used only where its extra behaviour is needed."),
        _auto("CIS-4.10", "4.10", "Secrets are not stored in Dockerfiles or images", _CIS4, DIRECT,
              "No credentials in ENV, ARG or RUN lines, no secret files copied in, and a .dockerignore "
              "that keeps .env files and .git out of the build context."),
        _auto("CIS-4.11", "4.11", "Only verified packages are installed", _CIS4, SUPPORTING,
              "Package signature and TLS checks stay on, and remote scripts are not piped into a shell."),
        _auto("CIS-4.12", "4.12", "Signed or checksummed artifacts are validated", _CIS4, SUPPORTING,
              "Files downloaded with ADD carry a checksum."),
    ),
)

FRAMEWORKS: dict[str, Framework] = {f.key: f for f in (SOC2, GDPR, HIPAA, PCI_DSS, CIS_DOCKER)}
ALIASES = {"soc-2": "soc2", "pci": "pci-dss", "pcidss": "pci-dss", "cis": "cis-docker"}


def get_framework(name: str) -> Framework | None:
    """The framework for a ``--framework`` value (case-insensitive, ``_`` = ``-``)."""
    key = name.strip().lower().replace("_", "-")
    return FRAMEWORKS.get(ALIASES.get(key, key))


def all_controls() -> dict[str, Control]:
    return {c.id: c for f in FRAMEWORKS.values() for c in f.controls}


def framework_of(control_id: str) -> Framework | None:
    return next((f for f in FRAMEWORKS.values() if f.control(control_id)), None)


def rules_for(framework: Framework, rules: dict[str, Any]) -> dict[str, list[str]]:
    """Control id -> codes of the rules whose ``controls`` metadata names it (catalogue order)."""
    out: dict[str, list[str]] = {c.id: [] for c in framework.controls}
    for code, meta in sorted(rules.items()):
        for cid in meta.controls:
            if cid in out and code not in out[cid]:
                out[cid].append(code)
    return out


def mapping_table(rules: dict[str, Any]) -> str:
    """The catalogue as Markdown tables, one per framework (docs/compliance.md quotes this)."""
    out: list[str] = []
    for fw in FRAMEWORKS.values():
        mapping = rules_for(fw, rules)
        out.append(f"### {fw.name} {fw.version} (`--framework {fw.key}`)")
        out.append("")
        out.append("| Control | Title | Type | Mapping | Rules |")
        out.append("| --- | --- | --- | --- | --- |")
        for c in fw.controls:
            codes = ", ".join(mapping[c.id]) if c.kind == AUTOMATED else "(check by hand)"
            out.append(f"| {c.ref} | {c.title} | {c.kind} | {c.strength or '-'} | {codes} |")
        out.append("")
    return "\n".join(out)
