"""Formatting of numbers for display, and read-only views of a Plan the pages share."""

from __future__ import annotations

from typing import Any

from typing import TYPE_CHECKING

from models import Scenario
from planner import formatting
from planner.ui.text import t

if TYPE_CHECKING:  # pragma: no cover
    from planner.plan import Plan

KPI_ORDER = ("revenue", "gross_margin", "cost", "profit", "new_clients", "hunters", "headcount")
MONEY_KPIS = {"revenue", "gross_margin", "cost", "profit"}
# A lower cost is better: its delta is coloured the other way round.
INVERSE_KPIS = {"cost"}
# More people or hours is neither good nor bad in itself: grey deltas.
NEUTRAL_KPIS = {"hunters", "headcount", "manager_hours_used"}


def delta_color(name: str) -> str:
    return "inverse" if name in INVERSE_KPIS else ("off" if name in NEUTRAL_KPIS else "normal")


def _currency(scenario: Scenario | None) -> str | None:
    return scenario.currency if scenario is not None and scenario.currency else None


def money(value: float, scenario: Scenario | None = None, *, signed: bool = False) -> str:
    """Money in the session's language with the scenario's currency (ru: `1 234 568 ₽`)."""
    return formatting.money(value, _currency(scenario), signed=signed)


def number(value: float, *, signed: bool = False, digits: int = 1) -> str:
    if abs(value - round(value)) < 1e-9:
        return formatting.number(value, 0, signed=signed)
    return formatting.number(value, digits, signed=signed)


def compact(value: float, *, signed: bool = False, currency: str | None = None) -> str:
    """134,077,177 -> 134.08 M; 26,650 -> 26.7 k (for cards, where width is short); ru: 134,08 млн."""
    return formatting.compact_money(value, currency, signed=signed)


def kpi_text(
    name: str, value: float, scenario: Scenario | None = None, *, signed: bool = False, short: bool = False
) -> str:
    if name in MONEY_KPIS:
        if short:
            return compact(value, signed=signed, currency=_currency(scenario))
        return money(value, scenario, signed=signed)
    return number(value, signed=signed)


def status_text(plan: "Plan") -> str:
    return t(f"status.{plan.status}")


def baseline_kpis(plan: "Plan") -> dict[str, float] | None:
    return dict(plan.baseline.kpis) if plan.baseline is not None else None


def display_frame(df: Any) -> Any:
    """Floats rounded for reading: large numbers to the unit, small ones (rates, hours) to 3 places."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            values = out[col].abs()
            big = values.max(skipna=True) if values.notna().any() else 0.0
            out[col] = out[col].round(0 if big >= 1000 else 3)
    return out


def show_table(df: Any, key: str, *, percent: tuple[str, ...] = (), **kwargs: Any) -> None:
    """`st.dataframe` of a result table: rounded, thousands separated, headings in words, ids in
    words (statuses, KPI and metric names), no index unless asked; `percent` columns (rates)
    shown as percentages."""
    import pandas as pd
    import streamlit as st

    from planner.headings import LABEL_COLUMNS, label
    from planner.headings import heading as column
    from planner.solve import status_text

    shown = display_frame(df)
    for col in shown.columns:  # ids in words: a solve's status, a KPI's or a metric's name
        if col == "status" or col in LABEL_COLUMNS:
            words = status_text if col == "status" else label
            shown[col] = shown[col].map(lambda v: words(v) if isinstance(v, str) else v)
    if shown.index.name in LABEL_COLUMNS:
        shown.index = shown.index.map(lambda v: label(v) if isinstance(v, str) else v)
    config: dict[str, Any] = {}
    for col in shown.columns:
        numeric = pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col])
        if col in percent:
            config[col] = st.column_config.NumberColumn(column(str(col)), format="percent")
        elif numeric:
            config[col] = st.column_config.NumberColumn(column(str(col)), format="localized")
        else:
            config[col] = st.column_config.Column(column(str(col)))
    config.update(kwargs.pop("column_config", {}))
    kwargs.setdefault("hide_index", True)
    st.dataframe(shown, key=key, width="stretch", column_config=config, **kwargs)
