"""The dataset as NetworkX graphs: signed actor networks per period, interests, causes.

``records`` runs the projection's SPARQL (``queries/*.rq``); ``projection``
builds the graphs, every node and edge with the claims behind it.
"""

from .projection import (
    MODALITIES,
    Period,
    Projection,
    Selection,
    project,
    select_graphs,
)

__all__ = [
    "MODALITIES",
    "Period",
    "Projection",
    "Selection",
    "project",
    "select_graphs",
]
