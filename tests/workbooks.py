"""Reading the planner's workbooks back in tests: headings in words -> column ids, the totals
row dropped, so a sheet compares with the table it was written from."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from planner.headings import HEADINGS, heading
from planner.workbook import TEXT


def _ids(columns, known: list[str]) -> list[str]:
    back = {heading(c): c for c in known}
    back.update({heading(c): c for c in HEADINGS})
    for c in known:  # the table's own names first: "hours" is also a heading of others
        back[heading(c)] = c
    return [back.get(str(c), str(c)) for c in columns]


def read_sheets(source: Path | bytes, known: list[str] | None = None) -> dict[str, pd.DataFrame]:
    data = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    sheets = pd.read_excel(data, sheet_name=None)
    out = {}
    for name, frame in sheets.items():
        if len(frame) and (frame.iloc[-1].astype(str) == str(TEXT["total"])).any():
            frame = frame.iloc[:-1]
        frame = frame.copy()
        frame.columns = _ids(frame.columns, known or [])
        out[name] = frame.reset_index(drop=True)
    return out
