"""The optimiser's entry point: `plan_scenario(scenario) -> Plan`.

    prepare_scenario -> build_inputs -> build_model -> solve (priority_first: by stages)
    -> extract (pools split back to groups) -> Plan (+ baseline, shadow prices, explanations;
    diagnosis when there is no plan)

**priority_first.** Priority classes are solved in the order of their sorted labels (A first);
a prospect segment belongs to its `priority`, or class B. Stage k maximises class k's weighted
profit terms (its segments' `w_s [sum_l (mu_sl r_sl - k_sl) served_sl + mu_s r_s0 (n_s -
served_s)]` and its prospect segments' `w_p (mu_p r_p - k_p) c_p u_p`; people costs belong to no
class) subject to every better class j keeping `value_j >= achieved_j - tol * max(1,
|achieved_j|)`, `tol = goal.priority_tolerance` (default 1e-6). A final stage maximises the total
weighted profit (people costs included) with every class held. The reported objective is that
final stage's value.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pulp

from models import Scenario
from planner.errors import PlanningError
from planner.inputs import build_inputs
from planner.model import GE, Model, build_model
from planner.plan import (
    Plan,
    Solution,
    class_values,
    evaluate_kpis,
    evaluate_objective,
    failed_plan,
    group_table,
    prospect_table,
    segment_table,
    take_labels,
)
from planner.prepare import prepare_scenario
from planner.solve import SolveOutcome, SolveStatus, solve_problem

MESSAGES = {
    SolveStatus.INFEASIBLE: "the scenario's limits cannot all be met",
    SolveStatus.UNBOUNDED: "the model is unbounded (a bug: every variable is bounded)",
    SolveStatus.TIME_LIMIT_NO_SOLUTION: "the time limit ran out before any plan was found: raise --time-limit",
    SolveStatus.ERROR: "the solver failed",
}


def _value(var) -> float:
    v = var.varValue
    return 0.0 if v is None else float(v)


def _values(variables: list) -> np.ndarray:
    """Values of variables as floats (no value: 0)."""
    values = [v.varValue for v in variables]
    if None in values:
        values = [0.0 if x is None else x for x in values]
    return np.array(values, dtype=float).reshape(len(values))


def extract_solution(model: Model) -> Solution:
    """Variable values -> numbers per level row, per group; each pool's clients split to its
    groups in proportion to their effective capacity C_g e_g y_g."""
    inp = model.inputs
    A = inp.arrays
    counts = np.array(
        [round(_value(model.y[g])) if g in model.y else int(c) for g, c in zip(A.grp_ids, A.grp_count.tolist())],
        dtype=float,
    )
    hunters = float(round(_value(model.hunters))) if model.hunters is not None else float(inp.hunters.count)
    zval, aval, u = _values(model.z), _values(model.a), _values(model.u)
    arc_rows = model.arc_rows
    served = np.zeros(len(A.lv_ids))
    if len(zval):
        np.add.at(served, arc_rows, zval)
    if len(aval):
        np.add.at(served, model.auto_rows, aval)

    # split pools to groups
    gpos = {g: i for i, g in enumerate(A.grp_ids)}
    eff = A.grp_effective
    members = model.pools["members"].tolist()
    pool_caps = [np.array([eff[gpos[g]] * counts[gpos[g]] for g in group_ids]) for group_ids in members]
    arc_pool = model.arcs["pool_index"].to_numpy(int)
    keep = zval > 1e-9
    # (pool, arc, share of the arc's clients) for every arc
    pool_parts = [(pi, np.flatnonzero(keep & (arc_pool == pi)), None) for pi in range(len(members))]
    if model.classes is not None:
        pool_parts += route_skill_classes(model, zval, keep, [c.sum() for c in pool_caps])
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
        sh = np.array([x for _, x in mine], dtype=float)
        parts_g.append(np.repeat(positions, len(idx)))
        parts_k.append(np.tile(idx, len(mine)))
        parts_share.append(np.repeat(sh, len(idx)) if arc_share is None else (sh[:, None] * arc_share[None, :]).ravel())
    if parts_g:
        gi = np.concatenate(parts_g)
        ki = np.concatenate(parts_k)
        sh = np.concatenate(parts_share)
        order = np.lexsort((arc_rows[ki], gi))
        gi, ki, sh = gi[order], ki[order], sh[order]
        clients = zval[ki] * sh
        hours = clients * model.arcs["hours"].to_numpy(float)[ki] / A.grp_efficiency[gi]
        alloc = pd.DataFrame({
            "group": take_labels(A.grp_ids, gi),
            "segment": take_labels(model.arcs["segment"], ki),
            "level": take_labels(model.arcs["level"], ki),
            "clients": clients,
            "hours": hours,
        })
        group_index = gi
    else:
        alloc = pd.DataFrame({"group": [], "segment": [], "level": [], "clients": [], "hours": []})
        group_index = np.zeros(0, int)
    return Solution(served=served, u=u, counts=counts, hunters=hunters, allocations=alloc, group_index=group_index)


def route_skill_classes(model: Model, zval: np.ndarray, keep: np.ndarray, pool_cap: list) -> list:
    """Route the aggregated hours (pool `*`) to the pools without a span limit.

    A transportation LP over (pool P, skill class q) with P allowed to serve q: hours f_Pq >= 0,
    sum_P f_Pq = demand_q, sum_q f_Pq <= capacity_P; the skill-capacity rows of the model make
    it feasible (Gale's theorem). Pool P then takes the share f_Pq / demand_q of every
    aggregated arc of class q. Returns (pool index, arc indices, shares) triples."""
    import pulp

    from planner.solve import solve_problem

    arcs = model.arcs
    agg = np.flatnonzero(keep & (arcs["pool_index"].to_numpy(int) == -1))
    if not len(agg):
        return []
    hours = arcs["hours"].to_numpy(float)
    klass = np.array([q if isinstance(q, str) else "" for q in arcs["skill"].to_numpy(object)[agg]], dtype=object)
    # classes in sorted order: a set's order changes with PYTHONHASHSEED, and with it which of
    # several equally good routings HiGHS returns (the plan's split of hours over pools)
    demand = {q: float((zval[agg] * hours[agg])[klass == q].sum()) for q in sorted(set(klass.tolist()))}
    pool_skills = model.pools["skills"].tolist()
    free = [pi for pi, span in enumerate(model.pools["span"]) if span is None or pd.isna(span)]
    prob = pulp.LpProblem("route", pulp.LpMinimize)
    flow, short = {}, {}
    flows_of_class: dict = {}
    for q, d in demand.items():
        short[q] = pulp.LpVariable(f"short_{len(short)}", 0)
        mine = flows_of_class[q] = []
        for pi in free:
            if q == "" or q in pool_skills[pi]:
                flow[(pi, q)] = v = pulp.LpVariable(f"f_{len(flow)}", 0)
                mine.append((v, 1.0))
        prob += pulp.LpConstraint(pulp.LpAffineExpression(mine + [(short[q], 1.0)]),
                                  pulp.LpConstraintEQ, f"demand_{len(short)}", d)
    flows_of_pool: dict = {}
    for (p, c), v in flow.items():
        flows_of_pool.setdefault(p, []).append((v, 1.0))
    for pi in free:
        mine = flows_of_pool.get(pi)
        if mine:
            prob += pulp.LpConstraint(pulp.LpAffineExpression(mine), pulp.LpConstraintLE, f"cap_{pi}", float(pool_cap[pi]))
    prob.setObjective(pulp.LpAffineExpression([(v, 1.0) for v in short.values()]))
    # every variable is in a row: hand HiGHS the columns in the order PuLP's own interface
    # would (sorted by name), in one call
    prob.planner_variables = sorted([*flow.values(), *short.values()], key=lambda v: v.name)
    solve_problem(prob, "highs")
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


def _affine_value(pairs, const: float) -> float:
    return const + sum(_value(v) * c for v, c in pairs)


def solve_model(model: Model, solver: str = "highs", time_limit: float | None = None) -> SolveOutcome:
    """Solve with goal.objective; priority_first runs its stages (see the module docstring)."""
    goal = model.inputs.scenario.goal
    if goal.objective != "priority_first" or model.elastic:
        return solve_problem(model.prob, solver, time_limit)
    inp = model.inputs
    classes = sorted(set(inp.segments["priority"]) | set(inp.prospects["priority"]))
    tol = goal.priority_tolerance
    total_seconds = 0.0
    holds = {}
    for k, klass in enumerate(classes):
        pairs, const = model.class_profit_expression(klass, people=False)
        if not pairs:
            continue
        model.prob.setObjective(pulp.LpAffineExpression(pairs))
        outcome = solve_problem(model.prob, solver, time_limit)
        total_seconds += outcome.seconds
        if not outcome.status.ok:
            return outcome
        achieved = _affine_value(pairs, const)
        floor = achieved - tol * max(1.0, abs(achieved))
        name = f"hold_class_{k}"
        holds[name] = pulp.LpConstraint(pulp.LpAffineExpression(pairs), GE, name, floor - const)
        model.rows[name] = ("priority_hold", klass, floor - const)
        model.prob.extend({name: holds[name]})
    pairs, const = model.objective_expression("profit")
    model.prob.setObjective(pulp.LpAffineExpression(pairs))
    model.objective_constant = const
    outcome = solve_problem(model.prob, solver, time_limit)
    return SolveOutcome(outcome.status, outcome.solver, outcome.seconds + total_seconds, outcome.highs_status)


def plan_scenario(
    scenario: Scenario,
    *,
    base_dir: Path | str | None = None,
    solver: str = "highs",
    time_limit: float | None = None,
    raise_on_failure: bool = True,
    details: bool = True,
    formulation: str = "aggregate",
) -> Plan:
    """The optimal plan of a scenario.

    `details=False` skips the shadow prices and explanations (their LP re-solves), for sweeps
    and benchmarks; `formulation` picks the model's form (`aggregate`, `pools` or `groups`, the
    literal per-group model; all have the same optimum, see planner.model.build_model). Raises
    `InputError` for a bad scenario and, unless `raise_on_failure=False`, `PlanningError`
    (carrying the failed Plan and its diagnosis) when there is no plan."""
    # PuLP makes hundreds of thousands of small objects; the cyclic garbage collector would
    # traverse them all again and again while they are made (a third of the build time)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _plan_scenario(scenario, base_dir, solver, time_limit, raise_on_failure, details, formulation)
    finally:
        if gc_was_enabled:
            gc.enable()


def _plan_scenario(scenario, base_dir, solver, time_limit, raise_on_failure, details, formulation) -> Plan:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    prepared = prepare_scenario(scenario, Path(base_dir) if base_dir is not None else None)
    inputs = build_inputs(prepared)
    t1 = time.perf_counter()
    timings["inputs"] = t1 - t0
    model = build_model(inputs, formulation=formulation)
    t2 = time.perf_counter()
    timings["build"] = t2 - t1
    outcome = solve_model(model, solver, time_limit)
    t3 = time.perf_counter()
    timings["solve"] = t3 - t2
    timings["solver_only"] = outcome.seconds

    from planner.baseline import compute_baseline

    if not outcome.status.ok:
        baseline = compute_baseline(inputs)
        diagnosis = None
        if outcome.status == SolveStatus.INFEASIBLE:
            from planner.diagnose import diagnose

            diagnosis = diagnose(inputs, solver=solver, time_limit=time_limit)
        timings["diagnosis"] = time.perf_counter() - t3
        message = MESSAGES.get(outcome.status, str(outcome.status))
        if diagnosis is not None and diagnosis.lines:
            message = message + ":\n" + "\n".join(f"  - {line}" for line in diagnosis.lines)
        plan = failed_plan(prepared, outcome.status, message, diagnosis=diagnosis, baseline=baseline,
                           timings=timings, solver=solver)
        if raise_on_failure:
            raise PlanningError(f"no plan for '{prepared.name}' ({outcome.status}): {message}", plan)
        return plan

    sol = extract_solution(model)
    kpis = evaluate_kpis(inputs, sol)
    objective = evaluate_objective(inputs, sol)
    segments, segment_levels = segment_table(inputs, sol)
    groups = group_table(inputs, sol)
    prospects = prospect_table(inputs, sol)
    t4 = time.perf_counter()
    timings["results"] = t4 - t3

    baseline = compute_baseline(inputs, plan_kpis=kpis, plan_objective=objective)
    t5 = time.perf_counter()
    timings["baseline"] = t5 - t4

    shadow = pd.DataFrame(columns=["kind", "subject", "value", "unit", "text"])
    explanations = pd.DataFrame()
    if details:
        from planner.shadow import explain_levels, shadow_prices

        shadow = shadow_prices(model, sol, outcome.solver)
        explanations = explain_levels(inputs, sol, shadow)
        hours = shadow[shadow["kind"] == "hour"]
        value_of_hour = dict(zip(hours["subject"], hours["value"]))
        groups["value_of_hour"] = [value_of_hour.get(g, float("nan")) for g in groups["group"]]
    timings["details"] = time.perf_counter() - t5
    timings["total"] = time.perf_counter() - t0
    return Plan(
        status=outcome.status,
        objective=objective,
        kpis=kpis,
        allocations=sol.allocations,
        segments=segments,
        groups=groups,
        prospects=prospects,
        shadow_prices=shadow,
        scenario=prepared,
        segment_levels=segment_levels,
        baseline=baseline,
        explanations=explanations,
        timings=timings,
        solver=outcome.solver,
        class_values=class_values(inputs, sol),
    )


def plan_file(path: Path | str, **kwargs) -> Plan:
    """Load a scenario file and plan it (tables resolved against the file's folder)."""
    from planner.scenario_io import load_scenario, scenario_dir

    scenario = load_scenario(path)
    return plan_scenario(scenario, base_dir=scenario_dir(path), **kwargs)


__all__ = ["extract_solution", "plan_file", "plan_scenario", "solve_model"]
