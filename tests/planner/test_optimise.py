"""Baseline, shadow prices, explanations, statuses and export of the optimiser, on hand-worked cases."""

from __future__ import annotations

from pathlib import Path

import pulp
import pytest

from planner.export import export_plan
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, loads_scenario
from planner.solve import SolveStatus
from tests.paths import FIXTURES

EXAMPLE1 = (FIXTURES / "example1.yaml").read_text()


def with_current(levels: str) -> str:
    return EXAMPLE1 + f"current:\n  levels: {{key: {levels}}}\n"


def test_current_baseline_within_capacity_is_feasible_and_beaten():
    """Today: all 40 at standard (120 of anna's 140 h): profit 0.25 x 1.6M - 4000 = 396,000."""
    plan = plan_scenario(loads_scenario(with_current("{standard: 40}")))
    base = plan.baseline
    assert base.kind == "current" and base.feasible and base.violations == []
    assert base.kpis["profit"] == pytest.approx(396_000)
    assert base.kpis["manager_hours_used"] == pytest.approx(120)
    assert base.uplift["profit"] == pytest.approx(403_142.857142857 - 396_000, abs=1e-3)
    assert plan.objective >= base.objective


def test_current_baseline_over_capacity_says_by_how_much():
    """10 at full + 30 at standard need 100 + 90 = 190 h; anna has 140: 50 h short. It is still
    evaluated: revenue 10 x 50,000 + 30 x 40,000 = 1.7M, profit 425,000 - 4,000."""
    plan = plan_scenario(loads_scenario(with_current("{full: 10, standard: 30}")))
    base = plan.baseline
    assert not base.feasible
    assert base.kpis["revenue"] == pytest.approx(1_700_000)
    assert base.kpis["profit"] == pytest.approx(421_000)
    assert base.violations == ["the team's hours: today's allocation needs 50 h more than the groups have"]


def test_current_baseline_breaking_class_policy():
    text = (FIXTURES / "example2.yaml").read_text() + "current:\n  levels: {tail: {standard: 100, mailings: 400}}\n  hunters: 1\n"
    base = plan_scenario(loads_scenario(text)).baseline
    assert "segment tail: 100.0 clients at level standard, which its service 'automated' does not allow" in base.violations
    assert any(v.startswith("segment key:") and "min_coverage 0.8" in v for v in base.violations)
    assert base.kpis["hunters"] == 1
    # one hunter's 150 h on a pool needing 400 h: 7.5 new clients
    assert base.kpis["new_clients"] == pytest.approx(7.5)


def test_even_spread_splits_hours_by_clients_and_takes_the_richest_level_that_fits():
    """ann's 100 h: a (30 clients) gets 75 h, b (10) 25 h. a: rich needs 90 h > 75, cheap 30 h
    fits -> 30 at cheap; b: rich needs 20 h <= 25 -> 10 at rich."""
    text = """
schema_version: 1
name: spread
segments:
  - {id: a, clients: 30, margin: 0.5, levels: [{id: rich, hours_per_client: 3, revenue_per_client: 900}, {id: cheap, hours_per_client: 1, revenue_per_client: 500}]}
  - {id: b, clients: 10, margin: 0.5, levels: [{id: rich, hours_per_client: 2, revenue_per_client: 900}, {id: cheap, hours_per_client: 1, revenue_per_client: 500}]}
team:
  managers:
    - {id: ann, hours: 100}
"""
    base = plan_scenario(loads_scenario(text)).baseline
    assert base.kind == "even_spread" and base.feasible
    sl = base.segment_levels.set_index(["segment", "level"])["clients"]
    assert sl[("a", "cheap")] == pytest.approx(30) and sl[("a", "rich")] == 0
    assert sl[("b", "rich")] == pytest.approx(10)
    assert base.kpis["manager_hours_used"] == pytest.approx(50)
    assert base.kpis["revenue"] == pytest.approx(30 * 500 + 10 * 900)


def test_shadow_prices_of_head_count_limit_and_person():
    """Juniors earn 10 clients x 500 = 5,000 a person for 3,000: each is worth 2,000; the
    max_headcount of 3 binds, so one more head is worth 2,000 too."""
    text = """
schema_version: 1
name: heads
segments:
  - {id: s, clients: 1000, margin: 0.5, levels: [{id: l, hours_per_client: 10, revenue_per_client: 1000}]}
team:
  managers:
    - {id: juniors, count: 1, min_count: 0, max_count: 5, hours: 100, cost_per_person: 3000}
  max_headcount: 3
"""
    plan = plan_scenario(loads_scenario(text))
    assert plan.kpis["headcount"] == 3
    sp = plan.shadow_prices_json()
    assert sp["person"]["juniors"] == pytest.approx(2000)
    assert sp["limits"]["max_headcount"] == pytest.approx(2000)
    assert sp["hours"]["juniors"] == pytest.approx(50)  # 500 per client / 10 h
    texts = list(plan.shadow_prices["text"])
    assert "one more person in juniors is worth 2,000.00 per month (after the person's cost)" in texts


def test_shadow_price_of_a_binding_revenue_target():
    """Two levels: `margin` earns 0.5 x 1000 = 500 profit per h, `volume` 0.1 x 3000 = 300 per h
    but 3000 revenue. 10 h; min_revenue 20,000 forces volume clients: x volume + (10 - x) margin
    clients give 1000 (10 - x) + 3000 x >= 20,000 -> x = 5; profit 5 x 300 + 5 x 500 = 4,000.
    Raising the target by 1 moves 1/2000 client: profit falls by (500 - 300) / 2000 = 0.1."""
    text = """
schema_version: 1
name: target
goal: {objective: profit, min_revenue: 20000}
segments:
  - {id: s, clients: 100, margin: 0.5, levels: [{id: margin, hours_per_client: 1, revenue_per_client: 1000}, {id: volume, hours_per_client: 1, revenue_per_client: 3000, margin: 0.1}]}
team:
  managers:
    - {id: ann, hours: 10}
"""
    plan = plan_scenario(loads_scenario(text))
    assert plan.kpis["revenue"] == pytest.approx(20_000)
    assert plan.kpis["profit"] == pytest.approx(4_000)
    assert plan.shadow_prices_json()["limits"]["min_revenue"] == pytest.approx(-0.1)


def test_explanation_of_a_level_below_the_value_of_an_hour():
    """Example 1 plus `light` (1 h, 16,000): 0.25 x 16,000 - 3,730 = 270 per hour over mailings,
    below anna's 357: left out; the optimum is unchanged. As in docs/EXAMPLES.md, standard earns
    (10,000 - 3,730) / 3 = 2,090 per hour over mailings and full upgrades standard at
    (12,500 - 10,000) / 7 = 357 per hour, exactly what an hour of anna is worth."""
    text = EXAMPLE1.replace(
        "      - {id: mailings,",
        "      - {id: light, hours_per_client: 1, revenue_per_client: 16000}\n      - {id: mailings,")
    plan = plan_scenario(loads_scenario(text))
    assert plan.objective == pytest.approx(403_142.857142857, abs=1e-3)
    texts = list(plan.explanations["text"])
    assert "key/light earns 270 per extra hour over mailings, below the 357 an hour of anna is worth: left out" in texts
    assert "key/full earns 357 per extra hour over standard, the 357 an hour of anna is worth: partly used" in texts
    assert "key/standard earns 2,090 per extra hour over mailings, above the 357 an hour of anna is worth: partly used" in texts


def test_explanation_names_a_richer_level_that_nets_more():
    """A cheap level that pays for its hours but loses to a richer one says so."""
    text = EXAMPLE1.replace(
        "      - {id: mailings,",
        "      - {id: quick, hours_per_client: 0.5, revenue_per_client: 16000}\n      - {id: mailings,")
    plan = plan_scenario(loads_scenario(text))
    row = plan.explanations.set_index("level").loc["quick"]
    assert row["over"] == "mailings" and row["earns_per_hour"] == pytest.approx((4_000 - 3_730) / 0.5)
    assert row["verdict"] == "left out" and row["clients"] == 0
    # full and standard tie at 12,500 - 10 x 357 = 10,000 - 3 x 357 = 8,929 net per client
    assert row["text"].startswith("key/quick earns 540 per extra hour over mailings, above the 357")
    assert row["text"].endswith(("(full nets more per client)", "(standard nets more per client)"))


def test_details_off_skips_shadow_prices_only():
    plan = plan_scenario(load_scenario(FIXTURES / "example2.yaml"), details=False)
    assert plan.objective == pytest.approx(798_142.857142857, abs=1e-3)
    assert len(plan.shadow_prices) == 0 and plan.baseline is not None


def test_priority_first_with_prospects_in_their_class():
    """Hunters cost nothing; prospect `vip` (class A) and `mass` (class B) compete for the one
    hunter's 100 h. mass pays more per hour, but A is solved first: vip gets its pool's 50 h."""
    text = """
schema_version: 1
name: pf
goal: {objective: priority_first}
segments:
  - {id: s, clients: 1, margin: 0.5, levels: [{id: auto, hours_per_client: 0, revenue_per_client: 100}]}
prospects:
  - {id: vip, priority: A, pool: 5, conversion_per_hour: 0.1, revenue_per_client: 1000, margin: 0.5}
  - {id: mass, pool: 100, conversion_per_hour: 0.1, revenue_per_client: 5000, margin: 0.5}
team:
  managers: []
  hunters: {count: 1, hours: 100}
"""
    plan = plan_scenario(loads_scenario(text))
    pro = plan.prospects.set_index("prospect")
    assert pro.at["vip", "hunter_hours"] == pytest.approx(50, abs=1e-3)
    assert pro.at["mass", "hunter_hours"] == pytest.approx(50, abs=1e-3)
    profit_plan = plan_scenario(loads_scenario(text.replace("priority_first", "profit")))
    assert profit_plan.prospects.set_index("prospect").at["mass", "hunter_hours"] == pytest.approx(100)


def test_export_writes_every_sheet_atomically(tmp_path):
    plan = plan_scenario(load_scenario(FIXTURES / "example2.yaml"))
    folder = export_plan(plan, tmp_path / "plan")
    names = {p.name for p in folder.iterdir()}
    assert {"summary.csv", "allocation.csv", "segments.csv", "groups.csv", "prospects.csv", "shadow_prices.csv",
            "baseline.csv", "playbook.csv"} <= names
    assert not [n for n in names if n.endswith(".tmp")]
    playbook = (folder / "playbook.csv").read_text()
    assert "key,key,full" in playbook


def test_cbc_is_the_fallback_when_highs_is_unavailable(monkeypatch):
    import planner.solve

    monkeypatch.setattr(planner.solve, "highs_available", lambda: False)
    plan = plan_scenario(load_scenario(FIXTURES / "example1.yaml"))
    assert plan.solver == "cbc" and plan.status == SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(403_142.857142857, abs=1e-3)
    assert plan.shadow_prices_json()["hours"]["anna"] == pytest.approx(2500 / 7, rel=1e-6)
