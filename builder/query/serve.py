"""kg serve: a SPARQL 1.1 endpoint over the store, read-only unless updates are allowed with a token.

The Oxigraph server (PyPI `oxigraph`) answers on a private loopback port; a small front
process on the public address passes queries (the SPARQL 1.1 Protocol, the query page at
`/`, Graph Store Protocol reads) and lets a request that could change the store (SPARQL
Update, Graph Store PUT/POST/DELETE) through only when updates are allowed and it carries
`Authorization: Bearer TOKEN`. Federated queries (SERVICE) are refused: they would make
the server fetch other URLs.
"""

import fcntl
import hmac
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import SplitResult, parse_qs, urlsplit

from ..errors import Errors, KgError, StoreError

DEFAULT_BIND = "127.0.0.1:7878"
DEFAULT_TIMEOUT = 60.0
MAX_QUERY_BYTES = 16 * 2**20  # largest query body the front reads to check it
_STATIC = {"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg"}
_QUERY_PATHS = {"/query", "/sparql"}
_QUERY_TYPES = {"application/sparql-query", "application/x-www-form-urlencoded"}
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailer", "transfer-encoding", "upgrade", "host", "content-length", "authorization", "expect"}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}

# What a SPARQL lexer skips: strings, IRIs, comments. A SERVICE keyword left after removing
# them (in the text as sent or with \u escapes decoded) makes a query federated.
_SKIPPED = re.compile(r'''"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n\r]*''')
_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE(?![\w:\-])", re.IGNORECASE)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def federated(query: str) -> bool:
    """Whether a SPARQL query may call another endpoint (SERVICE); errs on the side of yes."""
    decoded = _ESCAPE.sub(lambda m: _char(m[1] or m[2]), query)
    return any(_SERVICE.search(_SKIPPED.sub(" ", text)) for text in (query, decoded))


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if code <= sys.maxunicode else " SERVICE "


def parse_bind(bind: str) -> tuple[str, int]:
    """HOST:PORT ([::1]:PORT for IPv6) as a (host, port) pair."""
    host, sep, port = bind.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise KgError(Errors.E048.format(bind=bind))
    return host, int(port)


def oxigraph_command() -> str:
    """The `oxigraph` server command installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise KgError(Errors.E044.format(python=sys.executable))
    return found


def serve(
    store: Path,
    *,
    bind: str = DEFAULT_BIND,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the store at `bind` until interrupted (Ctrl-C, SIGTERM) or the Oxigraph server stops.

    store: The store folder (created when updates are allowed; else it must hold a store).
    allow_update: Let requests with `Authorization: Bearer TOKEN` update the store.
    timeout: Seconds a query may run before Oxigraph stops it.
    announce: Called with the lines that say where the endpoint is.
    """
    host, port = parse_bind(bind)
    if allow_update and not token:
        raise KgError(Errors.E045)
    if not allow_update and not (store / "CURRENT").exists():
        raise StoreError(Errors.E024.format(path=store))
    with ExitStack() as cleanup:
        if not allow_update:  # the read-only server does not lock the store: kg holds the lock for it
            cleanup.enter_context(_store_lock(store))
        backend_port = _free_port()
        front = _front_server(host, port, backend_port, token if allow_update else None, allow_update, timeout)
        cleanup.callback(front.server_close)
        backend = _start_backend(store, backend_port, allow_update=allow_update, timeout=timeout)
        cleanup.callback(_stop, backend)
        stopping = threading.Event()

        def stop(*_: object) -> None:
            if not stopping.is_set():
                stopping.set()
                threading.Thread(target=front.shutdown, daemon=True).start()

        def watch() -> None:
            backend.wait()
            stop()

        threading.Thread(target=watch, daemon=True).start()
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, stop)
            cleanup.callback(signal.signal, signal.SIGTERM, previous)
        for line in _endpoint_lines(store, front.server_address[1], host, allow_update):
            announce(line)
        try:
            front.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        if backend.poll() is not None:
            raise StoreError(Errors.E046.format(path=store, reason=f"exit code {backend.returncode}"))


@contextmanager
def _store_lock(store: Path) -> Iterator[None]:
    """Hold RocksDB's lock on the store, so that no other program writes it while it is served."""
    with open(store / "LOCK", "a") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise StoreError(Errors.E009.format(path=store, reason=f"another program uses it: {e.strerror}")) from e
        yield


def _endpoint_lines(store: Path, port: int, host: str, allow_update: bool) -> list[str]:
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    updates = (f"SPARQL Update {base}/update and Graph Store {base}/store, with 'Authorization: Bearer TOKEN'"
               if allow_update else "read-only: updates are refused (kg serve --allow-update --token T allows them)")
    lines = [
        f"Serving {store} as a SPARQL endpoint.",
        f"  query page: {base}/",
        f"  SPARQL queries: {base}/query (also {base}/sparql)",
        f"  {updates}",
    ]
    if host not in _LOOPBACK:
        lines.append(f"  warning: listening on {host}, not only this machine: anyone who reaches it can query.")
    lines.append("Ctrl-C stops the server.")
    return lines


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_backend(store: Path, port: int, *, allow_update: bool, timeout: float) -> subprocess.Popen:
    """Start the Oxigraph server on 127.0.0.1:port and wait until it accepts connections."""
    command = [oxigraph_command(), "serve" if allow_update else "serve-read-only",
               "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph",
               "--timeout-s", str(max(1, round(timeout)))]
    log = tempfile.TemporaryFile()
    # Its own session (Ctrl-C reaches only kg, which stops it) and, on Linux, SIGTERM when kg dies.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL,
                               env={**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"},
                               start_new_session=True, preexec_fn=_die_with_parent)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            lines = [line.strip() for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
            reason = lines[0].removeprefix("Error: ")[:300] if lines else f"exit code {process.returncode}"
            raise StoreError(Errors.E046.format(path=store, reason=reason))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.05)
    _stop(process)
    raise StoreError(Errors.E046.format(path=store, reason="it did not answer within 30 s"))


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _front_server(host: str, port: int, backend_port: int, token: str | None, allow_update: bool,
                  timeout: float) -> ThreadingHTTPServer:
    handler = type("FrontHandler", (_FrontHandler,), {
        "backend_port": backend_port, "token": token, "allow_update": allow_update,
        "backend_timeout": timeout + 30,
    })
    server_class = type("FrontServer", (ThreadingHTTPServer,), {
        "address_family": socket.AF_INET6 if ":" in host else socket.AF_INET,
        "request_queue_size": 128,
    })
    try:
        return server_class((host, port), handler)
    except OSError as e:
        raise KgError(Errors.E047.format(bind=f"{host}:{port}", reason=e.strerror or e)) from e


class _FrontHandler(BaseHTTPRequestHandler):
    """Passes reads to the Oxigraph server; refuses or authenticates writes."""

    protocol_version = "HTTP/1.1"
    timeout = 120  # seconds an idle client connection is kept
    backend_port: int
    token: str | None
    allow_update: bool
    backend_timeout: float

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _handle(self) -> None:
        chunked = self.headers.get("Transfer-Encoding", "").lower() == "chunked"
        self._unread_body = chunked or int(self.headers.get("Content-Length") or 0) > 0
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        suffix = f"?{url.query}" if url.query else ""
        if "update" in params:
            return self._write(url)
        if self.command in ("GET", "HEAD", "OPTIONS"):
            target = "/query" if url.path in _QUERY_PATHS else url.path
            return self._read(target + suffix, None, params.get("query", []))
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not (self.command == "POST" and url.path in _QUERY_PATHS and content_type in _QUERY_TYPES):
            return self._write(url)
        if self.headers.get("Content-Encoding", "identity").lower() != "identity":
            return self._refuse(415, "Compressed request bodies are not accepted; send the query as is.")
        body = self._body_bytes()
        if body is None:
            return None
        text = body.decode("utf-8", "replace")
        if content_type == "application/sparql-query":
            queries = [text]
        else:
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._write(url, body)
            queries = form.get("query", [])
        return self._read("/query" + suffix, body, queries + params.get("query", []))

    def _read(self, target: str, body: bytes | None, queries: list[str]) -> None:
        if any(federated(q) for q in queries):
            return self._refuse(403, "Federated queries (SERVICE) are not allowed on this endpoint.")
        self._forward(target, body)

    def _write(self, url: SplitResult, body: bytes | None = None) -> None:
        if not self.allow_update:
            return self._refuse(403, "This endpoint is read-only: updates are refused. "
                                     "Start it with kg serve --allow-update --token T to allow them.")
        given = self.headers.get("Authorization", "")
        if not given.startswith("Bearer "):
            return self._refuse(401, "Updates need 'Authorization: Bearer TOKEN'.",
                                {"WWW-Authenticate": 'Bearer realm="kg"'})
        if not hmac.compare_digest(given.removeprefix("Bearer ").strip().encode(), self.token.encode()):
            return self._refuse(403, "The bearer token is not the one this endpoint accepts.")
        target = url.path + (f"?{url.query}" if url.query else "")
        self._forward(target, body if body is not None else self._body_stream())

    def _body_bytes(self) -> bytes | None:
        """The request body, read to check it; None once a refusal was sent."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b"".join(_dechunk(self.rfile))
        else:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_QUERY_BYTES:
                self._refuse(413, f"The query is larger than {MAX_QUERY_BYTES} bytes.")
                return None
            data = self.rfile.read(length)
        self._unread_body = False
        if len(data) > MAX_QUERY_BYTES:
            self._refuse(413, f"The query is larger than {MAX_QUERY_BYTES} bytes.")
            return None
        return data

    def _body_stream(self) -> Iterator[bytes] | None:
        self._unread_body = False
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return _dechunk(self.rfile)
        length = int(self.headers.get("Content-Length") or 0)
        return _limited(self.rfile, length) if length else None

    def _forward(self, target: str, body: bytes | Iterator[bytes] | None) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers["Host"] = f"127.0.0.1:{self.backend_port}"
        chunked = False
        if isinstance(body, bytes):
            headers["Content-Length"] = str(len(body))
        elif body is not None and self.headers.get("Content-Length"):
            headers["Content-Length"] = self.headers["Content-Length"]
        elif body is not None:
            chunked = True
        if self._unread_body:
            self.close_connection = True  # a body nobody reads ends the connection
        backend = http.client.HTTPConnection("127.0.0.1", self.backend_port, timeout=self.backend_timeout)
        try:
            backend.request(self.command, target, body=body, headers=headers, encode_chunked=chunked)
            response = backend.getresponse()
        except TimeoutError:
            backend.close()
            return self._refuse(504, "The SPARQL server did not answer in time.")
        except OSError:
            backend.close()
            return self._refuse(502, "The SPARQL server is not answering.")
        try:
            self._relay(response)
        except OSError:
            self.close_connection = True
        finally:
            backend.close()

    def _relay(self, response: http.client.HTTPResponse) -> None:
        """Pass the backend's status, headers and body (streamed) to the client."""
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        length = response.getheader("Content-Length")
        no_body = self.command == "HEAD" or response.status in (204, 304) or response.status < 200
        if no_body:
            if length is not None:
                self.send_header("Content-Length", length)
            self.end_headers()
            return
        if length is not None:
            self.send_header("Content-Length", length)
            self.end_headers()
            while chunk := response.read1(65536):
                self.wfile.write(chunk)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while chunk := response.read1(65536):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def _refuse(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body = (message + "\n").encode("utf-8")
        self.close_connection = self.close_connection or self._unread_body
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _limited(stream, length: int) -> Iterator[bytes]:
    while length > 0:
        chunk = stream.read(min(65536, length))
        if not chunk:
            return
        length -= len(chunk)
        yield chunk


def _dechunk(stream) -> Iterator[bytes]:
    """The data of a chunked request body."""
    while True:
        size = int(stream.readline(1024).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while stream.readline(1024) not in (b"\r\n", b"\n", b""):
                pass
            return
        yield stream.read(size)
        stream.readline(1024)
