"""Every difference between two plans, in words: hunters, head counts, clients per segment and
level (and unserved), new clients per prospect segment, and the allocation (who serves whom).

`plan_changes(base, other, scenario)` returns one row per changed number:
    kind     hunters | head_count | level | unserved | new_clients | allocation
    subject  group, segment or prospect id ("" for hunters); level: the level id ("" if none)
    base, other, change   the numbers (other - base)
    text     the row in words, with display names from `scenario`
A number counts as changed when it moves by more than `TOL` (LP noise is not a change).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from models import Scenario
from planner import formatting
from planner.i18n import N_, catalogue

TOL = 1e-6
COLUMNS = ["kind", "subject", "level", "base", "other", "change", "text"]

TEXT = catalogue({
    "hunters": N_("hunters: {old} → {new} ({delta})"),
    "head_count": N_("{group}: head count {old} → {new} ({delta})"),
    "level": N_("{segment} › {level}: clients {old} → {new} ({delta})"),
    "unserved": N_("{segment}: clients not served {old} → {new} ({delta})"),
    "new_clients": N_("{prospect}: new clients {old} → {new} ({delta})"),
    "allocation": N_("{group} serves {segment} › {level}: clients {old} → {new} ({delta})"),
})


def _num(value: float, *, signed: bool = False) -> str:
    """Whole where whole (counts of clients and people), one decimal where the LP splits."""
    rounded = round(float(value), 1)
    digits = 0 if abs(rounded - round(rounded)) < 1e-9 else 1
    return formatting.number(rounded, digits, signed=signed)


class _Names:
    def __init__(self, scenario: Scenario) -> None:
        self.segments = {s.id: s.name or s.id for s in scenario.segments}
        self.levels = {(s.id, lv.id): lv.name or lv.id for s in scenario.segments for lv in s.levels}
        self.groups = {g.id: g.name or g.id for g in scenario.team.managers}
        self.prospects = {p.id: p.name or p.id for p in scenario.prospects}


def _series(frame: pd.DataFrame, keys: list[str], value: str) -> pd.Series:
    if frame is None or not len(frame):
        return pd.Series(dtype=float)
    return frame.groupby(keys, sort=False)[value].sum().astype(float)


def _changed(a: pd.Series, b: pd.Series) -> list[tuple[Any, float, float]]:
    index = list(dict.fromkeys([*a.index, *b.index]))
    out = []
    for key in index:
        old, new = float(a.get(key, 0.0)), float(b.get(key, 0.0))
        if abs(new - old) > TOL * max(1.0, abs(old)):
            out.append((key, old, new))
    return out


def plan_changes(base: Any, other: Any, scenario: Scenario) -> pd.DataFrame:
    """Every number that differs between plan `base` and plan `other` (see the module)."""
    names = _Names(scenario)
    rows: list[tuple] = []

    def add(kind: str, subject: str, level_id: str, old: float, new: float, **words: str) -> None:
        text = TEXT[kind].format(old=_num(old), new=_num(new), delta=_num(new - old, signed=True), **words)
        rows.append((kind, subject, level_id, old, new, new - old, text))

    old_h, new_h = float(base.kpis.get("hunters", 0.0)), float(other.kpis.get("hunters", 0.0))
    if abs(new_h - old_h) > TOL:
        add("hunters", "", "", old_h, new_h)
    for g, old, new in _changed(_series(base.groups, ["group"], "head_count"), _series(other.groups, ["group"], "head_count")):
        add("head_count", g, "", old, new, group=names.groups.get(g, g))
    levels = _changed(_series(base.segment_levels, ["segment", "level"], "clients"),
                      _series(other.segment_levels, ["segment", "level"], "clients"))
    for (s, lv), old, new in levels:
        add("level", s, lv, old, new, segment=names.segments.get(s, s), level=names.levels.get((s, lv), lv))
    for s, old, new in _changed(_series(base.segments, ["segment"], "unserved"), _series(other.segments, ["segment"], "unserved")):
        add("unserved", s, "", old, new, segment=names.segments.get(s, s))
    for p, old, new in _changed(_series(base.prospects, ["prospect"], "new_clients"),
                                _series(other.prospects, ["prospect"], "new_clients")):
        add("new_clients", p, "", old, new, prospect=names.prospects.get(p, p))
    allocation = _changed(_series(base.allocations, ["group", "segment", "level"], "clients"),
                          _series(other.allocations, ["group", "segment", "level"], "clients"))
    for (g, s, lv), old, new in allocation:
        add("allocation", s, lv, old, new, group=names.groups.get(g, g), segment=names.segments.get(s, s),
            level=names.levels.get((s, lv), lv))
    return pd.DataFrame(rows, columns=COLUMNS)


__all__ = ["COLUMNS", "plan_changes"]
