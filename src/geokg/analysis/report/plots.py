"""Charts of the report: stance over periods for chosen pairs, balance per period.

Drawn with matplotlib's object-oriented API (``Figure``, rendered by Agg for
PNG and by the SVG backend for SVG), so nothing touches pyplot's global state
or needs a display. Both charts read only the JSON-ready report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matplotlib.figure import Figure

from ...files import write_all
from ..dyads import ordered
from .layout import pair

STANCES = {-2: "hostile", -1: "tense", 0: "neutral", 1: "cooperative", 2: "partnership"}
FORMATS = ("png", "svg")


def stance_chart(report: dict, dyads: Sequence[tuple[str, str]] = (), max_dyads: int = 6) -> Figure:
    """Stance rank of each chosen pair per period (default: the pairs stated in most periods)."""
    periods = [p["id"] for p in report["periods"]]
    timelines = report["dyads"]["listed"]
    if dyads:
        wanted = {ordered(a, b) for a, b in dyads}
        timelines = [t for t in timelines if ordered(t["a"], t["b"]) in wanted]
    else:
        timelines = sorted(timelines, key=lambda t: (-t["observed"], -abs(t["net_change"] or 0)))
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.add_subplot()
    shown = timelines[:max_dyads]
    for k, t in enumerate(shown):
        # A small sideways offset per pair keeps equal stances in one period apart.
        offset = (k - (len(shown) - 1) / 2) * 0.05
        points = [(i, p) for i, p in enumerate(t["timeline"]) if p["observed"]]
        xs, ys = [i + offset for i, _ in points], [p["weight"] for _, p in points]
        (line,) = ax.plot(xs, ys, marker="o", label=pair(report, t["a"], t["b"]))
        for x, (_, p) in zip(xs, points, strict=True):
            ax.annotate(
                f"{len(p['claims'])}",
                (x, p["weight"]),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=7,
                color=line.get_color(),
            )
    ax.axhline(0, color="0.7", linewidth=0.8)
    ax.set_xticks(range(len(periods)), period_ticks(report))
    ax.set_yticks(list(STANCES), [f"{v} ({k:+d})" if k else f"{v} (0)" for k, v in STANCES.items()])
    ax.set_ylim(-2.5, 2.5)
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_xlabel("period (years as the sources date them)")
    ax.set_ylabel("stance (rank, −2 hostile … +2 partnership)")
    ax.set_title(f"Stance over periods ({counted(report)}; numbers: supporting claims)")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8)
    return fig


def balance_chart(report: dict) -> Figure:
    """Share of balanced triangles and normalised frustration ``1 - 2L/m`` per period."""
    rows = report["balance"]
    x = list(range(len(rows)))
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ratios = [b["balance_ratio"] for b in rows]
    drawn = [(i, r) for i, r in zip(x, ratios, strict=True) if r is not None]
    if drawn:
        ax.bar(
            [i for i, _ in drawn],
            [r for _, r in drawn],
            width=0.5,
            alpha=0.5,
            # A share of 0 draws no visible bar: no legend entry then (the note says T = 0).
            label="balanced triangles (share)" if any(r > 0 for _, r in drawn) else "_nolegend_",
        )
    norm = [b["frustration"]["normalised"] for b in rows]
    if any(v is not None for v in norm):
        # NaN breaks the line where a period has no signed tie.
        ys = [float("nan") if v is None else v for v in norm]
        ax.plot(x, ys, marker="o", color="C3", label="normalised balance 1 − 2L/m")
    for i, b in zip(x, rows, strict=True):
        f = b["frustration"]
        if b["positive"] + b["negative"] == 0:
            text = "no signed ties"
        else:
            text = f"L = {f['value']}" if f["exact"] else f"L ≤ {f['value']}"
            triangles = b["triangles"]
            text += f"\n{triangles} triangle{'' if triangles == 1 else 's'}"
            if triangles:
                text += f", T = {b['balance_ratio']:.2f}"
        ax.annotate(text, (i, 0.02), ha="center", va="bottom", fontsize=7)
    ticks = dict(zip((p["id"] for p in report["periods"]), period_ticks(report), strict=True))
    ax.set_xticks(x, [ticks.get(b["period"], b["period"]) for b in rows])
    ax.set_ylim(0, 1.1)
    ax.set_xlim(-0.5, len(rows) - 0.5)
    ax.set_xlabel("period (years as the sources date them)")
    ax.set_ylabel("share (0 … 1; 1 = balanced)")
    ax.set_title(f"Structural balance per period ({counted(report)})")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8, frameon=False)
    return fig


def counted(report: dict) -> str:
    """``modalities: fact`` — what a chart counts, for its title."""
    return f"modalities: {', '.join(report['dataset']['modalities'])}"


def period_ticks(report: dict) -> list[str]:
    """Each period's id over its dates (``cold-war\n1947–1991``), for a period axis."""
    out = []
    for p in report["periods"]:
        begin, end = p.get("begin"), p.get("end")
        dates = f"{begin or '…'}–{end or '…'}" if begin or end else "undated"
        out.append(f"{p['id']}\n{dates}")
    return out


def render_plots(report: dict, dyads: Sequence[tuple[str, str]] = ()) -> dict[str, bytes]:
    """Both charts as PNG and SVG, by file name; the same bytes on every run."""
    import io

    import matplotlib

    out = {}
    # SVG ids are salted with a random UUID unless a salt is given; dates are left out.
    with matplotlib.rc_context({"svg.hashsalt": "geokg"}):
        for stem, fig in (
            ("stance-over-periods", stance_chart(report, dyads)),
            ("balance-per-period", balance_chart(report)),
        ):
            for fmt in FORMATS:
                buffer = io.BytesIO()
                metadata = {"Date": None} if fmt == "svg" else {"Software": None}
                fig.savefig(buffer, format=fmt, dpi=120, metadata=metadata)
                out[f"{stem}.{fmt}"] = buffer.getvalue()
    return out


def write_plots(report: dict, directory: Path, dyads: Sequence[tuple[str, str]] = ()) -> list[Path]:
    """Write both charts as PNG and SVG into ``directory`` (all or none); return the files."""
    return write_all({directory / name: data for name, data in render_plots(report, dyads).items()})
