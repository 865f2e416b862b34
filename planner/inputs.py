"""Stage 3 of the pipeline: a prepared Scenario -> labelled tables the model is built from.

Every default of `PLANNER.md` is resolved here, once, so the model, the KPIs, the baseline and
the explanations all read the same numbers:

- policies: a segment's `min_coverage`, `weight` and `service` come from the segment if given,
  else from its priority class in the merged `scenario.priority_table` (no priority = class B),
  else 0, 1 and `all`;
- estimates use `likely` (`models.likely`, `level.planned_hours`);
- a level's margin defaults to its segment's; an unserved client earns `unserved_revenue` at the
  segment's margin;
- a group's head count is fixed at `count` or an integer decision in `[lower, upper]`.

`build_inputs` also checks that the prepared scenario has every number the model needs and
raises `InputError` naming the path otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from models import PriorityPolicy, Scenario, likely
from planner.errors import InputError, Problem

DEFAULT_CLASS = "B"

MESSAGES = {
    "clients": "missing after preparation: give `clients` or a client table rule for this segment",
    "margin": "missing: give the segment's `margin` (a rate in [0, 1]) or one on every level",
    "unserved_margin": "needed because unserved_revenue > 0: give the segment's `margin`",
    "revenue": "missing after preparation: give `revenue_per_client` (revenue_index needs a client table)",
    "pool": "missing after preparation: give `pool` or a prospects_data rule for this prospect segment",
    "prospect_margin": "required: a rate in [0, 1]",
}


@dataclass(frozen=True)
class HunterInputs:
    """The hunters' numbers: hours and cost per hunter, head count fixed or in [lower, upper]."""

    hours: float
    cost: float
    count: int
    lower: int
    upper: int
    decided: bool


@dataclass(frozen=True)
class Inputs:
    """The resolved numbers of one scenario, as labelled tables.

    segments  index segment: clients, margin, unserved_revenue, required_skill, priority,
              min_coverage, weight, service, position (index in scenario.segments)
    levels    one row per (segment, level): hours, revenue, margin, cost, automated, allowed
              (the segment's service permits it; the model uses only these), weight, and per served client the KPI coefficients relative to an
              unserved client (d_revenue, d_margin, d_cost, d_profit)
    groups    index group: hours, efficiency, skills, cost, max_clients, count, lower, upper,
              decided, effective_hours (hours x efficiency)
    prospects index prospect: pool, conversion, revenue, margin, cost, weight, priority,
              max_hours (pool / conversion), per hunter hour: revenue_h, margin_h, cost_h, nc_h
    """

    scenario: Scenario
    segments: pd.DataFrame
    levels: pd.DataFrame
    groups: pd.DataFrame
    prospects: pd.DataFrame
    hunters: HunterInputs
    max_headcount: int | None
    unserved_revenue_total: float
    unserved_margin_total: float

    @cached_property
    def _skill_maps(self) -> tuple[dict, dict]:
        return (dict(zip(self.segments.index, self.segments["required_skill"])),
                dict(zip(self.groups.index, self.groups["skills"])))

    def may_serve(self, group: str, segment: str) -> bool:
        """Group `group` has the skill segment `segment` requires (or it requires none)."""
        required, skills = self._skill_maps
        skill = required[segment]
        return not isinstance(skill, str) or skill in skills[group]


def segment_policy(scenario: Scenario, segment) -> tuple[str, float, float, str]:
    """(class, min_coverage, weight, service) of a segment: its own fields win over its class."""
    table = scenario.priority_table
    klass = segment.priority or DEFAULT_CLASS
    policy = table.get(klass, PriorityPolicy())
    coverage = segment.min_coverage if segment.min_coverage is not None else (policy.min_coverage or 0.0)
    weight = segment.weight if segment.weight is not None else (
        policy.weight if policy.weight is not None else 1.0
    )
    service = segment.service or policy.service or "all"
    return klass, float(coverage), float(weight), service


def build_inputs(scenario: Scenario) -> Inputs:
    """Resolve defaults and check the prepared scenario; see the module docstring."""
    problems: list[Problem] = []
    seg_rows, lvl_rows = [], []
    unserved_rev = unserved_gm = 0.0
    for i, seg in enumerate(scenario.segments):
        path = f"segments[{i}]"
        klass, coverage, weight, service = segment_policy(scenario, seg)
        clients = seg.clients
        if clients is None:
            problems.append(Problem(f"{path}.clients", MESSAGES["clients"]))
            clients = 0
        r0 = float(likely(seg.unserved_revenue) or 0.0)
        margin = seg.margin
        if margin is None and r0 > 0:
            problems.append(Problem(f"{path}.margin", MESSAGES["unserved_margin"]))
        mu0 = float(margin) if margin is not None else 0.0
        seg_rows.append(
            (seg.id, float(clients), mu0, r0, seg.required_skill, klass, coverage, weight, service, i)
        )
        unserved_rev += r0 * clients
        unserved_gm += mu0 * r0 * clients
        for j, lv in enumerate(seg.levels):
            lpath = f"{path}.levels[{j}]"
            hours = lv.planned_hours
            automated = hours == 0
            allowed = not (service == "none" or (service == "automated" and not automated))
            rev = likely(lv.revenue_per_client)
            if rev is None:
                problems.append(Problem(f"{lpath}.revenue_per_client", MESSAGES["revenue"]))
                rev = 0.0
            mu = lv.margin if lv.margin is not None else margin
            if mu is None:
                problems.append(Problem(f"{path}.margin", MESSAGES["margin"]))
                mu = 0.0
            cost = float(lv.cost_per_client)
            d_rev = rev - r0
            d_gm = mu * rev - mu0 * r0
            lvl_rows.append(
                (seg.id, lv.id, j, hours, rev, mu, cost, automated, allowed, weight, d_rev, d_gm, cost,
                 d_gm - cost)
            )
    seg_cols = ["segment", "clients", "margin", "unserved_revenue", "required_skill", "priority",
                "min_coverage", "weight", "service", "position"]
    segments = pd.DataFrame(seg_rows, columns=seg_cols).set_index("segment")
    lvl_cols = ["segment", "level", "position", "hours", "revenue", "margin", "cost", "automated",
                "allowed", "weight", "d_revenue", "d_margin", "d_cost", "d_profit"]
    levels = pd.DataFrame(lvl_rows, columns=lvl_cols)

    grp_rows = []
    for g in scenario.team.managers:
        eff = float(g.efficiency)
        grp_rows.append(
            (g.id, float(g.hours), eff, frozenset(g.skills), float(g.cost_per_person),
             None if g.max_clients is None else float(g.max_clients),
             g.count, g.lower, g.upper, g.decided, float(g.hours) * eff)
        )
    groups = pd.DataFrame(
        grp_rows,
        columns=["group", "hours", "efficiency", "skills", "cost", "max_clients", "count", "lower",
                 "upper", "decided", "effective_hours"],
    ).set_index("group")

    pro_rows = []
    for i, p in enumerate(scenario.prospects):
        path = f"prospects[{i}]"
        pool = likely(p.pool)
        if pool is None:
            problems.append(Problem(f"{path}.pool", MESSAGES["pool"]))
            pool = 0.0
        if p.margin is None:
            problems.append(Problem(f"{path}.margin", MESSAGES["prospect_margin"]))
        mu = float(p.margin or 0.0)
        conv = float(likely(p.conversion_per_hour))
        rev = float(likely(p.revenue_per_client))
        cost = float(p.acquisition_cost)
        max_hours = pool / conv if conv > 0 else 0.0
        pro_rows.append(
            (p.id, float(pool), conv, rev, mu, cost, float(p.weight), p.priority or DEFAULT_CLASS,
             max_hours, rev * conv, mu * rev * conv, cost * conv, conv)
        )
    prospects = pd.DataFrame(
        pro_rows,
        columns=["prospect", "pool", "conversion", "revenue", "margin", "cost", "weight", "priority",
                 "max_hours", "revenue_h", "margin_h", "cost_h", "nc_h"],
    ).set_index("prospect")
    if problems:
        raise InputError(problems)

    h = scenario.team.hunters
    hunters = HunterInputs(float(h.hours), float(h.cost_per_person), h.count, h.lower, h.upper, h.decided)
    return Inputs(
        scenario=scenario,
        segments=segments,
        levels=levels,
        groups=groups,
        prospects=prospects,
        hunters=hunters,
        max_headcount=scenario.team.max_headcount,
        unserved_revenue_total=unserved_rev,
        unserved_margin_total=unserved_gm,
    )


__all__ = ["DEFAULT_CLASS", "HunterInputs", "Inputs", "build_inputs", "segment_policy"]
