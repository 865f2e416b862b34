"""Workbooks and CSV files to send: every table the planner exports, written one way.

A `Sheet` is a labelled table plus how to show it. `write_workbook` writes sheets into an
.xlsx (openpyxl, write-only: fast at 100,000 rows) with headings in words (`planner.headings`),
numbers stored as numbers with a format per kind (money in the scenario's currency, rates as
%, counts as whole numbers unless the plan truly splits a client, hours with one decimal),
column widths, a frozen heading row, a filter, and on request a totals row of `SUBTOTAL`
formulas (they follow the filter). `csv_text` writes one table as CSV.

Text that comes from a user's table or scenario is never a formula: a workbook cell holding
text is typed as text, and in CSV a value that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading `'` (OWASP, "CSV injection"). The only formulas in a workbook
are the planner's own totals.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner import headings
from planner.fileio import write_atomic
from planner.i18n import N_, catalogue, language

TEXT = catalogue({"total": N_("Total")})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH, MIN_WIDTH = 60, 8
SAMPLE_ROWS = 500


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title (shortened and made unique on writing), its table, the kind of
    each column where `planner.headings.kind` would guess wrong, and whether to add totals."""

    title: str
    frame: pd.DataFrame
    kinds: Mapping[str, str] = field(default_factory=dict)
    totals: bool = False
    headings: Mapping[str, str] = field(default_factory=dict)
    # a column whose rows hold different kinds of number (a summary's `value`): a kind per row
    row_kinds: Mapping[str, Sequence[str | None]] = field(default_factory=dict)


def sheet_titles(names: Sequence[str], reserved: Sequence[str] = ()) -> list[str]:
    """Excel-safe sheet names: no []:*?/\\, not blank, at most 31 characters, unique ignoring
    case (also against `reserved`), and never Excel's reserved 'History'."""
    import re

    bad = re.compile(r"[\[\]:*?/\\]")
    taken = {r.lower() for r in reserved} | {"history"}
    out = []
    for name in names:
        base = bad.sub("_", str(name)).strip("' ") or "sheet"
        base = base[:31]
        candidate, k = base, 1
        while candidate.lower() in taken:
            k += 1
            suffix = f"~{k}"
            candidate = base[: 31 - len(suffix)] + suffix
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _currency_symbol(currency: str | None) -> str | None:
    if not currency:
        return None
    if language() == "en":
        return currency
    try:
        from babel.numbers import get_currency_symbol

        return get_currency_symbol(currency, locale=language())
    except Exception:  # noqa: BLE001 - an unknown code shows as written
        return currency


def number_format(kind: str, values: np.ndarray, currency: str | None) -> str | None:
    """Excel's number format for a column of `kind` (None: leave it General)."""
    if kind == "money":
        symbol = _currency_symbol(currency)
        return f'#,##0\\ "{symbol}"' if symbol else "#,##0"
    if kind == "percent":
        return "0.0%"
    if kind == "count":
        finite = values[np.isfinite(values)] if values.size else values
        whole = finite.size == 0 or bool(np.all(np.abs(finite - np.round(finite)) < 1e-6))
        return "#,##0" if whole else "#,##0.0"
    if kind == "hours":
        return "#,##0.0"
    if kind == "rate":
        return "0.0###"
    if kind == "number":  # whole numbers without a stray decimal mark ("12." is what #,##0.## shows)
        finite = values[np.isfinite(values)] if values.size else values
        whole = finite.size == 0 or bool(np.all(np.abs(finite - np.round(finite)) < 1e-9))
        return "#,##0" if whole else "#,##0.0##"
    if kind == "scientific":
        return "0.0E+00"
    return None


def _plain(value: Any) -> Any:
    """A cell value: Python scalars, None for missing, text for sequences and mappings."""
    if value is None:
        return None
    if isinstance(value, (np.generic,)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _column_letter(k: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(k)


def _write_sheet(wb: Any, title: str, sheet: Sheet, currency: str | None) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(title=title)
    frame = sheet.frame
    columns = [str(c) for c in frame.columns]
    kinds, formats, numeric = [], [], []
    for name in columns:
        series = frame[name]
        is_number = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        k = sheet.kinds.get(name, headings.kind(name) if is_number else "text")
        values = series.to_numpy(dtype=float, na_value=np.nan) if is_number else np.zeros(0)
        kinds.append(k)
        numeric.append(is_number)
        formats.append(number_format(k, values, currency) if is_number else None)
    titles = [sheet.headings.get(name, headings.heading(name)) for name in columns]
    # widths from the headings and a sample of the values as they will read
    for k, (name, head) in enumerate(zip(columns, titles), start=1):
        sample = frame[name].head(SAMPLE_ROWS)
        longest = max([len(head)] + [len(_width_text(_plain(v))) for v in sample.tolist()])
        ws.column_dimensions[_column_letter(k)].width = max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for head in titles:
        cell = WriteOnlyCell(ws, value=head)
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = wrap
        header.append(cell)
    ws.append(header)
    rows = 0
    per_row = [sheet.row_kinds.get(name) for name in columns]
    for row in frame.itertuples(index=False, name=None):
        out = []
        for value, fmt, is_number, row_kind in zip(row, formats, numeric, per_row):
            value = _plain(value)
            if row_kind is not None and rows < len(row_kind) and row_kind[rows] and _is_number(value):
                fmt = number_format(row_kind[rows], np.array([float(value)]), currency)
            if value is None:
                out.append(None)
            elif isinstance(value, str):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text, never a formula
                out.append(cell)
            elif fmt is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = fmt
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
        rows += 1
    last = _column_letter(max(1, len(columns)))
    ws.auto_filter.ref = f"A1:{last}{rows + 1}"
    if sheet.totals and rows:
        totals = []
        label_done = False
        for k, (kind, fmt, is_number) in enumerate(zip(kinds, formats, numeric), start=1):
            if is_number and kind in ("money", "count", "hours"):
                col = _column_letter(k)
                cell = WriteOnlyCell(ws, value=f"=SUBTOTAL(109,{col}2:{col}{rows + 1})")
                cell.number_format = fmt or "General"
                cell.font = bold
                totals.append(cell)
            elif not label_done and not is_number:
                cell = WriteOnlyCell(ws, value=TEXT["total"])
                cell.data_type = "s"
                cell.font = bold
                totals.append(cell)
                label_done = True
            else:
                totals.append(None)
        ws.append(totals)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _width_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def workbook_bytes(sheets: Sequence[Sheet], currency: str | None = None) -> bytes:
    """The sheets as one .xlsx workbook, in memory."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, sheet in zip(sheet_titles([s.title for s in sheets]), sheets):
        _write_sheet(wb, title, sheet, currency)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[Sheet], currency: str | None = None) -> Path:
    """Write the sheets as an .xlsx atomically (nothing the user had is lost on a failure)."""
    write_atomic(path, workbook_bytes(sheets, currency))
    return Path(path)


def safe_csv_value(value: Any) -> Any:
    """A CSV value a spreadsheet will not run: text that starts like a formula gets a `'`."""
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, *, words: bool = False) -> str:
    """One table as CSV text, every text cell formula-safe (`words`: headings in words)."""
    safe = frame.copy()
    for col in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[col]) and not pd.api.types.is_bool_dtype(safe[col])):
            safe[col] = safe[col].map(safe_csv_value).astype(object)
    if words:
        safe.columns = [headings.heading(str(c)) for c in safe.columns]
    else:
        safe.columns = [safe_csv_value(str(c)) for c in safe.columns]
    return safe.to_csv(index=False)


def write_csv_folder(folder: str | os.PathLike[str], tables: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Each table as `<name>.csv` in `folder`, written atomically."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = target / (name if name.endswith(".csv") else f"{name}.csv")
        write_atomic(path, csv_text(frame))
        written.append(path)
    return written


__all__ = ["FORMULA_START", "Sheet", "csv_text", "number_format", "safe_csv_value", "sheet_titles", "workbook_bytes",
           "write_csv_folder", "write_workbook"]
