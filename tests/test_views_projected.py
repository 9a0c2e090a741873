"""`geokg views` with the projection made by a child process equals the views made in one.

On a corpus the projection runs in a child (``python -m geokg.views.projected``)
while the parent scans the dataset file for the explorer (views/projected.py).
What is written must not depend on that, nor on the child's fate; and the child
is a fresh interpreter, so a user's script that makes views is never run twice.
The corpus is the comparison test material (tests/corpus/compare, three texts).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from geokg.network.oxdataset import OxigraphDataset
from geokg.rdf.build import stable_trig
from geokg.views import projected
from geokg.views.build import render_views

from .test_oxdataset import snapshot


@pytest.fixture(scope="module")
def corpus_file(compare_dataset, tmp_path_factory):
    path = tmp_path_factory.mktemp("projected") / "geokg.trig"
    path.write_bytes(stable_trig(compare_dataset))
    return path


@pytest.fixture(scope="module")
def alone(corpus_file):
    """The pages made in this process alone."""
    return render_views(OxigraphDataset.load(corpus_file), bins="decade", parallel=False)


def test_the_pages_made_with_the_projection_in_a_child_are_the_same(corpus_file, alone):
    started = []
    real = projected.ProjectionSide.__init__

    def spy(self, *args):
        real(self, *args)
        started.append(self._process)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(projected.ProjectionSide, "__init__", spy)
        shared = render_views(OxigraphDataset.load(corpus_file), bins="decade", parallel=True)
    assert len(started) == 1 and started[0].returncode == 0  # the child did its share, and left
    assert list(shared) == list(alone) and len(alone) > 5
    for name, text in alone.items():
        assert shared[name] == text, name


@pytest.mark.parametrize("how", ["dies at once", "cannot start", "unknown bins"])
def test_a_child_that_fails_leaves_its_share_to_the_parent(
    corpus_file, alone, how, monkeypatch, tmp_path
):
    if how != "unknown bins":
        interpreter = "/bin/false" if how == "dies at once" else str(tmp_path / "no-python")
        monkeypatch.setattr(sys, "executable", interpreter)
        shared = render_views(OxigraphDataset.load(corpus_file), bins="decade", parallel=True)
        assert shared == alone
    else:  # a usage error is raised before any child is started
        from geokg.errors import UsageError

        def no_child(*args):
            raise AssertionError("a child was started for views that cannot be made")

        monkeypatch.setattr(projected.ProjectionSide, "__init__", no_child)
        with pytest.raises(UsageError, match="unknown bins"):
            render_views(OxigraphDataset.load(corpus_file), bins="fortnight", parallel=True)


def test_the_childs_error_is_raised_by_the_parent_as_in_one_process(corpus):
    """The child's projection fails (a dataset built without its OWL RL closure): the
    parent makes the projection itself and raises the same error, with its hint."""
    from geokg.errors import DatasetError

    path = corpus[0]  # (tests/conftest.py: built without the inferred graph)
    with pytest.raises(DatasetError, match=r"no named graph .*inferred") as alone:
        render_views(OxigraphDataset.load(path), parallel=False)
    with pytest.raises(DatasetError, match=r"no named graph .*inferred") as shared:
        render_views(OxigraphDataset.load(path), parallel=True)
    assert str(shared.value) == str(alone.value)


def test_a_parent_that_fails_stops_and_reaps_the_child(corpus_file, monkeypatch):
    """An error in the parent's share (here, its reading of the file) is raised as it is,
    and the child, still projecting, is stopped and reaped: none is left behind."""
    from geokg.errors import DatasetError
    from geokg.views import build

    started = []
    real = projected.ProjectionSide.__init__

    def spy(self, *args):
        real(self, *args)
        started.append(self._process)

    def broken(ds):
        raise DatasetError(f"{ds.path}: cannot read the dataset as TriG (test)")

    monkeypatch.setattr(projected.ProjectionSide, "__init__", spy)
    monkeypatch.setattr(build, "scan_dataset", broken)
    with pytest.raises(DatasetError, match="test"):
        render_views(OxigraphDataset.load(corpus_file), parallel=True)
    # reaped, and stopped rather than left to finish (killed, or gone at its next send)
    assert len(started) == 1 and started[0].returncode not in (None, 0)


def test_a_script_making_views_is_not_run_again_by_the_child(corpus_file, tmp_path):
    """multiprocessing's spawn runs the caller's main script again in the child: a script
    without a ``__main__`` guard would make its views (and anything else) twice."""
    script = tmp_path / "make_views.py"
    script.write_text(
        textwrap.dedent(
            f"""
            from geokg.network.oxdataset import OxigraphDataset
            from geokg.views.build import render_views
            print("script ran", flush=True)
            pages = render_views(OxigraphDataset.load({str(corpus_file)!r}), parallel=True)
            print(len(pages), "pages", flush=True)
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.count("script ran") == 1 and "pages" in run.stdout
    assert "Traceback" not in run.stderr


def test_the_page_module_examples_run():
    import doctest

    import geokg.views.page

    assert doctest.testmod(geokg.views.page).failed == 0


def test_the_views_projection_leaves_out_only_what_no_view_draws(dataset):
    """The views project without the causal graph and the arguments (the report's)."""
    from geokg.network.projection import MODALITIES, Selection, project

    selection = Selection.named("inferred", MODALITIES)
    whole, drawn = project(dataset, selection), project(dataset, selection, causal=False)
    assert whole.causal.number_of_nodes() > 0 and whole.arguments
    assert drawn.causal.number_of_nodes() == 0 and drawn.arguments == []
    left_out = {"causal", "arguments"}
    assert {k: v for k, v in snapshot(drawn).items() if k not in left_out} == {
        k: v for k, v in snapshot(whole).items() if k not in left_out
    }
