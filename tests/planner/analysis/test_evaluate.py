"""The fixed-plan evaluator: the nominal plan's KPIs exactly, and hand-checked rules under samples."""

from __future__ import annotations

import math

import pytest

from planner.analysis.evaluate import KPI_NAMES, evaluate_fixed_plan
from planner.analysis.sampling import uncertain_estimates
from planner.analysis.solving import SolveOptions, fixed_plan_of, optimise_row, solve_plan
from planner.analysis.paths import set_path
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario
from tests.conftest import FIXTURES

FILES = ["example1.yaml", "example2.yaml", "analysis/ranged.yaml", "analysis/zero_width.yaml"]


@pytest.fixture(scope="module")
def plans():
    out = {}
    for name in FILES:
        scenario = load_scenario(FIXTURES / name)
        out[name] = solve_plan(scenario, SolveOptions())
    return out


@pytest.mark.parametrize("name", FILES)
def test_the_evaluator_reproduces_the_optimisers_kpis(plans, name):
    plan = plans[name]
    assert plan.ok
    evaluated = evaluate_fixed_plan(plan.scenario, fixed_plan_of(plan))
    for kpi in KPI_NAMES:
        assert evaluated[kpi] == pytest.approx(plan.kpis[kpi], rel=1e-12, abs=1e-9), kpi
    assert evaluated["overload_hours"] == 0.0 and evaluated["lost_clients"] == 0.0


@pytest.mark.parametrize("name", FILES)
def test_likely_values_as_a_sample_change_nothing(plans, name):
    plan = plans[name]
    likely = {e.path: e.likely for e in uncertain_estimates(plan.scenario)}
    assert evaluate_fixed_plan(plan.scenario, fixed_plan_of(plan), likely) == evaluate_fixed_plan(
        plan.scenario, fixed_plan_of(plan)
    )


@pytest.mark.parametrize("name", FILES)
def test_the_fast_reoptimisation_equals_plan_scenario(plans, name):
    plan = plans[name]
    row = optimise_row(plan.scenario, SolveOptions())
    light = optimise_row(plan.scenario, SolveOptions(), hours=False)
    assert row["status"] == light["status"] == "optimal"
    assert row["objective"] == pytest.approx(plan.objective, rel=1e-9)
    assert light["objective"] == pytest.approx(plan.objective, rel=1e-9)
    for kpi in KPI_NAMES:
        assert row[kpi] == pytest.approx(plan.kpis[kpi], rel=1e-9, abs=1e-7), kpi
        if kpi != "manager_hours_used":
            assert light[kpi] == pytest.approx(plan.kpis[kpi], rel=1e-9, abs=1e-7), kpi
    assert math.isnan(light["manager_hours_used"])


def test_the_fast_reoptimisation_equals_plan_scenario_for_priority_first():
    scenario = set_path(load_scenario(FIXTURES / "analysis" / "ranged.yaml"), "goal.objective", "priority_first")
    plan = plan_scenario(scenario, details=False)
    row = optimise_row(plan.scenario, SolveOptions())
    assert row["objective"] == pytest.approx(plan.objective, rel=1e-9)
    assert row["profit"] == pytest.approx(plan.kpis["profit"], rel=1e-9)


def test_more_hours_per_client_scale_an_overloaded_group_down(plans):
    """Example 1: anna's plan is full 20/7, standard 260/7 clients in her 140 hours. If standard
    takes 4 hours, the plan needs 200/7 + 1040/7 = 1240/7 hours; she keeps 140 / (1240/7) =
    980/1240 of each planned client, the rest go unserved (unserved revenue 0)."""
    plan = plans["example1.yaml"]
    values = {"segments[key].levels[standard].hours_per_client": 4.0}
    out = evaluate_fixed_plan(plan.scenario, fixed_plan_of(plan), values)
    kept = 980 / 1240
    revenue = kept * (50000 * 20 / 7 + 40000 * 260 / 7)
    assert out["revenue"] == pytest.approx(revenue, rel=1e-9)
    assert out["profit"] == pytest.approx(0.25 * revenue - 4000, rel=1e-9)
    assert out["overload_hours"] == pytest.approx(1240 / 7 - 140, rel=1e-9)
    assert out["lost_clients"] == pytest.approx(40 * (1 - kept), rel=1e-9)
    assert out["manager_hours_used"] == pytest.approx(140, rel=1e-9)


def test_fewer_hours_keep_the_plan_and_free_hours(plans):
    plan = plans["example1.yaml"]
    out = evaluate_fixed_plan(plan.scenario, fixed_plan_of(plan), {"segments[key].levels[full].hours_per_client": 8.0})
    assert out["profit"] == pytest.approx(plan.kpis["profit"], rel=1e-12)
    assert out["manager_hours_used"] == pytest.approx(140 - 2 * 20 / 7, rel=1e-9)


def test_a_smaller_pool_caps_the_new_clients(plans):
    """Example 2: 3 hunters spend 400 hours at 0.05 per hour on a pool of 20. With a pool of 12
    they win 12; each new client is worth 0.3 x 6,000 - 200 = 1,600."""
    plan = plans["example2.yaml"]
    out = evaluate_fixed_plan(plan.scenario, fixed_plan_of(plan), {"prospects[smb].pool": 12.0})
    assert out["new_clients"] == pytest.approx(12.0)
    assert out["profit"] == pytest.approx(plan.kpis["profit"] - 8 * 1600, rel=1e-12)
    assert out["cost"] == pytest.approx(plan.kpis["cost"] - 8 * 200, rel=1e-12)
    higher = evaluate_fixed_plan(plan.scenario, fixed_plan_of(plan), {"prospects[smb].conversion_per_hour": 0.04})
    assert higher["new_clients"] == pytest.approx(16.0)  # 400 hours x 0.04, under the pool
