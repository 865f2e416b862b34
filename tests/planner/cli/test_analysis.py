"""`planner sweep / marginal / montecarlo / compare`: output and exit codes 0, 1, 2."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.conftest import FIXTURES

RANGED = str(FIXTURES / "analysis" / "ranged.yaml")
EXAMPLE1 = str(FIXTURES / "example1.yaml")
EXAMPLE2 = str(FIXTURES / "example2.yaml")


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_sweep_prints_a_table_and_writes_csv(runner, tmp_path):
    out = tmp_path / "sweep.csv"
    result = run(runner, "sweep", EXAMPLE2, "--set", "team.hunters.max_count=0..3", "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "team.hunters.max_count" in result.output and "798,143" in result.output
    table = pd.read_csv(out)
    assert table["team.hunters.max_count"].tolist() == [0, 1, 2, 3]
    assert table["profit"].round(2).tolist() == [770642.86, 781142.86, 791642.86, 798142.86]


def test_sweep_json_has_one_row_per_combination(runner):
    result = run(runner, "sweep", RANGED, "--set", "team.hunters.max_count=1,3", "--set",
                 "segments[key].levels[full].revenue_per_client=45000,55000", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["paths"] == ["team.hunters.max_count", "segments[key].levels[full].revenue_per_client"]
    assert [(r["team.hunters.max_count"], r["segments[key].levels[full].revenue_per_client"]) for r in data["rows"]] == [
        (1, 45000), (1, 55000), (3, 45000), (3, 55000)]
    assert all(r["status"] == "optimal" for r in data["rows"])


def test_sweep_writes_xlsx(runner, tmp_path):
    out = tmp_path / "sweep.xlsx"
    result = run(runner, "sweep", EXAMPLE1, "--set", "team.managers[anna].hours=100,140", "--out", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_excel(out, sheet_name="sweep")
    assert table["team.managers[anna].hours"].tolist() == [100, 140]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("--set", "team.managers[bob].count=1"), "unknown manager group id 'bob' (known: anna)"),
        (("--set", "team.hunters.max_count=-1"), "team.hunters.max_count: must be >= 0"),
        (("--set", "segments[key].levels[full].revenue_per_client=lots"), "must be a number or a range"),
        (("--set", "team.hunters.max_count"), "write PATH=V1,V2,..."),
        (("--set", "team.hunters.max_count=1", "--out", "x.txt"), "write a .csv or .xlsx file"),
    ],
)
def test_sweep_bad_path_or_value_exits_2_with_the_path(runner, args, fragment):
    result = run(runner, "sweep", EXAMPLE2, *args)
    assert result.exit_code == 2, result.output
    assert fragment in " ".join(result.output.split())


def test_sweep_where_nothing_has_a_plan_exits_1(runner):
    result = run(runner, "sweep", EXAMPLE2, "--set", "goal.min_new_clients=30,40")
    assert result.exit_code == 1, result.output
    assert "infeasible" in result.output


def test_marginal_reports_the_flat_maximum(runner):
    result = run(runner, "marginal", EXAMPLE2, "--group", "hunters", "--counts", "0..4", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["best_count"], data["flat_low"], data["flat_high"]) == (3, 2, 4)
    assert [round(r["marginal_profit"]) for r in data["curve"][1:]] == [10500, 10500, 6500, -1500]
    text = run(runner, "marginal", EXAMPLE2, "--group", "hunters", "--counts", "0..4")
    assert "flat maximum): 2..4" in text.output
    bad = run(runner, "marginal", EXAMPLE2, "--group", "bob", "--counts", "0..2")
    assert bad.exit_code == 2 and "known: anna" in bad.output
    assert run(runner, "marginal", EXAMPLE2, "--group", "hunters", "--counts", "0.5,1").exit_code == 2


def test_montecarlo_json_is_reproducible(runner):
    args = ("montecarlo", RANGED, "--samples", "4", "--seed", "9", "--workers", "1", "--no-tornado", "--json")
    first, second = run(runner, *args), run(runner, *args)
    assert first.exit_code == 0, first.output
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    a.pop("seconds"), b.pop("seconds")
    assert a == b
    assert a["samples"] == 4 and a["solves"] == 4 and a["status_counts"] == {"optimal": 4}
    assert set(a["summary"]) >= {"optimal_profit", "plan_profit", "regret"}
    assert [t["target"] for t in a["targets"]] == ["min_new_clients", "max_cost"]


def test_montecarlo_text_and_workbook(runner, tmp_path):
    out = tmp_path / "mc.xlsx"
    result = run(runner, "montecarlo", RANGED, "--samples", "3", "--workers", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "segments[growth].levels[standard].revenue_per_client" in result.output  # tornado, ids kept
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"samples", "summary", "targets", "tornado", "estimates"}
    assert len(sheets["samples"]) == 3


def test_montecarlo_exit_codes(runner, tmp_path):
    assert run(runner, "montecarlo", RANGED, "--samples", "0").exit_code == 2
    assert run(runner, "montecarlo", RANGED, "--seed", "-1").exit_code == 2
    assert run(runner, "montecarlo", RANGED, "--workers", "0").exit_code == 2
    impossible = tmp_path / "impossible.yaml"
    impossible.write_text(open(RANGED).read().replace("min_new_clients: 5", "min_new_clients: 500"))
    result = run(runner, "montecarlo", str(impossible), "--samples", "2", "--workers", "1")
    assert result.exit_code == 1, result.output


def test_compare_two_files(runner, tmp_path):
    result = run(runner, "compare", EXAMPLE1, EXAMPLE2, "--json")
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)["table"]
    assert round(table["profit"]["delta: Worked example 2"], 2) == 395000.0
    missing = run(runner, "compare", EXAMPLE1, str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "file not found" in missing.output
    impossible = tmp_path / "impossible.yaml"
    impossible.write_text(open(EXAMPLE2).read().replace("goal: {objective: profit}", "goal: {min_new_clients: 99}"))
    assert run(runner, "compare", EXAMPLE2, str(impossible)).exit_code == 1


def test_the_installed_command_runs_a_sweep(planner_cli):
    done = planner_cli("sweep", EXAMPLE1, "--set", "team.managers.anna.cost_per_person=4000,5000", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rows"]
    assert [round(r["profit"], 2) for r in rows] == [403142.86, 402142.86]


def test_a_sweep_in_an_80_column_terminal_keeps_every_column_and_whole_numbers(runner):
    """The issue's sweep across today's hunter count: four rows (bad input below today's
    min_count, infeasible, two plans); no number cut ("22,180…"), no column dropped, people whole."""
    from tests.paths import SCENARIOS

    result = runner.invoke(app, ["sweep", str(SCENARIOS / "default.yaml"), "--set", "team.hunters.max_count=0,1,2,3"],
                           env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "│" in line and line.split("│")[0].strip()]
    assert [line.split("│")[0].strip() for line in rows] == ["0", "1", "2", "3"]
    assert [line.split("│")[1].strip() for line in rows] == ["bad input", "infeasible", "optimal", "optimal"]
    plan_row = rows[2].split("│")
    assert plan_row[2].strip() == "22,180,921"
    assert [cell.strip() for cell in plan_row[-2:]] == ["2", "18"] and "headcount" in result.output
    assert "…" not in result.output
