"""The smoke checks: health, HTTP → HTTPS redirect, TLS certificate, latency.

Standard library only (``socket``, ``ssl``, ``http.client``). Every connection, DNS lookup
and response has a deadline: the per-request ``timeout`` or what is left of the run's
``max_time``, whichever comes first. A watchdog shuts the socket down at the deadline, so a
server that drips its answer one byte at a time cannot hold a check past it. Bodies are read
up to :data:`MAX_BODY` bytes; redirects are never followed. The latency check sends requests
one after another on one keep-alive connection (reconnecting when the server closes it) and
stops early when the run's time is used up.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from flylint.base.records import field, record
from flylint.smoke.plan import DEFAULT_CERT_DAYS, DEFAULT_P95_MS, DEFAULT_REQUESTS, DEFAULT_TIMEOUT, REDIRECT_CODES

MAX_BODY = 64 * 1024
DEFAULT_MAX_TIME = 60.0
USER_AGENT = "flylint-smoke"


class SmokeError(Exception):
    """A request that did not get an answer (DNS, connection, TLS, timeout); the message says why."""


@record
class CheckResult:
    name: str
    status: str  # pass | fail | skip
    message: str
    duration_ms: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "message": self.message,
                "duration_ms": round(self.duration_ms, 1), "details": self.details}


@record
class Target:
    """What to check: parsed from the URL and the options."""

    url: str
    scheme: str
    host: str
    port: int
    base_path: str
    health_path: str
    http_port: int = 80


@record
class Options:
    timeout: float = DEFAULT_TIMEOUT
    requests: int = DEFAULT_REQUESTS
    p95_ms: float = DEFAULT_P95_MS
    cert_days: int = DEFAULT_CERT_DAYS
    max_time: float = DEFAULT_MAX_TIME
    ca_file: str | None = None
    http_port: int | None = None
    skip: tuple[str, ...] = ()


def parse_target(url: str, health_path: str, http_port: int | None = None) -> Target:
    """A :class:`Target` for ``url`` (``https://`` assumed when no scheme is given)."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{url!r}: only http:// and https:// URLs can be checked")
    host = parts.hostname
    if not host:
        raise ValueError(f"{url!r} has no host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValueError(f"{url!r} has an invalid port") from None
    if parts.username or parts.password:
        raise ValueError("the URL must not carry a user name or password")
    if not health_path.startswith("/"):
        health_path = "/" + health_path
    base = parts.path.rstrip("/")
    default_http = port if parts.scheme == "http" else 80
    return Target(text, parts.scheme, host, port, base, health_path, http_port or default_http)


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


class _Watchdog:
    """Shut ``sock`` down when ``seconds`` have passed (unblocks a pending recv)."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.fired = False
        self._sock = sock
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        self._timer.cancel()


def _resolve(host: str, port: int, seconds: float) -> list[tuple[Any, ...]]:
    """getaddrinfo with a deadline (it has none of its own): run it in a daemon thread."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["ok"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            box["err"] = exc

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(max(seconds, 0.0))
    if t.is_alive():
        raise SmokeError(f"the DNS lookup of {host} took longer than {seconds:.1f} s")
    if "err" in box:
        raise SmokeError(f"cannot resolve {host}: {box['err'].strerror or box['err']}")
    return list(box["ok"])


def _connect(host: str, port: int, seconds: float) -> socket.socket:
    start = time.monotonic()
    infos = _resolve(host, port, seconds)
    last: Exception | None = None
    for family, kind, proto, _canon, addr in infos:
        left = seconds - (time.monotonic() - start)
        if left <= 0:
            break
        sock = socket.socket(family, kind, proto)
        sock.settimeout(left)
        try:
            sock.connect(addr)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    if last is None:
        raise SmokeError(f"no answer from {host}:{port} within {seconds:.1f} s")
    if isinstance(last, TimeoutError | socket.timeout):
        raise SmokeError(f"connecting to {host}:{port} took longer than {seconds:.1f} s")
    raise SmokeError(f"cannot connect to {host}:{port}: {getattr(last, 'strerror', None) or last}")


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def _tls_wrap(sock: socket.socket, host: str, ctx: ssl.SSLContext, seconds: float) -> ssl.SSLSocket:
    sock.settimeout(max(seconds, 0.01))
    try:
        return ctx.wrap_socket(sock, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise SmokeError(f"the TLS certificate of {host} is not trusted: {exc.verify_message or exc.reason}") from None
    except (ssl.SSLError, OSError) as exc:
        sock.close()
        if isinstance(exc, TimeoutError | socket.timeout):
            raise SmokeError(f"the TLS handshake with {host} took longer than {seconds:.1f} s") from None
        raise SmokeError(f"the TLS handshake with {host} failed: {getattr(exc, 'reason', None) or exc}") from None


@record
class Response:
    status: int
    reason: str
    headers: dict[str, str]
    body_bytes: int
    elapsed_ms: float


class _Connection:
    """One keep-alive HTTP(S) connection with deadlines; reconnects when the server closes."""

    def __init__(self, scheme: str, host: str, port: int, ctx: ssl.SSLContext | None) -> None:
        self.scheme, self.host, self.port, self.ctx = scheme, host, port, ctx
        self.conn: http.client.HTTPConnection | None = None

    def _open(self, seconds: float) -> http.client.HTTPConnection:
        start = time.monotonic()
        sock: socket.socket = _connect(self.host, self.port, seconds)
        conn: http.client.HTTPConnection
        if self.scheme == "https":
            assert self.ctx is not None
            sock = _tls_wrap(sock, self.host, self.ctx, seconds - (time.monotonic() - start))
            # the socket is connected already: the Host header is all this object adds
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=seconds, context=self.ctx)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=seconds)
        conn.sock = sock
        return conn

    def get(self, path: str, seconds: float) -> Response:
        start = time.monotonic()
        if self.conn is None:
            self.conn = self._open(seconds)
        conn = self.conn
        left = seconds - (time.monotonic() - start)
        if left <= 0:
            self.close()
            raise SmokeError(f"no answer within {seconds:.1f} s")
        assert conn.sock is not None
        conn.sock.settimeout(left)
        dog = _Watchdog(conn.sock, left)
        sent = time.monotonic()
        try:
            conn.request("GET", path or "/", headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            resp = conn.getresponse()
            body = 0
            while body < MAX_BODY:
                chunk = resp.read(min(16384, MAX_BODY - body))
                if not chunk:
                    break
                body += len(chunk)
            elapsed = (time.monotonic() - sent) * 1000
            if dog.fired:  # the answer was cut at the deadline: what was read is not the whole answer
                raise TimeoutError
            headers = {k.lower(): v for k, v in resp.getheaders()}
            if body >= MAX_BODY or resp.will_close or not resp.isclosed():
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            if dog.fired or isinstance(exc, TimeoutError | socket.timeout):
                raise SmokeError(f"no complete answer within {seconds:.1f} s") from None
            raise SmokeError(f"the request failed: {_why(exc)}") from None
        finally:
            dog.cancel()
        return Response(resp.status, resp.reason, headers, body, elapsed)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _why(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.split("\n")[0][:200]


def _url(scheme: str, host: str, port: int, path: str) -> str:
    default = 443 if scheme == "https" else 80
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}{'' if port == default else f':{port}'}{path}"


# --------------------------------------------------------------------------------------------
# The four checks


def check_health(target: Target, opts: Options, ctx: ssl.SSLContext, deadline: _Deadline) -> CheckResult:
    path = target.base_path + target.health_path
    url = _url(target.scheme, target.host, target.port, path)
    seconds = min(opts.timeout, deadline.left())
    conn = _Connection(target.scheme, target.host, target.port, ctx)
    try:
        resp = conn.get(path, seconds)
    except SmokeError as exc:
        return CheckResult("health", "fail", f"GET {url}: {exc}", seconds * 1000, {"url": url})
    finally:
        conn.close()
    details = {"url": url, "status": resp.status}
    if 200 <= resp.status < 300:
        return CheckResult("health", "pass", f"GET {url} → {resp.status} in {resp.elapsed_ms:.0f} ms",
                           resp.elapsed_ms, details)
    extra = f" (Location {resp.headers['location'][:200]})" if "location" in resp.headers else ""
    return CheckResult("health", "fail", f"GET {url} → {resp.status} {resp.reason}{extra}; a health endpoint "
                                         "answers 2xx", resp.elapsed_ms, details)


def check_redirect(target: Target, opts: Options, deadline: _Deadline) -> CheckResult:
    url = _url("http", target.host, target.http_port, target.base_path + "/")
    seconds = min(opts.timeout, deadline.left())
    conn = _Connection("http", target.host, target.http_port, None)
    try:
        resp = conn.get(target.base_path + "/", seconds)
    except SmokeError as exc:
        return CheckResult("https-redirect", "fail", f"GET {url}: {exc}", seconds * 1000, {"url": url})
    finally:
        conn.close()
    location = resp.headers.get("location", "")
    details = {"url": url, "status": resp.status, "location": location[:500]}
    if resp.status in REDIRECT_CODES and location.lower().startswith("https://"):
        return CheckResult("https-redirect", "pass", f"GET {url} → {resp.status} to {location[:200]}",
                           resp.elapsed_ms, details)
    if resp.status in REDIRECT_CODES:
        why = f"{resp.status} to {location[:200] or '(no Location)'}, not to an https:// URL"
    else:
        why = f"{resp.status} {resp.reason} instead of a redirect to https:// (set force_https = true)"
    return CheckResult("https-redirect", "fail", f"GET {url} → {why}", resp.elapsed_ms, details)


def check_tls(target: Target, opts: Options, ctx: ssl.SSLContext, deadline: _Deadline,
              now: float | None = None) -> CheckResult:
    if target.scheme != "https":
        return CheckResult("tls", "skip", f"{target.url} is not an https:// URL")
    seconds = min(opts.timeout, deadline.left())
    start = time.monotonic()
    try:
        sock = _connect(target.host, target.port, seconds)
        tls = _tls_wrap(sock, target.host, ctx, seconds - (time.monotonic() - start))
    except SmokeError as exc:
        return CheckResult("tls", "fail", str(exc), (time.monotonic() - start) * 1000, {"host": target.host})
    try:
        cert = tls.getpeercert() or {}
        version = tls.version()
    finally:
        tls.close()
    elapsed = (time.monotonic() - start) * 1000
    not_after = cert.get("notAfter")
    if not isinstance(not_after, str):
        return CheckResult("tls", "fail", f"{target.host} sent no certificate expiry date", elapsed)
    try:
        expires = ssl.cert_time_to_seconds(not_after)
    except ValueError:
        return CheckResult("tls", "fail", f"{target.host} sent an unreadable expiry date {not_after[:40]!r}", elapsed)
    days = (expires - (time.time() if now is None else now)) / 86400
    issuer = _name(cert.get("issuer"))
    details = {"host": target.host, "not_after": not_after, "days_left": int(days), "issuer": issuer,
               "protocol": version}
    if days < opts.cert_days:
        return CheckResult("tls", "fail", f"the certificate of {target.host} expires in {max(days, 0):.0f} days "
                                          f"({not_after}); renew it (more than {opts.cert_days} days wanted)",
                           elapsed, details)
    return CheckResult("tls", "pass", f"certificate valid for {target.host}, {days:.0f} days left "
                                      f"(until {not_after}), issued by {issuer}, {version}", elapsed, details)


def _name(rdns: Any) -> str:
    try:
        parts = {k: v for rdn in rdns for k, v in rdn}
    except (TypeError, ValueError):
        return "?"
    return str(parts.get("organizationName") or parts.get("commonName") or "?")[:100]


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (the smallest sample with at least ``pct`` % at or below it)."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def check_latency(target: Target, opts: Options, ctx: ssl.SSLContext, deadline: _Deadline) -> CheckResult:
    path = target.base_path + target.health_path
    url = _url(target.scheme, target.host, target.port, path)
    conn = _Connection(target.scheme, target.host, target.port, ctx)
    samples: list[float] = []
    errors: list[str] = []
    statuses: dict[int, int] = {}
    start = time.monotonic()
    try:
        for _ in range(opts.requests):
            left = deadline.left()
            if left <= 0.05:
                break
            try:
                resp = conn.get(path, min(opts.timeout, left))
            except SmokeError as exc:
                errors.append(str(exc))
                if len(errors) >= 3:
                    break
                continue
            samples.append(resp.elapsed_ms)
            statuses[resp.status] = statuses.get(resp.status, 0) + 1
    finally:
        conn.close()
    elapsed = (time.monotonic() - start) * 1000
    details: dict[str, Any] = {"url": url, "requests": opts.requests, "answered": len(samples),
                               "errors": len(errors), "target_p95_ms": opts.p95_ms}
    if not samples:
        why = errors[0] if errors else "the run's time was used up before the first request"
        return CheckResult("latency", "fail", f"no answer from {url}: {why}", elapsed, details)
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    details.update({"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "max_ms": round(max(samples), 1)})
    summary = f"p50 {p50:.0f} ms, p95 {p95:.0f} ms over {len(samples)} request(s) to {url}"
    problems = []
    if p95 > opts.p95_ms:
        problems.append(f"p95 is above the {opts.p95_ms:g} ms target")
    if errors:
        problems.append(f"{len(errors)} request(s) failed ({errors[0]})")
    if len(samples) + len(errors) < opts.requests:
        problems.append(f"only {len(samples) + len(errors)} of {opts.requests} requests fitted in the run's "
                        f"time limit")
    if problems:
        return CheckResult("latency", "fail", f"{summary}: {'; '.join(problems)}", elapsed, details)
    return CheckResult("latency", "pass", f"{summary} (target p95 ≤ {opts.p95_ms:g} ms)", elapsed, details)


CHECKS = ("health", "https-redirect", "tls", "latency")


def run(target: Target, opts: Options) -> list[CheckResult]:
    """Run the four checks on ``target`` within ``opts.max_time`` seconds."""
    deadline = _Deadline(opts.max_time)
    try:
        ctx = tls_context(opts.ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"cannot read the CA file {opts.ca_file}: {_why(exc)}") from None
    results = []
    for name in CHECKS:
        if name in opts.skip:
            results.append(CheckResult(name, "skip", "skipped (--skip)"))
            continue
        if deadline.left() <= 0.05:
            results.append(CheckResult(name, "fail", f"not run: the {opts.max_time:g} s time limit was used up"))
            continue
        if name == "health":
            results.append(check_health(target, opts, ctx, deadline))
        elif name == "https-redirect":
            results.append(check_redirect(target, opts, deadline))
        elif name == "tls":
            results.append(check_tls(target, opts, ctx, deadline))
        else:
            results.append(check_latency(target, opts, ctx, deadline))
    return results
