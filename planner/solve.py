"""Stage 5 of the pipeline: solve a built problem, report a typed outcome.

HiGHS through highspy (`pulp.HiGHS`) by default, CBC (`pulp.PULP_CBC_CMD`) as the fallback;
the solver is always passed explicitly. PuLP's problem status and solution status are both
mapped into `SolveStatus` (a caller never compares loose strings or ints).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from enum import StrEnum

import pulp

from planner.errors import InputError, Problem

MIP_REL_GAP = 1e-7
SOLVERS = ("highs", "cbc")


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


@dataclass(frozen=True)
class SolveOutcome:
    status: SolveStatus
    solver: str
    seconds: float
    highs_status: str | None = None


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


def _highs_status_map():
    import highspy

    S = highspy.HighsModelStatus
    no = (pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
    found = (pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible)
    return {
        S.kOptimal: (pulp.LpStatusOptimal, pulp.LpSolutionOptimal),
        S.kInfeasible: (pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible),
        S.kUnboundedOrInfeasible: (pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible),
        S.kUnbounded: (pulp.LpStatusUnbounded, pulp.LpSolutionUnbounded),
        S.kObjectiveBound: found, S.kObjectiveTarget: found, S.kInterrupt: found,
        S.kTimeLimit: found, S.kIterationLimit: found,
    }, no


class BulkHiGHS(pulp.HiGHS):
    """`pulp.HiGHS` (same options, same highspy solver) that hands the model over in bulk.

    PuLP's own HiGHS interface calls highspy once per column and per row and sorts the
    variables by name on the way in and out; at 100k columns that costs many times the solve.
    A problem built by `planner.model` lists its variables in `planner_variables`: they go in
    with one `addCols`, the rows with one `addRows`, and the solution comes back in one pass.
    The LP relaxation is solved first; only if its integer variables come out fractional are
    they made integer and the MIP solved (an integral relaxation optimum is the MIP optimum).
    Any other problem takes PuLP's path."""

    def actualSolve(self, lp, **kwargs):
        import highspy
        import numpy as np

        variables = getattr(lp, "planner_variables", None)
        if variables is None:
            return super().actualSolve(lp, **kwargs)
        n = len(variables)
        for i, v in enumerate(variables):
            v.index = i
        inf = highspy.kHighsInf
        mult = -1.0 if lp.sense == pulp.LpMaximize else 1.0
        cost = np.zeros(n)
        for v, c in lp.objective.items():
            i = getattr(v, "index", None)
            if i is None or i >= n or variables[i] is not v:  # e.g. PuLP's dummy of an empty objective
                return super().actualSolve(lp, **kwargs)
            cost[i] = mult * c
        lower = np.array([-inf if v.lowBound is None else v.lowBound for v in variables], dtype=float)
        upper = np.array([inf if v.upBound is None else v.upBound for v in variables], dtype=float)
        starts, index, value, row_lo, row_up = [], [], [], [], []
        constraints = list(lp._constraints.values())
        for i, c in enumerate(constraints):
            c.index = i
            starts.append(len(index))
            for v, coef in c.items():
                if coef != 0:
                    i = getattr(v, "index", None)
                    if i is None or i >= n or variables[i] is not v:  # a variable not in the list
                        return super().actualSolve(lp, **kwargs)
                    index.append(i)
                    value.append(coef)
            lb, ub = c.getLb(), c.getUb()
            row_lo.append(-inf if lb is None else lb)
            row_up.append(inf if ub is None else ub)
        self.createAndConfigureSolver(lp)
        h = lp.solverModel
        empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
        h.addCols(n, cost, lower, upper, 0, empty_i, empty_i, empty_f)
        ints = [v.index for v in variables if v.cat == pulp.LpInteger] if self.mip else []
        if constraints:
            h.addRows(len(constraints), np.array(row_lo, dtype=float), np.array(row_up, dtype=float), len(index),
                      np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32), np.array(value, dtype=float))
        h.run()  # the LP relaxation first: when its optimum is integral it is the MIP's optimum
        if ints and h.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
            x = np.asarray(h.getSolution().col_value)[ints]
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal or np.abs(x - np.round(x)).max() > 1e-9:
                h.changeColsIntegrality(len(ints), np.array(ints, dtype=np.int32),
                                        np.full(len(ints), highspy.HighsVarType.kInteger.value, dtype=np.uint8))
                h.run()
        model_status = h.getModelStatus()
        solution = h.getSolution()
        for v, x in zip(variables, solution.col_value):
            v.varValue = x
        if solution.dual_valid:
            for v, d in zip(variables, solution.col_dual):
                v.dj = d
        duals = solution.row_dual if solution.dual_valid else [0.0] * len(constraints)
        for c, rv, pi in zip(constraints, solution.row_value, duals):
            c.pi = pi
            c.slack = -(c.constant + rv) if c.sense == pulp.LpConstraintLE else c.constant + rv
        mapping, no_solution = _highs_status_map()
        status, sol_status = mapping.get(model_status, no_solution)
        if sol_status == pulp.LpSolutionIntegerFeasible and not solution.value_valid:
            status, sol_status = no_solution
        lp.assignStatus(status, sol_status)
        return status


def make_solver(name: str = "highs", time_limit: float | None = None, mip: bool = True):
    """A PuLP solver object: HiGHS via highspy (default) or CBC, relative MIP gap 1e-7."""
    if name == "highs":
        _silence_highs_banner()
        options = {"msg": False, "mip_rel_gap": MIP_REL_GAP, "mip": mip}
        if time_limit is not None:
            options["time_limit"] = float(time_limit)
        return BulkHiGHS(**options)
    if name == "cbc":
        return pulp.PULP_CBC_CMD(msg=False, gapRel=MIP_REL_GAP, timeLimit=time_limit, mip=mip)
    raise InputError(Problem("--solver", f"unknown solver '{name}': use one of {', '.join(SOLVERS)}"))


def map_status(problem_status: int, solution_status: int, hit_time_limit: bool) -> SolveStatus:
    """PuLP's (problem status, solution status) -> SolveStatus."""
    if solution_status == pulp.LpSolutionOptimal and problem_status == pulp.LpStatusOptimal:
        return SolveStatus.OPTIMAL
    if solution_status == pulp.LpSolutionIntegerFeasible:
        return SolveStatus.TIME_LIMIT_FEASIBLE
    if solution_status == pulp.LpSolutionInfeasible or problem_status == pulp.LpStatusInfeasible:
        return SolveStatus.INFEASIBLE
    if solution_status == pulp.LpSolutionUnbounded or problem_status == pulp.LpStatusUnbounded:
        return SolveStatus.UNBOUNDED
    if hit_time_limit:
        return SolveStatus.TIME_LIMIT_NO_SOLUTION
    return SolveStatus.ERROR


def solve_problem(prob: pulp.LpProblem, solver: str = "highs", time_limit: float | None = None,
                  mip: bool = True) -> SolveOutcome:
    """Solve `prob` in place (variable values, duals) and return the typed outcome. HiGHS
    that fails (not installed, or an error status) falls back to CBC: the outcome names it."""
    outcome = _solve_once(prob, solver, time_limit, mip)
    if solver == "highs" and outcome.status == SolveStatus.ERROR:
        return _solve_once(prob, "cbc", time_limit, mip)
    return outcome


def _anchor_unused_columns(prob: pulp.LpProblem) -> None:
    """CBC rejects an MPS file whose BOUNDS name a column that no row and no objective term
    uses (PuLP writes such a variable, e.g. a head count fixed to [0, 0] with no clients to
    serve, only in BOUNDS). A zero objective coefficient gives it a column and changes nothing."""
    used = set(prob.objective.keys())
    for constraint in prob.constraints.values():
        used.update(constraint.keys())
    for var in prob.variables():
        if var not in used:
            prob.objective[var] = 0.0


def _solve_once(prob: pulp.LpProblem, solver: str, time_limit: float | None, mip: bool) -> SolveOutcome:
    if solver == "highs" and not pulp.HiGHS().available():
        return SolveOutcome(SolveStatus.ERROR, solver, 0.0, "highspy is not installed")
    engine = make_solver(solver, time_limit, mip)
    if solver == "cbc":
        _anchor_unused_columns(prob)
    start = time.perf_counter()
    try:
        prob.solve(engine)
    except pulp.PulpSolverError:
        return SolveOutcome(SolveStatus.ERROR, solver, time.perf_counter() - start)
    seconds = time.perf_counter() - start
    highs_status = None
    hit_limit = False
    if solver == "highs" and getattr(prob, "solverModel", None) is not None:
        model_status = prob.solverModel.getModelStatus()
        highs_status = prob.solverModel.modelStatusToString(model_status)
        import highspy

        hit_limit = model_status == highspy.HighsModelStatus.kTimeLimit
    elif time_limit is not None:
        hit_limit = seconds >= 0.95 * time_limit
    status = map_status(prob.status, prob.sol_status, hit_limit)
    if status == SolveStatus.OPTIMAL and hit_limit:
        status = SolveStatus.TIME_LIMIT_FEASIBLE
    return SolveOutcome(status, solver, seconds, highs_status)


__all__ = ["BulkHiGHS", "MIP_REL_GAP", "SOLVERS", "SolveOutcome", "SolveStatus", "make_solver", "map_status", "solve_problem"]
