"""The scenario as the tables books work on: levels ranked richest first, segments, people."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from models import Scenario
from planner import economics
from planner.inputs import Inputs, build_inputs

def level_table(scenario: Scenario, inputs: Inputs | None = None) -> pd.DataFrame:
    """One row per (segment, level) of a prepared scenario, in the numbers of `planner.inputs`
    and the money of `planner.economics`.

    Columns: segment, level, position (in the file), hours (per client), revenue, margin, cost,
    automated, allowed (by the segment's service policy), profit (of a client at the level),
    unserved_profit (of the segment's unserved client), rank (0 = richest: manager levels
    before automated, revenue descending, then position).
    """
    inputs = inputs or build_inputs(scenario)
    money = economics.client_money(inputs)
    lv = inputs.levels
    levels = pd.DataFrame({
        "segment": lv["segment"].astype(object).to_numpy(), "level": lv["level"].astype(object).to_numpy(),
        "position": lv["position"].to_numpy(), "hours": lv["hours"].to_numpy(float),
        "revenue": lv["revenue"].to_numpy(float), "margin": lv["margin"].to_numpy(float),
        "cost": lv["cost"].to_numpy(float), "automated": lv["automated"].to_numpy(bool),
        "allowed": lv["allowed"].to_numpy(bool), "unserved_profit": money["unserved_profit"],
        "profit": money["profit"],
    })
    levels = levels.sort_values(["segment", "automated", "revenue", "position"],
                                ascending=[True, True, False, True], kind="mergesort")
    levels["rank"] = levels.groupby("segment", sort=False).cumcount()
    return levels.reset_index(drop=True)


def segment_table(scenario: Scenario, inputs: Inputs | None = None) -> pd.DataFrame:
    """Index segment: clients (the plan's n_s), unserved_revenue, margin, required_skill."""
    inputs = inputs or build_inputs(scenario)
    return inputs.segments[["clients", "unserved_revenue", "margin", "required_skill"]].copy()


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


__all__ = ["all_person_names", "level_table", "people_table", "segment_table"]
