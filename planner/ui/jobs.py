"""The app's heavy work as plain functions of text (run in a session's worker: planner/ui/worker.py).

Each takes what it needs as strings and the language of its messages, and returns picklable
results: a user's mistake comes back as problems, never as an exception. No Streamlit here: the
worker processes import this module before their first job.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import Scenario
from planner.errors import InputError, PlannerError, Problem
from planner.i18n import using
from planner.scenario_io import dumps_scenario, loads_scenario

# Imported here so that a worker forked from the forkserver has them loaded already.
import planner.optimise  # noqa: E402,F401
import planner.prepare  # noqa: E402,F401
import planner.segmentation  # noqa: E402,F401


@dataclass(frozen=True)
class Solved:
    """A plan (possibly failed but renderable), or the problems that stopped it, and the time.

    `unexpected` is set when the planner itself failed: the traceback is in the server's log,
    the page shows a plain message."""

    plan: Any | None
    seconds: float
    problems: tuple[Problem, ...] = ()
    unexpected: str | None = None

    @property
    def ok(self) -> bool:
        return self.plan is not None and bool(getattr(self.plan, "ok", False))


def solve_text(yaml_text: str, base: str, lang: str, source: str) -> Solved:
    """The plan of a scenario's canonical YAML, tables read from the folder `base`."""
    from planner.optimise import plan_scenario

    return _solved(plan_scenario, yaml_text, base, lang, source)


def solve_horizon_text(yaml_text: str, base: str, lang: str, source: str) -> Solved:
    """The year plan (planner.horizon) of a scenario's canonical YAML, like `solve_text`."""
    from planner.horizon.plan import plan_horizon

    return _solved(plan_horizon, yaml_text, base, lang, source)


def _solved(planner_of: Callable[..., Any], yaml_text: str, base: str, lang: str, source: str) -> Solved:
    """`planner_of(scenario)` timed, with its ways out; input and planner errors become problems."""
    start = time.perf_counter()
    with using(lang):
        try:
            scen = loads_scenario(yaml_text, source=source)
            plan = planner_of(scen, base_dir=Path(base), raise_on_failure=False, ways_out=True)
        except InputError as exc:
            return Solved(None, time.perf_counter() - start, tuple(exc.problems))
        except PlannerError as exc:
            return Solved(getattr(exc, "plan", None), time.perf_counter() - start, (Problem("", str(exc)),))
    return Solved(plan, time.perf_counter() - start)


def prepare_text(yaml_text: str, base: str, lang: str) -> tuple[Scenario | None, tuple[Problem, ...]]:
    """The scenario with its client tables applied, or the problems."""
    from planner.prepare import prepare_scenario

    with using(lang):
        try:
            return prepare_scenario(loads_scenario(yaml_text), Path(base)), ()
        except InputError as exc:
            return None, tuple(exc.problems)


def load_upload(data: bytes, name: str, base: str, lang: str) -> tuple[Scenario | None, tuple[Problem, ...]]:
    """An uploaded scenario file, validated and its tables (in `base`) applied once, or the
    problems (prefixed by the file's name)."""
    with using(lang):
        try:
            scen = loads_scenario(data, source=name)
        except InputError as exc:
            return None, tuple(exc.problems)
    prepared, problems = prepare_text(dumps_scenario(scen), base, lang)
    return (scen if prepared is not None else None), problems


def check_scenario(scenario: Scenario, base: str, lang: str) -> tuple[Problem, ...]:
    """The problems of preparing a scenario with its tables in `base` (none: it is usable)."""
    _prepared, problems = prepare_text(dumps_scenario(scenario), base, lang)
    return problems


def table_profiles(yaml_text: str, base: str, lang: str) -> tuple[Any, int, tuple[Problem, ...]]:
    """(segment profiles, rows in the table, problems) of a scenario's client table."""
    from planner.segmentation import load_client_table, segment_profiles

    with using(lang):
        try:
            table = load_client_table(loads_scenario(yaml_text), Path(base))
            return segment_profiles(table), len(table.frame), ()
        except InputError as exc:
            return None, 0, tuple(exc.problems)


__all__ = ["Solved", "table_profiles", "check_scenario", "load_upload", "prepare_text", "solve_text"]
