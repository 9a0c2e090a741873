"""Starting real servers for tests: `geokg serve` and the `oxigraph` server, on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited early: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


@contextmanager
def running(argv: list[str], health_url: str, cwd: Path | None = None):
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
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
