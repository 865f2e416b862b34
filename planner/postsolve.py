"""Stage 6a: what follows a certified solve, computed on copies; the solved model is never changed.

- `extract_solution`: the solution vector -> clients per level row, hunter hours, head counts,
  and each pool's clients split to its groups (in proportion to their effective capacity
  C_g e_g y_g; the aggregated pool `*` first routed to pools by `route_pools`);
- `route_pools`: the transportation LP that routes aggregated hours to pools;
- `route_today`: the baseline's LP that routes today's clients to today's groups;
- `marginal_values`: the shadow-price numbers, from an LP copy of the model with every integer
  fixed at the plan's value: the row duals, and re-solves with one more person of a group
  (or hunter).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pulp

from planner import economics
from planner.frames import take_labels
from planner.inputs import Inputs
from planner.model import Model
from planner.solution import ALLOCATION_COLUMNS, Solution, empty_allocations
from planner.solve import LpCopy, solve_form, solve_problem

TOL = 1e-6


# ----- values of the model's variables ----------------------------------------------------
@dataclass(frozen=True)
class ModelValues:
    """The solution vector split by variable family (model.variables order)."""

    z: np.ndarray
    a: np.ndarray
    u: np.ndarray
    y: dict  # group id -> rounded head count
    hunters: float | None


def model_values(model: Model, x: np.ndarray) -> ModelValues:
    x = np.asarray(x, dtype=float)
    nz, na, nu = len(model.z), len(model.a), len(model.u)
    k = nz + na + nu
    y = {g: float(round(x[k + i])) for i, g in enumerate(model.y)}
    k += len(model.y)
    hunters = float(round(x[k])) if model.hunters is not None else None
    return ModelValues(x[:nz], x[nz:nz + na], x[nz + na:k - len(model.y)], y, hunters)


def extract_solution(model: Model, x: np.ndarray, capacity: np.ndarray | None = None) -> Solution:
    """The solution vector -> a Solution (see the module docstring). `capacity`: each group's
    effective hours to split pools by, where they are not C_g e_g y_g (a horizon's ramped
    capacity)."""
    inp = model.inputs
    A = inp.arrays
    values = model_values(model, x)
    counts = np.array([values.y.get(g, float(c)) for g, c in zip(A.grp_ids, A.grp_count.tolist())], dtype=float)
    hunters = values.hunters if values.hunters is not None else float(inp.hunters.count)
    zval = values.z
    arc_rows = model.arc_rows
    served = np.zeros(len(A.lv_ids))
    if len(zval):
        np.add.at(served, arc_rows, zval)
    if len(values.a):
        np.add.at(served, model.auto_rows, values.a)

    gpos = {g: i for i, g in enumerate(A.grp_ids)}
    eff = A.grp_effective
    members = model.pools["members"].tolist()
    caps = eff * counts if capacity is None else np.asarray(capacity, float)
    pool_caps = [np.array([caps[gpos[g]] for g in group_ids]) for group_ids in members]
    arc_pool = model.arcs["pool_index"].to_numpy(int)
    keep = zval > 1e-9
    # (pool, arc, share of the arc's clients) for every arc
    pool_parts = [(pi, np.flatnonzero(keep & (arc_pool == pi)), None) for pi in range(len(members))]
    if model.classes is not None:
        pool_parts += route_pools(model, zval, keep, [c.sum() for c in pool_caps])
    parts_g, parts_k, parts_share = [], [], []
    for pi, idx, arc_share in pool_parts:
        if not len(idx):
            continue
        caps = pool_caps[pi]
        total = caps.sum()
        shares = caps / total if total > 0 else np.eye(len(caps))[0]
        # one block per member with a share, members in pool order, arcs in idx order
        mine = [(gpos[g], sh) for g, sh in zip(members[pi], shares.tolist()) if sh > 0]
        if not mine:
            continue
        positions = np.array([g for g, _ in mine], dtype=int)
        sh = np.array([s for _, s in mine], dtype=float)
        parts_g.append(np.repeat(positions, len(idx)))
        parts_k.append(np.tile(idx, len(mine)))
        parts_share.append(np.repeat(sh, len(idx)) if arc_share is None else (sh[:, None] * arc_share[None, :]).ravel())
    if not parts_g:
        return Solution(served, values.u, counts, hunters, empty_allocations(), np.zeros(0, int))
    gi = np.concatenate(parts_g)
    ki = np.concatenate(parts_k)
    sh = np.concatenate(parts_share)
    order = np.lexsort((arc_rows[ki], gi))
    gi, ki, sh = gi[order], ki[order], sh[order]
    clients = zval[ki] * sh
    alloc = pd.DataFrame({
        "group": take_labels(A.grp_ids, gi),
        "segment": take_labels(model.arcs["segment"], ki),
        "level": take_labels(model.arcs["level"], ki),
        "clients": clients,
        "hours": clients * model.arcs["hours"].to_numpy(float)[ki] / A.grp_efficiency[gi],
    })
    return Solution(served, values.u, counts, hunters, alloc, gi)


def route_pools(model: Model, zval: np.ndarray, keep: np.ndarray, pool_cap: list) -> list:
    """Route the aggregated hours (pool `*`) to the pools without a span limit.

    A transportation LP over (pool P, skill class q) with P allowed to serve q: hours f_Pq >= 0,
    sum_P f_Pq + short_q = demand_q, sum_q f_Pq <= capacity_P, minimising sum_q short_q; the
    skill-capacity rows of the model make short = 0 possible (Gale's theorem). Pool P then
    takes the share f_Pq / demand_q of every aggregated arc of class q. Returns (pool index,
    arc indices, shares) triples."""
    arcs = model.arcs
    agg = np.flatnonzero(keep & (arcs["pool_index"].to_numpy(int) == -1))
    if not len(agg):
        return []
    hours = arcs["hours"].to_numpy(float)
    klass = np.array([q if isinstance(q, str) else "" for q in arcs["skill"].to_numpy(object)[agg]], dtype=object)
    # classes in sorted order: a set's order changes with PYTHONHASHSEED, and with it which of
    # several equally good routings the solver returns (the plan's split of hours over pools)
    demand = {q: float((zval[agg] * hours[agg])[klass == q].sum()) for q in sorted(set(klass.tolist()))}
    pool_skills = model.pools["skills"].tolist()
    free = [pi for pi, span in enumerate(model.pools["span"]) if span is None or pd.isna(span)]
    prob = pulp.LpProblem("route", pulp.LpMinimize)
    flow, short = {}, {}
    for q, d in demand.items():
        short[q] = pulp.LpVariable(f"short_{len(short)}", 0)
        mine = []
        for pi in free:
            if q == "" or q in pool_skills[pi]:
                flow[(pi, q)] = v = pulp.LpVariable(f"f_{len(flow)}", 0)
                mine.append((v, 1.0))
        prob += pulp.LpConstraint(pulp.LpAffineExpression(mine + [(short[q], 1.0)]),
                                  pulp.LpConstraintEQ, f"demand_{len(short)}", d)
    flows_of_pool: dict = {}
    for (p, _q), v in flow.items():
        flows_of_pool.setdefault(p, []).append((v, 1.0))
    for pi in free:
        mine = flows_of_pool.get(pi)
        if mine:
            prob += pulp.LpConstraint(pulp.LpAffineExpression(mine), pulp.LpConstraintLE, f"cap_{pi}",
                                      float(pool_cap[pi]))
    prob.setObjective(pulp.LpAffineExpression([(v, 1.0) for v in short.values()]))
    # columns sorted by name: a fixed order, so that ties resolve the same way every run
    solve_problem(prob, "highs", variables=sorted([*flow.values(), *short.values()], key=lambda v: v.name))
    out = []
    for q, d in demand.items():
        idx = agg[klass == q]
        if d <= 0:
            continue
        got = {pi: float(v.varValue or 0.0) for (pi, c), v in flow.items() if c == q}
        total = sum(got.values())
        if total <= 0:  # numerically nothing routed: spread over the pools that may serve q
            got = {pi: 1.0 for (pi, c) in flow if c == q}
            total = float(len(got)) or 1.0
        for pi, f in got.items():
            if f > 0:
                out.append((pi, idx, np.full(len(idx), f / total)))
    return out


# ----- the baseline's routing ---------------------------------------------------------------
@dataclass(frozen=True)
class TodayRouting:
    """Today's manager-served clients routed to today's groups (see `route_today`)."""

    allocations: pd.DataFrame
    overload_hours: float
    unroutable: list = field(default_factory=list)  # (level row, clients): no group may serve it
    over_span: list = field(default_factory=list)  # (group position, clients routed)


def route_today(inputs: Inputs, served: np.ndarray) -> TodayRouting:
    """Route today's manager-served clients to groups at today's head counts, by a small LP that
    minimises the hours (and, far less, the span) the groups would need beyond what they have."""
    A = inputs.arrays
    rows = [r for r in np.flatnonzero(served > TOL).tolist() if not A.lv_automated[r]]
    may = inputs.serve
    prob = pulp.LpProblem("baseline_routing", pulp.LpMinimize)
    x: dict = {}
    unroutable = []
    for r in rows:
        si = A.lv_seg[r]
        ok = [gi for gi in range(len(A.grp_ids)) if may[gi, si] and A.grp_count[gi] > 0]
        if not ok:
            unroutable.append((r, float(served[r])))
            continue
        for gi in ok:
            x[(gi, r)] = pulp.LpVariable(f"x_{len(x)}", 0)
        prob += pulp.LpConstraint(pulp.LpAffineExpression([(x[(gi, r)], 1.0) for gi in ok]), pulp.LpConstraintEQ,
                                  f"route_{r}", float(served[r]))
    if not x:
        return TodayRouting(empty_allocations(), 0.0, unroutable)
    by_group: dict = {}
    for (gi, r), v in x.items():
        by_group.setdefault(gi, []).append((v, r))
    over, span_over, penalty = {}, {}, []
    for gi, mine in by_group.items():
        over[gi] = pulp.LpVariable(f"over_{gi}", 0)
        pairs = [(v, A.lv_hours[r] / A.grp_efficiency[gi]) for v, r in mine] + [(over[gi], -1.0)]
        prob += pulp.LpConstraint(pulp.LpAffineExpression(pairs), pulp.LpConstraintLE, f"hours_{gi}",
                                  float(A.grp_hours[gi] * A.grp_count[gi]))
        penalty.append((over[gi], 1.0))
        m = A.grp_max_clients[gi]
        if not np.isnan(m):
            span_over[gi] = pulp.LpVariable(f"span_{gi}", 0)
            prob += pulp.LpConstraint(pulp.LpAffineExpression([(v, 1.0) for v, _ in mine] + [(span_over[gi], -1.0)]),
                                      pulp.LpConstraintLE, f"span_{gi}", float(m * A.grp_count[gi]))
            penalty.append((span_over[gi], 1e-3))
    prob.setObjective(pulp.LpAffineExpression(penalty))
    if not solve_problem(prob, "highs").status.ok:
        return TodayRouting(empty_allocations(), 0.0, unroutable)
    alloc = pd.DataFrame(
        [(A.grp_ids[gi], A.seg_ids[A.lv_seg[r]], A.lv_ids[r], c, c * A.lv_hours[r] / A.grp_efficiency[gi])
         for (gi, r), v in x.items() if (c := float(v.varValue or 0.0)) > TOL],
        columns=ALLOCATION_COLUMNS,
    )
    spans = [(gi, float(alloc.loc[alloc["group"] == A.grp_ids[gi], "clients"].sum()))
             for gi, v in span_over.items() if (v.varValue or 0.0) > TOL]
    return TodayRouting(alloc, float(sum(v.varValue or 0.0 for v in over.values())), unroutable, spans)


# ----- shadow-price numbers ------------------------------------------------------------------
@dataclass(frozen=True)
class MarginalValues:
    """What one more unit is worth, in the objective's units per period.

    hour     group -> value of one more hour of one person (dual of its capacity rows x e_g)
    hunter_hour   dual of the hunting row (None without prospects)
    limits   target family -> dual of its row, where it is not zero
    person   group -> value of one more person of a decided group (None: no feasible plan)
    hunter   value of one more hunter (None: no hunters decided and no prospects)
    headcount value of one more head under a binding max_headcount (None: not binding)
    """

    hour: dict
    hunter_hour: float | None
    limits: dict
    person: dict
    hunter: float | None
    headcount: float | None


def marginal_values(model: Model, x: np.ndarray, solver: str = "highs") -> MarginalValues:
    """Shadow-price numbers from an LP copy of the model with the integers fixed at `x`."""
    form = model.form
    fixed = np.round(np.asarray(x, float))
    lower = np.where(form.integer, fixed, form.lower)
    upper = np.where(form.integer, fixed, form.upper)
    lp = form.with_bounds(lower, upper, np.zeros(form.n, dtype=bool))
    copy = LpCopy(lp) if solver == "highs" else None
    base = copy.run() if copy is not None else solve_form(lp, solver, mip=False)
    if not base.status.ok or base.row_dual is None:
        return MarginalValues({}, None, {}, {}, None, None)
    rows = form.row_index()
    dual = {name: float(base.row_dual[i]) + 0.0 for name, i in rows.items()}
    inp = model.inputs
    A = inp.arrays
    pool_of = {g: p for p, members in model.pools["members"].items() for g in members}
    hour = {}
    for g, e in zip(A.grp_ids, A.grp_efficiency.tolist()):
        # a pool's hour is worth the sum of the duals of every row its capacity appears in
        lam = sum(dual.get(name, 0.0) for name in model.capacity_rows.get(pool_of[g], []))
        hour[g] = lam * e + 0.0
    limits = {t.family: dual[t.family] for t in economics.TARGETS
              if t.family in dual and abs(dual[t.family]) > 1e-9}
    columns = form.column_index()
    hc_row = rows.get("headcount")

    def one_more(var) -> float | None:
        j = columns[id(var)]
        value = fixed[j]
        if copy is not None:
            copy.set_column(j, value + 1, value + 1)
            if hc_row is not None:
                copy.set_row(hc_row, lp.row_lower[hc_row], lp.row_upper[hc_row] + 1)
            out = copy.run()
            copy.set_column(j, value, value)
            if hc_row is not None:
                copy.set_row(hc_row, lp.row_lower[hc_row], lp.row_upper[hc_row])
        else:
            lo, up = lp.lower.copy(), lp.upper.copy()
            lo[j] = up[j] = value + 1
            more = lp.with_bounds(lo, up)
            if hc_row is not None:
                ru = lp.row_upper.copy()
                ru[hc_row] += 1
                more = more.with_row_bounds(lp.row_lower, ru)
            out = solve_form(more, solver, mip=False)
        return None if not out.status.ok else float(out.objective - base.objective)

    person = {g: one_more(var) for g, var in model.y.items()}
    h = inp.hunters
    hunter_hour = dual.get("hunting") if "hunting" in dual else None
    if model.hunters is not None:
        hunter = one_more(model.hunters)
    elif model.u:
        hunter = (hunter_hour or 0.0) * h.hours - h.cost
    else:
        hunter = None
    headcount = None
    if hc_row is not None:
        candidates = [v for v in [*person.values(), hunter if model.hunters is not None else None] if v is not None]
        used = sum(v for v in fixed[form.integer].tolist()) + sum(
            int(c) for g, c in zip(A.grp_ids, A.grp_count.tolist()) if g not in model.y)
        if model.hunters is None:
            used += h.count
        if candidates and used >= (inp.max_headcount or 0) - 1e-9:
            headcount = max(max(candidates), 0.0)
    return MarginalValues(hour, hunter_hour, limits, person, hunter, headcount)


__all__ = ["MarginalValues", "ModelValues", "TodayRouting", "extract_solution", "marginal_values", "model_values",
           "route_pools", "route_today"]
