"""A certificate on every plan: the solver's answer checked against the model, not trusted.

From the problem's arrays (`MatrixForm`) and the solution vector `x` alone:

- `objective_recomputed = cost @ x + constant`, compared with the objective the solver reports;
- `max_violation`: the largest violation of any row (`row_lower <= A x <= row_upper`), column
  bound or integrality: a row's relative to its size `max(1, |bound|, sum_j |a_ij x_j|)`, a
  bound's to `max(1, |bound|)`, integrality as the distance to the nearest whole number;
- `mip_gap`: `|objective - dual bound| / max(1, |objective|)` from the solver's dual bound (0 for
  an LP solved to optimality; CBC through PuLP reports no bound, so its completed search gives
  its gap tolerance).

`holds` when the point is feasible to `FEASIBILITY_TOL`, the recomputed objective equals the
reported one to `OBJECTIVE_TOL` (relative) and, for an optimal MIP, the gap is at most
`GAP_TOL` (the contract's 1e-6). `planner.optimise` re-solves on a fresh instance without
presolve, then with CBC, when a certificate fails; a plan whose every attempt fails is `error`,
never `optimal`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.i18n import N_, catalogue
from planner.jsonable import jsonable
from planner.lp import MatrixForm
from planner.solve import SolveOutcome, SolveStatus

FEASIBILITY_TOL = 1e-6
OBJECTIVE_TOL = 1e-7
GAP_TOL = 1e-6

TEXT = catalogue({
    "no_point": N_("the solver returned no solution"),
    "objective": N_("the solver reports an objective of {reported:,.6g}, but its solution is worth {recomputed:,.6g}"),
    "violation": N_("the solution breaks {what} by {amount:.3g}"),
    "gap": N_("the solver stopped {gap:.2g} from its bound, above the gap of {tol:g} a plan must reach"),
    "row": N_("row {name}"),
    "bound": N_("the bounds of {name}"),
    "integrality": N_("the whole number of {name}"),
})


@dataclass(frozen=True)
class Certificate:
    """What was checked of one solve, and whether the answer can be trusted."""

    solver: str
    objective_reported: float | None
    objective_recomputed: float | None
    max_violation: float | None
    worst: str | None
    mip_gap: float | None
    holds: bool
    reasons: tuple[str, ...] = ()
    resolved: bool = False
    attempts: tuple[str, ...] = field(default_factory=tuple)
    objective_plan: float | None = None  # the plan's objective by planner.economics (set by optimise)

    def to_json(self) -> dict[str, Any]:
        return {
            "objective_recomputed": jsonable(self.objective_recomputed),
            "objective_reported": jsonable(self.objective_reported),
            "objective_plan": jsonable(self.objective_plan),
            "max_violation": jsonable(self.max_violation),
            "worst": self.worst,
            "mip_gap": jsonable(self.mip_gap),
            "solver": self.solver,
            "resolved": self.resolved,
            "holds": self.holds,
            "reasons": list(self.reasons),
            "attempts": list(self.attempts),
        }


def violations(form: MatrixForm, x: np.ndarray) -> tuple[float, str | None]:
    """(largest relative violation, what it is) of rows, bounds and integrality at `x`."""
    worst, what = 0.0, None

    def consider(values: np.ndarray, label) -> None:
        nonlocal worst, what
        if len(values):
            k = int(np.argmax(values))
            if values[k] > worst:
                worst, what = float(values[k]), label(k)

    act = form.activity(x)
    # a row's size: its bound, or the terms it adds up (a solver's values carry ~1e-8 relative
    # round-off in each term, whatever the bound), at least 1
    rows = np.repeat(np.arange(form.m), np.diff(form.indptr))
    size = np.bincount(rows, np.abs(form.data * x[form.indices]), minlength=form.m) if form.m else np.zeros(0)
    with np.errstate(invalid="ignore"):
        scale_up = np.maximum(np.maximum(1.0, size), np.where(np.isfinite(form.row_upper), np.abs(form.row_upper), 0.0))
        scale_lo = np.maximum(np.maximum(1.0, size), np.where(np.isfinite(form.row_lower), np.abs(form.row_lower), 0.0))
        over = np.where(np.isfinite(form.row_upper), (act - form.row_upper) / scale_up, 0.0)
        under = np.where(np.isfinite(form.row_lower), (form.row_lower - act) / scale_lo, 0.0)
        consider(np.maximum(over, under), lambda k: TEXT["row"].format(name=form.names[k]))
        above = np.where(np.isfinite(form.upper), (x - form.upper) / np.maximum(1.0, np.abs(form.upper)), 0.0)
        below = np.where(np.isfinite(form.lower), (form.lower - x) / np.maximum(1.0, np.abs(form.lower)), 0.0)
        consider(np.maximum(above, below), lambda k: TEXT["bound"].format(name=form.variables[k].name))
    if form.integer.any():
        cols = np.flatnonzero(form.integer)
        frac = np.abs(x[cols] - np.round(x[cols]))
        consider(frac, lambda k: TEXT["integrality"].format(name=form.variables[cols[k]].name))
    if not np.all(np.isfinite(x)):
        return float("inf"), None
    return worst, what


def certify(form: MatrixForm, outcome: SolveOutcome, *, resolved: bool = False,
            attempts: tuple[str, ...] = ()) -> Certificate:
    """Check `outcome` (a solve of `form`) against the model; see the module docstring."""
    attempts = attempts or (outcome.solver,)
    if outcome.x is None or not outcome.status.ok:
        return Certificate(outcome.solver, outcome.objective, None, None, None, outcome.mip_gap, False,
                           (TEXT["no_point"],), resolved, attempts)
    x = np.asarray(outcome.x, dtype=float)
    recomputed = float(form.cost @ x + form.constant) if len(x) else float(form.constant)
    reported = outcome.objective
    reasons = []
    if reported is None or not np.isfinite(reported) or \
            abs(reported - recomputed) > OBJECTIVE_TOL * max(1.0, abs(recomputed)):
        reasons.append(TEXT["objective"].format(reported=float("nan") if reported is None else reported,
                                                recomputed=recomputed))
    worst, what = violations(form, x)
    if worst > FEASIBILITY_TOL:
        reasons.append(TEXT["violation"].format(what=what or "?", amount=worst))
    gap = outcome.mip_gap
    if outcome.status == SolveStatus.OPTIMAL and form.is_mip and (gap is None or gap > GAP_TOL):
        reasons.append(TEXT["gap"].format(gap=float("nan") if gap is None else gap, tol=GAP_TOL))
    return Certificate(outcome.solver, reported, recomputed, worst, what, gap, not reasons, tuple(reasons),
                       resolved, attempts)





def solve_certified(form: MatrixForm, solver: str = "highs", time_limit: float | None = None) -> tuple[SolveOutcome, Certificate]:
    """Solve `form` and certify the answer; when the certificate fails, re-solve on a fresh
    HiGHS instance without presolve, then with CBC. An answer none of them can certify is
    returned with status `error` and the reasons, never as optimal.

    "Infeasible" is a claim without a point to check, so it is confirmed by a second solve set
    up differently (HiGHS without presolve; CBC without its MIP preprocessing, which declared
    feasible models infeasible in the differential corpus); a point the second solve finds and
    the certificate accepts wins. Any other end without a point (unbounded, out of time) is
    returned as it is, with a certificate that does not hold."""
    from dataclasses import replace

    from planner.solve import solve_cbc, solve_form, solve_highs

    outcome = solve_form(form, solver, time_limit)
    if outcome.status == SolveStatus.INFEASIBLE:
        if outcome.solver == "highs":
            again, label = solve_highs(form, time_limit, presolve=False), "highs (no presolve)"
        else:
            again, label = solve_cbc(form, time_limit, preprocess=False), "cbc (no preprocessing)"
        if again.x is not None:
            checked = certify(form, again, resolved=True, attempts=(outcome.solver, label))
            if checked.holds:
                return again, checked
        return outcome, certify(form, outcome)
    if outcome.x is None:
        return outcome, certify(form, outcome)
    certificate = certify(form, outcome)
    if certificate.holds:
        return outcome, certificate
    attempts, reasons = [outcome.solver], list(certificate.reasons)
    retries = []
    if outcome.solver == "highs":
        retries.append(lambda: solve_highs(form, time_limit, presolve=False))
    retries.append(lambda: solve_cbc(form, time_limit))
    for retry in retries:
        again = retry()
        attempts.append(again.solver if again.solver != "highs" else "highs (no presolve)")
        if again.x is None:
            reasons.append(TEXT["no_point"])
            continue
        checked = certify(form, again, resolved=True, attempts=tuple(attempts))
        if checked.holds:
            return again, checked
        reasons.extend(checked.reasons)
    failed = replace(certificate, holds=False, reasons=tuple(dict.fromkeys(reasons)), resolved=True,
                     attempts=tuple(attempts))
    return replace(outcome, status=SolveStatus.ERROR, detail="; ".join(failed.reasons)), failed
__all__ = ["Certificate", "FEASIBILITY_TOL", "GAP_TOL", "OBJECTIVE_TOL", "certify", "solve_certified", "violations"]
