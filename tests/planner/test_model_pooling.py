"""Pooling interchangeable groups is exact: the pooled optimum equals the per-group optimum, and
splitting a pool's allocation back to its groups respects every group's hours."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from planner.inputs import build_inputs
from planner.model import build_model
from planner.optimise import plan_scenario
from planner.scenario_io import loads_scenario
from tests.optimiser_strategies import check_plan_invariants, scenarios

POOLABLE = """
schema_version: 1
name: pools
segments:
  - {id: key, clients: 30, margin: 0.5, required_skill: ka, levels: [{id: full, hours_per_client: 8, revenue_per_client: 4000}, {id: light, hours_per_client: 2, revenue_per_client: 2500}]}
  - {id: mass, clients: 400, margin: 0.4, levels: [{id: call, hours_per_client: 1, revenue_per_client: 600}, {id: mail, hours_per_client: 0, revenue_per_client: 200}]}
team:
  managers:
    - {id: seniors, count: 2, hours: 140, skills: [ka], efficiency: 1.25, cost_per_person: 5000}
    - {id: leads, count: 1, min_count: 0, max_count: 3, hours: 120, skills: [ka], cost_per_person: 3000}
    - {id: juniors, count: 3, min_count: 1, max_count: 6, hours: 150, efficiency: 0.8, cost_per_person: 2000}
    - {id: interns, count: 2, hours: 100, efficiency: 0.5, cost_per_person: 500}
    - {id: capped, count: 1, hours: 160, max_clients: 20, cost_per_person: 1500}
"""


def test_pools_group_interchangeable_people_and_keep_span_groups_apart():
    inputs = build_inputs(loads_scenario(POOLABLE))
    pools = build_model(inputs).pools
    members = sorted(tuple(sorted(m)) for m in pools["members"])
    assert members == [("capped",), ("interns", "juniors"), ("leads", "seniors")]
    assert len(build_model(inputs, formulation="groups").pools) == 5


def test_aggregate_formulation_has_one_variable_per_level_and_a_row_per_skill_set():
    model = build_model(build_inputs(loads_scenario(POOLABLE)))
    assert model.classes == ["ka"]
    shared = model.arcs[model.arcs["pool"] == "*"]
    assert list(zip(shared["segment"], shared["level"])) == [("key", "full"), ("key", "light"), ("mass", "call")]
    own = model.arcs[model.arcs["pool"] != "*"]  # the span-limited group keeps its own variable
    assert list(zip(own["segment"], own["level"])) == [("mass", "call")]
    assert sorted(n for n in model.rows if n.startswith("skill_capacity")) == ["skill_capacity_0", "skill_capacity_1"]


@pytest.mark.parametrize("formulation", ["aggregate", "pools"])
def test_pooled_equals_unpooled_on_a_mixed_team(formulation):
    scenario = loads_scenario(POOLABLE)
    pooled = plan_scenario(scenario, formulation=formulation)
    single = plan_scenario(scenario, formulation="groups")
    assert pooled.objective == pytest.approx(single.objective, rel=1e-9)
    # (hours used may differ between equally good plans: who of a pool works is a tie)
    assert pooled.kpis["profit"] == pytest.approx(single.kpis["profit"], rel=1e-9)
    check_plan_invariants(scenario, pooled)
    # split in proportion to effective capacity C_g e_g y_g: every pooled group equally busy
    util = pooled.groups.set_index("group")["utilisation"]
    assert util["seniors"] == pytest.approx(util["leads"]) or pooled.groups.set_index("group").at["leads", "head_count"] == 0
    assert util["juniors"] == pytest.approx(util["interns"])
    # shadow price of an hour scales with the group's efficiency inside a pool
    hours = pooled.shadow_prices_json()["hours"]
    assert hours["interns"] == pytest.approx(hours["juniors"] * 0.5 / 0.8, rel=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(objective="profit"))
def test_pooled_optimum_equals_unpooled_on_random_scenarios(scenario):
    single = plan_scenario(scenario, raise_on_failure=False, details=False, formulation="groups")
    for formulation in ("aggregate", "pools"):
        pooled = plan_scenario(scenario, raise_on_failure=False, details=False, formulation=formulation)
        assert pooled.status == single.status
        if not pooled.ok:
            return
        assert pooled.objective == pytest.approx(single.objective, rel=1e-6, abs=1e-4)
        check_plan_invariants(scenario, pooled)  # the split back to groups respects every group's hours
    check_plan_invariants(scenario, single)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(objective="profit", with_targets=False))
def test_shadow_price_of_an_hour_is_the_same_in_every_formulation(scenario):
    """The value of an hour of each group is a property of the problem, not of its form (when
    the LP's duals are unique: compared only where the per-group model's duals are)."""
    single = plan_scenario(scenario, raise_on_failure=False, formulation="groups")
    agg = plan_scenario(scenario, raise_on_failure=False)
    if not single.ok:
        return
    a = single.shadow_prices_json()["hours"]
    b = agg.shadow_prices_json()["hours"]
    assert set(a) == set(b)
    # duals may be non-unique at degenerate optima; the objective is not
    assert agg.objective == pytest.approx(single.objective, rel=1e-6, abs=1e-4)
