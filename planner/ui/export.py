"""Export: the plan workbook, the books of accounts (with a client table), CSV, the scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from planner.errors import PlannerError
from planner.scenario_io import dumps_scenario, loads_scenario
from planner.ui import sidebar, state, workspace
from planner.ui.text import t
from planner.i18n import language
from planner.workbook import csv_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_workbook(plan: Any) -> bytes:
    """The plan workbook as bytes (planner.export)."""
    from planner.export import plan_workbook_bytes

    return plan_workbook_bytes(plan)


@st.cache_data(max_entries=16, show_spinner=False)
def _plan_workbook_cached(yaml_text: str, base: str, lang: str) -> bytes | None:
    solved = state.solve(loads_scenario(yaml_text), Path(base))
    return plan_workbook(solved.plan) if solved.plan is not None and solved.plan.ok else None


def books_workbook(yaml_text: str, base: str) -> bytes:
    """The books workbook of a scenario (built when the user clicks: it segments every client)."""
    from planner.books import books_sheets
    from planner.plan_books import books_for_scenario
    from planner.workbook import workbook_bytes

    scen = loads_scenario(yaml_text)
    return workbook_bytes(books_sheets(books_for_scenario(scen, Path(base))), scen.currency)


def render() -> None:
    scen = state.scenario()
    name = sidebar.slug(scen.name)
    st.title(t("export.title"))
    st.write(t("export.intro"))
    yaml_text = dumps_scenario(scen)

    st.download_button(
        t("export.scenario_yaml"), data=yaml_text, file_name=f"{name}.yaml", mime="application/x-yaml",
        key="export.scenario_yaml", on_click="ignore", icon=":material/description:",
    )
    st.caption(t("export.scenario_yaml_help"))
    if workspace.uses_tables(scen):
        if workspace.bundle_button(f"{name}.zip", key="export.bundle", icon=":material/folder_zip:"):
            st.caption(workspace.TEXT["download_help"])
    solved, stale = state.working_plan()
    plan = solved.plan
    if plan is None or not plan.ok or stale:
        st.info(t("export.no_plan"))
        return
    st.download_button(
        t("export.allocation_csv"), data=csv_text(plan.allocations), file_name=f"{name}-allocation.csv",
        mime="text/csv", key="export.allocation_csv", on_click="ignore", icon=":material/table:",
    )
    st.caption(t("export.allocation_csv_help"))
    try:
        workbook = _plan_workbook_cached(yaml_text, str(state.base_dir()), language())
    except (PlannerError, OSError, ValueError) as exc:
        st.error(t("export.failed", detail=exc))
        workbook = None
    if workbook is not None:
        st.download_button(
            t("export.plan_xlsx"), data=workbook, file_name=f"{name}-plan.xlsx", mime=XLSX,
            key="export.plan_xlsx", on_click="ignore", icon=":material/grid_on:",
        )
        st.caption(t("export.plan_xlsx_help"))

    if scen.clients is None:
        st.caption(t("export.no_books"))
    else:
        base = str(state.base_dir())
        st.download_button(
            t("export.books_xlsx"), data=lambda: books_workbook(yaml_text, base), file_name=f"{name}-books.xlsx",
            mime=XLSX, key="export.books_xlsx", on_click="ignore", icon=":material/menu_book:",
        )
        st.caption(t("export.books_xlsx_help"))


if __name__ == "__main__":
    render()
