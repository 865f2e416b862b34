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
    d_revenue: np.ndarray
    d_margin: np.ndarray
    d_cost: np.ndarray
    d_profit: np.ndarray
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
    pro_revenue_h: np.ndarray
    pro_margin_h: np.ndarray
    pro_cost_h: np.ndarray
    pro_nc_h: np.ndarray
    pro_weight: np.ndarray
    pro_class: np.ndarray
    classes: list  # sorted priority class labels of segments and prospect segments


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
            lv_weight=f(lv, "weight"), d_revenue=f(lv, "d_revenue"), d_margin=f(lv, "d_margin"),
            d_cost=f(lv, "d_cost"), d_profit=f(lv, "d_profit"),
            grp_ids=gr.index.tolist(), grp_hours=f(gr, "hours"), grp_efficiency=f(gr, "efficiency"),
            grp_cost=f(gr, "cost"), grp_count=f(gr, "count"), grp_lower=f(gr, "lower"), grp_upper=f(gr, "upper"),
            grp_decided=gr["decided"].to_numpy(dtype=bool), grp_effective=f(gr, "effective_hours"),
            grp_max_clients=np.array([np.nan if m is None else m for m in gr["max_clients"]], dtype=float),
            grp_skills=list(gr["skills"]),
            pro_ids=pr.index.tolist(), pro_pool=f(pr, "pool"), pro_revenue_h=f(pr, "revenue_h"),
            pro_margin_h=f(pr, "margin_h"), pro_cost_h=f(pr, "cost_h"), pro_nc_h=f(pr, "nc_h"),
            pro_weight=f(pr, "weight"), pro_class=np.array([class_pos[c] for c in pr["priority"].tolist()], dtype=int),
            classes=classes,
        )

    @cached_property
    def _skill_maps(self) -> tuple[dict, dict]:
        return (dict(zip(self.segments.index, self.segments["required_skill"])),
                dict(zip(self.groups.index, self.groups["skills"])))

    def may_serve(self, group: str, segment: str) -> bool:
        """Group `group` has the skill segment `segment` requires (or it requires none)."""
        required, skills = self._skill_maps
        skill = required[segment]
        return not isinstance(skill, str) or skill in skills[group]


def segment_policy(scenario: Scenario, segment, table: dict | None = None) -> tuple[str, float, float, str]:
    """(class, min_coverage, weight, service) of a segment: its own fields win over its class.
    `table`: the scenario's `priority_table`, when the caller already has it."""
    if table is None:
        table = scenario.priority_table
    klass = segment.priority or DEFAULT_CLASS
    policy = table.get(klass)
    if policy is None:
        policy = PriorityPolicy()
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
    seg_of_level = []  # position in seg_rows of each level row
    unserved_rev = unserved_gm = 0.0
    priority_table = scenario.priority_table
    for i, seg in enumerate(scenario.segments):
        path = f"segments[{i}]"
        klass, coverage, weight, service = segment_policy(scenario, seg, priority_table)
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
            hours = lv.planned_hours
            automated = hours == 0
            allowed = not (service == "none" or (service == "automated" and not automated))
            rev = likely(lv.revenue_per_client)
            if rev is None:
                problems.append(Problem(f"{path}.levels[{j}].revenue_per_client", MESSAGES["revenue"]))
                rev = 0.0
            mu = lv.margin
            if mu is None:
                mu = margin
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
            seg_of_level.append(i)
    seg_cols = ["segment", "clients", "margin", "unserved_revenue", "required_skill", "priority",
                "min_coverage", "weight", "service", "position"]
    segments = _frame(seg_rows, seg_cols, index="segment")
    lvl_cols = ["segment", "level", "position", "hours", "revenue", "margin", "cost", "automated",
                "allowed", "weight", "d_revenue", "d_margin", "d_cost", "d_profit"]
    levels = _frame(lvl_rows, lvl_cols)

    grp_rows = []
    for g in scenario.team.managers:
        eff = float(g.efficiency)
        grp_rows.append(
            (g.id, float(g.hours), eff, frozenset(g.skills), float(g.cost_per_person),
             None if g.max_clients is None else float(g.max_clients),
             g.count, g.lower, g.upper, g.decided, float(g.hours) * eff)
        )
    groups = _frame(
        grp_rows,
        ["group", "hours", "efficiency", "skills", "cost", "max_clients", "count", "lower", "upper", "decided",
         "effective_hours"],
        index="group",
    )

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
    prospects = _frame(
        pro_rows,
        ["prospect", "pool", "conversion", "revenue", "margin", "cost", "weight", "priority", "max_hours",
         "revenue_h", "margin_h", "cost_h", "nc_h"],
        index="prospect",
    )
    if problems:
        raise InputError(problems)

    h = scenario.team.hunters
    hunters = HunterInputs(float(h.hours), float(h.cost_per_person), h.count, h.lower, h.upper, h.decided)
    inputs = Inputs(
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
    # the same numbers as `Inputs.arrays` computes from the tables, taken from the rows they were
    # made of (reading them back from pandas' arrow strings costs more than the rest of this);
    # cached_property keeps its value in the instance's __dict__
    inputs.__dict__["arrays"] = _arrays_from_rows(inputs, seg_rows, lvl_rows, seg_of_level, grp_rows, pro_rows)
    return inputs


def _typed(column: tuple):
    """A column of Python values as the numpy array pandas would infer for it when every value
    has the same plain type (float, bool or int), else as is, for pandas to infer."""
    kinds = set(map(type, column))
    if len(kinds) == 1:
        kind = kinds.pop()
        if kind is float or kind is bool:
            return np.array(column, dtype=kind)
        if kind is int:
            try:
                return np.array(column, dtype=np.int64)
            except OverflowError:
                pass
    return list(column)


def _frame(rows: list, columns: list, index: str | None = None) -> pd.DataFrame:
    """`pd.DataFrame(rows, columns=columns)` (then `.set_index(index)`), built column by column:
    the same table, without pandas inferring the type of every number one by one."""
    if not rows:
        frame = pd.DataFrame(rows, columns=columns)
        return frame.set_index(index) if index is not None else frame
    data = {c: _typed(col) for c, col in zip(columns, zip(*rows))}
    if index is None:
        return pd.DataFrame(data, copy=False)
    labels = pd.Index(data.pop(index), name=index)
    return pd.DataFrame(data, index=labels, copy=False)


def _columns(rows: list, width: int) -> list:
    """The columns of row tuples (zip(*rows) transposes at C speed; no rows: empty columns)."""
    return list(zip(*rows)) if rows else [()] * width


def _arrays_from_rows(inputs: Inputs, seg_rows: list, lvl_rows: list, seg_of_level: list, grp_rows: list,
                      pro_rows: list) -> InputArrays:
    """`Inputs.arrays` from the row tuples of build_inputs (same values, same order)."""
    seg, gr = inputs.segments, inputs.groups
    S, L, G, P = (_columns(seg_rows, 10), _columns(lvl_rows, 14), _columns(grp_rows, 11),
                  _columns(pro_rows, 13))

    def f(column, dtype=float) -> np.ndarray:
        return np.array(column, dtype=dtype).reshape(len(column))

    classes = sorted(set(S[5]) | set(P[7]))
    class_pos = {c: i for i, c in enumerate(classes)}
    return InputArrays(
        seg_ids=seg.index.tolist(), seg_clients=f(S[1]), seg_margin=f(S[2]), seg_r0=f(S[3]), seg_weight=f(S[7]),
        seg_phi=f(S[6]), seg_class=f([class_pos[c] for c in S[5]], int), seg_skill=seg["required_skill"].tolist(),
        lv_seg=f(seg_of_level, int), lv_ids=list(L[1]),
        lv_hours=f(L[3]), lv_revenue=f(L[4]), lv_margin=f(L[5]), lv_cost=f(L[6]), lv_automated=f(L[7], bool),
        lv_allowed=f(L[8], bool), lv_weight=f(L[9]), d_revenue=f(L[10]), d_margin=f(L[11]), d_cost=f(L[12]),
        d_profit=f(L[13]),
        grp_ids=gr.index.tolist(), grp_hours=f(G[1]), grp_efficiency=f(G[2]), grp_cost=f(G[4]), grp_count=f(G[6]),
        grp_lower=f(G[7]), grp_upper=f(G[8]), grp_decided=f(G[9], bool), grp_effective=f(G[10]),
        grp_max_clients=f([np.nan if m is None else m for m in G[5]]), grp_skills=list(gr["skills"]),
        pro_ids=inputs.prospects.index.tolist(), pro_pool=f(P[1]), pro_revenue_h=f(P[9]), pro_margin_h=f(P[10]),
        pro_cost_h=f(P[11]), pro_nc_h=f(P[12]), pro_weight=f(P[6]), pro_class=f([class_pos[c] for c in P[7]], int),
        classes=classes,
    )


__all__ = ["DEFAULT_CLASS", "HunterInputs", "InputArrays", "Inputs", "build_inputs", "segment_policy"]
