"""Every plan carries a certificate; an answer that fails it is re-solved, and one that no
solver can certify is `error`, never `optimal`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import planner.solve as solve_module
from planner.certificate import certify, solve_certified
from planner.inputs import build_inputs
from planner.model import build_model
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, scenario_dir
from planner.solve import SolveStatus

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
EXAMPLE2 = FIXTURES / "example2.yaml"


def _form(path=EXAMPLE2):
    return build_model(build_inputs(load_scenario(path))).form


def test_a_correct_answer_holds():
    form = _form()
    outcome, certificate = solve_certified(form)
    assert certificate.holds and not certificate.resolved
    assert certificate.objective_recomputed == pytest.approx(798_142.857142857)
    assert certificate.max_violation <= 1e-9 and certificate.mip_gap <= 1e-6


def test_a_wrong_objective_fails_the_certificate_and_is_resolved_by_cbc(monkeypatch):
    real = solve_module._run_highs

    def lying(*args, **kwargs):
        out = real(*args, **kwargs)
        return replace(out, objective=out.objective + 1000.0)

    monkeypatch.setattr(solve_module, "_run_highs", lying)
    plan = plan_scenario(load_scenario(EXAMPLE2))
    assert plan.status == SolveStatus.OPTIMAL
    assert plan.certificate.holds and plan.certificate.resolved and plan.certificate.solver == "cbc"
    assert plan.certificate.attempts == ("highs", "highs (no presolve)", "cbc")
    assert plan.objective == pytest.approx(798_142.857142857)


def test_a_point_every_solver_gets_wrong_is_an_error_not_optimal(monkeypatch):
    real_highs, real_cbc = solve_module._run_highs, solve_module.solve_cbc

    def off_by_one(outcome):
        if outcome.x is None:
            return outcome
        x = outcome.x.copy()
        x[0] += 1.0  # one client more than the segment has
        return replace(outcome, x=x)

    monkeypatch.setattr(solve_module, "_run_highs", lambda *a, **k: off_by_one(real_highs(*a, **k)))
    monkeypatch.setattr(solve_module, "solve_cbc", lambda *a, **k: off_by_one(real_cbc(*a, **k)))
    plan = plan_scenario(load_scenario(EXAMPLE2), raise_on_failure=False)
    assert plan.status == SolveStatus.ERROR and not plan.ok
    assert not plan.certificate.holds and plan.certificate.reasons
    assert "certificate" in plan.message
    assert plan.to_json()["certificate"]["holds"] is False


def test_the_violation_names_the_row():
    form = _form()
    outcome, _ = solve_certified(form)
    x = outcome.x.copy()
    x[0] += 5.0
    checked = certify(form, replace(outcome, x=x, objective=float(form.cost @ x + form.constant)))
    assert not checked.holds and checked.max_violation > 1e-3 and checked.worst == "row capacity_P0"


def test_an_optimal_mip_needs_its_gap():
    form = _form()
    outcome, _ = solve_certified(form)
    assert not certify(form, replace(outcome, mip_gap=1e-3)).holds
    assert certify(form, replace(outcome, mip_gap=1e-3, status=SolveStatus.TIME_LIMIT_FEASIBLE)).holds


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_certificate_holds_on_every_shipped_scenario(path):
    plan = plan_scenario(load_scenario(path), base_dir=scenario_dir(path), details=False)
    c = plan.certificate
    assert c.holds and not c.resolved, c.reasons
    assert c.objective_plan == pytest.approx(c.objective_recomputed, rel=1e-9)
    assert c.max_violation <= 1e-6 and (c.mip_gap is None or c.mip_gap <= 1e-6)
    assert np.isfinite(c.objective_reported)


def test_solve_json_carries_the_certificate(planner_cli):
    import json

    result = planner_cli("solve", str(FIXTURES / "regressions" / "lp-then-mip.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "optimal" and data["objective"] == pytest.approx(700.0)
    c = data["certificate"]
    assert {"objective_recomputed", "max_violation", "mip_gap", "solver", "resolved"} <= set(c)
    assert c["objective_recomputed"] == pytest.approx(700.0) and c["solver"] == "highs" and c["resolved"] is False
