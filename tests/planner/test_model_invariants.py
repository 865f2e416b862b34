"""Invariants recomputed from the output tables, on random scenarios and every shipped scenario."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, scenario_dir
from planner.solve import SolveStatus
from tests.optimiser_strategies import check_plan_invariants, scenarios
from tests.paths import FIXTURES, SCENARIOS

SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_plans_meet_every_limit(scenario):
    plan = plan_scenario(scenario, raise_on_failure=False)
    if plan.status == SolveStatus.INFEASIBLE:
        # no plan: the diagnosis must name at least one limit to move
        assert plan.diagnosis is not None and plan.diagnosis.lines
        return
    check_plan_invariants(scenario, plan)
    base = plan.baseline
    if base.feasible and scenario.goal.objective != "priority_first":
        assert plan.objective >= base.objective - 1e-6 * max(1.0, abs(base.objective))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(feasible=True, objective="profit"))
def test_without_conflicting_limits_a_plan_exists_and_beats_a_feasible_baseline(scenario):
    """Without coverage, min counts, a head-count limit or targets nothing can conflict: a plan
    must exist. Its objective equals the profit KPI when every weight is 1, and a baseline that
    meets every limit never beats it."""
    plan = plan_scenario(scenario, raise_on_failure=False)
    assert plan.status == SolveStatus.OPTIMAL, plan.message
    check_plan_invariants(scenario, plan)
    weights = {plan.scenario.priority_table.get(s.priority or "B").weight for s in scenario.segments}
    if all(s.weight is None for s in scenario.segments) and weights <= {None, 1.0}:
        assert plan.objective == pytest.approx(plan.kpis["profit"], rel=1e-7, abs=1e-4)
    if plan.baseline.feasible:
        assert plan.objective >= plan.baseline.objective - 1e-6 * max(1.0, abs(plan.baseline.objective))


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.name)
def test_shipped_scenarios(path):
    scenario = load_scenario(path)
    plan = plan_scenario(scenario, base_dir=scenario_dir(path), raise_on_failure=False)
    assert plan.ok, plan.message
    check_plan_invariants(plan.scenario, plan)
    if plan.baseline.feasible and scenario.goal.objective != "priority_first":
        assert plan.objective >= plan.baseline.objective - 1e-6 * abs(plan.baseline.objective)
    # HiGHS and CBC agree on the optimum
    cbc = plan_scenario(scenario, base_dir=scenario_dir(path), solver="cbc", details=False)
    assert cbc.objective == pytest.approx(plan.objective, rel=1e-6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_highs_and_cbc_agree_on_random_scenarios(scenario):
    highs = plan_scenario(scenario, raise_on_failure=False, details=False)
    cbc = plan_scenario(scenario, raise_on_failure=False, details=False, solver="cbc")
    assert highs.ok == cbc.ok
    if highs.ok:
        assert cbc.objective == pytest.approx(highs.objective, rel=1e-6, abs=1e-4)
        check_plan_invariants(scenario, cbc)


def test_cbc_solves_a_model_with_a_variable_no_row_uses():
    """A decided head count fixed at [0, 0] for a group with nothing to serve appears in no row;
    PuLP writes it only in the MPS BOUNDS section, which CBC rejected (found by hypothesis)."""
    path = FIXTURES / "unused_head_count.yaml"
    scenario = load_scenario(path)
    highs = plan_scenario(scenario, details=False)
    cbc = plan_scenario(scenario, solver="cbc", details=False)
    assert cbc.status == highs.status == SolveStatus.OPTIMAL
    assert cbc.objective == highs.objective == 0.0
