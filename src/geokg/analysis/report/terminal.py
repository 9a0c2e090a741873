"""The report in the terminal: rich tables, one per section."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .layout import header
from .sections import sections


def print_report(report: dict, console: Console | None = None) -> None:
    """Print every section of ``report`` (see ``geokg.analysis.sections``)."""
    console = console or Console()
    console.print(Text("geokg analyze", style="bold"))
    for line in header(report):
        console.print(Text(line, style="dim"))
    for section in sections(report):
        if section is None:
            continue
        console.print()
        console.print(Text(section.title, style="bold underline"))
        for line in section.intro:
            console.print(Text(line, style="dim"))
        if section.headers and section.rows:
            table = Table(show_header=True, header_style="bold", show_lines=False)
            for column in section.headers:
                table.add_column(column, overflow="fold")
            for row in section.rows:
                table.add_row(*row)
            console.print(table)
        elif section.headers:
            console.print(Text("(none)", style="dim"))
        for note in section.notes:
            console.print(Text(f"  • {note}"))
