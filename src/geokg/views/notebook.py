"""Showing a view inline in a Jupyter notebook, offline."""

from __future__ import annotations

import html


class InlineView:
    """Renders as an ``<iframe srcdoc>``: the page and its scripts stay inside the frame,
    and nothing is fetched (the page inlines vis-network)."""

    def __init__(self, page: str, height: int = 640):
        self.page, self.height = page, height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
            'sandbox="allow-scripts"></iframe>'
        )


def notebook(page: str, height: int = 640) -> InlineView:
    """A view (the HTML of one of ``geokg.views``) as an object Jupyter displays inline.

    Examples
    --------
    >>> view = notebook("<p>hello</p>")
    >>> view._repr_html_().startswith('<iframe srcdoc="&lt;p&gt;hello')
    True
    """
    return InlineView(page, height)
