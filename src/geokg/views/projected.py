"""The projection's side of ``geokg views`` on a corpus, in a process of its own.

The views need two long readings of a corpus's dataset file: the projection
(Oxigraph reads the selected graphs' union, then SPARQL rows and NetworkX in
Python) and the explorer's scan of every quad (Python). On one interpreter the
two take turns on its lock; here the projection runs in a spawned process, on
the other core, while the parent scans, and each side makes what it alone can:

- this process: the projection; the alignment and interest pages; what the
  explorer's pages take from the projection (``Citations``, ``CorpusLinks``);
- the parent: the scan, the explorer's records, then the explorer's pages.

The messages, pickled over a pipe: child → parent ``(citations, links)`` once
the projection is made; parent → child the actors' classes and aliases from
the scan; child → parent the two pages. The child never opens a connection:
it reads the dataset file, as the parent does.

The result never depends on the child: if it fails in any way (an exception, a
crash, a pipe cut short), ``projection()`` or ``pages()`` gives ``None`` and
the parent makes that share itself, so an error is raised, with its
traceback, by the parent.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from ..network.projection import MODALITIES, Projection, Selection, project, union_wanted
from .actors import ActorInfo
from .explorer import Citations, CorpusLinks, corpus_links

__all__ = ["ProjectionSide", "view_pages", "view_selection"]


def view_selection(bins: str) -> Selection:
    """What the views draw: the asserted and inferred graphs, every modality (the views
    mark what is not reported as fact), in ``bins``."""
    return Selection.named("inferred", MODALITIES, bins=bins)


def view_pages(
    projection: Projection, actors: Mapping[str, ActorInfo], classes: Mapping[str, str]
) -> dict[str, str]:
    """The alignment and interest pages of a projection, by file name."""
    from .alignments import alignment_page
    from .interests import interest_page

    return {
        "alignment-shifts.html": alignment_page(projection, actors=actors),
        "interests.html": interest_page(projection, classes=classes),
    }


def _serve(path: str, bins: str, answers, questions) -> None:
    """The child: project, send what the explorer needs, then make the two pages."""
    from ..network.oxdataset import OxigraphDataset

    selection = view_selection(bins)
    projection = project(
        OxigraphDataset.load(Path(path), union_wanted(selection)), selection, causal=False
    )
    _send(answers, (Citations.of(projection), corpus_links(projection)))
    actors, classes = pickle.load(questions)
    _send(answers, view_pages(projection, actors, classes))


def _send(pipe, value) -> None:
    pickle.dump(value, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.flush()


class ProjectionSide:
    """The projection and its pages, made by a child process from the dataset file.

    A fresh interpreter (``python -m geokg.views.projected``) rather than a fork:
    the caller may already run threads (Oxigraph reads on threads of its own), and
    a fork while a thread holds a lock can leave it held in the child forever.
    Nor ``multiprocessing``'s spawn, which runs the caller's main script again in
    the child: a user's script without a ``__main__`` guard would run twice.
    """

    def __init__(self, path: Path, bins: str):
        answers, their_answers = os.pipe()
        their_questions, questions = os.pipe()
        package = str(Path(__file__).resolve().parents[2])  # (where this geokg is imported from)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [package, *filter(None, [os.environ.get("PYTHONPATH")])]
        )}  # fmt: skip
        self._failed = self._done = False  # (done: every answer received)
        self._process: subprocess.Popen | None = None
        try:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    __name__,
                    str(path),
                    bins,
                    str(their_answers),
                    str(their_questions),
                ],
                pass_fds=(their_answers, their_questions),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # (a failure is made again, and reported, here)
                env=env,
            )
        except OSError:  # no interpreter to start (an embedded Python): the caller does it all
            self._failed = True
        finally:
            os.close(their_answers)
            os.close(their_questions)
        self._answers = os.fdopen(answers, "rb")
        self._questions = os.fdopen(questions, "wb")

    def _receive(self):
        if self._failed:
            return None
        try:
            return pickle.load(self._answers)
        except Exception:  # a child that died or failed: the caller does its share
            self._failed = True
            return None

    def projection(self) -> tuple[Citations, CorpusLinks] | None:
        """What the explorer takes from the projection, or ``None`` if the child failed."""
        return self._receive()

    def ask_pages(self, actors: Mapping[str, ActorInfo], classes: Mapping[str, str]) -> None:
        """Ask for the alignment and interest pages, given the scan's ``actors`` and
        ``classes``; the child makes them while the caller goes on."""
        if not self._failed:
            try:
                _send(self._questions, (dict(actors), dict(classes)))
            except OSError:  # (a broken pipe: the child is gone)
                self._failed = True

    def pages(self) -> dict[str, str] | None:
        """The pages asked for, by file name, or ``None`` if the child failed."""
        pages = self._receive()
        self._done = pages is not None
        return pages

    def close(self) -> None:
        """Stop the child (at once, unless it sent everything and is leaving), and reap it."""
        for pipe in (self._questions, self._answers):
            with suppress(OSError):
                pipe.close()
        if self._process is None:
            return
        try:
            self._process.wait(timeout=5 if self._done else 0)
        except subprocess.TimeoutExpired:  # (its work is not wanted: an error, or a failure)
            self._process.kill()
            self._process.wait()


if __name__ == "__main__":
    _path, _bins, _answers, _questions = sys.argv[1:5]
    try:
        with os.fdopen(int(_answers), "wb") as _a, os.fdopen(int(_questions), "rb") as _q:
            _serve(_path, _bins, _a, _q)
    except BaseException:  # quietly: the parent makes this share itself and reports the error
        sys.exit(1)
    # Everything is sent: leave without freeing a gigabyte of objects one by one
    # (0.2-0.3 s at 200 sources, which the parent waits for).
    os._exit(0)
