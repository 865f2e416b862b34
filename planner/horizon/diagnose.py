"""Why a year plan has none: the elastic version of the assembled horizon model.

Each limit a user may move gets one slack sigma_i >= 0, shared by every period, because a
limit is one field of the scenario and moving it moves it in every period:

    coverage, head-count limit   row_t + scale_i sigma_i >= rhs  (<= rows: - scale_i sigma_i)
    targets                      KPI_t + scale_i sigma_i >= limit_i  (each period, or the total)
    min_count                    y_gt + scale_i sigma_i >= min_count_g  (the bound moved to rows)
    max_count                    y_gt - scale_i sigma_i <= max_count_g  (kept at 0 but for the
                                 ways out that "allow more people", as in planner.diagnose)

with `scale_i = max(1, |limit_i|)`, minimising sum_i sigma_i (the smallest total relative move).
Links, lead times, ramps and attrition are facts, not choices: they are never relaxed. The moves
and every way out are then read by planner.diagnose, in the same words as a single-period plan.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack

from planner import economics
from planner.certificate import solve_certified
from planner.diagnose import WAYS_SECONDS, Diagnosis, Elastic, diagnose_elastic
from planner.horizon.model import Column, HorizonModel, build_horizon_model
from planner.inputs import Inputs
from planner.lp import GE, MatrixForm
from planner.model import ELASTIC_MAX_COUNT, Slack

ROW_FAMILIES = frozenset({"coverage", "headcount"})
TIE = 1e-12  # weight of the year's objective (scaled to its largest coefficient) in the elastic one
TARGETS = {t.family: t for t in economics.TARGETS}


def decided_staff(inputs: Inputs) -> list[bool]:
    """Per staff (groups, then the hunters): is its head count a decision of the original
    scenario? Only those have a min_count and max_count to move; a fixed count is a fact."""
    return [*(bool(d) for d in inputs.arrays.grp_decided), bool(inputs.hunters.decided)]


def elastic_horizon(hm: HorizonModel, decided: list[bool]) -> Elastic:
    """The assembled horizon model with a shared slack per movable limit (module docstring);
    `decided`: decided_staff of the original inputs."""
    form = hm.form
    goal = dict((t.family, value) for t, value in economics.goal_targets(hm.inputs.scenario.goal))
    slacks: dict[str, Slack] = {}
    entries: dict[str, list[tuple[int, float]]] = {}  # slack -> (row, coefficient) of existing rows

    def slack(key: str, family: str, subject: str, scale: float) -> None:
        if key not in slacks:
            slacks[key] = Slack(None, family, subject, scale)  # type: ignore[arg-type]
            entries[key] = []

    for r, name in enumerate(form.names):
        base_name = name.split(":", 1)[1]
        if base_name in TARGETS and base_name in goal:
            target = TARGETS[base_name]
            scale = max(1.0, abs(goal[base_name]))
            slack(base_name, target.family, "goal", scale)
            entries[base_name].append((r, scale if target.at_least else -scale))
            continue
        row = hm.base.rows.get(base_name)
        if row is None or row.family not in ROW_FAMILIES:
            continue
        scale = max(1.0, abs(row.rhs))
        slack(base_name, row.family, row.subject, scale)
        entries[base_name].append((r, scale if row.sense == GE else -scale))

    lower, upper = form.lower.copy(), form.upper.copy()
    staff = hm.staff
    T, S = hm.head.shape
    count_rows: list[tuple[str, int, float]] = []  # slack, head-count column, coefficient
    row_lower: list[float] = []
    row_upper: list[float] = []
    names: list[str] = []
    for s, staff_id in enumerate(staff.ids):
        if not decided[s]:
            continue
        if staff.lower[s] > 0:
            key = f"min_count_{staff_id}"
            slack(key, "min_count", staff_id, max(1.0, staff.lower[s]))
            for t in range(T):
                count_rows.append((key, hm.head[t, s], slacks[key].scale))
                row_lower.append(staff.lower[s])
                row_upper.append(np.inf)
                names.append(f"t{t + 1}:min_count_{staff_id}")
            lower[hm.head[:, s]] = 0.0
        key = f"max_count_{staff_id}"
        slack(key, "max_count", staff_id, max(1.0, staff.upper[s]))
        for t in range(T):
            count_rows.append((key, hm.head[t, s], -slacks[key].scale))
            row_lower.append(-np.inf)
            row_upper.append(staff.upper[s])
            names.append(f"t{t + 1}:max_count_{staff_id}")
        upper[hm.head[:, s]] = ELASTIC_MAX_COUNT
        open_hires = hm.hire[:, s][upper[hm.hire[:, s]] > 0]  # no hire within the lead time, still
        upper[open_hires] = ELASTIC_MAX_COUNT
        upper[hm.cut[:, s]] = ELASTIC_MAX_COUNT

    keys = list(slacks)
    column = {key: form.n + k for k, key in enumerate(keys)}
    L = len(keys)
    A = csr_matrix((form.data, form.indices, form.indptr), shape=(form.m, form.n))
    r, c, v = [], [], []
    for key, pairs in entries.items():
        for row_index, coefficient in pairs:
            r.append(row_index)
            c.append(column[key] - form.n)
            v.append(coefficient)
    old = hstack([A, coo_matrix((v, (r, c)), shape=(form.m, L))])
    nr = len(count_rows)
    new = coo_matrix((
        [1.0] * nr + [coefficient for _, _, coefficient in count_rows],
        (list(range(nr)) * 2, [col for _, col, _ in count_rows] + [column[key] for key, _, _ in count_rows]),
    ), shape=(nr, form.n + L))
    M = csr_matrix(vstack([old, new]))
    M.sum_duplicates()
    M.sort_indices()
    # The year's own objective, a hair of it: with slacks alone to minimise, the MIP search has
    # no direction and found no point in minutes on the large benchmark year (1 s with it).
    # There it weighs 1e-8 slack units in all, far below the moves read (1e-6 of a limit), so it
    # only picks among the smallest moves (and every move is checked by solving the year).
    biggest = float(np.abs(form.cost).max()) if form.n else 0.0
    tie = -TIE * form.cost / biggest if biggest > 0 else np.zeros(form.n)
    cost = np.concatenate([tie if form.maximize else -tie, np.ones(L)])
    elastic_form = MatrixForm(
        variables=(*form.variables, *(Column(f"s_{key}") for key in keys)), names=(*form.names, *names),
        maximize=False, cost=cost, constant=0.0,
        lower=np.concatenate([lower, np.zeros(L)]), upper=np.concatenate([upper, np.full(L, np.inf)]),
        integer=np.concatenate([form.integer, np.zeros(L, bool)]),
        row_lower=np.concatenate([form.row_lower, row_lower]), row_upper=np.concatenate([form.row_upper, row_upper]),
        indptr=M.indptr.astype(np.int64), indices=M.indices.astype(np.int64), data=M.data.astype(float),
    )
    return Elastic(elastic_form, slacks, [column[key] for key in keys])


def horizon_objective(inputs: Inputs, solver: str, time_limit: float | None) -> Callable[[dict], float]:
    """edits -> the year plan's optimum with those limits moved (NaN if it still has none)."""
    def objective_after(edits: dict[str, Any]) -> float:
        from planner.analysis.paths import set_paths
        from planner.errors import InputError
        from planner.inputs import build_inputs

        try:
            changed = build_inputs(set_paths(inputs.scenario, edits))
        except InputError:
            return math.nan
        horizon = changed.scenario.horizon
        outcome, certificate = solve_certified(build_horizon_model(changed, horizon.periods if horizon else 1).form,
                                               solver, time_limit)
        if not outcome.status.ok:
            return math.nan
        return float(certificate.objective_recomputed)

    return objective_after


def diagnose_horizon(inputs: Inputs, hm: HorizonModel, solver: str = "highs", time_limit: float | None = None,
                     *, ways: bool = True) -> Diagnosis:
    """Which limits of a year plan without a plan must move, by how much, and every way out."""
    return diagnose_elastic(inputs, elastic_horizon(hm, decided_staff(inputs)), horizon_objective(inputs, solver, time_limit), solver,
                            time_limit, ways=ways, budget=WAYS_SECONDS)


__all__ = ["decided_staff", "diagnose_horizon", "elastic_horizon", "horizon_objective"]
