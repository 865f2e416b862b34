"""The horizon model against what the contract promises (PLANNER.md "Multi-period plan"):
one plain period is the single-period plan, T flat periods are T times it, frictions never
raise the optimum, and a hand-solved two-period hire."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models import Horizon
from planner.horizon.plan import plan_horizon
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, loads_scenario
from tests.paths import FIXTURES, SCENARIOS

SMALL = [SCENARIOS / "default.yaml", SCENARIOS / "smb-acquisition.yaml", FIXTURES / "example1.yaml",
         FIXTURES / "example2.yaml"]


def with_horizon(scenario, periods: int, **fields):
    return scenario.model_copy(update={"horizon": Horizon(periods=periods, **fields)})


def approx(x):
    return pytest.approx(x, rel=1e-7, abs=1e-6)


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.stem)
def test_one_plain_period_is_the_single_period_plan(path):
    scenario = load_scenario(path)
    single = plan_scenario(scenario, base_dir=path.parent, details=False)
    year = plan_horizon(with_horizon(scenario, 1), base_dir=path.parent, earlier=False)
    assert year.certificate.holds
    assert year.objective == approx(single.objective)
    for k in ("revenue", "cost", "profit", "new_clients", "headcount", "hunters"):
        assert year.kpis[k] == approx(single.kpis[k]), k


@pytest.mark.parametrize("path", SMALL[:2], ids=lambda p: p.stem)
def test_flat_periods_repeat_the_single_period_plan(path):
    scenario = load_scenario(path)
    single = plan_scenario(scenario, base_dir=path.parent, details=False)
    year = plan_horizon(with_horizon(scenario, 3), base_dir=path.parent, earlier=False)
    assert year.objective == approx(3 * single.objective)
    assert [p.kpis["profit"] for p in year.periods] == [approx(single.kpis["profit"])] * 3


TWO_PERIODS = """
schema_version: 1
name: Two periods, one hire
horizon: {periods: 2, start: "2027-01"}
segments:
  - {id: s, clients: 10, margin: 1.0, levels: [{id: full, hours_per_client: 10, revenue_per_client: 100}]}
team:
  managers:
    - {id: m, count: 1, min_count: 0, max_count: 2, hours: 20, cost_per_person: 50,
       lead_time: 1, ramp: [0.5], hire_cost: 20}
"""


def test_a_hand_solved_hire_with_lead_time_and_ramp():
    """Period 1: no hire can be at work (lead time 1); one person, 20 hours = 2 clients:
    200 - 50 = 150 (cutting to 0 gives 0). Period 2: a hire works at half speed, so
    y = 1 + h gives 20 + 10 h hours = 2 + h clients, and 200 + 100 h - 50 (1 + h) - 20 h:
    150 + 30 h, best at h = 1: 180. Optimum 330, one hire starting in period 2."""
    plan = plan_horizon(loads_scenario(TWO_PERIODS))
    assert plan.certificate.holds
    assert plan.objective == approx(330.0)
    assert [p.kpis["profit"] for p in plan.periods] == [approx(150.0), approx(180.0)]
    second = plan.periods[1].groups.iloc[0]
    assert (second["head_count"], second["hires"], second["capacity"]) == (2, 1, approx(30.0))
    hire = plan.calendar.iloc[0]
    assert (hire["action"], hire["people"], hire["decide"], hire["start"], hire["full_speed"]) == \
        ("hire", 1, "2027-01", "2027-02", "2027-03")
    assert hire["value_earlier"] is None  # period 1 is within the lead time


def test_without_the_lead_time_the_hire_starts_at_once():
    """Lead time 0: the hire starts in period 1 (150 + 30 = 180) and is at full speed in
    period 2 (40 hours = 4 clients: 400 - 100 = 300): 480, against 330 with the lead time."""
    plan = plan_horizon(loads_scenario(TWO_PERIODS.replace("lead_time: 1", "lead_time: 0")))
    assert plan.objective == approx(480.0)
    assert plan.calendar["start"].tolist() == ["2027-01"]


def test_a_seasonal_horizon_totals_target():
    """Seasonality multiplies revenues: [1, 2] doubles period 2's revenue. A horizon-total
    revenue target is met over the sum, not in each period."""
    text = TWO_PERIODS.replace('start: "2027-01"', 'start: "2027-01", seasonality: [1.0, 2.0]')
    plan = plan_horizon(loads_scenario(text))
    # period 2 with the hire: 3 clients at 200 = 600 - 100 - 20 = 480
    assert [p.kpis["revenue"] for p in plan.periods] == [approx(200.0), approx(600.0)]
    assert plan.objective == approx(150.0 + 480.0)
    totals = text.replace("name: Two", "goal: {min_revenue: 700, horizon_totals: true}\nname: Two")
    assert plan_horizon(loads_scenario(totals)).ok
    per_period = text.replace("name: Two", "goal: {min_revenue: 300}\nname: Two")
    assert not plan_horizon(loads_scenario(per_period), raise_on_failure=False).ok


FRICTION_BASE = """
schema_version: 1
name: Frictions
horizon: {{periods: {T}}}
segments:
  - {{id: a, clients: 30, margin: 0.4, levels: [{{id: full, hours_per_client: 6, revenue_per_client: 900}},
      {{id: auto, hours_per_client: 0, revenue_per_client: 200}}]}}
  - {{id: b, clients: 50, margin: 0.3, levels: [{{id: std, hours_per_client: 2, revenue_per_client: 300}}]}}
prospects:
  - {{id: p, pool: 40, conversion_per_hour: 0.05, revenue_per_client: 1500, margin: 0.3}}
team:
  managers:
    - {{id: m, count: {count}, min_count: 0, max_count: 4, hours: 60, cost_per_person: {wage}{extra}}}
  hunters: {{count: 0, min_count: 0, max_count: 2, hours: 80, cost_per_person: 400{hextra}}}
"""

frictions = st.fixed_dictionaries({
    "ramp": st.lists(st.sampled_from([0.0, 0.3, 0.6, 0.9]), max_size=3),
    "lead_time": st.integers(0, 2),
    "attrition": st.sampled_from([0.0, 0.02, 0.1]),
    "hire_cost": st.sampled_from([0.0, 500.0, 3000.0]),
})


def _friction_text(T, count, wage, f, hunters: bool) -> str:
    extra = "".join(f", {k}: {v}" for k, v in f.items())
    return FRICTION_BASE.format(T=T, count=count, wage=wage, extra=extra, hextra=extra if hunters else "")


@settings(max_examples=12, deadline=None, derandomize=True)
@given(f=frictions, T=st.integers(1, 3), count=st.integers(0, 3), wage=st.sampled_from([200.0, 900.0]),
       hunters=st.booleans())
@example(f={"ramp": [0.5], "lead_time": 1, "attrition": 0.0, "hire_cost": 0.0}, T=2, count=0, wage=200.0,
         hunters=True)
def test_frictions_never_raise_the_optimum(f, T, count, wage, hunters):
    plain = plan_horizon(loads_scenario(_friction_text(T, count, wage, {}, hunters)), earlier=False)
    rough = plan_horizon(loads_scenario(_friction_text(T, count, wage, f, hunters)), earlier=False)
    assert plain.certificate.holds and rough.certificate.holds
    assert rough.objective <= plain.objective + 1e-6 * max(1.0, abs(plain.objective))


def test_the_value_of_hiring_one_period_earlier():
    """Three periods, revenues x [0, 0.3, 1], lead time 0, hire cost 25. Best: keep the one
    person (-50), hire in period 2 at half speed (3 clients x 30 - 100 - 25 = -35) and work at
    full speed in period 3 (4 clients x 100 - 100 = 300): 215. Starting that hire in period 1
    instead: -125 + (4 x 30 - 100) + 300 = 195, so hiring a period earlier is worth -20."""
    text = (TWO_PERIODS.replace("periods: 2", "periods: 3").replace("lead_time: 1", "lead_time: 0")
            .replace("hire_cost: 20", "hire_cost: 25")
            .replace('start: "2027-01"', 'start: "2027-01", seasonality: [0.0, 0.3, 1.0]'))
    plan = plan_horizon(loads_scenario(text))
    assert plan.objective == approx(215.0)
    hire = plan.calendar.iloc[0]
    assert (hire["start"], hire["people"]) == ("2027-02", 1)
    assert hire["value_earlier"] == approx(-20.0)
    assert "starting one period earlier would lower the result by 20" in plan.calendar_lines()[0]
