"""Stage 5: every solve starts from a fresh solver instance, statuses are typed, time limits
reach the solver, and the answers of HiGHS and CBC are the model's optimum."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pulp
import pytest

from planner.certificate import solve_certified
from planner.inputs import build_inputs
from planner.lp import matrix_form
from planner.model import build_model
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, scenario_from_data
from planner.solve import SolveStatus, solve_cbc, solve_form, solve_highs
from tests.corpus import scenario_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_lp_then_mip_plans_at_its_true_optimum():
    """Issue 11: HiGHS re-run as a MIP on the instance that had solved the LP relaxation
    reported 'optimal' at profit 200 (its own objective said 1,000). By hand: the 5 clients
    are worth most at l1 (200 each, 1 h each: 5 h); one g1 person (20 h, 300) covers them,
    a g3 person (175 effective hours) costs 800: 5 x 200 - 300 = 700."""
    plan = plan_scenario(load_scenario(FIXTURES / "regressions" / "lp-then-mip.yaml"))
    assert plan.status == SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(700.0)
    assert plan.kpis["profit"] == pytest.approx(700.0)
    assert plan.certificate.holds and not plan.certificate.resolved
    assert plan.groups.set_index("group")["head_count"].to_dict() == {"g1": 1.0, "g3": 0.0}


def test_both_solvers_find_the_regression_optimum_from_fresh_instances():
    form = build_model(build_inputs(load_scenario(FIXTURES / "regressions" / "lp-then-mip.yaml"))).form
    for outcome in (solve_highs(form), solve_highs(form, presolve=False), solve_cbc(form)):
        assert outcome.status == SolveStatus.OPTIMAL
        assert outcome.objective == pytest.approx(700.0)
        assert float(form.cost @ outcome.x + form.constant) == pytest.approx(700.0)


def test_lp_relaxation_is_a_separate_solve():
    form = build_model(build_inputs(load_scenario(FIXTURES / "regressions" / "lp-then-mip.yaml"))).form
    relaxed = solve_highs(form, mip=False)
    assert relaxed.status == SolveStatus.OPTIMAL and relaxed.objective >= 700.0 - 1e-9
    assert relaxed.row_dual is not None and len(relaxed.row_dual) == form.m
    assert solve_highs(form).objective == pytest.approx(700.0)  # and the MIP is unaffected


def test_a_time_limit_reaches_highs_and_cbc_and_never_yields_optimal():
    scenario = load_scenario(FIXTURES / "example2.yaml")
    stopped = plan_scenario(scenario, time_limit=1e-9, raise_on_failure=False)
    assert stopped.status in (SolveStatus.TIME_LIMIT_NO_SOLUTION, SolveStatus.TIME_LIMIT_FEASIBLE)
    assert not stopped.status == SolveStatus.OPTIMAL
    assert plan_scenario(scenario, time_limit=30).status == SolveStatus.OPTIMAL


def test_cbc_infeasible_claims_are_confirmed_without_preprocessing():
    """CBC 2.10's MIP preprocessing calls corpus seed 487 infeasible; it is not (HiGHS: 50,250)."""
    form = build_model(build_inputs(scenario_from_data(scenario_document(487)))).form
    assert solve_cbc(form).status == SolveStatus.INFEASIBLE  # the bug, still there in CBC
    outcome, certificate = solve_certified(form, "cbc")
    assert outcome.status == SolveStatus.OPTIMAL and certificate.holds and certificate.resolved
    assert outcome.objective == pytest.approx(solve_highs(form).objective, rel=1e-7)


def test_duals_are_derivatives_of_the_objective_in_the_problems_own_sense():
    for sense, rows, expected in ((pulp.LpMaximize, "max", [1.0, 1.0]), (pulp.LpMinimize, "min", [1.0, 1.0])):
        prob = pulp.LpProblem("t", sense)
        x, y = pulp.LpVariable("x", 0), pulp.LpVariable("y", 0)
        prob += 2 * x + y
        if rows == "max":
            prob += x + y <= 5, "c1"
            prob += x <= 3, "c2"
        else:
            prob += x + y >= 5, "c1"
            prob += x >= 1, "c2"
        form = matrix_form(prob)
        for solver in ("highs", "cbc"):
            out = solve_form(form, solver, mip=False)
            assert np.allclose(out.row_dual, expected), (rows, solver, out.row_dual)


def test_statuses_say_whether_a_plan_exists():
    assert SolveStatus.OPTIMAL.ok and SolveStatus.TIME_LIMIT_FEASIBLE.ok
    assert not any(s.ok for s in (SolveStatus.INFEASIBLE, SolveStatus.UNBOUNDED, SolveStatus.ERROR,
                                  SolveStatus.TIME_LIMIT_NO_SOLUTION))
