"""The baseline: today's allocation or the even-spread heuristic, evaluated by the plan's
economics, with every limit it breaks (today's head count outside its range included)."""

from __future__ import annotations

import pytest

from planner.baseline import compute_baseline, even_spread
from planner.inputs import build_inputs
from planner.scenario_io import load_scenario, loads_scenario
from tests.paths import FIXTURES

EXAMPLE1 = (FIXTURES / "example1.yaml").read_text()


def test_even_spread_by_hand():
    """anna's 140 h go to `key` (the only segment): the richest level that fits all 40 clients
    is standard (3 h x 40 = 120 h); revenue 40 x 40,000, profit 0.25 x 1.6 M - 4,000."""
    inputs = build_inputs(loads_scenario(EXAMPLE1))
    served, alloc = even_spread(inputs)
    assert served.tolist() == [0.0, 40.0, 0.0]
    assert alloc[["group", "segment", "level", "clients", "hours"]].values.tolist() == [["anna", "key", "standard", 40.0, 120.0]]
    base = compute_baseline(inputs)
    assert base.kind == "even_spread" and base.feasible
    assert base.kpis["revenue"] == 1_600_000 and base.kpis["profit"] == 396_000


def test_current_allocation_over_capacity_is_evaluated_and_the_breach_named():
    text = EXAMPLE1 + "current:\n  levels: {key: {full: 10, standard: 30}}\n"
    base = compute_baseline(build_inputs(loads_scenario(text)))
    assert base.kind == "current" and not base.feasible
    assert base.kpis["revenue"] == 1_700_000
    assert any("50 h more" in v for v in base.violations)


def test_todays_head_count_outside_its_range_is_reported():
    text = EXAMPLE1.replace("{id: anna, hours: 140, cost_per_person: 4000}",
                            "{id: anna, count: 2, min_count: 0, max_count: 3, hours: 140, cost_per_person: 4000}")
    scenario = loads_scenario(text)
    base = compute_baseline(build_inputs(scenario))
    assert base.kpis["headcount"] == 2 and base.kpis["cost"] == pytest.approx(8000)
    outside = scenario.model_copy(update={"team": scenario.team.model_copy(update={"managers": (
        scenario.team.managers[0].model_copy(update={"count": 2, "max_count": 1}),)})})
    base = compute_baseline(build_inputs(outside))
    assert any("outside the allowed 0..1" in v for v in base.violations)


def test_the_baseline_uses_the_same_economics_as_the_plan():
    from planner.optimise import plan_scenario

    plan = plan_scenario(load_scenario(FIXTURES / "example2.yaml"))
    base = plan.baseline
    assert set(base.kpis) == set(plan.kpis)
    assert base.uplift["profit"] == pytest.approx(plan.kpis["profit"] - base.kpis["profit"])
    assert plan.objective >= base.objective
