"""Formulations and solvers tested against each other on a fixed corpus of 500 scenarios.

Every scenario of `tests/corpus.py` is planned by the default path (aggregate formulation,
HiGHS: the whole plan, its certificate and the independent invariant checker) and solved by the
pool and per-group formulations with HiGHS and by the aggregate and per-group formulations with
CBC. All must agree on the status and, with a plan, on the optimum to 1e-6. The corpus is in
ten chunks so that a failure names a small range of seeds (`scenario_document(seed)` rebuilds
any of them)."""

from __future__ import annotations

import pytest

from planner.inputs import build_inputs
from planner.optimise import plan_scenario, solve_inputs
from planner.prepare import prepare_scenario
from planner.scenario_io import scenario_from_data, scenario_to_data
from tests.corpus import scenario_document
from tests.invariants import plan_violations

CORPUS = 500
CHUNKS = 10
OTHERS = (("pools", "highs"), ("groups", "highs"), ("aggregate", "cbc"), ("groups", "cbc"))


def _disagreements(seed: int) -> list[str]:
    scenario = scenario_from_data(scenario_document(seed))
    plan = plan_scenario(scenario, details=False, raise_on_failure=False)
    problems = []
    if plan.ok:
        if not plan.certificate.holds:
            problems.append(f"seed {seed}: certificate fails: {plan.certificate.reasons}")
        problems += [f"seed {seed}: {v}" for v in plan_violations(scenario_to_data(plan.scenario), plan.to_json())]
    inputs = build_inputs(prepare_scenario(scenario))
    for formulation, solver in OTHERS:
        other = solve_inputs(inputs, solver, None, formulation)
        if other.outcome.status != plan.status:
            problems.append(f"seed {seed}: {formulation}/{solver} says {other.outcome.status}, the plan {plan.status}")
            continue
        if plan.ok:
            if not other.certificate.holds:
                problems.append(f"seed {seed}: {formulation}/{solver} certificate fails: {other.certificate.reasons}")
            value = other.certificate.objective_recomputed
            if abs(value - plan.objective) > 1e-6 * max(1.0, abs(plan.objective)):
                problems.append(f"seed {seed}: {formulation}/{solver} optimum {value} != {plan.objective}")
    return problems


@pytest.mark.parametrize("chunk", range(CHUNKS), ids=lambda k: f"seeds {k * CORPUS // CHUNKS}-{(k + 1) * CORPUS // CHUNKS - 1}")
def test_formulations_and_solvers_agree_on_the_corpus(chunk):
    size = CORPUS // CHUNKS
    problems = [p for seed in range(chunk * size, (chunk + 1) * size) for p in _disagreements(seed)]
    assert not problems, "\n".join(problems[:30])


def test_the_corpus_reaches_every_part_of_the_model():
    """The corpus is only a test if it holds what it claims: count the features."""
    documents = [scenario_document(seed) for seed in range(CORPUS)]
    feature = {
        "decided head counts": lambda d: any("min_count" in g for g in d["team"]["managers"]),
        "zero people today": lambda d: any(g["count"] == 0 for g in d["team"]["managers"]),
        "pools (same skills)": lambda d: len({tuple(g["skills"]) for g in d["team"]["managers"]}) < len(d["team"]["managers"]),
        "span limits": lambda d: any("max_clients" in g for g in d["team"]["managers"]),
        "required skills": lambda d: any("required_skill" in s for s in d["segments"]),
        "prospects and hunters": lambda d: "prospects" in d,
        "max_headcount": lambda d: "max_headcount" in d["team"],
        **{f"goal.{t}": (lambda d, t=t: t in d["goal"]) for t in ("min_profit", "min_revenue", "min_new_clients", "max_cost")},
        **{f"objective {o}": (lambda d, o=o: d["goal"]["objective"] == o)
           for o in ("profit", "revenue", "new_clients", "priority_first")},
    }
    counts = {name: sum(1 for d in documents if test(d)) for name, test in feature.items()}
    assert all(c >= 20 for c in counts.values()), counts
