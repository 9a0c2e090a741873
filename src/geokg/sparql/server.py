"""``geokg serve``: a read-only SPARQL 1.1 Protocol endpoint (Starlette + uvicorn).

- ``/sparql``: GET (``?query=``), POST form-encoded (``query=``) or POST
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``;
  results negotiated from ``Accept`` (or ``?format=``).
- Read-only: SPARQL Update and ``SERVICE`` are refused (403); rdflib never
  loads ``FROM`` graphs from the network.
- Every query runs in a worker process with a time limit. A query that runs
  over it gets a 503 and its worker is killed and replaced (pyoxigraph's and
  rdflib's engines cannot be interrupted inside a process), so the server
  keeps answering others. Request bodies and result sizes are bounded.
- ``/``: an offline query page with the named queries and links to the HTML
  views; ``/queries``: the named queries as JSON; ``/health``.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import QueryError
from .query import check_read_only, named_queries, query_form
from .results import GRAPH_FORMATS, RESULT_FORMATS
from .server_page import render_page


@dataclass(frozen=True)
class ServerConfig:
    store: str = "memory:graph/geokg.trig"
    host: str = "127.0.0.1"
    port: int = 7979
    timeout: float = 5.0
    workers: int = 2
    max_body: int = 1_000_000
    max_rows: int = 100_000
    views: Path | None = None
    cache: int = 256  # results kept (the data never changes while serving); 0 turns it off


class HTTPProblem(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------
# Worker processes
# --------------------------------------------------------------------------


def _worker_main(conn, store_spec: str, max_rows: int) -> None:
    """Runs in a child process: open the store once, then answer jobs until told to stop."""
    from .results import serialize
    from .store import open_store

    store = open_store(store_spec, read_only=True)
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            outcome = store.query(job["query"], None, job["default"], job["named"])
            if outcome.kind == "SELECT" and len(outcome.rows) > max_rows:
                raise HTTPProblem(
                    413,
                    f"the result has {len(outcome.rows)} rows, more than this endpoint returns "
                    f"({max_rows}); add LIMIT or narrow the query",
                )
            fmt = job["formats"][0 if outcome.kind in ("SELECT", "ASK") else 1]
            conn.send(("ok", fmt, serialize(outcome, fmt)))
        except HTTPProblem as err:
            conn.send(("error", err.status, str(err)))
        except QueryError as err:
            conn.send(("error", 400, str(err)))
        except Exception as err:  # a bug or an engine failure: report, keep serving
            conn.send(("error", 500, f"{type(err).__name__}: {err}"))


class Worker:
    def __init__(self, config: ServerConfig):
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, config.store, config.max_rows), daemon=True
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float = 120) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not start in time")
        status, _, _ = self.conn.recv()
        if status != "ready":
            raise RuntimeError("a query worker failed to start")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()


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


class WorkerPool:
    """A fixed number of worker processes; a worker that overruns is replaced."""

    def __init__(self, config: ServerConfig):
        self.config = config
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.all: set[Worker] = set()

    def start(self) -> None:
        workers = [Worker(self.config) for _ in range(self.config.workers)]
        for worker in workers:
            worker.wait_ready()
            self.all.add(worker)
            self.idle.put_nowait(worker)

    def stop(self) -> None:
        for worker in list(self.all):
            worker.stop()
        self.all.clear()

    def _replace(self, worker: Worker, loop: asyncio.AbstractEventLoop) -> None:
        """Kill an overrunning worker and start another in the background."""
        self.all.discard(worker)
        worker.kill()

        def start_new() -> None:
            fresh = Worker(self.config)
            fresh.wait_ready()
            self.all.add(fresh)
            loop.call_soon_threadsafe(self.idle.put_nowait, fresh)

        threading.Thread(target=start_new, daemon=True).start()

    async def run(self, job: dict) -> tuple:
        loop = asyncio.get_running_loop()
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout=self.config.timeout * 4)
        except TimeoutError:
            raise HTTPProblem(503, "the endpoint is busy; try again shortly") from None
        try:
            worker.conn.send(job)
            ready = await loop.run_in_executor(None, worker.conn.poll, self.config.timeout)
        except (BrokenPipeError, OSError):
            ready = False
        if not ready:
            self._replace(worker, loop)
            raise HTTPProblem(
                503, f"the query ran longer than the time limit of {self.config.timeout:g} s "
                "and was stopped; narrow it or add LIMIT"
            )  # fmt: skip
        reply = worker.conn.recv()
        self.idle.put_nowait(worker)
        return reply


# --------------------------------------------------------------------------
# The SPARQL protocol
# --------------------------------------------------------------------------

_MEDIA = {media: name for name, (media, _) in RESULT_FORMATS.items()}
_GRAPH_MEDIA = {media: name for name, (media, _) in GRAPH_FORMATS.items()}
_ALIASES = {
    "application/json": "json",
    "text/xml": "xml",
    "application/xml": "xml",
    "text/plain": "nt",
    "application/x-turtle": "turtle",
}


def _accepted(accept: str) -> list[tuple[float, str]]:
    ranges = []
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((q, media.lower()))
    return sorted(ranges, key=lambda r: -r[0])


def negotiate(accept: str, fmt_param: str | None) -> tuple[str, str]:
    """(result format, graph format) for an ``Accept`` header or a ``format`` parameter."""
    if fmt_param:
        name = _MEDIA.get(fmt_param, _GRAPH_MEDIA.get(fmt_param, fmt_param))
        if name in RESULT_FORMATS:
            return name, "turtle"
        if name in GRAPH_FORMATS:
            return "json", name
        raise HTTPProblem(406, f"unknown format '{fmt_param}'")
    result, graph = None, None
    for q, media in _accepted(accept or "*/*"):
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            result, graph = result or "json", graph or "turtle"
            continue
        name = _ALIASES.get(media, media)
        result = result or _MEDIA.get(media) or (name if name in RESULT_FORMATS else None)
        graph = graph or _GRAPH_MEDIA.get(media) or (name if name in GRAPH_FORMATS else None)
    if result is None and graph is None:
        raise HTTPProblem(
            406,
            "none of the accepted media types can be produced; ask for "
            + ", ".join([*_MEDIA, *_GRAPH_MEDIA]),
        )
    return result or "", graph or ""


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


async def _query_request(request: Request, limit: int) -> tuple[str, list[str], list[str]]:
    """The query text and dataset of a protocol request (GET or either POST form)."""
    params = request.query_params
    default = params.getlist("default-graph-uri")
    named = params.getlist("named-graph-uri")
    if request.method == "GET":
        if "update" in params:
            raise HTTPProblem(403, "this endpoint is read-only: SPARQL Update is not accepted")
        query = params.get("query")
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, limit)
        if media == "application/sparql-update":
            raise HTTPProblem(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if media == "application/sparql-query":
            query = body.decode("utf-8", errors="replace")
        elif media == "application/x-www-form-urlencoded":
            from urllib.parse import parse_qs

            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in form:
                raise HTTPProblem(403, "this endpoint is read-only: SPARQL Update is not accepted")
            query = (form.get("query") or [None])[0]
            default += form.get("default-graph-uri", [])
            named += form.get("named-graph-uri", [])
        else:
            raise HTTPProblem(
                415,
                "POST a query as application/sparql-query or application/x-www-form-urlencoded",
            )
    if not query or not query.strip():
        raise HTTPProblem(400, "no query: pass it as the 'query' parameter")
    return query, default, named


def create_app(config: ServerConfig, pool: WorkerPool | None = None) -> Starlette:
    pool = pool or WorkerPool(config)
    cache = ResultCache(config.cache)
    views = config.views if config.views is not None else Path("graph/views")

    async def sparql(request: Request) -> Response:
        try:
            text, default, named = await _query_request(request, config.max_body)
            try:
                form = query_form(text)
                check_read_only(text)
            except QueryError as err:
                status = 403 if "not accepted" in str(err) else 400
                raise HTTPProblem(status, str(err)) from err
            formats = negotiate(request.headers.get("accept", "*/*"),
                                request.query_params.get("format"))  # fmt: skip
            needed = formats[0] if form in ("SELECT", "ASK") else formats[1]
            if not needed:
                raise HTTPProblem(406, f"cannot produce a {form} result in the accepted types")
            job = {"query": text, "default": default or None, "named": named or None,
                   "formats": formats}  # fmt: skip
            key = (text, tuple(default), tuple(named), formats)
            reply = cache.get(key)
            if reply is None:
                reply = await pool.run(job)
                if reply[0] == "ok":
                    cache.put(key, reply)
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
        return JSONResponse({"status": "ok", "store": config.store, "workers": len(pool.all)})

    routes = [
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", queries),
        Route("/health", health),
    ]
    if views.is_dir():
        routes.append(Mount("/views", app=StaticFiles(directory=views), name="views"))
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
        )
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await asyncio.get_running_loop().run_in_executor(None, pool.start)
        try:
            yield
        finally:
            pool.stop()

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def serve(config: ServerConfig) -> None:
    """Run the endpoint until interrupted."""
    import uvicorn

    from ..errors import StoreError
    from .store import open_store

    kind, _, location = config.store.partition(":")
    if kind == "oxigraph":
        open_store(config.store, read_only=True)  # fail fast, with geokg's message
    elif not Path(location or config.store).is_file():
        raise StoreError(f"{location or config.store}: no dataset; run 'geokg build' first")
    print(f"geokg SPARQL endpoint: http://{config.host}:{config.port}/sparql "
          f"(query page: http://{config.host}:{config.port}/)", flush=True)  # fmt: skip
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="warning")


__all__ = ["ServerConfig", "create_app", "negotiate", "serve"]
