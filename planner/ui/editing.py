"""Tables of scenario fields in `st.data_editor`, and applying their edited cells as a new
Scenario (only the cells the user changed are written, so ranges and unset fields survive)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd
import streamlit as st

from models import Range
from planner.ui import state
from planner.ui.text import column

# A cell setter: (scenario data, row label, new value) -> None, mutating the data in place.
Setter = Callable[[dict[str, Any], Any, Any], None]


@dataclass(frozen=True)
class Column:
    """One editable column: where its value lives in the scenario data, and its kind."""

    name: str
    setter: Setter
    kind: str = "float"  # float, int, text, list, estimate


def estimate_value(value: Any) -> float | None:
    if value is None:
        return None
    return float(value.likely) if isinstance(value, Range) else float(value)


def _same(a: Any, b: Any) -> bool:
    a, b = state.native(a), state.native(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(a)))
    return a == b


def convert(value: Any, kind: str) -> Any:
    value = state.native(value)
    if value is None:
        return None
    if kind == "int":
        return state.whole(value)
    if kind == "text":
        text = str(value).strip()
        return text or None
    if kind == "list":
        return [part.strip() for part in str(value).split(",") if part.strip()]
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            return value  # the schema names the field and says it must be a number
    if isinstance(value, (int, float)):
        return float(value)
    return value


def frame(rows: list[dict[str, Any]], index: str, numbers: tuple[str, ...]) -> pd.DataFrame:
    """An editor's table: numeric columns as floats (empty cells NaN), text columns as objects."""
    if not rows:
        return pd.DataFrame()
    df = pd.DataFrame(rows).set_index(index)
    return df.astype({c: "float64" for c in numbers if c in df.columns})


def set_field(container: dict[str, Any], field: str, value: Any) -> None:
    """Set `field`, or remove it when the cell was emptied (back to the default)."""
    if value is None:
        container.pop(field, None)
    else:
        container[field] = value


def set_estimate(container: dict[str, Any], field: str, value: Any) -> None:
    """A new planning value for an estimate: a range keeps its low and high around it."""
    old = container.get(field)
    if isinstance(old, dict) and value is not None:
        container[field] = {**old, "likely": value}
    else:
        set_field(container, field, value)


def changed_cells(base: pd.DataFrame, edited: pd.DataFrame, columns: dict[str, Column]) -> list[tuple[Any, str, Any]]:
    cells = []
    for label in base.index:
        for name in columns:
            old, new = base.at[label, name], edited.at[label, name]
            if not _same(old, new):
                cells.append((label, name, new))
    return cells


def editor_key(editor: str) -> str:
    """The widget key of a grid editor: new after every edit of the scenario (the grid redraws
    from the scenario, so no grid keeps a value the scenario refused or another editor changed).
    The current key is kept under `key.<editor>` (tests read it there)."""
    ss = st.session_state
    edits = int(ss.get(state.EDITS, 0))
    refused = int(ss.get("refused." + editor, 0))
    key = "w." + editor + (f"#{edits}.{refused}" if edits or refused else "")
    ss["key." + editor] = key
    return key


def _delta_cells(base: pd.DataFrame, delta: Any, columns: dict[str, Column]) -> list[tuple[Any, str, Any]]:
    """(row label, column, new value) of the cells a grid's edit state changed."""
    if not isinstance(delta, dict):
        return []
    edited = base.copy()
    for position, row in (delta.get("edited_rows") or {}).items():
        i = int(position)
        if not 0 <= i < len(base):
            continue
        for name, value in row.items():
            if name in edited.columns:
                edited[name] = edited[name].astype(object)
                edited.iat[i, edited.columns.get_loc(name)] = value
    return changed_cells(base, edited, columns)


def edit_table(
    editor: str,
    build: Callable[[], pd.DataFrame],
    columns: list[Column],
    *,
    column_config: dict[str, Any] | None = None,
    disabled: list[str] | None = None,
) -> pd.DataFrame:
    """Show an editor of scenario fields and apply its changed cells to the working scenario.

    The edit is applied before the grid draws: an accepted edit redraws the grid from the new
    scenario, a refused one redraws it from the old (with the reason under it), so the grid
    never shows a value the scenario does not hold."""
    ss = st.session_state
    key = editor_key(editor)
    base = state.editor_base(key, build)
    by_name = {c.name: c for c in columns}
    cells = _delta_cells(base, ss.get(key), by_name)
    if cells:

        def change(data: dict[str, Any]) -> None:
            for label, name, value in cells:
                column = by_name[name]
                column.setter(data, label, convert(value, column.kind))

        if not state.edit_scenario(editor, change):
            ss["refused." + editor] = int(ss.get("refused." + editor, 0)) + 1
        for old in (key, "base." + key):
            ss.pop(old, None)
        key = editor_key(editor)
        base = state.editor_base(key, build)
    else:
        state.clear_errors(editor)
    config = dict(column_config or {})
    for name in base.columns:
        entry = dict(config.get(name) or st.column_config.Column())
        entry["label"] = column(name)
        config[name] = entry
    if base.index.name:  # the row labels (ids) are read-only and headed like the others
        config["_index"] = st.column_config.Column(column(base.index.name))
    edited = st.data_editor(
        base,
        key=key,
        num_rows="fixed",
        disabled=disabled or [],
        column_config=config,
        width="stretch",
        placeholder="–",  # an unset field (its default applies) reads "–", never "None"
    )
    state.show_errors(editor)
    return edited
