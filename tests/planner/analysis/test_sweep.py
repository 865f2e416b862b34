"""Sweeps, marginal-value curves and scenario comparison against separate solves and hand values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.analysis.compare import DELTA_PREFIX, compare_scenarios
from planner.analysis.evaluate import KPI_NAMES
from planner.analysis.execution import Execution
from planner.analysis.marginal import MARGINAL_KPIS, marginal_curve
from planner.analysis.paths import fix_head_count, set_paths
from planner.analysis.sweep import sweep
from planner.errors import InputError
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario
from tests.conftest import FIXTURES

HERE = Execution(workers=1)

# docs/EXAMPLES.md, example 2: existing clients earn 407,142.86 + 367,500 - 4,000 (anna); a hunter
# wins 7.5 clients (150 h x 0.05) worth 1,600 each and costs 1,500; the pool holds 20.
EXISTING = 407_142.857142857 + 367_500 - 4_000
HUNTER_PROFIT = {0: 0.0, 1: 7.5 * 1600 - 1500, 2: 15 * 1600 - 3000, 3: 20 * 1600 - 4500, 4: 20 * 1600 - 6000}


@pytest.fixture(scope="module")
def example2():
    return load_scenario(FIXTURES / "example2.yaml")


@pytest.fixture(scope="module")
def ranged():
    return load_scenario(FIXTURES / "analysis" / "ranged.yaml")


def test_a_sweep_over_a_head_count_reproduces_separate_solves(ranged):
    settings = {"team.managers[juniors].max_count": [2, 3, 4], "team.hunters.max_count": [1, 3]}
    table = sweep(ranged, settings, execution=HERE)
    assert list(table.columns[:2]) == list(settings)
    assert len(table) == 6
    assert table[list(settings)].values.tolist() == [[2, 1], [2, 3], [3, 1], [3, 3], [4, 1], [4, 3]]
    for row in table.to_dict(orient="records"):
        alone = plan_scenario(set_paths(ranged, {p: row[p] for p in settings}), details=False)
        assert row["status"] == "optimal"
        assert row["objective"] == pytest.approx(alone.objective, rel=1e-9)
        for kpi in KPI_NAMES:
            assert row[kpi] == pytest.approx(alone.kpis[kpi], rel=1e-9, abs=1e-9), kpi


def test_a_sweep_matches_the_worked_example(example2):
    table = sweep(example2, {"team.hunters.max_count": [0, 1, 2, 3]}, execution=HERE)
    expected = [EXISTING + HUNTER_PROFIT[n] for n in range(4)]
    assert table["profit"].tolist() == pytest.approx(expected, rel=1e-9)
    assert table["hunters"].tolist() == [0, 1, 2, 3]


def test_an_infeasible_combination_is_a_row_not_a_crash(example2):
    table = sweep(example2, [("goal.min_new_clients", [10, 25])], execution=HERE)
    assert table["status"].tolist() == ["optimal", "infeasible"]
    assert table.loc[0, "new_clients"] == pytest.approx(20)
    assert all(math.isnan(table.loc[1, kpi]) for kpi in KPI_NAMES)
    assert table.loc[1, "message"]  # the diagnosis says why


def test_a_bad_value_in_a_sweep_raises_before_any_solve(example2):
    with pytest.raises(InputError) as exc:
        sweep(example2, {"team.hunters.max_count": [1, -1]}, execution=HERE)
    assert exc.value.problems[0].path == "team.hunters.max_count"
    with pytest.raises(InputError):
        sweep(example2, {}, execution=HERE)
    with pytest.raises(InputError):
        sweep(example2, [("goal.max_cost", [1]), ("goal.max_cost", [2])], execution=HERE)


def test_marginal_curve_of_hunters_matches_the_worked_example(example2):
    curve = marginal_curve(example2, "hunters", range(0, 5), execution=HERE)
    table = curve.table
    assert table["count"].tolist() == [0, 1, 2, 3, 4]
    assert table["profit"].tolist() == pytest.approx([EXISTING + HUNTER_PROFIT[n] for n in range(5)], rel=1e-9)
    assert np.isnan(table.loc[0, "marginal_profit"])
    assert table["marginal_profit"].tolist()[1:] == pytest.approx([10_500, 10_500, 6_500, -1_500], rel=1e-9)
    assert curve.best_count == 3
    # within 1% of 798,142.86 means >= 790,161.43: counts 2 (791,642.86), 3 and 4 (796,642.86)
    assert (curve.flat_low, curve.flat_high) == (2, 4)
    assert curve.flat_counts == [2, 3, 4]
    assert table["best"].tolist() == [False, False, False, True, False]


def test_marginal_values_add_up_to_the_curve(ranged):
    curve = marginal_curve(ranged, "juniors", [0, 1, 2, 4], execution=HERE)
    table = curve.table
    assert table["status"].eq("optimal").all()
    for kpi in MARGINAL_KPIS:
        running = table[kpi].iloc[0] + table[f"marginal_{kpi}"].iloc[1:].cumsum()
        assert running.tolist() == pytest.approx(table[kpi].iloc[1:].tolist(), rel=1e-12)
    # the step from 2 to 4 is two people: per person is half the step's value
    assert table.loc[3, "marginal_profit_per_person"] == pytest.approx(table.loc[3, "marginal_profit"] / 2)
    # each point is the plan with the head count fixed there
    fixed = plan_scenario(fix_head_count(ranged, "juniors", 4), details=False)
    assert table.loc[3, "profit"] == pytest.approx(fixed.kpis["profit"], rel=1e-9)
    assert table.loc[3, "headcount"] == fixed.kpis["headcount"]


def test_marginal_curve_with_infeasible_counts_and_bad_targets(example2):
    with_target = set_paths(example2, {"goal.min_new_clients": 10})
    curve = marginal_curve(with_target, "hunters", [0, 1, 2, 3], execution=HERE)
    assert curve.table["status"].tolist() == ["infeasible", "infeasible", "optimal", "optimal"]
    assert curve.best_count == 3 and curve.flat_low == 2
    with pytest.raises(InputError) as exc:
        marginal_curve(example2, "bob", [1], execution=HERE)
    assert "known: anna" in exc.value.problems[0].message
    with pytest.raises(InputError):
        marginal_curve(example2, "hunters", [-1, 2], execution=HERE)


def test_compare_shows_kpis_side_by_side_with_deltas_against_the_first(example2):
    example1 = load_scenario(FIXTURES / "example1.yaml")
    table = compare_scenarios([("one", example1, None), ("two", example2, None), ("one", example1, None)])
    assert list(table.columns) == ["one", "two", "one #2", DELTA_PREFIX + "two", DELTA_PREFIX + "one #2"]
    assert table.loc["profit", "one"] == pytest.approx(403_142.857142857, rel=1e-9)
    assert table.loc["profit", "two"] == pytest.approx(798_142.857142857, rel=1e-9)
    assert table.loc["profit", DELTA_PREFIX + "two"] == pytest.approx(395_000, rel=1e-9)
    assert table.loc["new_clients", DELTA_PREFIX + "two"] == pytest.approx(20)
    assert table.loc["profit", DELTA_PREFIX + "one #2"] == 0
    assert table.loc["status"].tolist()[:3] == ["optimal"] * 3


def test_a_combination_the_rest_of_the_scenario_refuses_is_a_row():
    """Issue 11: `--set team.hunters.max_count=0,1,2,3` on the default scenario (today 2 hunters,
    min_count 1) gives four rows: 0 is below min_count (a row that says so), 1 lies below today's
    count (a valid what-if), 2 and 3 plan."""
    from planner.scenario_io import load_scenario, scenario_dir
    from tests.paths import DEFAULT

    table = sweep(load_scenario(DEFAULT), {"team.hunters.max_count": [0, 1, 2, 3]}, base_dir=str(scenario_dir(DEFAULT)),
                  execution=HERE)
    assert table["team.hunters.max_count"].tolist() == [0, 1, 2, 3]
    assert table.loc[0, "status"] == "bad_input" and "team.hunters.min_count" in table.loc[0, "message"]
    assert table.loc[2, "status"] == "optimal" and table.loc[3, "status"] == "optimal"
    assert table.loc[3, "hunters"] <= 3
