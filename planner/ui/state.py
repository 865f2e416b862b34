"""Session state and caching of the app: the working scenario, its edits, its cached plans.

Every page is a function of this state. The working scenario is a frozen `Scenario`; an edit
builds a new one from plain data (`scenario_from_data`) and replaces it only when it validates,
so a bad edit leaves the last good scenario (and its plan) in place and records problems that
the page shows next to the editor. Solves are cached by the scenario's canonical YAML text.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import time
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from models import Scenario
from models.limits import MAX_SCENARIO_BYTES, MAX_TABLE_BYTES  # noqa: F401 - the pages read both through state
from planner.containment import shown
from planner.errors import InputError, Problem
from planner.i18n import language
from planner.recipes import without_variants
from planner.scenario_io import (
    dumps_scenario,
    load_scenario,
    loads_scenario,
    scenario_dir,
    scenario_from_data,
    scenario_to_data,
)
from planner.ui import jobs, uploads, worker
from planner.ui.jobs import Solved
from planner.ui.markdown import code, md
from planner.ui.text import t

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIOS_DIR / "default.yaml"
FALLBACK_SCENARIO = ROOT / "tests" / "fixtures" / "example2.yaml"

# Session-state keys that are not widgets. Widget keys all start with "w." so that replacing
# the working scenario wholesale can reset every widget to the new scenario's values.
SCENARIO = "scenario"
SOURCE = "scenario.source"
BASE_DIR = "scenario.base_dir"
GENERATION = "scenario.generation"
ERRORS = "scenario.errors"
START_PATH = "scenario.start_path"  # set by app.py (or a test) before the first run
NOTICE = "scenario.notice"
LAST_GOOD = "plan.last_good"
STOPPED = "work.stopped"  # content digest -> why its job was stopped (time, memory): not tried again
EDITS = "scenario.edits"  # edits applied so far: grid editors are keyed by it, so they redraw from the scenario
WIDGET_PREFIX = "w."


# ----- the working scenario --------------------------------------------------------------------
def shipped_scenarios() -> dict[str, Path]:
    """Scenario files shipped in scenarios/, by file name (the default first)."""
    files = sorted(SCENARIOS_DIR.glob("*.yaml")) + sorted(SCENARIOS_DIR.glob("*.json"))
    out = {p.name: p for p in files}
    if not out and FALLBACK_SCENARIO.is_file():
        out[FALLBACK_SCENARIO.name] = FALLBACK_SCENARIO
    ordered = {k: out[k] for k in sorted(out, key=lambda k: (k != DEFAULT_SCENARIO.name, k))}
    return ordered


def start_path(requested: str | None) -> Path:
    if requested:
        p = Path(requested)
        return p if p.is_absolute() else (Path.cwd() / p)
    return DEFAULT_SCENARIO if DEFAULT_SCENARIO.is_file() else FALLBACK_SCENARIO


def init_state(requested: str | None) -> None:
    """First run of a session: load the start scenario (or record why it could not load)."""
    ss = st.session_state
    ss.setdefault(GENERATION, 0)
    ss.setdefault(ERRORS, {})
    if SCENARIO in ss:
        return
    path = start_path(ss.get(START_PATH) or requested)
    try:
        scenario = load_scenario(path)
    except InputError as exc:
        ss[ERRORS]["start"] = exc.problems
        fallback = FALLBACK_SCENARIO
        scenario = load_scenario(fallback)
        path = fallback
    replace_scenario(scenario, source=path.name, base_dir=scenario_dir(path))


def load_scenario_cached(path: Path) -> Scenario | None:
    """A shipped scenario as it is on disk (None if it no longer loads)."""
    try:
        return _load_text(path.read_text(encoding="utf-8"), path.name)
    except (InputError, OSError):
        return None


@st.cache_data(max_entries=16, show_spinner=False)
def _load_text(text: str, name: str) -> Scenario:
    return loads_scenario(text, source=name)


def scenario() -> Scenario:
    return st.session_state[SCENARIO]


def base_dir() -> Path:
    return Path(st.session_state[BASE_DIR])


def generation() -> int:
    return int(st.session_state.get(GENERATION, 0))


def replace_scenario(new: Scenario, *, source: str, base_dir: Path) -> None:
    """Replace the working scenario wholesale (load, upload, adopt a variant): widgets reset."""
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del ss[key]
    for key in [k for k in ss if isinstance(k, str) and k.startswith("base.")]:
        del ss[key]
    ss.pop(LAST_GOOD, None)  # the last good plan was of another scenario
    ss[SCENARIO] = new
    ss[SOURCE] = source
    ss[BASE_DIR] = str(base_dir)
    ss[GENERATION] = generation() + 1
    ss[ERRORS] = {k: v for k, v in ss.get(ERRORS, {}).items() if k in ("start", "upload")}


def edit_scenario(editor: str, change: Callable[[dict[str, Any]], None], *, check_tables: bool = False) -> bool:
    """Apply `change` to a deep copy of the working scenario's data and validate the result.

    On success the working scenario becomes the new Scenario (a new frozen object); on an
    `InputError` the problems are kept under `editor` and the scenario stays as it was.
    `check_tables` also segments the client tables with the new scenario before accepting it
    (for edits of the segmentation rules, whose mistakes only the data reveals)."""
    ss = st.session_state
    data = copy.deepcopy(scenario_to_data(scenario()))
    try:
        change(data)
        new = scenario_from_data(data, source=t("edit.source"))
    except InputError as exc:
        ss[ERRORS][editor] = exc.problems
        return False
    except (ValueError, TypeError) as exc:  # a value the editor could not convert
        ss[ERRORS][editor] = [Problem("", str(exc))]
        return False
    if check_tables and new != scenario():
        _prepared, problems = _prepare_text(dumps_scenario(new), str(base_dir()), language())
        if problems:
            ss[ERRORS][editor] = list(problems)
            return False
    ss[ERRORS].pop(editor, None)
    if new != scenario():
        ss[SCENARIO] = new
        ss[EDITS] = int(ss.get(EDITS, 0)) + 1
    return True


def errors(editor: str) -> list[Problem]:
    return list(st.session_state.get(ERRORS, {}).get(editor, []))


def clear_errors(editor: str) -> None:
    st.session_state.get(ERRORS, {}).pop(editor, None)


def set_errors(editor: str, problems: list[Problem]) -> None:
    st.session_state[ERRORS][editor] = problems


def show_errors(editor: str) -> None:
    """The inline error of an editor: each problem with the path of its field."""
    problems = errors(editor)
    if problems:
        from planner.ui.names import names  # field paths in words: the names of this scenario

        words = names(scenario()).path

        def place(path: str) -> str:
            said = words(path)
            return code(path) if said == path else md(said)

        lines = "\n".join(f"- {place(p.path)}: {md(p.message)}" if p.path else f"- {md(p.message)}" for p in problems)
        st.error(t("edit.rejected") + "\n" + lines)


def notice(message: str | None = None) -> str | None:
    """A one-shot message for the next run (set by callbacks, shown once by the sidebar)."""
    if message is not None:
        st.session_state[NOTICE] = message
        return None
    return st.session_state.pop(NOTICE, None)


# ----- bounded work -----------------------------------------------------------------------------
def session_key() -> str:
    """The browser session this script run serves ("local" outside a Streamlit run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "local"


def session_active(key: str) -> bool:
    """Whether the session `key` still has a browser (always, where no server runs: AppTest)."""
    from streamlit import runtime

    if key == "local" or not runtime.exists():
        return True
    return runtime.get_instance().is_active_session(key)


def bounded(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`func(*args, **kwargs)` in this session's worker, within the time limit and the memory
    bound (planner/ui/worker.py); `worker.WorkError` when it was stopped. A `progress=`
    callback is called here as the job reports progress there."""
    key = session_key()
    worker.watch_sessions(session_active, on_end=uploads.remove_session)
    return worker.worker_for(key).run(func, *args, alive=lambda: session_active(key), **kwargs)


def work_problem(exc: worker.WorkError) -> Problem:
    """What the page says about a job that was stopped."""
    if exc.reason == "time":
        return Problem("", t("work.time", seconds=worker.TIME_LIMIT))
    if exc.reason == "memory":
        return Problem("", t("work.memory", mb=worker.MEMORY_BYTES // 2**20))
    return Problem("", t("work.crashed"))


# ----- solving, cached by content ---------------------------------------------------------------
@st.cache_data(max_entries=96, show_spinner=False)
def _solve_text(yaml_text: str, base: str, lang: str) -> Solved:  # lang: the plan's texts
    # A stopped job raises out of here, so that it is not cached: the next run tries again.
    return bounded(jobs.solve_text, yaml_text, base, lang, t("edit.source"))


def _once(kind: str, func: Callable[..., Any], *args: str) -> Any:
    """`func(*args)`, except that content whose job was stopped at the time limit or the memory
    bound in this session is not run again: every later part of the page (the sidebar's profit,
    another rerun) gets the same WorkError at once instead of another full-length job."""
    stopped = st.session_state.setdefault(STOPPED, {})
    digest = hashlib.sha256("\0".join((kind, *args)).encode("utf-8")).hexdigest()
    if digest in stopped:
        raise worker.WorkError(stopped[digest])
    try:
        return func(*args)
    except worker.WorkError as exc:
        if exc.reason in ("time", "memory"):
            stopped[digest] = exc.reason
        raise


def solve(scen: Scenario, base: Path | None = None) -> Solved:
    """The plan of a scenario, solved once per distinct content (and table folder)."""
    start = time.perf_counter()
    with st.spinner(t("solving")):  # in the session's language (a cache's spinner text is fixed at import)
        try:
            # variants are recipes kept with the scenario, not part of its plan (nor of the cache key)
            return _once("solve", _solve_text, dumps_scenario(without_variants(scen)), str(base or base_dir()), language())
        except worker.WorkError as exc:
            if exc.reason == "crashed":
                return Solved(None, time.perf_counter() - start, unexpected=t("unexpected_detail"))
            return Solved(None, time.perf_counter() - start, (work_problem(exc),))


def working_plan() -> tuple[Solved, bool]:
    """The working scenario's plan, and whether it is the last good one instead (the working
    scenario could not be planned because of an input problem)."""
    solved = solve(scenario())
    ss = st.session_state
    if solved.plan is not None:
        ss[LAST_GOOD] = solved
        return solved, False
    last = ss.get(LAST_GOOD)
    if last is not None and (solved.problems or solved.unexpected):
        return last, True
    return solved, False


@st.cache_data(max_entries=32, show_spinner=False)
def _prepare_cached(yaml_text: str, base: str, lang: str) -> tuple[Scenario | None, tuple[Problem, ...]]:
    return bounded(jobs.prepare_text, yaml_text, base, lang)


def _prepare_text(yaml_text: str, base: str, lang: str) -> tuple[Scenario | None, tuple[Problem, ...]]:
    try:
        return _once("prepare", _prepare_cached, yaml_text, base, lang)
    except worker.WorkError as exc:
        return None, (work_problem(exc),)


def prepared(scen: Scenario | None = None) -> tuple[Scenario | None, tuple[Problem, ...]]:
    """The scenario with its client tables applied (counts, margins, revenue from data)."""
    return _prepare_text(dumps_scenario(scen or scenario()), str(base_dir()), language())


# ----- uploads ----------------------------------------------------------------------------------
def _upload_problems(name: str, problems: Any) -> list[Problem]:
    shown_name = shown(name, 80)
    return [Problem(f"{shown_name}: {p.path}" if p.path else shown_name, p.message) for p in problems]


def adopt_scenario_upload(name: str, data: bytes) -> None:
    """Replace the working scenario by an uploaded YAML/JSON file, or record why not.

    An uploaded scenario reads only tables uploaded in this session (planner/ui/uploads.py): its
    table folder is the session's latest upload folder, never the server's own folders."""
    ss = st.session_state
    if len(data) > MAX_SCENARIO_BYTES:
        ss[ERRORS]["upload"] = [Problem(shown(name, 80), t("upload.too_big", limit=f"{MAX_SCENARIO_BYTES / 2**20:g}"))]
        return
    folder = uploads.table_folder(session_key())
    try:
        new, problems = bounded(jobs.load_upload, data, name, str(folder), language())
    except worker.WorkError as exc:
        new, problems = None, (work_problem(exc),)
    if new is None:
        problems = list(problems)
        if any(p.path.endswith(".file") for p in problems):
            problems.append(Problem("", t("upload.tables_hint")))
        ss[ERRORS]["upload"] = _upload_problems(name, problems)
        return
    ss[ERRORS].pop("upload", None)
    replace_scenario(new, source=shown(name, 80), base_dir=folder)
    notice(t("upload.scenario_done", name=md(shown(name, 80))))


# ----- small helpers for editors -----------------------------------------------------------------
def native(value: Any) -> Any:
    """A plain Python value from a table cell (numpy scalars, NaN -> None, 3.0 -> 3 for counts)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def whole(value: Any) -> Any:
    """A count from a cell: integral floats become ints (the schema's counts are strict ints)."""
    value = native(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def editor_base(key: str, build: Callable[[], Any]) -> Any:
    """The data a keyed `st.data_editor` edits: fixed while its edits live, rebuilt when fresh.

    The editor's own edits are deltas on this base; a fresh editor (first render, another page
    visited, scenario replaced) starts from the working scenario again."""
    ss = st.session_state
    base_key = "base." + key
    if key not in ss or base_key not in ss:
        ss[base_key] = build()
    return ss[base_key]
