"""The report as titled tables and notes, ready for any view (terminal, Markdown).

``sections(report)`` reads only the JSON-ready report dict, so every view
shows the same figures and the same evidence in the same order.
"""

from __future__ import annotations

from ...namespaces import local_name as local
from .layout import Section, cite, claim_ids, name, num, pair, signed, stance

DETAILS = 5  # shifts whose evidence is spelled out


def sections(report: dict, details: int = DETAILS) -> list[Section]:
    """Every section of the report, in reading order."""
    return [
        _summary(report),
        _periods(report),
        _disagreements(report),
        *_shifts(report, details),
        _dyads(report),
        *_balance(report),
        *_argued(report),
        *_interests(report),
        *_centrality(report),
        _drivers(report),
        Section("Warnings", notes=list(report["warnings"])) if report["warnings"] else None,
    ]  # type: ignore[list-item]


def _summary(report: dict) -> Section:
    """The headline of each analysis, one line each."""
    notes = []
    shifts = report["shifts"]["listed"]
    for t in sorted(report["dyads"]["listed"], key=lambda t: -abs(t["net_change"] or 0))[:3]:
        if t["net_change"]:
            count = sum(1 for s in shifts if {s["a"], s["b"]} == {t["a"], t["b"]})
            events = sum(len(s["events"]) for s in shifts if {s["a"], s["b"]} == {t["a"], t["b"]})
            kind = "reversal" if t["reversal"] else "change"
            across = f"; across {t['succession']}" if t.get("succession") else ""
            notes.append(
                f"Shift: {pair(report, t['a'], t['b'])}: {t['trajectory']} "
                f"(net {signed(t['net_change'])}, {kind}; {count} shifts, {events} events{across})"
            )
    compared = {c["period"]: c for c in report.get("balance_compared", [])}
    for b in report["balance"]:
        f = b["frustration"]
        if b["positive"] + b["negative"] == 0:
            text = "no signed ties"
        elif not b["triangles"]:
            # Balance is a property of cycles: a tree of ties is neither balanced nor not.
            text = "undefined (no triangle)"
        elif b["balanced"]:
            text = f"balanced (L = 0, {b['triangles']} triangles)"
        else:
            flips = "; ".join(
                dict.fromkeys(
                    f"flip {pair(report, *t['flip'])}" for t in b["unbalanced_triads"]["listed"][:3]
                )
            )
            bound = "" if f["exact"] else f" (upper bound; ≥ {f['lower_bound']})"
            text = (
                f"L = {f['value']}{bound}, {b['balanced_triangles']}/{b['triangles']} triangles "
                f"balanced" + (f": {flips}" if flips else "")
            )
        c = compared.get(b["period"])
        if c:
            shown = "carried_forward" if report["dataset"]["carry_forward"] else "stated"
            other, name_ = (
                ("stated", "stated only")
                if shown == "carried_forward"
                else ("carried_forward", "carried forward")
            )
            text += f" | {name_}: {_figures(c[other])}"
        notes.append(f"Balance, {b['period']}: {text}")
    for p in report.get("argument", {}).get("periods", []):
        listed = p["arguments"]
        for a in listed[:3]:
            notes.append(f"The article argues, {p['period']}: {a['label']}")
        if len(listed) > 3:
            notes.append(f"The article argues, {p['period']}: (+{len(listed) - 3} more arguments)")
        for a in listed:
            for t in a["triads"]:
                if t["against_balance"]:
                    notes.append(
                        f"Advice against balance, {p['period']}: "
                        + _against(report, t)
                        + f" ({claim_ids(report, a['claims'])})"
                    )
    for t in report.get("argument", {}).get("tensions", []):
        notes.append("Tension in the text: " + _tension(report, t))
    for p in report["interests"]["pairs"][:3]:
        stated = f"{p['stance']} ({p['period']})" if p["stance"] else "no stated stance"
        agree = {True: "consistent with", False: "at odds with", None: "beside"}[p["consistent"]]
        notes.append(
            f"Interests: {pair(report, p['a'], p['b'])}: {p['convergent']} convergent, "
            f"{p['complementary']} complementary, {p['competing']} competing; {agree} {stated}"
        )
    periods = [c for c in report["centrality"]["periods"] if c["actors"]]
    if periods:
        last, top = periods[-1], periods[-1]["actors"][0]
        notes.append(
            f"Pivot, {last['period']}: {name(report, top['actor'])} (betweenness "
            f"{num(top['betweenness'])}{', cut vertex' if top['cut_vertex'] else ''})"
        )
    for c in report["drivers"]["listed"][:1]:
        notes.append("Driver: " + " ⟶ ".join(node["label"] for node in c["nodes"]))
    return Section("Key findings", notes=notes)


def _periods(report: dict) -> Section:
    rows = [
        [
            str(p["order"]) if p["order"] is not None else "–",
            p["id"],
            p["label"],
            f"{p['begin'] or '…'}–{p['end'] or '…'}",
            str(p["actors"]),
            f"{p['positive']} / {p['negative']} / {p['neutral']}",
            str(p.get("disputed", 0)),
        ]
        for p in report["periods"]
    ]
    return Section(
        "Periods",
        headers=["#", "period", "label", "span", "actors", "ties + / − / 0", "disputed"],
        rows=rows,
    )


def _shifts(report: dict, details: int) -> list[Section]:
    s = report["shifts"]
    kinds = ", ".join(f"{n} {k}" for k, n in s["by_kind"].items() if n)
    table = Section(
        f"Alignment shifts ({s['total']}: {kinds or 'none'})",
        intro=["Changes of stance between consecutive periods in which a pair's stance is stated."],
        headers=["rank", "pair", "periods", "stance", "Δ", "kind", "events", "causes"],
    )
    for x in s["listed"]:
        table.rows.append(
            [
                str(x["rank"]),
                pair(report, x["a"], x["b"]),
                f"{x['before']['period']} → {x['after']['period']}",
                f"{stance(x['before'])} → {stance(x['after'])}",
                signed(x["delta"]),
                f"{x['kind']}, {x['direction']}",
                str(len(x["events"])),
                str(len(x["causes"])),
            ]
        )
    out = [table]
    for x in s["listed"][:details]:
        notes = [
            f"stated before by: {claim_ids(report, x['before']['claims'])}",
            f"stated after by: {claim_ids(report, x['after']['claims'])}",
        ]
        if x.get("succession"):
            notes.append(f"followed across a succession: {x['succession']}")
        if x["skipped"]:
            notes.append(f"periods with nothing stated about the pair: {', '.join(x['skipped'])}")
        notes += [
            f"event: {e['label']} [{', '.join(filter(None, (e['type'] or 'event', e['period'])))}] "
            f"({_cited(report, e['claims'])})"
            for e in x["events"]
        ]
        notes += [
            f"cause: {c['label']} [{c['kind']}] ({_cited(report, c['claims'])})"
            for c in x["causes"]
        ]
        title = (
            f"Shift {x['rank']}: {pair(report, x['a'], x['b'])}, "
            f"{x['before']['period']} → {x['after']['period']}"
        )
        out.append(Section(title, notes=notes))
    return out


def _cited(report: dict, claims: list[str]) -> str:
    return claim_ids(report, claims) if claims else "background graph"


def _disagreements(report: dict) -> Section:
    """Dyads and bins on which sources disagree, each source's stance with its date."""
    rows = [
        [
            pair(report, d["a"], d["b"]),
            d["bin"],
            "; ".join(
                f"{s['stance']}: {cite(s)} [{', '.join(s['claim_ids'])}]" for s in d["sources"]
            ),
        ]
        for d in report.get("disagreements", [])
    ]
    return Section(
        "Disagreements between sources",
        intro=[
            "Sources giving a pair opposite signs, or stances two or more steps apart, in the "
            "same time bin. These edges have no consensus: balance, centrality and shifts leave "
            "them out."
        ],
        headers=["pair", "bin", "each source's stance"],
        rows=rows,
    )


def _dyads(report: dict) -> Section:
    periods = [p["id"] for p in report["periods"]]
    rows = []
    for t in report["dyads"]["listed"]:
        cells = [stance(p) if p["observed"] else "·" for p in t["timeline"]]
        change = signed(t["net_change"]) + (" reversal" if t["reversal"] else "")
        rows.append([pair(report, t["a"], t["b"]), *cells, change])
    notes = [
        f"{pair(report, t['a'], t['b'])}: {t['trajectory']}"
        + (f"; followed across a succession: {t['succession']}" if t.get("succession") else "")
        for t in report["dyads"]["listed"]
        if t["observed"] > 1
    ]
    return Section(
        f"Dyad timelines ({len(rows)} of {report['dyads']['total']} pairs)",
        intro=[
            "Stance per period: the sources' consensus (each source counts once: the median of "
            "their stances), or each source's stance where they disagree; · = nothing stated."
        ],
        headers=["pair", *periods, "net"],
        rows=rows,
        notes=notes,
    )


def _balance(report: dict) -> list[Section]:
    table = Section(
        "Structural balance per period",
        intro=[
            "T: share of balanced triangles; L: frustration index (fewest sign flips to "
            "balance); 1−2L/m: normalised balance; λmin: smallest eigenvalue of the signed "
            "Laplacian (0 iff balanced), bound ⌈n·λmin/4⌉ ≤ L; K: walk balance tr e^A / tr e^|A|.",
            "Ties the sources disagree on have no consensus sign and are left out (counted).",
        ],
        headers=[
            "period",
            "ties ±",
            "triangles",
            "T",
            "L",
            "method",
            "1−2L/m",
            "λmin",
            "bound",
            "K",
        ],
    )
    notes, triads = (
        [],
        Section("Unbalanced triads", headers=["period", "triad", "signs", "flip to balance"]),
    )
    for b in report["balance"]:
        f = b["frustration"]
        value = str(f["value"]) if f["exact"] else f"≤ {f['value']} (≥ {f['lower_bound']})"
        carried = f" (+{b['carried']} carried)" if b["carried"] else ""
        if b.get("disputed_excluded"):
            carried += f" ({b['disputed_excluded']} disputed, left out)"
        table.rows.append(
            [
                b["period"],
                f"{b['positive']}+ {b['negative']}−{carried}",
                f"{b['balanced_triangles']}/{b['triangles']}",
                num(b["balance_ratio"]),
                value,
                f["method"],
                num(f["normalised"]),
                num(b["spectral"]["lambda_min"]),
                str(b["spectral"]["lower_bound"]),
                num(b["walk_balance"]),
            ]
        )
        first, second = ([name(report, a) for a in camp] for camp in b["camps"])
        if first or second:
            notes.append(
                f"{b['period']}: camps {{{', '.join(first)}}} vs {{{', '.join(second)}}}"
                + ("" if b["balanced"] else " (best partition)")
            )
        if b["predicted"]["listed"]:
            predicted = "; ".join(
                f"{pair(report, p['a'], p['b'])} {'+' if p['sign'] > 0 else '−'}"
                for p in b["predicted"]["listed"]
            )
            more = b["predicted"]["total"] - len(b["predicted"]["listed"])
            notes.append(
                f"{b['period']}: balance predicts {predicted}"
                + (f" (+{more} more)" if more else "")
            )
        for t in b["unbalanced_triads"]["listed"]:
            signs = ", ".join(
                f"{pair(report, e['a'], e['b'])} {'+' if e['sign'] > 0 else '−'}"
                + (f" (carried from {e['carried_from']})" if e["carried_from"] else "")
                for e in t["edges"]
            )
            triads.rows.append(
                [
                    b["period"],
                    " – ".join(name(report, n) for n in t["nodes"]),
                    signs,
                    pair(report, *t["flip"]),
                ]
            )
    table.notes = notes
    return [table, triads] if triads.rows else [table]


def _figures(f: dict) -> str:
    """Balance figures in a few words: ``L = 1, 0/2 triangles balanced``."""
    if not f["ties"]:
        return "no signed ties"
    if not f["triangles"]:
        return "undefined (no triangle)"
    carried = f" (+{f['carried']} carried)" if f.get("carried") else ""
    bound = "" if f["exact"] else " (upper bound)"
    return (
        f"L = {f['frustration']}{bound}, {f['balanced_triangles']}/{f['triangles']} "
        f"triangles balanced{carried}"
    )


def _sign(value: int) -> str:
    return "+" if value > 0 else "−" if value < 0 else "0"


def _against(report: dict, t: dict) -> str:
    """What balance predicts for a triad beside what the author advises."""
    triad = " – ".join(name(report, n) for n in t["nodes"])
    flip = pair(report, *t["flip"])
    kept = next(a for a in t["advice"] if {a["a"], a["b"]} == set(t["flip"]))
    verb = "recommends" if kept["how"] == "recommended" else "keeps"
    return (
        f"in {triad}, balance theory predicts {flip} turns "
        f"{'hostile (−)' if kept['sign'] > 0 else 'friendly (+)'}; the author {verb} it "
        f"{_sign(kept['sign'])}"
    )


def _tension(report: dict, t: dict) -> str:
    sole = "; ".join(c["label"] for c in t["sole"])
    claims = claim_ids(report, [c for s in t["sole"] for c in s["claims"]])
    kinds: dict[str, list[str]] = {}
    for c in t["others"]:
        kinds.setdefault(c["kind"], []).extend(c["actors"][:1])
    how = ", ".join(
        f"{sum(1 for c in t['others'] if c['kind'] == k)} {k}"
        + (
            f" ({', '.join(f'{actors.count(a)} of {name(report, a)}' for a in dict.fromkeys(actors))})"
            if k == "interest" and actors
            else ""
        )
        for k, actors in sorted(kinds.items())
    )
    return (
        f"{claims} calls {sole} the sole cause of {t['effect_label']}, while "
        f"{len(t['others'])} other causal claim(s) give other causes for it ({how})"
    )


def _argued(report: dict) -> list[Section]:
    """The author's arguments, the triads they concern and what balance predicts for them."""
    argument = report.get("argument")
    if not argument:
        return []
    out = []
    for p in argument["periods"]:
        section = Section(
            f"What the article argues, {p['period']}, beside what balance predicts",
            intro=[
                "Each argument of the author with the triads of the period's stated network that "
                "the relations it concerns span: balance theory predicts the flip shown; the "
                "author's advice gives each concerned tie the sign it recommends, or keeps it."
            ],
            headers=["argument", "triad", "signs", "balance predicts", "the author advises"],
        )
        notes = []
        for a in p["arguments"]:
            notes.append(
                f"{a['label']} — recommends: {a['recommendation'] or '–'} "
                f"({claim_ids(report, a['claims'])})"
            )
            for t in a["triads"]:
                section.rows.append(
                    [
                        local(a["iri"]),
                        " – ".join(name(report, n) for n in t["nodes"]),
                        ", ".join(
                            f"{pair(report, s['a'], s['b'])} {_sign(s['sign'])}" for s in t["signs"]
                        ),
                        "balanced: no change"
                        if t["balanced"]
                        else f"flip {pair(report, *t['flip'])}",
                        "; ".join(
                            f"{pair(report, x['a'], x['b'])} {_sign(x['sign'])} ({x['how']})"
                            for x in t["advice"]
                        )
                        + (" — against balance" if t["against_balance"] else ""),
                    ]
                )
        section.notes = notes
        out.append(section)
    if argument["tensions"]:
        out.append(
            Section(
                "Tensions inside the text",
                intro=[
                    "A causal claim the text marks as the only cause of an effect, beside the "
                    "other causes its own claims give for the same effect."
                ],
                notes=[_tension(report, t) for t in argument["tensions"]]
                + [
                    f"other cause: {c['label']} [{c['kind']}] ({claim_ids(report, c['claims'])})"
                    for t in argument["tensions"]
                    for c in t["others"]
                ],
            )
        )
    return out


def _interests(report: dict) -> list[Section]:
    links = Section(
        "Interests: convergent, complementary, competing",
        headers=["kind", "pair", "interest", "how", "claims"],
    )
    for k in report["interests"]["links"]:
        links.rows.append(
            [
                k["kind"] + ("" if k["direct"] else " (indirect)"),
                pair(report, k["a"], k["b"]),
                name(report, k["interest"]),
                k["reason"],
                claim_ids(report, k["claims"]),
            ]
        )
    pairs = Section(
        "Interests and alignment",
        intro=[
            "Convergent and complementary interests predict cooperation, competing ones rivalry."
        ],
        headers=[
            "pair",
            "convergent",
            "complementary",
            "competing",
            "stance (period)",
            "consistent",
        ],
    )
    for p in report["interests"]["pairs"]:
        stated = f"{p['stance']} ({p['period']})" if p["stance"] else "not stated"
        consistent = {True: "yes", False: "no", None: "–"}[p["consistent"]]
        pairs.rows.append(
            [
                pair(report, p["a"], p["b"]),
                str(p["convergent"]),
                str(p["complementary"]),
                str(p["competing"]),
                stated,
                consistent,
            ]
        )
    return [links, pairs]


def _centrality(report: dict, top: int = 5) -> list[Section]:
    measures = report["centrality"]["measures"]
    out = []
    for period in report["centrality"]["periods"]:
        if not period["actors"]:
            continue
        section = Section(
            f"Pivotality, {period['period']} (top {min(top, period['total'])} of {period['total']})",
            headers=["actor", "betweenness", "degree", "eigenvector", "PN", "+ / −", "cut vertex"],
        )
        for a in period["actors"][:top]:
            section.rows.append(
                [
                    name(report, a["actor"]),
                    num(a["betweenness"]),
                    num(a["degree"]),
                    num(a["eigenvector"]),
                    num(a["pn"]),
                    f"{num(a['positive'])} / {num(a['negative'])}",
                    "yes" if a["cut_vertex"] else "",
                ]
            )
        out.append(section)
    if out:
        out[-1].notes = [f"{k}: {v}" for k, v in measures.items()]
    return out


def _drivers(report: dict) -> Section:
    d = report["drivers"]
    notes = []
    for n, c in enumerate(d["listed"], start=1):
        path = " ⟶ ".join(node["label"] for node in c["nodes"])
        claims = " ⟶ ".join(claim_ids(report, link["claims"]) for link in c["links"])
        kind = "structural driver" if c["structural"] else "driver"
        notes.append(f"{n}. [{kind}] {path}  (claims: {claims})")
    return Section(
        f"Driver chains ({d['total']})",
        intro=["Paths of causal claims ending in an alignment, longest first."],
        notes=notes,
    )
