"""The sidebar on every page: pick, upload and download the working scenario; the profit."""

from __future__ import annotations

import math
import re

import streamlit as st

from planner.scenario_io import dumps_scenario, load_scenario, scenario_dir
from planner.errors import InputError
from planner.ui import fmt, language, mapping, state, workspace
from planner.ui.markdown import md
from planner.ui.text import t


def _megabytes(limit: int) -> int:
    """The uploader's limit in whole MB (the exact byte limit is checked again on upload)."""
    return max(1, math.ceil(limit / 2**20))


def slug(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name.strip()).strip("-").lower() or "scenario"


def _load_shipped(name: str | None = None) -> None:
    name = name or st.session_state.get("side.pick")
    path = state.shipped_scenarios().get(name)
    if path is None:
        return
    try:
        scen = load_scenario(path)
    except InputError as exc:
        state.set_errors("upload", exc.problems)
        return
    state.clear_errors("upload")
    state.replace_scenario(scen, source=path.name, base_dir=scenario_dir(path))


def _take_upload(key: str, adopt, removed=None) -> None:
    """Use an uploaded file once (a rerun keeps the same file in the widget); `removed()` runs
    when the file is taken out of the widget (its problems leave with it)."""
    upload = st.session_state.get(key)
    seen_key = key + ".seen"
    if upload is None:
        if st.session_state.pop(seen_key, None) is not None and removed is not None:
            removed()
        return
    if st.session_state.get(seen_key) == upload.file_id:
        return
    st.session_state[seen_key] = upload.file_id
    adopt(upload.name, upload.getvalue())


def take_uploads() -> None:
    """Use new uploads before the page draws, so that the page shows the uploaded scenario."""
    _take_upload("side.upload_scenario", _adopt_scenario_or_bundle, lambda: state.clear_errors("upload"))
    _take_upload("side.upload_table", mapping.take_table_upload, mapping.clear_table_upload)


def _adopt_scenario_or_bundle(name: str, data: bytes) -> None:
    if workspace.is_bundle_name(name):
        workspace.adopt_bundle_upload(name, data)
    else:
        state.adopt_scenario_upload(name, data)


def _download() -> None:
    """The working scenario as a bundle (with its tables and variants) when it reads a table,
    else as YAML."""
    scen = state.scenario()
    if workspace.uses_tables(scen):
        if workspace.bundle_button(slug(scen.name) + ".zip", key="side.download", icon=":material/download:",
                                   help=workspace.TEXT["download_help"]):
            return
    st.download_button(
        t("side.download"),
        data=dumps_scenario(scen),
        file_name=slug(scen.name) + ".yaml",
        mime="application/x-yaml",
        key="side.download",
        icon=":material/download:",
        on_click="ignore",
    )


def render() -> None:
    """Drawn after the page, so that the download and the profit include the page's edits."""
    ss = st.session_state
    with st.sidebar:
        language.switch()
        shipped = state.shipped_scenarios()
        names = list(shipped)
        current = ss.get(state.SOURCE)
        st.selectbox(
            t("side.pick"),
            names,
            index=names.index(current) if current in names else None,
            key="side.pick",
            help=t("side.pick_help"),
            on_change=_load_shipped,
        )
        st.file_uploader(
            t("side.upload_scenario"),
            type=["yaml", "yml", "json", "zip"],
            key="side.upload_scenario",
            max_upload_size=_megabytes(max(state.MAX_SCENARIO_BYTES, workspace.MAX_BUNDLE_UPLOAD)),
        )
        st.file_uploader(
            t("side.upload_table"),
            type=["csv", "xlsx"],
            key="side.upload_table",
            help=t("side.upload_table_help"),
            max_upload_size=_megabytes(state.MAX_TABLE_BYTES),
        )
        if state.errors("upload"):
            problems = state.errors("upload")
            st.error(t("upload.rejected") + "\n" + "\n".join(f"- {md(p)}" for p in problems))
        mapping.sidebar_pointer()
        if state.errors("start"):
            st.warning(t("side.start_failed") + "\n" + "\n".join(f"- {md(p)}" for p in state.errors("start")))
        message = state.notice()
        if message:
            st.success(message)

        scen = state.scenario()
        st.markdown(t("side.scenario", name=md(scen.name)))
        st.caption(t("side.source", source=ss.get(state.SOURCE, "").replace("`", "'")))
        source = ss.get(state.SOURCE)
        if source in shipped and state.load_scenario_cached(shipped[source]) != scen:
            st.button(
                t("side.reset"), key="side.reset", help=t("side.reset_help"), on_click=_load_shipped, args=(source,),
                icon=":material/undo:",
            )
        _download()
        solved, _stale = state.working_plan()
        plan = solved.plan
        if plan is not None and plan.ok:
            profit = plan.kpis["profit"]
            base = fmt.baseline_kpis(plan)
            delta = None if base is None else profit - base.get("profit", 0.0)
            st.metric(
                t("side.profit"),
                fmt.money(profit, scen),
                delta=None if delta is None else fmt.money(delta, scen, signed=True),
            )
        else:
            st.caption(t("side.no_plan"))

