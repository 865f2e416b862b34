"""Books a manager can use, on the 500-client 1C export: names and criterion columns in every
book, a sheet per person named by the person, idle and over-hours people flagged, locks from
the scenario (pinned to any person), the continuity price and its moves-vs-profit trade-off,
and workbooks whose cells are numbers with formats."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from planner.books import write_books
from planner.export import export_plan
from planner.optimise import plan_scenario
from planner.plan_books import books_for_scenario, continuity_tradeoff
from planner.scenario_io import load_scenario, scenario_from_data, scenario_to_data
from tests.paths import ROOT

OWN = ROOT / "tests" / "fixtures" / "own_data"
DEFAULT = ROOT / "scenarios" / "default.yaml"
NUMBER_TEXT = re.compile(r"^\s*[-+]?\d[\d\s\u00a0]*([.,]\d+)?\s*%?\s*$")


@pytest.fixture(scope="module")
def own():
    scenario = load_scenario(OWN / "scenario.yaml")
    return scenario, books_for_scenario(scenario, OWN)


def _cells(path):
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                yield ws.title, cell


def test_books_carry_each_clients_name_and_criterion_columns(own):
    scenario, books = own
    raw = pd.read_csv(OWN / "clients_1c.csv", sep=";", encoding="cp1251", decimal=",", dtype={"Код клиента": str})
    a = books.assignments.set_index("client")
    names = raw.set_index("Код клиента")["Клиент"]
    assert (a.loc[names.index, "name"] == names).all()
    for column in ("Регион", "Тип клиента", "Доля просрочки"):
        expected = raw.set_index("Код клиента")[column]
        assert (a.loc[expected.index, column] == expected).all(), column


def test_idle_people_are_flagged_in_the_result_and_the_workbook(own, tmp_path):
    _, books = own
    people = books.people.set_index("person")
    assert books.idle == people.index[people["clients"] == 0].tolist() and books.idle
    assert (people.loc[books.idle, "status"] == "idle").all() and books.over_hours == []
    out = tmp_path / "books.xlsx"
    write_books(books, out, "RUB")
    wb = load_workbook(out)
    summary = {r[0]: r[1:] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["people with an empty book"] == (len(books.idle), "; ".join(books.idle))
    statuses = [r[2] for r in wb["People"].iter_rows(min_row=2, values_only=True) if r[0] in books.idle]
    assert statuses == ["empty book"] * len(books.idle)


def test_a_sheet_per_person_with_client_names_and_formatted_numbers(own, tmp_path):
    scenario, books = own
    out = tmp_path / "books.xlsx"
    write_books(books, out, scenario.currency)
    wb = load_workbook(out)
    for person in books.people["person"]:
        assert person in wb.sheetnames
    ws = wb["Смирнова"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["client", "name"] and "Регион" in header
    mine = books.assignments[books.assignments["person"] == "Смирнова"]
    assert sorted(r[1] for r in ws.iter_rows(min_row=2, max_row=ws.max_row - 1, values_only=True)) == sorted(mine["name"])
    row = {h: c for h, c in zip(header, ws[2])}
    assert row["revenue"].number_format == '#,##0\\ "RUB"' and isinstance(row["revenue"].value, (int, float))
    total = {h: c.value for h, c in zip(header, ws[ws.max_row])}
    assert total["client"] == "Total" and total["revenue"].startswith("=SUBTOTAL(109,")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    people = wb["People"]
    cols = {c.value: k for k, c in enumerate(people[1])}
    first = people[2]
    assert first[cols["utilisation"]].number_format == "0.0%"
    assert first[cols["clients"]].number_format == "#,##0" and isinstance(first[cols["clients"]].value, int)
    assert all(people.column_dimensions[c].width >= 8 for c in "ABC")
    for title, cell in _cells(out):
        if isinstance(cell.value, str) and not cell.value.startswith("="):
            assert not NUMBER_TEXT.match(cell.value), (title, cell.coordinate, cell.value)
        if isinstance(cell.value, float):
            assert cell.number_format != "General", (title, cell.coordinate)


def test_the_plan_workbook_has_formats_on_money_rates_and_counts(tmp_path):
    scenario = load_scenario(OWN / "scenario.yaml")
    out = tmp_path / "plan.xlsx"
    export_plan(plan_scenario(scenario, base_dir=OWN), out)
    wb = load_workbook(out)
    summary = {r[0].value: r[1] for r in wb["Summary"].iter_rows(min_row=2)}
    assert summary["profit"].number_format == '#,##0\\ "RUB"' and summary["hunters"].number_format == "#,##0"
    groups = wb["Groups"]
    cols = {c.value: k for k, c in enumerate(groups[1])}
    assert groups[2][cols["utilisation"]].number_format == "0.0%"
    for title, cell in _cells(out):
        if isinstance(cell.value, str) and not cell.value.startswith("="):
            assert not NUMBER_TEXT.match(cell.value), (title, cell.coordinate, cell.value)
        if isinstance(cell.value, float):
            assert cell.number_format != "General", (title, cell.coordinate)


def test_a_scenario_lock_pins_a_client_to_another_person(tmp_path):
    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    free = books_for_scenario(scenario_from_data(data), OWN)
    a = free.assignments
    client = a.loc[(a["person"] == "Кузнецова") & (a["segment"] == "стройка"), "client"].iloc[0]
    data["clients"]["locks"] = {client: "Попов", "нет-такого": "Попов"}
    books = books_for_scenario(scenario_from_data(data), OWN)
    row = books.assignments.set_index("client").loc[client]
    assert row["person"] == "Попов" and bool(row["locked"])
    assert any("нет-такого" in c for c in books.conflicts)


def test_the_continuity_price_trades_moves_for_profit():
    scenario = load_scenario(DEFAULT)
    base = DEFAULT.parent
    table = continuity_tradeoff(scenario, base, [1000, 5000])
    assert table["price"].tolist() == [0.0, 1000.0, 5000.0]
    assert table["kept"].is_monotonic_increasing and table["kept"].iloc[-1] > 0
    assert table["moves"].iloc[-1] < table["moves"].iloc[0]
    assert table["profit_change"].iloc[0] == 0 and (table["profit_change"] <= 1e-6).all()


def test_the_scenarios_continuity_price_keeps_owners_in_the_books():
    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    data["clients"]["continuity_price"] = 1.0
    scenario = scenario_from_data(data)
    books = books_for_scenario(scenario, OWN)
    table = continuity_tradeoff(scenario, OWN, [1.0])
    assert books.moves == table.set_index("price").loc[1.0, "moves"] < table["moves"].iloc[0]
    assert any("continuity price" in c for c in books.conflicts)
