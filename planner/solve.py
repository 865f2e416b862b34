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


def make_solver(name: str = "highs", time_limit: float | None = None, mip: bool = True):
    """A PuLP solver object: HiGHS via highspy (default) or CBC, relative MIP gap 1e-7."""
    if name == "highs":
        _silence_highs_banner()
        options = {"msg": False, "mip_rel_gap": MIP_REL_GAP, "mip": mip}
        if time_limit is not None:
            options["time_limit"] = float(time_limit)
        return pulp.HiGHS(**options)
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
    """Solve `prob` in place (variable values, duals) and return the typed outcome."""
    engine = make_solver(solver, time_limit, mip)
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


__all__ = ["MIP_REL_GAP", "SOLVERS", "SolveOutcome", "SolveStatus", "make_solver", "map_status", "solve_problem"]
