"""``geokg serve``: a read-only SPARQL 1.1 Protocol endpoint (Starlette + uvicorn).

- ``/sparql``: GET/HEAD (``?query=``), POST form-encoded (``query=``) or POST
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``;
  results negotiated from ``Accept`` (``q=0`` excludes) or ``?format=``.
- What a query may do is decided from its parse (:mod:`.guard`), in a worker
  process, inside the time limit: Update and ``SERVICE`` are refused (403),
  and neither engine ever opens a connection or a file for a query.
- Every query runs in a worker process with a time limit (:mod:`.workers`);
  a worker that overruns or dies is replaced at once. Request bodies, query
  length, nesting depth and result sizes are bounded.
- Browser safety: no CORS unless ``--cors ORIGIN``; the ``Host`` header must
  name this server (``--allow-host`` adds names), so a web page cannot reach a
  local endpoint through DNS rebinding.
- The data cannot change under a running server: the memory store's file is
  read from a private snapshot, and ``geokg load`` refuses an Oxigraph store
  that a server holds.
- ``/``: an offline query page with the named queries and links to the HTML
  views; ``/queries``: the named queries as JSON; ``/health``: live workers
  and how many queries run long.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import shutil
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import QueryError
from .guard import MAX_DEPTH, MAX_LENGTH, precheck
from .query import named_queries
from .results import GRAPH_FORMATS, RESULT_FORMATS
from .server_page import render_page
from .workers import HTTPProblem, PoolConfig, WorkerPool


@dataclass(frozen=True)
class ServerConfig:
    store: str = "memory:graph/geokg.trig"
    host: str = "127.0.0.1"
    port: int = 7979
    timeout: float = 5.0
    workers: int = 4
    max_body: int = 1_000_000
    max_query: int = MAX_LENGTH
    max_depth: int = MAX_DEPTH
    max_rows: int = 100_000
    max_slow: int = 8
    slow_after: float = 0.25  # CPU seconds
    views: Path | None = None
    cache: int = 256  # results kept (the data never changes while serving); 0 turns it off
    cors: tuple[str, ...] = ()
    allow_hosts: tuple[str, ...] = ()

    def pool(self) -> PoolConfig:
        return PoolConfig(self.store, self.workers, self.timeout, self.max_rows,
                          self.max_depth, self.slow_after, self.max_slow)  # fmt: skip


class ResultCache:
    """The last answers, by query and dataset: the data cannot change while serving."""

    def __init__(self, entries: int, max_bytes: int = 64_000_000):
        self.entries, self.max_bytes = entries, max_bytes
        self.items: OrderedDict[tuple, tuple] = OrderedDict()
        self.size = 0

    def get(self, key: tuple) -> tuple | None:
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        return None

    def put(self, key: tuple, reply: tuple) -> None:
        if not self.entries or len(reply[2]) > self.max_bytes // 4:
            return
        self.items[key] = reply
        self.size += len(reply[2])
        while len(self.items) > self.entries or self.size > self.max_bytes:
            _, old = self.items.popitem(last=False)
            self.size -= len(old[2])


class InFlight:
    """Requests for the same answer share one run: the second waits for the first.

    Without this, clients that ask the same uncached query at once would each
    take a worker for it (and a long one would be run, and stopped, many times).
    """

    def __init__(self, pool: WorkerPool, cache: ResultCache):
        self.pool, self.cache = pool, cache
        self.runs: dict[tuple, asyncio.Task] = {}

    async def answer(self, key: tuple, job: dict) -> tuple:
        task = self.runs.get(key)
        if task is None:
            task = asyncio.ensure_future(self._run(key, job))
            self.runs[key] = task
        return await asyncio.shield(task)

    async def _run(self, key: tuple, job: dict) -> tuple:
        try:
            reply = await self.pool.run(job)
            if reply[0] == "ok":
                self.cache.put(key, reply)
            return reply
        finally:
            del self.runs[key]


# --------------------------------------------------------------------------
# The SPARQL protocol
# --------------------------------------------------------------------------

# Each format's media types, the first its own; order = preference among equals.
_RESULT_MEDIA = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
_GRAPH_MEDIA = {
    "turtle": ("text/turtle", "application/x-turtle"),
    "nt": ("application/n-triples", "text/plain"),
    "json-ld": ("application/ld+json",),
    "rdf-xml": ("application/rdf+xml",),
}
_BY_MEDIA = {m: n for table in (_RESULT_MEDIA, _GRAPH_MEDIA) for n, ms in table.items() for m in ms}


def _accepted(accept: str) -> dict[str, float]:
    """``Accept`` as {media range: q}; a malformed q counts as 0."""
    ranges: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if media:
            ranges[media.lower()] = q
    return ranges


def _quality(media_types: tuple[str, ...], ranges: dict[str, float]) -> float:
    """The q that the most specific matching range gives a format (RFC 9110 §12.5.1):
    ``application/sparql-results+json;q=0, */*`` excludes JSON under any of its names."""
    best = (-1, 0.0)
    for media in media_types:
        kind = media.split("/")[0]
        for specificity, candidate in ((2, media), (1, f"{kind}/*"), (0, "*/*")):
            if candidate in ranges:
                best = max(best, (specificity, ranges[candidate]))
                break
    return best[1]


def _choose(table: dict[str, tuple[str, ...]], ranges: dict[str, float]) -> str:
    scored = [(q, -i, name) for i, (name, media) in enumerate(table.items())
              if (q := _quality(media, ranges)) > 0]  # fmt: skip
    return max(scored)[2] if scored else ""


def negotiate(accept: str, fmt_param: str | None) -> tuple[str, str]:
    """(result format, graph format) for an ``Accept`` header or a ``format`` parameter.

    Either may be ``""`` when no acceptable type exists for that kind of result.
    """
    if fmt_param:
        name = _BY_MEDIA.get(fmt_param.lower(), fmt_param.lower())
        if name in RESULT_FORMATS:
            return name, "turtle"
        if name in GRAPH_FORMATS:
            return "json", name
        raise HTTPProblem(406, f"unknown format '{fmt_param[:50]}'")
    ranges = _accepted(accept or "*/*")
    result, graph = _choose(_RESULT_MEDIA, ranges), _choose(_GRAPH_MEDIA, ranges)
    if not result and not graph:
        raise HTTPProblem(
            406,
            "none of the accepted media types can be produced; ask for "
            + ", ".join(m[0] for m in [*_RESULT_MEDIA.values(), *_GRAPH_MEDIA.values()]),
        )
    return result, graph


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPProblem(413, f"the request body is larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPProblem(413, f"the request body is larger than {limit} bytes")
    return bytes(body)


_READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise HTTPProblem(400, f"give the '{name}' parameter once (it came {len(values)} times)")
    return values[0] if values else None


async def _query_request(request: Request, limit: int) -> tuple[str, list[str], list[str]]:
    """The query text and dataset of a protocol request (GET, HEAD or either POST)."""
    params = request.query_params
    default = params.getlist("default-graph-uri")
    named = params.getlist("named-graph-uri")
    queries = params.getlist("query")
    if "update" in params:
        raise HTTPProblem(403, _READ_ONLY)
    if request.method in ("POST",):
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, limit)
        if media == "application/sparql-update":
            raise HTTPProblem(403, _READ_ONLY)
        if media == "application/sparql-query":
            if queries:
                raise HTTPProblem(400, "give the query once: in the body or as 'query', not both")
            queries = [body.decode("utf-8", errors="replace")]
        elif media == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in form:
                raise HTTPProblem(403, _READ_ONLY)
            queries = queries + form.get("query", [])
            default += form.get("default-graph-uri", [])
            named += form.get("named-graph-uri", [])
        else:
            raise HTTPProblem(
                415,
                "POST a query as application/sparql-query or application/x-www-form-urlencoded",
            )
    query = _one(queries, "query")
    if not query or not query.strip():
        raise HTTPProblem(400, "no query: pass it as the 'query' parameter")
    return query, default, named


def allowed_hosts(config: ServerConfig) -> set[str]:
    """Host names this server answers to: the one it serves on, localhost, and the extra ones.

    IP literals are always accepted: DNS rebinding needs a name.
    """
    return {"localhost", config.host.lower(), *(h.lower() for h in config.allow_hosts)}


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    name, sep, port = header.rpartition(":")
    return name if sep and port.isdigit() else header


def _host_ok(header: str, names: set[str]) -> bool:
    name = _host_name(header)
    if name in names:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """Refuse requests whose ``Host`` header names another site (DNS rebinding)."""

    def __init__(self, app, names: set[str]):
        self.app, self.names = app, names

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            host = headers.get(b"host", b"").decode("latin-1")
            if not _host_ok(host, self.names):
                response = PlainTextResponse(
                    f"this endpoint does not answer for the host '{host[:100]}'; "
                    "start it with --allow-host NAME to accept that name\n",
                    status_code=421,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(config: ServerConfig, pool: WorkerPool | None = None) -> Starlette:
    pool = pool or WorkerPool(config.pool())
    cache = ResultCache(config.cache)
    running = InFlight(pool, cache)
    views = config.views if config.views is not None else Path("graph/views")

    async def sparql(request: Request) -> Response:
        try:
            text, default, named = await _query_request(request, config.max_body)
            try:
                precheck(text, config.max_query, config.max_depth)
            except QueryError as err:
                raise HTTPProblem(400, str(err)) from None
            formats = negotiate(request.headers.get("accept", "*/*"),
                                request.query_params.get("format"))  # fmt: skip
            job = {"query": text, "default": default or None, "named": named or None,
                   "formats": formats}  # fmt: skip
            key = (text, tuple(default), tuple(named), formats)
            reply = cache.get(key)
            if reply is None:
                reply = await running.answer(key, job)
            status, fmt, payload = reply
            if status == "error":
                raise HTTPProblem(fmt, payload)
            media = (RESULT_FORMATS.get(fmt) or GRAPH_FORMATS[fmt])[0]
            return Response(payload, media_type=f"{media}; charset=utf-8")
        except HTTPProblem as err:
            return PlainTextResponse(str(err) + "\n", status_code=err.status)

    async def page(request: Request) -> Response:
        links = sorted(p.name for p in views.glob("*.html")) if views.is_dir() else []
        return HTMLResponse(render_page(named_queries(), links))

    async def queries(request: Request) -> Response:
        return JSONResponse([
            {"name": q.name, "title": q.title, "answers": q.answers, "description": q.description,
             "params": q.params, "text": q.text}
            for q in named_queries().values()
        ])  # fmt: skip

    async def health(request: Request) -> Response:
        live = pool.live()
        return JSONResponse(
            {"status": "ok" if live else "unavailable", "workers": live,
             "configured": config.workers, "long_running": len(pool.long)},
            status_code=200 if live else 503,
        )  # fmt: skip

    routes = [
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
        Route("/queries", queries),
        Route("/health", health),
    ]
    if views.is_dir():
        routes.append(Mount("/views", app=StaticFiles(directory=views), name="views"))
    middleware = [Middleware(HostCheck, names=allowed_hosts(config))]
    if config.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors),
                allow_methods=["GET", "HEAD", "POST"],
                allow_headers=["Content-Type", "Accept"],
            )
        )

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.open()
        try:
            yield
        finally:
            await pool.close()

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


@contextlib.contextmanager
def held_store(spec: str) -> Iterator[str]:
    """The store spec the workers open, held unchanged while serving.

    Memory: a private copy of the file, so every worker (and every replacement)
    reads the same data whatever happens to the file. Oxigraph: the folder,
    with a shared lock that ``geokg load`` respects.
    """
    from ..errors import StoreError
    from .store import open_store, serving_lock

    kind, _, location = spec.partition(":")
    if kind not in ("memory", "oxigraph") and Path(spec).is_dir():
        kind, location, spec = "oxigraph", spec, f"oxigraph:{spec}"
    if kind == "oxigraph":
        open_store(spec, read_only=True)  # fail fast, with geokg's message
        with serving_lock(Path(location)):
            yield spec
        return
    path = Path(location if kind == "memory" else spec)
    if not path.is_file():
        raise StoreError(f"{path}: no dataset; run 'geokg build' first")
    folder = Path(tempfile.mkdtemp(prefix="geokg-serve-"))
    try:
        snapshot = folder / f"snapshot{path.suffix}"
        shutil.copyfile(path, snapshot)
        yield f"memory:{snapshot}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def serve(config: ServerConfig) -> None:
    """Run the endpoint until interrupted."""
    import dataclasses

    import uvicorn

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("geokg serve: %(message)s"))
    logging.getLogger("geokg.serve").addHandler(handler)
    with held_store(config.store) as spec:
        config = dataclasses.replace(config, store=spec)
        pool = WorkerPool(config.pool())
        app = create_app(config, pool)
        print(f"geokg SPARQL endpoint: http://{config.host}:{config.port}/sparql "
              f"(query page: http://{config.host}:{config.port}/)", flush=True)  # fmt: skip

        class Server(uvicorn.Server):
            """Stops the workers first when told to exit, so that requests in flight
            get a 503 at once instead of waiting for their queries."""

            def handle_exit(self, sig, frame) -> None:
                pool.halt()
                super().handle_exit(sig, frame)

        Server(
            uvicorn.Config(app, host=config.host, port=config.port, log_level="warning",
                           timeout_graceful_shutdown=2)
        ).run()  # fmt: skip


__all__ = ["ServerConfig", "create_app", "negotiate", "serve"]
