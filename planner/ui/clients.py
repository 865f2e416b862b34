"""Steps 2 and 3: criteria and rules that segment the client table, and each segment's profile
(the webinar's "describe each segment": count, share of clients and of revenue, margin)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
import yaml

from planner.errors import InputError, Problem
from planner.i18n import language
from planner.scenario_io import dumps_scenario, parse_document
from planner.summary import scenario_summary
from planner.ui import charts, fmt, jobs, mapping, state, worker
from planner.ui.names import names
from planner.ui.text import t

RULES_EDITOR = "clients.rules"


@st.cache_data(max_entries=32, show_spinner=False)
def profiles_of(yaml_text: str, base: str, lang: str = "") -> tuple[pd.DataFrame | None, int, tuple[Problem, ...]]:
    """(profiles with an `unassigned` row, rows in the table, problems) of a scenario's table,
    read in the session's worker (planner/ui/worker.py: time limit, memory bound)."""
    try:
        return state.bounded(jobs.table_profiles, yaml_text, base, lang)
    except worker.WorkError as exc:  # not cached: raised out of here, caught by the page
        raise _Stopped(state.work_problem(exc)) from None


class _Stopped(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _flow(item: dict) -> str:
    return yaml.safe_dump(item, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10_000).strip()


def rules_text() -> str:
    """The segmentation block as YAML, one criterion and one rule per line (as in PLANNER.md)."""
    seg = state.scenario().clients.segmentation
    data = seg.model_dump(mode="json", exclude_unset=True)
    lines = []
    for block in ("criteria", "rules"):
        if block in data:
            lines.append(f"{block}:")
            lines += [f"  - {_flow(item)}" for item in data[block]]
    return "\n".join(lines) + "\n"


def apply_rules() -> None:
    text = st.session_state.get("w.clients.rules_text", "")
    try:
        parsed = parse_document(text, "clients.segmentation")
    except InputError as exc:
        state.set_errors(RULES_EDITOR, [Problem(f"clients.segmentation ({p.path})", p.message) for p in exc.problems])
        return
    def change(data: dict) -> None:
        data["clients"]["segmentation"] = parsed

    if state.edit_scenario(RULES_EDITOR, change, check_tables=True):
        return
    # New rules change the segments' sizes; today's allocation (`current.levels`) counted the old
    # ones. If it is the only obstacle, drop it (the baseline becomes the even spread) and say so.
    if state.errors(RULES_EDITOR) and all(p.path.startswith("current.levels") for p in state.errors(RULES_EDITOR)):

        def change_and_drop(data: dict) -> None:
            change(data)
            current = data.get("current", {})
            current.pop("levels", None)
            if not current:
                data.pop("current", None)

        if state.edit_scenario(RULES_EDITOR, change_and_drop, check_tables=True):
            state.notice(t("clients.current_dropped"))


def render() -> None:
    scen = state.scenario()
    st.title(t("clients.title"))
    if scen.clients is None:
        st.info(t("clients.no_table"))
        mapping.show_problems()
        st.subheader(t("clients.from_scenario"))
        st.dataframe(pd.DataFrame(scenario_summary(scen)["segments"]), hide_index=True, key="clients.given")
        return
    st.write(t("clients.intro"))
    mapping.render_mapping(scen)
    try:
        profiles, rows, problems = profiles_of(dumps_scenario(scen), str(state.base_dir()), language())
    except _Stopped as stopped:
        profiles, rows, problems = None, 0, (stopped.problem,)
    st.caption(t("clients.table", file=scen.clients.file, rows=rows))

    st.text_area(
        t("clients.rules"),
        value=rules_text(),
        height=300,
        key="w.clients.rules_text",
        help=t("clients.rules_help"),
    )
    st.button(t("clients.apply"), key="w.clients.apply", on_click=apply_rules, type="primary")
    state.show_errors(RULES_EDITOR)
    if problems:
        st.error(t("clients.profile_failed") + "\n" + "\n".join(f"- {p}" for p in problems))
        return
    st.subheader(t("clients.profiles"))
    unassigned = int(profiles.loc["unassigned", "clients"]) if "unassigned" in profiles.index else 0
    shown = names(scen).frame(profiles.drop(index="unassigned", errors="ignore").reset_index())  # by name
    columns = ["segment", "clients", "share_of_clients", "revenue", "share_of_revenue", "mean_revenue",
               "gross_margin", "margin_rate"]
    duplicate = {"mean_revenue", f"mean_{scen.clients.revenue_column}"}  # the latter repeats mean_revenue
    columns += [c for c in shown.columns if c.startswith("mean_") and c not in duplicate]
    fmt.show_table(
        shown[columns], key="clients.profiles", percent=("share_of_clients", "share_of_revenue", "margin_rate")
    )
    if unassigned:
        st.warning(t("clients.unassigned", n=unassigned))
    mapping.render_rule_check(scen)
    chart_data = profiles.drop(index="unassigned", errors="ignore").reset_index()
    chart_data = names(scen).frame(chart_data[chart_data["clients"] > 0])
    a, b = st.columns(2)
    with a:
        st.subheader(t("clients.pareto"))
        st.altair_chart(charts.pareto(chart_data), width="stretch", key="clients.pareto")
    with b:
        st.subheader(t("clients.margin"))
        if chart_data["gross_margin"].notna().any():
            st.altair_chart(charts.margin_bars(chart_data), width="stretch", key="clients.margin")


if __name__ == "__main__":
    render()
