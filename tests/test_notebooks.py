"""The notebooks under ``notebooks/``: committed without outputs, and each one runs.

Every notebook is executed with nbclient in a kernel of this interpreter (the
virtual environment's Python, through a ``python3`` kernel spec written for
the test), in a temporary working folder, with ``GEOKG_ROOT`` pointing at a
copy of the project (``copy_project``: what a notebook writes there, the build
cache, stays out of the repository and away from the tests running beside it).
A notebook that raises fails the suite. Run times are printed (``pytest -s``)
and written to ``tests/artifacts/notebook-times.txt``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook

from .conftest import ROOT, copy_project

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "01-tour.ipynb",
    "02-alignment-shifts.ipynb",
    "03-interests.ipynb",
    "04-your-own-source.ipynb",
    "05-sparql-endpoint.ipynb",
    "06-tables-and-gephi.ipynb",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
TIMES_FILE = ARTIFACTS / "notebook-times.txt"
KERNEL = "python3"
TIMEOUT = 300  # seconds per cell
TIMES: dict[str, float] = {}
# What must show in the executed notebooks: plots (PNG) and the inline views (iframe srcdoc).
SHOWN = {
    "02-alignment-shifts.ipynb": {"plot", "view"},
    "03-interests.ipynb": {"plot", "view"},
    "04-your-own-source.ipynb": {"view"},
    "06-tables-and-gephi.ipynb": {"plot"},
}
# What the notebooks must print: the bad quote error (04), the server stopped (05).
PRINTED = {
    "04-your-own-source.ipynb": [
        "drafted 4 claims",
        "drafts left out: 4",
        "quote not found in the text",
        "iran-pakistan-pipeline: 6 claims",
    ],
    "05-sparql-endpoint.ipynb": [
        "Russia–Pakistan over HTTP: hostile → tense → neutral → cooperative",
        "unknown actor 'Rusia'",
        "server stopped: True",
    ],
    "06-tables-and-gephi.ipynb": [
        "modalities counted: ['fact']",
        "Pakistan–Russia in the GEXF file: tense → neutral → cooperative",
    ],
}
DOCUMENTED_IMPORTS = {
    "from geokg.analysis.report import plots",
    "from geokg.analysis import tidy",
    "from geokg.analysis import graphfiles, tidy",
    "from geokg.analysis import Options, tidy",
    "from geokg.analysis import Options",
}
EXTERNAL = re.compile(r"(?:src|href)=&quot;(?:https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory) -> Path:
    """A ``python3`` kernel spec that starts this interpreter, found first by Jupyter,
    and ``GEOKG_ROOT`` set to a copy of the project (yielded); kernels inherit this
    environment."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    data = tmp_path_factory.mktemp("jupyter")
    spec = data / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (geokg tests)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        # JUPYTER_PATH comes before the user's and the environment's data folders.
        mp.setenv("JUPYTER_PATH", str(data))
        mp.setenv("GEOKG_ROOT", str(root))
        mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets a debugger warning
        yield root


def execute(nb, workdir: Path):
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    return client.execute()


def repository_state(root: Path) -> dict[str, str]:
    """Checksums of the project's sources and built dataset (no notebook may change them)."""
    files = [p for p in (root / "graph" / "sources").rglob("*") if p.is_file()]
    files += sorted((root / "graph").glob("geokg.*"))
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def write_times() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lines = [f"{name}\t{seconds:.1f} s" for name, seconds in sorted(TIMES.items())]
    TIMES_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_every_notebook_is_there():
    assert set(EXPECTED) <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs or execution counts; clear them before "
        "committing (Jupyter: Edit → Clear Outputs of All Cells, then save)"
    )
    assert nb.metadata.kernelspec.name == KERNEL


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_uses_the_public_api_only(path: Path):
    """``import geokg``, no ``sys.path`` edits, no paths relative to the notebook's folder."""
    nb = nbformat.read(path, as_version=4)
    source = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert "import geokg" in source
    for hack in ("sys.path", "../", "..\\", "os.chdir", "__file__"):
        assert hack not in source, f"{path.name} uses {hack!r}"
    for line in source.splitlines():
        if "from geokg" in line or "import geokg." in line:
            # The documented submodules the notebooks may import.
            assert line.strip() in DOCUMENTED_IMPORTS, line


def test_kernel_runs_this_interpreter(kernel_env, tmp_path: Path):
    nb = new_notebook(
        cells=[
            new_code_cell("import os, sys\nprint(sys.executable)\nprint(os.environ['GEOKG_ROOT'])")
        ]
    )
    execute(nb, tmp_path)
    printed = nb.cells[0].outputs[0]["text"].split()
    assert Path(printed[0]).resolve() == Path(sys.executable).resolve()
    assert Path(printed[1]) == kernel_env


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(kernel_env, path: Path, tmp_path: Path):
    nb = nbformat.read(path, as_version=4)
    before = repository_state(kernel_env)
    start = time.perf_counter()
    try:
        execute(nb, tmp_path)
    except CellExecutionError as err:
        pytest.fail(f"{path.name} raised:\n{err}", pytrace=False)
    finally:
        TIMES[path.name] = time.perf_counter() - start
        print(f"\n{path.name}: {TIMES[path.name]:.1f} s")
        write_times()
    assert repository_state(kernel_env) == before, f"{path.name} changed the project's graph/"
    for old in (ARTIFACTS / "notebooks").glob(f"{path.stem}-*.png"):
        old.unlink()
    outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    shown = set()
    for output in outputs:
        data = output.get("data", {})
        if "image/png" in data:
            shown.add("plot")
            # Kept for a look (tests/artifacts/notebooks/, not committed).
            plots = ARTIFACTS / "notebooks"
            plots.mkdir(parents=True, exist_ok=True)
            n = sum(1 for _ in plots.glob(f"{path.stem}-*.png"))
            (plots / f"{path.stem}-{n + 1}.png").write_bytes(base64.b64decode(data["image/png"]))
        if data.get("text/html", "").startswith("<iframe srcdoc="):
            shown.add("view")
            # Offline: the view's page fetches nothing (no CDN script or stylesheet).
            assert not EXTERNAL.search(data["text/html"]), f"{path.name}: a view loads a URL"
    assert SHOWN.get(path.name, set()) <= shown, f"{path.name} showed only {shown}"
    printed = "".join(output.get("text", "") for output in outputs)
    for text in PRINTED.get(path.name, []):
        assert text in printed, f"{path.name} did not print {text!r}"
