"""Stage 5 of the pipeline: solve a problem in matrix form, report a typed outcome.

HiGHS through highspy by default, CBC (PuLP's `PULP_CBC_CMD`) as the fallback; the solver is
always named explicitly. Every solve starts from a **fresh solver instance** built from the
`MatrixForm` (a copy of the model): an instance is never re-run as another problem class. (A
HiGHS instance that solved the LP relaxation and was then made integer and run again reported
"optimal" for a wrong point: see tests/planner/test_solve.py.) Solver outcomes are mapped into
`SolveStatus`; a caller never compares loose strings or ints.

`solve_form` returns the column values, the objective the solver reports, its dual bound and
MIP gap, and (for LPs) the row duals as d(objective)/d(row bound) in the problem's own sense.
Whether that answer can be trusted is `planner.certificate`'s job.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pulp

from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue
from planner.lp import MatrixForm, assign_values, matrix_form

MIP_REL_GAP = 1e-7
SOLVERS = ("highs", "cbc")

TEXT = catalogue({
    "unknown_solver": N_("unknown solver '{name}': use one of {known}"),
})
# A status in words, for people (the status itself stays the id in JSON and tables' data).
STATUS_TEXT = catalogue({
    "optimal": N_("optimal"),
    "infeasible": N_("infeasible"),
    "unbounded": N_("unbounded"),
    "time_limit_feasible": N_("time limit (best plan found)"),
    "time_limit_no_solution": N_("time limit (no plan)"),
    "error": N_("solver error"),
    "bad_input": N_("bad input"),
})


class SolveStatus(StrEnum):
    """What a solve ended with."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    TIME_LIMIT_FEASIBLE = "time_limit_feasible"
    TIME_LIMIT_NO_SOLUTION = "time_limit_no_solution"
    ERROR = "error"

    @property
    def ok(self) -> bool:
        """A plan exists (optimal, or the best found when the time limit stopped the search)."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT_FEASIBLE)


BAD_INPUT = "bad_input"  # a row of an analysis whose scenario the planner refused (not a solve status)


def status_text(status: object) -> str:
    """A solve status in words in the current language (an unknown status as it is)."""
    key = str(status)
    return STATUS_TEXT[key] if key in STATUS_TEXT else key


def plan_exists(status: object) -> bool:
    """Whether a status (a SolveStatus or its text in a result table) means there is a plan."""
    try:
        return SolveStatus(str(status)).ok
    except ValueError:
        return False


@dataclass(frozen=True)
class SolveOutcome:
    """One solve: status, solver, seconds, and the answer as the solver gave it.

    x          column values in the form's order (None without a solution)
    objective  the objective value the solver reports (constant included)
    dual_bound the solver's bound on the optimum (MIP), or the objective (LP)
    mip_gap    |objective - dual_bound| / max(1, |objective|); for CBC the gap its stopping
               rule guarantees (its tolerance), 0 for an LP
    row_dual   d objective / d row bound (LP only)
    """

    status: SolveStatus
    solver: str
    seconds: float
    highs_status: str | None = None
    x: np.ndarray | None = None
    objective: float | None = None
    dual_bound: float | None = None
    mip_gap: float | None = None
    row_dual: np.ndarray | None = None
    detail: str = ""


_BANNER_SILENCED = False


def _silence_highs_banner() -> None:
    """HiGHS prints its banner on stdout (at C level) the first time a Highs object is made in a
    process, before any option can switch output off; `--json` must print JSON only."""
    global _BANNER_SILENCED
    if _BANNER_SILENCED:
        return
    _BANNER_SILENCED = True
    try:
        import highspy
    except ImportError:  # pragma: no cover
        return
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # pragma: no cover - no real stdout
        highspy.Highs()
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def highs_available() -> bool:
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def check_solver(name: str) -> str:
    if name not in SOLVERS:
        raise InputError(Problem("--solver", TEXT["unknown_solver"].format(name=name, known=", ".join(SOLVERS))))
    return name


def relative_gap(objective: float, bound: float) -> float:
    return abs(objective - bound) / max(1.0, abs(objective))


# ----- HiGHS ------------------------------------------------------------------------------------
def _highs_instance(form: MatrixForm, integer: np.ndarray, time_limit: float | None, presolve: bool):
    import highspy

    _silence_highs_banner()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", MIP_REL_GAP)
    if not presolve:
        h.setOptionValue("presolve", "off")
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    inf = highspy.kHighsInf
    empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
    h.addCols(form.n, form.cost.astype(float), np.where(np.isinf(form.lower), -inf, form.lower),
              np.where(np.isinf(form.upper), inf, form.upper), 0, empty_i, empty_i, empty_f)
    if form.m:
        h.addRows(form.m, np.where(np.isinf(form.row_lower), -inf, form.row_lower),
                  np.where(np.isinf(form.row_upper), inf, form.row_upper), len(form.data),
                  form.indptr[:-1].astype(np.int32), form.indices.astype(np.int32), form.data.astype(float))
    if form.maximize:
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    if form.constant:
        h.changeObjectiveOffset(float(form.constant))
    ints = np.flatnonzero(integer)
    if len(ints):
        h.changeColsIntegrality(len(ints), ints.astype(np.int32),
                                np.full(len(ints), highspy.HighsVarType.kInteger.value, dtype=np.uint8))
    return h


def _run_highs(form: MatrixForm, integer: np.ndarray, time_limit: float | None, presolve: bool) -> SolveOutcome:
    import highspy

    S = highspy.HighsModelStatus
    start = time.perf_counter()
    h = _highs_instance(form, integer, time_limit, presolve)
    h.run()
    seconds = time.perf_counter() - start
    status_code = h.getModelStatus()
    text = h.modelStatusToString(status_code)
    info = h.getInfo()
    solution = h.getSolution()
    has_point = bool(solution.value_valid) and info.primal_solution_status >= 1
    x = np.asarray(solution.col_value, dtype=float) if has_point else None
    is_mip = bool(integer.any())
    if status_code == S.kOptimal:
        status = SolveStatus.OPTIMAL
    elif status_code in (S.kInfeasible, S.kUnboundedOrInfeasible):
        status = SolveStatus.INFEASIBLE
    elif status_code == S.kUnbounded:
        status = SolveStatus.UNBOUNDED
    elif status_code in (S.kTimeLimit, S.kIterationLimit, S.kInterrupt, S.kSolutionLimit):
        status = SolveStatus.TIME_LIMIT_FEASIBLE if has_point else SolveStatus.TIME_LIMIT_NO_SOLUTION
    else:
        status = SolveStatus.ERROR
    if not has_point:
        x = None
    objective = float(info.objective_function_value) if x is not None else None
    if is_mip:
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None
        gap = relative_gap(objective, bound) if objective is not None and bound is not None else None
    else:
        bound, gap = objective, (0.0 if status == SolveStatus.OPTIMAL else None)
    row_dual = None
    if not is_mip and solution.dual_valid and status == SolveStatus.OPTIMAL:
        row_dual = np.asarray(solution.row_dual, dtype=float)  # with the sense set: d objective / d bound
    return SolveOutcome(status, "highs", seconds, text, x, objective, bound, gap, row_dual)


def _integral(x: np.ndarray | None, integer: np.ndarray, tol: float = 1e-9) -> bool:
    if x is None or not integer.any():
        return True
    v = x[integer]
    return bool(np.all(np.abs(v - np.round(v)) <= tol))


def solve_highs(form: MatrixForm, time_limit: float | None = None, *, presolve: bool = True,
                mip: bool = True) -> SolveOutcome:
    """HiGHS on a fresh instance. A MIP is solved as a MIP (`mip=False`: its LP relaxation)."""
    integer = form.integer if mip else np.zeros(form.n, dtype=bool)
    return _run_highs(form, integer, time_limit, presolve)


# ----- CBC ----------------------------------------------------------------------------------------
def pulp_copy(form: MatrixForm, mip: bool = True) -> tuple[pulp.LpProblem, list]:
    """A new PuLP problem (new variables x0..x{n-1}) equal to the form: what CBC reads."""
    prob = pulp.LpProblem("copy", pulp.LpMaximize if form.maximize else pulp.LpMinimize)
    cols = []
    for j in range(form.n):
        lo = None if np.isinf(form.lower[j]) else float(form.lower[j])
        up = None if np.isinf(form.upper[j]) else float(form.upper[j])
        cat = pulp.LpInteger if (mip and form.integer[j]) else pulp.LpContinuous
        cols.append(pulp.LpVariable(f"x{j}", lo, up, cat=cat))
    rows = {}
    for i, name in enumerate(form.names):
        lo, hi = form.row_lower[i], form.row_upper[i]
        a, b = form.indptr[i], form.indptr[i + 1]
        pairs = [(cols[j], float(c)) for j, c in zip(form.indices[a:b].tolist(), form.data[a:b].tolist())]
        expr = pulp.LpAffineExpression(pairs)
        if lo == hi:
            rows[f"r{i}"] = pulp.LpConstraint(expr, pulp.LpConstraintEQ, f"r{i}", float(lo))
            continue
        if np.isfinite(hi):
            rows[f"r{i}"] = pulp.LpConstraint(expr, pulp.LpConstraintLE, f"r{i}", float(hi))
        if np.isfinite(lo):
            rows[f"r{i}_lo"] = pulp.LpConstraint(pulp.LpAffineExpression(pairs), pulp.LpConstraintGE, f"r{i}_lo",
                                                 float(lo))
    prob.extend(rows)
    # every column appears in the objective (CBC refuses bounds on a column no row uses)
    prob.setObjective(pulp.LpAffineExpression([(v, float(c)) for v, c in zip(cols, form.cost.tolist())]))
    for v, c in zip(cols, form.cost.tolist()):
        if c == 0.0:
            prob.objective[v] = 0.0
    return prob, cols


def solve_cbc(form: MatrixForm, time_limit: float | None = None, *, mip: bool = True,
              preprocess: bool = True) -> SolveOutcome:
    """CBC through PuLP on a copy of the form. `preprocess=False` switches CBC's MIP
    preprocessing off (CBC 2.10's preprocessing declared feasible models infeasible in the
    differential corpus: see `planner.certificate.solve_certified`)."""
    prob, cols = pulp_copy(form, mip)
    is_mip = mip and bool(form.integer.any())
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="planner-cbc-") as tmp:
        engine = pulp.PULP_CBC_CMD(msg=False, gapRel=MIP_REL_GAP, timeLimit=time_limit, mip=is_mip,
                                   keepFiles=False, options=[] if preprocess else ["preprocess off"])
        engine.tmpDir = tmp
        try:
            prob.solve(engine)
        except pulp.PulpSolverError as exc:
            return SolveOutcome(SolveStatus.ERROR, "cbc", time.perf_counter() - start, detail=str(exc))
    seconds = time.perf_counter() - start
    sol = prob.sol_status
    if sol == pulp.LpSolutionOptimal and prob.status == pulp.LpStatusOptimal:
        status = SolveStatus.OPTIMAL
    elif sol == pulp.LpSolutionIntegerFeasible:
        status = SolveStatus.TIME_LIMIT_FEASIBLE
    elif sol == pulp.LpSolutionInfeasible or prob.status == pulp.LpStatusInfeasible:
        status = SolveStatus.INFEASIBLE
    elif sol == pulp.LpSolutionUnbounded or prob.status == pulp.LpStatusUnbounded:
        status = SolveStatus.UNBOUNDED
    elif time_limit is not None and seconds >= 0.95 * time_limit:
        status = SolveStatus.TIME_LIMIT_NO_SOLUTION
    else:
        status = SolveStatus.ERROR
    x = None
    if status.ok:
        values = [v.varValue for v in cols]
        x = np.array([0.0 if val is None else float(val) for val in values], dtype=float)
    objective = float(form.cost @ x + form.constant) if x is not None else None
    # CBC through PuLP reports no dual bound: a completed search guarantees its gap tolerance
    gap = (MIP_REL_GAP if is_mip else 0.0) if status == SolveStatus.OPTIMAL else None
    row_dual = None
    if not is_mip and status == SolveStatus.OPTIMAL:
        pi = {name: float(c.pi or 0.0) for name, c in prob.constraints.items()}
        row_dual = np.array([pi.get(f"r{i}", 0.0) + pi.get(f"r{i}_lo", 0.0) for i in range(form.m)], dtype=float)
    return SolveOutcome(status, "cbc", seconds, None, x, objective, objective, gap, row_dual)


def solve_form(form: MatrixForm, solver: str = "highs", time_limit: float | None = None, *,
               mip: bool = True, presolve: bool = True) -> SolveOutcome:
    """Solve a copy of the problem with the named solver; HiGHS falls back to CBC when it is not
    installed or ends in an error status (the outcome names the solver that answered)."""
    check_solver(solver)
    if solver == "highs":
        if not highs_available():
            return solve_cbc(form, time_limit, mip=mip)
        outcome = solve_highs(form, time_limit, presolve=presolve, mip=mip)
        if outcome.status == SolveStatus.ERROR:
            return solve_cbc(form, time_limit, mip=mip)
        return outcome
    return solve_cbc(form, time_limit, mip=mip)


def solve_problem(prob: pulp.LpProblem, solver: str = "highs", time_limit: float | None = None,
                  mip: bool = True, variables: list | None = None) -> SolveOutcome:
    """Solve a small PuLP problem (routing LPs and the like) and write the values into its
    variables. The answer is exact for these LPs; the model's own solve is certified."""
    form = matrix_form(prob, variables)
    outcome = solve_form(form, solver, time_limit, mip=mip)
    assign_values(form, outcome.x)
    return outcome


__all__ = ["BAD_INPUT", "LpCopy", "plan_exists", "status_text", "MIP_REL_GAP", "SOLVERS", "SolveOutcome", "SolveStatus", "check_solver", "pulp_copy", "relative_gap",
           "solve_cbc", "solve_form", "solve_highs", "solve_problem"]


class LpCopy:
    """A HiGHS instance of our own, built from an LP form, for a run of related re-solves that
    only move bounds (shadow prices): warm starts, and the solved model is never touched. Each
    answer is checked against the form (objective recomputed, bounds); `run` falls back to a
    cold solve of a fresh copy when the check fails."""

    def __init__(self, form: MatrixForm):
        self.form = form.with_bounds(form.lower, form.upper, np.zeros(form.n, dtype=bool))
        self._h = None

    def _instance(self):
        if self._h is None:
            self._h = _highs_instance(self.form, self.form.integer, None, True)
        return self._h

    def set_column(self, j: int, lower: float, upper: float) -> None:
        lo, up = self.form.lower.copy(), self.form.upper.copy()
        lo[j], up[j] = lower, upper
        self.form = self.form.with_bounds(lo, up)
        if self._h is not None:
            self._h.changeColBounds(int(j), float(lower), float(upper))

    def set_row(self, i: int, lower: float, upper: float) -> None:
        rl, ru = self.form.row_lower.copy(), self.form.row_upper.copy()
        rl[i], ru[i] = lower, upper
        self.form = self.form.with_row_bounds(rl, ru)
        if self._h is not None:
            import highspy

            inf = highspy.kHighsInf
            self._h.changeRowBounds(int(i), -inf if np.isinf(lower) else float(lower),
                                    inf if np.isinf(upper) else float(upper))

    def run(self) -> SolveOutcome:
        if not highs_available():
            return solve_cbc(self.form, mip=False)
        import highspy

        h = self._instance()
        start = time.perf_counter()
        h.run()
        seconds = time.perf_counter() - start
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        if ok:
            x = np.asarray(h.getSolution().col_value, dtype=float)
            objective = float(h.getInfo().objective_function_value)
            recomputed = float(self.form.cost @ x + self.form.constant)
            if abs(objective - recomputed) <= 1e-7 * max(1.0, abs(recomputed)):
                duals = np.asarray(h.getSolution().row_dual, dtype=float)
                return SolveOutcome(SolveStatus.OPTIMAL, "highs", seconds, None, x, objective, objective, 0.0, duals)
        self._h = None  # distrust the warm instance: a cold solve of a fresh copy
        return solve_form(self.form, "highs", mip=False)
