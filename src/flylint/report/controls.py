"""The controls catalogue behind ``flylint report``: the one data file for frameworks and controls.

For each framework: the controls flylint can give configuration evidence for (``automated``)
and the ones a person has to check (``manual``), with titles and guidance in our own words.
Framework identifiers and versions follow ``shared/reference/ecosystem.md`` §d.

Every automated control says how well the rules cover it — ``direct`` (the control asks for
what the rules check) or ``partial`` (configuration is one piece of the evidence) — and why, in
one line (``rationale``), which the reports print next to the control.

Which rules give evidence for a control is *not* written here: it comes from the rules'
``controls=(...)`` metadata (see :func:`rules_for`), which ``flylint rule CODE`` and SARIF show
too. Every id a rule uses must name an automated control of this catalogue, and every automated
control must have at least one rule; ``tests/test_report.py`` enforces both.
"""

from __future__ import annotations

from typing import Any

from flylint.base.records import record

AUTOMATED = "automated"
MANUAL = "manual"
DIRECT = "direct"
PARTIAL = "partial"


@record(frozen=True)
class Control:
    id: str  # as rules spell it: "SOC2-CC6.7", "PCI-DSS-8.6.2", "HIPAA-164.312(e)(1)", "REVIEW-S1"
    ref: str  # as the framework spells it: "CC6.7", "8.6.2", "§164.312(e)(1)", "S1"
    title: str
    section: str
    kind: str  # AUTOMATED | MANUAL
    guidance: str  # automated: what the evidence covers; manual: what to check by hand
    strength: str | None = None  # DIRECT | PARTIAL for automated controls
    rationale: str = ""  # automated: one line on why the mapping is direct or only partial
    kinds: tuple[str, ...] = ()  # only evidence from these file kinds counts (empty: all)


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


def _auto(cid: str, ref: str, title: str, section: str, strength: str, rationale: str, guidance: str,
          kinds: tuple[str, ...] = ()) -> Control:
    return Control(cid, ref, title, section, AUTOMATED, guidance, strength, rationale, kinds)


def _manual(cid: str, ref: str, title: str, section: str, guidance: str) -> Control:
    return Control(cid, ref, title, section, MANUAL, guidance)


# -- the deployment review checklist -------------------------------------------------------
_SEC = "Security"
_PERF = "Performance"
_BEST = "Best practices"

REVIEW = Framework(
    key="review",
    prefix="REVIEW-",
    name="Deployment review",
    version="v1",
    source="The code reviewer's checklist for a Fly.io deployment that flylint was specified from",
    scope="What a reviewer checks before approving a Fly.io deployment: security, performance and "
          "best practices, as far as fly.toml, the Dockerfile, .dockerignore, deploy scripts and "
          "workflows show them. Runtime behaviour (how fast the app really starts) is not visible.",
    controls=(
        _auto("REVIEW-S1", "S1", "No hardcoded secrets in fly.toml or the Dockerfile", _SEC, DIRECT,
              "The item names the files; the secret rules read every line of them.",
              "No credential is written into fly.toml ([env], [[files]] raw values) or the Dockerfile "
              "(ENV, ARG, RUN, copied secret files). Secrets in deploy scripts count under S2.",
              kinds=("fly_toml", "dockerfile")),
        _auto("REVIEW-S2", "S2", "Secrets are managed with fly secrets", _SEC, PARTIAL,
              "flylint sees the ways secrets bypass the secret store, not the list of secrets the app needs.",
              "Deploy scripts and workflows pass secrets to `fly secrets set/import` from the environment "
              "or stdin, never as literals; the Fly token comes from the CI secret store and is never "
              "printed or passed as a flag; no secret file is shipped with [[files]]."),
        _auto("REVIEW-S3", "S3", "HTTPS is enforced", _SEC, DIRECT,
              "force_https and the TLS versions at the Fly proxy are what enforce HTTPS.",
              "Every public HTTP service redirects plain HTTP to HTTPS (force_https = true) and offers "
              "only TLS 1.2 and 1.3."),
        _auto("REVIEW-S4", "S4", "A health check endpoint is configured", _SEC, DIRECT,
              "The checks in fly.toml are the ones Fly.io runs.",
              "Every service the Fly proxy routes to has a health check, and a production environment "
              "config defines checks for its Machines."),
        _auto("REVIEW-P1", "P1", "A multi-stage Dockerfile keeps the image small", _PERF, DIRECT,
              "A single-stage build that compiles or installs a toolchain is what makes the image big.",
              "A Dockerfile that builds the app (a toolchain, `npm run build`, `go build` …) does so in "
              "a build stage and copies only the output into the stage Fly runs. A single-stage "
              "Dockerfile that builds nothing is not applicable."),
        _auto("REVIEW-P2", "P2", "Health-check timeouts are 5 s or less", _PERF, DIRECT,
              "The timeout is a fly.toml value.",
              "No health check waits more than 5 seconds for an answer."),
        _auto("REVIEW-P3", "P3", "Start-up takes less than 30 s, as far as the configuration shows",
              _PERF, PARTIAL,
              "Configuration shows how long Fly.io waits for start-up (grace_period), not how long it takes.",
              "No health check allows more than 30 seconds of grace period for the app to start; slow "
              "steps such as migrations belong in [deploy] release_command."),
        _auto("REVIEW-B1", "B1", "The container runs as a non-root user", _BEST, DIRECT,
              "The USER of the stage Fly runs is the container's user.",
              "The stage Fly.io runs sets a non-root USER, and RUN steps do not use sudo."),
        _auto("REVIEW-B2", "B2", ".dockerignore excludes node_modules and .git", _BEST, DIRECT,
              "The rules read the ignore file Docker and flyctl use for the build.",
              "The build context has an ignore file that leaves out .git and, for Node.js builds, "
              "node_modules; a [build] ignorefile that fly.toml names exists."),
        _auto("REVIEW-B3", "B3", "PORT is consistent with internal_port", _BEST, DIRECT,
              "internal_port, [env] PORT, ENV PORT and EXPOSE are all in the files.",
              "The PORT the app sees (fly.toml [env] PORT, else the image's ENV PORT) and the Dockerfile's "
              "EXPOSE match the internal_port the Fly proxy connects to, in every environment config."),
        _auto("REVIEW-B4", "B4", "A deployment script is present and strict", _BEST, DIRECT,
              "The deploy script (or deploy workflow) is one of the files flylint reads.",
              "The app is deployed by a script or workflow, not by hand, and deploy scripts stop on the "
              "first error (`set -euo pipefail`)."),
    ),
)

# -- SOC 2 ---------------------------------------------------------------------------------
_CC6 = "CC6 Logical and physical access"
_CC7 = "CC7 System operations"
_CC8 = "CC8 Change management"
_CC9 = "CC9 Risk mitigation"
_A1 = "A1 Availability"
_SOC2_PARTIAL = "A criterion is met by policies and operation over a period; configuration is one piece of evidence."

SOC2 = Framework(
    key="soc2",
    prefix="SOC2-",
    name="SOC 2",
    version="AICPA Trust Services Criteria (2017), points of focus revised 2022",
    source="AICPA TSP section 100; criterion wording as reproduced in prowler's soc2_aws.json",
    scope="Covers the Security (common criteria) and Availability categories for the parts of the "
          "system described by the scanned files. Configuration is partial evidence only: every "
          "criterion also needs policies, people and operating evidence over a period.",
    controls=(
        _auto("SOC2-CC6.1", "CC6.1", "Logical access security over credentials and sensitive files", _CC6,
              PARTIAL, "Points of focus 'manages credentials' and 'protects encryption keys'; " + _SOC2_PARTIAL,
              "No credentials written into fly.toml, Dockerfiles, deploy scripts or workflows; secrets "
              "reach the app through `fly secrets` or build secrets; .dockerignore keeps .env files and "
              ".git out of the image; the container does not run as root."),
        _auto("SOC2-CC6.3", "CC6.3", "Least privilege", _CC6, PARTIAL,
              "The container user and the CI token's permissions are two of the privileges in scope.",
              "The container runs as a non-root user without sudo, and deploy workflows grant the "
              "GITHUB_TOKEN only the permissions the job needs."),
        _auto("SOC2-CC6.6", "CC6.6", "Boundary protection against threats from outside", _CC6, PARTIAL,
              "Point of focus 'restricts access' through ports; network policy elsewhere is not visible.",
              "Database, cache, metrics and admin ports are not published through the Fly proxy, and "
              "the image runs no SSH server (`fly ssh console` is the way in)."),
        _auto("SOC2-CC6.7", "CC6.7", "Protection of data in transit", _CC6, PARTIAL,
              "Point of focus 'uses encryption technologies'; links other than the Fly proxy are not visible.",
              "Plain HTTP is redirected to HTTPS, only TLS 1.2 and 1.3 are offered, and certificate "
              "checks are not switched off in builds, scripts or health checks."),
        _auto("SOC2-CC6.8", "CC6.8", "Prevention of unauthorised or malicious software", _CC6, PARTIAL,
              "Pinned and verified third-party code is a preventive measure; malware detection is not visible.",
              "Third-party code that runs in builds and deploys (base images, ADD downloads, GitHub "
              "actions, remote install scripts) is pinned or verified, and package signature and TLS "
              "checks stay on."),
        _auto("SOC2-CC7.2", "CC7.2", "Monitoring of system components for anomalies", _CC7, PARTIAL,
              "Health checks are one monitoring signal; alerting and review are outside configuration.",
              "Every service has health checks in fly.toml, with timeouts short enough to notice a "
              "failed Machine."),
        _auto("SOC2-CC8.1", "CC8.1", "Controlled changes to infrastructure and software", _CC8, PARTIAL,
              "What is deployed and how are in the files; approvals and testing of changes are not.",
              "fly.toml says what flyctl will actually deploy (no unknown, misplaced or mistyped "
              "settings), builds are reproducible, deploy scripts stop on the first error, and deploy "
              "workflows cannot be started by untrusted code."),
        _auto("SOC2-A1.1", "A1.1", "Capacity management", _A1, PARTIAL,
              "Scaling settings are in fly.toml; monitoring of actual capacity use is not.",
              "Production keeps Machines running or able to start on demand, and concurrency limits "
              "are consistent."),
        _auto("SOC2-A1.2", "A1.2", "Recovery infrastructure", _A1, PARTIAL,
              "Health checks, restart and volume settings are recovery infrastructure; backups elsewhere are not.",
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
        _auto("PCI-DSS-1.3.1", "1.3.1", "Inbound traffic to the CDE is restricted", _R1, PARTIAL,
              "Published ports are one network control; firewall rules and segmentation elsewhere are not visible.",
              "Only the application's own ports are public; databases, caches, metrics and admin "
              "endpoints stay on the private network (`.internal` names or Flycast)."),
        _auto("PCI-DSS-1.4.2", "1.4.2", "Inbound traffic from untrusted networks is limited", _R1, PARTIAL,
              "Published ports are one network control; firewall rules and segmentation elsewhere are not visible.",
              "Services published through the Fly proxy answer on the application's ports only."),
        _auto("PCI-DSS-2.2.4", "2.2.4", "Only necessary services, protocols and daemons are enabled", _R2,
              PARTIAL, "An SSH daemon is the usual unneeded service in an image; others need an inventory.",
              "The image installs and starts no SSH server; remote access goes through `fly ssh console`."),
        _auto("PCI-DSS-2.2.6", "2.2.6", "Security parameters are set to prevent misuse", _R2, PARTIAL,
              "Static file serving is one security parameter in fly.toml; the app's own settings are not visible.",
              "Static file serving does not publish the application directory (source, configuration, "
              ".env files)."),
        _auto("PCI-DSS-4.2.1", "4.2.1", "Strong cryptography for data over open, public networks", _R4,
              PARTIAL, "HTTPS at the Fly proxy only; other links that carry card data are not visible.",
              "HTTPS is enforced and only TLS 1.2 and 1.3 are offered on the app's public services."),
        _auto("PCI-DSS-7.2.5", "7.2.5", "Application and system accounts have least privilege", _R7,
              PARTIAL, "The container user and the CI token are two of the accounts in scope.",
              "The app runs as a non-root user, and the CI token behind the deploy workflow has only the "
              "permissions the job needs."),
        _auto("PCI-DSS-8.3.2", "8.3.2", "Authentication factors are unreadable in storage and transit", _R8,
              PARTIAL, "Clear-text credentials in the repository are one case; stores and transport elsewhere are not.",
              "No password, key or token is stored in clear text in the repository's configuration, "
              "Dockerfiles or scripts."),
        _auto("PCI-DSS-8.6.2", "8.6.2", "No hard-coded passwords for application and system accounts", _R8,
              DIRECT, "The requirement is about exactly this: passwords hard-coded in scripts and configuration files.",
              "No credentials written into fly.toml, Dockerfiles, deploy scripts or workflow files."),
        _auto("PCI-DSS-8.6.3", "8.6.3", "Application and system account credentials are protected from misuse",
              _R8, PARTIAL, "How tokens are passed and stored in the build and deploy path is one part of it.",
              "Tokens come from secret stores, are never printed or passed on command lines, and secret "
              "files and build arguments do not end up in image layers."),
        _manual("PCI-DSS-6.5.1", "6.5.1", "Changes to production follow a defined procedure", _R6,
                "Document the change procedure (reason, approval, testing, back-out) and keep its records; "
                "a strict deploy script is not a procedure. flylint's evidence on how deploys run is "
                "under SOC 2 CC8.1."),
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
        _auto("HIPAA-164.312(a)(1)", "§164.312(a)(1)", "Access control", _TECH, PARTIAL,
              "Credentials, the container user and published ports are technical access measures; "
              "user access to ePHI is not visible.",
              "Credentials are kept out of files and images, the app does not run as root, and "
              "internal ports are not public."),
        _auto("HIPAA-164.312(e)(1)", "§164.312(e)(1)", "Transmission security", _TECH, DIRECT,
              "Guarding ePHI in transit at the public edge is what the standard asks; private 6PN traffic "
              "runs over Fly.io's WireGuard mesh.",
              "HTTPS is enforced and only TLS 1.2 and 1.3 are offered on the app's public services."),
        _auto("HIPAA-164.308(a)(7)(ii)(A)", "§164.308(a)(7)(ii)(A)", "Data backup plan (Required)", _ADMIN,
              PARTIAL, "A plan is a document; flylint sees only whether volume data has a redundant copy "
              "and valid snapshot settings.",
              "Volumes that hold data have a redundant copy; snapshots alone are a daily backup, and "
              "their retention is valid."),
        _manual("HIPAA-164.308(a)(7)(i)", "§164.308(a)(7)(i)", "Contingency plan", _ADMIN,
                "Write and keep a contingency plan (data backup, disaster recovery, emergency-mode "
                "operation). Health checks let Fly.io replace failing Machines, but they are not a plan; "
                "the data backup specification carries the configuration evidence flylint can give."),
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
        _auto("GDPR-32(1)(a)", "Art. 32(1)(a)", "Pseudonymisation and encryption of personal data", _ART32,
              PARTIAL, "Only encryption in transit at the Fly proxy is visible; encryption at rest and "
              "pseudonymisation are not.",
              "HTTPS is enforced and only TLS 1.2 and 1.3 are offered on the app's public services."),
        _auto("GDPR-32(1)(b)", "Art. 32(1)(b)", "Ongoing confidentiality, integrity and resilience", _ART32,
              PARTIAL, "Credentials and exposure are some of the measures; the rest is outside configuration.",
              "Credentials are not written into files, secret files stay out of images, internal ports "
              "and application files are not published."),
        _auto("GDPR-32(1)(c)", "Art. 32(1)(c)", "Timely restoration of availability and access to data",
              _ART32, PARTIAL, "Volume redundancy and snapshot settings are inputs to restoring data; the "
              "restore procedure and its timing are not in configuration.",
              "Volumes that hold data have a redundant copy to restore from, and valid snapshot settings."),
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
        _auto("CIS-4.1", "4.1", "A user for the container has been created", _CIS4, DIRECT,
              "The benchmark checks the image's USER; so does flylint, on the stage Fly.io runs.",
              "The stage Fly.io runs sets a non-root USER, and RUN steps do not use sudo."),
        _auto("CIS-4.2", "4.2", "Containers use only trusted base images", _CIS4, PARTIAL,
              "A pinned tag or digest is one part of trust; who publishes the image needs a review.",
              "FROM names a version tag (or digest), never `:latest` or no tag."),
        _auto("CIS-4.3", "4.3", "Unnecessary packages are not installed in the container", _CIS4, PARTIAL,
              "Recommended extras, build toolchains and caches are the visible signs; whether each "
              "package is needed is a judgement.",
              "Packages are installed without recommended extras, package caches are cleaned, build "
              "tools stay in a build stage, and node_modules stays out of the build context."),
        _manual("CIS-4.4", "4.4", "Images are scanned and rebuilt to include security patches", _CIS4,
                "Scan images for known vulnerabilities and rebuild them on a schedule; a static check "
                "cannot see the rebuild cadence."),
        _manual("CIS-4.5", "4.5", "Content trust for Docker is enabled", _CIS4,
                "Where images are built and pushed outside Fly.io's builders, enable image signing and "
                "verification (for example DOCKER_CONTENT_TRUST=1)."),
        _auto("CIS-4.6", "4.6", "HEALTHCHECK instructions have been added to container images", _CIS4,
              PARTIAL, "The benchmark asks for a Dockerfile HEALTHCHECK; Fly Machines ignore it and run the "
              "fly.toml checks, which flylint checks instead: the same intent, not the benchmark's letter.",
              "Every service has health checks in fly.toml, the checks Fly.io runs; a Dockerfile "
              "HEALTHCHECK is ignored on Fly Machines."),
        _auto("CIS-4.7", "4.7", "Update instructions are not used alone in the Dockerfile", _CIS4, DIRECT,
              "The benchmark checks RUN lines for a lone update; so does flylint.",
              "`apt-get update` (and the like) runs in the same RUN as the install it prepares."),
        _manual("CIS-4.8", "4.8", "Setuid and setgid permissions are removed", _CIS4,
                "List the files with setuid or setgid bits in the built image (`find / -perm /6000 -type "
                "f`) and remove the bits the app does not need; flylint cannot see the files of a base "
                "image."),
        _auto("CIS-4.9", "4.9", "COPY is used instead of ADD in Dockerfiles", _CIS4, DIRECT,
              "The benchmark checks for ADD instructions; so does flylint.",
              "ADD is used only where its extra behaviour is needed."),
        _auto("CIS-4.10", "4.10", "Secrets are not stored in Dockerfiles", _CIS4, DIRECT,
              "The benchmark asks for no secrets in the build file; the rules read every line of it and "
              "what it copies.",
              "No credentials in ENV, ARG or RUN lines, no secret files copied in, and a .dockerignore "
              "that keeps .env files and .git out of the build context."),
        _auto("CIS-4.11", "4.11", "Only verified packages are installed", _CIS4, PARTIAL,
              "Signature and TLS checks left on are the visible part; the packages' origin needs a review.",
              "Package signature and TLS checks stay on, and remote scripts are not piped into a shell."),
        _auto("CIS-4.12", "4.12", "All signed artifacts are validated", _CIS4, PARTIAL,
              "ADD downloads with a checksum are the visible case; artifacts fetched in RUN steps are not checked.",
              "Files downloaded with ADD carry a checksum."),
    ),
)

FRAMEWORKS: dict[str, Framework] = {f.key: f for f in (REVIEW, SOC2, GDPR, HIPAA, PCI_DSS, CIS_DOCKER)}
ALIASES = {"soc-2": "soc2", "pci": "pci-dss", "pcidss": "pci-dss", "cis": "cis-docker",
           "deploy-review": "review", "checklist": "review"}


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
        out.append("| Control | Title | Mapping | Why | Rules |")
        out.append("| --- | --- | --- | --- | --- |")
        for c in fw.controls:
            if c.kind == AUTOMATED:
                codes = ", ".join(mapping[c.id])
                scope = ", ".join(c.kinds)
                if scope:
                    codes += f" (in {scope} only)"
                why = c.rationale
            else:
                codes, why = "(check by hand)", c.guidance
            title = c.title.replace("|", "\\|")
            out.append(f"| {c.ref} | {title} | {c.strength or 'manual'} | {why.replace('|', '/')} | {codes} |")
        out.append("")
    return "\n".join(out)
