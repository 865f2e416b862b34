"""Infeasible scenarios: the elastic re-solve names the limit that must move, and by how much."""

from __future__ import annotations


import pytest
from hypothesis import event, given, settings

from planner.analysis.paths import set_paths
from planner.errors import PlanningError
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, loads_scenario
from planner.solve import SolveStatus
from tests.optimiser_strategies import scenarios
from tests.paths import FIXTURES


SMALL = """
schema_version: 1
name: small
goal: {goal}
segments:
  - {{id: s, clients: 100, margin: 0.5, levels: [{{id: l, hours_per_client: 1, revenue_per_client: 1000, cost_per_client: 100}}]}}
team:
  managers:
    - {{id: ann, hours: 50, cost_per_person: 1000{ann}}}
{team}
"""


def failed(goal="{objective: profit}", ann="", team=""):
    plan = plan_scenario(loads_scenario(SMALL.format(goal=goal, ann=ann, team=team)), raise_on_failure=False)
    assert plan.status == SolveStatus.INFEASIBLE and not plan.ok
    return plan.diagnosis.items.set_index("family")


def test_coverage_fixture_names_segment_hours_and_new_share():
    plan = plan_scenario(load_scenario(FIXTURES / "infeasible_coverage.yaml"), raise_on_failure=False)
    assert plan.status == SolveStatus.INFEASIBLE
    d = plan.diagnosis.items
    assert list(d["family"]) == ["coverage"]
    row = d.iloc[0]
    assert row["subject"] == "key" and row["path"] == "segments[key].min_coverage"
    # 3 x 140 h = 420 h of anna at 35 h per client -> 12 of 40 clients = 0.30; 20 short x 35 = 700 h
    assert row["suggested"] == pytest.approx(0.3)
    assert row["change"] == pytest.approx(20)
    assert plan.diagnosis.lines == [
        "segment key: min_coverage 0.8 needs 1,120 h of key_account-skilled managers, who have 420 h: "
        "lower it to 0.30 or add 700 h"
    ]


def test_library_raises_planning_error_carrying_the_failed_plan():
    with pytest.raises(PlanningError) as err:
        plan_scenario(load_scenario(FIXTURES / "infeasible_coverage.yaml"))
    assert err.value.plan.status == SolveStatus.INFEASIBLE
    assert "min_coverage 0.8" in str(err.value)
    assert err.value.plan.to_json()["diagnosis"]["lines"]


def test_profit_target_out_of_reach():
    """Best profit: 50 clients x 400 - 1000 = 19,000; min_profit 25,000 must drop by 6,000."""
    d = failed(goal="{objective: profit, min_profit: 25000}")
    assert list(d.index) == ["min_profit"]
    assert d.at["min_profit", "suggested"] == pytest.approx(19_000)
    assert "lower it to 19,000 (by 6,000)" in d.at["min_profit", "text"]


def test_budget_below_fixed_costs():
    """ann alone costs 1,000: max_cost 600 must rise by 400."""
    d = failed(goal="{objective: profit, max_cost: 600}")
    assert list(d.index) == ["budget"]
    assert d.at["budget", "change"] == pytest.approx(400)


def test_head_count_limit_and_min_count():
    """A fixed ann plus hunters with min_count 2 under max_headcount 2: either limit moves by 1."""
    d = failed(team="  hunters: {count: 2, min_count: 2, max_count: 3, hours: 10}\n  max_headcount: 2")
    assert len(d) == 1
    family = d.index[0]
    assert family in ("headcount", "min_count")
    if family == "headcount":
        assert d.at["headcount", "suggested"] == 3
    else:
        assert d.at["min_count", "suggested"] == 1


def test_coverage_of_a_segment_no_group_may_serve():
    text = SMALL.format(goal="{objective: profit}", ann="", team="").replace(
        "{id: s, clients: 100,", "{id: s, clients: 100, min_coverage: 0.5, required_skill: vip,")
    plan = plan_scenario(loads_scenario(text), raise_on_failure=False)
    assert plan.status == SolveStatus.INFEASIBLE
    assert plan.diagnosis.lines == [
        "segment s: min_coverage 0.5 needs 50.0 manager-served clients, but no manager group has skill 'vip': "
        "lower it to 0.00"
    ]


HUNTERS_SHORT = """
schema_version: 1
name: Hunters short
goal: {min_new_clients: 30}
segments:
  - {id: key, clients: 40, margin: 0.25, levels: [{id: full, hours_per_client: 10, revenue_per_client: 50000}]}
prospects:
  - {id: new, pool: 100, conversion_per_hour: 0.1, revenue_per_client: 6000, margin: 0.3}
team:
  managers: [{id: anna, hours: 140, cost_per_person: 4000}]
  hunters: {count: 1, max_count: 2, hours: 100, cost_per_person: 3000}
  max_headcount: 3
"""


def test_every_way_out_is_listed_ranked_by_the_plan_it_leads_to():
    """30 new clients need 300 hunter hours (3 hunters); 2 are allowed, within a head count of 3.
    Anna's 140 h serve 14 clients: 14 x 50,000 x 0.25 - 4,000 = 171,000. Way 1: a third hunter
    and room for them: + 30 x 6,000 x 0.3 - 3 x 3,000 = 216,000. Way 2: the target lowered to
    the 20 that 2 hunters win: 171,000 + 36,000 - 6,000 = 201,000."""
    from planner.scenario_io import loads_scenario
    from planner.analysis.paths import set_paths

    plan = plan_scenario(loads_scenario(HUNTERS_SHORT), raise_on_failure=False, ways_out=True)
    ways = plan.diagnosis.ways
    assert list(ways["edits"]) == [{"team.hunters.max_count": 3, "team.max_headcount": 4}, {"goal.min_new_clients": 20}]
    assert list(ways["objective"]) == pytest.approx([216000.0, 201000.0])
    assert ways["text"][0].startswith("way 1: team.hunters.max_count 2 is too small for the other limits: allow 3")
    for edits, objective in zip(ways["edits"], ways["objective"]):  # each way, applied, is a plan of that value
        fixed = plan_scenario(set_paths(loads_scenario(HUNTERS_SHORT), edits))
        assert fixed.ok and fixed.objective == pytest.approx(objective)
    assert plan.diagnosis.to_json()["ways"][1]["edits"] == {"goal.min_new_clients": 20}


def test_a_small_budget_offers_raising_it_not_only_firing():
    """Budget 5,000 below anna's 4,000 plus the one hunter's 3,000 (min_count 1): raise the budget
    to 7,000 (by 2,000), the better plan, or let the hunters go to 0."""
    from planner.scenario_io import loads_scenario

    text = HUNTERS_SHORT.replace("goal: {min_new_clients: 30}", "goal: {max_cost: 5000}").replace(
        "count: 1, max_count: 2", "count: 1, min_count: 1, max_count: 2")
    ways = plan_scenario(loads_scenario(text), raise_on_failure=False, ways_out=True).diagnosis.ways
    assert list(ways["edits"]) == [{"goal.max_cost": 7000}, {"team.hunters.min_count": 0}]
    # 171,000 + one hunter's 10 new clients x 1,800 - 3,000; without the hunter 171,000
    assert list(ways["objective"]) == pytest.approx([186000.0, 171000.0])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(scenario=scenarios())
def test_the_suggested_moves_always_give_a_plan(scenario):
    """Whatever makes a scenario infeasible, its limits moved as the diagnosis says give a plan
    (capacities, sizes and pools are never among them, so the elastic model always solves)."""
    plan = plan_scenario(scenario, raise_on_failure=False, details=False)
    event(str(plan.status))
    if plan.status != SolveStatus.INFEASIBLE:
        return
    edits = plan.diagnosis.suggested_edits()
    assert edits, plan.message
    moved = plan_scenario(set_paths(plan.scenario, edits), raise_on_failure=False, details=False)
    assert moved.ok, (edits, moved.message)
