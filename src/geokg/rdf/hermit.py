"""HermiT, the OWL 2 DL reasoner owlready2 ships, run with Java on N-Triples documents.

``Reasoners`` hands out documents and gives back a verdict for each. It runs
them on geokg's driver (``java/GeokgHermit.java``): Java processes started
as soon as the build knows it has something to check, each checking what it
is sent one document after another. Starting and warming up Java is most of
a small check (0.45 of 0.6 s for the bundled article): the driver pays it
once per build, while the build is still preparing the documents.

The driver is compiled once per machine into the user's cache folder
(``$XDG_CACHE_HOME/geokg`` or ``~/.cache/geokg``), by the Java runtime's own
compiler module. A runtime without one (a trimmed JRE), an unwritable cache
or a driver that dies falls back on HermiT's own command line, one process
per batch of documents: the same verdicts, ~0.5 s slower per build.

Every Java process runs in a process group of its own, killed on a time-out,
a cancellation or when the checks are over, so no reasoner is left running.
Output goes to files, read as it comes: no thread, so the build may fork.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL

from ..errors import ReasonerError
from ..workers import PARALLEL

DEFAULT_TIMEOUT = 600.0
# A short JVM run gains nothing from the optimising JIT compiler or a parallel
# collector: these options make HermiT ~30% faster here and use a third less
# CPU. The heap is owlready2's default for HermiT.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx2000M")

# A document HermiT checks: its parts, each N-Triples bytes or triples.
Document = Sequence["bytes | Iterable[tuple]"]
Verdict = dict  # {"status": "consistent" | "inconsistent" | "unsatisfiable" | …}

_DRIVER_SOURCE = Path(__file__).with_name("java") / "GeokgHermit.java"
_DRIVER_MAIN = "GeokgHermit"
# HermiT's own command line, from the copy owlready2 ships (found, not imported).
_COMMAND_LINE_MAIN = "org.semanticweb.HermiT.cli.CommandLine"
# -k: is owl:Thing satisfiable, i.e. is the document consistent; -U: the classes
# equivalent to owl:Nothing, as full IRIs (-N). Classifying the individuals
# (what owlready2 asks for) took three times as long and told us nothing.
# OWL-Time uses xsd:gYear and xsd:date, outside the OWL 2 datatype map: with
# --ignoreUnsupportedDatatypes HermiT treats them as opaque. The driver asks
# the same questions.
_CONSISTENCY = ("-k", "--ignoreUnsupportedDatatypes")
_AND_CLASSES = ("-k", "-U", "-N", "--ignoreUnsupportedDatatypes")
_CHECKED = " is satisfiable."  # the line -k prints for a consistent document
# Up to this many documents, one driver checks them all: a second Java
# process would spend longer warming up than it saves.
ONE_DRIVER_UP_TO = 3


def java_available() -> bool:
    return shutil.which("java") is not None


def java() -> str:
    """The ``java`` command, or ``ReasonerError`` saying how to get one."""
    found = shutil.which("java")
    if found is None:
        raise ReasonerError(
            "the consistency check needs Java (HermiT runs on the JVM), and no 'java' is "
            "on PATH. Install it with 'make system-deps' (Debian's default-jre-headless) "
            "or build with --no-reasoner."
        )
    return found


def _hermit_folder() -> Path:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        raise ReasonerError("the consistency check needs owlready2 (it ships HermiT).")
    return Path(spec.origin).parent / "hermit"


def classpath() -> str:
    """owlready2's HermiT: its own patched classes first, then HermiT's jar."""
    folder = _hermit_folder()
    return os.pathsep.join([str(folder), str(folder / "HermiT.jar")])


def ntriples(triples: Iterable[tuple]) -> bytes:
    """N-Triples of ``triples``, each once, ``owl:imports`` left out (HermiT would
    fetch them). Written from the terms' strings: rdflib's writer, which goes
    through each term's methods, took 3x as long (documents of 200 sources)."""
    lines: dict[str, None] = {}
    for s, p, o in triples:
        predicate = _plain(p)
        if predicate != _IMPORTS:
            lines[f"{_node(s)} <{predicate}> {_node(o)} .\n"] = None
    return "".join(lines).encode("utf-8")


def _node(term) -> str:
    kind = type(term)
    if kind is URIRef:
        return f"<{_plain(term)}>"
    if kind is BNode:
        return f"_:{_plain(term)}"
    if kind is not Literal:
        return term.n3()
    text = _plain(term)
    if any(char in text for char in _ESCAPES):
        for char, escaped in _ESCAPES.items():
            text = text.replace(char, escaped)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{_plain(term.datatype)}>'
    return f'"{text}"'


_plain = str.__str__  # a term's text, without going through its own methods
_IMPORTS = str(OWL.imports)
# N-Triples' escapes (ECHAR); the backslash first, so that no escape is escaped again.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


# The driver, compiled once per machine -------------------------------------------------


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geokg"


def _driver_key(command: str) -> str:
    """What the compiled driver depends on: its source, the Java runtime, HermiT."""
    jar = _hermit_folder() / "HermiT.jar"
    runtime = os.path.realpath(command)
    parts = [
        _DRIVER_SOURCE.read_bytes(),
        runtime.encode(),
        str(os.stat(runtime).st_mtime_ns).encode(),
        importlib.metadata.version("owlready2").encode(),
        str(jar.stat().st_size).encode(),
    ]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def driver_classes(command: str | None = None) -> Path | None:
    """The folder holding the compiled driver, compiled now if it is not yet;
    ``None`` when it cannot be (no compiler module, unwritable cache)."""
    try:
        command = command or java()
        folder = _cache_root() / f"hermit-driver-{_driver_key(command)}"
        if (folder / f"{_DRIVER_MAIN}.class").is_file():
            return folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".compiling-", dir=folder.parent))
    except (OSError, ReasonerError, importlib.metadata.PackageNotFoundError):
        return None
    try:
        # The runtime's own compiler (no javac needed); -sourcepath so that the
        # sources owlready2 ships beside its classes are not compiled again.
        done = subprocess.run(
            [command, *JAVA_OPTIONS, "-m", "jdk.compiler/com.sun.tools.javac.Main",
             "-proc:none", "-implicit:none", "-nowarn", "-sourcepath", str(_DRIVER_SOURCE.parent),
             "-cp", classpath(), "-d", str(scratch), str(_DRIVER_SOURCE)],
            capture_output=True, timeout=120,
        )  # fmt: skip
        if done.returncode != 0 or not (scratch / f"{_DRIVER_MAIN}.class").is_file():
            return None
        with contextlib.suppress(OSError):  # another build may have got there first
            os.rename(scratch, folder)
        return folder if (folder / f"{_DRIVER_MAIN}.class").is_file() else None
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# Java processes ------------------------------------------------------------------------


class _JavaProcess:
    """A Java process in a process group of its own, its output going to files."""

    def __init__(self, argv: list[str], folder: Path, name: str, stdin=None):
        self.out = (folder / f"{name}.out").open("w+", encoding="utf-8")
        self.errors = (folder / f"{name}.err").open("w+", encoding="utf-8")
        self.over = False
        self.process = subprocess.Popen(
            argv,
            stdin=stdin,
            stdout=self.out,
            stderr=self.errors,
            start_new_session=True,  # its own process group: nothing outlives a kill
        )

    def kill(self) -> None:
        """Kill it unless it is over (an idle driver waits for requests: killed too)."""
        if not self.over:
            self.over = True
            if self.process.poll() is None:  # not reaped: its group id is still its own
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            if self.process.stdin is not None:
                with contextlib.suppress(OSError):
                    self.process.stdin.close()
            self.out.close()
            self.errors.close()

    def stderr(self) -> str:
        self.errors.seek(0)
        return self.errors.read().strip()


def _timed_out(timeout: float) -> ReasonerError:
    return ReasonerError(
        f"HermiT did not finish within {timeout:g} s; this says nothing about the "
        "data. Give it more time with --reasoner-timeout SECONDS, or build with "
        "--no-reasoner."
    )


class _CommandLine(_JavaProcess):
    """HermiT's own command line on documents given at once, one after another."""

    def __init__(self, paths: list[Path], classes: bool, folder: Path, name: str):
        """``classes``: also list each document's unsatisfiable classes (this
        tests every class against the document's individuals: ~2.5x the time)."""
        argv = [java(), *JAVA_OPTIONS, "-cp", classpath(), _COMMAND_LINE_MAIN,
                *(_AND_CLASSES if classes else _CONSISTENCY), *(p.as_uri() for p in paths)]  # fmt: skip
        super().__init__(argv, folder, name)
        self.count, self.classes = len(paths), classes
        self.verdicts: list[Verdict] | None = None

    def verdict(self, index: int, timeout: float) -> Verdict:
        if self.verdicts is None:
            self.verdicts = self.wait(timeout)
        return self.verdicts[index]

    def wait(self, timeout: float) -> list[Verdict]:
        """Every document's verdict, once HermiT is done with them all."""
        deadline, answered = time.monotonic() + timeout, 0
        while self.process.poll() is None:
            self.out.seek(0)
            now = self.out.read().count(_CHECKED)
            if now > answered:  # the time-out counts from the last answer
                deadline, answered = time.monotonic() + timeout, now
            if time.monotonic() > deadline:
                self.kill()
                raise _timed_out(timeout)
            time.sleep(0.02)
        self.out.seek(0)
        lines, err = self.out.read().splitlines(), self.stderr()
        self.kill()
        return hermit_verdicts(self.process.returncode, lines, err, self.count, self.classes)


class _Driver(_JavaProcess):
    """geokg's driver: checks each document it is asked about; each answer names
    the request's number, so that requests may come from several processes."""

    def __init__(self, classes_folder: Path, folder: Path, name: str, warm_up: list[Path]):
        """``warm_up``: documents it checks first, answering nothing."""
        argv = [java(), *JAVA_OPTIONS, "-cp", os.pathsep.join([str(classes_folder), classpath()]),
                _DRIVER_MAIN, *map(str, warm_up)]  # fmt: skip
        super().__init__(argv, folder, name, stdin=subprocess.PIPE)
        self.classes_folder, self.folder, self.name = classes_folder, folder, name
        self.expected: dict[int, tuple[Path, bool]] = {}  # by number: (document, classes)
        self.answers: dict[int, tuple[Verdict, float]] = {}  # and the seconds each check took
        self._read_to = 0  # how far the output file has been read
        self.progress = time.monotonic()  # when it last answered (or was started)

    @property
    def waiting(self) -> int:
        return len(self.expected) - len(self.answers)

    def expect(self, number: int, path: Path, classes: bool) -> None:
        """Record that request ``number`` is (or is about to be) sent."""
        self.expected[number] = (path, classes)

    def request(self, number: int, path: Path, classes: bool) -> None:
        """Ask about the document at ``path``, from this process or a forked worker:
        one ``write`` of a line shorter than a pipe's atomic size (4 KB) is never
        mixed with another's, and nothing is left in a buffer to be written twice."""
        line = f"{number} {'classes' if classes else 'consistency'} {path}\n".encode()
        with contextlib.suppress(OSError):  # it died: ``verdict`` finds out and falls back
            os.write(self.process.stdin.fileno(), line)

    def verdict(self, number: int, timeout: float) -> Verdict:
        """The answer to request ``number``; a check that took longer than
        ``timeout`` seconds is a time-out, even if it has finished."""
        deadline = max(time.monotonic(), self.progress) + timeout
        while number not in self.answers:
            if self._read():
                deadline = self.progress + timeout
            elif self.over:
                raise ReasonerError("HermiT's checks were stopped before this one was answered")
            elif self.process.poll() is not None:
                if not self._read():  # its last words, then the rest by the command line
                    self._fall_back(timeout)
            elif time.monotonic() > deadline:
                self.kill()
                raise _timed_out(timeout)
            else:
                time.sleep(0.01)
        verdict, seconds = self.answers[number]
        if seconds > timeout:
            self.kill()
            raise _timed_out(timeout)
        return verdict

    def _read(self) -> bool:
        """Take in the complete answers written since last time; whether there were any."""
        if self.over:
            return False
        self.out.seek(self._read_to)
        text = self.out.read()
        complete = text[: text.rfind("\n") + 1]
        self._read_to += len(complete.encode("utf-8"))
        for line in complete.splitlines():
            number, answer = _driver_answer(line)
            self.answers[number] = answer
        if complete:
            self.progress = time.monotonic()
        return bool(complete)

    def _fall_back(self, timeout: float) -> None:
        """The driver died: what it left unanswered goes to HermiT's command line.
        A driver that never answered may be a damaged compilation: it is dropped,
        and the next build compiles it again."""
        self.kill()
        if not self.answers:
            shutil.rmtree(self.classes_folder, ignore_errors=True)
        rest = sorted((n, *job) for n, job in self.expected.items() if n not in self.answers)
        for classes in (True, False):
            share = [(number, path) for number, path, c in rest if c == classes]
            if share:
                name = f"{self.name}-after-{len(self.answers)}-{'classes' if classes else 'k'}"
                run = _CommandLine([path for _, path in share], classes, self.folder, name)
                for (number, _), verdict in zip(share, run.wait(timeout), strict=True):
                    self.answers[number] = (verdict, 0.0)  # timed by the command line


def _driver_answer(line: str) -> tuple[int, tuple[Verdict, float]]:
    """A driver's answer (the request's number, a tab, the milliseconds the check
    took, a tab, the verdict): the number, and the verdict with the seconds."""
    number, _, rest = line.partition("\t")
    took, _, answer = rest.partition("\t")
    if not (number.isdigit() and took.isdigit()):
        raise ReasonerError(f"HermiT's driver gave an unreadable answer: {line!r}")
    status, _, detail = answer.partition("\t")
    seconds = int(took) / 1000
    if status in ("consistent", "inconsistent"):
        verdict: Verdict = {"status": status}
    elif status == "unsatisfiable":
        verdict = {"status": status, "classes": sorted(detail.split("\t"))}
    else:
        verdict = {"status": "error", "message": detail or answer}
    return int(number), (verdict, seconds)


@dataclass
class Ticket:
    """A document that another process (a forked worker) writes at ``path`` and then
    asks about (``send``); handed to ``Reasoners.submit`` for its verdict."""

    number: int
    path: Path
    classes: bool
    driver: _Driver | None  # None: HermiT's command line checks it, once submitted

    def send(self) -> None:
        """Ask for its check, once the document is written (nothing without a driver)."""
        if self.driver is not None:
            self.driver.request(self.number, self.path, self.classes)


class Batch:
    """The documents of one ``Reasoners.submit``, in order: their verdicts when asked."""

    def __init__(self, slots: list[tuple[_Driver | _CommandLine, int]]):
        self.slots = slots

    def verdicts(self, timeout: float = DEFAULT_TIMEOUT) -> list[Verdict]:
        """Each document's verdict: ``{"status": "consistent" | "inconsistent" |
        "unsatisfiable" | "unchecked" | "error", …}`` ("unchecked": HermiT's
        command line stops at an inconsistent document). ``ReasonerError`` when
        HermiT spent more than ``timeout`` seconds on one document, or failed to run."""
        return [runner.verdict(index, timeout) for runner, index in self.slots]


class Reasoners:
    """HermiT on documents handed out as they are ready (see the module's docstring)."""

    def __init__(self, driver: bool = True):
        """``driver``: use geokg's driver when it can be compiled (else, or with
        False, HermiT's command line)."""
        self.command = java()
        self.use_driver = driver
        self.folder = Path(tempfile.mkdtemp(prefix="geokg-hermit-"))
        self.drivers: list[_Driver] = []
        self.runs: list[_CommandLine] = []
        self.documents = 0
        self._classes: Path | bool | None = None if driver else False

    def _driver_classes(self) -> Path | None:
        if self._classes is None:
            self._classes = driver_classes(self.command) or False
        return self._classes or None

    def start(self, documents: int, warm_up: Document | None = None) -> None:
        """Start the Java processes for about ``documents`` documents now, so that
        they warm up while the caller prepares them, on ``warm_up`` if given (a
        document like those to come: Java compiles what it runs most; the first
        source after a warm-up on the ontology takes 0.2 s, not 0.4 s). Nothing if
        they run already, or without the driver: the command line is started with
        its documents."""
        wanted = 1 if documents <= ONE_DRIVER_UP_TO else PARALLEL
        classes = self._driver_classes() if self.use_driver and documents > 0 else None
        if classes is None or len(self.drivers) >= wanted:
            return
        warm = [self._write(warm_up)[1]] if warm_up is not None else []
        while len(self.drivers) < wanted:
            name = f"driver-{len(self.drivers)}"
            self.drivers.append(_Driver(classes, self.folder, name, warm))

    def _least_busy(self) -> _Driver | None:
        if not (self.use_driver and self._driver_classes() is not None):
            return None
        if not self.drivers:
            self.start(1)  # no warm-up: the documents are ready
        return min(self.drivers, key=lambda driver: driver.waiting)

    def ticket(self, classes: bool = False) -> Ticket:
        """A document for the caller to write and send (``Ticket``), from a worker."""
        number, path = self._reserve()
        driver = self._least_busy()
        if driver is not None:
            driver.expect(number, path, classes)
        return Ticket(number, path, classes, driver)

    def submit(self, documents: Iterable[Document | Ticket], classes: bool = False) -> Batch:
        """Write each document and send it to the least busy driver as soon as it is
        written (HermiT's command line: one process per share, once all are
        written); a ``Ticket`` is the caller's, sent already, of its own kind.
        ``classes``: also list the unsatisfiable classes (~2.5x the time)."""
        slots: list = []
        pending: list[tuple[int, Path, bool]] = []  # for the command line
        for document in documents:
            if isinstance(document, Ticket):
                if document.driver is not None:
                    slots.append((document.driver, document.number))
                    continue
                path, kind = document.path, document.classes
            else:
                number, path, kind = *self._write(document), classes
                driver = self._least_busy()
                if driver is not None:
                    driver.expect(number, path, kind)
                    driver.request(number, path, kind)
                    slots.append((driver, number))
                    continue
            slots.append(None)
            pending.append((len(slots) - 1, path, kind))
        for kind in (True, False):
            share = [(slot, path) for slot, path, k in pending if k == kind]
            parts = min(PARALLEL, len(share))
            for part in range(parts):
                mine = share[part::parts]
                run = _CommandLine([path for _, path in mine], kind, self.folder,
                                   f"command-line-{len(self.runs)}")  # fmt: skip
                self.runs.append(run)
                for index, (slot, _) in enumerate(mine):
                    slots[slot] = (run, index)
        return Batch(slots)

    def _reserve(self) -> tuple[int, Path]:
        number = self.documents
        self.documents += 1
        return number, self.folder / f"document-{number}.nt"

    def _write(self, parts: Document) -> tuple[int, Path]:
        """Write a document at a new path: its number and path."""
        number, path = self._reserve()
        with path.open("wb") as out:
            for part in parts:
                out.write(part if isinstance(part, bytes) else ntriples(part))
        return number, path

    def close(self) -> None:
        """Stop every process (those still checking are killed) and remove the documents."""
        for process in [*self.drivers, *self.runs]:
            process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def hermit_verdicts(
    returncode: int, lines: list[str], err: str, count: int, classes: bool = True
) -> list[Verdict]:
    """Read what HermiT's command line printed on ``count`` documents (``classes``:
    with the unsatisfiable classes, ``_AND_CLASSES``)."""
    starts = [i for i, line in enumerate(lines) if line.endswith(_CHECKED)]
    if returncode != 0:
        if "InconsistentOntologyException" not in err or len(starts) >= count:
            raise ReasonerError(f"HermiT failed to run (exit {returncode}):\n{err.strip()}")
    elif len(starts) != count:
        raise ReasonerError(f"HermiT gave {len(starts)} verdict(s) for {count} document(s):\n"
                            + "\n".join(lines) + f"\n{err.strip()}")  # fmt: skip
    verdicts: list[Verdict] = []
    for start, end in zip(starts, [*starts[1:], len(lines)][: len(starts)], strict=True):
        block = lines[start + 1 : end]
        if not classes:
            verdicts.append({"status": "consistent"})
            continue
        if not block or not block[0].startswith("Classes equivalent"):
            raise ReasonerError(
                "HermiT did not list the unsatisfiable classes:\n" + "\n".join(lines)
            )
        unsatisfiable = sorted(
            line.strip()
            for line in block[1:]
            if line.startswith("\t") and line.strip() != str(OWL.Nothing)
        )
        verdicts.append({"status": "unsatisfiable", "classes": unsatisfiable} if unsatisfiable
                        else {"status": "consistent"})  # fmt: skip
    if len(verdicts) < count:
        verdicts.append({"status": "inconsistent"})
        verdicts += [{"status": "unchecked"}] * (count - len(verdicts))
    return verdicts
