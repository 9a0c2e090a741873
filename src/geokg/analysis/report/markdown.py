"""The report as Markdown: the same sections as the terminal, plus the evidence.

The evidence appendix quotes every cited claim with its character offsets in
the source text, so that the Markdown file stands on its own.
"""

from __future__ import annotations

from .layout import header
from .sections import sections


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: dict) -> str:
    """The whole report as a Markdown document."""
    lines = ["# geokg alignment-shift analysis", ""]
    lines += [f"- {line}" for line in header(report)]
    for section in sections(report):
        if section is None:
            continue
        lines += ["", f"## {section.title}", ""]
        for line in section.intro:
            lines += [line, ""]
        if section.headers and section.rows:
            lines.append("| " + " | ".join(_cell(h) for h in section.headers) + " |")
            lines.append("|" + "|".join("---" for _ in section.headers) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
            lines.append("")
        elif section.headers:
            lines += ["(none)", ""]
        lines += [f"- {_cell(note)}" for note in section.notes]
    lines += ["", "## Evidence", ""]
    for iri, claim in report["claims"].items():
        source = (
            f" — {claim['source_title']}"
            + (f" ({claim['source_date']})" if claim.get("source_date") else "")
            if claim.get("source_title")
            else ""
        )
        lines.append(
            f"- **{claim.get('qualified_id', claim['id'])}** ({claim['modality']}){_cell(source)}: "
            f"{_cell(claim['statement'])} <{iri}>"
        )
        for quote in claim["quotes"]:
            where = f"characters {quote['start']}–{quote['end']}"
            if quote["sentences"]:
                where += f", sentence {', '.join(map(str, quote['sentences']))}"
            lines.append(f"  - “{_cell(quote['text'])}” ({where})")
    return "\n".join(lines).rstrip() + "\n"
