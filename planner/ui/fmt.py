"""Formatting of numbers for display, and read-only views of a Plan the pages share."""

from __future__ import annotations

from typing import Any

from typing import TYPE_CHECKING

from models import Scenario
from planner import formatting
from planner.ui.text import t

if TYPE_CHECKING:  # pragma: no cover
    from planner.plan import Plan

MISSING = "–"  # how an absent value (no limit, not applicable) is shown
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
    if abs(value - round(value)) < 1e-6:
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


def card_label(name: str, scenario: Scenario | None = None) -> str:
    """A KPI card's label; a money KPI carries the currency here (`Revenue, RUB`), so that the
    card's short number (`134.25 M`) is never cut off."""
    label = t(f"plan.kpi.{name}")
    currency = _currency(scenario)
    if name in MONEY_KPIS and currency:
        return f"{label}, {currency_symbol(currency)}"
    return label


def currency_symbol(currency: str) -> str:
    """RUB in English, ₽ in Russian (Babel's symbol of the session's language)."""
    from babel.numbers import get_currency_symbol

    from planner.i18n import language

    return currency if language() == "en" else get_currency_symbol(currency, locale=language())


def card_value(name: str, value: float, *, signed: bool = False) -> str:
    """A KPI card's number: money short and without the currency (the label has it)."""
    return kpi_text(name, value, None, signed=signed, short=True)


def status_text(plan: "Plan") -> str:
    return t(f"status.{plan.status}")


def baseline_kpis(plan: "Plan") -> dict[str, float] | None:
    return dict(plan.baseline.kpis) if plan.baseline is not None else None


def _significant(value: float, digits: int = 4) -> float:
    """`value` rounded to `digits` significant digits (0.0153 stays 0.0153, 170,000 stays)."""
    import math

    if value != value or value == 0:
        return value
    places = digits - 1 - int(math.floor(math.log10(abs(value))))
    return round(float(value), max(places, 0)) + 0.0


def display_frame(df: Any) -> Any:
    """Floats rounded for reading: a column of whole numbers (counts of the integer plan) as
    whole numbers, counts the LP splits to one decimal, large numbers to the unit, small ones
    (rates, hours) to 3 places; no "-0"."""
    import pandas as pd

    from planner.headings import COUNTS

    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            values = out[col]
            present = values.dropna()
            if len(present) and ((present - present.round()).abs() < 1e-6).all():
                out[col] = values.round().astype("Int64")
                continue
            sizes = present.abs()[present.abs() > 0]
            big = sizes.max() if len(sizes) else 0.0
            if len(sizes) and big / sizes.min() >= 1000:  # mixed scales (a conversion beside a revenue):
                out[col] = values.map(_significant)  # each value to 4 significant digits, never "0"
                continue
            digits = 1 if col in COUNTS else (0 if big >= 1000 else 3)
            out[col] = values.round(digits) + 0.0  # + 0.0 turns -0.0 into 0.0
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
    kwargs.setdefault("placeholder", MISSING)  # a missing value reads "–", never "None" or "nan"
    st.dataframe(shown, key=key, width="stretch", column_config=config, **kwargs)
