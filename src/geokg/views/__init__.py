"""Interactive HTML views of the dataset, offline, built with pyvis data and vis-network.

``write_views(dataset, folder)`` writes every view and an ``index.html``;
``notebook(html)`` shows a view inline in Jupyter.
"""

from .build import VIEWS, write_views
from .notebook import notebook

__all__ = ["VIEWS", "notebook", "write_views"]
