"""Step 6: the team: manager groups (people, hours, skills, head-count ranges) and hunters."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from models.scenario import default_people
from planner.i18n import N_, catalogue
from planner.ui import items, state
from planner.ui.people import people_line
from planner.ui.editing import Column, convert, edit_table, frame, set_field
from planner.ui.text import t


def fit_people(group: dict[str, Any]) -> None:
    """Keep a group's named people consistent with a changed head count: new places get the
    default names `<group>-<k>`, places beyond the largest head count drop their names."""
    people = group.get("people")
    if people is None:
        return
    count = group.get("count", 1)
    decided = "min_count" in group or "max_count" in group
    upper = group.get("max_count", count) if decided else count
    need_at_least = count
    need_at_most = upper if decided else count
    keep = max(need_at_least, min(len(people), max(need_at_most, 0)))
    group["people"] = list(default_people(group["id"], list(people), keep))


def _group_setter(field: str):
    def setter(data: dict[str, Any], label: str, value: Any) -> None:
        group = next(g for g in data["team"]["managers"] if g["id"] == label)
        set_field(group, field, value)
        if field in ("count", "min_count", "max_count"):
            fit_people(group)

    return setter


TEAM = catalogue({
    "counts": N_("People today is the head count you have now (the baseline's); the plan chooses its own head "
                 "count within at least … at most, shown as the plan's range."),
    "fixed": N_("fixed at {n}"),
    "range": N_("{low} to {high}"),
})


def plan_range(group) -> str:
    """The head counts a plan may choose, in words: `fixed at 4` or `3 to 6`."""
    if not group.decided:
        return TEAM["fixed"].format(n=group.count)
    return TEAM["range"].format(low=group.lower, high=group.upper)


def groups_frame() -> pd.DataFrame:
    rows = [
        {
            "group": g.id,
            "name": g.name,
            "count": g.count,
            "min_count": g.min_count,
            "max_count": g.max_count,
            "hours": g.hours,
            "skills": ", ".join(g.skills),
            "efficiency": g.efficiency,
            "cost_per_person": g.cost_per_person,
            "max_clients": g.max_clients,
            "plan_range": plan_range(g),
            "people": people_line(g, g.upper),
        }
        for g in state.scenario().team.managers
    ]
    return frame(
        rows,
        "group",
        ("count", "min_count", "max_count", "hours", "efficiency", "cost_per_person", "max_clients"),
    )


def _hunter_input(field: str, label: str, value: float | None, *, whole: bool) -> None:
    key = f"w.team.hunters.{field}"
    new = st.number_input(
        t(label),
        value=value,
        step=1.0 if whole else 10.0,
        format="%.0f",
        key=key,
        placeholder="—",
    )
    new = convert(new, "int" if whole else "float")
    old = convert(value, "int" if whole else "float")
    if new != old:

        def change(data: dict[str, Any]) -> None:
            hunters = data.setdefault("team", {}).setdefault("hunters", {})
            set_field(hunters, field, new)

        state.edit_scenario("team.hunters", change)


def render() -> None:
    scen = state.scenario()
    st.title(t("team.title"))
    st.write(t("team.intro"))

    st.subheader(t("team.groups"))
    st.caption(TEAM["counts"])
    items.manage("group")
    items.manage("person")
    if scen.team.managers:
        edit_table(
            "team.groups",
            groups_frame,
            [
                Column("name", _group_setter("name"), "text"),
                Column("count", _group_setter("count"), "int"),
                Column("min_count", _group_setter("min_count"), "int"),
                Column("max_count", _group_setter("max_count"), "int"),
                Column("hours", _group_setter("hours")),
                Column("skills", _group_setter("skills"), "list"),
                Column("efficiency", _group_setter("efficiency")),
                Column("cost_per_person", _group_setter("cost_per_person")),
                Column("max_clients", _group_setter("max_clients")),
            ],
            column_config={
                "count": st.column_config.NumberColumn("count", min_value=0, step=1, format="%d"),
                "min_count": st.column_config.NumberColumn("min_count", min_value=0, step=1, format="%d"),
                "max_count": st.column_config.NumberColumn("max_count", min_value=0, step=1, format="%d"),
                "skills": st.column_config.TextColumn("skills", help=t("team.skills_help")),
            },
            disabled=["people", "plan_range"],
        )

    st.subheader(t("team.hunters"))
    h = scen.team.hunters
    cols = st.columns(5)
    with cols[0]:
        _hunter_input("count", "team.hunters.count", float(h.count), whole=True)
    with cols[1]:
        _hunter_input("min_count", "team.hunters.min", None if h.min_count is None else float(h.min_count), whole=True)
    with cols[2]:
        _hunter_input("max_count", "team.hunters.max", None if h.max_count is None else float(h.max_count), whole=True)
    with cols[3]:
        _hunter_input("hours", "team.hunters.hours", float(h.hours), whole=False)
    with cols[4]:
        _hunter_input("cost_per_person", "team.hunters.cost", float(h.cost_per_person), whole=False)
    state.show_errors("team.hunters")

    mh = scen.team.max_headcount
    new = st.number_input(
        t("team.max_headcount"),
        value=None if mh is None else float(mh),
        step=1.0,
        format="%.0f",
        key="w.team.max_headcount",
        placeholder="—",
    )
    new = convert(new, "int")
    if new != mh:
        state.edit_scenario(
            "team.max_headcount",
            lambda d: set_field(d.setdefault("team", {}), "max_headcount", new),
        )
    state.show_errors("team.max_headcount")
    from planner.ui import horizon_edit

    horizon_edit.render_team()


if __name__ == "__main__":
    render()
