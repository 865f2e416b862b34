"""The one economics: every KPI is linear Terms, evaluated the same way on numbers and built
into the model; the parts (segments, prospects, people) add up to the totals."""

from __future__ import annotations

import numpy as np
import pytest

from planner import economics
from planner.inputs import build_inputs
from planner.optimise import plan_scenario
from planner.postsolve import extract_solution
from planner.scenario_io import load_scenario
from tests.paths import FIXTURES

EXAMPLE2 = FIXTURES / "example2.yaml"


@pytest.fixture(scope="module")
def solved():
    from planner.optimise import solve_inputs

    inputs = build_inputs(load_scenario(EXAMPLE2))
    return inputs, solve_inputs(inputs)


def test_the_objective_the_model_maximised_is_the_objective_evaluated_on_numbers(solved):
    inputs, result = solved
    sol = extract_solution(result.model, result.outcome.x)
    assert sol.objective(inputs) == pytest.approx(result.certificate.objective_recomputed, rel=1e-12)
    assert sol.objective(inputs) == pytest.approx(798_142.857142857)  # docs/EXAMPLES.md, example 2


def test_each_kpi_built_into_the_model_equals_its_value_on_numbers(solved):
    inputs, result = solved
    model, x = result.model, result.outcome.x
    sol = extract_solution(model, x)
    values = {id(v): val for v, val in zip(model.variables, x)}
    for kpi in ("revenue", "gross_margin", "cost", "profit", "new_clients", "hunters", "headcount"):
        pairs, constant = model.kpi_expression(kpi)
        on_variables = constant + sum(values[id(v)] * c for v, c in pairs)
        on_numbers = economics.kpi_terms(inputs, kpi).value(sol.served, sol.u, sol.counts, sol.hunters)
        assert on_variables == pytest.approx(on_numbers, rel=1e-9, abs=1e-6), kpi


def test_profit_is_gross_margin_minus_cost_and_parts_add_up():
    plan = plan_scenario(load_scenario(EXAMPLE2))
    k = plan.kpis
    assert k["profit"] == pytest.approx(k["gross_margin"] - k["cost"])
    people = float(plan.groups["cost"].sum()) + 1500 * k["hunters"]
    assert k["revenue"] == pytest.approx(plan.segments["revenue"].sum() + plan.prospects["revenue"].sum())
    assert k["gross_margin"] == pytest.approx(plan.segments["gross_margin"].sum() + plan.prospects["gross_margin"].sum())
    assert k["cost"] == pytest.approx(plan.segments["cost"].sum() + plan.prospects["cost"].sum() + people)
    assert k["cost"] == pytest.approx(20_000)  # anna 4,000, hunters 4,500, mailings 7,500, acquisition 4,000


def test_weighted_objective_terms_and_class_terms():
    inputs = build_inputs(load_scenario(EXAMPLE2))
    total = economics.objective_terms(inputs, "profit")
    by_class = [economics.objective_terms(inputs, "profit", klass=k) for k in inputs.arrays.classes]
    assert np.allclose(sum(t.per_served for t in by_class), total.per_served)
    assert sum(t.constant for t in by_class) == pytest.approx(total.constant)
    assert all(not t.per_person.any() and t.per_hunter == 0 for t in by_class)  # people belong to no class
    assert total.per_hunter == -1500 and list(total.per_person) == [-4000]


def test_targets_table_names_every_goal_limit():
    assert {t.field for t in economics.TARGETS} == {"min_profit", "min_revenue", "min_new_clients", "max_cost"}
    budget = next(t for t in economics.TARGETS if t.field == "max_cost")
    assert not budget.at_least and budget.family == "budget"
    assert economics.target_met(budget, 100.0, 100.0) and not economics.target_met(budget, 101.0, 100.0)


def test_policy_levels_and_skills_rules():
    scenario = load_scenario(EXAMPLE2)
    table = scenario.priority_table
    key, tail = scenario.segments
    assert economics.segment_policy(table, key) == economics.Policy("A", 0.8, 1.0, "all")
    assert economics.segment_policy(table, tail).service == "automated"
    assert economics.level_allowed("automated", True) and not economics.level_allowed("automated", False)
    assert not economics.level_allowed("none", True)
    assert economics.level_margin(key.levels[0], key) == 0.25
    assert economics.may_serve(None, frozenset()) and not economics.may_serve("key_account", frozenset({"x"}))
