"""An installed wheel carries the extraction lexicons and drafts with them."""

from __future__ import annotations

import subprocess
import sys
import zipfile

DATA = ("actors.yaml", "cues.yaml", "interests.yaml", "codes.yaml", "periods.yaml")


def test_wheel_contains_the_lexicons(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in DATA:
        assert f"geokg/extract/data/{name}" in names


def test_installed_package_drafts_offline(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    text = tmp_path / "article.txt"
    text.write_text("Moscow and Islamabad are strategic partners.\n", encoding="utf-8")
    code = (
        "import sys, geokg.extract.lexicon as l; from geokg.extract import Coder, read_sentences;"
        "print(l.DATA); c = Coder(l.load_lexicon());"
        "print([x.parties for x in c.code_all(read_sentences(__import__('pathlib').Path(sys.argv[1])))])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(text)],
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(site) in result.stdout
    assert "('pakistan', 'russia')" in result.stdout
