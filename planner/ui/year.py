"""The Year page: the year plan of a scenario with a `horizon` (planner.horizon): head count by
period per group (chart), hires and expected leavers, revenue and profit by period, the hiring
calendar in words, the team by period, and the workbook to download."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from planner.headings import heading
from planner.horizon.calendar import label_words
from planner.i18n import language
from planner.scenario_io import dumps_scenario
from planner.ui import jobs, state, worker
from planner.ui import fmt
from planner.ui.plan import diagnosis_card
from planner.ui.text import t


@st.cache_data(max_entries=32, show_spinner=False)
def _solve_year(yaml_text: str, base: str, lang: str) -> jobs.Solved:
    return state.bounded(jobs.solve_horizon_text, yaml_text, base, lang, t("edit.source"))


def solve_year(scen) -> jobs.Solved:
    start = time.perf_counter()
    with st.spinner(t("solving")):
        try:
            return _solve_year(dumps_scenario(scen), str(state.base_dir()), language())
        except worker.WorkError as exc:
            return jobs.Solved(None, time.perf_counter() - start, (state.work_problem(exc),))


def _by_label(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_axis([label_words(x) for x in frame.index], axis=0)


def render() -> None:
    scen = state.scenario()
    st.title(t("page.year"))
    if scen.horizon is None:
        st.info(t("hz.none"))
        return
    solved = solve_year(scen)
    plan = solved.plan
    if plan is not None and plan.diagnosis is not None:
        diagnosis_card(plan)  # the Plan page's card: every way out, one click each
        return
    if plan is None or not plan.ok:
        lines = [p.message for p in solved.problems] or ([plan.message] if plan is not None else [])
        st.error(t("hz.no_plan") + "\n" + "\n".join(f"- {line}" for line in lines))
        return
    cols = st.columns(3)
    cols[0].metric(t("hz.total_revenue"), fmt.money(plan.kpis["revenue"], plan.scenario))
    cols[1].metric(t("hz.total_profit"), fmt.money(plan.kpis["profit"], plan.scenario))
    cols[2].metric(t("hz.last_headcount"), f"{plan.kpis['headcount']:.0f}")

    names = {g.id: g.name or g.id for g in plan.scenario.team.managers}
    heads = _by_label(plan.by_period("head_count")).rename(columns=names)
    heads[heading("hunters")] = [p.hunters["head_count"] for p in plan.periods]
    st.subheader(t("hz.headcount"))
    st.line_chart(heads)

    st.subheader(t("hz.moves"))
    moves = pd.DataFrame({
        heading("hires"): [float(p.groups["hires"].sum()) + p.hunters["hires"] for p in plan.periods],
        heading("cuts"): [float(p.groups["cuts"].sum()) + p.hunters["cuts"] for p in plan.periods],
        heading("leavers"): [float(p.groups["leavers"].sum()) + p.hunters["leavers"] for p in plan.periods],
    }, index=[label_words(p.label) for p in plan.periods])
    st.bar_chart(moves, stack=False)

    st.subheader(t("hz.money"))
    money = _by_label(plan.kpi_table()[["revenue", "profit"]]).rename(columns=heading)
    st.bar_chart(money, stack=False)

    st.subheader(t("hz.calendar"))
    for line in plan.calendar_lines():
        st.markdown(f"- {line}")

    st.subheader(t("hz.team_table"))
    from planner.horizon.export import horizon_tables

    team = horizon_tables(plan)["team"]
    st.dataframe(team.rename(columns=heading), hide_index=True, width="stretch")
    from planner.horizon.export import horizon_workbook_bytes

    st.download_button(t("hz.download"), horizon_workbook_bytes(plan), file_name="year-plan.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="w.hz.download")


if __name__ == "__main__":
    render()
