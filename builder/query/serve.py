"""kg serve: a SPARQL 1.1 endpoint over the store, read-only unless updates are allowed with a token.

The Oxigraph server (PyPI `oxigraph`) answers on a private loopback port; a front on the
public address, an aiohttp application (`front_app`), passes queries (the SPARQL 1.1
Protocol, the query page at `/`, Graph Store Protocol reads) and lets a request that could
change the store (SPARQL Update, Graph Store PUT/POST/DELETE) through only when updates
are allowed and it carries `Authorization: Bearer TOKEN`. Requests and answers are streamed
both ways; a query body is read (to check it) up to `MAX_QUERY_BYTES`. Federated queries
(SERVICE) are refused: they would make the server fetch other URLs.

With updates allowed, `POST /documents?id=ID` and `DELETE /documents?id=ID` add and remove
articles (`documents`): the front parses them with the spaCy pipeline it keeps loaded and
writes them to the Oxigraph server through SPARQL Update, one document at a time, while
queries go on being answered.
"""

import asyncio
import fcntl
import hmac
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
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from ..errors import Errors, KgError, StoreError

if TYPE_CHECKING:
    from aiohttp import web

    from .documents import Documents, Graph

DEFAULT_BIND = "127.0.0.1:7878"
DEFAULT_TIMEOUT = 60.0
MAX_QUERY_BYTES = 16 * 2**20  # largest query body the front reads to check it
KEEPALIVE_SECONDS = 120  # an idle client connection is closed after this
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
    open_graph: "Callable[[str], Graph] | None" = None,
    max_bytes: int | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the store at `bind` until interrupted (Ctrl-C, SIGTERM) or the Oxigraph server stops.

    store: The store folder (created when updates are allowed; else it must hold a store).
    allow_update: Let requests with `Authorization: Bearer TOKEN` update the store.
    timeout: Seconds a query may run before Oxigraph stops it.
    open_graph: With updates allowed, opens the knowledge graph (`KnowledgeGraph`) on the
        Oxigraph server's URL that `POST` and `DELETE /documents` write through; None: no
        `/documents` endpoint.
    max_bytes: The largest article body `POST /documents` takes [default: `documents.MAX_BODY_BYTES`].
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
        listening = _listen(host, port)
        cleanup.callback(listening.close)
        backend_port = _free_port()
        if allow_update:
            _make_folder(store)
        backend = _start_backend(store, backend_port, allow_update=allow_update, timeout=timeout)
        cleanup.callback(_stop, backend)
        documents = None
        if allow_update and open_graph is not None:
            from .documents import Documents

            documents = cleanup.enter_context(Documents(open_graph(f"http://127.0.0.1:{backend_port}"),
                                                        max_bytes=max_bytes, name=str(store)))
        app = front_app(backend_port, token=token if allow_update else None, allow_update=allow_update,
                        timeout=timeout, documents=documents)
        lines = _endpoint_lines(store, listening.getsockname()[1], host, allow_update, documents is not None)
        asyncio.run(_run(app, listening, backend, lambda: [announce(line) for line in lines]))
        if backend.poll() is not None:
            raise StoreError(Errors.E046.format(path=store, reason=f"exit code {backend.returncode}"))


async def _run(app: "web.Application", listening: socket.socket, backend: subprocess.Popen,
               started: Callable[[], object]) -> None:
    """Serve `app` on the listening socket until SIGINT, SIGTERM or the backend's end."""
    from aiohttp import web

    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stopping.set)
    threading.Thread(target=lambda: (backend.wait(), loop.call_soon_threadsafe(stopping.set)), daemon=True).start()
    runner = web.AppRunner(app, handle_signals=False, access_log=None, keepalive_timeout=KEEPALIVE_SECONDS)
    await runner.setup()
    try:
        await web.SockSite(runner, listening, shutdown_timeout=5).start()
        started()
        await stopping.wait()
    finally:
        await runner.cleanup()


def _listen(host: str, port: int) -> socket.socket:
    """The front's listening socket, bound before the backend starts (a busy address fails first)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as e:
        sock.close()
        raise KgError(Errors.E047.format(bind=f"{host}:{port}", reason=e.strerror or e)) from e
    sock.setblocking(False)
    return sock


@contextmanager
def _store_lock(store: Path) -> Iterator[None]:
    """Hold RocksDB's lock on the store, so that no other program writes it while it is served."""
    with open(store / "LOCK", "a") as lock:
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise StoreError(Errors.E009.format(path=store, reason=f"another program uses it: {e.strerror}")) from e
        yield


def _endpoint_lines(store: Path, port: int, host: str, allow_update: bool, documents: bool) -> list[str]:
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    updates = (f"SPARQL Update {base}/update and Graph Store {base}/store, with 'Authorization: Bearer TOKEN'"
               if allow_update else "read-only: updates are refused (kg serve --allow-update --token T allows them)")
    lines = [
        f"Serving {store} as a SPARQL endpoint.",
        f"  query page: {base}/",
        f"  SPARQL queries: {base}/query (also {base}/sparql)",
        f"  {updates}",
    ]
    if documents:
        lines.append(f"  articles: POST {base}/documents?id=ID (text, Markdown, HTML or NDJSON body), "
                     f"DELETE {base}/documents?id=ID, with the same token")
    if host not in _LOOPBACK:
        lines.append(f"  warning: listening on {host}, not only this machine: anyone who reaches it can query.")
    lines.append("Ctrl-C stops the server.")
    return lines


def _make_folder(store: Path) -> None:
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(Errors.E009.format(path=store, reason=e.strerror or e)) from e


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



def front_app(backend_port: int, *, token: str | None, allow_update: bool, timeout: float,
              documents: "Documents | None" = None) -> "web.Application":
    """The front: an aiohttp application that checks each request and streams it to the
    Oxigraph server on 127.0.0.1:backend_port (or answers `/documents` itself)."""
    import aiohttp
    from aiohttp import web

    app = web.Application(client_max_size=MAX_QUERY_BYTES)
    gate = _Gate(token, allow_update)
    backend = f"http://127.0.0.1:{backend_port}"
    backend_timeout = aiohttp.ClientTimeout(total=None, connect=10, sock_read=timeout + 30)

    async def session_context(app: web.Application):
        connector = aiohttp.TCPConnector(limit=256, force_close=False)
        app["session"] = aiohttp.ClientSession(connector=connector, timeout=backend_timeout, auto_decompress=False,
                                               skip_auto_headers=("Accept-Encoding", "User-Agent", "Content-Type"))
        yield
        await app["session"].close()

    app.cleanup_ctx.append(session_context)

    async def handle(request: web.Request) -> web.StreamResponse:
        params = parse_qs(request.query_string, keep_blank_values=True)
        suffix = f"?{request.query_string}" if request.query_string else ""
        if "update" in params:
            return await write(request)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            target = "/query" if request.path in _QUERY_PATHS else request.path
            return await read(request, target + suffix, None, params.get("query", []))
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not (request.method == "POST" and request.path in _QUERY_PATHS and content_type in _QUERY_TYPES):
            return await write(request)
        if request.headers.get("Content-Encoding", "identity").lower() != "identity":
            return refusal(415, "Compressed request bodies are not accepted; send the query as is.")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return refusal(413, f"The query is larger than {MAX_QUERY_BYTES} bytes.", close=True)
        text = body.decode("utf-8", "replace")
        if content_type == "application/sparql-query":
            queries = [text]
        else:
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return await write(request, body)
            queries = form.get("query", [])
        return await read(request, "/query" + suffix, body, queries + params.get("query", []))

    async def read(request: web.Request, target: str, body: bytes | None, queries: list[str]) -> web.StreamResponse:
        if any(federated(q) for q in queries):
            return refusal(403, "Federated queries (SERVICE) are not allowed on this endpoint.")
        return await forward(request, target, body)

    async def write(request: web.Request, body: bytes | None = None) -> web.StreamResponse:
        refused = gate.check(request.headers.get("Authorization", ""))
        if refused:
            return refusal(*refused)
        target = request.path_qs
        if body is None and request.body_exists:
            return await forward(request, target, request.content)
        return await forward(request, target, body)

    async def forward(request: web.Request, target: str, body: object) -> web.StreamResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        if isinstance(body, bytes):
            headers["Content-Length"] = str(len(body))
        elif body is not None and request.content_length is not None:
            headers["Content-Length"] = str(request.content_length)
        session: aiohttp.ClientSession = request.app["session"]
        try:
            upstream = await session.request(request.method, backend + target, data=body, headers=headers,
                                             allow_redirects=False, compress=None)
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError):
            return refusal(504, "The SPARQL server did not answer in time.")
        except aiohttp.ClientError:
            return refusal(502, "The SPARQL server is not answering.")
        async with upstream:
            response = web.StreamResponse(status=upstream.status, reason=upstream.reason)
            for name, value in upstream.headers.items():
                if name.lower() not in _HOP_BY_HOP:
                    response.headers.add(name, value)
            length = upstream.headers.get("Content-Length")
            if length is not None:
                response.content_length = int(length)
            await response.prepare(request)
            if request.method != "HEAD":
                try:
                    async for chunk in upstream.content.iter_chunked(65536):
                        await response.write(chunk)
                except (asyncio.TimeoutError, aiohttp.ClientError, ConnectionError):
                    if request.transport is not None:  # the answer broke off: so does this one
                        request.transport.close()
                    return response
            await response.write_eof()
            return response

    if documents is not None:
        documents.route(app, gate, refusal)
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


def refusal(status: int, message: str, headers: dict[str, str] | None = None, *, close: bool = False) -> "web.Response":
    """A plain-text answer of one line."""
    from aiohttp import web

    response = web.Response(status=status, text=message + "\n", content_type="text/plain", charset="utf-8",
                            headers=headers)
    if close:
        response.force_close()
    return response


class _Gate:
    """Who may change the store: nobody on a read-only endpoint, else the bearer of the token."""

    def __init__(self, token: str | None, allow_update: bool) -> None:
        self.token = token
        self.allow_update = allow_update

    def check(self, authorization: str) -> tuple | None:
        """None if a request with this Authorization header may write; else (status, message, headers)."""
        if not self.allow_update:
            return (403, "This endpoint is read-only: updates are refused. "
                         "Start it with kg serve --allow-update --token T to allow them.")
        if not authorization.startswith("Bearer "):
            return 401, "Updates need 'Authorization: Bearer TOKEN'.", {"WWW-Authenticate": 'Bearer realm="kg"'}
        if not hmac.compare_digest(authorization.removeprefix("Bearer ").strip().encode(), self.token.encode()):
            return 403, "The bearer token is not the one this endpoint accepts."
        return None
