"""Steps 4 and 5: each segment's priority and policies, its service levels (work algorithms),
the priority classes, and the prospect segments."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.headings import heading
from planner.ui import items, ranges, state
from planner.ui.editing import Column, edit_table, estimate_value, frame, set_estimate, set_field
from planner.ui.text import t

SERVICES = ["all", "automated", "none"]
CHANNELS = ["visit", "call", "email", "event", "automated"]


def _segment_index(data: dict[str, Any], segment_id: str) -> dict[str, Any]:
    return next(s for s in data["segments"] if s["id"] == segment_id)


def _segment_setter(field: str, estimate: bool = False):
    def setter(data: dict[str, Any], label: str, value: Any) -> None:
        seg = _segment_index(data, label)
        (set_estimate if estimate else set_field)(seg, field, value)

    return setter


def _level_setter(field: str, estimate: bool = False):
    def setter(data: dict[str, Any], label: str, value: Any) -> None:
        segment_id, level_id = label.split(" / ", 1)
        seg = _segment_index(data, segment_id)
        level = next(lv for lv in seg["levels"] if lv["id"] == level_id)
        if field == "hours_per_client" and value is not None and "hours_per_client" not in level:
            level["hours_per_client"] = value  # written out: it overrides contacts x hours per contact
            return
        (set_estimate if estimate else set_field)(level, field, value)

    return setter


def _class_setter(field: str):
    def setter(data: dict[str, Any], label: str, value: Any) -> None:
        classes = data.setdefault("priorities", {})
        set_field(classes.setdefault(label, {}), field, value)

    return setter


def _prospect_setter(field: str, estimate: bool = False):
    def setter(data: dict[str, Any], label: str, value: Any) -> None:
        pro = next(p for p in data["prospects"] if p["id"] == label)
        (set_estimate if estimate else set_field)(pro, field, value)

    return setter


def segments_frame() -> pd.DataFrame:
    """Segments with their counts and margins as planned: a segment that takes them from the
    client table shows the table's numbers (typing over one sets it in the scenario)."""
    scen = state.scenario()
    prepared, _problems = state.prepared()
    planned = {s.id: s for s in prepared.segments} if prepared is not None else {}

    def from_table(s, field: str):
        own = getattr(s, field)
        return own if own is not None or s.id not in planned else getattr(planned[s.id], field)

    rows = [
        {
            "segment": s.id,
            "name": s.name,
            "priority": s.priority,
            "clients": from_table(s, "clients"),
            "margin": from_table(s, "margin"),
            "required_skill": s.required_skill,
            "min_coverage": s.min_coverage,
            "weight": s.weight,
            "service": s.service,
            "unserved_revenue": estimate_value(s.unserved_revenue),
        }
        for s in scen.segments
    ]
    return frame(rows, "segment", ("clients", "margin", "min_coverage", "weight", "unserved_revenue"))


def levels_frame() -> pd.DataFrame:
    scen = state.scenario()
    rows = [
        {
            "level": f"{s.id} / {lv.id}",
            "name": lv.name,
            "channel": lv.channel,
            "hours_per_client": lv.planned_hours,
            "revenue_per_client": estimate_value(lv.revenue_per_client),
            "revenue_index": estimate_value(lv.revenue_index),
            "margin": lv.margin,
            "cost_per_client": lv.cost_per_client,
        }
        for s in scen.segments
        for lv in s.levels
    ]
    return frame(
        rows, "level", ("hours_per_client", "revenue_per_client", "revenue_index", "margin", "cost_per_client")
    )


def classes_frame() -> pd.DataFrame:
    table = state.scenario().priority_table
    rows = [
        {"class": name, "min_coverage": p.min_coverage, "weight": p.weight, "service": p.service}
        for name, p in table.items()
    ]
    return frame(rows, "class", ("min_coverage", "weight"))


def prospects_frame() -> pd.DataFrame:
    """Prospect segments; a pool from the prospect table shows the table's count."""
    prepared, _problems = state.prepared()
    pools = {p.id: p.pool for p in prepared.prospects} if prepared is not None else {}
    rows = [
        {
            "prospect": p.id,
            "name": p.name,
            "pool": estimate_value(p.pool if p.pool is not None else pools.get(p.id)),
            "conversion_per_hour": estimate_value(p.conversion_per_hour),
            "revenue_per_client": estimate_value(p.revenue_per_client),
            "margin": p.margin,
            "acquisition_cost": p.acquisition_cost,
            "weight": p.weight,
        }
        for p in state.scenario().prospects
    ]
    return frame(
        rows,
        "prospect",
        ("pool", "conversion_per_hour", "revenue_per_client", "margin", "acquisition_cost", "weight"),
    )


def policies_in_effect() -> None:
    """What the planner will apply to each segment: its own fields over its class's defaults."""
    from planner.economics import segment_policy

    scen = state.scenario()
    table = scen.priority_table
    rows = []
    for seg in scen.segments:
        p = segment_policy(table, seg)
        rows.append({"segment": seg.name or seg.id, "priority": p.klass, "min_coverage": p.min_coverage,
                     "weight": p.weight, "service": t(f"prio.service.{p.service}")})
    with st.expander(t("prio.in_effect")):
        headings = {c: st.column_config.Column(heading(c)) for c in ("segment", "priority", "weight", "service")}
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="prio.in_effect",
                     column_config={**headings, "min_coverage": st.column_config.NumberColumn(heading("min_coverage"),
                                                                                              format="percent")})


def rate(label: str) -> Any:
    return st.column_config.NumberColumn(label, min_value=0.0, max_value=1.0, step=0.01, format="%.2f")


def render() -> None:
    scen = state.scenario()
    st.title(t("prio.title"))
    st.write(t("prio.intro"))
    classes = list(scen.priority_table)

    st.subheader(t("prio.segments"))
    items.manage("segment")
    if scen.segments:
        edit_table(
            "prio.segments",
            segments_frame,
            [
                Column("name", _segment_setter("name"), "text"),
                Column("priority", _segment_setter("priority"), "text"),
                Column("clients", _segment_setter("clients"), "int"),
                Column("margin", _segment_setter("margin")),
                Column("required_skill", _segment_setter("required_skill"), "text"),
                Column("min_coverage", _segment_setter("min_coverage")),
                Column("weight", _segment_setter("weight")),
                Column("service", _segment_setter("service"), "text"),
                Column("unserved_revenue", _segment_setter("unserved_revenue", estimate=True)),
            ],
            column_config={
                "priority": st.column_config.SelectboxColumn("priority", options=classes),
                "service": st.column_config.SelectboxColumn("service", options=SERVICES),
                "clients": st.column_config.NumberColumn("clients", min_value=0, step=1, format="%d"),
                "margin": rate("margin"),
                "min_coverage": rate("min_coverage"),
            },
        )

        st.subheader(t("prio.levels"))
        items.manage("level")
        edit_table(
            "prio.levels",
            levels_frame,
            [
                Column("name", _level_setter("name"), "text"),
                Column("channel", _level_setter("channel"), "text"),
                Column("hours_per_client", _level_setter("hours_per_client", estimate=True)),
                Column("revenue_per_client", _level_setter("revenue_per_client", estimate=True)),
                Column("revenue_index", _level_setter("revenue_index", estimate=True)),
                Column("margin", _level_setter("margin")),
                Column("cost_per_client", _level_setter("cost_per_client")),
            ],
            column_config={
                "channel": st.column_config.SelectboxColumn("channel", options=CHANNELS),
                "margin": rate("margin"),
            },
        )

        ranges.editor()
        policies_in_effect()

    st.subheader(t("prio.classes"))
    st.caption(t("prio.classes_help"))
    edit_table(
        "prio.classes",
        classes_frame,
        [
            Column("min_coverage", _class_setter("min_coverage")),
            Column("weight", _class_setter("weight")),
            Column("service", _class_setter("service"), "text"),
        ],
        column_config={
            "min_coverage": rate("min_coverage"),
            "service": st.column_config.SelectboxColumn("service", options=SERVICES),
        },
    )

    st.subheader(t("prio.prospects"))
    items.manage("prospect")
    if scen.prospects:
        edit_table(
            "prio.prospects",
            prospects_frame,
            [
                Column("name", _prospect_setter("name"), "text"),
                Column("pool", _prospect_setter("pool", estimate=True)),
                Column("conversion_per_hour", _prospect_setter("conversion_per_hour", estimate=True)),
                Column("revenue_per_client", _prospect_setter("revenue_per_client", estimate=True)),
                Column("margin", _prospect_setter("margin")),
                Column("acquisition_cost", _prospect_setter("acquisition_cost")),
                Column("weight", _prospect_setter("weight")),
            ],
            column_config={"margin": rate("margin"), "conversion_per_hour": st.column_config.NumberColumn(format="%.4f")},
        )


if __name__ == "__main__":
    render()
