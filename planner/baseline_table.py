"""Today's allocation read from the client table's manager column (`baseline.kind:
clients_table`, PLANNER.md "Baseline from the client table").

Used when the scenario has no `current:` block and its client table has a `manager_column`:

- a client whose manager is a person of the team (one of the first `count` people of a group,
  `ManagerGroup.person_names`) is served by that person's group. Its level is the one the
  table's `level_column` names (a level id of the client's segment), else the segment's
  manager-served level whose hours per client `h_sl` are closest to
  `C_g e_g / n_p` (the person's hours after efficiency over the clients the person holds in
  the table: "each manager spreads the month evenly over their clients"); ties: fewer hours;
- a client without a known manager (none, or a name not of the team), and a managed client of a
  segment without a manager-served level, is at its segment's automated level with the highest
  revenue per client (ties: file order), else unserved;
- clients no rule assigns are outside the model; a segment no rule names has no client in the
  table, so its clients are treated as without a known manager.

The result is the level counts and group allocations the baseline evaluates with
`planner.economics` (via `Solution`), the limits today's ownership breaks, and a summary of
how it was built (`TableToday.source`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import N_, catalogue
from planner.inputs import Inputs

TOL = 1e-6

TEXT = catalogue({
    "skill": N_("segment {s}: {c:,.0f} clients with group {g} today, which lacks skill '{q}'"),
    "service": N_("segment {s}: {c:,.0f} clients at level {l} today, which its service '{svc}' does not allow"),
    "hours": N_("group {g}: today's clients need {need:,.0f} h, above the {have:,.0f} h its people have"),
    "span": N_("group {g}: {c:,.0f} clients today, above max_clients {m:g} x {n} people"),
    "size": N_("segment {s}: {c:,.0f} clients in the table, above the scenario's {n:,.0f}"),
    "built": N_("today's owners from column '{column}': {managed:,} clients served by {people:,} people, "
                "{automated:,} automated, {unserved:,} not served"),
    "by_column": N_("; the level of {n:,} clients from column '{column}'"),
    "by_hours": N_("; the level of {n:,} clients from their manager's hours per client (hours / clients held)"),
    "unknown": N_("; {n:,} clients name a manager who is not a person of the team (e.g. {names})"),
})


@dataclass(frozen=True)
class TableToday:
    """Today's allocation from the table: clients per level row, group allocations, the
    limits it breaks and how it was built."""

    served: np.ndarray
    allocations: pd.DataFrame
    violations: list[str]
    source: dict[str, Any] = field(default_factory=dict)
    description: str = ""


def _people(inputs: Inputs) -> dict[str, int]:
    """Today's people -> group index."""
    out: dict[str, int] = {}
    for gi, g in enumerate(inputs.scenario.team.managers):
        for name in g.person_names(g.count):
            out.setdefault(name, gi)
    return out


def closest_level(rows: list[int], hours: np.ndarray, per_client: float) -> int:
    """The row whose hours per client are closest to `per_client`; ties: fewer hours, then file order."""
    return min(rows, key=lambda r: (abs(float(hours[r]) - per_client), float(hours[r]), r))


def table_today(inputs: Inputs, clients: pd.DataFrame) -> TableToday:
    """Today's allocation of a segmented client frame (`ClientTable.frame`), see the module docstring."""
    A = inputs.arrays
    sc = inputs.scenario
    source = sc.clients
    n_rows = len(A.lv_ids)
    seg_index = {s: i for i, s in enumerate(A.seg_ids)}
    rows_of: dict[int, list[int]] = {}
    for r, si in enumerate(A.lv_seg.tolist()):
        rows_of.setdefault(si, []).append(r)
    level_row = {(A.seg_ids[si], A.lv_ids[r]): r for si, rs in rows_of.items() for r in rs}
    people = _people(inputs)

    frame = clients
    person = frame["current_person"].astype(object)
    person = person.where(person.notna(), None).map(lambda p: str(p).strip() if isinstance(p, str) else p)
    held = person.map(lambda p: p if p in people else None)
    holds = held.value_counts()  # clients each person holds in the table
    unknown = person[person.notna() & held.isna()]
    segment = frame["segment"].astype(object).where(frame["segment"].notna(), None)
    named_level = frame["current_level"] if "current_level" in frame else pd.Series(None, index=frame.index)

    served = np.zeros(n_rows)
    cells: dict[tuple[int, int], float] = {}  # (group, row) -> clients
    from_column = from_hours = automated = unserved = managed = 0
    in_table = np.zeros(len(A.seg_ids))
    keys = pd.DataFrame({"segment": segment, "person": held, "level": named_level.astype(object)})
    keys = keys[keys["segment"].isin(list(seg_index))]
    counted = keys.fillna({"person": "", "level": ""}).value_counts(sort=False)
    for (s, p, lvl), c in counted.items():
        si = seg_index[s]
        in_table[si] += c
        rows = rows_of.get(si, [])
        manager_rows = [r for r in rows if not A.lv_automated[r]]
        r = None
        gi = people.get(p) if p else None
        if gi is not None and lvl and (s, lvl) in level_row:
            r = level_row[(s, lvl)]
            from_column += c
        elif gi is not None and manager_rows:
            per_client = float(A.grp_hours[gi] * A.grp_efficiency[gi]) / float(holds[p])
            r = closest_level(manager_rows, A.lv_hours, per_client)
            from_hours += c
        if r is not None and not A.lv_automated[r]:
            served[r] += c
            cells[(gi, r)] = cells.get((gi, r), 0.0) + c
            managed += c
            continue
        if r is not None:  # the level column names an automated level
            served[r] += c
            automated += c
            continue
        autos = [r for r in rows if A.lv_automated[r]]
        if autos:
            best = max(autos, key=lambda r: (float(A.lv_revenue[r]), -r))
            served[best] += c
            automated += c
        else:
            unserved += c
    # segments with clients the table does not hold: without a known manager
    for si, n in enumerate(A.seg_clients.tolist()):
        rest = n - in_table[si]
        autos = [r for r in rows_of.get(si, []) if A.lv_automated[r]]
        if rest > TOL and autos:
            served[max(autos, key=lambda r: (float(A.lv_revenue[r]), -r))] += rest

    alloc = pd.DataFrame(
        [(A.grp_ids[gi], A.seg_ids[A.lv_seg[r]], A.lv_ids[r], c, c * float(A.lv_hours[r]) / float(A.grp_efficiency[gi]))
         for (gi, r), c in sorted(cells.items())],
        columns=["group", "segment", "level", "clients", "hours"],
    )
    violations = _violations(inputs, served, alloc, in_table)
    level_column = source.level_column if source is not None else None
    names = ", ".join(sorted(set(unknown.astype(str)))[:3])
    info = {
        "manager_column": source.manager_column if source is not None else None,
        "level_column": level_column,
        "clients_with_manager": managed,
        "people": int(held.dropna().nunique()),
        "levels_from_column": from_column,
        "levels_from_hours": from_hours,
        "automated": automated,
        "not_served": unserved,
        "unknown_managers": int(len(unknown)),
    }
    description = TEXT["built"].format(column=info["manager_column"], managed=managed, people=info["people"],
                                       automated=automated, unserved=unserved)
    if from_column:
        description += TEXT["by_column"].format(n=from_column, column=level_column)
    if from_hours:
        description += TEXT["by_hours"].format(n=from_hours)
    if len(unknown):
        description += TEXT["unknown"].format(n=len(unknown), names=names)
    return TableToday(served=served, allocations=alloc, violations=violations, source=info, description=description)


def _violations(inputs: Inputs, served: np.ndarray, alloc: pd.DataFrame, in_table: np.ndarray) -> list[str]:
    """Limits of the model today's ownership breaks: skills, service, hours, span, sizes."""
    A = inputs.arrays
    seg = inputs.segments
    out = []
    for si, (n, c) in enumerate(zip(A.seg_clients.tolist(), in_table.tolist())):
        if c > n + TOL:
            out.append(TEXT["size"].format(s=A.seg_ids[si], c=c, n=n))
    for r in np.flatnonzero((served > TOL) & ~A.lv_allowed).tolist():
        s = A.seg_ids[A.lv_seg[r]]
        out.append(TEXT["service"].format(s=s, c=float(served[r]), l=A.lv_ids[r], svc=seg["service"].get(s)))
    if not len(alloc):
        return out
    group_index = {g: i for i, g in enumerate(A.grp_ids)}
    seg_index = {s: i for i, s in enumerate(A.seg_ids)}
    for (g, s), c in alloc.groupby(["group", "segment"], sort=False)["clients"].sum().items():
        gi, si = group_index[g], seg_index[s]
        if not inputs.serve[gi, si]:
            out.append(TEXT["skill"].format(s=s, c=c, g=g, q=A.seg_skill[si]))
    per_group = alloc.groupby("group", sort=False)[["clients", "hours"]].sum()
    for g, row in per_group.iterrows():
        gi = group_index[g]
        have = float(A.grp_hours[gi] * A.grp_count[gi])
        if row["hours"] > have + TOL:
            out.append(TEXT["hours"].format(g=g, need=row["hours"], have=have))
        m = A.grp_max_clients[gi]
        if not np.isnan(m) and row["clients"] > m * A.grp_count[gi] + TOL:
            out.append(TEXT["span"].format(g=g, c=row["clients"], m=float(m), n=int(A.grp_count[gi])))
    return out


__all__ = ["TableToday", "closest_level", "table_today"]
