"""Colours and shapes: one scheme for every view, chosen for contrast and colour-blind safety."""

from __future__ import annotations

import hashlib

# Stance colours run from red (hostile) to blue (partnership), Okabe–Ito based.
STANCE_COLOURS = {
    "hostile": "#D55E00",
    "tense": "#E69F00",
    "neutral": "#999999",
    "cooperative": "#56B4E9",
    "partnership": "#0072B2",
}
CLASS_STYLE = {
    "State": ("#0072B2", "dot"),
    "Government": ("#56B4E9", "dot"),
    "InternationalOrganisation": ("#009E73", "hexagon"),
    "NonStateActor": ("#D55E00", "triangle"),
    "Bloc": ("#CC79A7", "hexagon"),
    "Interest": ("#F0E442", "diamond"),
    "Region": ("#999999", "square"),
    "City": ("#999999", "square"),
    "WaterBody": ("#999999", "square"),
    "Alignment": ("#E69F00", "star"),
    "InterestPursuit": ("#F0E442", "star"),
    "Claim": ("#E8E8E8", "box"),
    "Sentence": ("#666666", "text"),
}
_FALLBACK = ["#332288", "#117733", "#44AA99", "#88CCEE", "#DDCC77", "#CC6677", "#AA4499", "#882255"]


def colour_for(cls: str) -> str:
    if cls in CLASS_STYLE:
        return CLASS_STYLE[cls][0]
    if cls.endswith("Claim"):
        return "#E8E8E8"
    digest = hashlib.sha256(cls.encode()).digest()[0]
    return _FALLBACK[digest % len(_FALLBACK)]


def shape_for(cls: str) -> str:
    if cls in CLASS_STYLE:
        return CLASS_STYLE[cls][1]
    if cls.endswith("Claim"):
        return "box"
    return "ellipse" if cls.endswith("Selector") else "dot"
