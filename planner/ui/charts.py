"""Altair charts of plans and segment profiles (pure: a DataFrame in, a chart out)."""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd

from planner.headings import heading
from planner.i18n import language
from planner.ui.text import t

# Vega's number format by language (d3-format locale): ru `1 234,5`; English keeps Vega's own.
NUMBER_LOCALE = {"ru": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0₽"]}}


def localised(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A finished chart with numbers in the current language (axes, labels, tooltips).

    Its spec is written without Altair's JSON-schema validation: our charts are fixed code (the
    tests draw every one), and validating them again on every rerun was most of a page's time."""
    number = NUMBER_LOCALE.get(language())
    chart = chart.configure(locale={"number": number}) if number else chart
    object.__setattr__(chart, "to_dict", functools.partial(type(chart).to_dict, chart, validate=False))
    return chart


def _short_axis() -> alt.Axis:
    """Axis labels in short numbers: 134M (English, SI), 134 млн (other languages' words)."""
    if language() == "en":
        return alt.Axis(format="~s")
    steps = ((1e9, t("unit.billion")), (1e6, t("unit.million")), (1e3, t("unit.thousand")))
    expr = "format(datum.value, ',~f')"
    for size, word in reversed(steps):
        expr = f"abs(datum.value) >= {size:g} ? format(datum.value / {size:g}, ',.1~f') + ' {word}' : {expr}"
    return alt.Axis(labelExpr=expr)


def _tip(field: str, **kwargs) -> alt.Tooltip:
    """A tooltip entry titled by the column's heading in words."""
    name = field.split(":")[0]
    return alt.Tooltip(field, title=heading(name), **kwargs)


def heatmap(allocations: pd.DataFrame) -> alt.Chart:
    """Manager hours, segment (rows, the longer list) x group (columns)."""
    hours = allocations.groupby(["group", "segment"], as_index=False)["hours"].sum()
    base = alt.Chart(hours).encode(
        x=alt.X("group:N", title=None, sort=None, axis=alt.Axis(labelAngle=-25, labelLimit=150, labelOverlap=False, orient="top")),
        y=alt.Y("segment:N", title=None, sort=None),
    )
    rect = base.mark_rect().encode(
        color=alt.Color("hours:Q", scale=alt.Scale(scheme="blues"), title=t("chart.hours")),
        tooltip=[_tip("group:N"), _tip("segment:N"), _tip("hours:Q", format=",.0f")],
    )
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("hours:Q", format=",.0f"),
        color=alt.condition(alt.datum.hours > hours["hours"].max() / 2, alt.value("white"), alt.value("black")),
    )
    return localised((rect + text).properties(height=alt.Step(30)))


def levels_bars(segment_levels: pd.DataFrame, segments: pd.DataFrame) -> alt.Chart:
    """Clients per segment stacked by level, with the unserved clients as their own part."""
    parts = segment_levels[["segment", "level", "clients"]].copy()
    unserved = segments[["segment", "unserved"]].rename(columns={"unserved": "clients"})
    unserved["level"] = t("plan.unserved")
    data = pd.concat([parts, unserved], ignore_index=True)
    data = data[data["clients"] > 1e-9]
    order = list(segments["segment"])
    return localised(
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("segment:N", sort=order, title=None),
            x=alt.X("clients:Q", title=t("chart.clients")),
            color=alt.Color("level:N", title=t("chart.level")),
            tooltip=[_tip("segment:N"), _tip("level:N"), _tip("clients:Q", format=",.1f")],
        )
        .properties(height=alt.Step(22))
    )


def utilisation(groups: pd.DataFrame) -> alt.Chart:
    data = groups[["group", "utilisation", "hours_used", "capacity", "head_count"]].copy()
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=None, title=None),
            x=alt.X("utilisation:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1.05]), title=t("chart.utilisation")),
            tooltip=[
                _tip("group:N"),
                _tip("head_count:Q", format=",.0f"),
                _tip("hours_used:Q", format=",.0f"),
                _tip("capacity:Q", format=",.0f"),
                _tip("utilisation:Q", format=".0%"),
            ],
        )
    )
    return localised(bars.properties(height=alt.Step(28)))


def prospects(data: pd.DataFrame) -> alt.Chart:
    return localised(
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("prospect:N", sort=None, title=None),
            x=alt.X("new_clients:Q", title=t("chart.new_clients")),
            tooltip=[
                _tip("prospect:N"),
                _tip("new_clients:Q", format=",.1f"),
                _tip("hunter_hours:Q", format=",.0f"),
                _tip("pool:Q", format=",.0f"),
            ],
        )
        .properties(height=alt.Step(28))
    )


def pareto(profiles: pd.DataFrame) -> alt.Chart:
    """Cumulative share of clients (x) against cumulative share of revenue (y), richest first."""
    data = profiles[["segment", "share_of_clients", "share_of_revenue", "mean_revenue"]].copy()
    data = data.sort_values("mean_revenue", ascending=False)
    data["clients_cum"] = data["share_of_clients"].cumsum()
    data["revenue_cum"] = data["share_of_revenue"].cumsum()
    start = pd.DataFrame([{"segment": "", "clients_cum": 0.0, "revenue_cum": 0.0}])
    line_data = pd.concat([start, data[["segment", "clients_cum", "revenue_cum"]]], ignore_index=True)
    line = (
        alt.Chart(line_data)
        .mark_line(point=True)
        .encode(
            x=alt.X("clients_cum:Q", axis=alt.Axis(format="%"), title=t("chart.share_clients")),
            y=alt.Y("revenue_cum:Q", axis=alt.Axis(format="%"), title=t("chart.share_revenue")),
            tooltip=[_tip("segment:N"), alt.Tooltip("clients_cum:Q", format=".0%", title=t("chart.share_clients")),
                     alt.Tooltip("revenue_cum:Q", format=".0%", title=t("chart.share_revenue"))],
        )
    )
    labels = alt.Chart(line_data[line_data["segment"] != ""]).mark_text(align="left", dx=6, dy=-6, fontSize=10).encode(
        x="clients_cum:Q", y="revenue_cum:Q", text="segment:N"
    )
    diagonal = (
        alt.Chart(pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0]}))
        .mark_line(strokeDash=[4, 4], color="gray")
        .encode(x="x:Q", y="y:Q")
    )
    return localised((diagonal + line + labels).properties(height=340))


def margin_bars(profiles: pd.DataFrame) -> alt.Chart:
    data = profiles[["segment", "gross_margin", "margin_rate"]].copy()
    return localised(
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("segment:N", sort="-x", title=None),
            x=alt.X("gross_margin:Q", title=t("chart.gross_margin")),
            color=alt.Color("margin_rate:Q", scale=alt.Scale(scheme="greens"), title=t("chart.margin_rate")),
            tooltip=[_tip("segment:N"), _tip("gross_margin:Q", format=",.0f"), _tip("margin_rate:Q", format=".1%")],
        )
        .properties(height=alt.Step(22))
    )


def grouped_kpis(long: pd.DataFrame) -> alt.Chart:
    """KPIs of several scenarios side by side: columns kpi, scenario, value (in display order)."""
    scenarios = list(dict.fromkeys(long["scenario"]))
    kpis = list(dict.fromkeys(long["kpi"]))
    return localised(
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", title=None, sort=scenarios, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("value:Q", title=None, axis=_short_axis()),
            color=alt.Color("scenario:N", title=None, sort=scenarios, scale=alt.Scale(domain=scenarios),
                            legend=alt.Legend(orient="bottom")),
            column=alt.Column("kpi:N", title=None, sort=kpis),
            tooltip=[_tip("kpi:N"), _tip("scenario:N"), _tip("value:Q", format=",.0f")],
        )
        .resolve_scale(y="independent")
        .properties(width=80, height=200)
    )


def histogram(values: pd.DataFrame, column: str, title: str) -> alt.Chart:
    return localised(
        alt.Chart(values)
        .mark_bar()
        .encode(
            x=alt.X(f"{column}:Q", bin=alt.Bin(maxbins=30), title=title),
            y=alt.Y("count():Q", title=t("chart.samples")),
        )
        .properties(height=260)
    )


def curve(data: pd.DataFrame, x: str, y: str, x_title: str, y_title: str) -> alt.Chart:
    """A line with points of `y` over `x`. The columns are renamed to plain `x`/`y` first: a swept
    path like `team.managers[a].hours` is not a valid Vega field name (dots read as nesting)."""
    points = pd.DataFrame({"x": pd.to_numeric(data[x], errors="coerce"), "y": pd.to_numeric(data[y], errors="coerce")})
    return localised(
        alt.Chart(points.dropna())
        .mark_line(point=True)
        .encode(
            x=alt.X("x:Q", title=x_title, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("x:Q", title=x_title), alt.Tooltip("y:Q", format=",.0f", title=y_title)],
        )
        .properties(height=280)
    )


def change_bars(changes: pd.DataFrame) -> alt.Chart:
    """What a variant changes against the first plan: columns change (words), scenario, value."""
    return localised(
        alt.Chart(changes)
        .mark_bar()
        .encode(
            y=alt.Y("change:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("value:Q", title=t("chart.change")),
            color=alt.Color("scenario:N", title=None, legend=alt.Legend(orient="bottom")),
            yOffset="scenario:N",
            tooltip=[alt.Tooltip("change:N", title=t("chart.change")), alt.Tooltip("scenario:N", title=t("chart.scenario")),
                     alt.Tooltip("value:Q", format=",.1f", title=t("chart.change"))],
        )
        .properties(height=alt.Step(18))
    )
