"""Display names instead of ids: every segment, level, group, person and prospect segment is
shown by its `name` (its id when it has none), in tables, charts and messages; and a field path
of a message (`segments[2].levels[0].hours_per_client`) in words."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from models import Scenario
from planner.headings import heading
from planner.ui.text import t

# Columns of result tables that hold ids, and the kind of id.
ID_COLUMNS = {"segment": "segment", "group": "group", "prospect": "prospect", "level": "level", "person": "person",
              "manager": "person"}


class Names:
    """The display names of one scenario's items."""

    def __init__(self, scenario: Scenario):
        self.segments = {s.id: s.name or s.id for s in scenario.segments}
        self.levels = {(s.id, lv.id): lv.name or lv.id for s in scenario.segments for lv in s.levels}
        self.groups = {g.id: g.name or g.id for g in scenario.team.managers}
        self.prospects = {p.id: p.name or p.id for p in scenario.prospects}
        self.people: dict[str, str] = {}
        for g in scenario.team.managers:
            self.people.update(g.people_names or {})
        self.segment_order = [s.id for s in scenario.segments]
        self.segment_list = list(scenario.segments)
        self.group_list = list(scenario.team.managers)
        self.prospect_list = list(scenario.prospects)

    def segment(self, sid: Any) -> str:
        return self.segments.get(sid, str(sid))

    def level(self, sid: Any, lid: Any) -> str:
        return self.levels.get((sid, lid), str(lid))

    def group(self, gid: Any) -> str:
        if gid == "hunters":
            return t("names.hunters")
        return self.groups.get(gid, str(gid))

    def prospect(self, pid: Any) -> str:
        return self.prospects.get(pid, str(pid))

    def person(self, pid: Any) -> str:
        return self.people.get(pid, str(pid))

    def of(self, kind: str, value: Any) -> str:
        return {"segment": self.segment, "group": self.group, "prospect": self.prospect,
                "person": self.person}[kind](value)

    def frame(self, df: pd.DataFrame) -> pd.DataFrame:
        """A copy of a result table with its id columns (segment, group, level, ...) in names."""
        if df is None or not len(df.columns):
            return df
        out = df.copy()
        if "level" in out.columns and "segment" in out.columns:
            out["level"] = [self.level(s, lv) if isinstance(lv, str) else lv for s, lv in zip(out["segment"], out["level"])]
        for col, kind in ID_COLUMNS.items():
            if col in out.columns and kind != "level":
                out[col] = out[col].map(lambda v, k=kind: self.of(k, v) if isinstance(v, str) else v)
        if out.index.name in ID_COLUMNS and ID_COLUMNS[out.index.name] != "level":
            kind = ID_COLUMNS[out.index.name]
            out.index = out.index.map(lambda v: self.of(kind, v) if isinstance(v, str) else v)
        return out

    def text(self, text: str) -> str:
        """A library sentence with the ids of this scenario in names (`seg/level`, segments,
        groups and prospect segments, as whole words)."""
        if not isinstance(text, str) or not text:
            return text
        table = {f"{s}/{lv}": f"{self.segment(s)} · {name}" for (s, lv), name in self.levels.items()}
        for mapping in (self.segments, self.groups, self.prospects):
            for key, name in mapping.items():
                table.setdefault(key, name)
        table = {k: v for k, v in table.items() if k != v}
        if not table:
            return text
        pattern = self._pattern(tuple(sorted(table, key=len, reverse=True)))
        return pattern.sub(lambda m: table[m.group(0)], text)

    @staticmethod
    def _pattern(keys: tuple[str, ...]) -> "re.Pattern[str]":
        return re.compile(r"(?<![\w.\-/])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w\-/])")

    # ----- field paths in words -------------------------------------------------------------
    def path(self, path: str) -> str:
        """`segments[key].levels[1].hours_per_client` -> `Key accounts · Full service · hours
        per client`; a path it does not know stays as it is."""
        if not path:
            return path
        parts: list[str] = []
        rest = path
        m = re.match(r"segments\[([^\]]+)\](?:\.levels\[([^\]]+)\])?\.?(.*)$", rest)
        if m:
            seg = self._pick(self.segment_list, m.group(1))
            if seg is None:
                return path
            parts.append(seg.name or seg.id)
            if m.group(2) is not None:
                lv = self._pick(list(seg.levels), m.group(2))
                parts.append((lv.name or lv.id) if lv is not None else m.group(2))
            rest = m.group(3)
        else:
            m = re.match(r"team\.managers\[([^\]]+)\]\.?(.*)$", rest) or re.match(r"prospects\[([^\]]+)\]\.?(.*)$", rest)
            if m:
                items = self.group_list if rest.startswith("team.") else self.prospect_list
                item = self._pick(items, m.group(1))
                if item is None:
                    return path
                parts.append(item.name or item.id)
                rest = m.group(2)
            elif rest.startswith("team.hunters"):
                parts.append(t("names.hunters"))
                rest = rest[len("team.hunters"):].lstrip(".")
            elif rest.startswith("goal."):
                parts.append(t("names.goal"))
                rest = rest[len("goal."):]
            else:
                return path
        if rest:
            parts.append(heading(rest.split(".")[0]) + ("" if "." not in rest else " (" + rest.split(".", 1)[1] + ")"))
        return " · ".join(parts)

    @staticmethod
    def _pick(items: list[Any], ref: str) -> Any:
        if ref.isdigit() and int(ref) < len(items):
            return items[int(ref)]
        return next((i for i in items if i.id == ref), None)


_CACHE: dict[int, tuple[Scenario, Names]] = {}


def names(scenario: Scenario) -> Names:
    """The names of a scenario (one Names per scenario object of the session)."""
    hit = _CACHE.get(id(scenario))
    if hit is not None and hit[0] is scenario:
        return hit[1]
    value = Names(scenario)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[id(scenario)] = (scenario, value)
    return value
