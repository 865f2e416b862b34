"""The year plan's inputs on the Goal page (periods, start, seasonality as one row of factors,
targets per period or in total) and on the Team page (ramp, lead time, attrition, hire cost per
group and for the hunters). Every change goes through `state.edit_scenario`."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.horizon.calendar import label_words, period_labels
from planner.ui import state
from planner.ui.editing import Column, convert, edit_table, frame
from planner.ui.text import t

DEFAULT_PERIODS = 12


def _horizon(data: dict[str, Any]) -> dict[str, Any]:
    return data.setdefault("horizon", {"periods": DEFAULT_PERIODS})


def _set_periods(n: int):
    def change(data: dict[str, Any]) -> None:
        h = _horizon(data)
        h["periods"] = n
        season = h.get("seasonality")
        if season is not None:  # keep the factors given, 1 for new periods
            h["seasonality"] = (list(season) + [1.0] * n)[:n]

    return change


def render_goal() -> None:
    """Goal page: switch the horizon on or off, and its fields."""
    scen = state.scenario()
    st.subheader(t("hz.title"))
    on = st.toggle(t("hz.on"), value=scen.horizon is not None, help=t("hz.on_help"), key="w.hz.on")
    if on != (scen.horizon is not None):
        state.edit_scenario("hz.goal", (lambda d: _horizon(d)) if on else (lambda d: d.pop("horizon", None)))
        scen = state.scenario()
    h = scen.horizon
    if h is None:
        state.show_errors("hz.goal")
        return
    left, right = st.columns(2)
    with left:
        n = convert(st.number_input(t("hz.periods"), min_value=1, max_value=120, value=h.periods, step=1,
                                    key="w.hz.periods"), "int")
        if n != h.periods:
            state.edit_scenario("hz.goal", _set_periods(n))
    with right:
        start = st.text_input(t("hz.start"), value=h.start or "", key="w.hz.start").strip() or None
        if start != h.start:
            state.edit_scenario("hz.goal", lambda d: _horizon(d).__setitem__("start", start) if start
                                else _horizon(d).pop("start", None))
    totals = st.checkbox(t("hz.totals"), value=scen.goal.horizon_totals, key="w.hz.totals")
    if totals != scen.goal.horizon_totals:
        state.edit_scenario("hz.goal", lambda d: d.setdefault("goal", {}).__setitem__("horizon_totals", totals))
    h = state.scenario().horizon
    if h is not None:
        labels = period_labels(h.start, scen.period, h.periods)
        factors = list(h.seasonality) if h.seasonality is not None else [1.0] * h.periods
        row = pd.DataFrame([factors], columns=[label_words(x) for x in labels])
        st.caption(t("hz.seasonality"))
        edited = st.data_editor(row, key=f"w.hz.season.{h.periods}.{h.start}", hide_index=True, width="stretch")
        new = [float(v) for v in edited.iloc[0].tolist()]
        if new != factors:
            state.edit_scenario("hz.goal", lambda d: _horizon(d).__setitem__("seasonality", new))
    state.show_errors("hz.goal")


def _people(data: dict[str, Any], label: str) -> dict[str, Any]:
    team = data.setdefault("team", {})
    if label == "hunters":
        return team.setdefault("hunters", {})
    return next(g for g in team["managers"] if g["id"] == label)


def ramp_text(ramp) -> str:
    return "/".join(f"{100 * r:g}" for r in ramp)


def parse_ramp(text: Any) -> list[float]:
    """"30/60/90" -> [0.3, 0.6, 0.9] (a decimal comma is read too); empty -> no ramp."""
    text = "" if text is None else str(text).strip()
    if not text:
        return []
    try:
        return [float(part.strip().replace(",", ".")) / 100 for part in text.split("/") if part.strip()]
    except ValueError:
        raise ValueError(t("hz.ramp_bad", text=text)) from None


def _setter(field: str):
    def setter(data: dict[str, Any], label: str, value: Any) -> None:
        block = _people(data, label)
        if field == "ramp":
            value = parse_ramp(value)
        if value is None or value == [] or (field != "ramp" and value == 0):
            block.pop(field, None)
        else:
            block[field] = value

    return setter


def hiring_frame() -> pd.DataFrame:
    team = state.scenario().team
    rows = [{"group": g.id, "name": g.name or g.id, "ramp": ramp_text(g.ramp), "lead_time": g.lead_time,
             "attrition": g.attrition, "hire_cost": g.hire_cost} for g in team.managers]
    h = team.hunters
    rows.append({"group": "hunters", "name": t("team.hunters"), "ramp": ramp_text(h.ramp), "lead_time": h.lead_time,
                 "attrition": h.attrition, "hire_cost": h.hire_cost})
    return frame(rows, "group", ("lead_time", "attrition", "hire_cost"))


def render_team() -> None:
    """Team page: ramp, lead time, attrition and hire cost per group and for the hunters (read
    only by a year plan)."""
    if state.scenario().horizon is None:
        return
    st.subheader(t("hz.team"))
    st.caption(t("hz.team_intro"))
    edit_table(
        "hz.team",
        hiring_frame,
        [Column("ramp", _setter("ramp"), "text"), Column("lead_time", _setter("lead_time"), "int"),
         Column("attrition", _setter("attrition")), Column("hire_cost", _setter("hire_cost"))],
        column_config={
            "lead_time": st.column_config.NumberColumn("lead_time", min_value=0, max_value=120, step=1, format="%d"),
            "attrition": st.column_config.NumberColumn("attrition", min_value=0.0, max_value=1.0, format="%.3f"),
        },
        disabled=["name"],
    )


__all__ = ["hiring_frame", "parse_ramp", "ramp_text", "render_goal", "render_team"]
