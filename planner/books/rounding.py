"""Stage 1 of the books: whole clients per person, segment and level from the plan's fractions.

Largest remainder per segment, an even split of each group's counts over its employed people
by free hours, then a repair so nobody exceeds hours or span (see `integer_counts`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.books.text import EPS, TEXT

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


__all__ = ["IntegerCounts", "integer_counts", "round_segment_counts"]
