"""SPARQL servers the tests start on 127.0.0.1 free ports and stop: Oxigraph's own and kg serve."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{process.args} did not listen on {port}")


def stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


@contextmanager
def oxigraph_server(location: Path, *, read_only: bool = False) -> Iterator[str]:
    """`oxigraph serve` (or `serve-read-only`) over a store folder; yields its base URL."""
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    process = subprocess.Popen([str(BIN / "oxigraph"), command, "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@contextmanager
def kg_serve(store: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`kg serve --store STORE OPTIONS` on a free port; yields its base URL and process."""
    process = subprocess.Popen([str(BIN / "kg"), "serve", "--store", str(store), "--bind", "127.0.0.1:0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "COLUMNS": "200"})
    try:
        url = None
        for line in process.stdout:
            if match := re.search(r"query page: (http://127\.0\.0\.1:\d+)/", line):
                url = match[1]
                break
        if url is None:
            raise RuntimeError(f"kg serve did not start: {process.stderr.read()}")
        yield url, process
    finally:
        stop(process)
        process.stdout.close()
        process.stderr.close()
