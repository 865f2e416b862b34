"""Writing the books: one workbook (summary, people, a sheet per person, transfers, the clients
left to automation, integer vs plan, conflicts) or a folder of CSV files, through
`planner.workbook` (formats, headings in words, no user text as a formula)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from planner.books.report import Books
from planner.books.text import TEXT
from planner.errors import InputError, Problem

def sheet_names(names: list[str], reserved: tuple[str, ...] = ()) -> list[str]:
    """Excel-safe, unique sheet names (planner.workbook.sheet_titles)."""
    from planner.workbook import sheet_titles

    return sheet_titles(names, reserved)


def _summary_frame(books: Books) -> pd.DataFrame:
    a = books.assignments
    change = a["change"].value_counts()
    rows = [
        (TEXT["sum.clients"], len(a)),
        (TEXT["sum.with_person"], int(a["person"].notna().sum())),
        (TEXT["sum.automated"], int((a["person"].isna() & a["level"].notna()).sum())),
        (TEXT["sum.not_served"], int(a["level"].isna().sum())),
        (TEXT["sum.moves"], books.moves),
        (TEXT["sum.minimal_moves"], books.minimal_moves),
        (TEXT["sum.transfers"], int(change.get("moved", 0))),
        (TEXT["sum.released"], int(change.get("released", 0))),
        (TEXT["sum.new"], int(change.get("new", 0))),
        (TEXT["sum.kept"], int(change.get("kept", 0))),
        (TEXT["sum.locked"], int(a["locked"].sum())),
        (TEXT["sum.revenue_moved"], books.revenue_moved),
        (TEXT["sum.revenue_all"], float(a["revenue"].sum())),
        (TEXT["sum.idle"], len(books.idle)),
        (TEXT["sum.over"], len(books.over_hours)),
    ]
    frame = pd.DataFrame(rows, columns=["item", "value"])
    frame["people"] = [None] * (len(rows) - 2) + ["; ".join(books.idle) or None, "; ".join(books.over_hours) or None]
    return frame


# Columns of `Books.assignments` that are the planner's; any other is a detail of the client table.
OWN_COLUMNS = ("client", "name", "segment", "level", "person", "group", "previous_person", "moved", "kept", "locked",
               "change", "value", "revenue", "hours", "planned_revenue")


def detail_columns(books: Books) -> list[str]:
    """The client table's columns carried into the books (criteria), in table order."""
    return [c for c in books.assignments.columns if c not in OWN_COLUMNS]


def _in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet's ids in words: a client's change, a KPI's name (the data keeps the ids)."""
    from planner.headings import label

    out = frame
    if "change" in frame.columns:
        out = out.assign(change=frame["change"].map(lambda v: TEXT[f"change.{v}"] if f"change.{v}" in TEXT else v))
    if "status" in frame.columns:
        out = out.assign(status=frame["status"].map(lambda v: TEXT[f"status.{v}"] if f"status.{v}" in TEXT else v))
    if "kpi" in frame.columns:
        out = out.assign(kpi=frame["kpi"].map(lambda v: label(v) if isinstance(v, str) else v))
    return out


def check_out_path(out: str | os.PathLike[str]) -> Path:
    """`out` as a Path if it names a .xlsx workbook or a folder (existing or not), else InputError."""
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix != ".xlsx" and (suffix in {".xls", ".xlsm", ".csv", ".json", ".txt"} or target.is_file()):
        raise InputError(Problem("--out", TEXT["bad_out"].format(out=target.name)))
    return target


def write_books(books: Books, out: str | os.PathLike[str], currency: str | None = None) -> list[Path]:
    """`.xlsx` -> one workbook (summary, people, a sheet per person, transfers, automated or not
    served, integer vs plan, conflicts); anything else -> a folder of CSV files. Atomic; no
    text from the client table becomes a formula (planner.workbook)."""
    from planner.workbook import write_csv_folder, write_workbook

    target = check_out_path(out)
    if target.suffix.lower() == ".xlsx":
        return [write_workbook(target, books_sheets(books), currency)]
    tables = {
        "summary": _summary_frame(books),
        "people": books.people,
        "assignments": books.assignments,
        "transfers": books.transfers,
        "not_managed": books.not_managed,
        "counts": books.counts,
        "kpis": books.kpis,
        "conflicts": pd.DataFrame({"conflict": list(books.conflicts)}),
    }
    return write_csv_folder(target, tables)


def books_sheets(books: Books) -> list:
    from planner.workbook import Sheet

    fixed = (TEXT["sheet_summary"], TEXT["sheet_people"], TEXT["sheet_transfers"], TEXT["sheet_unassigned"],
             TEXT["sheet_kpis"], TEXT["sheet_conflicts"])
    persons = books.people["person"].tolist()
    names = sheet_names(persons, reserved=fixed)
    a = books.assignments
    cols = ["client", *(["name"] if "name" in a else []), "segment", "level", "previous_person", "change", "locked",
            "value", "revenue", "hours", "planned_revenue", *detail_columns(books)]
    by_person = {p: rows for p, rows in a.loc[a["person"].notna(), ["person", *cols]].groupby("person", sort=False)}
    empty = a.iloc[0:0][cols]
    summary = _summary_frame(books)
    money = {TEXT["sum.revenue_moved"], TEXT["sum.revenue_all"]}
    kinds = ["money" if item in money else "count" for item in summary["item"]]
    sheets = [Sheet(TEXT["sheet_summary"], summary, row_kinds={"value": kinds}),
              Sheet(TEXT["sheet_people"], _in_words(books.people), totals=True)]
    for person, sheet in zip(persons, names):
        sheets.append(Sheet(sheet, _in_words(by_person[person][cols] if person in by_person else empty), totals=True))
    sheets += [
        Sheet(TEXT["sheet_transfers"], _in_words(books.transfers), totals=True),
        Sheet(TEXT["sheet_unassigned"], books.not_managed[["client", *(["name"] if "name" in a else []), "segment",
                                                            "level", "previous_person", "value", "revenue"]],
              totals=True),
        Sheet(TEXT["sheet_kpis"], _in_words(books.kpis), kinds={"plan": "money", "integer": "money", "difference": "money",
                                                      "with_locks": "money"}),
        Sheet(TEXT["sheet_conflicts"], pd.DataFrame({"conflict": list(books.conflicts)})),
    ]
    return sheets


__all__ = ["books_sheets", "check_out_path", "sheet_names", "write_books"]
