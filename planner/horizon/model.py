"""The time-indexed model of PLANNER.md "Multi-period plan (horizon)", one `define_*` per family.

Periods `t = 1..T`; staff `g` = the manager groups, then the hunters (index `G`). Every period is
the single-period model of `planner.model.build_model` (the same families, the same pools, money
from `planner.economics` with revenues times `seasonality_t`), its head counts `y_gt` made
integer columns of their own, linked from period to period:

    links      y_gt = y_g,t-1 + hires_gt - cuts_gt        (y_g0 = today's count)
    lead time  hires_gt = 0                for t <= lead_time_g
    capacity   C_g e_g * at_work_gt, at_work_gt = (1 - loss_g) y_gt - sum_k (1 - ramp_gk) hires_g,t-k
               loss_g = attrition_g (lead_time_g + sum_k (1 - ramp_gk))
    cost       + hire_cost_g (hires_gt + attrition_g y_gt)           (economics.hiring_terms)
    targets    per period, or on the sums over the periods (goal.horizon_totals)
    objective  sum_t of period t's objective

The whole model is assembled as arrays (`MatrixForm`): the single-period problem is built once
with PuLP and its matrix repeated T times, so 12 periods cost one build plus numpy. A ramp, a
lead time, attrition or a hire cost only shrinks the feasible set or lowers the objective, so it
never raises the optimum.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from planner import economics
from planner.inputs import Inputs
from planner.lp import MatrixForm
from planner.model import Model, build_model

TARGET_FAMILIES = frozenset(t.family for t in economics.TARGETS)
CAPACITY_FAMILIES = frozenset({"capacity", "hunting"})


@dataclass(frozen=True)
class Column:
    """A column of the assembled model: only its name is read (certificate messages)."""

    name: str


@dataclass(frozen=True)
class Staff:
    """Per staff g (groups, then hunters): today's count, range, ramp, lead time, attrition, hire
    cost, and C_g e_g (effective hours per person)."""

    ids: list
    count: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    ramps: list  # tuple of ramp factors per staff
    lead: np.ndarray
    attrition: np.ndarray
    hire_cost: np.ndarray
    effective: np.ndarray
    hours: np.ndarray

    @property
    def loss(self) -> np.ndarray:
        """loss_g = attrition_g (lead_time_g + sum_k (1 - ramp_gk))."""
        return self.attrition * (self.lead + np.array([sum(1.0 - r for r in ramp) for ramp in self.ramps]))

    def at_work(self, counts: np.ndarray, hires: np.ndarray) -> np.ndarray:
        """[T, S] people at work in full-speed units: (1 - loss) y_t - sum_k (1 - ramp_k) hires_t-k."""
        out = counts * (1.0 - self.loss)[None, :]
        for s, ramp in enumerate(self.ramps):
            for k, r in enumerate(ramp):
                if k < len(counts):
                    out[k:, s] -= (1.0 - r) * hires[: len(counts) - k, s]
        return out


@dataclass
class HorizonModel:
    """The assembled problem and where each period's columns are.

    inputs   the period structure (every head count a decision; fixed ones have lower = upper)
    base     the single-period model every period repeats (its columns: z, a, u, y, H)
    seasons  inputs of period t (revenues times seasonality_t)
    form     the whole problem; period t's block of base columns starts at t * n
    hire, cut  [T, S] column indices of hires_gt and cuts_gt; head[T, S] those of y_gt
    """

    inputs: Inputs
    base: Model
    seasons: list
    staff: Staff
    form: MatrixForm
    n: int
    head: np.ndarray
    hire: np.ndarray
    cut: np.ndarray

    @property
    def periods(self) -> int:
        return len(self.seasons)

    def block(self, x: np.ndarray, t: int) -> np.ndarray:
        """The base columns of period t (0-based) in `x`."""
        return np.asarray(x, float)[t * self.n:(t + 1) * self.n]


def decided_inputs(inputs: Inputs) -> Inputs:
    """The same inputs with every head count a decision (a fixed one in [count, count]), so that
    every period has its own head-count columns to link."""
    A = inputs.arrays
    out = replace(inputs, groups=inputs.groups.assign(decided=True),
                  hunters=replace(inputs.hunters, decided=True))
    out.__dict__["arrays"] = replace(A, grp_decided=np.ones(len(A.grp_ids), dtype=bool))
    return out


def define_staff(inputs: Inputs) -> Staff:
    """Index set of staff: groups g in inputs order, then the hunters (C_H hours, efficiency 1)."""
    team = inputs.scenario.team
    people = [*team.managers, team.hunters]
    A = inputs.arrays
    f = lambda values: np.array(values, dtype=float)  # noqa: E731
    return Staff(
        ids=[*A.grp_ids, "hunters"],
        count=f([p.count for p in people]), lower=f([p.lower for p in people]), upper=f([p.upper for p in people]),
        ramps=[tuple(float(r) for r in p.ramp) for p in people], lead=f([p.lead_time for p in people]),
        attrition=f([p.attrition for p in people]), hire_cost=f([p.hire_cost for p in people]),
        effective=np.append(A.grp_effective, inputs.hunters.hours), hours=np.append(A.grp_hours, inputs.hunters.hours),
    )


def term_columns(model: Model, terms: economics.Terms) -> np.ndarray:
    """economics Terms over the base model's columns (z, a, u, y, H): what `Model.linear` writes
    as pairs, as one vector (every head count is a column here, so nothing goes to a constant)."""
    per_served = terms.per_served
    parts = [per_served[model.arc_rows] if len(model.arc_rows) else np.zeros(0),
             per_served[model.auto_rows] if len(model.auto_rows) else np.zeros(0),
             np.asarray(terms.per_hour, float), np.asarray(terms.per_person, float)]
    if model.hunters is not None:
        parts.append(np.array([terms.per_hunter]))
    return np.concatenate(parts)


class _Rows:
    """COO accumulator of the assembled matrix."""

    def __init__(self) -> None:
        self.r, self.c, self.v, self.lo, self.up, self.names = [], [], [], [], [], []
        self.m = 0

    def block(self, rows, cols, vals, lo, up, names) -> None:
        self.r.append(np.asarray(rows, np.int64) + self.m)
        self.c.append(np.asarray(cols, np.int64))
        self.v.append(np.asarray(vals, float))
        self.lo.append(np.asarray(lo, float))
        self.up.append(np.asarray(up, float))
        self.names.extend(names)
        self.m += len(names)


def define_period_blocks(hm_base: Model, staff: Staff, T: int, n: int, hire: np.ndarray, rows: _Rows) -> None:
    """Every single-period family (size, capacity, span, coverage, hunting, head count) in every
    period, on that period's columns; targets are left to define_horizon_target_constraints.

    Ramped capacity: in a row of the capacity or hunting family, the term c y_gt (c = -C_g e_g)
    becomes  c (1 - loss_g) y_gt - c sum_k (1 - ramp_gk) hires_g,t-k."""
    form = hm_base.form
    counts = np.diff(form.indptr)
    row_of = np.repeat(np.arange(form.m), counts)
    families = np.array([hm_base.rows[name].family for name in form.names], dtype=object)
    keep = ~np.isin(families, list(TARGET_FAMILIES))
    new_index = np.cumsum(keep) - 1
    mask = keep[row_of]
    r0, c0, v0 = new_index[row_of[mask]], form.indices[mask], form.data[mask].copy()
    y0 = n - len(staff.ids)  # first head-count column of a block
    capacity = np.isin(families, list(CAPACITY_FAMILIES))[row_of[mask]] & (c0 >= y0)
    staff_of = c0 - y0
    v0[capacity] *= (1.0 - staff.loss)[staff_of[capacity]]
    lo0, up0 = form.row_lower[keep], form.row_upper[keep]
    names0 = [name for name, k in zip(form.names, keep) if k]
    cap_r, cap_s, cap_c = r0[capacity], staff_of[capacity], form.data[mask][capacity]
    for t in range(T):
        extra_r, extra_c, extra_v = [], [], []
        for k in range(T):
            if k > t:
                break
            factor = np.array([1.0 - staff.ramps[s][k] if k < len(staff.ramps[s]) else 0.0 for s in cap_s])
            nz = factor != 0.0
            if nz.any():
                extra_r.append(cap_r[nz])
                extra_c.append(hire[t - k, cap_s[nz]])
                extra_v.append(-cap_c[nz] * factor[nz])
        rr = np.concatenate([r0, *extra_r])
        cc = np.concatenate([c0 + t * n, *extra_c])
        vv = np.concatenate([v0, *extra_v])
        rows.block(rr, cc, vv, lo0, up0, [f"t{t + 1}:{name}" for name in names0])


def define_link_constraints(staff: Staff, head: np.ndarray, hire: np.ndarray, cut: np.ndarray, rows: _Rows) -> None:
    """links: y_gt - y_g,t-1 - hires_gt + cuts_gt = 0, and y_g1 - hires_g1 + cuts_g1 = count_g."""
    T, S = head.shape
    r, c, v, lo, names = [], [], [], [], []
    k = 0
    for t in range(T):
        for s in range(S):
            cols = [head[t, s], hire[t, s], cut[t, s]]
            vals = [1.0, -1.0, 1.0]
            if t > 0:
                cols.append(head[t - 1, s])
                vals.append(-1.0)
            r += [k] * len(cols)
            c += cols
            v += vals
            lo.append(staff.count[s] if t == 0 else 0.0)
            names.append(f"t{t + 1}:link_{staff.ids[s]}")
            k += 1
    rows.block(r, c, v, lo, lo, names)


def define_horizon_target_constraints(hm: "HorizonModel", rows: _Rows, targets, totals: bool) -> None:
    """targets on the unweighted KPIs of each period t (with its hiring cost,
    economics.hiring_terms, in cost and profit): KPI_t >= limit (<= for the budget); with
    `totals`, sum_t KPI_t >= limit once."""
    per_person, per_hire = economics.hiring_terms(hm.staff.hire_cost, hm.staff.attrition)
    S = len(hm.staff.ids)
    for target, limit in targets:
        sign = economics.hiring_sign(target.kpi)
        cols, vals, const = [], [], 0.0
        for t, season in enumerate(hm.seasons):
            terms = economics.kpi_terms(season, target.kpi)
            vec = term_columns(hm.base, terms)
            if sign:
                vec = vec.copy()
                vec[hm.n - S:] += sign * per_person
            nz = np.flatnonzero(vec)
            cols.append(nz + t * hm.n)
            vals.append(vec[nz])
            if sign:
                cols.append(hm.hire[t])
                vals.append(sign * per_hire)
            const += terms.constant
            if not totals:
                _target_row(rows, target, limit - terms.constant, np.concatenate(cols), np.concatenate(vals),
                            f"t{t + 1}:{target.family}")
                cols, vals, const = [], [], 0.0
        if totals:
            _target_row(rows, target, limit - const, np.concatenate(cols), np.concatenate(vals), f"total:{target.family}")


def _target_row(rows: _Rows, target, rhs: float, cols, vals, name: str) -> None:
    lo, up = (rhs, np.inf) if target.at_least else (-np.inf, rhs)
    rows.block(np.zeros(len(cols), np.int64), cols, vals, [lo], [up], [name])


def define_horizon_objective(hm_base: Model, seasons: list, staff: Staff, n: int, hire: np.ndarray,
                             objective: str) -> tuple[np.ndarray, float]:
    """Maximise sum_t objective_t (economics.objective_terms of period t's inputs), the profit
    objective less the hiring cost of every period, sum_t sum_g hire_cost_g (hires_gt +
    attrition_g y_gt)."""
    T, S = hire.shape
    cost = np.zeros(T * n + 2 * T * S)
    constant = 0.0
    per_person, per_hire = economics.hiring_terms(staff.hire_cost, staff.attrition)
    sign = economics.hiring_sign(objective)
    for t, season in enumerate(seasons):
        terms = economics.objective_terms(season, objective)
        vec = term_columns(hm_base, terms)
        if sign:
            vec = vec.copy()
            vec[n - S:] += sign * per_person
            cost[hire[t]] += sign * per_hire
        cost[t * n:(t + 1) * n] += vec
        constant += terms.constant
    return cost, constant


def define_horizon_bounds(hm_base: Model, staff: Staff, T: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column bounds: each period's base bounds (y_gt in [min_count, max_count]); hires_gt in
    [0, max(count, max_count)] and 0 for t <= lead_time_g (no hire at work before period
    lead_time + 1); cuts_gt in [0, max(count, max_count)]; hires, cuts and head counts integer."""
    form = hm_base.form
    S = len(staff.ids)
    most = np.maximum(staff.count, staff.upper)
    hire_up = np.tile(most, (T, 1))
    for s in range(S):
        hire_up[: int(min(T, staff.lead[s])), s] = 0.0
    lower = np.concatenate([np.tile(form.lower, T), np.zeros(2 * T * S)])
    upper = np.concatenate([np.tile(form.upper, T), hire_up.ravel(), np.tile(most, T)])
    integer = np.concatenate([np.tile(form.integer, T), np.ones(2 * T * S, bool)])
    return lower, upper, integer


def build_horizon_model(inputs: Inputs, T: int) -> HorizonModel:
    """The whole horizon model of T periods (see the module docstring)."""
    scenario = inputs.scenario
    structure = decided_inputs(inputs)
    base = build_model(structure)
    staff = define_staff(structure)
    horizon = scenario.horizon
    seasons = [economics.seasonal_inputs(structure, horizon.factor(t + 1) if horizon else 1.0) for t in range(T)]
    n = base.form.n
    S = len(staff.ids)
    if base.hunters is None:  # build_model makes H a column whenever hunters are decided
        raise AssertionError("the hunters' head count must be a column")
    head = np.arange(T)[:, None] * n + (n - S) + np.arange(S)[None, :]
    hire = T * n + np.arange(T * S).reshape(T, S)
    cut = T * n + T * S + np.arange(T * S).reshape(T, S)
    rows = _Rows()
    define_period_blocks(base, staff, T, n, hire, rows)
    define_link_constraints(staff, head, hire, cut, rows)
    hm = HorizonModel(structure, base, seasons, staff, None, n, head, hire, cut)  # type: ignore[arg-type]
    targets = economics.goal_targets(scenario.goal)
    define_horizon_target_constraints(hm, rows, targets, scenario.goal.horizon_totals)
    cost, constant = define_horizon_objective(base, seasons, staff, n, hire, scenario.goal.objective)
    lower, upper, integer = define_horizon_bounds(base, staff, T, n)
    hm.form = _assemble(base, staff, T, rows, cost, constant, lower, upper, integer)
    return hm


def _assemble(base: Model, staff: Staff, T: int, rows: _Rows, cost, constant, lower, upper, integer) -> MatrixForm:
    from scipy.sparse import csr_matrix

    r = np.concatenate(rows.r) if rows.r else np.zeros(0, np.int64)
    c = np.concatenate(rows.c) if rows.c else np.zeros(0, np.int64)
    v = np.concatenate(rows.v) if rows.v else np.zeros(0)
    n_cols = len(cost)
    A = csr_matrix((v, (r, c)), shape=(rows.m, n_cols))
    A.sum_duplicates()
    A.eliminate_zeros()
    A.sort_indices()
    names = [v.name for v in base.form.variables]
    columns = [Column(f"t{t + 1}:{name}") for t in range(T) for name in names]
    columns += [Column(f"t{t + 1}:hires_{g}") for t in range(T) for g in staff.ids]
    columns += [Column(f"t{t + 1}:cuts_{g}") for t in range(T) for g in staff.ids]
    return MatrixForm(
        variables=tuple(columns), names=tuple(rows.names), maximize=True, cost=np.asarray(cost, float),
        constant=float(constant), lower=lower, upper=upper, integer=integer,
        row_lower=np.concatenate(rows.lo) if rows.lo else np.zeros(0),
        row_upper=np.concatenate(rows.up) if rows.up else np.zeros(0),
        indptr=A.indptr.astype(np.int64), indices=A.indices.astype(np.int64), data=A.data.astype(float),
    )


__all__ = ["HorizonModel", "Staff", "build_horizon_model", "decided_inputs", "term_columns"]
