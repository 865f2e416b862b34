"""Workbooks and CSV files to send: numbers as numbers with formats, headings in words, totals,
and no text from the user's data ever a formula (OWASP CSV injection)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from planner.books import PlanCounts, books_sheets, build_books
from planner.export import workbook_sheets
from planner.i18n import using
from planner.optimise import plan_scenario
from planner.scenario_io import loads_scenario
from planner.workbook import Sheet, csv_text, safe_csv_value, workbook_bytes

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "=HYPERLINK(\"http://x\",\"y\")", "\t=1", "plain"]

SCENARIO = """
schema_version: 1
name: hostile names
currency: RUB
segments:
  - id: s
    name: '=HYPERLINK("http://evil.example","click")'
    clients: 3
    margin: 0.5
    levels:
      - {id: call, name: '+cmd', hours_per_client: 1, revenue_per_client: 1000, offer: ['=1+1', '@x']}
team:
  managers:
    - {id: anna, hours: 10, people: [anna], cost_per_person: 100}
"""


def _formulas(book: bytes) -> list[tuple[str, str, str]]:
    wb = openpyxl.load_workbook(io.BytesIO(book))
    return [(ws.title, cell.coordinate, str(cell.value)) for ws in wb for row in ws.iter_rows() for cell in row
            if cell.data_type == "f"]


def test_text_that_looks_like_a_formula_is_text_in_a_workbook():
    frame = pd.DataFrame({"client": HOSTILE, "revenue": range(len(HOSTILE))})
    book = workbook_bytes([Sheet("t", frame, totals=True)], "RUB")
    formulas = _formulas(book)
    assert formulas == [("t", "B9", "=SUBTOTAL(109,B2:B8)")]  # only the planner's own total
    ws = openpyxl.load_workbook(io.BytesIO(book))["t"]
    assert [ws.cell(row=r, column=1).value for r in range(2, 9)] == HOSTILE


def test_the_plan_workbook_has_no_formula_but_its_totals():
    plan = plan_scenario(loads_scenario(SCENARIO))
    book = workbook_bytes(workbook_sheets(plan), plan.scenario.currency)
    assert all(value.startswith("=SUBTOTAL(109,") for _, _, value in _formulas(book))
    wb = openpyxl.load_workbook(io.BytesIO(book))
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://evil.example","click")' in texts and "+cmd" in texts


def test_the_books_workbook_has_no_formula_but_its_totals():
    scenario = loads_scenario(SCENARIO)
    clients = pd.DataFrame({"client": HOSTILE[:3], "segment": ["s"] * 3, "revenue": [10.0, 20.0, 30.0],
                            "value": [10.0, 20.0, 30.0], "current_person": ["anna", None, "anna"],
                            "locked": [False, False, False]})
    counts = PlanCounts(pd.DataFrame({"group": ["anna"], "segment": ["s"], "level": ["call"], "clients": [3.0]}),
                        {"anna": 1})
    books = build_books(scenario, clients, counts)
    book = workbook_bytes(books_sheets(books), "RUB")
    assert _formulas(book) and all(value.startswith("=SUBTOTAL(109,") for _, _, value in _formulas(book))


def test_csv_text_quotes_formula_starts():
    assert [safe_csv_value(v) for v in HOSTILE] == ["'" + v for v in HOSTILE[:-1]] + ["plain"]
    text = csv_text(pd.DataFrame({"client": HOSTILE, "x": [-1.5] * len(HOSTILE)}))
    rows = pd.read_csv(io.StringIO(text))
    assert all(not str(v).startswith(("=", "+", "-", "@", "\t")) for v in rows["client"])
    assert (rows["x"] == -1.5).all()  # negative numbers stay numbers


def test_numbers_are_numbers_with_formats_and_headings_are_words():
    frame = pd.DataFrame({"group": ["a", "b"], "revenue": [1234567.891, 10.0], "utilisation": [0.5, 1.0],
                          "clients": [3.0, 4.0], "hours": [1.25, 2.5]})
    with using("en"):
        ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([Sheet("t", frame)], "RUB")))["t"]
    assert [c.value for c in ws[1]] == ["group", "revenue", "utilisation", "clients", "hours"]
    row = ws[2]
    assert row[1].data_type == "n" and row[1].number_format == '#,##0\\ "RUB"'
    assert row[2].number_format == "0.0%" and row[3].number_format == "#,##0" and row[4].number_format == "#,##0.0"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E3"
    with using("ru"):
        ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([Sheet("t", frame)], "RUB")))["t"]
    assert [c.value for c in ws[1]] == ["группа", "выручка", "загрузка", "клиенты", "часы"]
    assert ws[2][1].number_format == '#,##0\\ "₽"'


@pytest.mark.parametrize("values, fmt", [([1.0, 2.0], "#,##0"), ([1.5, 2.0], "#,##0.0")])
def test_counts_are_whole_unless_the_plan_splits_a_client(values, fmt):
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes([Sheet("t", pd.DataFrame({"clients": values}))])))["t"]
    assert ws["A2"].number_format == fmt
