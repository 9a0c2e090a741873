"""Starting real servers for tests: `geokg serve` and the `oxigraph` server, on loopback."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early: {_log_of(process)}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def _log_of(process: subprocess.Popen) -> str:
    log = getattr(process, "log", None)
    if log is None:
        return ""
    log.seek(0)
    return log.read()[-4000:]


@contextmanager
def running(argv: list[str], health_url: str, cwd: Path | None = None):
    # The server's log goes to a file: a pipe nobody reads would block a server
    # that logs much (every 503 is logged), and a session-long server logs a lot.
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, text=True)
        process.log = log
        try:
            wait_until_up(health_url, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def geokg_serve(store: str, *extra: str):
    port = free_port()
    argv = [sys.executable, "-m", "geokg", "serve", "--store", store, "--port", str(port), *extra]
    return running(argv, f"http://127.0.0.1:{port}/health"), f"http://127.0.0.1:{port}"


def oxigraph_server(location: Path):
    """The `oxigraph` server from PyPI (installed beside this Python)."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if exe is None:
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph")
    port = free_port()
    argv = [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    return running(argv, f"http://127.0.0.1:{port}/"), f"http://127.0.0.1:{port}"


# --------------------------------------------------------------------------
# For the endpoint's attack and fault tests
# --------------------------------------------------------------------------

TRIG = Path(__file__).resolve().parent.parent / "graph" / "geokg.trig"


def load_oxigraph(location: Path, *files: Path) -> Path:
    """A fresh Oxigraph store at ``location`` holding ``files`` (default: the built TriG)."""
    from geokg.cli.main import main

    argv = ["load", "--store", f"oxigraph:{location}", *map(str, files or [TRIG]), "--quiet"]
    if main(argv) != 0:
        raise RuntimeError(f"could not load {location}")
    return location


def worker_processes(server: subprocess.Popen) -> list:
    """The query worker processes of a running `geokg serve` (psutil handles)."""
    import psutil

    out = []
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            command = " ".join(child.cmdline())
            forked = "forkserver" in command and child.ppid() != server.pid
            if forked or "spawn_main" in command:
                out.append(child)
        except psutil.NoSuchProcess:
            pass
    return out


def busiest(processes: list, seconds: float = 0.6):
    """The process that used the most CPU over ``seconds`` (the one running a query)."""
    import psutil

    def cpu(process) -> float:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            return 0.0
        return times.user + times.system

    before = {p.pid: cpu(p) for p in processes}
    time.sleep(seconds)
    return max(processes, key=lambda p: cpu(p) - before[p.pid])


def wait_for(condition, seconds: float = 60, step: float = 0.1) -> bool:
    """Poll ``condition`` until it holds (a liveness wait, not a speed target)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


class Listener:
    """A TCP listener on loopback that records every connection made to it.

    It answers each with a SPARQL JSON result holding a marker, so an endpoint
    that forwarded a query here would show the marker in its reply.
    """

    MARKER = "reached-the-loopback-listener"

    def __init__(self):
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        body = (
            '{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal",'
            f'"value":"{self.MARKER}"}}}}]}}}}'
        ).encode()
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    request = conn.recv(65536)
                except OSError:
                    request = b""
                self.connections.append(request)
                head = (
                    "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                ).encode()
                with contextlib.suppress(OSError):
                    conn.sendall(head + body)

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


class Served(NamedTuple):
    """A running `geokg serve`: its base URL, its process and the store it serves."""

    url: str
    process: subprocess.Popen
    spec: str


# The endpoint tests share one server per store for the whole session (the
# `served` fixture in conftest.py): a short time limit, two ordinary workers,
# and a long lane of two, so that a test can fill it with three time-out queries.
TIMEOUT = 4.0
WORKERS = 2
MAX_SLOW = 2
SHARED_OPTIONS = ("--timeout", str(TIMEOUT), "--workers", str(WORKERS),
                  "--max-slow", str(MAX_SLOW))  # fmt: skip


@contextmanager
def both_stores(folder: Path, *extra: str):
    """`geokg serve` on the bundled dataset, once per store: yields {store name: Served}."""
    from .conftest import ROOT

    specs = {
        "memory": f"memory:{ROOT / 'graph' / 'geokg.trig'}",
        "oxigraph": f"oxigraph:{load_oxigraph(folder / 'store')}",
    }
    with contextlib.ExitStack() as stack:
        served = {}
        for name, spec in specs.items():
            context, url = geokg_serve(spec, *extra)
            served[name] = Served(url, stack.enter_context(context), spec)
        yield served
