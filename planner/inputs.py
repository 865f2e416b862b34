"""Stage 3 of the pipeline: a prepared Scenario -> labelled tables the model is built from.

Every default of `PLANNER.md` is resolved here, once, by the rules of `planner.economics`
(policies, allowed levels, margins), so the model, the KPIs, the baseline, the books and the
explanations all read the same numbers:

- policies: `economics.segment_policy` (own fields over the priority class's);
- estimates use `likely` (`models.likely`, `level.planned_hours`);
- a level's margin: `economics.level_margin`; an unserved client earns `unserved_revenue` at the
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

from models import Scenario, likely
from planner import economics
from planner.economics import DEFAULT_CLASS
from planner.errors import InputError, Problem
from planner.frames import frame_from_rows
from planner.i18n import N_, catalogue

MESSAGES = catalogue({
    "clients": N_("missing after preparation: give `clients` or a client table rule for this segment"),
    "margin": N_("missing: give the segment's `margin` (a rate in [0, 1]) or one on every level"),
    "unserved_margin": N_("needed because unserved_revenue > 0: give the segment's `margin`"),
    "revenue": N_("missing after preparation: give `revenue_per_client` (revenue_index needs a client table)"),
    "pool": N_("missing after preparation: give `pool` or a prospects_data rule for this prospect segment"),
    "prospect_margin": N_("required: a rate in [0, 1]"),
})


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
class InputArrays:
    """Columns of the Inputs tables as numpy arrays (float unless said) and lists, same order."""

    seg_ids: list
    seg_clients: np.ndarray
    seg_margin: np.ndarray
    seg_r0: np.ndarray
    seg_weight: np.ndarray
    seg_phi: np.ndarray
    seg_class: np.ndarray  # index into `classes`
    seg_skill: list
    lv_seg: np.ndarray  # index into seg_ids
    lv_ids: list
    lv_hours: np.ndarray
    lv_revenue: np.ndarray
    lv_margin: np.ndarray
    lv_cost: np.ndarray
    lv_automated: np.ndarray
    lv_allowed: np.ndarray
    lv_weight: np.ndarray
    grp_ids: list
    grp_hours: np.ndarray
    grp_efficiency: np.ndarray
    grp_cost: np.ndarray
    grp_count: np.ndarray
    grp_lower: np.ndarray
    grp_upper: np.ndarray
    grp_decided: np.ndarray
    grp_effective: np.ndarray
    grp_max_clients: np.ndarray  # NaN: no span limit
    grp_skills: list
    pro_ids: list
    pro_pool: np.ndarray
    pro_conversion: np.ndarray
    pro_revenue: np.ndarray
    pro_margin: np.ndarray
    pro_cost: np.ndarray
    pro_weight: np.ndarray
    pro_class: np.ndarray
    classes: list  # sorted priority class labels of segments and prospect segments


@dataclass(frozen=True)
class Inputs:
    """The resolved numbers of one scenario, as labelled tables (`planner.economics` turns
    them into money).

    segments  index segment: clients, margin, unserved_revenue, required_skill, priority,
              min_coverage, weight, service, position (index in scenario.segments)
    levels    one row per (segment, level): position, hours, revenue, margin, cost, automated,
              allowed (the segment's service permits it; the model uses only these), weight
    groups    index group: hours, efficiency, skills, cost, max_clients, count, lower, upper,
              decided, effective_hours (hours x efficiency)
    prospects index prospect: pool, conversion, revenue, margin, cost, weight, priority,
              max_hours (pool / conversion)
    """

    scenario: Scenario
    segments: pd.DataFrame
    levels: pd.DataFrame
    groups: pd.DataFrame
    prospects: pd.DataFrame
    hunters: HunterInputs
    max_headcount: int | None

    @cached_property
    def arrays(self) -> "InputArrays":
        """The same numbers as numpy arrays and lists (pandas access is slow in hot loops)."""
        seg, lv, gr, pr = self.segments, self.levels, self.groups, self.prospects
        seg_pos = {s: i for i, s in enumerate(seg.index)}
        classes = sorted(set(seg["priority"]) | set(pr["priority"]))
        class_pos = {c: i for i, c in enumerate(classes)}
        f = lambda df, c: df[c].to_numpy(dtype=float)  # noqa: E731
        return InputArrays(
            seg_ids=seg.index.tolist(), seg_clients=f(seg, "clients"), seg_margin=f(seg, "margin"),
            seg_r0=f(seg, "unserved_revenue"), seg_weight=f(seg, "weight"), seg_phi=f(seg, "min_coverage"),
            seg_class=np.array([class_pos[c] for c in seg["priority"].tolist()], dtype=int),
            seg_skill=seg["required_skill"].tolist(),
            lv_seg=np.array([seg_pos[s] for s in lv["segment"].tolist()], dtype=int), lv_ids=lv["level"].tolist(),
            lv_hours=f(lv, "hours"), lv_revenue=f(lv, "revenue"), lv_margin=f(lv, "margin"), lv_cost=f(lv, "cost"),
            lv_automated=lv["automated"].to_numpy(dtype=bool), lv_allowed=lv["allowed"].to_numpy(dtype=bool),
            lv_weight=f(lv, "weight"),
            grp_ids=gr.index.tolist(), grp_hours=f(gr, "hours"), grp_efficiency=f(gr, "efficiency"),
            grp_cost=f(gr, "cost"), grp_count=f(gr, "count"), grp_lower=f(gr, "lower"), grp_upper=f(gr, "upper"),
            grp_decided=gr["decided"].to_numpy(dtype=bool), grp_effective=f(gr, "effective_hours"),
            grp_max_clients=np.array([np.nan if m is None else m for m in gr["max_clients"]], dtype=float),
            grp_skills=list(gr["skills"]),
            pro_ids=pr.index.tolist(), pro_pool=f(pr, "pool"), pro_conversion=f(pr, "conversion"),
            pro_revenue=f(pr, "revenue"), pro_margin=f(pr, "margin"), pro_cost=f(pr, "cost"),
            pro_weight=f(pr, "weight"), pro_class=np.array([class_pos[c] for c in pr["priority"].tolist()], dtype=int),
            classes=classes,
        )

    @cached_property
    def serve(self) -> np.ndarray:
        """Boolean [group, segment]: the group has the skill the segment requires (or none is needed)."""
        A = self.arrays
        return economics.serve_matrix(A.seg_skill, A.grp_skills)

    def may_serve(self, group: str, segment: str) -> bool:
        """Group `group` has the skill segment `segment` requires (or it requires none)."""
        return economics.may_serve(self.segments.at[segment, "required_skill"], self.groups.at[group, "skills"])


def build_inputs(scenario: Scenario) -> Inputs:
    """Resolve defaults and check the prepared scenario; see the module docstring."""
    problems: list[Problem] = []
    seg_rows, lvl_rows = [], []
    seg_of_level = []  # position in seg_rows of each level row
    priority_table = scenario.priority_table
    for i, seg in enumerate(scenario.segments):
        path = f"segments[{i}]"
        policy = economics.segment_policy(priority_table, seg)
        clients = seg.clients
        if clients is None:
            problems.append(Problem(f"{path}.clients", MESSAGES["clients"]))
            clients = 0
        r0 = float(likely(seg.unserved_revenue) or 0.0)
        margin = seg.margin
        if margin is None and r0 > 0:
            problems.append(Problem(f"{path}.margin", MESSAGES["unserved_margin"]))
        mu0 = float(margin) if margin is not None else 0.0
        seg_rows.append((seg.id, float(clients), mu0, r0, seg.required_skill, policy.klass, policy.min_coverage,
                         policy.weight, policy.service, i))
        for j, lv in enumerate(seg.levels):
            hours = lv.planned_hours
            automated = hours == 0
            rev = likely(lv.revenue_per_client)
            if rev is None:
                problems.append(Problem(f"{path}.levels[{j}].revenue_per_client", MESSAGES["revenue"]))
                rev = 0.0
            mu = economics.level_margin(lv, seg)
            if mu is None:
                problems.append(Problem(f"{path}.margin", MESSAGES["margin"]))
                mu = 0.0
            lvl_rows.append((seg.id, lv.id, j, hours, float(rev), mu, float(lv.cost_per_client), automated,
                             economics.level_allowed(policy.service, automated), policy.weight))
            seg_of_level.append(i)
    segments = frame_from_rows(seg_rows, SEGMENT_COLUMNS, index="segment")
    levels = frame_from_rows(lvl_rows, LEVEL_COLUMNS)

    grp_rows = []
    for g in scenario.team.managers:
        eff = float(g.efficiency)
        grp_rows.append(
            (g.id, float(g.hours), eff, frozenset(g.skills), float(g.cost_per_person),
             None if g.max_clients is None else float(g.max_clients),
             g.count, g.lower, g.upper, g.decided, float(g.hours) * eff)
        )
    groups = frame_from_rows(grp_rows, GROUP_COLUMNS, index="group")

    pro_rows = []
    for i, p in enumerate(scenario.prospects):
        path = f"prospects[{i}]"
        pool = likely(p.pool)
        if pool is None:
            problems.append(Problem(f"{path}.pool", MESSAGES["pool"]))
            pool = 0.0
        if p.margin is None:
            problems.append(Problem(f"{path}.margin", MESSAGES["prospect_margin"]))
        conv = float(likely(p.conversion_per_hour))
        max_hours = pool / conv if conv > 0 else 0.0
        pro_rows.append((p.id, float(pool), conv, float(likely(p.revenue_per_client)), float(p.margin or 0.0),
                         float(p.acquisition_cost), float(p.weight), p.priority or DEFAULT_CLASS, max_hours))
    prospects = frame_from_rows(pro_rows, PROSPECT_COLUMNS, index="prospect")
    if problems:
        raise InputError(problems)

    h = scenario.team.hunters
    hunters = HunterInputs(float(h.hours), float(h.cost_per_person), h.count, h.lower, h.upper, h.decided)
    inputs = Inputs(scenario=scenario, segments=segments, levels=levels, groups=groups, prospects=prospects,
                    hunters=hunters, max_headcount=scenario.team.max_headcount)
    # the same numbers as `Inputs.arrays` computes from the tables, taken from the rows they were
    # made of (reading them back from pandas' arrow strings costs more than the rest of this);
    # cached_property keeps its value in the instance's __dict__
    inputs.__dict__["arrays"] = _arrays_from_rows(inputs, seg_rows, lvl_rows, seg_of_level, grp_rows, pro_rows)
    return inputs


SEGMENT_COLUMNS = ["segment", "clients", "margin", "unserved_revenue", "required_skill", "priority",
                   "min_coverage", "weight", "service", "position"]
LEVEL_COLUMNS = ["segment", "level", "position", "hours", "revenue", "margin", "cost", "automated", "allowed",
                 "weight"]
GROUP_COLUMNS = ["group", "hours", "efficiency", "skills", "cost", "max_clients", "count", "lower", "upper",
                 "decided", "effective_hours"]
PROSPECT_COLUMNS = ["prospect", "pool", "conversion", "revenue", "margin", "cost", "weight", "priority",
                    "max_hours"]


def _columns(rows: list, width: int) -> list:
    """The columns of row tuples (zip(*rows) transposes at C speed; no rows: empty columns)."""
    return list(zip(*rows)) if rows else [()] * width


def _arrays_from_rows(inputs: Inputs, seg_rows: list, lvl_rows: list, seg_of_level: list, grp_rows: list,
                      pro_rows: list) -> InputArrays:
    """`Inputs.arrays` from the row tuples of build_inputs (same values, same order)."""
    seg, gr = inputs.segments, inputs.groups
    S, L, G, P = (_columns(seg_rows, len(SEGMENT_COLUMNS)), _columns(lvl_rows, len(LEVEL_COLUMNS)),
                  _columns(grp_rows, len(GROUP_COLUMNS)), _columns(pro_rows, len(PROSPECT_COLUMNS)))

    def f(column, dtype=float) -> np.ndarray:
        return np.array(column, dtype=dtype).reshape(len(column))

    classes = sorted(set(S[5]) | set(P[7]))
    class_pos = {c: i for i, c in enumerate(classes)}
    return InputArrays(
        seg_ids=seg.index.tolist(), seg_clients=f(S[1]), seg_margin=f(S[2]), seg_r0=f(S[3]), seg_weight=f(S[7]),
        seg_phi=f(S[6]), seg_class=f([class_pos[c] for c in S[5]], int), seg_skill=seg["required_skill"].tolist(),
        lv_seg=f(seg_of_level, int), lv_ids=list(L[1]),
        lv_hours=f(L[3]), lv_revenue=f(L[4]), lv_margin=f(L[5]), lv_cost=f(L[6]), lv_automated=f(L[7], bool),
        lv_allowed=f(L[8], bool), lv_weight=f(L[9]),
        grp_ids=gr.index.tolist(), grp_hours=f(G[1]), grp_efficiency=f(G[2]), grp_cost=f(G[4]), grp_count=f(G[6]),
        grp_lower=f(G[7]), grp_upper=f(G[8]), grp_decided=f(G[9], bool), grp_effective=f(G[10]),
        grp_max_clients=f([np.nan if m is None else m for m in G[5]]), grp_skills=list(gr["skills"]),
        pro_ids=inputs.prospects.index.tolist(), pro_pool=f(P[1]), pro_conversion=f(P[2]), pro_revenue=f(P[3]),
        pro_margin=f(P[4]), pro_cost=f(P[5]), pro_weight=f(P[6]), pro_class=f([class_pos[c] for c in P[7]], int),
        classes=classes,
    )


__all__ = ["DEFAULT_CLASS", "HunterInputs", "InputArrays", "Inputs", "build_inputs"]
