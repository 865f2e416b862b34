"""Stage 6: the Plan's tables and its JSON, the contract of `planner solve --json`."""

from __future__ import annotations

import json
import math

import pytest

from planner.economics import KPI_NAMES
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario
from planner.solve import SolveStatus
from tests.paths import FIXTURES


@pytest.fixture(scope="module")
def plan():
    return plan_scenario(load_scenario(FIXTURES / "example2.yaml"))


def test_json_follows_the_contract(plan):
    data = json.loads(json.dumps(plan.to_json()))
    assert data["status"] == "optimal" and data["objective"] == pytest.approx(798_142.857142857)
    assert list(data["kpis"]) == list(KPI_NAMES)
    for key in ("baseline", "allocations", "segments", "groups", "prospects", "shadow_prices", "certificate"):
        assert key in data
    assert set(data["allocations"][0]) >= {"group", "segment", "level", "clients", "hours"}
    assert data["segments"][0]["levels"]  # clients per level of each segment
    assert data["baseline"]["kind"] == "even_spread" and "kpis" in data["baseline"]


def test_tables_add_up_to_the_kpis(plan):
    k = plan.kpis
    assert plan.allocations["hours"].sum() == pytest.approx(k["manager_hours_used"])
    assert plan.groups["head_count"].sum() + k["hunters"] == k["headcount"]
    assert plan.prospects["new_clients"].sum() == pytest.approx(k["new_clients"]) == pytest.approx(20)
    seg = plan.segments.set_index("segment")
    assert (seg["managed"] + seg["automated"] + seg["unserved"]).to_dict() == pytest.approx(seg["clients"].to_dict())
    assert seg.at["key", "coverage"] == pytest.approx(1.0) and seg.at["tail", "automated"] == pytest.approx(500)
    groups = plan.groups.set_index("group")
    assert groups.at["anna", "utilisation"] == pytest.approx(1.0) and groups.at["anna", "value_of_hour"] > 0


def test_a_failed_plan_has_the_same_api_and_says_why():
    plan = plan_scenario(load_scenario(FIXTURES / "infeasible_coverage.yaml"), raise_on_failure=False)
    assert plan.status == SolveStatus.INFEASIBLE and not plan.ok
    assert all(math.isnan(v) for v in plan.kpis.values())
    data = plan.to_json()
    assert data["status"] == "infeasible" and data["diagnosis"]["lines"]
    assert data["certificate"]["holds"] is False
