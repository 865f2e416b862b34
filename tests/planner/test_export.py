"""The plan workbook and CSV folder: every sheet, the playbook of work algorithms, numbers."""

from __future__ import annotations

import openpyxl
import pytest

from planner.errors import InputError
from planner.export import SHEETS, TITLES, export_plan, plan_sheets, playbook_table
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, scenario_dir
from tests.paths import DEFAULT, FIXTURES
from tests.workbooks import read_sheets


@pytest.fixture(scope="module")
def plan():
    return plan_scenario(load_scenario(DEFAULT), base_dir=scenario_dir(DEFAULT))


def test_the_workbook_has_every_sheet_with_the_plans_numbers(plan, tmp_path):
    path = export_plan(plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [TITLES[s] for s in SHEETS]
    sheets = read_sheets(path, list(plan.allocations.columns) + list(plan.groups.columns))
    alloc = sheets[TITLES["allocation"]]
    assert alloc["clients"].sum() == pytest.approx(plan.allocations["clients"].sum())
    money = wb[TITLES["segments"]]["L2"]  # revenue of the first segment
    assert money.data_type == "n" and "RUB" in money.number_format


def test_the_playbook_lists_every_level_with_its_work_algorithm(plan):
    book = playbook_table(plan)
    levels = sum(len(s.levels) for s in plan.scenario.segments)
    assert len(book) == levels
    row = book[(book["segment"] == "key_strategic") & (book["level"] == "programme")].iloc[0]
    assert row["channel"] == "visit" and "annual contract" in row["terms"]
    assert book["plan_clients"].sum() == pytest.approx(plan.segment_levels["clients"].sum())


def test_csv_folder_and_a_bad_target(plan, tmp_path):
    export_plan(plan, tmp_path / "csv")
    assert {p.stem for p in (tmp_path / "csv").iterdir()} == set(plan_sheets(plan))
    with pytest.raises(InputError) as err:
        export_plan(plan, tmp_path / "plan.pdf")
    assert err.value.problems[0].path == "--out"
    assert str(tmp_path) not in err.value.render()  # no server path in the message


def test_a_small_plan_exports_too(tmp_path):
    plan = plan_scenario(load_scenario(FIXTURES / "example1.yaml"))
    assert export_plan(plan, tmp_path / "p.xlsx").is_file()
