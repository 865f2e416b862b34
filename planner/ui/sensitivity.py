"""Sensitivity: sweep one value of the scenario; Monte Carlo over its uncertain estimates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.errors import InputError
from planner.ui import charts, state
from planner.ui.text import t

KPIS = ["profit", "revenue", "gross_margin", "cost", "new_clients", "headcount"]


def suggested_paths() -> list[str]:
    scen = state.scenario()
    paths = [f"team.managers.{g.id}.hours" for g in scen.team.managers]
    paths += [f"team.managers.{g.id}.count" for g in scen.team.managers if not g.decided]
    paths += [f"team.managers.{g.id}.max_count" for g in scen.team.managers if g.decided]
    paths += ["team.hunters.max_count", "goal.max_cost", "goal.min_new_clients"]
    return paths


def sweep_section() -> None:
    analysis = state.optional_module("planner.analysis.sweep")
    paths_mod = state.optional_module("planner.analysis.paths")
    st.subheader(t("sens.sweep"))
    if analysis is None or paths_mod is None:
        st.info(t("missing.analysis"))
        return
    a, b = st.columns([2, 3])
    path = a.selectbox(t("sens.path"), suggested_paths(), key="sens.path", accept_new_options=True)
    values_text = b.text_input(t("sens.values"), key="sens.values", placeholder="1, 2, 3")
    if st.button(t("sens.run_sweep"), key="sens.run_sweep") and path and values_text:
        bar = st.progress(0.0)
        try:
            values = paths_mod.parse_values(values_text, path)
            table = analysis.sweep(
                state.scenario(),
                {path: values},
                base_dir=str(state.base_dir()),
                progress=lambda done, total: bar.progress(done / max(total, 1)),
            )
        except InputError as exc:
            st.error(t("sens.failed") + "\n" + "\n".join(f"- {p}" for p in exc.problems))
            return
        st.session_state["sens.sweep_result"] = (path, table)
    result = st.session_state.get("sens.sweep_result")
    if result is not None:
        path, table = result
        st.dataframe(table, hide_index=True, width="stretch", key="sens.sweep_table")
        numeric = pd.to_numeric(table[path], errors="coerce")
        if numeric.notna().all():
            data = table.assign(**{path: numeric})
            kpi = st.selectbox(t("kpi"), KPIS, key="sens.sweep_kpi")
            st.altair_chart(charts.curve(data.dropna(subset=[kpi]), path, kpi, path, kpi), key="sens.sweep_chart")


def render() -> None:
    st.title(t("sens.title"))
    st.write(t("sens.intro"))
    sweep_section()


if __name__ == "__main__":
    render()
