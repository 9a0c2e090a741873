"""How well `geokg extract` drafts the curated claims of every scored text.

Reads tests/extract/texts.yaml, drafts each text with the packaged lexicons
and the test lexicons (the entities the texts' curators declared), scores the
draft against the curated claims as `geokg extract --evaluate` does, and
prints per text and pooled per set (micro-averaged: counts added up) the
precision and recall of

- alignment pairs with stance class (the issue's yardstick),
- actor–interest links,
- non-fact modalities per sentence;

and, for the blind texts, the figures they had when first scored, blind.

    .venv/bin/python benchmarks/eval_extract.py [--details]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from geokg.extract import load_lexicon
from geokg.extract.evaluate import Evaluation, evaluate_source, pooled

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "extract" / "texts.yaml"
SCORES = {"alignment": "alignment", "interest": "interest", "modality": "modality"}


def score_all() -> tuple[list[dict], dict[str, Evaluation]]:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    lexicon = load_lexicon(tuple(ROOT / p for p in manifest["lexicons"]))
    texts = manifest["texts"]
    return texts, {e["folder"]: evaluate_source(ROOT / e["folder"], lexicon) for e in texts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    entries, evaluations = score_all()
    print(
        f"{'text':32} {'set':11} {'alignment P/R':>14} {'interest P/R':>13} "
        f"{'modality P/R':>13}  first blind P/R"
    )
    for entry in entries:
        ev = evaluations[entry["folder"]]
        cells = [f"{ev.scores[k].precision:.2f}/{ev.scores[k].recall:.2f}" for k in SCORES]
        first = entry.get("first")
        blind = (
            f"{first[0] / first[1]:.2f}/{first[2] / first[3]:.2f} at {entry['blind_at']}"
            if first
            else ""
        )
        name = Path(entry["folder"]).name
        print(f"{name:32} {entry['set']:11} {cells[0]:>14} {cells[1]:>13} {cells[2]:>13}  {blind}")
        if args.details:
            print(ev.report(details=True))
    print()
    for group in dict.fromkeys(e["set"] for e in entries):
        these = [evaluations[e["folder"]] for e in entries if e["set"] == group]
        for key in SCORES:
            sc = pooled(these, key)
            print(
                f"pooled {group:11} {key:9}  precision {sc.correct_predicted}/{sc.predicted} = "
                f"{sc.precision:.2f}  recall {sc.found_gold}/{sc.gold} = {sc.recall:.2f}"
            )
    firsts = [e for e in entries if e.get("first")]
    if firsts:
        print()
        total = [0, 0, 0, 0]
        for rnd in sorted({e["round"] for e in firsts}):
            these = [e for e in firsts if e["round"] == rnd]
            cp, p, fg, g = (sum(e["first"][i] for e in these) for i in range(4))
            total = [a + b for a, b in zip(total, (cp, p, fg, g), strict=True)]
            names = ", ".join(Path(e["folder"]).name for e in these)
            print(
                f"blind round {rnd}, rules at {these[0]['blind_at']}: alignment precision "
                f"{cp}/{p} = {cp / p:.2f}, recall {fg}/{g} = {fg / g:.2f} ({names})"
            )
        cp, p, fg, g = total
        print(
            f"all blind rounds, each scored once: precision {cp}/{p} = {cp / p:.2f}, "
            f"recall {fg}/{g} = {fg / g:.2f}"
        )


if __name__ == "__main__":
    main()
