"""The column-mapping step of the Clients page: which column of an uploaded client table is the
id, the 12-month revenue, the margin, today's manager, the name, today's level, and which column
feeds each criterion; then what each criterion sees and the rules that match no client.

An uploaded table waits here (`PENDING`) until its mapping segments: the working scenario keeps
its old table meanwhile. When the library's guess (`planner.mapping`) already segments, the
table is used at once and the mapping stays editable. Problems of an upload or a mapping are
shown once, here, under the form (`ERRORS` key `table`), and leave with the file.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from models import Scenario
from planner.containment import shown
from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue, language
from planner.mapping import ROLE_KEYS, ROLES, apply_mapping, guess_mapping
from planner.rule_check import closest, latin
from planner.scenario_io import dumps_scenario, scenario_from_data, scenario_to_data
from planner.ui import data_jobs, state, uploads, workspace
from planner.ui.markdown import code, md
from planner.ui.text import t

PENDING = "mapping.pending"
EDITOR = "table"  # state.ERRORS key: problems of the uploaded table or its mapping
NOT_USED = "\u2014"  # the option "no column"

TEXT = catalogue({
    "title": N_("Columns of the client table"),
    "pending": N_("The table **{file}** is not used yet: say which column is which and press *Use this mapping*."),
    "current": N_("Columns of **{file}**: change a choice and press *Use this mapping*."),
    "columns": N_("Columns and a sample of their values"),
    "col.column": N_("column"),
    "col.sample": N_("sample values"),
    "col.kind": N_("kind"),
    "col.missing": N_("empty cells"),
    "col.distinct": N_("distinct values"),
    "kind.number": N_("number"),
    "kind.text": N_("text"),
    "roles": N_("What the planner needs"),
    "role.id": N_("Client id"),
    "role.revenue": N_("Revenue of the last 12 months"),
    "role.margin": N_("Gross-margin rate"),
    "role.manager": N_("Today's manager"),
    "role.name": N_("Client name"),
    "role.level": N_("Today's service level"),
    "role.lock": N_("Keep with today's manager (yes/no)"),
    "role.help": N_("The library's guess from the header and the values; pick another column or \u2014 for none."),
    "criteria": N_("Columns the criteria read"),
    "criterion": N_("Criterion {id} ({method})"),
    "criterion_help": N_("\u2014: this table has no such column; the criterion and its conditions in the rules are dropped."),
    "score": N_("Criterion {id} is a score of {columns}: edit it in the rules below."),
    "apply": N_("Use this mapping"),
    "needed": N_("choose a column for {role}"),
    "applied": N_("The client table {file} is segmented with this mapping."),
    "dropped": N_("Criteria without a column were dropped, with their conditions in the rules: {ids}."),
    "current_from_table": N_("Today's allocation (`current`) described the previous table, so it was removed: the baseline is now today's owners in the table's manager column."),
    "current_dropped": N_("Today's allocation (`current.levels`) counted the previous table, so it was removed."),
    "too_big": N_("file is larger than {limit} MB"),
    "no_clients": N_("this scenario has no `clients` block (criteria and rules) to segment a table with: load one that has, such as default.yaml"),
    "unreadable": N_("The table could not be read:"),
    "rejected": N_("This mapping was not used:"),
    "see": N_("Map the columns of {file} on the Clients page."),
    "sees": N_("What each criterion sees"),
    "values.value": N_("value"),
    "values.clients": N_("clients"),
    "rules": N_("Clients per rule (first match wins)"),
    "rule.segment": N_("segment"),
    "rule.matching": N_("meet its conditions"),
    "rule.clients": N_("clients it takes"),
    "method.category": N_("values as they are"),
    "method.bins": N_("intervals"),
    "method.abc": N_("ABC by share"),
    "method.quantiles": N_("quantiles"),
    "method.score": N_("score"),
})


def tx(key: str, **values: object) -> str:
    text = TEXT[key]
    return text.format(**values) if values else str(text)


# ----- the upload --------------------------------------------------------------------------------
def take_table_upload(name: str, data: bytes) -> None:
    """A client table from the sidebar: written privately into the session's folder with a copy
    of the scenario's prospect table, its columns guessed; used at once when the guess
    segments, else waiting for the mapping. A table that cannot be read is deleted at once."""
    discard_pending()
    state.clear_errors(EDITOR)
    current = state.scenario()
    shown_name = shown(name, 80)
    if len(data) > state.MAX_TABLE_BYTES:
        state.set_errors(EDITOR, [Problem(shown_name, tx("too_big", limit=f"{state.MAX_TABLE_BYTES / 2**20:g}"))])
        return
    if current.clients is None:
        state.set_errors(EDITOR, [Problem("clients", tx("no_clients"))])
        return
    key = state.session_key()
    folder, file = uploads.store_table(key, name, data)
    moved = {}
    if current.prospects_data is not None:  # the scenario's prospect table goes with it
        copied = uploads.copy_table(folder, current.prospects_data.file, state.base_dir(), "prospects_data.file")
        if copied is not None:
            moved["prospects_data"] = copied
    sample, problems = read_columns(folder / file, {})
    if sample is None:
        if folder != state.base_dir():
            uploads.discard(folder)
        state.set_errors(EDITOR, [Problem(f"{shown_name}: {p.path}" if p.path else shown_name, p.message)
                                  for p in problems])
        return
    token = hashlib.sha256(f"{folder}/{file}".encode()).hexdigest()[:10]
    st.session_state[PENDING] = {"file": file, "folder": str(folder), "moved": moved, "token": token}
    roles, criteria = proposal(current, sample)
    if all(criteria.values()) and roles.get("id") and roles.get("revenue"):
        use_mapping(roles, criteria)  # the guess is complete: try it (its problems show on the form)


def discard_pending() -> None:
    """Forget the waiting upload and delete its folder (unless the working scenario reads it)."""
    p = st.session_state.pop(PENDING, None)
    if p is not None and Path(p["folder"]) != state.base_dir():
        uploads.discard(Path(p["folder"]))


def clear_table_upload() -> None:
    """The file was removed from the uploader: its waiting mapping and its problems go too."""
    discard_pending()
    state.clear_errors(EDITOR)


def pending() -> dict[str, Any] | None:
    return st.session_state.get(PENDING)


# ----- reading and guessing ----------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def _sample(path: str, options: tuple[tuple[str, Any], ...], lang: str) -> tuple[pd.DataFrame | None, tuple[Problem, ...]]:
    return workspace.bounded_job(data_jobs.sample_job, path, dict(options), lang)


def read_columns(path: Path, options: dict[str, Any]) -> tuple[pd.DataFrame | None, tuple[Problem, ...]]:
    """A sample of every column of a table, read in the session's worker, or the problems."""
    return _sample(str(path), tuple(sorted((k, v) for k, v in options.items() if v is not None)), language())


def source_of(scen: Scenario) -> tuple[Path, str, dict[str, Any]]:
    """(table folder, file, read options) of the table being mapped: the waiting upload or the
    working scenario's own table."""
    p = pending()
    if p is not None:
        return Path(p["folder"]), p["file"], {}
    c = scen.clients
    return state.base_dir(), c.file, {"sheet": c.sheet, "delimiter": c.delimiter, "encoding": c.encoding}


def _criterion_column(criterion, headers: list[str], old_revenue: str, new_revenue: str | None) -> str | None:
    wanted = criterion.column
    if wanted in headers:
        return wanted
    if wanted == old_revenue and new_revenue:
        return new_revenue
    for guess in (wanted, criterion.id):
        if guess:
            plain = {latin(h).replace(" ", "_"): h for h in headers}
            match = closest(str(guess), headers) or plain.get(latin(str(guess)))
            if match:
                return match
    return None


def proposal(scen: Scenario, sample: pd.DataFrame, *, guess: bool = True) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The columns proposed for each role and criterion: the scenario's own where the table has
    them, else (`guess`: a new table) the library's guess (criteria: the same column, the new
    revenue column for the old revenue's, else the header that reads most like the old one in
    either alphabet). The working scenario's own table (`guess=False`) shows its mapping as is."""
    headers = [str(c) for c in sample.columns]
    guessed = guess_mapping(sample).columns if guess else {}
    c = scen.clients
    roles: dict[str, str | None] = {}
    for role in ROLES:
        own = getattr(c, ROLE_KEYS[role], None)
        roles[role] = own if own in headers else guessed.get(role)
    criteria = {}
    for crit in c.segmentation.criteria:
        if crit.method == "score":
            continue
        criteria[crit.id] = _criterion_column(crit, headers, c.revenue_column, roles["revenue"])
    return roles, criteria


# ----- applying a mapping ------------------------------------------------------------------------
def mapped_data(scen: Scenario, roles: dict[str, str | None], criteria: dict[str, str | None],
                file: str | None, moved: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The scenario's data with the mapping applied (and the new file, if any); the ids of the
    criteria dropped for want of a column."""
    data = copy.deepcopy(scenario_to_data(scen))
    clients = apply_mapping(data["clients"], roles)
    if file is not None and file != clients.get("file"):
        clients["file"] = file
        for key in ("sheet", "delimiter", "encoding", "decimal"):  # the old file's; a new one is detected
            clients.pop(key, None)
    seg = clients["segmentation"]
    dropped = [cid for cid, col in criteria.items() if not col]
    kept = []
    for crit in seg.get("criteria", []):
        if crit["id"] in dropped:
            continue
        if crit["id"] in criteria:
            crit["column"] = criteria[crit["id"]]
        kept.append(crit)
    seg["criteria"] = kept
    for rule in seg.get("rules", []):
        for cid in dropped:
            rule.get("when", {}).pop(cid, None)
        if "when" in rule and not rule["when"]:
            rule.pop("when")
    data["clients"] = clients
    for key, path in moved.items():
        data[key]["file"] = path
    return data, dropped


def _prepare(data: dict[str, Any], folder: Path) -> tuple[Scenario | None, list[Problem]]:
    """The scenario of `data` if it validates and prepares with the tables in `folder` (checked
    in the session's worker), else the problems."""
    try:
        new = scenario_from_data(data, source=t("edit.source"))
    except InputError as exc:
        return None, list(exc.problems)
    problems = _check(new, folder)
    return (None, problems) if problems else (new, [])


def _check(scen: Scenario, folder: Path) -> list[Problem]:
    from planner.ui import jobs, worker

    try:
        return list(state.bounded(jobs.check_scenario, scen, str(folder), language()))
    except worker.WorkError as exc:
        return [state.work_problem(exc)]


def use_mapping(roles: dict[str, str | None], criteria: dict[str, str | None]) -> bool:
    """Make the working scenario read the table with this mapping, or record why not."""
    scen = state.scenario()
    p = pending()
    folder = Path(p["folder"]) if p else state.base_dir()
    missing = [tx(f"role.{r}") for r in ("id", "revenue") if not roles.get(r)]
    if missing:
        state.set_errors(EDITOR, [Problem("clients", tx("needed", role=m)) for m in missing])
        return False
    data, dropped = mapped_data(scen, roles, criteria, p["file"] if p else None, p["moved"] if p else {})
    notes = []
    if p is not None and roles.get("manager") and "current" in data:
        # Today's allocation described the previous table; the new one says who serves whom
        # today, so the baseline is read from it (`baseline.kind: clients_table`).
        data.pop("current")
        notes.append(tx("current_from_table"))
    new, problems = _prepare(data, folder)
    if problems and all(q.path.startswith("current.levels") for q in problems):
        current = data.get("current", {})
        current.pop("levels", None)
        if not current:
            data.pop("current", None)
        new, problems = _prepare(data, folder)
        notes.append(tx("current_dropped"))
    if problems:
        state.set_errors(EDITOR, problems)
        return False
    state.clear_errors(EDITOR)
    if p is not None:
        uploads.adopted(state.session_key(), folder)
    if p is not None or new != scen:
        state.replace_scenario(new, source=st.session_state.get(state.SOURCE, ""), base_dir=folder)
    file = new.clients.file
    st.session_state.pop(PENDING, None)
    if dropped:
        notes.append(tx("dropped", ids=", ".join(dropped)))
    state.notice(" ".join([tx("applied", file=md(file)), *notes]))
    return True


def _apply_clicked(token: str, crit_ids: list[str]) -> None:
    ss = st.session_state
    roles = {r: _choice(ss.get(f"w.map.{token}.{r}")) for r in ROLES}
    criteria = {c: _choice(ss.get(f"w.map.{token}.crit.{c}")) for c in crit_ids}
    use_mapping(roles, criteria)


def _choice(value: Any) -> str | None:
    return None if value in (None, NOT_USED) else str(value)


# ----- the form ----------------------------------------------------------------------------------
def columns_table(sample: pd.DataFrame) -> pd.DataFrame:
    from planner.mapping import column_samples

    rows = [{
        tx("col.column"): s.column,
        tx("col.sample"): " · ".join(s.values),
        tx("col.kind"): tx("kind.number") if s.numeric else tx("kind.text"),
        tx("col.missing"): s.missing,
        tx("col.distinct"): s.distinct,
    } for s in column_samples(sample)]
    return pd.DataFrame(rows)


def render_mapping(scen: Scenario) -> None:
    """The mapping form (expanded while a table waits), with its problems under it."""
    p = pending()
    folder, file, options = source_of(scen)
    sample, problems = read_columns(folder / file, options)
    if sample is None:
        st.error(tx("unreadable") + "\n" + "\n".join(f"- {md(q)}" for q in problems))
        return
    token = p["token"] if p else "own"
    roles, criteria = proposal(scen, sample, guess=p is not None)
    headers = [str(c) for c in sample.columns]
    options_list = [NOT_USED, *headers]
    with st.expander(tx("title"), expanded=p is not None or bool(state.errors(EDITOR))):
        st.markdown(tx("pending", file=md(file)) if p else tx("current", file=md(file)))
        st.caption(tx("columns"))
        st.dataframe(columns_table(sample), hide_index=True, width="stretch", key=f"map.{token}.columns")
        st.markdown(f"**{tx('roles')}**")
        cols = st.columns(3)
        for i, role in enumerate(ROLES):
            choice = roles.get(role)
            with cols[i % 3]:
                st.selectbox(tx(f"role.{role}"), options_list, index=options_list.index(choice) if choice in headers else 0,
                             key=f"w.map.{token}.{role}", help=tx("role.help"))
        crit_ids = list(criteria)
        if scen.clients.segmentation.criteria:
            st.markdown(f"**{tx('criteria')}**")
            cols = st.columns(3)
            for i, crit in enumerate(scen.clients.segmentation.criteria):
                with cols[i % 3]:
                    if crit.method == "score":
                        st.caption(tx("score", id=crit.id, columns=", ".join(crit.columns)))
                        continue
                    choice = criteria[crit.id]
                    st.selectbox(tx("criterion", id=crit.id, method=tx(f"method.{crit.method}")), options_list,
                                 index=options_list.index(choice) if choice in headers else 0,
                                 key=f"w.map.{token}.crit.{crit.id}", help=tx("criterion_help"))
        st.button(tx("apply"), key=f"w.map.{token}.apply", type="primary", on_click=_apply_clicked,
                  args=(token, crit_ids), icon=":material/check:")
    show_problems()


def show_problems() -> None:
    """The problems of the uploaded table or its mapping, once, on the Clients page."""
    problems = state.errors(EDITOR)
    if problems:
        st.error(tx("rejected") + "\n" + "\n".join(f"- {code(q.path)}: {md(q.message)}" if q.path else f"- {md(q.message)}"
                                                  for q in problems))


# ----- what the rules see -----------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def _report(yaml_text: str, base: str, lang: str):
    return workspace.bounded_job(data_jobs.rule_report_job, yaml_text, base, lang)


def render_rule_check(scen: Scenario) -> None:
    """A warning per rule that takes no client (naming the values that exist), the values of
    each criterion and the clients of each rule."""
    report, problems = _report(dumps_scenario(scen), str(state.base_dir()), language())
    if report is None:
        return  # the page already shows why the table does not segment
    for warning in report.warnings:
        st.warning(f"{code(warning.path)}: {md(warning.message)}", icon=":material/warning:")
    with st.expander(tx("sees")):
        crits = [c for c in report.criteria]
        if crits:
            tabs = st.tabs([c.criterion for c in crits])
            for tab, c in zip(tabs, crits):
                with tab:
                    frame = pd.DataFrame(list(c.values), columns=[tx("values.value"), tx("values.clients")])
                    st.dataframe(frame, hide_index=True, key=f"map.values.{c.criterion}")
        st.caption(tx("rules"))
        rules = pd.DataFrame([{"#": r.index, tx("rule.segment"): r.segment, tx("rule.matching"): r.matching,
                               tx("rule.clients"): r.clients} for r in report.rules])
        st.dataframe(rules, hide_index=True, key="map.rules")


def sidebar_pointer() -> None:
    """In the sidebar: a link to the Clients page while an uploaded table waits or was refused
    (the problem itself is shown there, once)."""
    p = pending()
    if p is None and not state.errors(EDITOR):
        return
    name = p["file"] if p else ""
    st.page_link(str(state.ROOT / "planner" / "ui" / "clients.py"), label=tx("see", file=md(name)),
                 icon=":material/table_view:")


__all__ = ["clear_table_upload", "mapped_data", "pending", "proposal", "render_mapping", "render_rule_check",
           "sidebar_pointer", "take_table_upload", "use_mapping"]
