"""Step 1: the goal (objective, targets, budget), the scenario's name and period."""

from __future__ import annotations

import streamlit as st

from models import PERIOD_MONTHS
from planner.i18n import N_, catalogue
from planner.summary import scenario_summary
from planner.ui import state
from planner.ui.text import t

NO_TARGET = catalogue({"text": N_("no target"), "clear": N_("Remove this target")})
OBJECTIVES = ("profit", "revenue", "new_clients", "priority_first")
TARGETS = ("min_profit", "min_revenue", "min_new_clients", "max_cost")


def _set_goal(field: str, key: str):
    def change(data: dict) -> None:
        value = st.session_state[key]
        goal = data.setdefault("goal", {})
        if value is None:
            goal.pop(field, None)
        else:
            goal[field] = float(value)

    return change


def clear_target(field: str) -> None:
    """Callback: remove a target and empty its field."""
    if state.edit_scenario("goal", lambda d: d.setdefault("goal", {}).pop(field, None)):
        st.session_state[f"w.goal.{field}"] = None


def target_input(scen, field: str) -> None:
    """A target's number, empty for no target, with a button that removes it. The input is made
    without a default (its number comes through the session state): a number input made with a
    default cannot be emptied in the browser, it puts the default back."""
    key = f"w.goal.{field}"
    current = getattr(scen.goal, field)
    if key not in st.session_state:
        st.session_state[key] = None if current is None else float(current)
    box, button = st.columns([6, 1], vertical_alignment="bottom")
    value = box.number_input(
        t(f"goal.{field}"),
        value=None,
        step=1.0 if field == "min_new_clients" else 1000.0,
        format="%.0f",
        key=key,
        placeholder=NO_TARGET["text"],
    )
    button.button(
        "", key=f"w.goal.clear.{field}", icon=":material/close:", help=NO_TARGET["clear"],
        on_click=clear_target, args=(field,), disabled=current is None,
    )
    if value != current:
        state.edit_scenario("goal", _set_goal(field, key))


def render() -> None:
    scen = state.scenario()
    st.title(t("goal.title"))
    st.write(t("goal.intro"))

    left, right = st.columns(2)
    with left:
        objective = st.selectbox(
            t("goal.objective"),
            OBJECTIVES,
            index=OBJECTIVES.index(scen.goal.objective),
            format_func=lambda o: t(f"goal.objective.{o}"),
            key="w.goal.objective",
        )
        if objective != scen.goal.objective:
            state.edit_scenario("goal", lambda d: d.setdefault("goal", {}).__setitem__("objective", objective))
        name = st.text_input(t("goal.name"), value=scen.name, key="w.goal.name")
        if name != scen.name:
            state.edit_scenario("goal", lambda d: d.__setitem__("name", name))
        periods = list(PERIOD_MONTHS)
        period = st.selectbox(t("goal.period"), periods, index=periods.index(scen.period), key="w.goal.period")
        if period != scen.period:
            state.edit_scenario("goal", lambda d: d.__setitem__("period", period))
    with right:
        for field in TARGETS:
            target_input(scen, field)
    state.show_errors("goal")
    from planner.ui import horizon_edit

    horizon_edit.render_goal()

    prepared, _problems = state.prepared()
    summary = scenario_summary(prepared or state.scenario())
    st.subheader(t("goal.summary"))
    st.write(summary["headline"])
    for line in summary["lines"]:
        st.write("- " + line)


if __name__ == "__main__":
    render()
