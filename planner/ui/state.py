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
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from models import Scenario
from planner.errors import InputError, PlannerError, Problem
from planner.i18n import language
from planner.scenario_io import (
    dumps_scenario,
    load_scenario,
    loads_scenario,
    scenario_dir,
    scenario_from_data,
    scenario_to_data,
)
from planner.ui.text import t

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIOS_DIR / "default.yaml"
FALLBACK_SCENARIO = ROOT / "tests" / "fixtures" / "example2.yaml"
MAX_SCENARIO_BYTES = 2 * 1024 * 1024
MAX_TABLE_BYTES = 20 * 1024 * 1024

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
        lines = "\n".join(f"- `{p.path}`: {p.message}" if p.path else f"- {p.message}" for p in problems)
        st.error(t("edit.rejected") + "\n" + lines)


def notice(message: str | None = None) -> str | None:
    """A one-shot message for the next run (set by callbacks, shown once by the sidebar)."""
    if message is not None:
        st.session_state[NOTICE] = message
        return None
    return st.session_state.pop(NOTICE, None)


# ----- solving, cached by content ---------------------------------------------------------------
@dataclass(frozen=True)
class Solved:
    """A plan (possibly failed but renderable), or the problems that stopped it, and the time."""

    plan: Any | None
    seconds: float
    problems: tuple[Problem, ...] = ()
    unexpected: str | None = None

    @property
    def ok(self) -> bool:
        return self.plan is not None and bool(getattr(self.plan, "ok", False))


@st.cache_data(max_entries=96, show_spinner=False)
def _solve_text(yaml_text: str, base: str, lang: str) -> Solved:  # lang: the plan's texts
    from planner.optimise import plan_scenario

    start = time.perf_counter()
    try:
        scen = loads_scenario(yaml_text, source=t("edit.source"))
        plan = plan_scenario(scen, base_dir=Path(base), raise_on_failure=False)
    except InputError as exc:
        return Solved(None, time.perf_counter() - start, tuple(exc.problems))
    except PlannerError as exc:
        return Solved(getattr(exc, "plan", None), time.perf_counter() - start, (Problem("", str(exc)),))
    except Exception as exc:  # noqa: BLE001 - the app shows a message, never a traceback
        log.exception("solve failed")
        return Solved(None, time.perf_counter() - start, unexpected=f"{type(exc).__name__}: {exc}")
    return Solved(plan, time.perf_counter() - start)


def solve(scen: Scenario, base: Path | None = None) -> Solved:
    """The plan of a scenario, solved once per distinct content (and table folder)."""
    with st.spinner(t("solving")):  # in the session's language (a cache's spinner text is fixed at import)
        return _solve_text(dumps_scenario(scen), str(base or base_dir()), language())


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
def _prepare_text(yaml_text: str, base: str, lang: str) -> tuple[Scenario | None, tuple[Problem, ...]]:
    from planner.prepare import prepare_scenario

    try:
        return prepare_scenario(loads_scenario(yaml_text), Path(base)), ()
    except InputError as exc:
        return None, tuple(exc.problems)


def prepared(scen: Scenario | None = None) -> tuple[Scenario | None, tuple[Problem, ...]]:
    """The scenario with its client tables applied (counts, margins, revenue from data)."""
    return _prepare_text(dumps_scenario(scen or scenario()), str(base_dir()), language())


# ----- uploads ----------------------------------------------------------------------------------
def upload_folder(data: bytes) -> Path:
    """A folder for an uploaded table, named by its content so that cache keys follow content."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "planner-uploads" / digest
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def adopt_scenario_upload(name: str, data: bytes) -> None:
    """Replace the working scenario by an uploaded YAML/JSON file, or record why not."""
    ss = st.session_state
    if len(data) > MAX_SCENARIO_BYTES:
        ss[ERRORS]["upload"] = [Problem(name, t("upload.too_big", limit=f"{MAX_SCENARIO_BYTES / 2**20:g}"))]
        return
    try:
        new = loads_scenario(data, source=name)
        # Relative table paths of an uploaded scenario resolve against the shipped scenarios; a
        # table that is not there is refused now rather than leaving a scenario without a plan.
        _prepared, problems = _prepare_text(dumps_scenario(new), str(SCENARIOS_DIR), language())
        if problems:
            raise InputError(list(problems))
    except InputError as exc:
        ss[ERRORS]["upload"] = [Problem(f"{name}: {p.path}" if p.path else name, p.message) for p in exc.problems]
        return
    ss[ERRORS].pop("upload", None)
    replace_scenario(new, source=name, base_dir=SCENARIOS_DIR)
    notice(t("upload.scenario_done", name=name))


def adopt_table_upload(name: str, data: bytes) -> None:
    """Point the working scenario's `clients.file` at an uploaded CSV/XLSX table, if it segments."""
    ss = st.session_state
    current = scenario()
    if len(data) > MAX_TABLE_BYTES:
        ss[ERRORS]["upload"] = [Problem(name, t("upload.too_big", limit=f"{MAX_TABLE_BYTES / 2**20:g}"))]
        return
    if current.clients is None:
        ss[ERRORS]["upload"] = [Problem("clients", t("upload.no_clients_block"))]
        return
    folder = upload_folder(data)
    safe_name = Path(name).name or "clients.csv"
    (folder / safe_name).write_bytes(data)
    doc = scenario_to_data(current)
    doc["clients"]["file"] = safe_name
    # Today's allocation counts clients of the old table; for a new table it no longer applies.
    dropped_current = bool(doc.get("current", {}).get("levels"))
    if dropped_current:
        doc["current"].pop("levels")
        if not doc["current"]:
            doc.pop("current")
    if current.prospects_data is not None:  # the scenario's prospect table goes with it
        from planner.containment import contained_file

        try:
            source = contained_file(current.prospects_data.file, base_dir(), field="prospects_data.file")
            (folder / "prospects" ).mkdir(exist_ok=True)
            copy = folder / "prospects" / source.name
            copy.write_bytes(source.read_bytes())
            doc["prospects_data"]["file"] = f"prospects/{source.name}"
        except InputError:
            pass  # prepare_scenario below reports it
    try:
        new = scenario_from_data(doc, source=name)
        from planner.prepare import prepare_scenario

        prepare_scenario(new, folder)
    except InputError as exc:
        ss[ERRORS]["upload"] = [Problem(f"{name}: {p.path}" if p.path else name, p.message) for p in exc.problems]
        return
    ss[ERRORS].pop("upload", None)
    replace_scenario(new, source=ss.get(SOURCE, name), base_dir=folder)
    notice(t("upload.table_done", name=name) + (" " + t("upload.current_dropped") if dropped_current else ""))


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
