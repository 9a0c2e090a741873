"""The ``geokg`` command: a thin shell over the library.

Exit codes: 0 success; 1 other error; 2 bad sources (claims, text,
metadata); 3 ontology or background unreadable; 4 inconsistent data (HermiT,
OWL RL or SHACL); 5 query error; 64 bad command-line usage.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from .errors import GeokgError


def _paths(args: argparse.Namespace):
    from .build import Paths

    return Paths(
        root=args.root,
        sources=args.sources,
        background=args.background,
        output=getattr(args, "out", None),
    )


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    report = build(_paths(args), reasoner=not args.no_reasoner)
    print(report.summary())
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .build import validate

    report = validate(_paths(args))
    print(report.summary())
    print("sources are valid; nothing was written")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from .build import load_dataset
    from .query import named_queries, resolve_query, run_query

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
        raise GeokgError("give a named query, a .rq file or SPARQL text (or --list)")
    bindings = dict(_split_param(p) for p in args.param)
    dataset_path = Path(args.dataset)
    if not dataset_path.is_file():
        raise GeokgError(f"{dataset_path}: no dataset; run 'geokg build' first")
    result = run_query(load_dataset(dataset_path), resolve_query(args.query), bindings)
    _print_result(result, args.format)
    return 0


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep:
        raise GeokgError(f"--param takes NAME=VALUE, got '{text}'")
    return name.strip(), value.strip()


def _print_result(result, fmt: str) -> None:
    if result.type == "ASK":
        print("true" if result.askAnswer else "false")
        return
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        sys.stdout.write(result.graph.serialize(format="turtle"))
        return
    if fmt == "json":
        sys.stdout.write(result.serialize(format="json").decode("utf-8"))
        print()
        return
    names = [str(v) for v in result.vars]
    table = [["" if row[v] is None else str(row[v]) for v in result.vars] for row in result]
    if fmt in ("csv", "tsv"):
        writer = csv.writer(
            sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n"
        )
        writer.writerow(names)
        writer.writerows(table)
        return
    widths = [min(60, max([len(n), *(len(r[i]) for r in table)])) for i, n in enumerate(names)]
    print("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in table:
        cells = [
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
            for c, w in zip(r, widths, strict=True)
        ]
        print("  ".join(cells).rstrip())
    print(f"({len(table)} rows)")


def cmd_ontology(args: argparse.Namespace) -> int:
    from .ontology import export_rdfxml

    print(f"wrote {export_rdfxml()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geokg",
        description="Geopolitical claims as a knowledge graph: build, check and query it.",
        epilog="Exit codes: 0 ok, 1 error, 2 bad sources, 3 bad ontology/background, "
        "4 inconsistent data, 5 query error, 64 usage.",
    )
    parser.add_argument("--version", action="version", version=f"geokg {version('geokg')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def with_paths(p: argparse.ArgumentParser, out: bool) -> None:
        p.add_argument(
            "--root",
            type=Path,
            default=Path.cwd(),
            help="project folder whose graph/ is used (default: current folder)",
        )
        p.add_argument("--sources", type=Path, help="sources folder (default: ROOT/graph/sources)")
        p.add_argument(
            "--background",
            type=Path,
            help="background folder of .ttl files (default: ROOT/graph/background)",
        )
        if out:
            p.add_argument("--out", type=Path, help="output folder (default: ROOT/graph)")

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
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "validate",
        help="check the sources without writing anything",
        description="Check every source folder (text, metadata, claims) as the "
        "build would, report coverage, and write nothing.",
    )
    with_paths(p, out=False)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "query",
        help="run a SPARQL query on the built dataset",
        description="Run a named query, a .rq file or SPARQL text.",
    )
    p.add_argument("query", nargs="?", help="named query, .rq file, or SPARQL text")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument("--dataset", default="graph/geokg.trig", help="TriG file to query")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a query parameter, e.g. --param actor=gkd:india ('*' leaves it free)",
    )
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("ontology", help="ontology utilities")
    osub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = osub.add_parser("export", help="write ontology/geokg.owl (RDF/XML) from the Turtle")
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
