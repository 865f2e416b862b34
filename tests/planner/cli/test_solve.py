"""`planner solve` through the real entry point: output, JSON contract, exports, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl

from planner.export import SHEETS, TITLES
from tests.workbooks import read_sheets
import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.paths import FIXTURES

PLANNER = Path(sys.executable).parent / "planner"
runner = CliRunner()


def run_planner(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PLANNER), *args], capture_output=True, text=True, timeout=120)


def test_json_is_exactly_the_contract_object_on_stdout():
    """A real process: stdout must be one JSON object (no solver banner), exit 0."""
    proc = run_planner("solve", str(FIXTURES / "example2.yaml"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for key in ("status", "objective", "kpis", "baseline", "allocations", "segments", "groups", "prospects",
                "shadow_prices"):
        assert key in data
    assert data["status"] == "optimal"
    assert set(data["kpis"]) == {"revenue", "gross_margin", "cost", "profit", "new_clients", "hunters",
                                 "headcount", "manager_hours_used"}
    assert data["objective"] == pytest.approx(798_142.857142857, abs=1e-3)
    assert data["kpis"]["hunters"] == 3 and data["kpis"]["new_clients"] == pytest.approx(20)
    assert set(data["baseline"]["kpis"]) == set(data["kpis"])
    assert all(set(a) >= {"group", "segment", "level", "clients", "hours"} for a in data["allocations"])
    assert sum(a["clients"] for a in data["allocations"]) == pytest.approx(40)
    assert sum(a["hours"] for a in data["allocations"]) == pytest.approx(140)
    assert data["shadow_prices"]["hours"]["anna"] == pytest.approx(357.142857, abs=1e-4)


def test_infeasible_prints_diagnosis_and_exits_1():
    proc = run_planner("solve", str(FIXTURES / "infeasible_coverage.yaml"))
    assert proc.returncode == 1
    assert "min_coverage 0.8 needs 1,120 h of key_account-skilled managers" in proc.stderr
    assert "lower it to 0.30 or add 700 h" in proc.stderr


def test_infeasible_json_carries_status_and_diagnosis():
    result = runner.invoke(app, ["solve", str(FIXTURES / "infeasible_coverage.yaml"), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["status"] == "infeasible"
    assert data["diagnosis"]["items"][0]["path"] == "segments[key].min_coverage"  # a --set path: ids in brackets


def test_rich_summary_has_kpis_baseline_and_shadow_prices():
    result = runner.invoke(app, ["solve", str(FIXTURES / "example1.yaml")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "403,143" in out and "396,000" in out  # plan profit and even-spread baseline profit
    assert "one more hour of anna is worth 357.14 per month" in out
    assert "key/full earns 357 per extra hour over standard, the 357 an hour of anna is worth" in out


def test_bad_input_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((FIXTURES / "example1.yaml").read_text().replace("clients: 40", "clients: -4"))
    result = runner.invoke(app, ["solve", str(bad)])
    assert result.exit_code == 2
    assert "segments[0].clients" in result.stderr
    result = runner.invoke(app, ["solve", str(FIXTURES / "example1.yaml"), "--solver", "gurobi"])
    assert result.exit_code == 2


def test_cbc_gives_the_same_plan():
    result = runner.invoke(app, ["solve", str(FIXTURES / "example2.yaml"), "--json", "--solver", "cbc"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["objective"] == pytest.approx(798_142.857142857, abs=1e-3)


def test_out_xlsx_and_csv_folder(tmp_path):
    xlsx = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["solve", str(FIXTURES / "example2.yaml"), "--out", str(xlsx)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(xlsx)
    assert [TITLES[k] for k in SHEETS] == wb.sheetnames
    alloc = read_sheets(xlsx, ["group", "segment", "level", "clients", "hours"])[TITLES["allocation"]]
    assert list(alloc.columns[:5]) == ["group", "segment", "level", "clients", "hours"]
    assert alloc["clients"].sum() == pytest.approx(40)
    assert wb[TITLES["allocation"]].cell(row=len(alloc) + 2, column=4).data_type == "f"  # the totals row
    folder = tmp_path / "plan"
    result = runner.invoke(app, ["solve", str(FIXTURES / "example2.yaml"), "--out", str(folder)])
    assert result.exit_code == 0
    assert (folder / "allocation.csv").read_text().startswith("group,segment,level,clients,hours")
    assert "playbook.csv" in {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("lang, scenario", [("en", "default.yaml"), ("ru", "ru-distributor.yaml")])
def test_an_80_column_terminal_cuts_no_name_or_number(lang, scenario):
    """Every table of the summary keeps whole group names and numbers in a narrow terminal (rich
    would print "account_man…"), and whole people as whole numbers."""
    from tests.paths import SCENARIOS

    result = runner.invoke(app, ["--lang", lang, "solve", str(SCENARIOS / scenario)],
                           env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    if lang == "en":
        assert "account_managers" in result.output and "22,396,821\u00a0RUB" in result.output
        hunters = next(line for line in result.output.splitlines() if line.strip().startswith("hunters"))
        assert [cell.strip() for cell in hunters.split("│")[1:]] == ["4", "2", "+2"]
