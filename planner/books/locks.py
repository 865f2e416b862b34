"""Locked clients: kept with their manager (or pinned to the person `lock_person` names)
whatever the plan says, and the plan re-solved without them (see
`planner.books.report.build_books`). `current_person` stays today's owner throughout."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario
from planner.books.assignment import objects
from planner.books.tables import all_person_names
from planner.books.text import EPS, TEXT

def segment_sizes(c: pd.DataFrame) -> dict[str, int]:
    return c.loc[c["segment"].notna(), "segment"].value_counts().to_dict()


def holdings(c: pd.DataFrame) -> pd.DataFrame:
    """person, segment, clients held today (the tie-break of `integer_counts`)."""
    held = c[c["current_person"].notna() & c["segment"].notna()]
    return (held.groupby(["current_person", "segment"]).size().rename("clients").reset_index()
            .rename(columns={"current_person": "person"}))


def honourable_locks(c: pd.DataFrame, scenario: Scenario, plan_head_counts: Mapping[str, int],
                      conflicts: list[str]) -> tuple[pd.Series, dict[str, int]]:
    """The locks that name a person of the team, and head counts raised so that person is
    employed; the others are explained in `conflicts` and ignored."""
    known = all_person_names(scenario)
    groups = {g.id: g for g in scenario.team.managers}
    head_counts = dict(plan_head_counts)
    locked = c["locked"] & c["lock_person"].notna()
    for client in c.loc[c["locked"] & c["lock_person"].isna(), "client"]:
        conflicts.append(TEXT["lock_no_manager"].format(client=client))
    unknown = locked & ~c["lock_person"].isin(known)
    for client, person in c.loc[unknown, ["client", "lock_person"]].itertuples(index=False):
        conflicts.append(TEXT["lock_unknown_person"].format(client=client, person=person,
                                                            known=", ".join(sorted(known)) or TEXT["none"]))
    locked &= ~unknown
    for person in sorted(set(c.loc[locked, "lock_person"])):
        group, position = known[person]
        count = int(head_counts.get(group, groups[group].count))
        if position > count:
            clients = c.loc[locked & (c["lock_person"] == person), "client"].head(3)
            conflicts.append(TEXT["lock_not_employed"].format(
                client=", ".join(map(str, clients)), person=person, group=group, count=count, needed=position))
            head_counts[group] = position
    return locked, head_counts


def place_locked(lk: pd.DataFrame, trial: pd.DataFrame, scenario: Scenario, levels: pd.DataFrame,
                  efficiency: Mapping[str, float], conflicts: list[str]) -> pd.DataFrame:
    """Locked clients with their group, level (rank level in `trial`, else the lightest allowed
    manager level of the segment) and hours at their person's efficiency."""
    known = all_person_names(scenario)
    groups = {g.id: g for g in scenario.team.managers}
    lk = lk.copy()
    lk["level"] = lk["client"].map(trial.set_index("client")["level"])
    lk["group"] = lk["lock_person"].map({p: g for p, (g, _) in known.items()})
    manager_levels = levels[~levels["automated"] & levels["allowed"]].sort_values(["segment", "hours", "rank"])
    lightest = manager_levels.groupby("segment")["level"].first()
    automated = set(zip(levels.loc[levels["automated"], "segment"], levels.loc[levels["automated"], "level"]))
    at_automated = pd.Series([(s, l) in automated for s, l in zip(lk["segment"], lk["level"])], index=lk.index)
    needs_manager = lk["segment"].notna() & (lk["level"].isna() | at_automated)
    fixed = lk["segment"].map(lightest)
    lk.loc[needs_manager & fixed.notna(), "level"] = fixed[needs_manager & fixed.notna()]
    for row in lk[needs_manager & fixed.isna()].itertuples(index=False):
        conflicts.append(TEXT["lock_no_manager_level"].format(
            client=row.client, person=row.lock_person, segment=row.segment,
            level=row.level if isinstance(row.level, str) else TEXT["unserved"]))
    for row in lk[lk["segment"].isna()].itertuples(index=False):
        conflicts.append(TEXT["lock_unassigned"].format(client=row.client, person=row.lock_person))
    skill_of = {seg.id: seg.required_skill for seg in scenario.segments}
    for row in lk[lk["segment"].notna()].itertuples(index=False):
        skill = skill_of.get(row.segment)
        if skill is not None and skill not in groups[row.group].skills:
            conflicts.append(TEXT["lock_no_skill"].format(client=row.client, person=row.lock_person,
                                                          group=row.group, skill=skill, segment=row.segment))
    hours_of = levels.set_index(["segment", "level"])["hours"]
    lk["hours"] = [float(hours_of.get((s, l), 0.0)) / efficiency[g] if isinstance(l, str) else 0.0
                   for s, l, g in zip(lk["segment"], lk["level"], lk["group"])]
    lk["level"] = objects(lk["level"]).to_numpy()
    return lk


def take_locked_load(people: pd.DataFrame, lk: pd.DataFrame, conflicts: list[str]) -> pd.DataFrame:
    """people + locked_hours and locked_clients; a load over hours or span is a conflict."""
    per_person = lk.groupby("lock_person").agg(locked_hours=("hours", "sum"), locked_clients=("client", "size"))
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


def locked_rows(lk: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """Locked clients as assignment rows (kept with their manager)."""
    rank_of = levels.set_index(["segment", "level"])["rank"]
    return pd.DataFrame({
        "client": lk["client"].to_numpy(),
        "segment": objects(lk["segment"]),
        "level": objects(lk["level"]),
        "rank": [int(rank_of.get((s, l), -1)) for s, l in zip(lk["segment"], lk["level"])],
        "person": objects(lk["lock_person"]),
        "previous_person": objects(lk["current_person"]),
        "kept": (lk["lock_person"] == lk["current_person"]).to_numpy(bool),
        "value": lk["value"].to_numpy(float),
        "revenue": lk["revenue"].to_numpy(float),
        "locked": True,
    })


def locked_count_rows(lk: pd.DataFrame) -> pd.DataFrame:
    rows = lk[lk["segment"].notna() & lk["level"].notna()]
    return rows.groupby(["lock_person", "group", "segment", "level"]).agg(
        clients=("client", "size"), hours=("hours", "sum")).reset_index().rename(columns={"lock_person": "person"})


def subtract_locked(allocations: pd.DataFrame, locked_counts: pd.DataFrame) -> pd.DataFrame:
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


__all__ = ["holdings", "honourable_locks", "locked_count_rows", "locked_rows", "place_locked", "reduced_scenario",
           "segment_sizes", "subtract_locked", "take_locked_load"]
