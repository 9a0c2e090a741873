"""Colours and shapes: one scheme for every view, chosen for contrast and colour-blind safety.

Stances (edges) take the Okabe–Ito colours; actor classes (nodes) take Paul
Tol's "muted" colours that are none of them, so that no actor reads as a
stance: a blue dot is never "partnership".
"""

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
# Sources disagree: drawn as such (Okabe–Ito reddish purple), never as an average.
DISPUTED_COLOUR = "#CC79A7"

# Actor classes of the ontology (gk:Actor's disjoint subclasses): colour, shape, legend text.
ACTOR_STYLE = {
    "State": ("#332288", "dot", "state"),
    "Government": ("#44AA99", "triangleDown", "government"),
    "InternationalOrganisation": ("#117733", "square", "international organisation"),
    "Bloc": ("#882255", "hexagon", "bloc"),
    "NonStateActor": ("#DDCC77", "triangle", "non-state actor"),
    "SubStateOrganisation": ("#999933", "diamond", "organisation below the state"),
    "Actor": ("#FFFFFF", "dot", "actor of no narrower class"),
}
CLASS_STYLE = {
    **{cls: (colour, shape) for cls, (colour, shape, _) in ACTOR_STYLE.items() if cls != "Actor"},
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
# A dark outline keeps light fills (sand, white) visible on a white page.
NODE_BORDER = "#333333"


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


def actor_style(cls: str) -> dict:
    """vis-network node colour and shape of an actor class, the same when hovered or selected.

    Examples
    --------
    >>> actor_style("Bloc")["shape"], actor_style("Bloc")["color"]["background"]
    ('hexagon', '#882255')
    >>> actor_style("Unheard-of")["color"]["background"]
    '#FFFFFF'
    """
    colour, shape, _ = ACTOR_STYLE.get(cls, ACTOR_STYLE["Actor"])
    state = {"background": colour, "border": NODE_BORDER}
    return {
        "shape": shape,
        "color": {**state, "highlight": dict(state), "hover": dict(state)},
        "borderWidth": 1.5,
        "borderWidthSelected": 3,
    }
