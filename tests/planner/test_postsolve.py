"""Stage 6a works on copies: routing, shadow prices and person values never change the solved
model, and they are the numbers the worked examples give."""

from __future__ import annotations

import numpy as np
import pytest

from planner.inputs import build_inputs
from planner.optimise import plan_scenario, solve_inputs
from planner.postsolve import extract_solution, marginal_values, route_today
from planner.scenario_io import load_scenario, loads_scenario
from planner.shadow import shadow_prices
from tests.paths import FIXTURES


def _snapshot(model):
    form = model.form
    return ([(v.lowBound, v.upBound, v.cat, v.varValue) for v in model.variables],
            {name: (c.constant, dict(c.items())) for name, c in model.prob.constraints.items()},
            form.lower.copy(), form.upper.copy(), form.row_upper.copy())


def test_shadow_prices_leave_the_solved_model_as_it_was():
    inputs = build_inputs(load_scenario(FIXTURES / "example2.yaml"))
    solved = solve_inputs(inputs)
    before = _snapshot(solved.model)
    values = marginal_values(solved.model, solved.outcome.x)
    extract_solution(solved.model, solved.outcome.x)
    after = _snapshot(solved.model)
    assert before[0] == after[0] and before[1] == after[1]
    for a, b in zip(before[2:], after[2:]):
        assert np.array_equal(a, b)
    assert values.person == {} and values.hunter is not None


def test_the_value_of_an_hour_is_the_worked_example():
    """docs/EXAMPLES.md, example 1: an extra hour of anna upgrades standard to full at
    (12,500 - 10,000) / (10 - 3) = 357.14."""
    plan = plan_scenario(load_scenario(FIXTURES / "example1.yaml"))
    assert plan.shadow_prices_json()["hours"]["anna"] == pytest.approx(2500 / 7)
    table = shadow_prices(marginal_values(*_solved(FIXTURES / "example1.yaml")), "month")
    assert table.loc[table["kind"] == "hour", "text"].iloc[0] == "one more hour of anna is worth 357.14 per month"


def _solved(path):
    solved = solve_inputs(build_inputs(load_scenario(path)))
    return solved.model, solved.outcome.x


def test_one_more_person_is_a_re_solve_with_the_head_count_one_higher():
    text = (FIXTURES / "example1.yaml").read_text().replace(
        "{id: anna, hours: 140, cost_per_person: 4000}",
        "{id: anna, count: 1, min_count: 1, max_count: 1, hours: 140, cost_per_person: 4000}")
    model, x = _solved_text(text)
    values = marginal_values(model, x)
    # the value of a second anna is the optimum with two people minus the optimum with one
    two = plan_scenario(loads_scenario(text.replace("count: 1, min_count: 1, max_count: 1,", "count: 2,")))
    one = plan_scenario(loads_scenario(text))
    assert values.person["anna"] == pytest.approx(two.objective - one.objective)


def _solved_text(text):
    solved = solve_inputs(build_inputs(loads_scenario(text)))
    return solved.model, solved.outcome.x


def test_todays_routing_finds_the_hours_the_groups_lack():
    text = (FIXTURES / "example1.yaml").read_text()
    inputs = build_inputs(loads_scenario(text))
    served = np.array([10.0, 30.0, 0.0])
    routing = route_today(inputs, served)
    assert routing.overload_hours == pytest.approx(50.0) and not routing.unroutable
    assert routing.allocations["clients"].sum() == pytest.approx(40.0)
