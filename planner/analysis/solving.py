"""One solve as an analysis task: a scenario in, a flat row (status, objective, KPIs) out.

Analyses call the optimiser's `plan_scenario` with `details=False` (no shadow prices or
explanations: they re-solve LPs the analysis does not show) and `raise_on_failure=False`, so
a combination or sample without a plan is a row with its status, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from models import Scenario
from planner.analysis.evaluate import FixedPlan
from planner.economics import KPI_NAMES, OBJECTIVE_KPI
from planner.errors import InputError
from planner.prepare import prepare_scenario
from planner.solve import BAD_INPUT
from planner.scenario_io import scenario_from_data, scenario_to_data



@dataclass(frozen=True)
class SolveOptions:
    """How each solve runs: solver, time limit per solve, and where the tables live."""

    solver: str = "highs"
    time_limit: float | None = None
    base_dir: str | None = None

    def with_base_dir(self, base_dir: str | Path | None) -> "SolveOptions":
        return replace(self, base_dir=str(base_dir) if base_dir is not None else self.base_dir)


def result_columns() -> list[str]:
    """Columns of a solve row, in order."""
    return ["status", "objective", *KPI_NAMES, "message"]


def solve_plan(scenario: Scenario, options: SolveOptions):
    """The optimiser's Plan of `scenario`, fast (no shadow prices), never raising on no plan."""
    from planner.optimise import plan_scenario

    return plan_scenario(
        scenario,
        base_dir=options.base_dir,
        solver=options.solver,
        time_limit=options.time_limit,
        raise_on_failure=False,
        details=False,
    )


def plan_row(plan) -> dict[str, Any]:
    """A Plan as a flat row: status, objective, KPIs (NaN without a plan), message."""
    row: dict[str, Any] = {"status": str(plan.status), "objective": as_number(plan.objective)}
    for kpi in KPI_NAMES:
        row[kpi] = as_number(plan.kpis.get(kpi)) if plan.ok else math.nan
    row["message"] = "" if plan.ok else " ".join((plan.message or str(plan.status)).split())
    return row


def optimise_row(scenario: Scenario, options: SolveOptions, *, hours: bool = True) -> dict[str, Any]:
    """Re-optimise a prepared scenario for its status, objective and KPIs only.

    The same stages as `plan_scenario` (build_inputs -> certified solve -> extract_solution ->
    economics) without the tables, baseline, shadow prices and diagnosis a Monte Carlo sample
    does not show: about half the time per solve. `hours=False` also skips splitting pooled
    clients back to groups (a routing LP), which only `manager_hours_used` needs (it is then
    NaN): every other KPI depends on the clients per level, the hunter hours and the head counts
    alone. `tests/test_analysis_evaluate.py` checks both equal `plan_scenario`'s KPIs."""
    from planner.inputs import build_inputs
    from planner.optimise import solve_inputs
    from planner.postsolve import extract_solution, model_values
    from planner.solution import Solution, empty_allocations

    inputs = build_inputs(scenario)
    solved = solve_inputs(inputs, options.solver, options.time_limit)
    outcome = solved.outcome
    if not outcome.status.ok:
        row = {c: math.nan for c in result_columns()}
        row.update(status=str(outcome.status), message=str(outcome.status))
        return row
    model = solved.model
    if hours:
        solution = extract_solution(model, outcome.x)
    else:
        values = model_values(model, outcome.x)
        served = np.zeros(len(inputs.levels))
        if len(model.z):
            np.add.at(served, model.arc_rows, values.z)
        if len(model.a):
            np.add.at(served, model.auto_rows, values.a)
        A = inputs.arrays
        counts = np.array([values.y.get(g, float(c)) for g, c in zip(A.grp_ids, A.grp_count.tolist())], dtype=float)
        hunters = values.hunters if values.hunters is not None else float(inputs.hunters.count)
        solution = Solution(served, values.u, counts, hunters, empty_allocations())
    row = {"status": str(outcome.status), "objective": solution.objective(inputs)}
    row.update(solution.kpis(inputs))
    if not hours:
        row["manager_hours_used"] = math.nan
    row["message"] = ""
    return row


def refused_row(exc: InputError) -> dict[str, Any]:
    """The row of a scenario the planner refuses: status `bad_input` and the message."""
    row = {c: math.nan for c in result_columns()}
    row.update(status=BAD_INPUT, message=exc.render())
    return row


def solve_task(options: SolveOptions, scenario: Scenario) -> dict[str, Any]:
    """Task for `run_tasks`: solve one scenario, return its row. A scenario the optimiser
    refuses (InputError after preparation) is a row with status `bad_input` and the message."""
    try:
        return plan_row(solve_plan(scenario, options))
    except InputError as exc:
        return refused_row(exc)


def fixed_plan_of(plan) -> FixedPlan:
    """The decisions of an optimal Plan, to evaluate under other estimates."""
    alloc = plan.allocations
    served = tuple(
        (str(g), str(s), str(lv), float(c))
        for g, s, lv, c in alloc[["group", "segment", "level", "clients"]].itertuples(index=False)
        if c > 0
    )
    automated: tuple = ()
    levels = plan.segment_levels
    if len(levels):
        automated = tuple(
            (str(s), str(lv), float(c))
            for s, lv, auto, c in levels[["segment", "level", "automated", "clients"]].itertuples(index=False)
            if auto and c > 0
        )
    head_counts = {}
    if len(plan.groups):
        head_counts = {str(g): int(round(n)) for g, n in plan.groups[["group", "head_count"]].itertuples(index=False)}
    hunter_hours = {}
    if len(plan.prospects):
        hunter_hours = {
            str(p): float(h) for p, h in plan.prospects[["prospect", "hunter_hours"]].itertuples(index=False) if h > 0
        }
    return FixedPlan(
        served=served,
        automated=automated,
        head_counts=head_counts,
        hunters=int(round(plan.kpis.get("hunters", 0.0))),
        hunter_hours=hunter_hours,
    )


def detached_scenario(scenario: Scenario, base_dir: str | Path | None) -> Scenario:
    """The scenario with its client tables applied once and then detached (no `clients` or
    `prospects_data` block), so that thousands of solves never re-read a table. Falls back to
    the prepared scenario if it cannot stand without its tables."""
    prepared = prepare_scenario(scenario, Path(base_dir) if base_dir is not None else None)
    if prepared.clients is None and prepared.prospects_data is None:
        return prepared
    data = scenario_to_data(prepared)
    data.pop("clients", None)
    data.pop("prospects_data", None)
    try:
        return scenario_from_data(data, source=prepared.name)
    except InputError:
        return prepared


def as_number(value: Any) -> float:
    """A table cell as a float (NaN when it is no number: a status, None)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


__all__ = [
    "OBJECTIVE_KPI",
    "as_number",
    "SolveOptions",
    "detached_scenario",
    "fixed_plan_of",
    "optimise_row",
    "plan_row",
    "refused_row",
    "result_columns",
    "solve_plan",
    "solve_task",
]
