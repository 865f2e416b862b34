"""`baseline.kind: clients_table`: today's ownership read from the manager column, through
`planner solve --json`, with the KPIs recomputed by hand on an eight-client table."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()

# anna holds c1-c3: 40 h x 1.0 / 3 = 13.3 h per client -> `full` (10 h, closer than 4 h);
# ivan holds c4 and c6: 20 h x 0.5 / 2 = 5 h per client -> key `standard` (4 h), tail `call`;
# c5 has no manager -> key's automated `mail`; c7's manager is not of the team and tail has no
# automated level -> not served; olga's c8 is at `call` because the level column says so.
TABLE = """client_id;kind;revenue_12m;manager;tier
c1;key;9000;anna;
c2;key;8000;anna;
c3;key;7000;anna;
c4;key;6000;ivan;
c5;key;5000;;
c6;tail;400;ivan;
c7;tail;300;bob;
c8;tail;200;olga;call
"""
SCENARIO = {
    "schema_version": 1, "name": "today from the table", "currency": "RUB",
    "segments": [
        {"id": "key", "margin": 0.3, "levels": [
            {"id": "full", "hours_per_client": 10, "revenue_per_client": 1000},
            {"id": "standard", "hours_per_client": 4, "revenue_per_client": 700},
            {"id": "mail", "hours_per_client": 0, "revenue_per_client": 200, "cost_per_client": 5}]},
        {"id": "tail", "margin": 0.5, "unserved_revenue": 10, "levels": [
            {"id": "call", "hours_per_client": 1, "revenue_per_client": 100}]},
    ],
    "team": {"managers": [
        {"id": "anna", "hours": 40, "cost_per_person": 300},
        {"id": "juniors", "count": 2, "hours": 20, "efficiency": 0.5, "cost_per_person": 100,
         "people": ["ivan", "olga"]}]},
    "clients": {"file": "clients.csv", "manager_column": "manager", "level_column": "tier",
                "segmentation": {"criteria": [{"id": "kind", "column": "kind"}],
                                 "rules": [{"segment": "key", "when": {"kind": "key"}}, {"segment": "tail"}]}},
}


def _solve(tmp_path, scenario: dict) -> dict:
    (tmp_path / "clients.csv").write_text(TABLE, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_manager_column_is_the_baseline_and_its_kpis_are_by_hand(tmp_path):
    base = _solve(tmp_path, SCENARIO)["baseline"]
    assert base["kind"] == "clients_table"
    revenue = 3 * 1000 + 700 + 200 + 2 * 100 + 10  # full x3, standard, mail; call x2; c7 unserved
    gross_margin = 0.3 * (3 * 1000 + 700 + 200) + 0.5 * (2 * 100 + 10)
    cost = 300 + 2 * 100 + 5
    hours = 3 * 10 + 4 / 0.5 + 1 / 0.5 + 1 / 0.5
    kpis = base["kpis"]
    assert kpis["revenue"] == pytest.approx(revenue)
    assert kpis["gross_margin"] == pytest.approx(gross_margin)
    assert kpis["cost"] == pytest.approx(cost)
    assert kpis["profit"] == pytest.approx(gross_margin - cost)
    assert kpis["manager_hours_used"] == pytest.approx(hours)
    assert kpis["headcount"] == 3 and kpis["hunters"] == 0
    cells = {(a["group"], a["segment"], a["level"]): a["clients"] for a in base["allocations"]}
    assert cells == {("anna", "key", "full"): 3, ("juniors", "key", "standard"): 1, ("juniors", "tail", "call"): 2}
    source = base["source"]
    assert source["levels_from_column"] == 1 and source["levels_from_hours"] == 5
    assert source["automated"] == 1 and source["not_served"] == 1 and source["unknown_managers"] == 1
    assert "'manager'" in base["description"] and "bob" in base["description"]


def test_a_current_block_still_wins_and_without_a_manager_column_it_is_the_even_spread(tmp_path):
    with_current = {**SCENARIO, "current": {"levels": {"key": {"standard": 5}}}}
    assert _solve(tmp_path, with_current)["baseline"]["kind"] == "current"
    clients = {k: v for k, v in SCENARIO["clients"].items() if k not in ("manager_column", "level_column")}
    assert _solve(tmp_path, {**SCENARIO, "clients": clients})["baseline"]["kind"] == "even_spread"


def test_solve_says_which_baseline_in_words(tmp_path):
    _solve(tmp_path, SCENARIO)
    result = runner.invoke(app, ["solve", str(tmp_path / "scenario.yaml")])
    assert result.exit_code == 0
    assert "today's owners in the client table" in result.stdout
    assert "today's owners from column 'manager'" in result.stdout
