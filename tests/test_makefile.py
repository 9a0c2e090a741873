"""`make run` installs what running needs; `make test` adds what testing needs.

Regression test for issue 12: `make run` installed the test extras and Chromium.
Read with `make -n -B` (print every command, run none).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _commands(target: str) -> str:
    done = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_make_run_installs_no_test_extra_and_no_browser():
    commands = _commands("run")
    assert "pip install --quiet -e ." in commands
    assert "[test]" not in commands
    assert "install-system-deps.sh java" in commands and "chromium" not in commands


def test_make_test_adds_the_test_extra_and_chromium():
    commands = _commands("test")
    assert "-e '.[test]'" in commands
    assert "install-system-deps.sh java chromium" in commands
