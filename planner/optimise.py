"""The optimiser's entry point: `plan_scenario(scenario) -> Plan`.

    prepare_scenario -> build_inputs -> build_model -> certified solve (priority_first: one
    model per stage) -> post-solve on copies (pools split back to groups, shadow prices)
    -> Plan (+ baseline, explanations; diagnosis when there is no plan)

**The certificate.** Every solve is checked by `planner.certificate` (objective recomputed
from the solution, largest violation, MIP gap); a failed check re-solves (fresh HiGHS without
presolve, then CBC), and a plan no solver can certify is `error`, never `optimal`. The plan's
objective, evaluated by `planner.economics` on the extracted numbers, must equal the certified
objective of the model too: a disagreement would be a bug of the model, and fails the plan.

**priority_first.** Priority classes are solved in the order of their sorted labels (A first);
a prospect segment belongs to its `priority`, or class B. Stage k maximises class k's weighted
profit terms (its segments' `w_s [sum_l (mu_sl r_sl - k_sl) served_sl + mu_s r_s0 (n_s -
served_s)]` and its prospect segments' `w_p (mu_p r_p - k_p) c_p u_p`; people costs belong to no
class) subject to every better class j keeping `value_j >= achieved_j - tol * max(1,
|achieved_j|)`, `tol = goal.priority_tolerance` (default 1e-6). A final stage maximises the total
weighted profit (people costs included) with every class held. Each stage is a model of its
own (no solved model is rewritten). The reported objective is that final stage's value.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from models import Scenario
from planner.certificate import OBJECTIVE_TOL, Certificate, solve_certified
from planner.errors import PlanningError
from planner.i18n import N_, catalogue
from planner.inputs import Inputs, build_inputs
from planner.lp import assign_values
from planner.model import Hold, Model, Stage, build_model
from planner.plan import Plan, failed_plan, group_table, prospect_table, segment_table
from planner.postsolve import extract_solution
from planner.prepare import prepare_scenario
from planner.solve import SolveOutcome, SolveStatus

MESSAGES = catalogue({
    SolveStatus.INFEASIBLE: N_("the scenario's limits cannot all be met"),
    SolveStatus.UNBOUNDED: N_("the model is unbounded (a bug: every variable is bounded)"),
    SolveStatus.TIME_LIMIT_NO_SOLUTION: N_("the time limit ran out before any plan was found: raise --time-limit"),
    SolveStatus.ERROR: N_("the solver failed"),
    "uncertified": N_("no solver gave a plan that passes its certificate: {reasons}"),
    "economics": N_("the plan's objective evaluated from its numbers ({plan:,.6g}) differs from the model's "
                    "({model:,.6g}): a bug, please report it with the scenario"),
    "no_plan": N_("no plan for '{name}' ({status}): {message}"),
})


@dataclass(frozen=True)
class ModelSolve:
    """A model and its certified solve (the model of the final stage, for priority_first)."""

    model: Model
    outcome: SolveOutcome
    certificate: Certificate
    seconds: float  # solver time over every stage


def solve_model(model: Model, solver: str = "highs", time_limit: float | None = None) -> ModelSolve:
    """Certified solve of one built model; the values are written into its PuLP variables."""
    outcome, certificate = solve_certified(model.form, solver, time_limit)
    assign_values(model.form, outcome.x if outcome.status.ok else None)
    return ModelSolve(model, outcome, certificate, outcome.seconds)


def solve_inputs(inputs: Inputs, solver: str = "highs", time_limit: float | None = None,
                 formulation: str = "aggregate") -> ModelSolve:
    """Build and solve the scenario's model; priority_first by stages (module docstring)."""
    goal = inputs.scenario.goal
    if goal.objective != "priority_first":
        return solve_model(build_model(inputs, formulation=formulation), solver, time_limit)
    holds: list[Hold] = []
    seconds = 0.0
    for klass in inputs.arrays.classes:
        model = build_model(inputs, formulation=formulation, stage=Stage("profit", klass), holds=holds)
        if not len(model.prob.objective):
            continue  # nothing of this class can be decided
        stage = solve_model(model, solver, time_limit)
        seconds += stage.seconds
        if not stage.outcome.status.ok:
            return replace(stage, seconds=seconds)
        achieved = float(stage.certificate.objective_recomputed)
        holds.append(Hold(klass, achieved - goal.priority_tolerance * max(1.0, abs(achieved))))
    final = solve_model(build_model(inputs, formulation=formulation, holds=holds), solver, time_limit)
    return replace(final, seconds=seconds + final.seconds)


def plan_scenario(
    scenario: Scenario,
    *,
    base_dir: Path | str | None = None,
    solver: str = "highs",
    time_limit: float | None = None,
    raise_on_failure: bool = True,
    details: bool = True,
    formulation: str = "aggregate",
    ways_out: bool = False,
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
        return _plan_scenario(scenario, base_dir, solver, time_limit, raise_on_failure, details, formulation, ways_out)
    finally:
        if gc_was_enabled:
            gc.enable()


def _today_table(prepared: Scenario, base_dir: Path | None) -> pd.DataFrame | None:
    """The segmented client frame when the baseline is read from it (planner.baseline.uses_table)."""
    from planner.baseline import uses_table

    if not uses_table(prepared):
        return None
    from planner.segmentation import load_client_table

    return load_client_table(prepared, base_dir).frame


def _no_plan(prepared: Scenario, inputs: Inputs, solved: ModelSolve, solver: str, time_limit: float | None,
             timings: dict, started: float, raise_on_failure: bool, base_dir: Path | None = None,
             details: bool = True, ways_out: bool = False) -> Plan:
    from planner.baseline import compute_baseline
    from planner.diagnose import diagnose

    status = solved.outcome.status
    baseline = compute_baseline(inputs, clients=_today_table(prepared, base_dir))
    # every way out takes a few more solves per limit: asked for by the app, not by sweeps
    diagnosis = diagnose(inputs, solver=solver, time_limit=time_limit, ways=details and ways_out) \
        if status == SolveStatus.INFEASIBLE else None
    timings["diagnosis"] = time.perf_counter() - started
    if status == SolveStatus.ERROR and solved.certificate.reasons:
        message = MESSAGES["uncertified"].format(reasons="; ".join(solved.certificate.reasons))
    else:
        message = MESSAGES[status] if status in MESSAGES else str(status)
    if diagnosis is not None and diagnosis.lines:
        message = message + ":\n" + "\n".join(f"  - {line}" for line in diagnosis.lines)
    plan = failed_plan(prepared, status, message, diagnosis=diagnosis, baseline=baseline, timings=timings,
                       solver=solved.outcome.solver, certificate=solved.certificate)
    if raise_on_failure:
        raise PlanningError(MESSAGES["no_plan"].format(name=prepared.name, status=status, message=message), plan)
    return plan


def _plan_scenario(scenario, base_dir, solver, time_limit, raise_on_failure, details, formulation,
                   ways_out=False) -> Plan:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    base_dir = Path(base_dir) if base_dir is not None else None
    prepared = prepare_scenario(scenario, base_dir)
    inputs = build_inputs(prepared)
    t1 = time.perf_counter()
    timings["inputs"] = t1 - t0
    solved = solve_inputs(inputs, solver, time_limit, formulation)
    t3 = time.perf_counter()
    timings["solve"] = t3 - t1  # build and solve (priority_first builds a model per stage)
    timings["solver_only"] = solved.seconds
    if not solved.outcome.status.ok:
        return _no_plan(prepared, inputs, solved, solver, time_limit, timings, t3, raise_on_failure, base_dir, details, ways_out)

    from planner.baseline import compute_baseline

    model, x = solved.model, solved.outcome.x
    sol = extract_solution(model, x)
    kpis = sol.kpis(inputs)
    objective = sol.objective(inputs)
    certificate = replace(solved.certificate, objective_plan=objective)
    if abs(objective - certificate.objective_recomputed) > OBJECTIVE_TOL * max(1.0, abs(objective)) + 1e-9:
        reason = MESSAGES["economics"].format(plan=objective, model=certificate.objective_recomputed)
        certificate = replace(certificate, holds=False, reasons=(*certificate.reasons, reason))
        bad = replace(solved, outcome=replace(solved.outcome, status=SolveStatus.ERROR), certificate=certificate)
        return _no_plan(prepared, inputs, bad, solver, time_limit, timings, t3, raise_on_failure, base_dir, details, ways_out)
    segments, segment_levels = segment_table(inputs, sol)
    groups = group_table(inputs, sol)
    prospects = prospect_table(inputs, sol)
    t4 = time.perf_counter()
    timings["results"] = t4 - t3

    baseline = compute_baseline(inputs, plan_kpis=kpis, plan_objective=objective,
                                clients=_today_table(prepared, base_dir))
    t5 = time.perf_counter()
    timings["baseline"] = t5 - t4

    from planner.shadow import COLUMNS, explain_levels, objective_amount, shadow_prices

    shadow = pd.DataFrame(columns=COLUMNS)
    explanations = pd.DataFrame()
    if details:
        from planner.postsolve import marginal_values

        values = marginal_values(model, x, solved.outcome.solver)
        shadow = shadow_prices(values, prepared.period, objective_amount(prepared))
        explanations = explain_levels(inputs, sol, shadow)
        groups["value_of_hour"] = [values.hour.get(g, float("nan")) for g in groups["group"]]
    timings["details"] = time.perf_counter() - t5
    timings["total"] = time.perf_counter() - t0
    return Plan(
        status=solved.outcome.status,
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
        solver=solved.outcome.solver,
        class_values=sol.class_values(inputs),
        certificate=certificate,
    )


def plan_file(path: Path | str, **kwargs) -> Plan:
    """Load a scenario file and plan it (tables resolved against the file's folder)."""
    from planner.scenario_io import load_scenario, scenario_dir

    scenario = load_scenario(path)
    return plan_scenario(scenario, base_dir=scenario_dir(path), **kwargs)


__all__ = ["ModelSolve", "plan_file", "plan_scenario", "solve_inputs", "solve_model"]
