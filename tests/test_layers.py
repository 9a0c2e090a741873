"""The package shows the pipeline: no module imports a higher stage, and no import cycle.

The imports are read from the source with ``ast`` (also those inside
functions, which load lazily but still depend on the stage they name).
Stages, lowest first: errors/namespaces/resources/files/digests/workers/collector < claims < rdf <
sparql < network < analysis < views; extract sits on claims and rdf; the
command line and the package's ``__init__`` (which only re-exports) are on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "geokg"
BASE = {"errors", "namespaces", "resources", "files", "digests", "workers", "collector"}
RANK = {
    "base": 0,
    "claims": 1,
    "rdf": 2,
    "extract": 3,
    "sparql": 3,
    "network": 4,
    "analysis": 5,
    "views": 6,
    "cli": 9,
    "top": 9,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return "top"
    return "base" if parts[1] in BASE else parts[1]


def _imports(path: Path) -> list[tuple[str, bool]]:
    """The geokg modules ``path`` imports, each with whether it is at module level."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # "from . import x" names a submodule
            names = [f"{target}.{a.name}" for a in node.names] if not node.module else [target]
        for name in names:
            if name == "geokg" or name.startswith("geokg."):
                found.append((name, id(node) in top_level and id(node) not in typing_only))
    return found


def _known(name: str, modules: set[str]) -> str:
    while name not in modules and "." in name:
        name = name.rpartition(".")[0]
    return name


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_stage(module):
    stage = _stage(module)
    for name, _ in _imports(MODULES[module]):
        target = _stage(_known(name, set(MODULES)))
        if stage == "extract":
            assert target in ("base", "claims", "rdf", "extract"), f"{module} imports {name}"
        elif target == "extract":
            assert stage in ("cli", "top"), f"{module} imports {name} (extract is for the CLI)"
        else:
            assert RANK[target] <= RANK[stage], f"{module} ({stage}) imports {name} ({target})"


def test_no_import_cycle_at_module_level():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for name, top in _imports(path):
            target = _known(name, set(MODULES))
            # importing a package's submodule runs the package's __init__ first, which is fine
            if top and target != module and not module.startswith(target + "."):
                graph[module].add(target)
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module)


def test_the_stages_are_folders():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {"claims", "rdf", "sparql", "network", "analysis", "views", "extract", "cli"} <= folders
    flat = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert flat <= BASE, f"modules at the top that belong to a stage: {flat - BASE}"
