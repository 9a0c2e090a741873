"""The ``geokg`` command: a thin shell over the library.

Exit codes: the table in ``geokg.errors`` (also printed by ``geokg --help``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from ..errors import GeokgError, UsageError, exit_code_table
from . import analyze as analyze_command
from . import export as export_command
from . import extract as extract_command

DATASET = Path("graph") / "geokg.trig"


def _root() -> Path:
    from ..resources import find_root

    return find_root()


def _located(store: str | None) -> str:
    """The store to read: as given, or the project's built dataset."""
    return store or f"memory:{_root() / DATASET}"


def _project_views() -> Path | None:
    """The project's views folder, if geokg runs inside a project (serve links them)."""
    try:
        return _root() / "graph" / "views"
    except UsageError:
        return None


def _paths(args: argparse.Namespace):
    from ..rdf.build import Paths

    return Paths(
        root=args.root,
        sources=args.sources,
        background=args.background,
        output=getattr(args, "out", None),
        include_drafts=getattr(args, "include_drafts", False),
        cache=getattr(args, "cache", None),
    )


def cmd_build(args: argparse.Namespace) -> int:
    from ..rdf.build import build

    if args.reasoner_timeout <= 0:
        raise UsageError("--reasoner-timeout takes a number of seconds greater than 0")
    report = build(
        _paths(args),
        reasoner=not args.no_reasoner,
        timeout=args.reasoner_timeout,
        cache=not args.no_cache,
    )
    print(report.summary())
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..rdf.build import validate

    report = validate(_paths(args))
    print(report.summary())
    print("sources are valid; nothing was written")
    return 0


def _auth_headers(args: argparse.Namespace) -> tuple[tuple[str, str] | None, dict[str, str]]:
    auth = None
    if args.auth:
        user, sep, password = args.auth.partition(":")
        if not sep:
            raise UsageError("--auth takes USER:PASSWORD")
        auth = (user, password)
    headers = {}
    for header in args.header:
        key, sep, value = header.partition(":")
        if not sep:
            raise UsageError(f"--header takes 'Name: value', got '{header}'")
        headers[key.strip()] = value.strip()
    return auth, headers


def _connection(args: argparse.Namespace, url: str):
    from ..sparql.remote import Connection

    return Connection(url, *_auth_headers(args))


def cmd_query(args: argparse.Namespace) -> int:
    from ..sparql.catalog import named_queries, resolve_query

    if args.list:
        for query in named_queries().values():
            answers = f" [{query.answers}]" if query.answers else ""
            params = (
                " (params: " + ", ".join(f"{k}={v}" for k, v in query.params.items()) + ")"
                if query.params
                else ""
            )
            print(f"{query.name}{answers}: {query.title}{params}")
        return 0
    if not args.query:
        raise UsageError("give a named query, a .rq file or SPARQL text (or --list)")
    from ..sparql.params import resolve_graphs
    from ..sparql.results import serialize, table

    bindings = dict(_split_param(p) for p in args.param)
    query = resolve_query(args.query)
    if args.endpoint:
        from ..sparql.remote import query_remote

        graphs = resolve_graphs(args.graph, None) or None
        outcome = query_remote(args.endpoint, query, bindings, graphs, *_auth_headers(args))
    else:
        from ..sparql.store import open_store

        store = open_store(_located(args.store), read_only=True)
        graphs = resolve_graphs(args.graph, store.graph_names()) or None
        outcome = store.query(query, bindings, graphs)
    if args.format == "table":
        print(table(outcome))
    else:
        sys.stdout.buffer.write(serialize(outcome, args.format))
        sys.stdout.flush()
    if outcome.kind == "SELECT" and not outcome.rows and (bindings or graphs):
        narrowed = [f"{k}={v}" for k, v in bindings.items()] + [f"--graph {g}" for g in args.graph]
        print(
            f"geokg query: no rows for {', '.join(narrowed)}: nothing matches that selection. "
            "Leave a parameter free with --param NAME='*', or drop --graph.",
            file=sys.stderr,
        )
    return 0


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"--param takes NAME=VALUE, got '{text}' (e.g. --param a=india)")
    return name.strip(), value.strip()


def cmd_load(args: argparse.Namespace) -> int:
    from ..errors import StoreError
    from ..sparql.store import loading_lock

    kind, _, location = args.store.partition(":")
    if kind != "oxigraph" or not location:
        raise StoreError("geokg load fills an Oxigraph store: --store oxigraph:DIR")
    files = [Path(f) for f in args.files] or [_root() / DATASET]
    with loading_lock(Path(location)):
        return _load(args, location, files)


def _load(args: argparse.Namespace, location: str, files: list[Path]) -> int:
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    from ..sparql.store import OxigraphStore, load_files

    store = OxigraphStore.open(Path(location))
    total = sum(f.stat().st_size for f in files if f.is_file())
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(
        *columns, disable=not sys.stderr.isatty() or args.quiet, transient=True
    ) as progress:
        task = progress.add_task("loading", total=total)
        load_files(store, files, lambda n: progress.advance(task, n), replace=args.replace)
    print(f"{location}: {store.count()} quads in {len(store.graph_names())} named graphs")
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from ..sparql.params import resolve_graphs
    from ..sparql.remote import push
    from ..sparql.store import open_store

    store = open_store(_located(args.store), read_only=True)
    names = resolve_graphs(args.graph, store.graph_names(), with_ontology=False)
    names = names or store.graph_names()
    sent = push(
        _connection(args, args.endpoint),
        {name: store.quads(name) for name in names},
        protocol=args.protocol,
        progress=lambda name, n: print(f"  {n:8d} triples → {name}"),
    )
    print(f"pushed {sum(sent.values())} triples in {len(sent)} graphs to {args.endpoint}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..sparql.server import ServerConfig, serve

    serve(
        ServerConfig(
            store=_located(args.store),
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            workers=args.workers,
            max_body=args.max_body,
            max_query=args.max_query,
            max_depth=args.max_depth,
            max_rows=args.max_rows,
            max_slow=args.max_slow,
            views=Path(args.views) if args.views else _project_views(),
            cache=args.cache,
            cors=tuple(args.cors),
            allow_hosts=tuple(args.allow_host),
        )
    )
    return 0


def cmd_views(args: argparse.Namespace) -> int:
    from ..errors import StoreError
    from ..network.oxdataset import OxigraphDataset

    path = Path(args.dataset) if args.dataset else _root() / DATASET
    if not path.is_file():
        raise StoreError(f"{path}: no dataset file; run 'geokg build' first")
    # Read by Oxigraph (many times faster than rdflib), graph by graph as asked for.
    dataset = OxigraphDataset.load(path)
    from ..views import write_views

    out = Path(args.out) if args.out else _root() / "graph" / "views"
    written = write_views(dataset, out, bins=args.bins)
    per_source = [p for p in written if p.parent != out]  # the explorer's page per source
    for path in written:
        if path.parent == out:
            print(f"wrote {path}")
    if per_source:
        print(f"wrote {len(per_source)} source page(s) of the explorer in {per_source[0].parent}")
    print(f"open {out / 'index.html'} in a browser (works offline, from disk)")
    return 0


def cmd_ontology(args: argparse.Namespace) -> int:
    from ..rdf.ontology import RDFXML_FILE, export_rdfxml

    if args.out:
        source = None if args.source is None else Path(args.source)
        print(f"wrote {export_rdfxml(source, Path(args.out))}")
        return 0
    folder = Path(args.source) if args.source else _root() / "ontology"
    print(f"wrote {export_rdfxml(folder, folder / RDFXML_FILE)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geokg",
        description="Geopolitical claims as a knowledge graph: build, check and query it.",
        epilog="exit codes:\n" + exit_code_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"geokg {version('geokg')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def with_paths(p: argparse.ArgumentParser, out: bool) -> None:
        p.add_argument(
            "--root",
            type=Path,
            help="project folder whose graph/ is used (default: the project holding the "
            "current folder, or $GEOKG_ROOT)",
        )
        p.add_argument("--sources", type=Path, help="sources folder (default: ROOT/graph/sources)")
        p.add_argument(
            "--background",
            type=Path,
            help="background folder of .ttl files (default: ROOT/graph/background)",
        )
        if out:
            p.add_argument("--out", type=Path, help="output folder (default: ROOT/graph)")
        p.add_argument(
            "--include-drafts",
            action="store_true",
            help="also build unreviewed drafts (claims marked machine_drafted: true; "
            "left out by default, with a count)",
        )

    p = sub.add_parser(
        "build",
        help="build the dataset from the sources",
        description="Build graph/geokg.trig (+ .ttl, .jsonld) from the sources: "
        "claims → RDF, OWL RL closure, SHACL, HermiT consistency check.",
    )
    with_paths(p, out=True)
    p.add_argument(
        "--no-reasoner", action="store_true", help="skip the HermiT consistency check (needs Java)"
    )
    p.add_argument(
        "--reasoner-timeout",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="give each HermiT run at most this long; on a time-out the build stops "
        "with exit code 10 (default: 600)",
    )
    p.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="where each source's share of the work is kept between builds "
        "(default: ROOT/graph/.cache)",
    )
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the build cache")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "validate",
        help="check the sources without writing anything",
        description="Check every source folder (text, metadata, claims) as the "
        "build would, report coverage, and write nothing.",
    )
    with_paths(p, out=False)
    p.set_defaults(func=cmd_validate)

    def remote_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--auth", metavar="USER:PASSWORD", help="HTTP basic authentication")
        p.add_argument(
            "--header",
            action="append",
            default=[],
            metavar="'NAME: VALUE'",
            help="an extra HTTP header, e.g. 'Authorization: Bearer TOKEN'",
        )

    p = sub.add_parser(
        "query",
        help="run a SPARQL query",
        description="Run a named query, a .rq file or SPARQL text on the built "
        "dataset, an Oxigraph store, or any SPARQL endpoint. The project's "
        "prefixes (gk:, gkd:, graph:, sourcegraph:, oa:, prov:, time:, skos:, wd:, …) are predeclared.",
    )
    p.add_argument("query", nargs="?", help="named query, .rq file, or SPARQL text")
    p.add_argument("--list", action="store_true", help="list the named queries")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--store",
        help="memory:FILE (TriG; default: the project's graph/geokg.trig) or oxigraph:DIR",
    )
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint")
    p.add_argument(
        "--graph",
        action="append",
        default=[],
        metavar="IRI",
        help="query only these graphs (their union is the default graph); short "
        "names work: ontology, background, inferred, meta, source/ID",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a query parameter, e.g. --param a=gkd:india ('*' leaves it free)",
    )
    p.add_argument(
        "--format",
        default="table",
        choices=("table", "csv", "tsv", "json", "xml", "turtle", "nt", "json-ld", "rdf-xml"),
        help="table (default), csv, tsv, json, xml for SELECT/ASK; turtle, nt, "
        "json-ld, rdf-xml for CONSTRUCT/DESCRIBE",
    )
    remote_options(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "load",
        help="bulk-load RDF files into an Oxigraph store",
        description="Bulk-load TriG, N-Quads, N-Triples, Turtle or RDF/XML files "
        "into a persistent Oxigraph store (default file: graph/geokg.trig).",
    )
    p.add_argument("files", nargs="*", help="RDF files to load")
    p.add_argument("--store", required=True, metavar="oxigraph:DIR", help="the store to fill")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace what the store holds (without it, a store that holds data is refused)",
    )
    p.set_defaults(func=cmd_load)

    p = sub.add_parser(
        "push",
        help="write the named graphs to another triple store",
        description="Write every named graph (or those given) to a server "
        "through the SPARQL 1.1 Graph Store HTTP Protocol (PUT ?graph=IRI) or "
        "SPARQL 1.1 Update. Each graph on the server is replaced.",
    )
    p.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="the Graph Store endpoint (gsp) or the update endpoint (update)",
    )
    p.add_argument("--protocol", choices=("gsp", "update"), default="gsp")
    p.add_argument("--store", help="where to read from (default: the project's dataset)")
    p.add_argument(
        "--graph",
        action="append",
        default=[],
        metavar="IRI",
        help="push only these graphs (short names work)",
    )
    remote_options(p)
    p.set_defaults(func=cmd_push)

    p = sub.add_parser(
        "serve",
        help="serve the dataset as a read-only SPARQL endpoint",
        description="A SPARQL 1.1 Protocol endpoint at /sparql (GET and POST), "
        "read-only, with a time limit per query, and a query page at /.",
    )
    p.add_argument(
        "--store", help="memory:FILE or oxigraph:DIR (default: the project's graph/geokg.trig)"
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7979)
    p.add_argument("--timeout", type=float, default=5.0, help="seconds per query (default 5)")
    p.add_argument("--workers", type=int, default=4, help="query worker processes (default 4)")
    p.add_argument("--max-body", type=int, default=1_000_000, help="largest request, bytes")
    p.add_argument("--max-query", type=int, default=100_000, help="longest query, characters")
    p.add_argument("--max-depth", type=int, default=64, help="deepest bracket nesting (64)")
    p.add_argument("--max-rows", type=int, default=100_000, help="largest result, rows")
    p.add_argument(
        "--max-slow",
        type=int,
        default=8,
        help="queries allowed to run past 0.25 s of CPU at once, beside --workers; "
        "more are stopped (default 8)",
    )
    p.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let web pages from ORIGIN (e.g. http://localhost:8888) query (repeatable; "
        "default: none)",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host header is NAME (default: the --host, "
        "localhost and IP addresses)",
    )
    p.add_argument(
        "--views",
        help="folder of HTML views to link and serve (default: the project's graph/views)",
    )
    p.add_argument(
        "--cache",
        type=int,
        default=256,
        help="answers kept in memory for repeated queries (0: none)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "views",
        help="write the interactive HTML views",
        description="Write the alignment-shift, interest and explorer views and "
        "an index.html: self-contained pages that work offline from disk.",
    )
    p.add_argument("--dataset", help="the built TriG file (default: the project's)")
    p.add_argument("--out", help="folder for the pages (default: the project's graph/views)")
    p.add_argument(
        "--bins",
        default="eras",
        metavar="KIND",
        help="time bins of the alignment view: eras (the periods; default), year, 5y or decade",
    )
    p.set_defaults(func=cmd_views)

    analyze_command.add_parser(sub)
    export_command.add_parser(sub)
    extract_command.add_parser(sub)

    p = sub.add_parser("ontology", help="ontology utilities")
    osub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = osub.add_parser(
        "export",
        help="write ontology/geokg.owl (RDF/XML) from the Turtle",
        description="Write the ontology and gazetteer as RDF/XML (for owlready2 and Protégé); "
        "the same bytes on every run.",
    )
    e.add_argument(
        "--source",
        help="folder of geokg.ttl and gazetteer.ttl (default: the project's ontology/, or "
        "the packaged ontology with --out)",
    )
    e.add_argument("--out", help="file to write (default: the project's ontology/geokg.owl)")
    e.set_defaults(func=cmd_ontology)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 64 if exit_.code not in (0, None) else 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 64
    try:
        return args.func(args)
    except GeokgError as err:
        print(f"geokg {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug in geokg: a short message rather than a traceback
        if os.environ.get("GEOKG_DEBUG"):
            raise
        print(
            f"geokg {args.command}: internal error: {type(err).__name__}: {err}\n"
            "This is a bug in geokg; please report it with the command you ran "
            "(GEOKG_DEBUG=1 shows the traceback).",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
