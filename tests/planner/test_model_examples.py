"""Hand-solvable scenarios with exact optima (docs/EXAMPLES.md and more, each worked in its docstring)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, loads_scenario
from planner.solve import SolveStatus
from tests.paths import FIXTURES



def plan_text(text: str, **kwargs):
    return plan_scenario(loads_scenario(text), **kwargs)


def level_clients(plan, segment: str, level: str) -> float:
    sl = plan.segment_levels
    return float(sl.loc[(sl["segment"] == segment) & (sl["level"] == level), "clients"].sum())


def approx(x, rel=1e-7, abs=1e-4):
    return pytest.approx(x, rel=rel, abs=abs)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_example1_one_segment_one_manager(solver):
    plan = plan_scenario(load_scenario(FIXTURES / "example1.yaml"), solver=solver)
    assert plan.status == SolveStatus.OPTIMAL and plan.ok
    assert plan.objective == approx(403_142.857142857)
    assert plan.kpis["profit"] == approx(403_142.857142857)
    assert plan.kpis["revenue"] == approx(1_628_571.42857143)
    assert plan.kpis["cost"] == approx(4000)
    assert plan.kpis["manager_hours_used"] == approx(140)
    assert level_clients(plan, "key", "full") == approx(20 / 7)
    assert level_clients(plan, "key", "standard") == approx(40 - 20 / 7)
    assert level_clients(plan, "key", "mailings") == approx(0)
    hours = plan.shadow_prices_json()["hours"]
    assert hours["anna"] == approx(2500 / 7, rel=1e-6)  # 357.14 per hour


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_example2_priorities_skills_prospects_integer_hunters(solver):
    plan = plan_scenario(load_scenario(FIXTURES / "example2.yaml"), solver=solver)
    assert plan.status == SolveStatus.OPTIMAL
    assert plan.objective == approx(798_142.857142857)
    k = plan.kpis
    assert k["profit"] == approx(798_142.857142857)
    assert k["revenue"] == approx(2_998_571.42857143)
    assert k["cost"] == approx(20_000)
    assert k["new_clients"] == approx(20)
    assert k["hunters"] == 3
    assert k["headcount"] == 4
    assert level_clients(plan, "tail", "mailings") == approx(500)
    assert level_clients(plan, "tail", "standard") == 0  # class C: automated only
    assert plan.shadow_prices_json()["hours"]["anna"] == approx(2500 / 7, rel=1e-6)
    pro = plan.prospects.set_index("prospect")
    assert pro.at["smb", "new_clients"] == approx(20)
    assert pro.at["smb", "hunter_hours"] == approx(400)


BASE = """
schema_version: 1
name: hand
goal: {goal}
segments:
{segments}
team:
  managers:
{managers}
{extra}
"""


def scenario(segments: str, managers: str, goal: str = "{objective: profit}", extra: str = "") -> str:
    return BASE.format(segments=segments, managers=managers, goal=goal, extra=extra)


def test_skill_restriction_keeps_unskilled_group_away():
    """`key` needs skill ka; only bob (10 h, skill ka) may serve it, at 2 h and 1000 margin each
    -> 5 clients; ann (no skill) serves `mass` (any group): 100 h at 1 h -> 100 clients at 0.5 x 200.
    Profit = 5 x 0.5 x 2000 + 100 x 100 = 5000 + 10000 = 15000."""
    text = scenario(
        """  - {id: key, clients: 50, margin: 0.5, required_skill: ka, levels: [{id: std, hours_per_client: 2, revenue_per_client: 2000}]}
  - {id: mass, clients: 500, margin: 0.5, levels: [{id: std, hours_per_client: 1, revenue_per_client: 200}]}""",
        """    - {id: ann, hours: 100}
    - {id: bob, hours: 10, skills: [ka]}""",
    )
    plan = plan_text(text)
    assert plan.objective == approx(15_000)
    alloc = plan.allocations.set_index(["group", "segment"])["clients"]
    assert alloc[("bob", "key")] == approx(5)
    assert ("ann", "key") not in alloc.index
    assert alloc[("ann", "mass")] == approx(100)


def test_binding_budget():
    """One level earning 0.5 x 1000 - 100 = 400 per client with cost 100 each, 1 h each, ann
    has 100 h: unconstrained 100 clients, cost 10,000. max_cost 4,000 -> 40 clients, profit
    16,000; the budget's shadow price is 400 / 100 = 4 per unit."""
    text = scenario(
        "  - {id: s, clients: 100, margin: 0.5, levels: [{id: l, hours_per_client: 1, revenue_per_client: 1000, cost_per_client: 100}]}",
        "    - {id: ann, hours: 100}",
        goal="{objective: profit, max_cost: 4000}",
    )
    plan = plan_text(text)
    assert plan.kpis["cost"] == approx(4000)
    assert plan.kpis["profit"] == approx(16_000)
    assert plan.shadow_prices_json()["limits"]["budget"] == approx(4.0)


def test_integer_hunters_at_pool_limit():
    """Pool 10, 0.1 clients per hour -> 100 h exhaust it; a hunter has 60 h and costs 500; a new
    client is worth 0.5 x 1000 - 100 = 400. 1 hunter: 6 clients = 2400 - 500 = 1900;
    2 hunters: 10 clients (pool) = 4000 - 1000 = 3000; 3 hunters: 4000 - 1500. So 2 hunters."""
    text = scenario(
        "  - {id: s, clients: 1, margin: 0.5, levels: [{id: auto, hours_per_client: 0, revenue_per_client: 0}]}",
        "    - {id: ann, hours: 1}",
        extra="""  hunters: {count: 0, max_count: 5, hours: 60, cost_per_person: 500}
prospects:
  - {id: p, pool: 10, conversion_per_hour: 0.1, revenue_per_client: 1000, margin: 0.5, acquisition_cost: 100}""",
    )
    text = text.replace("team:\n  managers:\n    - {id: ann, hours: 1}\n  hunters", "team:\n  managers:\n    - {id: ann, hours: 1}\n  hunters")
    plan = plan_text(text)
    assert plan.kpis["hunters"] == 2
    assert plan.kpis["new_clients"] == approx(10)
    assert plan.kpis["profit"] == approx(3000)


def test_decided_head_count():
    """Juniors: 100 h each, cost 3000, in [1, 4]; 1000 clients at 10 h earning 0.5 x 1000 = 500
    each -> a junior earns 10 clients x 500 = 5000 > 3000, so all 4 (max_count): 40 clients,
    20,000 - 12,000 = 8,000. One more junior would be worth 5000 - 3000 = 2000."""
    text = scenario(
        "  - {id: s, clients: 1000, margin: 0.5, levels: [{id: l, hours_per_client: 10, revenue_per_client: 1000}]}",
        "    - {id: juniors, count: 2, min_count: 1, max_count: 4, hours: 100, cost_per_person: 3000}",
    )
    plan = plan_text(text)
    grp = plan.groups.set_index("group")
    assert grp.at["juniors", "head_count"] == 4
    assert plan.kpis["profit"] == approx(8000)
    assert plan.shadow_prices_json()["person"]["juniors"] == approx(2000)
    # a costlier junior (6000 > 5000) is not worth it: the lower bound 1 holds
    plan = plan_text(text.replace("cost_per_person: 3000", "cost_per_person: 6000"))
    assert plan.groups.set_index("group").at["juniors", "head_count"] == 1
    assert plan.kpis["profit"] == approx(5000 - 6000)


def test_unserved_revenue_counts_and_caps_the_gain():
    """An unserved client still brings 1000 at margin 0.4 = 400; the level brings 0.4 x 2000 = 800
    for 1 h. ann 30 h -> 30 served: profit = 30 x 800 + 70 x 400 = 52,000; revenue 60,000 + 70,000."""
    text = scenario(
        "  - {id: s, clients: 100, margin: 0.4, unserved_revenue: 1000, levels: [{id: l, hours_per_client: 1, revenue_per_client: 2000}]}",
        "    - {id: ann, hours: 30}",
    )
    plan = plan_text(text)
    assert plan.kpis["profit"] == approx(52_000)
    assert plan.kpis["revenue"] == approx(130_000)
    seg = plan.segments.set_index("segment")
    assert seg.at["s", "unserved"] == approx(70)


def test_weights_steer_hours_but_kpis_stay_unweighted():
    """Two segments compete for ann's 10 h, 1 h per client: a earns 100 per client, b 80.
    Unweighted, a wins (10 x 100 = 1000). With b's weight 2 (objective 160 per client) b wins:
    objective 1600, profit KPI 800."""
    segs = """  - {{id: a, clients: 10, margin: 1.0, levels: [{{id: l, hours_per_client: 1, revenue_per_client: 100}}]}}
  - {{id: b, clients: 10, margin: 1.0{w}, levels: [{{id: l, hours_per_client: 1, revenue_per_client: 80}}]}}"""
    plan = plan_text(scenario(segs.format(w=""), "    - {id: ann, hours: 10}"))
    assert plan.objective == approx(1000) and plan.kpis["profit"] == approx(1000)
    plan = plan_text(scenario(segs.format(w=", weight: 2"), "    - {id: ann, hours: 10}"))
    assert plan.objective == approx(1600)
    assert plan.kpis["profit"] == approx(800)
    assert level_clients(plan, "b", "l") == approx(10)


def test_class_c_is_automated_and_class_d_not_served():
    """Class C may only use 0-hour levels; class D is served not at all (unserved revenue stays)."""
    segs = """  - {id: c, priority: C, clients: 10, margin: 0.5, levels: [{id: call, hours_per_client: 1, revenue_per_client: 1000}, {id: mail, hours_per_client: 0, revenue_per_client: 100}]}
  - {id: d, priority: D, clients: 10, margin: 0.5, unserved_revenue: 50, levels: [{id: call, hours_per_client: 1, revenue_per_client: 1000}, {id: mail, hours_per_client: 0, revenue_per_client: 100}]}"""
    plan = plan_text(scenario(segs, "    - {id: ann, hours: 100}"))
    assert level_clients(plan, "c", "mail") == approx(10)
    assert level_clients(plan, "c", "call") == 0
    assert level_clients(plan, "d", "call") == 0 and level_clients(plan, "d", "mail") == 0
    # profit: c 10 x 50 = 500; d unserved 10 x 0.5 x 50 = 250
    assert plan.kpis["profit"] == approx(750)
    assert plan.kpis["manager_hours_used"] == approx(0)


def test_explicit_segment_policy_wins_over_class():
    """A class-D segment with an explicit `service: all` is served like class B."""
    segs = "  - {id: d, priority: D, service: all, clients: 10, margin: 0.5, levels: [{id: call, hours_per_client: 1, revenue_per_client: 1000}]}"
    plan = plan_text(scenario(segs, "    - {id: ann, hours: 100}"))
    assert level_clients(plan, "d", "call") == approx(10)


def test_priority_first_against_plain_profit():
    """ann has 10 h. A-segment `a` earns 50 per client-hour, B-segment `b` 100. Plain profit serves
    b (1000); priority_first first maximises class A's value (a gets all 10 h: 500), then B gets
    nothing left: profit 500."""
    segs = """  - {id: a, priority: A, min_coverage: 0, clients: 10, margin: 1.0, levels: [{id: l, hours_per_client: 1, revenue_per_client: 50}]}
  - {id: b, clients: 10, margin: 1.0, levels: [{id: l, hours_per_client: 1, revenue_per_client: 100}]}"""
    plan = plan_text(scenario(segs, "    - {id: ann, hours: 10}"))
    assert plan.kpis["profit"] == approx(1000)
    assert level_clients(plan, "b", "l") == approx(10)
    plan = plan_text(scenario(segs, "    - {id: ann, hours: 10}", goal="{objective: priority_first}"))
    assert plan.kpis["profit"] == approx(500, abs=1e-3)
    assert level_clients(plan, "a", "l") == approx(10, abs=1e-4)


def test_revenue_and_new_clients_objectives():
    """Revenue objective prefers the level with more revenue though less margin; new_clients
    uses every hunter allowed."""
    segs = "  - {id: s, clients: 10, margin: 0.1, levels: [{id: big, hours_per_client: 2, revenue_per_client: 1000, margin: 0.05}, {id: small, hours_per_client: 1, revenue_per_client: 600, margin: 0.5}]}"
    managers = "    - {id: ann, hours: 10}"
    plan = plan_text(scenario(segs, managers))
    assert level_clients(plan, "s", "small") == approx(10)  # 300 per h vs 25 per h
    plan = plan_text(scenario(segs, managers, goal="{objective: revenue}"))
    # revenue per hour: small 600, big 1000/2 = 500 -> all small (6000) vs upgrade
    # upgrade small->big costs 1 h for +400: all 10 small use 10 h, no hour left -> 6000
    assert plan.objective == approx(6000)
    extra = """  hunters: {count: 0, max_count: 2, hours: 10, cost_per_person: 1000000}
prospects:
  - {id: p, pool: 100, conversion_per_hour: 1, revenue_per_client: 1, margin: 0.1}"""
    plan = plan_text(scenario(segs, managers, goal="{objective: new_clients}", extra=extra))
    assert plan.objective == approx(20) and plan.kpis["hunters"] == 2


def test_efficiency_and_span():
    """ann works at efficiency 0.5 (a 1 h level takes her 2 h): 100 h -> 50 clients; bob's span
    of 5 clients per person caps him at 5 though he has 100 h."""
    segs = "  - {id: s, clients: 1000, margin: 1.0, levels: [{id: l, hours_per_client: 1, revenue_per_client: 10}]}"
    managers = """    - {id: ann, hours: 100, efficiency: 0.5}
    - {id: bob, hours: 100, max_clients: 5}"""
    plan = plan_text(scenario(segs, managers))
    alloc = plan.allocations.set_index("group")
    assert alloc.at["ann", "clients"] == approx(50)
    assert alloc.at["ann", "hours"] == approx(100)
    assert alloc.at["bob", "clients"] == approx(5)
    assert plan.kpis["manager_hours_used"] == approx(105)
