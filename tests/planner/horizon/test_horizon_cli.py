"""`planner solve` on a horizon scenario through the entry point: the calendar in words, the
JSON of PLANNER.md (periods; top-level KPIs summed), the workbook (a sheet per period plus the
calendar), and the invariants recomputed from the JSON by tests/horizon_invariants.py."""

from __future__ import annotations

import json

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from planner.cli import app
from tests.horizon_invariants import horizon_violations
from tests.planner.horizon.test_horizon_model import TWO_PERIODS, _friction_text

runner = CliRunner()


@pytest.fixture
def two(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(TWO_PERIODS, encoding="utf-8")
    return path


def test_solve_prints_the_calendar_in_both_languages(two):
    result = runner.invoke(app, ["solve", str(two)])
    assert result.exit_code == 0, result.output
    assert "m: hire 1 person to start in February 2027; full speed in March 2027; decide in January 2027" in result.output
    ru = runner.invoke(app, ["--lang", "ru", "solve", str(two)])
    assert ru.exit_code == 0, ru.output
    assert "нанять 1 сотрудника, выход на работу — февраль 2027" in ru.output
    assert "Календарь найма" in ru.output


def test_json_has_the_periods_and_summed_kpis(two):
    result = runner.invoke(app, ["solve", str(two), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "optimal" and data["objective"] == pytest.approx(330.0)
    assert [p["period"] for p in data["periods"]] == [1, 2]
    assert [p["label"] for p in data["periods"]] == ["2027-01", "2027-02"]
    group = data["periods"][1]["groups"][0]
    assert set(group) >= {"group", "head_count", "hires", "cuts", "capacity", "hours_used"}
    assert (group["head_count"], group["hires"], group["cuts"]) == (2, 1, 0)
    assert data["kpis"]["profit"] == pytest.approx(330.0) and data["kpis"]["headcount"] == 2
    assert data["certificate"]["holds"] is True
    assert horizon_violations(yaml.safe_load(TWO_PERIODS), data) == []


@pytest.mark.parametrize("f", [
    {"ramp": [0.3, 0.6, 0.9], "lead_time": 2, "attrition": 0.015, "hire_cost": 500.0},
    {"ramp": [0.5], "lead_time": 1, "attrition": 0.1, "hire_cost": 0.0},
])
def test_invariants_hold_in_every_period(tmp_path, f):
    text = _friction_text(4, 1, 200.0, f, hunters=True)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sum(g["hires"] for p in data["periods"] for g in p["groups"]) + \
        sum(p["hunters"]["hires"] for p in data["periods"]) > 0  # the case exercises hiring
    assert horizon_violations(yaml.safe_load(text), data) == []


def test_the_checker_sees_a_broken_plan(two):
    data = json.loads(runner.invoke(app, ["solve", str(two), "--json"]).stdout)
    data["periods"][0]["groups"][0]["hires"] = 1.0  # a hire within the lead time, and a broken link
    data["periods"][1]["allocations"][0]["clients"] += 1.0  # more hours than the ramped capacity
    found = "\n".join(horizon_violations(yaml.safe_load(TWO_PERIODS), data))
    assert "within the lead time" in found and "ramped capacity" in found and "!=" in found


def test_workbook_has_a_sheet_per_period_and_the_calendar(two, tmp_path):
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["solve", str(two), "--out", str(out)])
    assert result.exit_code == 0, result.output
    titles = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert titles == ["KPIs by period", "Team by period", "Hiring calendar", "January 2027", "February 2027"]


def test_an_infeasible_year_says_where_to_look(tmp_path):
    """min_count 2 with one person today and a lead time of 1: period 1 cannot be staffed."""
    path = tmp_path / "bad.yaml"
    path.write_text(TWO_PERIODS.replace("min_count: 0", "min_count: 2"), encoding="utf-8")
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == 1
    assert "team.managers[m].min_count 2 cannot be met with the other limits: lower it to 1" in result.output
    assert "lead_time + 1 on (m)" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("change, where", [
    (("hire_cost: 20}", "hire_cost: 20, attrition: 0.7}"), "team.managers[0].attrition"),
    (('start: "2027-01"}', 'start: "2027-01", seasonality: [1.0]}'), "horizon.seasonality"),
])
def test_bad_horizon_fields_are_refused_with_their_path(tmp_path, change, where):
    path = tmp_path / "bad.yaml"
    path.write_text(TWO_PERIODS.replace(*change), encoding="utf-8")
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == 2
    assert where in result.output and "Traceback" not in result.output


def test_the_summary_prints_the_scenario_s_name_as_text(tmp_path):
    """A name holding terminal markup is printed as written, and our own bold leaves no
    `[bold]` behind."""
    path = tmp_path / "year.yaml"
    data = yaml.safe_load(TWO_PERIODS)
    data["name"] = "[bold red]x :x: [/]"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("[bold red]x :x: [/]: ")
    assert "[bold]" not in result.stdout


def test_out_onto_a_file_without_a_suffix_is_refused_like_the_single_period_plan(two, tmp_path):
    taken = tmp_path / "plan"
    taken.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["solve", str(two), "--out", str(taken)])
    assert result.exit_code == 2
    assert "exists and is not a folder" in result.stderr
    assert taken.read_text(encoding="utf-8") == "keep me"
