"""The plan in sentences a head of sales reads: who is served how in each segment, and who
works in each group, every item by its name and every count whole where it is whole."""

from __future__ import annotations

import streamlit as st

from planner import formatting
from planner.i18n import N_, catalogue
from planner.plan import Plan
from planner.ui.markdown import md
from planner.ui.names import Names
from planner.ui.people import people_line

TEXT = catalogue({
    "title": N_("The plan in words"),
    "segment": N_("**{segment}** ({clients} clients): {levels}"),
    "level": N_("{clients} at {level}"),
    "unserved": N_("{clients} not served"),
    "nobody": N_("no client served"),
    "group": N_("**{group}**: {people}, {hours} of {capacity} hours used"),
})


def _count(value: float) -> str:
    return formatting.count(float(value))


def segment_lines(plan: Plan, n: Names) -> list[str]:
    levels = plan.segment_levels
    lines = []
    for _i, row in plan.segments.iterrows():
        sid = row["segment"]
        parts = [TEXT["level"].format(clients=_count(r["clients"]), level=md(n.level(sid, r["level"])))
                 for _j, r in levels[levels["segment"] == sid].iterrows() if r["clients"] > 1e-6]
        if row["unserved"] > 1e-6:
            parts.append(TEXT["unserved"].format(clients=_count(row["unserved"])))
        lines.append(TEXT["segment"].format(segment=md(n.segment(sid)), clients=_count(row["clients"]),
                                            levels="; ".join(parts) or TEXT["nobody"]))
    return lines


def group_lines(plan: Plan, scen, n: Names) -> list[str]:
    by_id = {g.id: g for g in scen.team.managers}
    lines = []
    for _i, row in plan.groups.iterrows():
        grp = by_id.get(row["group"])
        heads = int(round(float(row["head_count"])))
        people = md(people_line(grp, heads)) if grp else _count(heads)
        lines.append(TEXT["group"].format(group=md(n.group(row["group"])), people=people,
                                          hours=formatting.number(float(row["hours_used"])),
                                          capacity=formatting.number(float(row["capacity"]))))
    return lines


def render(plan: Plan, scen, n: Names) -> None:
    with st.expander(TEXT["title"], icon=":material/notes:"):
        st.markdown("\n".join(f"- {line}" for line in segment_lines(plan, n)))
        st.markdown("\n".join(f"- {line}" for line in group_lines(plan, scen, n)))
