"""The dataset as NetworkX graphs: signed actor networks per time bin, interests, causes.

``records`` runs the projection's SPARQL (``queries/*.rq``); ``projection``
builds the graphs, every node and edge with the claims behind it.
"""

from .projection import (
    BIN_KINDS,
    MODALITIES,
    Bin,
    Period,
    Projection,
    Selection,
    SourceRef,
    SourceStance,
    project,
    select_graphs,
)

__all__ = [
    "BIN_KINDS",
    "MODALITIES",
    "Bin",
    "Period",
    "Projection",
    "Selection",
    "SourceRef",
    "SourceStance",
    "project",
    "select_graphs",
]
