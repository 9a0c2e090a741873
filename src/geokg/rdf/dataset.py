"""Reading a built dataset (``geokg.trig``), without loading the reasoners or the validator."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from ..errors import DatasetError
from .triples import new_dataset


def load_dataset(path: Path | str) -> Dataset:
    """Read a built ``geokg.trig``; ``DatasetError`` if it is missing or not TriG."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: no dataset; run 'geokg build' first or give --dataset")
    ds = new_dataset()
    try:
        ds.parse(path, format="trig")
    except Exception as err:  # rdflib raises many kinds (BadSyntax, ValueError, …) on a bad file
        raise DatasetError(f"{path}: cannot read the dataset as TriG: {err}") from err
    return ds
