"""An infeasible year plan says which limits conflict, by how much, and every way out: the
elastic horizon (planner.horizon.diagnose), each way applied and solved again."""

from __future__ import annotations

import math

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from models import Scenario

from planner.analysis.paths import set_paths
from planner.cli import app
from planner.horizon.plan import plan_horizon
from planner.scenario_io import loads_scenario
from planner.solve import SolveStatus
from tests.optimiser_strategies import scenarios

runner = CliRunner()

# Four people at most, 20 h each, 2 h a client of 200: 4 people serve 40 clients, 8,000 - 400 =
# 7,600 a period; min_profit 9,000 needs 5 people (50 clients: 10,000 - 500 = 9,500).
SHORT = """
schema_version: 1
name: a profit target out of reach
horizon: {periods: 3}
goal: {objective: profit, min_profit: 9000}
segments:
  - {id: s1, clients: 50, margin: 1.0, levels: [{id: l0, hours_per_client: 2, revenue_per_client: 200}]}
team:
  managers:
    - {id: g1, count: 4, min_count: 0, max_count: 4, hours: 20, cost_per_person: 100}
  hunters: {count: 0, min_count: 0, max_count: 0, hours: 100}
"""

# One person today and a lead time of 2: periods 1 and 2 have 20 hours (10 clients). Coverage
# 0.5 needs 25 clients (50 h), min_count 3 three people, and min_profit 3,000 needs 30 clients:
# all three must move, to 0.2, 1 and 10 x 100 - 100 = 900, in every period.
LEAD_TIME = """
schema_version: 1
name: a year short of people
horizon: {periods: 4}
goal: {objective: profit, min_profit: 3000}
segments:
  - {id: s1, clients: 50, margin: 1.0, min_coverage: 0.5,
     levels: [{id: l0, hours_per_client: 2, revenue_per_client: 100}]}
team:
  managers:
    - {id: g1, count: 1, min_count: 3, max_count: 4, hours: 20, cost_per_person: 100, lead_time: 2}
  hunters: {count: 0, min_count: 0, max_count: 0, hours: 100}
"""


def _plan(text: str, **kwargs):
    return plan_horizon(loads_scenario(text), raise_on_failure=False, **kwargs)


def test_every_limit_that_must_move_by_how_much():
    plan = _plan(LEAD_TIME)
    assert plan.status == SolveStatus.INFEASIBLE
    edits = plan.diagnosis.suggested_edits()
    assert edits == {"segments[s1].min_coverage": pytest.approx(0.2), "goal.min_profit": pytest.approx(900),
                     "team.managers[g1].min_count": 1}
    assert "team.managers[g1].min_count 3 cannot be met" in plan.message
    moved = _plan_of(loads_scenario(LEAD_TIME), edits)
    assert moved.ok


def _plan_of(scenario, edits):
    return plan_horizon(set_paths(scenario, edits), raise_on_failure=False, earlier=False)


def test_every_way_out_ranked_by_the_optimum_it_reaches():
    """Allowing a fifth person reaches 3 x 9,500 = 28,500; lowering the target to 7,600 reaches
    3 x 7,600 = 22,800. Each way, applied, plans at the optimum it promised."""
    plan = _plan(SHORT, ways_out=True)
    assert plan.status == SolveStatus.INFEASIBLE
    ways = plan.diagnosis.ways
    assert [dict(e) for e in ways["edits"]] == [{"team.managers[g1].max_count": 5}, {"goal.min_profit": 7600}]
    assert list(ways["objective"]) == [pytest.approx(28_500), pytest.approx(22_800)]
    for edits, objective in zip(ways["edits"], ways["objective"]):
        moved = _plan_of(plan.scenario, dict(edits))
        assert moved.ok and math.isclose(moved.objective, objective, rel_tol=1e-9)
    assert "allow 5 (by 1)" in ways["text"][0]


def test_a_target_on_the_horizon_totals_moves_as_a_total():
    """goal.horizon_totals: the 3 periods together reach at most 22,800 with four people."""
    text = SHORT.replace("min_profit: 9000}", "min_profit: 27000, horizon_totals: true}")
    plan = _plan(text)
    assert plan.diagnosis.suggested_edits() == {"goal.min_profit": pytest.approx(22_800)}


def test_the_command_line_names_the_limit_and_the_json_carries_the_diagnosis(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text(LEAD_TIME, encoding="utf-8")
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == 1
    assert "segments[s1].min_coverage" not in result.output  # said in words, not as a path
    assert "segment s1: min_coverage 0.5" in result.output and "lower it to 0.20" in result.output
    result = runner.invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 1
    import json

    data = json.loads(result.stdout)
    assert data["status"] == "infeasible"
    assert {item["path"] for item in data["diagnosis"]["items"]} == {
        "segments[s1].min_coverage", "goal.min_profit", "team.managers[g1].min_count"}
    ru = runner.invoke(app, ["--lang", "ru", "solve", str(path)])
    assert ru.exit_code == 1 and "ни один план не выполняет все ограничения в каждом периоде" in ru.output


@st.composite
def year_scenarios(draw) -> Scenario:
    """Random scenarios (every limit that can conflict included) over 1-3 periods, with lead
    times and ramps on the groups."""
    objective = draw(st.sampled_from(["profit", "revenue", "new_clients"]))
    data = draw(scenarios(objective=objective)).model_dump(mode="json", exclude_none=True)
    data["horizon"] = {"periods": draw(st.integers(1, 3))}
    for group in data["team"]["managers"]:
        group["lead_time"] = draw(st.integers(0, 2))
        if draw(st.booleans()):
            group["ramp"] = [0.5]
    return Scenario.model_validate(data)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(scenario=year_scenarios())
def test_the_suggested_moves_always_give_a_year_plan(scenario):
    """Whatever makes a year plan infeasible, the limits the diagnosis moves, moved as it says,
    give a plan (capacities, links and lead times are never among them)."""
    plan = plan_horizon(scenario, raise_on_failure=False, earlier=False)
    event(str(plan.status))
    if plan.status != SolveStatus.INFEASIBLE:
        return
    edits = plan.diagnosis.suggested_edits()
    assert edits, plan.message
    moved = _plan_of(plan.scenario, edits)
    assert moved.ok, (edits, moved.message)


def test_every_way_out_of_the_shipped_year_plan_gives_a_plan():
    """The shipped year with a profit target three times too high: each way out, applied as
    shown, plans at the optimum it names (the solver's tolerances left one way a few roubles
    short of a plan before the moves were checked by solving)."""
    from planner.scenario_io import load_scenario
    from tests.paths import SCENARIOS

    year = SCENARIOS / "year-plan.yaml"
    scenario = set_paths(load_scenario(year), {"goal.min_profit": 50_000_000})
    plan = plan_horizon(scenario, base_dir=year.parent, raise_on_failure=False, ways_out=True)
    assert plan.status == SolveStatus.INFEASIBLE and len(plan.diagnosis.ways) >= 2
    assert not plan.diagnosis.ways["objective"].isna().any()
    best = plan.diagnosis.ways.iloc[0]
    moved = plan_horizon(set_paths(scenario, dict(best["edits"])), base_dir=year.parent, raise_on_failure=False,
                         earlier=False)
    assert moved.ok and math.isclose(moved.objective, best["objective"], rel_tol=1e-7)
