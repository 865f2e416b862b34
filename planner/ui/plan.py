"""The Plan page: KPIs against the baseline, where the hours go, who is served how, what an
extra unit is worth, and for a scenario without a plan, what to change."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner import formatting
from planner.analysis.paths import set_paths
from planner.errors import InputError
from planner.horizon.plan import HorizonPlan
from planner.plan import Plan
from planner.recipes import without_variants
from planner.ui import charts, fmt, plan_words, state, welcome
from planner.ui.markdown import md
from planner.ui.people import people_line
from planner.ui.names import Names, names
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
            delta = fmt.card_value(name, value - float(base[name]), signed=True)
        col.metric(
            fmt.card_label(name, scen),
            fmt.card_value(name, value),
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


def diagnosis_card(plan: Plan | HorizonPlan) -> None:
    st.error(t("plan.infeasible"))
    diag = plan.diagnosis
    if diag is None:
        st.info(t("plan.no_diagnosis"))
        return
    with st.container(border=True):
        st.subheader(t("plan.diagnosis"))
        for line in diag.lines:
            st.markdown(f"- {md(line)}")
        if len(diag.items):
            shown = diag.items[["subject", "limit", "suggested", "change"]].copy()
            shown["subject"] = [_subject(state.scenario(), p, s) for p, s in zip(diag.items["path"], diag.items["subject"])]
            fmt.show_table(shown, key="plan.diagnosis_table")
        edits = diag.suggested_edits()
        if edits:
            st.button(
                t("plan.apply_suggestions"), key="plan.apply_suggestions", on_click=apply_suggestions,
                args=(edits,), type="primary", icon=":material/auto_fix_high:",
            )
        ways = getattr(diag, "ways", None)
        if ways is not None and len(ways):
            st.markdown(t("plan.ways"))
            for rank, text, edits in zip(ways["rank"], ways["text"], ways["edits"]):
                left, right = st.columns([5, 1], vertical_alignment="center")
                left.markdown(f"{text}")
                right.button(t("plan.apply_way"), key=f"plan.apply_way.{int(rank)}", on_click=apply_suggestions,
                             args=(dict(edits),), icon=":material/auto_fix_high:")
        state.show_errors("plan.suggestions")


def _subject(scen, path: Any, subject: Any) -> str:
    """A diagnosis item's limit in words: the place of its path, else the subject's name."""
    n = names(scen)
    if isinstance(path, str) and path:
        words = n.path(path)
        if words != path:
            return words
    return n.text(str(subject))


def allocation_table(plan: Plan, n: Names) -> pd.DataFrame:
    """The allocation with each line's hours per person of its group (hours / the plan's head
    count), beside the group's total hours on that line."""
    table = plan.allocations.copy()
    if len(table) and len(plan.groups):
        heads = plan.groups.set_index("group")["head_count"]
        count = table["group"].map(heads).astype(float)
        table["hours_per_person"] = (table["hours"] / count.where(count > 0)).fillna(0.0)
    return n.frame(table)


def groups_table(plan: Plan, scen, n: Names) -> pd.DataFrame:
    """Workload per group, with the names of the people the plan keeps."""
    table = plan.groups.copy()
    by_id = {g.id: g for g in scen.team.managers}
    people = []
    for gid, heads in zip(table["group"], table["head_count"]):
        grp = by_id.get(gid)
        people.append(people_line(grp, int(round(heads))) if grp else "")
    table["people"] = people
    drop = [c for c in ("decided",) if c in table.columns]
    return n.frame(table.drop(columns=drop))


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
    """Idle people and people over their hours in the books, as warnings on the page. The
    books take a second solve, so they are built when asked for (then kept for the scenario)."""
    if scen.clients is None:
        return
    import hashlib

    from planner.i18n import language
    from planner.scenario_io import dumps_scenario
    from planner.ui import worker

    text, base = dumps_scenario(without_variants(scen)), str(state.base_dir())
    digest = hashlib.sha256(f"{base}\n{text}".encode()).hexdigest()
    asked = st.session_state.setdefault("plan.books_checked", set())
    if digest not in asked:
        st.button(t("plan.check_books"), key="plan.check_books", on_click=asked.add, args=(digest,),
                  icon=":material/menu_book:")
        return
    try:
        flags = book_flags(text, base, language())
    except worker.WorkError:  # stopped (time or memory): the plan itself is still shown
        return
    if flags is None:
        return
    idle, over = flags
    if idle:
        st.warning(t("plan.idle_people", people=", ".join(idle)))
    if over:
        st.warning(t("plan.over_people", people=", ".join(over)))
    if not idle and not over:
        st.caption(t("plan.books_ok"))


def render_plan(plan: Plan, scen, solved: state.Solved) -> None:
    kpi_cards(plan, scen)
    base = plan.baseline
    if base is not None:
        st.caption(t("plan.baseline_kind", kind=t(f"plan.baseline.{base.kind}"), description=base.description))
    if base is not None and base.violations:
        st.caption(t("plan.baseline_infeasible", violations="; ".join(map(str, base.violations))))
    people_flags(scen)

    n = names(scen)
    left, right = st.columns(2)
    allocations = plan.allocations
    with left:
        st.subheader(t("plan.heatmap"))
        if len(allocations):
            st.altair_chart(charts.heatmap(n.frame(allocations)), width="stretch", key="plan.heatmap")
        st.subheader(t("plan.utilisation"))
        if len(plan.groups):
            st.altair_chart(charts.utilisation(n.frame(plan.groups)), width="stretch", key="plan.utilisation")
    with right:
        st.subheader(t("plan.levels"))
        levels = plan.segment_levels
        if len(levels) and len(plan.segments):
            st.altair_chart(charts.levels_bars(n.frame(levels), n.frame(plan.segments)), width="stretch",
                            key="plan.levels")
        st.subheader(t("plan.prospects"))
        if len(plan.prospects):
            st.altair_chart(charts.prospects(n.frame(plan.prospects)), width="stretch", key="plan.prospects")
            st.caption(
                f"{t('plan.kpi.hunters')}: {fmt.number(plan.kpis['hunters'])} · "
                f"{t('plan.kpi.new_clients')}: {fmt.number(plan.kpis['new_clients'])}"
            )
        else:
            st.caption(t("plan.no_prospects"))

    st.subheader(t("plan.shadow"))
    lines = [md(n.text(str(x))) for x in plan.shadow_prices["text"]] if len(plan.shadow_prices) else []
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    else:
        st.caption(t("plan.shadow.none"))

    plan_words.render(plan, scen, n)
    explanations = plan.explanations
    if len(explanations):
        with st.expander(t("plan.explanations")):
            shown = n.frame(explanations)
            if "text" in shown.columns:
                shown["text"] = shown["text"].map(n.text)
            fmt.show_table(shown, key="plan.explanations")
    with st.expander(t("plan.segments_table")):
        fmt.show_table(n.frame(plan.segments), key="plan.segments_table", percent=("coverage", "min_coverage"))
    with st.expander(t("plan.groups_table")):
        fmt.show_table(groups_table(plan, scen, n), key="plan.groups_table", percent=("utilisation",))
    with st.expander(t("plan.allocation")):
        fmt.show_table(allocation_table(plan, n), key="plan.allocation")
    st.caption(certificate_note(plan))


def render() -> None:
    scen = state.scenario()
    st.title(t("plan.title"))
    welcome.banner()
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
