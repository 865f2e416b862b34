"""Sweeps: solve a scenario for every combination of values of some fields.

`sweep(scenario, {"team.hunters.max_count": [0, 1, 2], "goal.max_cost": [50000, 60000]})`
solves the 3 x 2 cartesian combinations (the last path varies fastest) and returns one row per
combination: the values, the solve status, the objective and every KPI. A combination without
a plan (infeasible, unsolved), or one the rest of the scenario refuses (status `bad_input` and
the message), is a row with empty KPIs, never an exception; a bad path or a value refused on its
own field is an `InputError` naming the path, raised before any solve.
"""

from __future__ import annotations

import itertools
from typing import Any, Mapping, Sequence

import pandas as pd

from models import Scenario
from planner.analysis.execution import Execution, ProgressCallback, run_tasks
from planner.analysis.paths import parse_path, set_paths
from planner.analysis.solving import SolveOptions, refused_row, result_columns, solve_task
from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue

TEXT = catalogue({
    "no_settings": N_("give at least one --set PATH=V1,V2,..."),
    "duplicate": N_("set twice: give all its values in one --set"),
})


def sweep_combinations(settings: Mapping[str, Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Cartesian combinations of the values, in the order of `settings` (last varies fastest)."""
    return list(itertools.product(*[list(values) for values in settings.values()]))


def sweep_scenarios(scenario: Scenario, settings: Mapping[str, Sequence[Any]]) -> list[Scenario | InputError]:
    """One validated Scenario per combination, or the InputError of a combination the rest of
    the scenario refuses (`max_count` 0 below a `min_count` of 1: a row that says so). A bad
    path, or a value refused on its own field (`must be >= 0`), raises InputError at once, as
    does a sweep in which no combination is valid."""
    if not settings:
        raise InputError(Problem("--set", TEXT["no_settings"]))
    for path in settings:
        parse_path(path)
    paths = list(settings)
    out: list[Scenario | InputError] = []
    for combo in sweep_combinations(settings):
        try:
            out.append(set_paths(scenario, list(zip(paths, combo))))
        except InputError as exc:
            if all(p.path in paths for p in exc.problems):
                raise
            out.append(exc)
    if not any(isinstance(s, Scenario) for s in out):
        raise next(e for e in out if isinstance(e, InputError))
    return out


def sweep(
    scenario: Scenario,
    settings: Mapping[str, Sequence[Any]] | Sequence[tuple[str, Sequence[Any]]],
    *,
    base_dir: str | None = None,
    options: SolveOptions | None = None,
    execution: Execution | None = None,
    progress: ProgressCallback | None = None,
) -> pd.DataFrame:
    """The KPI table of every combination: columns = the swept paths, then `status`,
    `objective`, the KPIs of PLANNER.md and `message` (why a combination has no plan).

    `scenario` is a loaded (unprepared) scenario; `base_dir` is where its tables live."""
    if not isinstance(settings, Mapping):
        pairs = list(settings)
        paths = [p for p, _ in pairs]
        duplicated = {p for p in paths if paths.count(p) > 1}
        if duplicated:
            raise InputError([Problem(p, TEXT["duplicate"]) for p in sorted(duplicated)])
        settings = dict(pairs)
    scenarios = sweep_scenarios(scenario, settings)
    options = (options or SolveOptions()).with_base_dir(base_dir)
    valid = [s for s in scenarios if isinstance(s, Scenario)]
    solved = iter(run_tasks(solve_task, options, valid, execution=execution, progress=progress))
    rows = [next(solved) if isinstance(s, Scenario) else refused_row(s) for s in scenarios]
    combos = sweep_combinations(settings)
    table = pd.DataFrame([dict(zip(settings, combo)) for combo in combos])
    results = pd.DataFrame(rows, columns=result_columns())
    return pd.concat([table.reset_index(drop=True), results], axis=1)


__all__ = ["sweep", "sweep_combinations", "sweep_scenarios"]
