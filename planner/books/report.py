"""Stage 3 of the books: locks, the integer plan, the assignment and the report (`Books`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario
from planner import economics
from planner.books.assignment import assign_clients, minimal_moves, objects
from planner.books.locks import (
    holdings,
    honourable_locks,
    locked_count_rows,
    locked_rows,
    place_locked,
    segment_sizes,
    subtract_locked,
    take_locked_load,
    reduced_scenario,
)
from planner.books.rounding import IntegerCounts, integer_counts
from planner.books.tables import level_table, people_table
from planner.books.text import TEXT
from planner.economics import KPI_NAMES
from planner.inputs import Inputs, build_inputs

@dataclass(frozen=True)
class PlanCounts:
    """What books need of a plan: its fractional allocations (automated rows without a group),
    each group's employed head count, its hunters and hunter hours (which books do not change,
    but the KPIs include), and the plan's own KPIs when it came from the optimiser."""

    allocations: pd.DataFrame
    head_counts: Mapping[str, int]
    hunters: float = 0.0
    hunter_hours: Mapping[str, float] = field(default_factory=dict)
    kpis: Mapping[str, float] | None = None


Resolver = Callable[[Scenario], PlanCounts]


@dataclass(frozen=True)
class Books:
    """The books of one plan.

    assignments  client [, name], segment, level, person, group, previous_person, moved, kept,
                 locked, value, revenue, hours (manager hours per period), planned_revenue, change
                 [, the detail columns of the table: criteria]
                 (kept, moved, released = to automation or not served, new = had no manager,
                 none = no manager before or after)
    people       person, group, status (idle: an empty book; over: more hours or clients than the
                 person has; ok), clients, hours, capacity, utilisation, revenue (the table
                 revenue of the clients in the book), planned_revenue, kept, gained, lost,
                 locked, max_clients
    counts       integer clients per person, segment and level (the integer plan)
    kpis         kpi, plan (the plan's own KPIs), integer (the books'), difference [, with_locks]
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
    def idle(self) -> list[str]:
        """People with an empty book (status `idle`)."""
        return self.people.loc[self.people["status"] == "idle", "person"].tolist()

    @property
    def over_hours(self) -> list[str]:
        """People whose book needs more than their hours or max_clients (status `over`)."""
        return self.people.loc[self.people["status"] == "over", "person"].tolist()

    @property
    def revenue_moved(self) -> float:
        a = self.assignments
        return float(a.loc[a["moved"], "revenue"].sum())

    @property
    def transfers(self) -> pd.DataFrame:
        a = self.assignments
        cols = ["client", *(["name"] if "name" in a else []), "segment", "level", "previous_person", "person", "group",
                "value", "revenue", "change"]
        return a.loc[a["moved"], cols].reset_index(drop=True)

    @property
    def not_managed(self) -> pd.DataFrame:
        """Clients automated or not served (person missing)."""
        a = self.assignments
        return a.loc[a["person"].isna()].reset_index(drop=True)

    def to_json(self) -> dict[str, Any]:
        a = self.assignments
        records = _records(a[["client", *(["name"] if "name" in a else []), "person", "group", "segment", "level",
                              "previous_person", "moved", "locked", "change"]])
        people = _records(self.people[["person", "group", "status", "clients", "hours", "capacity", "utilisation",
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
            "idle": self.idle,
            "over_hours": self.over_hours,
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


OVER_TOLERANCE = 1e-6  # hours: a book over its person's hours (locks can put it there)
CLIENT_COUNTS = ("manager_clients", "automated_clients", "unserved_clients")
BOOK_KPIS = (*KPI_NAMES, *CLIENT_COUNTS)


def allocation_kpis(inputs: Inputs, alloc: pd.DataFrame, plan: PlanCounts) -> dict[str, float]:
    """The plan's KPIs (`planner.economics`, PLANNER.md) of an allocation of existing clients
    (group, segment, level, clients; automated rows without a group) with the plan's head
    counts, hunters and hunter hours, plus the clients with a manager, automated and unserved."""
    A = inputs.arrays
    row_of = {(A.seg_ids[si], l): r for r, (si, l) in enumerate(zip(A.lv_seg.tolist(), A.lv_ids))}
    eff = dict(zip(A.grp_ids, A.grp_efficiency.tolist()))
    served = np.zeros(len(A.lv_ids))
    hours = 0.0
    for g, s, l, c in alloc[["group", "segment", "level", "clients"]].itertuples(index=False):
        r = row_of.get((s, l))
        if r is None or not c:
            continue
        served[r] += float(c)
        if not A.lv_automated[r] and isinstance(g, str):
            hours += float(c) * A.lv_hours[r] / eff.get(g, 1.0)
    counts = np.array([float(plan.head_counts.get(g, c)) for g, c in zip(A.grp_ids, A.grp_count.tolist())])
    u = np.array([float(plan.hunter_hours.get(p, 0.0)) for p in A.pro_ids])
    kpis = economics.evaluate_kpis(inputs, served, u, counts, float(plan.hunters), hours)
    automated = float(served[A.lv_automated].sum())
    managed = float(served.sum()) - automated
    kpis.update(manager_clients=managed, automated_clients=automated,
                unserved_clients=float(economics.segment_money(inputs, served)["unserved"].sum()))
    return kpis


def _kpi_frame(plan: Mapping[str, float], integer: Mapping[str, float],
               with_locks: Mapping[str, float] | None) -> pd.DataFrame:
    """kpi, plan (the plan's own), [with_locks (the plan re-solved around the locked clients),]
    integer (the books), difference (integer minus the fractional plan it rounds: rounding)."""
    frame = pd.DataFrame({"kpi": list(BOOK_KPIS), "plan": [float(plan[k]) for k in BOOK_KPIS]})
    rounded = plan
    if with_locks is not None:
        frame["with_locks"] = [float(with_locks[k]) for k in BOOK_KPIS]
        rounded = with_locks
    frame["integer"] = [float(integer[k]) for k in BOOK_KPIS]
    frame["difference"] = frame["integer"] - [float(rounded[k]) for k in BOOK_KPIS]
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
    c["current_person"] = objects(text.where(text.notna() & (text != ""), None)).to_numpy()
    c["locked"] = c["locked"].fillna(False).astype(bool) if "locked" in c else False
    # the person a lock keeps the client with: `lock_person` (a lock of the scenario) or today's
    lock_to = c["lock_person"].astype(object) if "lock_person" in c else pd.Series(None, index=c.index, dtype=object)
    lock_to = lock_to.where(lock_to.notna(), pd.Series(c["current_person"], index=c.index))
    c["lock_person"] = objects(lock_to.where(c["locked"], None)).to_numpy()
    c["segment"] = c["segment"].astype(object).where(c["segment"].notna(), None)
    return c


def build_books(
    scenario: Scenario,
    clients: pd.DataFrame,
    plan: PlanCounts,
    resolve: Resolver | None = None,
    details: Sequence[str] = (),
) -> Books:
    """Books of a prepared scenario's plan for a client table.

    `clients`: client, segment, revenue, value (default revenue x margin), current_person,
    locked, lock_person (optional: the person a locked client is pinned to, default today's
    owner), and the `details` columns carried into the assignments (the client's name and the
    criterion columns, for the books a manager reads). `resolve(reduced_scenario) ->
    PlanCounts` re-solves the plan without the locked clients; without it the locked clients
    are taken off the plan's own counts.

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
    inputs = build_inputs(scenario)
    levels = level_table(scenario, inputs)
    c = _client_frame(clients)
    conflicts: list[str] = []
    if scenario.clients is not None and scenario.clients.manager_column is None:
        conflicts.append(TEXT["no_manager_column"])
    locked, head_counts = honourable_locks(c, scenario, plan.head_counts, conflicts)
    c = c.assign(locked=locked.to_numpy(bool))  # an ignored lock is no lock
    people = people_table(scenario, head_counts)
    efficiency = dict(zip(people["group"], people["efficiency"]))

    base_counts = integer_counts(plan.allocations, people, levels, segment_sizes(c), holdings(c))
    plan_kpis = {**allocation_kpis(inputs, plan.allocations, plan), **(plan.kpis or {})}
    staffed = replace(plan, head_counts={**plan.head_counts, **head_counts})

    if not locked.any():
        counts = base_counts
        assignments = assign_clients(c, counts.counts, levels, people)
        with_locks = None
        free_counts = counts.counts
    else:
        # Each locked client takes the level of its value rank in the plan without locks.
        trial = assign_clients(c, base_counts.counts, levels, people)
        lk = place_locked(c[locked], trial, scenario, levels, efficiency, conflicts)
        people = take_locked_load(people, lk, conflicts)
        locked_counts = (lk[lk["segment"].notna() & lk["level"].notna()]
                         .groupby(["group", "segment", "level"]).size().rename("clients").reset_index())
        reduced = reduced_scenario(scenario, people, locked_counts, head_counts)
        if resolve is not None:
            allocations = resolve(reduced).allocations
        else:
            allocations = subtract_locked(plan.allocations, locked_counts)
        free = c[~locked]
        free_result = integer_counts(allocations, people, levels, segment_sizes(free), holdings(free))
        free_counts, free_repairs = free_result.counts, free_result.repairs
        assignments = pd.concat([assign_clients(free, free_counts, levels, people), locked_rows(lk, levels)],
                                ignore_index=True)
        with_locks = allocation_kpis(inputs, pd.concat([allocations[["group", "segment", "level", "clients"]],
                                                        locked_counts], ignore_index=True), staffed)
        counts = IntegerCounts(
            counts=pd.concat([free_counts, locked_count_rows(lk)], ignore_index=True)
            .groupby(["person", "group", "segment", "level"], dropna=False, as_index=False)[["clients", "hours"]].sum(),
            repairs=free_repairs,
        )

    assignments = _finish_assignments(assignments, levels, people, c, details)
    kpis = _kpi_frame(plan_kpis, allocation_kpis(inputs, counts.counts, staffed), with_locks)
    # The minimum number of moves for these counts (the proof in `assign_clients`), locks aside:
    # moves among clients placed with people, plus clients released to automation or unserved.
    free_rows = assignments[~assignments["locked"]]
    bound = minimal_moves(free_rows[free_rows["segment"].notna() & free_rows["level"].notna()], free_counts)
    bound += int((free_rows["previous_person"].notna() & free_rows["person"].isna()).sum())
    return Books(assignments=assignments, people=people_summary(assignments, people),
                 counts=counts.counts.reset_index(drop=True), kpis=kpis, repairs=counts.repairs,
                 conflicts=tuple(conflicts), minimal_moves=bound)


def _finish_assignments(assigned: pd.DataFrame, levels: pd.DataFrame, people: pd.DataFrame,
                        clients: pd.DataFrame | None = None, details: Sequence[str] = ()) -> pd.DataFrame:
    """Add group, moved, change, hours, planned revenue and the clients' `details` columns."""
    a = assigned.copy()
    a["locked"] = a["locked"].astype(bool)
    who = pd.Index(people["person"].astype(object)).get_indexer(a["person"].astype(object))
    has_now = who >= 0
    a["group"] = objects(np.where(has_now, people["group"].to_numpy(dtype=object)[who], None)).to_numpy()
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
    extra = [d for d in dict.fromkeys(details) if d not in cols and clients is not None and d in clients]
    if extra:
        by_client = clients.drop_duplicates("client").set_index("client")[extra]
        for d in extra:
            a[d] = objects(a["client"].map(by_client[d])).to_numpy() if by_client[d].dtype == object \
                else a["client"].map(by_client[d]).to_numpy()
        cols = [cols[0], *[d for d in extra if d == "name"], *cols[1:], *[d for d in extra if d != "name"]]
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
    over = (p["hours"] > p["capacity"] + OVER_TOLERANCE) | (p["clients"] > p["max_clients"].fillna(np.inf))
    p["status"] = np.select([p["clients"] == 0, over], ["idle", "over"], default="ok")
    return p[["person", "group", "status", "clients", "hours", "capacity", "utilisation", "revenue", "planned_revenue",
              "kept", "gained", "lost", "locked", "max_clients"]].reset_index(drop=True)


__all__ = ["Books", "PlanCounts", "Resolver", "allocation_kpis", "build_books", "people_summary"]
