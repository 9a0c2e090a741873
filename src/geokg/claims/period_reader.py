"""Reading the ``periods:`` and ``eras:`` of one claims file, with located problems."""

from __future__ import annotations

from typing import Any

from .dates import DateFormatError, DateValue, NoSourceDate, parse_date
from .fields import FieldReader, Skip, nearest
from .periods import Period
from .relative import resolve_span
from .terms import ERA_FIELDS, PERIOD_FIELDS
from .yamlio import LineDict


class PeriodReader:
    """Reads the ``periods:`` and ``eras:`` of one claims file."""

    def __init__(
        self,
        fields: FieldReader,
        source_id: str,
        source_date: DateValue | None,
        eras: dict[str, Period] | None,
    ):
        self.fields = fields
        self.source_id = source_id
        self.source_date = source_date
        # The shared eras, by id; None when they are not known (a claims file
        # read on its own, as `geokg extract --evaluate` does): era names are
        # then accepted unchecked.
        self.eras = eras
        self.periods: dict[str, Period] = {}
        self.broken: set[str] = set()  # declared but unreadable: not reported again
        # Relative periods of an undated source: period id → (line, words, claims using it).
        self.undated: dict[str, tuple[int, str, list[str]]] = {}

    def read_periods(self, value: Any, line: int) -> list[Period]:
        return self._read(value, line, "periods", PERIOD_FIELDS, era=False)

    def read_eras(self, value: Any, line: int) -> list[Period]:
        """Eras a source defines for others to share (better: the background's eras.ttl)."""
        return self._read(value, line, "eras", ERA_FIELDS, era=True)

    def _read(self, value: Any, line: int, what: str, allowed: set[str], era: bool) -> list[Period]:
        out: list[Period] = []
        try:
            items = self.fields.mappings(value, line, what)
        except Skip:
            return []
        for item in items:
            period_id = None
            try:
                period_id = self.fields.id(item, "era" if era else "period")
                for key in item:
                    if key not in allowed:
                        near = nearest(str(key), allowed)
                        hint = f"; did you mean '{near}'?" if near else ""
                        self.fields.problem(
                            item.line_of(key), f"unknown period field '{key}'{hint}"
                        )
                seen = self.periods if not era else {p.id: p for p in out}
                if period_id in seen:
                    self.fields.problem(item.line, f"period '{period_id}' is defined twice")
                    continue
                period = self._period(item, period_id, era)
                out.append(period)
                if not era:
                    self.periods[period_id] = period
            except Skip:
                if period_id:
                    self.broken.add(period_id)
        return out

    def _period(self, item: LineDict, period_id: str, era: bool) -> Period:
        begin = self._date(item, "begin")
        end = self._date(item, "end")
        relative = item.get("relative")
        if relative is not None:
            relative = " ".join(str(relative).split())
            try:
                derived_begin, derived_end = resolve_span(relative, self.source_date)
            except NoSourceDate:
                # Reported once the claims that use it are known (``report_undated``).
                self.undated[period_id] = (item.line_of("relative"), relative, [])
                raise Skip from None
            except DateFormatError as err:
                self.fields.problem(item.line_of("relative"), f"period '{period_id}': {err}")
                raise Skip from None
            begin = begin or derived_begin
            end = end or derived_end
        begin, end = self._approximate(item, begin, end)
        if begin and end and end.latest() < begin.earliest():
            self.fields.problem(
                item.line_of("end"),
                f"period '{period_id}' ends ({end}) before it begins ({begin}); "
                "swap or correct the dates",
            )
            raise Skip
        era_id = item.get("era")
        if era_id is not None:
            era_id = str(era_id)
            self._check_within(item, period_id, era_id, begin, end)
        follows = item.get("follows")
        see_also = tuple(
            str(s) for s in self.fields.list(item.get("see_also"), item.line, "see_also")
        )
        return Period(
            period_id,
            " ".join(str(item.get("label") or period_id).split()),
            begin,
            end,
            None if era else self.source_id,
            self.fields.path,
            item.line,
            relative=relative,
            era=era_id,
            follows=str(follows) if follows else None,
            see_also=see_also,
        )

    def _date(self, item: LineDict, key: str) -> DateValue | None:
        if item.get(key) is None:
            return None
        try:
            return parse_date(item[key])
        except DateFormatError as err:
            self.fields.problem(item.line_of(key), f"{key}: {err}")
            raise Skip from None

    def _approximate(
        self, item: LineDict, begin: DateValue | None, end: DateValue | None
    ) -> tuple[DateValue | None, DateValue | None]:
        value = item.get("approximate")
        if value is None or value is False:
            return begin, end
        if value not in (True, "begin", "end", "both"):
            self.fields.problem(
                item.line_of("approximate"), "approximate must be true, begin, end or both"
            )
            raise Skip
        if begin is not None and value in (True, "begin", "both"):
            begin = begin.with_(approximate=True)
        if end is not None and value in (True, "end", "both"):
            end = end.with_(approximate=True)
        return begin, end

    def _check_within(
        self,
        item: LineDict,
        period_id: str,
        era_id: str,
        begin: DateValue | None,
        end: DateValue | None,
    ) -> None:
        if self.eras is None:
            return
        era = self.eras.get(era_id)
        if era is None:
            near = nearest(era_id, set(self.eras))
            self.fields.problem(
                item.line_of("era"),
                f"period '{period_id}': unknown era '{era_id}'"
                + (f"; did you mean '{near}'?" if near else "")
                + " (eras are defined in graph/background/eras.ttl)",
            )
            raise Skip
        # A period without an end is ongoing at the source's date: that is its end here.
        last = end or self.source_date
        era_first, era_last = era.earliest(), era.latest()
        outside = (
            begin is not None and era_first is not None and begin.earliest() < era_first
        ) or (last is not None and era_last is not None and last.latest() > era_last)
        if outside:
            self.fields.problem(
                item.line,
                f"period '{period_id}' ({_show(begin, end)}) lies outside its era '{era_id}' "
                f"({era.bounds()}); correct its dates or its era",
            )
            raise Skip

    def resolve(self, name: Any, line: int) -> Period:
        """The period a claim names: one of this source's, else a shared era."""
        key = str(name)
        if key in self.undated:
            # Reported once, at the period, naming the claims that use it; the
            # claim itself is read on, so its other problems show too.
            if self.fields.claim:
                self.undated[key][2].append(self.fields.claim)
            return Period(key, key, None, None, self.source_id, self.fields.path, line)
        if key in self.broken:
            raise Skip  # already reported where the period is defined
        if key in self.periods:
            return self.periods[key]
        if self.eras is None:
            return Period(key, key, None, None, None, self.fields.path, line)
        if key in self.eras:
            return self.eras[key]
        near = nearest(key, set(self.periods) | set(self.eras))
        self.fields.problem(
            line,
            f"unknown period '{name}'"
            + (f"; did you mean '{near}'?" if near else "")
            + "; declare it under periods: (or name a shared era)",
        )
        raise Skip

    def report_undated(self) -> None:
        """One problem per relative period of an undated source, naming the claims using it."""
        for period_id, (line, words, claims) in self.undated.items():
            users = (
                f"; used by the claim{'s' if len(claims) > 1 else ''} {', '.join(claims)}"
                if claims
                else ""
            )
            self.fields.problem(
                line,
                f"period '{period_id}' is relative ('{words}') but the source has no date to "
                f"resolve it against{users}. Add date.value to source.yaml (a year, e.g. 2017, "
                "with certainty: estimated if it is inferred), or give the period begin/end",
                claim=claims[0] if claims else None,
            )


def _show(begin: DateValue | None, end: DateValue | None) -> str:
    return f"{begin or '…'}–{end or '…'}"
