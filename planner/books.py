"""Books of accounts: every client of the table to a person and a level, keeping relationships.

A plan says how many clients of each segment each *group* serves at each level, in fractions
(an LP). Books turn that into names, in three pure stages:

1. `integer_counts`: whole clients per person, segment and level (largest remainder per
   segment, an even split of each group's counts over its employed people by free hours, then
   a repair so nobody exceeds hours or span).
2. `assign_clients`: within a segment, clients sorted by value (descending; ties by client id)
   fill the levels richest first; inside each (segment, level) bucket as many clients as
   possible stay with their current manager, the rest go to the people with the most open
   slots. The number of moves is the minimum for the counts (proof in `assign_clients`).
3. `build_books`: locks (a client kept with its current manager whatever the plan says), the
   re-solve of the plan without the locked clients, and the report (`Books`).

Level order ("richest first"): manager-served levels before automated ones, each by revenue
per client descending, ties by their order in the file; unserved last.

`books_for_scenario(scenario, base_dir)` runs the whole pipeline from a scenario file: client
table (segmentation) -> plan (optimiser) -> books. Nothing here loops over clients in Python;
loops run over plan rows, people and locked clients only.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario, likely
from planner.errors import InputError, PlanningError, Problem

# ----- user-facing text (one place, for the Russian edition) ----------------------------------
TEXT = {
    "no_clients": "books need a client table: add a `clients:` block (file, id_column, "
    "manager_column, segmentation) to the scenario",
    "no_manager_column": "books keep relationships through `clients.manager_column`; without it "
    "every client is treated as new (no current manager)",
    "lock_no_manager": "client {client} is locked but has no current manager: the lock is ignored",
    "lock_unknown_person": "client {client} is locked to '{person}', who is not a person of the team "
    "(known: {known}): the lock is ignored; name the person in a group's `people:` or fix the table",
    "lock_not_employed": "client {client} is locked to '{person}', beyond the plan's head count of "
    "group '{group}' ({count}): the head count is raised to {needed} to honour the lock",
    "lock_unassigned": "client {client} is locked to '{person}' but no segmentation rule matches it: "
    "kept with '{person}' without a segment or level",
    "lock_no_manager_level": "client {client} is locked to '{person}' but segment '{segment}' has no "
    "manager-served level it may use: kept with '{person}' at level '{level}'",
    "lock_no_skill": "client {client} is locked to '{person}', whose group '{group}' lacks skill "
    "'{skill}' that segment '{segment}' requires: kept anyway",
    "lock_over_hours": "person '{person}' has {hours:,.1f} h of locked clients, over {capacity:,.1f} h "
    "available: unlock some of their clients or raise group '{group}' hours",
    "lock_over_span": "person '{person}' has {clients} locked clients, over max_clients {span:g} of "
    "group '{group}': unlock some of their clients or raise max_clients",
    "locks_infeasible": "with the locked clients fixed to their managers the plan has no solution "
    "(unlock some clients or relax the limits): {message}",
    "repair_peer": "{person}: 1 client of {segment}/{level} handed to {peer} ({reason})",
    "repair_downgrade": "{person}: 1 client of {segment} down from {level} to {target} ({reason})",
    "repair_drop": "{person}: 1 client of {segment}/{level} to {target} ({reason})",
    "repair_nobody": "{units} client(s) of {segment}/{level} not served ({reason})",
    "reason_nobody": "group '{group}' employs nobody",
    "reason_hours": "rounding put {load:,.2f} h over {capacity:,.2f} h",
    "reason_span": "rounding put {count} clients over max_clients {span:g}",
    "unserved": "not served",
    "bad_out": "'{out}' is neither a .xlsx workbook nor a folder: give BOOKS.xlsx, or a folder name for CSV files",
    "sheet_summary": "Summary",
    "sheet_people": "People",
    "sheet_transfers": "Transfers",
    "sheet_unassigned": "Automated or not served",
    "sheet_kpis": "Integer vs plan",
    "sheet_conflicts": "Conflicts",
}

EPS = 1e-9


# ----- the scenario as tables -----------------------------------------------------------------
def _service(scenario: Scenario, segment) -> str:
    """`all`, `automated` or `none`: the segment's own field wins over its priority class."""
    policy = scenario.priority_table.get(segment.priority or "B")
    return segment.service or (policy.service if policy is not None else None) or "all"


def level_table(scenario: Scenario) -> pd.DataFrame:
    """One row per (segment, level) of a prepared scenario.

    Columns: segment, level, position (in the file), hours (per client), revenue, margin, cost,
    automated, allowed (by the segment's service policy), profit (= margin x revenue - cost),
    unserved_profit (of the segment: margin x unserved_revenue), rank (0 = richest: manager levels before automated, revenue descending, then position).
    """
    rows = []
    for seg in scenario.segments:
        service = _service(scenario, seg)
        unserved = float(seg.margin or 0.0) * float(likely(seg.unserved_revenue) or 0.0)
        for j, lv in enumerate(seg.levels):
            hours = float(lv.planned_hours)
            automated = hours == 0
            revenue = float(likely(lv.revenue_per_client) or 0.0)
            margin = lv.margin if lv.margin is not None else (seg.margin or 0.0)
            allowed = service == "all" or (service == "automated" and automated)
            rows.append((seg.id, lv.id, j, hours, revenue, float(margin), float(lv.cost_per_client),
                         automated, allowed, unserved))
    cols = ["segment", "level", "position", "hours", "revenue", "margin", "cost", "automated", "allowed",
            "unserved_profit"]
    levels = pd.DataFrame(rows, columns=cols)
    levels["profit"] = levels["margin"] * levels["revenue"] - levels["cost"]
    levels = levels.sort_values(["segment", "automated", "revenue", "position"],
                                ascending=[True, True, False, True], kind="mergesort")
    levels["rank"] = levels.groupby("segment", sort=False).cumcount()
    return levels.reset_index(drop=True)


def segment_table(scenario: Scenario) -> pd.DataFrame:
    """Index segment: clients (the plan's n_s), unserved_revenue, margin, required_skill."""
    rows = [
        (s.id, float(s.clients or 0), float(likely(s.unserved_revenue) or 0.0), float(s.margin or 0.0),
         s.required_skill)
        for s in scenario.segments
    ]
    return pd.DataFrame(rows, columns=["segment", "clients", "unserved_revenue", "margin",
                                       "required_skill"]).set_index("segment")


def people_table(scenario: Scenario, head_counts: Mapping[str, int] | None = None) -> pd.DataFrame:
    """The employed people: person, group, order, hours, efficiency, max_clients (NaN = none).

    A group employs `head_counts[group]` people (default: its `count`), named by
    `ManagerGroup.person_names`."""
    head_counts = head_counts or {}
    rows = []
    for g in scenario.team.managers:
        n = int(head_counts.get(g.id, g.count))
        for name in g.person_names(n):
            rows.append((name, g.id, len(rows), float(g.hours), float(g.efficiency),
                         float(g.max_clients) if g.max_clients is not None else math.nan,
                         frozenset(g.skills)))
    return pd.DataFrame(rows, columns=["person", "group", "order", "hours", "efficiency",
                                       "max_clients", "skills"])


def all_person_names(scenario: Scenario) -> dict[str, tuple[str, int]]:
    """Every name a person of the team may have -> (group, 1-based position in the group)."""
    return {
        name: (g.id, i + 1)
        for g in scenario.team.managers
        for i, name in enumerate(g.person_names(max(g.upper, g.count)))
    }


# ----- stage 1: integer counts ----------------------------------------------------------------
@dataclass(frozen=True)
class IntegerCounts:
    """Whole clients per person, segment and level.

    counts   person, group, segment, level, clients, hours (hours at the person's efficiency);
             automated levels have person and group missing
    repairs  one row per unit the repair moved: person, segment, level, action (peer, downgrade,
             drop; `nobody` for a group without people), target (peer, lighter level, automated level or None = not served), reason,
             units, text (in words)
    """

    counts: pd.DataFrame
    repairs: pd.DataFrame


def _normalise_allocations(allocations: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """group, segment, level, clients (> 0), with automated levels' group set to missing."""
    alloc = allocations[["group", "segment", "level", "clients"]].copy()
    alloc["clients"] = pd.to_numeric(alloc["clients"], errors="coerce").fillna(0.0).astype(float)
    alloc = alloc[alloc["clients"] > EPS]
    info = levels[["segment", "level", "automated", "rank", "hours"]]
    alloc = alloc.merge(info, on=["segment", "level"], how="inner", validate="many_to_one")
    group = alloc["group"].astype(object)
    empty = group.isna() | (group.astype(str).str.len() == 0) | alloc["automated"]
    alloc["group"] = group.where(~empty, None)
    alloc["automated"] = alloc["group"].isna()
    return alloc.groupby(["group", "segment", "level"], dropna=False, sort=False, as_index=False).agg(
        clients=("clients", "sum"), automated=("automated", "first"), rank=("rank", "first"),
        hours=("hours", "first"),
    )


def round_segment_counts(alloc: pd.DataFrame, segment_sizes: Mapping[str, int]) -> pd.DataFrame:
    """Largest remainder per segment: whole clients per (group, segment, level) cell.

    For segment s with fractional cells x_c (sum S) and N_s clients in the table: if S > N_s the
    cells are scaled by N_s / S; the total is T_s = min(round(S), N_s); each cell gets
    floor(x_c) and the T_s - sum floor(x_c) extra units go one each to the largest remainders
    (ties: richer level, then the cell's order). Hence sum_c X_c = T_s <= N_s and
    |X_c - x_c| < 1.
    """
    out = []
    for seg, rows in alloc.groupby("segment", sort=False):
        x = rows["clients"].to_numpy(float)
        total = x.sum()
        size = int(segment_sizes.get(seg, 0))
        if total > size:
            x = x * (size / total) if total > 0 else x
        target = min(int(math.floor(total + 0.5 + 1e-9)), size)
        base = np.floor(x + 1e-9)
        extra = int(max(0, min(target - base.sum(), len(x))))
        remainder = np.where(x - base > 1e-9, x - base, -1.0)
        order = np.lexsort((np.arange(len(x)), rows["rank"].to_numpy(), -np.round(remainder, 9)))
        add = np.zeros(len(x))
        add[order[:extra]] = 1.0
        rows = rows.assign(units=(base + add).astype(np.int64))
        out.append(rows)
    if not out:
        return alloc.assign(units=pd.Series(dtype=np.int64))
    return pd.concat(out, ignore_index=True)


def integer_counts(
    allocations: pd.DataFrame,
    people: pd.DataFrame,
    levels: pd.DataFrame,
    segment_sizes: Mapping[str, int],
    holdings: pd.DataFrame | None = None,
) -> IntegerCounts:
    """Whole clients per person from the plan's fractional counts per (group, segment, level).

    - `allocations`: group, segment, level, clients (fractional; automated levels may carry any
      group or none).
    - `people`: person, group, order, hours, efficiency, max_clients, and optionally
      `locked_hours` / `locked_clients` already taken by locked clients (free hours
      F_p = hours - locked_hours, free span M_p = max_clients - locked_clients).
    - `segment_sizes`: clients of each segment in the table (excluding locked ones).
    - `holdings`: person, segment, clients currently held (tie-break only).

    1. `round_segment_counts` gives whole units X_gsl per cell.
    2. Each X_gsl is split over the group's people in proportion to free hours:
       floor(X w_p) each, the rest one unit each by largest fraction, then to people who hold
       more of the segment's clients today than they got so far, then to the least loaded
       (cells are taken heaviest hours first, so loads stay even).
    3. Repair: while a person p has load sum_sl (h_sl / e_p) n_psl > F_p or clients > M_p, take
       the cheapest of: hand one unit to a peer of the group with room (no loss); move one unit
       to a lighter manager level of the same segment; move it to the segment's best allowed
       automated level, or leave it unserved. "Cheapest" = least profit lost per hour freed
       (hours) or per client (span). Every step frees load, so the loop ends.
    """
    people = people.sort_values("order").reset_index(drop=True)
    alloc = _normalise_allocations(allocations, levels)
    units = round_segment_counts(alloc, segment_sizes)

    n_people = len(people)
    person_idx = {p: i for i, p in enumerate(people["person"])}
    free_hours = (people["hours"] - people.get("locked_hours", 0.0)).to_numpy(float).clip(min=0.0)
    span = people["max_clients"].to_numpy(float)
    span = np.where(np.isnan(span), np.inf, span) - people.get("locked_clients", pd.Series(0.0, index=people.index)).to_numpy(float)
    span = span.clip(min=0.0)
    efficiency = people["efficiency"].to_numpy(float)

    # Manager cells (s, l) as columns of a person x cell matrix.
    lv = levels.set_index(["segment", "level"])
    manager_cells = levels[~levels["automated"]][["segment", "level"]]
    cell_idx = {(s, l): i for i, (s, l) in enumerate(manager_cells.itertuples(index=False, name=None))}
    cell_hours = lv.loc[list(cell_idx), "hours"].to_numpy(float) if cell_idx else np.zeros(0)
    cell_profit = lv.loc[list(cell_idx), "profit"].to_numpy(float) if cell_idx else np.zeros(0)
    matrix = np.zeros((n_people, len(cell_idx)), dtype=np.int64)
    unit_hours = cell_hours[None, :] / efficiency[:, None] if n_people else np.zeros((0, len(cell_idx)))

    held = np.zeros((n_people, 0))
    seg_codes: dict[str, int] = {}
    if holdings is not None and len(holdings):
        segs = sorted(levels["segment"].unique())
        seg_codes = {s: i for i, s in enumerate(segs)}
        held = np.zeros((n_people, len(segs)))
        h = holdings[holdings["person"].isin(person_idx) & holdings["segment"].isin(seg_codes)]
        np.add.at(held, (h["person"].map(person_idx).to_numpy(int), h["segment"].map(seg_codes).to_numpy(int)),
                  h["clients"].to_numpy(float))
    got_in_segment = np.zeros_like(held)

    automated: dict[tuple[str, str], int] = {}
    manager_units = units[~units["automated"]]
    for row in units[units["automated"]].itertuples(index=False):
        if row.units > 0:
            automated[(row.segment, row.level)] = automated.get((row.segment, row.level), 0) + int(row.units)

    group_members = {g: rows.index.to_numpy() for g, rows in people.groupby("group", sort=False)}
    load = np.zeros(n_people)
    dropped: list[dict[str, Any]] = []
    for row in manager_units.sort_values(["hours", "rank"], ascending=[False, True], kind="mergesort").itertuples(index=False):
        total = int(row.units)
        if total <= 0:
            continue
        members = group_members.get(row.group)
        c = cell_idx[(row.segment, row.level)]
        if members is None or len(members) == 0:
            dropped.append({"person": None, "segment": row.segment, "level": row.level, "action": "nobody",
                            "target": None, "reason": TEXT["reason_nobody"].format(group=row.group), "units": total})
            continue
        weight = free_hours[members]
        weight = weight / weight.sum() if weight.sum() > 0 else np.full(len(members), 1.0 / len(members))
        share = total * weight
        base = np.floor(share + 1e-9).astype(np.int64)
        rest = total - int(base.sum())
        if rest > 0:
            s_code = seg_codes.get(row.segment)
            wants = (held[members, s_code] - got_in_segment[members, s_code] - base > 0) if s_code is not None else np.zeros(len(members), bool)
            frac = np.round(share - base, 9)
            order = np.lexsort((np.arange(len(members)), load[members], ~wants, -frac))
            base[order[:rest]] += 1
        matrix[members, c] += base
        load[members] += base * unit_hours[members, c]
        if seg_codes.get(row.segment) is not None:
            got_in_segment[members, seg_codes[row.segment]] += base

    repairs = _repair(matrix, unit_hours, cell_profit, list(cell_idx), free_hours, span, people, levels, automated)
    repairs = dropped + repairs

    # Assemble the counts table.
    nz_p, nz_c = np.nonzero(matrix)
    cells = list(cell_idx)
    counts = pd.DataFrame({
        "person": people["person"].to_numpy()[nz_p],
        "group": people["group"].to_numpy()[nz_p],
        "segment": [cells[c][0] for c in nz_c],
        "level": [cells[c][1] for c in nz_c],
        "clients": matrix[nz_p, nz_c],
        "hours": matrix[nz_p, nz_c] * unit_hours[nz_p, nz_c],
    })
    auto = pd.DataFrame(
        [(None, None, s, l, n, 0.0) for (s, l), n in automated.items() if n > 0],
        columns=["person", "group", "segment", "level", "clients", "hours"],
    )
    counts = pd.concat([counts, auto], ignore_index=True) if len(auto) else counts
    counts["clients"] = counts["clients"].astype(np.int64)
    repairs_frame = pd.DataFrame(repairs, columns=["person", "segment", "level", "action", "target", "reason", "units"])
    repairs_frame["text"] = [_repair_text(r) for r in repairs]
    return IntegerCounts(counts=counts, repairs=repairs_frame)


def _repair_text(repair: Mapping[str, Any]) -> str:
    """One repair in words (TEXT["repair_*"])."""
    action = repair["action"]
    key = {"peer": "repair_peer", "downgrade": "repair_downgrade", "nobody": "repair_nobody"}.get(action, "repair_drop")
    return TEXT[key].format(person=repair["person"], units=repair["units"], segment=repair["segment"],
                            level=repair["level"], peer=repair["target"], target=repair["target"] or TEXT["unserved"],
                            reason=repair["reason"])


def _repair(matrix, unit_hours, cell_profit, cells, free_hours, span, people, levels, automated) -> list[dict]:
    """Stage 3 of `integer_counts`: see its docstring. Mutates `matrix` and `automated`."""
    repairs: list[dict[str, Any]] = []
    if matrix.size == 0:
        return repairs
    group_of = people["group"].to_numpy()
    names = people["person"].to_numpy()
    segment_of_cell = np.array([c[0] for c in cells], dtype=object)
    # Fallback of a dropped unit per segment: its best allowed automated level, else unserved.
    fallback: dict[str, tuple[str | None, float]] = {}
    for seg, rows in levels.groupby("segment", sort=False):
        auto = rows[rows["automated"] & rows["allowed"]].sort_values("profit", ascending=False)
        unserved = float(rows["unserved_profit"].iloc[0])
        if len(auto) and float(auto["profit"].iloc[0]) >= unserved:
            fallback[seg] = (auto["level"].iloc[0], float(auto["profit"].iloc[0]))
        else:
            fallback[seg] = (None, unserved)
    lighter: dict[int, list[int]] = {}
    allowed = levels.set_index(["segment", "level"])["allowed"]
    for c, (seg, lvl) in enumerate(cells):
        lighter[c] = [
            d for d, (s2, l2) in enumerate(cells)
            if s2 == seg and d != c and unit_hours[0, d] < unit_hours[0, c] and bool(allowed.get((s2, l2), False))
        ]

    load = (matrix * unit_hours).sum(axis=1)
    count = matrix.sum(axis=1).astype(float)
    for p in range(len(names)):
        while load[p] > free_hours[p] + 1e-7 or count[p] > span[p] + 1e-9:
            over_hours = load[p] > free_hours[p] + 1e-7
            reason = (TEXT["reason_hours"].format(load=load[p], capacity=free_hours[p]) if over_hours
                      else TEXT["reason_span"].format(count=int(count[p]), span=span[p]))
            held_cells = np.nonzero(matrix[p])[0]
            if over_hours:
                held_cells = held_cells[unit_hours[p, held_cells] > 0]
            # 1. a peer of the same group with room takes one unit (no loss).
            peers = np.nonzero((group_of == group_of[p]) & (np.arange(len(names)) != p))[0]
            best = None
            for c in held_cells:
                fits = peers[(load[peers] + unit_hours[peers, c] <= free_hours[peers] + 1e-7)
                             & (count[peers] + 1 <= span[peers] + 1e-9)]
                if len(fits):
                    room = free_hours[fits] - load[fits]
                    q = fits[np.argmax(room)]
                    key = (-unit_hours[p, c], -room.max())
                    if best is None or key < best[0]:
                        best = (key, c, q)
            if best is not None:
                _, c, q = best
                matrix[p, c] -= 1
                matrix[q, c] += 1
                load[p] -= unit_hours[p, c]
                load[q] += unit_hours[q, c]
                count[p] -= 1
                count[q] += 1
                repairs.append({"person": names[p], "segment": cells[c][0], "level": cells[c][1],
                                "action": "peer", "target": names[q], "reason": reason, "units": 1})
                continue
            # 2. the least costly downgrade or drop.
            options = []
            for c in held_cells:
                seg = segment_of_cell[c]
                if over_hours:
                    for d in lighter[c]:
                        freed = unit_hours[p, c] - unit_hours[p, d]
                        options.append(((cell_profit[c] - cell_profit[d]) / freed, "downgrade", c, d, None))
                fb_level, fb_profit = fallback[seg]
                loss = cell_profit[c] - fb_profit
                per = loss / unit_hours[p, c] if over_hours else loss
                options.append((per, "drop", c, None, fb_level))
            options.sort(key=lambda o: (o[0], o[1] != "downgrade"))
            _, action, c, d, fb_level = options[0]
            matrix[p, c] -= 1
            load[p] -= unit_hours[p, c]
            if action == "downgrade":
                matrix[p, d] += 1
                load[p] += unit_hours[p, d]
                target = cells[d][1]
            else:
                count[p] -= 1
                target = fb_level
                if fb_level is not None:
                    key = (cells[c][0], fb_level)
                    automated[key] = automated.get(key, 0) + 1
            repairs.append({"person": names[p], "segment": cells[c][0], "level": cells[c][1],
                            "action": action, "target": target, "reason": reason, "units": 1})
    return repairs


# ----- stage 2: assignment --------------------------------------------------------------------
def assign_clients(clients: pd.DataFrame, counts: pd.DataFrame, levels: pd.DataFrame,
                   people: pd.DataFrame) -> pd.DataFrame:
    """Each client to a level and (for manager levels) a person, with the fewest moves.

    `clients`: client, segment (missing = unassigned), value, current_person (missing = none).
    `counts`: person, segment, level, clients (person missing on automated levels).

    Buckets. In each segment the clients sorted by value descending (ties: client id
    ascending) fill the levels in rank order (richest first), each level taking its total
    count; the rest are not served. So the set B_sl of clients at each level is fixed by the
    counts and the value rule.

    Minimal moves. Inside B_sl person p has c_p slots (sum_p c_p = |B_sl|) and a_p of the
    bucket's clients are p's today. A client stays only with its current manager, and p can keep
    at most min(a_p, c_p) of them, so kept <= K = sum_p min(a_p, c_p). Letting every p keep
    min(a_p, c_p) of its clients (its most valuable ones) reaches K, and the |B_sl| - K others
    exactly fill the sum_p (c_p - min(a_p, c_p)) = |B_sl| - K open slots. So the moves,
    |B_sl| - K among clients with a manager, are the minimum for these counts: the
    transportation problem between current and new owners has this closed-form optimum.

    Movers, most valuable first, go to the person with the most open slots left in the bucket
    (ties: team order). Returns client, segment, level, rank, person, previous_person, kept,
    value (and `revenue`, `locked` when the clients have them), in segment / value order.
    """
    people = people.sort_values("order").reset_index(drop=True)
    names = people["person"].to_numpy(dtype=object)
    person_code = {p: i for i, p in enumerate(names)}
    n_people = len(names)

    extra = [col for col in ("revenue", "locked") if col in clients.columns]
    c = clients[["client", "segment", "value", "current_person", *extra]].copy()
    c["value"] = pd.to_numeric(c["value"], errors="coerce").fillna(0.0)
    has_segment = c["segment"].notna()
    segs = sorted(c.loc[has_segment, "segment"].unique().tolist())
    seg_code = {s: i for i, s in enumerate(segs)}
    c["_seg"] = c["segment"].map(seg_code).fillna(len(segs)).astype(np.int64)
    c = c.sort_values(["_seg", "value", "client"], ascending=[True, False, True], kind="mergesort")
    c = c.reset_index(drop=True)
    seg_arr = c["_seg"].to_numpy()
    sizes = np.bincount(seg_arr, minlength=len(segs) + 1)[: len(segs)]
    seg_start = np.concatenate([[0], np.cumsum(sizes)])

    # Buckets: per segment its levels with a positive total (rank order), then "not served".
    totals = counts.groupby(["segment", "level"], sort=False)["clients"].sum()
    lv = levels[levels["segment"].isin(seg_code)][["segment", "level", "rank", "automated"]].copy()
    lv["total"] = [int(totals.get((s, l), 0)) for s, l in zip(lv["segment"], lv["level"])]
    lv = lv[lv["total"] > 0]
    lv["_seg"] = lv["segment"].map(seg_code)
    unserved = pd.DataFrame({"segment": segs, "level": None, "rank": 10**6, "automated": True,
                             "total": 0, "_seg": range(len(segs))})
    buckets = pd.concat([lv, unserved], ignore_index=True).sort_values(["_seg", "rank"], kind="mergesort")
    buckets = buckets.reset_index(drop=True).astype({"_seg": np.int64, "total": np.int64, "rank": np.int64})
    buckets["automated"] = buckets["automated"].astype(bool)
    placed = buckets.groupby("_seg")["total"].sum().reindex(range(len(segs)), fill_value=0).to_numpy()
    over = placed > sizes
    if over.any():
        bad = [segs[i] for i in np.nonzero(over)[0]]
        raise ValueError(f"counts exceed the clients of segment(s) {bad}")
    unserved_mask = buckets["level"].isna().to_numpy()
    buckets.loc[unserved_mask, "total"] = (sizes - placed)[buckets.loc[unserved_mask, "_seg"].to_numpy()]
    ends = seg_start[buckets["_seg"].to_numpy()] + buckets.groupby("_seg")["total"].cumsum().to_numpy()
    in_table = seg_arr < len(segs)
    position = np.arange(len(c))
    bucket = np.full(len(c), -1, dtype=np.int64)
    bucket[in_table] = np.searchsorted(ends, position[in_table], side="right")
    n_buckets = len(buckets)
    manager_bucket = ~buckets["automated"].to_numpy(bool)

    # Slots per (bucket, person).
    bucket_of = {(s, l): i for i, (s, l) in enumerate(zip(buckets["segment"], buckets["level"])) if l is not None}
    m_counts = counts[counts["person"].notna()]
    slots = np.zeros(n_buckets * max(n_people, 1), dtype=np.int64)
    if len(m_counts):
        b_idx = np.array([bucket_of[(s, l)] for s, l in zip(m_counts["segment"], m_counts["level"])], dtype=np.int64)
        p_idx = m_counts["person"].map(person_code).to_numpy(np.int64)
        np.add.at(slots, b_idx * n_people + p_idx, m_counts["clients"].to_numpy(np.int64))

    # Keep: each owner keeps its most valuable min(a_p, c_p) clients of the bucket.
    owner = c["current_person"].map(person_code)
    owner_code = owner.fillna(-1).to_numpy(np.int64)
    in_manager = (bucket >= 0) & manager_bucket[np.clip(bucket, 0, None)] if n_buckets else np.zeros(len(c), bool)
    candidate = in_manager & (owner_code >= 0)
    key = np.where(candidate, bucket * max(n_people, 1) + owner_code, -1)
    rank_in_key = pd.Series(key).groupby(key).cumcount().to_numpy()
    kept = candidate & (rank_in_key < slots[np.clip(key, 0, None)])
    person = np.full(len(c), -1, dtype=np.int64)
    person[kept] = owner_code[kept]

    # Movers fill the open slots, person with the most open slots first.
    open_slots = slots - np.bincount(key[kept], minlength=len(slots))
    movers = np.nonzero(in_manager & ~kept)[0]  # already in (bucket, value) order
    slot_keys = np.nonzero(open_slots > 0)[0]
    repeat = open_slots[slot_keys]
    slot_key = np.repeat(slot_keys, repeat)
    first = np.repeat(np.cumsum(repeat) - repeat, repeat)
    room = np.repeat(repeat, repeat) - (np.arange(len(slot_key)) - first)
    slot_bucket, slot_person = slot_key // max(n_people, 1), slot_key % max(n_people, 1)
    order = np.lexsort((slot_person, -room, slot_bucket))
    if len(order) != len(movers) or not np.array_equal(slot_bucket[order], bucket[movers]):
        raise ValueError("internal: open slots do not match the movers bucket by bucket")
    person[movers] = slot_person[order]

    level_arr = buckets["level"].to_numpy(dtype=object)
    rank_arr = buckets["rank"].to_numpy()
    out = pd.DataFrame({
        "client": c["client"].to_numpy(),
        "segment": _objects(c["segment"]),
        "level": _objects(np.where(bucket >= 0, level_arr[np.clip(bucket, 0, None)] if n_buckets else None, None)),
        "rank": np.where(bucket >= 0, rank_arr[np.clip(bucket, 0, None)] if n_buckets else -1, -1),
        "person": _objects(np.where(person >= 0, names[np.clip(person, 0, None)] if n_people else None, None)),
        "previous_person": _objects(c["current_person"]),
        "kept": kept,
        "value": c["value"].to_numpy(float),
    })
    for col in extra:  # carried along for the report
        out[col] = c[col].to_numpy()
    return out


def _objects(values: Any) -> pd.Series:
    """An object column with None (never NaN or pd.NA) for missing values; pandas 3 would
    otherwise infer a string column with NaN."""
    s = pd.Series(np.asarray(values, dtype=object), dtype=object)
    return pd.Series(np.where(s.notna().to_numpy(), s.to_numpy(), None), dtype=object)


def minimal_moves(clients_with_bucket: pd.DataFrame, counts: pd.DataFrame) -> int:
    """The lower bound |B| - sum_p min(a_p, c_p) summed over manager buckets (see
    `assign_clients`), recomputed independently from the assignment's levels."""
    m = counts[counts["person"].notna()].groupby(["segment", "level", "person"])["clients"].sum()
    served = clients_with_bucket[clients_with_bucket["person"].notna()]
    held = served[served["previous_person"].notna()].groupby(["segment", "level", "previous_person"]).size()
    held.index = held.index.set_names(["segment", "level", "person"])
    both = pd.concat([m.rename("c"), held.rename("a")], axis=1).fillna(0)
    kept = np.minimum(both["c"], both["a"]).sum()
    with_owner = int(served["previous_person"].notna().sum())
    return int(with_owner - kept)


# ----- stage 3: locks and the whole books -----------------------------------------------------
@dataclass(frozen=True)
class PlanCounts:
    """What books need of a plan: fractional allocations and each group's employed head count."""

    allocations: pd.DataFrame
    head_counts: Mapping[str, int]


Resolver = Callable[[Scenario], PlanCounts]


@dataclass(frozen=True)
class Books:
    """The books of one plan.

    assignments  client, segment, level, person, group, previous_person, moved, kept, locked,
                 value, revenue, hours (manager hours per period), planned_revenue, change
                 (kept, moved, released = to automation or not served, new = had no manager,
                 none = no manager before or after)
    people       person, group, clients, hours, capacity, utilisation, revenue (the table revenue
                 of the clients in the book), planned_revenue, kept, gained, lost, locked,
                 max_clients
    counts       integer clients per person, segment and level (the integer plan)
    kpis         kpi, plan (fractional), integer, difference [, without_locks]
    repairs      units the integer repair moved
    conflicts    lock conflicts and notes, in words
    """

    assignments: pd.DataFrame
    people: pd.DataFrame
    counts: pd.DataFrame
    kpis: pd.DataFrame
    repairs: pd.DataFrame
    conflicts: tuple[str, ...] = ()
    minimal_moves: int = 0

    @property
    def moves(self) -> int:
        return int(self.assignments["moved"].sum())

    @property
    def revenue_moved(self) -> float:
        a = self.assignments
        return float(a.loc[a["moved"], "revenue"].sum())

    @property
    def transfers(self) -> pd.DataFrame:
        a = self.assignments
        cols = ["client", "segment", "level", "previous_person", "person", "group", "value", "revenue", "change"]
        return a.loc[a["moved"], cols].reset_index(drop=True)

    @property
    def not_managed(self) -> pd.DataFrame:
        """Clients automated or not served (person missing)."""
        a = self.assignments
        return a.loc[a["person"].isna()].reset_index(drop=True)

    def to_json(self) -> dict[str, Any]:
        a = self.assignments
        records = _records(a[["client", "person", "group", "segment", "level", "previous_person", "moved",
                              "locked", "change"]])
        people = _records(self.people[["person", "group", "clients", "hours", "capacity", "utilisation",
                                        "revenue", "planned_revenue", "kept", "gained", "lost", "locked"]])
        change = a["change"].value_counts()
        return {
            "assignments": records,
            "moves": self.moves,
            "revenue_moved": self.revenue_moved,
            "minimal_moves": self.minimal_moves,
            "transfers": int(change.get("moved", 0)),
            "released": int(change.get("released", 0)),
            "new_owner": int(change.get("new", 0)),
            "kept": int(change.get("kept", 0)),
            "automated": int(((a["person"].isna()) & a["level"].notna()).sum()),
            "not_served": int((a["level"].isna()).sum()),
            "people": people,
            "kpis": _records(self.kpis),
            "conflicts": list(self.conflicts),
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values and Python scalars."""
    obj = frame.astype(object).where(frame.notna(), None)
    out = []
    cols = list(obj.columns)
    for row in obj.itertuples(index=False, name=None):
        out.append({k: (v.item() if hasattr(v, "item") else v) for k, v in zip(cols, row)})
    return out


def allocation_kpis(alloc: pd.DataFrame, levels: pd.DataFrame, segments: pd.DataFrame,
                    efficiency: Mapping[str, float]) -> dict[str, float]:
    """Existing-client KPIs of an allocation (group, segment, level, clients), per PLANNER.md:
    revenue = sum_sl r_sl served_sl + sum_s r_s0 (n_s - served_s); gross margin likewise with
    margin rates; cost = sum_sl k_sl served_sl (people and hunters are left out: books do not
    change them); profit = gross margin - cost; hours = sum h_sl / e_g z_gsl."""
    a = alloc[["group", "segment", "level", "clients"]].merge(levels[["segment", "level", "hours", "revenue", "margin", "cost"]],
                    on=["segment", "level"], how="inner")
    x = a["clients"].astype(float)
    eff = a["group"].map(lambda g: efficiency.get(g, 1.0) if isinstance(g, str) else 1.0).astype(float)
    served = x.groupby(a["segment"]).sum().reindex(segments.index, fill_value=0.0)
    unserved = (segments["clients"] - served).clip(lower=0.0)
    r0 = (segments["unserved_revenue"] * unserved).sum()
    g0 = (segments["unserved_revenue"] * segments["margin"] * unserved).sum()
    revenue = float((a["revenue"] * x).sum() + r0)
    margin = float((a["revenue"] * a["margin"] * x).sum() + g0)
    cost = float((a["cost"] * x).sum())
    manager = a["hours"] > 0
    return {
        "revenue": revenue,
        "gross_margin": margin,
        "cost": cost,
        "profit": margin - cost,
        "manager_hours": float((a["hours"] / eff * x).sum()),
        "manager_clients": float(x[manager].sum()),
        "automated_clients": float(x[~manager].sum()),
        "unserved_clients": float(unserved.sum()),
    }


def _kpi_frame(plan: dict[str, float], integer: dict[str, float], without_locks: dict[str, float] | None) -> pd.DataFrame:
    frame = pd.DataFrame({"kpi": list(plan), "plan": list(plan.values()), "integer": [integer[k] for k in plan]})
    frame["difference"] = frame["integer"] - frame["plan"]
    if without_locks is not None:
        frame["without_locks"] = [without_locks[k] for k in plan]
    return frame


def _client_frame(clients: pd.DataFrame) -> pd.DataFrame:
    """client, segment, revenue, value, current_person, locked with defaults filled."""
    c = clients.copy()
    if "revenue" not in c:
        c["revenue"] = 0.0
    c["revenue"] = pd.to_numeric(c["revenue"], errors="coerce").fillna(0.0).astype(float)
    if "value" not in c:
        margin = pd.to_numeric(c["margin"], errors="coerce").fillna(1.0) if "margin" in c else 1.0
        c["value"] = c["revenue"] * margin
    if "current_person" not in c:
        c["current_person"] = None
    cp = c["current_person"]
    text = cp.astype(object).where(cp.isna(), cp.astype(str).str.strip())
    c["current_person"] = _objects(text.where(text.notna() & (text != ""), None)).to_numpy()
    c["locked"] = c["locked"].fillna(False).astype(bool) if "locked" in c else False
    c["segment"] = c["segment"].astype(object).where(c["segment"].notna(), None)
    return c


def build_books(
    scenario: Scenario,
    clients: pd.DataFrame,
    plan: PlanCounts,
    resolve: Resolver | None = None,
) -> Books:
    """Books of a prepared scenario's plan for a client table.

    `clients`: client, segment, revenue, value (default revenue x margin), current_person,
    locked. `resolve(reduced_scenario) -> PlanCounts` re-solves the plan without the locked
    clients; without it the locked clients are taken off the plan's own counts.

    Locks. A locked client with a current manager of the team stays with that person. Its
    level is the one its value rank gets in the plan without locks, or, where that is automated
    or not served, the lightest manager-served level the segment allows (so the manager still
    works with it). Its hours and span are taken off that person; the plan is re-solved with the
    segment's clients reduced by the locked ones, every group's hours per person reduced by
    its people's mean locked hours (and max_clients by their mean locked clients), and decided
    head counts fixed at the plan's (raised where a lock names a person beyond it). The free
    capacity of each person then takes the re-solved counts. Conflicts (no such person, locked
    load over a person's hours or span, missing skill) are reported in `Books.conflicts`;
    a lock is never broken silently, and one naming an unknown person is ignored with a note.
    """
    levels = level_table(scenario)
    segments = segment_table(scenario)
    c = _client_frame(clients)
    conflicts: list[str] = []
    if scenario.clients is not None and scenario.clients.manager_column is None:
        conflicts.append(TEXT["no_manager_column"])
    locked, head_counts = _honourable_locks(c, scenario, plan.head_counts, conflicts)
    people = people_table(scenario, head_counts)
    efficiency = dict(zip(people["group"], people["efficiency"]))

    base_counts = integer_counts(plan.allocations, people, levels, _segment_sizes(c), _holdings(c))
    plan_kpis = allocation_kpis(plan.allocations, levels, segments, efficiency)

    if not locked.any():
        counts = base_counts
        assignments = assign_clients(c, counts.counts, levels, people)
        plan_for_kpis, without = plan.allocations, None
        free_counts = counts.counts
    else:
        # Each locked client takes the level of its value rank in the plan without locks.
        trial = assign_clients(c, base_counts.counts, levels, people)
        lk = _place_locked(c[locked], trial, scenario, levels, efficiency, conflicts)
        people = _take_locked_load(people, lk, conflicts)
        locked_counts = (lk[lk["segment"].notna() & lk["level"].notna()]
                         .groupby(["group", "segment", "level"]).size().rename("clients").reset_index())
        reduced = reduced_scenario(scenario, people, locked_counts, head_counts)
        if resolve is not None:
            allocations = resolve(reduced).allocations
        else:
            allocations = _subtract_locked(plan.allocations, locked_counts)
        free = c[~locked]
        free_result = integer_counts(allocations, people, levels, _segment_sizes(free), _holdings(free))
        free_counts, free_repairs = free_result.counts, free_result.repairs
        assignments = pd.concat([assign_clients(free, free_counts, levels, people), _locked_rows(lk, levels)],
                                ignore_index=True)
        plan_for_kpis = pd.concat([allocations[["group", "segment", "level", "clients"]], locked_counts],
                                  ignore_index=True)
        without = plan_kpis
        counts = IntegerCounts(
            counts=pd.concat([free_counts, _locked_count_rows(lk)], ignore_index=True)
            .groupby(["person", "group", "segment", "level"], dropna=False, as_index=False)[["clients", "hours"]].sum(),
            repairs=free_repairs,
        )

    assignments = _finish_assignments(assignments, levels, people)
    kpis = _kpi_frame(allocation_kpis(plan_for_kpis, levels, segments, efficiency),
                      allocation_kpis(counts.counts, levels, segments, efficiency), without)
    # The minimum number of moves for these counts (the proof in `assign_clients`), locks aside:
    # moves among clients placed with people, plus clients released to automation or unserved.
    free_rows = assignments[~assignments["locked"]]
    bound = minimal_moves(free_rows[free_rows["segment"].notna() & free_rows["level"].notna()], free_counts)
    bound += int((free_rows["previous_person"].notna() & free_rows["person"].isna()).sum())
    return Books(assignments=assignments, people=people_summary(assignments, people),
                 counts=counts.counts.reset_index(drop=True), kpis=kpis, repairs=counts.repairs,
                 conflicts=tuple(conflicts), minimal_moves=bound)


def _segment_sizes(c: pd.DataFrame) -> dict[str, int]:
    return c.loc[c["segment"].notna(), "segment"].value_counts().to_dict()


def _holdings(c: pd.DataFrame) -> pd.DataFrame:
    """person, segment, clients held today (the tie-break of `integer_counts`)."""
    held = c[c["current_person"].notna() & c["segment"].notna()]
    return (held.groupby(["current_person", "segment"]).size().rename("clients").reset_index()
            .rename(columns={"current_person": "person"}))


def _honourable_locks(c: pd.DataFrame, scenario: Scenario, plan_head_counts: Mapping[str, int],
                      conflicts: list[str]) -> tuple[pd.Series, dict[str, int]]:
    """The locks that name a person of the team, and head counts raised so that person is
    employed; the others are explained in `conflicts` and ignored."""
    known = all_person_names(scenario)
    groups = {g.id: g for g in scenario.team.managers}
    head_counts = dict(plan_head_counts)
    locked = c["locked"] & c["current_person"].notna()
    for client in c.loc[c["locked"] & c["current_person"].isna(), "client"]:
        conflicts.append(TEXT["lock_no_manager"].format(client=client))
    unknown = locked & ~c["current_person"].isin(known)
    for client, person in c.loc[unknown, ["client", "current_person"]].itertuples(index=False):
        conflicts.append(TEXT["lock_unknown_person"].format(client=client, person=person,
                                                            known=", ".join(sorted(known)) or "none"))
    locked &= ~unknown
    for person in sorted(set(c.loc[locked, "current_person"])):
        group, position = known[person]
        count = int(head_counts.get(group, groups[group].count))
        if position > count:
            clients = c.loc[locked & (c["current_person"] == person), "client"].head(3)
            conflicts.append(TEXT["lock_not_employed"].format(
                client=", ".join(map(str, clients)), person=person, group=group, count=count, needed=position))
            head_counts[group] = position
    return locked, head_counts


def _place_locked(lk: pd.DataFrame, trial: pd.DataFrame, scenario: Scenario, levels: pd.DataFrame,
                  efficiency: Mapping[str, float], conflicts: list[str]) -> pd.DataFrame:
    """Locked clients with their group, level (rank level in `trial`, else the lightest allowed
    manager level of the segment) and hours at their person's efficiency."""
    known = all_person_names(scenario)
    groups = {g.id: g for g in scenario.team.managers}
    lk = lk.copy()
    lk["level"] = lk["client"].map(trial.set_index("client")["level"])
    lk["group"] = lk["current_person"].map({p: g for p, (g, _) in known.items()})
    manager_levels = levels[~levels["automated"] & levels["allowed"]].sort_values(["segment", "hours", "rank"])
    lightest = manager_levels.groupby("segment")["level"].first()
    automated = set(zip(levels.loc[levels["automated"], "segment"], levels.loc[levels["automated"], "level"]))
    at_automated = pd.Series([(s, l) in automated for s, l in zip(lk["segment"], lk["level"])], index=lk.index)
    needs_manager = lk["segment"].notna() & (lk["level"].isna() | at_automated)
    fixed = lk["segment"].map(lightest)
    lk.loc[needs_manager & fixed.notna(), "level"] = fixed[needs_manager & fixed.notna()]
    for row in lk[needs_manager & fixed.isna()].itertuples(index=False):
        conflicts.append(TEXT["lock_no_manager_level"].format(
            client=row.client, person=row.current_person, segment=row.segment,
            level=row.level if isinstance(row.level, str) else TEXT["unserved"]))
    for row in lk[lk["segment"].isna()].itertuples(index=False):
        conflicts.append(TEXT["lock_unassigned"].format(client=row.client, person=row.current_person))
    skill_of = {seg.id: seg.required_skill for seg in scenario.segments}
    for row in lk[lk["segment"].notna()].itertuples(index=False):
        skill = skill_of.get(row.segment)
        if skill is not None and skill not in groups[row.group].skills:
            conflicts.append(TEXT["lock_no_skill"].format(client=row.client, person=row.current_person,
                                                          group=row.group, skill=skill, segment=row.segment))
    hours_of = levels.set_index(["segment", "level"])["hours"]
    lk["hours"] = [float(hours_of.get((s, l), 0.0)) / efficiency[g] if isinstance(l, str) else 0.0
                   for s, l, g in zip(lk["segment"], lk["level"], lk["group"])]
    lk["level"] = _objects(lk["level"]).to_numpy()
    return lk


def _take_locked_load(people: pd.DataFrame, lk: pd.DataFrame, conflicts: list[str]) -> pd.DataFrame:
    """people + locked_hours and locked_clients; a load over hours or span is a conflict."""
    per_person = lk.groupby("current_person").agg(locked_hours=("hours", "sum"), locked_clients=("client", "size"))
    people = people.merge(per_person, left_on="person", right_index=True, how="left")
    people[["locked_hours", "locked_clients"]] = people[["locked_hours", "locked_clients"]].fillna(0.0)
    for row in people.itertuples(index=False):
        if row.locked_hours > row.hours + 1e-7:
            conflicts.append(TEXT["lock_over_hours"].format(person=row.person, hours=row.locked_hours,
                                                            capacity=row.hours, group=row.group))
        if not math.isnan(row.max_clients) and row.locked_clients > row.max_clients:
            conflicts.append(TEXT["lock_over_span"].format(person=row.person, clients=int(row.locked_clients),
                                                           span=row.max_clients, group=row.group))
    return people


def _locked_rows(lk: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """Locked clients as assignment rows (kept with their manager)."""
    rank_of = levels.set_index(["segment", "level"])["rank"]
    return pd.DataFrame({
        "client": lk["client"].to_numpy(),
        "segment": _objects(lk["segment"]),
        "level": _objects(lk["level"]),
        "rank": [int(rank_of.get((s, l), -1)) for s, l in zip(lk["segment"], lk["level"])],
        "person": _objects(lk["current_person"]),
        "previous_person": _objects(lk["current_person"]),
        "kept": True,
        "value": lk["value"].to_numpy(float),
        "revenue": lk["revenue"].to_numpy(float),
        "locked": True,
    })


def _locked_count_rows(lk: pd.DataFrame) -> pd.DataFrame:
    rows = lk[lk["segment"].notna() & lk["level"].notna()]
    return rows.groupby(["current_person", "group", "segment", "level"]).agg(
        clients=("client", "size"), hours=("hours", "sum")).reset_index().rename(columns={"current_person": "person"})


def _subtract_locked(allocations: pd.DataFrame, locked_counts: pd.DataFrame) -> pd.DataFrame:
    """Without a re-solve: take the locked clients off their group's own cells, then off the
    other cells of the same segment and level, then off any cell of the segment, in row order
    and never below zero."""
    a = allocations[["group", "segment", "level", "clients"]].copy().reset_index(drop=True)
    a["clients"] = a["clients"].astype(float)
    need = locked_counts.groupby(["group", "segment", "level"])["clients"].sum().astype(float)
    for keys in (["group", "segment", "level"], ["segment", "level"], ["segment"]):
        need = need.groupby(level=keys).sum()
        if not (need > EPS).any():
            break
        key = pd.MultiIndex.from_frame(a[keys].astype(object)) if len(keys) > 1 else pd.Index(a[keys[0]].astype(object))
        want = need.reindex(key).fillna(0.0).to_numpy()
        have = a["clients"].to_numpy()
        before = a.groupby(keys, sort=False, dropna=False)["clients"].cumsum().to_numpy() - have
        take = np.clip(want - before, 0.0, have)
        a["clients"] = have - take
        taken = pd.Series(take, index=key).groupby(level=list(range(len(keys)))).sum()
        taken.index = taken.index.set_names(keys) if len(keys) > 1 else taken.index.rename(keys[0])
        need = need.sub(taken.reindex(need.index).fillna(0.0), fill_value=0.0).clip(lower=0.0)
    return a


def reduced_scenario(scenario: Scenario, people: pd.DataFrame, locked_counts: pd.DataFrame,
                     head_counts: Mapping[str, int]) -> Scenario:
    """The scenario without the locked clients, for the re-solve (see `build_books`):
    n_s' = n_s - locked_s; hours per person C_g' = C_g - mean_p(locked hours) over the group's
    employed people, max_clients likewise; a decided head count fixed at the plan's; no client
    table and no `current` block (the baseline of the re-solve is not reported)."""
    locked_per_segment = locked_counts.groupby("segment")["clients"].sum().to_dict()
    segments = tuple(
        s.model_copy(update={"clients": max(0, int(s.clients or 0) - int(locked_per_segment.get(s.id, 0)))})
        for s in scenario.segments
    )
    managers = []
    for g in scenario.team.managers:
        mine = people[people["group"] == g.id]
        n = len(mine)
        update: dict[str, Any] = {}
        if n and mine["locked_hours"].sum() > 0:
            free = (mine["hours"] - mine["locked_hours"]).clip(lower=0.0).sum() / n
            update["hours"] = float(free)
        if n and g.max_clients is not None and mine["locked_clients"].sum() > 0:
            span = (mine["max_clients"] - mine["locked_clients"]).clip(lower=0.0).sum() / n
            update["max_clients"] = max(float(span), 1e-9)
        if g.decided:
            count = int(head_counts.get(g.id, g.count))
            update.update(count=count, min_count=None, max_count=None)
            if g.people is not None:
                update["people"] = tuple(g.person_names(count))
        managers.append(g.model_copy(update=update) if update else g)
    team = scenario.team.model_copy(update={"managers": tuple(managers)})
    # `current` (the baseline) describes the whole table, so it is dropped with the locked clients.
    return scenario.model_copy(update={"segments": segments, "team": team, "clients": None, "current": None})


def _finish_assignments(assigned: pd.DataFrame, levels: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Add group, moved, change, hours and planned revenue; `locked` only where kept."""
    a = assigned.copy()
    a["locked"] = a["locked"].astype(bool) & a["kept"].astype(bool)
    who = pd.Index(people["person"].astype(object)).get_indexer(a["person"].astype(object))
    has_now = who >= 0
    a["group"] = _objects(np.where(has_now, people["group"].to_numpy(dtype=object)[who], None)).to_numpy()
    eff = np.where(has_now, people["efficiency"].to_numpy(float)[who], 1.0)
    prev = a["previous_person"].astype(object)
    pers = a["person"].astype(object)
    has_prev = prev.notna().to_numpy()
    same = (prev.to_numpy() == pers.to_numpy()) & has_prev & has_now
    a["moved"] = has_prev & ~same
    a["change"] = np.select([same, has_prev & has_now, has_prev & ~has_now, ~has_prev & has_now],
                            ["kept", "moved", "released", "new"], default="none")
    lv = (levels[["segment", "level", "hours", "revenue"]].astype({"segment": object, "level": object})
          .rename(columns={"hours": "_hours", "revenue": "planned_revenue"}))
    a = a.merge(lv, on=["segment", "level"], how="left", sort=False)
    a["hours"] = np.where(has_now, a.pop("_hours").fillna(0.0).to_numpy(float) / eff, 0.0)
    a["planned_revenue"] = a["planned_revenue"].fillna(0.0)
    cols = ["client", "segment", "level", "person", "group", "previous_person", "moved", "kept", "locked",
            "change", "value", "revenue", "hours", "planned_revenue", "rank"]
    a = a[cols].sort_values(["segment", "rank", "person", "value"], ascending=[True, True, True, False],
                            na_position="last", kind="mergesort")
    return a.drop(columns="rank").reset_index(drop=True)


def people_summary(assignments: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Per person: clients, hours, capacity, utilisation, revenue, planned revenue, kept, gained
    (clients - kept: taken over or new), lost (had them, now elsewhere), locked (team order)."""
    a = assignments
    mine = a[a["person"].notna()]
    by = mine.groupby("person")
    table = pd.DataFrame({
        "clients": by.size(),
        "hours": by["hours"].sum(),
        "revenue": by["revenue"].sum(),
        "planned_revenue": by["planned_revenue"].sum(),
        "kept": by["kept"].sum(),
        "locked": by["locked"].sum(),
    })
    gained = a[a["person"].notna() & ~a["kept"].astype(bool)].groupby("person").size()
    lost = a[a["previous_person"].notna() & a["moved"]].groupby("previous_person").size()
    p = people.sort_values("order")[["person", "group", "hours", "max_clients"]].rename(columns={"hours": "capacity"})
    p = p.merge(table, left_on="person", right_index=True, how="left")
    p["gained"] = p["person"].map(gained)
    p["lost"] = p["person"].map(lost)
    for col in ("clients", "kept", "locked", "gained", "lost"):
        p[col] = p[col].fillna(0).astype(np.int64)
    for col in ("hours", "revenue", "planned_revenue"):
        p[col] = p[col].fillna(0.0).astype(float)
    p["utilisation"] = np.where(p["capacity"] > 0, p["hours"] / p["capacity"].where(p["capacity"] > 0, 1.0), 0.0)
    return p[["person", "group", "clients", "hours", "capacity", "utilisation", "revenue", "planned_revenue",
              "kept", "gained", "lost", "locked", "max_clients"]].reset_index(drop=True)


# ----- from a scenario file ------------------------------------------------------------------
def plan_counts(plan: Any) -> PlanCounts:
    """A Plan of `planner.optimise` -> PlanCounts: its manager allocations (group, segment,
    level, clients), its automated clients per segment and level (from `segment_levels`, group
    missing) and each group's employed head count."""
    alloc = plan.allocations[["group", "segment", "level", "clients"]].copy()
    levels = getattr(plan, "segment_levels", None)
    if levels is not None and len(levels) and "automated" in levels.columns:
        auto = levels.loc[levels["automated"].astype(bool) & (levels["clients"] > EPS), ["segment", "level", "clients"]]
        alloc = pd.concat([alloc, auto.assign(group=None)[["group", "segment", "level", "clients"]]],
                          ignore_index=True)
    groups = plan.groups
    if "group" in groups.columns:
        groups = groups.set_index("group")
    count_col = next(c for c in ("head_count", "count", "people") if c in groups.columns)
    head = {str(g): int(round(float(n))) for g, n in groups[count_col].items()}
    return PlanCounts(allocations=alloc, head_counts=head)


def books_for_scenario(scenario: Scenario, base_dir: Path | None = None, *, solver: str = "highs",
                       time_limit: float | None = None) -> Books:
    """Client table -> plan -> books for a scenario as loaded from its file (`base_dir` is the
    folder its table paths resolve against). Raises InputError when the scenario has no client
    table, PlanningError when there is no plan (with or without the locked clients)."""
    if scenario.clients is None:
        raise InputError(Problem("clients", TEXT["no_clients"]))
    from planner.optimise import plan_scenario
    from planner.segmentation import load_client_table

    base = Path(base_dir) if base_dir is not None else None
    table = load_client_table(scenario, base)
    kwargs: dict[str, Any] = {"solver": solver, "details": False}
    if time_limit is not None:
        kwargs["time_limit"] = time_limit
    plan = plan_scenario(scenario, base_dir=base, **kwargs)

    def resolve(reduced: Scenario) -> PlanCounts:
        try:
            return plan_counts(plan_scenario(reduced, base_dir=base, **kwargs))
        except PlanningError as exc:
            raise PlanningError(TEXT["locks_infeasible"].format(message=exc), exc.plan) from None

    # plan.scenario is the prepared scenario: table counts applied, response curves expanded.
    return build_books(plan.scenario, table.frame, plan_counts(plan), resolve)


# ----- writing --------------------------------------------------------------------------------
def sheet_names(names: list[str], reserved: tuple[str, ...] = ()) -> list[str]:
    """Excel-safe, unique sheet names (planner.workbook.sheet_titles)."""
    from planner.workbook import sheet_titles

    return sheet_titles(names, reserved)


def _summary_frame(books: Books) -> pd.DataFrame:
    a = books.assignments
    change = a["change"].value_counts()
    rows = [
        ("clients", len(a)),
        ("clients with a person", int(a["person"].notna().sum())),
        ("automated", int((a["person"].isna() & a["level"].notna()).sum())),
        ("not served", int(a["level"].isna().sum())),
        ("moves", books.moves),
        ("minimal moves for these counts", books.minimal_moves),
        ("transfers between people", int(change.get("moved", 0))),
        ("released to automation or not served", int(change.get("released", 0))),
        ("new owner (had no manager)", int(change.get("new", 0))),
        ("kept with their manager", int(change.get("kept", 0))),
        ("locked", int(a["locked"].sum())),
        ("revenue moved", books.revenue_moved),
        ("revenue of all clients", float(a["revenue"].sum())),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def check_out_path(out: str | os.PathLike[str]) -> Path:
    """`out` as a Path if it names a .xlsx workbook or a folder (existing or not), else InputError."""
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix != ".xlsx" and (suffix in {".xls", ".xlsm", ".csv", ".json", ".txt"} or target.is_file()):
        raise InputError(Problem("--out", TEXT["bad_out"].format(out=target.name)))
    return target


def write_books(books: Books, out: str | os.PathLike[str], currency: str | None = None) -> list[Path]:
    """`.xlsx` -> one workbook (summary, people, a sheet per person, transfers, automated or not
    served, integer vs plan, conflicts); anything else -> a folder of CSV files. Atomic; no
    text from the client table becomes a formula (planner.workbook)."""
    from planner.workbook import write_csv_folder, write_workbook

    target = check_out_path(out)
    if target.suffix.lower() == ".xlsx":
        return [write_workbook(target, books_sheets(books), currency)]
    tables = {
        "summary": _summary_frame(books),
        "people": books.people,
        "assignments": books.assignments,
        "transfers": books.transfers,
        "not_managed": books.not_managed,
        "counts": books.counts,
        "kpis": books.kpis,
        "conflicts": pd.DataFrame({"conflict": list(books.conflicts)}),
    }
    return write_csv_folder(target, tables)


def books_sheets(books: Books) -> list:
    from planner.workbook import Sheet

    fixed = (TEXT["sheet_summary"], TEXT["sheet_people"], TEXT["sheet_transfers"], TEXT["sheet_unassigned"],
             TEXT["sheet_kpis"], TEXT["sheet_conflicts"])
    persons = books.people["person"].tolist()
    names = sheet_names(persons, reserved=fixed)
    cols = ["client", "segment", "level", "previous_person", "change", "locked", "value", "revenue", "hours",
            "planned_revenue"]
    a = books.assignments
    by_person = {p: rows for p, rows in a.loc[a["person"].notna(), ["person", *cols]].groupby("person", sort=False)}
    empty = a.iloc[0:0][cols]
    sheets = [Sheet(TEXT["sheet_summary"], _summary_frame(books), kinds={"value": "number"}),
              Sheet(TEXT["sheet_people"], books.people, totals=True)]
    for person, sheet in zip(persons, names):
        sheets.append(Sheet(sheet, by_person[person][cols] if person in by_person else empty, totals=True))
    sheets += [
        Sheet(TEXT["sheet_transfers"], books.transfers, totals=True),
        Sheet(TEXT["sheet_unassigned"], books.not_managed[["client", "segment", "level", "previous_person", "value",
                                                            "revenue"]], totals=True),
        Sheet(TEXT["sheet_kpis"], books.kpis, kinds={"plan": "money", "integer": "money", "difference": "money",
                                                      "without_locks": "money"}),
        Sheet(TEXT["sheet_conflicts"], pd.DataFrame({"conflict": list(books.conflicts)})),
    ]
    return sheets


__all__ = [
    "Books",
    "IntegerCounts",
    "PlanCounts",
    "TEXT",
    "allocation_kpis",
    "assign_clients",
    "books_for_scenario",
    "build_books",
    "check_out_path",
    "integer_counts",
    "level_table",
    "minimal_moves",
    "people_summary",
    "people_table",
    "plan_counts",
    "reduced_scenario",
    "round_segment_counts",
    "segment_table",
    "sheet_names",
    "write_books",
]
