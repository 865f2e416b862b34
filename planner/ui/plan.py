"""The Plan page: KPIs against the baseline, where the hours go, who is served how, what an
extra unit is worth, and for a scenario without a plan, what to change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from planner import formatting
from planner.analysis.paths import set_paths
from planner.errors import InputError
from planner.plan import Plan
from planner.ui import charts, fmt, state
from planner.ui.text import t


CARD_ROWS = (("revenue", "gross_margin", "cost", "profit"), ("new_clients", "hunters", "headcount", "manager_hours_used"))


def kpi_cards(plan: Plan, scen) -> None:
    base = fmt.baseline_kpis(plan)
    for row in CARD_ROWS:
        _card_row(plan, scen, base, row)


def _card_row(plan: Plan, scen, base: dict | None, names: tuple[str, ...]) -> None:
    cols = st.columns(len(names))
    for col, name in zip(cols, names):
        value = float(plan.kpis.get(name, float("nan")))
        delta = None
        if base is not None and name in base and base[name] is not None:
            delta = fmt.kpi_text(name, value - float(base[name]), scen, signed=True, short=True)
        col.metric(
            t(f"plan.kpi.{name}"),
            fmt.kpi_text(name, value, scen, short=True),
            delta=delta,
            delta_color=fmt.delta_color(name),
            help=t("plan.kpi_help"),
            border=True,
        )


def apply_suggestions(edits: dict[str, Any]) -> None:
    """Callback: the working scenario with every suggested limit moved (a new Scenario)."""
    try:
        new = set_paths(state.scenario(), edits)
    except InputError as exc:
        state.set_errors("plan.suggestions", exc.problems)
        return
    state.clear_errors("plan.suggestions")
    state.replace_scenario(new, source=st.session_state.get(state.SOURCE, ""), base_dir=state.base_dir())
    state.notice(t("plan.suggestions_applied"))


def diagnosis_card(plan: Plan) -> None:
    st.error(t("plan.infeasible"))
    diag = plan.diagnosis
    if diag is None:
        st.info(t("plan.no_diagnosis"))
        return
    with st.container(border=True):
        st.subheader(t("plan.diagnosis"))
        for line in diag.lines:
            st.markdown(f"- {line}")
        if len(diag.items):
            shown = diag.items[["subject", "path", "limit", "suggested", "change"]]
            st.dataframe(shown, hide_index=True, width="stretch", key="plan.diagnosis_table")
        edits = diag.suggested_edits()
        if edits:
            st.button(
                t("plan.apply_suggestions"), key="plan.apply_suggestions", on_click=apply_suggestions,
                args=(edits,), type="primary", icon=":material/auto_fix_high:",
            )
        state.show_errors("plan.suggestions")


def certificate_note(plan: Plan) -> str:
    """The certificate in small print: solver, recomputed objective, violation, gap."""
    c = plan.certificate
    if c is None:
        return ""
    gap = "–" if c.mip_gap is None else formatting.formatted(c.mip_gap, ".1e")
    key = "plan.certificate_resolved" if c.resolved else "plan.certificate"
    return t(key, solver=c.solver, objective=c.objective_recomputed, violation=formatting.formatted(c.max_violation, ".1e"),
             gap=gap)


@st.cache_data(max_entries=16, show_spinner=False)
def book_flags(yaml_text: str, base: str, lang: str = "") -> tuple[list[str], list[str]] | None:
    """(people with an empty book, people over their hours) of the scenario's books, or None
    when there are no books; built in the session's worker, like every solve."""
    from planner.plan_books import people_flags
    from planner.scenario_io import loads_scenario

    return state.bounded(people_flags, loads_scenario(yaml_text), base)


def people_flags(scen) -> None:
    """Idle people and people over their hours in the books, as warnings on the page."""
    if scen.clients is None:
        return
    from planner.i18n import language
    from planner.scenario_io import dumps_scenario

    from planner.ui import worker

    try:
        flags = book_flags(dumps_scenario(scen), str(state.base_dir()), language())
    except worker.WorkError:  # stopped (time or memory): the plan itself is still shown
        return
    if flags is None:
        return
    idle, over = flags
    if idle:
        st.warning(t("plan.idle_people", people=", ".join(idle)))
    if over:
        st.warning(t("plan.over_people", people=", ".join(over)))


def render_plan(plan: Plan, scen, solved: state.Solved) -> None:
    kpi_cards(plan, scen)
    base = plan.baseline
    if base is not None:
        st.caption(t("plan.baseline_kind", kind=t(f"plan.baseline.{base.kind}"), description=base.description))
    if base is not None and base.violations:
        st.caption(t("plan.baseline_infeasible", violations="; ".join(map(str, base.violations))))
    people_flags(scen)

    left, right = st.columns(2)
    allocations = plan.allocations
    with left:
        st.subheader(t("plan.heatmap"))
        if len(allocations):
            st.altair_chart(charts.heatmap(allocations), width="stretch", key="plan.heatmap")
        st.subheader(t("plan.utilisation"))
        if len(plan.groups):
            st.altair_chart(charts.utilisation(plan.groups), width="stretch", key="plan.utilisation")
    with right:
        st.subheader(t("plan.levels"))
        levels = plan.segment_levels
        if len(levels) and len(plan.segments):
            st.altair_chart(charts.levels_bars(levels, plan.segments), width="stretch", key="plan.levels")
        st.subheader(t("plan.prospects"))
        if len(plan.prospects):
            st.altair_chart(charts.prospects(plan.prospects), width="stretch", key="plan.prospects")
            st.caption(
                f"{t('plan.kpi.hunters')}: {fmt.number(plan.kpis['hunters'])} · "
                f"{t('plan.kpi.new_clients')}: {fmt.number(plan.kpis['new_clients'])}"
            )
        else:
            st.caption(t("plan.no_prospects"))

    st.subheader(t("plan.shadow"))
    lines = [str(x) for x in plan.shadow_prices["text"]] if len(plan.shadow_prices) else []
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    else:
        st.caption(t("plan.shadow.none"))

    explanations = plan.explanations
    if len(explanations):
        with st.expander(t("plan.explanations")):
            fmt.show_table(explanations, key="plan.explanations")
    with st.expander(t("plan.segments_table")):
        fmt.show_table(plan.segments, key="plan.segments_table", percent=("coverage", "min_coverage"))
    with st.expander(t("plan.groups_table")):
        fmt.show_table(plan.groups, key="plan.groups_table", percent=("utilisation",))
    with st.expander(t("plan.allocation")):
        fmt.show_table(allocations, key="plan.allocation")
    st.caption(certificate_note(plan))


def render() -> None:
    scen = state.scenario()
    st.title(t("plan.title"))
    solved, stale = state.working_plan()
    if stale:
        st.warning(t("stale_plan"))
        current = state.solve(scen)
        if current.unexpected:
            st.error(t("unexpected", detail=current.unexpected))
        for p in current.problems:
            st.error(str(p))
    elif solved.unexpected:
        st.error(t("unexpected", detail=solved.unexpected))
        return
    elif solved.plan is None:
        for p in solved.problems:
            st.error(str(p))
        return
    plan = solved.plan
    st.caption(t("plan.caption", status=fmt.status_text(plan), seconds=solved.seconds, scenario=plan.scenario.name))
    if not plan.ok:
        diagnosis_card(plan)
        return
    render_plan(plan, scen, solved)


if __name__ == "__main__":
    render()
