"""``flylint smoke``: checks against servers started on 127.0.0.1 by the test, and ``--plan``.

The servers are threads of this process: a healthy app, a slow one, one that does not
redirect to HTTPS, one that drips its answer, and TLS ones with certificates from a test CA
(trustme). No assertion is about how fast anything is: the slow servers are slower than the
limits by construction, and the checks must report that.
"""

from __future__ import annotations

import datetime
import json
import socket
import ssl
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from flylint.cli.main import main
from flylint.smoke.checks import percentile


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _handler(routes: dict[str, tuple[int, dict[str, str]]], delay: float = 0.0) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if delay:
                time.sleep(delay)
            status, headers = routes.get(self.path, (404, {}))
            body = b"ok\n" if status == 200 else b""
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


HEALTHY = {"/health": (200, {}), "/": (301, {"Location": "https://example.test/"})}


@pytest.fixture
def serve() -> Iterator[Callable[..., int]]:
    servers: list[ThreadingHTTPServer] = []

    def start(routes: dict[str, tuple[int, dict[str, str]]], delay: float = 0.0,
              tls: ssl.SSLContext | None = None) -> int:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, delay))
        server.daemon_threads = True
        if tls is not None:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return int(server.server_address[1])

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def ca() -> Any:
    # trustme is in the test extra; a virtualenv made before it was added skips only the TLS tests
    trustme = pytest.importorskip("trustme", reason="trustme (test extra) is not installed: pip install -e .[test]")
    return trustme.CA()


def _tls(ca: Any, *identities: str, not_after: datetime.datetime | None = None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*identities, not_after=not_after).configure_cert(ctx)
    return ctx


def _ca_file(ca: Any, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def _by_name(out: str) -> dict[str, dict]:
    data = json.loads(out)
    return {c["name"]: c for c in data["targets"][0]["checks"]}


def test_healthy_app_passes(serve, capsys) -> None:
    port = serve(HEALTHY)
    code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--requests", "5", "--p95", "60000",
                        "--format", "json"], capsys)
    checks = _by_name(out)
    assert code == 0
    assert checks["health"]["status"] == "pass" and checks["health"]["details"]["status"] == 200
    assert checks["https-redirect"]["status"] == "pass"
    assert checks["https-redirect"]["details"]["location"] == "https://example.test/"
    assert checks["tls"]["status"] == "skip"  # an http:// URL has no certificate to check
    assert checks["latency"]["status"] == "pass" and checks["latency"]["details"]["answered"] == 5
    assert json.loads(out)["summary"] == {"passed": 3, "failed": 0, "skipped": 1}


def test_slow_app_fails_health_and_latency(serve, capsys) -> None:
    port = serve(HEALTHY, delay=1.0)
    code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--timeout", "0.2", "--requests", "3",
                        "--skip", "https-redirect", "--format", "json"], capsys)
    checks = _by_name(out)
    assert code == 1
    assert checks["health"]["status"] == "fail"
    assert "no complete answer within 0.2 s" in checks["health"]["message"]
    assert checks["latency"]["status"] == "fail" and checks["latency"]["details"]["answered"] == 0


def test_latency_above_target_fails(serve, capsys) -> None:
    port = serve(HEALTHY, delay=0.15)  # every answer takes at least 150 ms
    code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--requests", "3", "--p95", "20",
                        "--skip", "https-redirect", "--format", "json"], capsys)
    latency = _by_name(out)["latency"]
    assert code == 1 and latency["status"] == "fail"
    assert latency["details"]["p95_ms"] >= 150 and "above the 20 ms target" in latency["message"]


def test_app_without_https_redirect_fails(serve, capsys) -> None:
    port = serve({"/health": (200, {}), "/": (200, {})})
    code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--skip", "latency"], capsys)
    assert code == 1
    assert "FAIL  https-redirect" in out and "200 OK instead of a redirect to https://" in out
    assert "PASS  health" in out and "1 of 4 checks failed (2 skipped)" in out


def test_redirect_to_plain_http_fails(serve, capsys) -> None:
    port = serve({"/health": (200, {}), "/": (302, {"Location": "http://elsewhere.test/"})})
    code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--skip", "latency", "--format", "json"], capsys)
    assert code == 1 and "not to an https:// URL" in _by_name(out)["https-redirect"]["message"]


def test_tls_app_with_test_ca(serve, capsys, ca, tmp_path: Path) -> None:
    port = serve(HEALTHY, tls=_tls(ca, "127.0.0.1"))
    url = f"https://127.0.0.1:{port}"
    code, out, _ = run(["smoke", url, "--ca-file", _ca_file(ca, tmp_path), "--skip", "https-redirect",
                        "--requests", "3", "--p95", "60000", "--format", "json"], capsys)
    checks = _by_name(out)
    assert code == 0, out
    assert checks["tls"]["status"] == "pass" and checks["tls"]["details"]["days_left"] > 14
    assert checks["health"]["status"] == "pass" and checks["latency"]["details"]["answered"] == 3
    # without the test CA, the certificate is not trusted
    code, out, _ = run(["smoke", url, "--skip", "https-redirect", "--skip", "latency", "--format", "json"], capsys)
    checks = _by_name(out)
    assert code == 1 and "is not trusted" in checks["tls"]["message"]
    assert checks["health"]["status"] == "fail"


def test_tls_certificate_near_expiry_or_for_another_host_fails(serve, capsys, ca, tmp_path: Path) -> None:
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=5)
    cafile = _ca_file(ca, tmp_path)
    port = serve(HEALTHY, tls=_tls(ca, "127.0.0.1", not_after=soon))
    code, out, _ = run(["smoke", f"https://127.0.0.1:{port}", "--ca-file", cafile, "--skip", "https-redirect",
                        "--skip", "latency", "--format", "json"], capsys)
    tls = _by_name(out)["tls"]
    assert code == 1 and tls["status"] == "fail" and tls["details"]["days_left"] in (4, 5)
    assert "expires in" in tls["message"]
    port = serve(HEALTHY, tls=_tls(ca, "other.example"))
    code, out, _ = run(["smoke", f"https://127.0.0.1:{port}", "--ca-file", cafile, "--skip", "https-redirect",
                        "--skip", "latency", "--format", "json"], capsys)
    assert code == 1 and "not trusted" in _by_name(out)["tls"]["message"]


def test_a_dripping_server_is_cut_off_at_the_deadline(capsys) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def drip() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    conn.recv(4096)
                    for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000:
                        if stop.is_set():
                            break
                        conn.sendall(bytes([byte]))
                        time.sleep(0.02)
                except OSError:
                    pass

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    try:
        code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--timeout", "1", "--skip", "https-redirect",
                            "--skip", "latency", "--format", "json"], capsys)
    finally:
        stop.set()
        thread.join(2)
        listener.close()
    health = _by_name(out)["health"]
    # the drip would take minutes; the check gives up at the deadline (on a loaded machine the
    # deadline may already pass while connecting, which is reported as a deadline too)
    assert code == 1, health
    assert any(m in health["message"] for m in ("no complete answer within 1.0 s", "no answer within 1.0 s",
                                                "took longer than 1.0 s")), health["message"]


def test_junit_output(serve, capsys) -> None:
    port = serve({"/health": (500, {}), "/": (301, {"Location": "https://x.test/"})})
    code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--skip", "latency", "--format", "junit"], capsys)
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and root.get("failures") == "1" and root.get("skipped") == "2"
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["health"].find("failure") is not None and "500" in cases["health"].find("failure").get("message")
    assert cases["https-redirect"].find("failure") is None


def test_unreachable_and_bad_urls(capsys) -> None:
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    code, out, _ = run(["smoke", f"http://127.0.0.1:{port}", "--skip", "latency"], capsys)
    assert code == 1 and "cannot connect to 127.0.0.1" in out
    for bad in ("ftp://example.test", "https://", "https://user:pw@example.test"):
        code, _, err = run(["smoke", bad], capsys)
        assert code == 2 and "error" in err and "pw" not in err
    code, _, err = run(["smoke"], capsys)
    assert code == 2 and "--plan" in err


def test_percentile_is_nearest_rank() -> None:
    samples = [float(x) for x in range(1, 21)]
    assert percentile(samples, 50) == 10 and percentile(samples, 95) == 19 and percentile([7.0], 95) == 7


ENV_TOML = """\
app = "shop-{env}"
primary_region = "iad"

[http_service]
  internal_port = 8080
  force_https = true

  [[http_service.checks]]
    path = "{path}"
    interval = "15s"
    timeout = "2s"
"""


def test_plan_one_entry_per_environment(tmp_path: Path, capsys, monkeypatch) -> None:
    (tmp_path / "fly.staging.toml").write_text(ENV_TOML.format(env="staging", path="/healthz"), encoding="utf-8")
    (tmp_path / "fly.production.toml").write_text(ENV_TOML.format(env="production", path="/up"), encoding="utf-8")
    (tmp_path / "fly.worker.toml").write_text('app = "shop-worker"\n', encoding="utf-8")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("--plan must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    code, out, _ = run(["smoke", "--plan", str(tmp_path)], capsys)
    assert code == 0
    plan = {e["config"].rsplit("/", 1)[-1]: e for e in yaml.safe_load(out)["plan"]}
    assert plan["fly.production.toml"]["url"] == "https://shop-production.fly.dev"
    assert plan["fly.production.toml"]["health_path"] == "/up"
    assert plan["fly.staging.toml"]["environment"] == "staging"
    assert plan["fly.staging.toml"]["command"] == "flylint smoke https://shop-staging.fly.dev --health-path /healthz"
    assert "no public service" in plan["fly.worker.toml"]["skipped"]
    assert [c["name"] for c in plan["fly.staging.toml"]["checks"]] == ["health", "https-redirect", "tls", "latency"]


def test_other_commands_open_no_connection(tmp_path: Path, capsys, monkeypatch) -> None:
    from conftest import REPO

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("only `flylint smoke URL` may open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    sample = REPO / "examples" / "sample-app"
    assert run(["check", str(sample), "--select", "ALL", "--exit-zero"], capsys)[0] == 0
    assert run(["recommend", str(REPO / "examples" / "requirements" / "express-api.yaml")], capsys)[0] == 0
    assert run(["detect", str(sample)], capsys)[0] in (0, 1)


def test_plan_errors(tmp_path: Path, capsys) -> None:
    code, _, err = run(["smoke", "--plan", str(tmp_path)], capsys)
    assert code == 2 and "no fly config" in err
    (tmp_path / "fly.toml").write_text("app = [\n", encoding="utf-8")
    code, out, _ = run(["smoke", "--plan", str(tmp_path)], capsys)
    assert code == 0 and "invalid TOML" in yaml.safe_load(out)["plan"][0]["skipped"]
