"""Hypothesis strategies for random valid scenarios, and invariants recomputed from a Plan's tables
(independently of the optimiser's own KPI code: straight from the scenario's numbers)."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from models import Scenario

SKILLS = ["ka", "tech"]
TOL = 1e-5


@st.composite
def scenarios(draw, with_targets: bool = True, span: bool = True, objective=None, feasible: bool = False) -> Scenario:
    """Random valid scenarios; `feasible=True` leaves out every limit that can conflict
    (coverage, min counts, max_headcount, targets), so that a plan must exist."""
    if feasible:
        with_targets = False
    n_seg = draw(st.integers(1, 4))
    segments = []
    for i in range(n_seg):
        levels = []
        for j in range(draw(st.integers(1, 3))):
            hours = draw(st.sampled_from([0, 0.5, 1, 2, 3, 5, 10]))
            lv = {"id": f"l{j}", "hours_per_client": hours,
                  "revenue_per_client": draw(st.integers(0, 50)) * 100}
            if draw(st.booleans()):
                lv["cost_per_client"] = draw(st.integers(0, 10)) * 20
            if draw(st.integers(0, 3)) == 0:
                lv["margin"] = draw(st.sampled_from([0.1, 0.3, 0.6]))
            levels.append(lv)
        seg = {"id": f"s{i}", "clients": draw(st.integers(0, 60)), "margin": draw(st.sampled_from([0.2, 0.25, 0.5, 1.0])),
               "levels": levels}
        if draw(st.booleans()):
            seg["priority"] = draw(st.sampled_from(["B", "C", "D"] if feasible else ["A", "B", "C", "D"]))
        if draw(st.integers(0, 2)) == 0:
            seg["required_skill"] = draw(st.sampled_from(SKILLS))
        if draw(st.integers(0, 2)) == 0:
            seg["unserved_revenue"] = draw(st.integers(0, 10)) * 100
        if draw(st.integers(0, 3)) == 0:
            seg["weight"] = draw(st.sampled_from([0.5, 2.0]))
        if not feasible and draw(st.integers(0, 4)) == 0:
            seg["min_coverage"] = draw(st.sampled_from([0.1, 0.3]))
        segments.append(seg)
    managers = []
    for g in range(draw(st.integers(0, 4))):
        grp = {"id": f"g{g}", "hours": draw(st.sampled_from([20, 50, 140, 160])),
               "cost_per_person": draw(st.integers(0, 30)) * 100,
               "skills": draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=2)),
               "efficiency": draw(st.sampled_from([1.0, 1.0, 0.8, 1.25]))}
        count = draw(st.integers(0, 3))
        grp["count"] = count
        if draw(st.booleans()):
            grp["min_count"] = 0 if feasible else draw(st.integers(0, count))
            grp["max_count"] = count + draw(st.integers(0, 3))
        if span and draw(st.integers(0, 3)) == 0:
            grp["max_clients"] = draw(st.sampled_from([5, 15, 40]))
        managers.append(grp)
    team = {"managers": managers}
    prospects = []
    if draw(st.booleans()):
        for p in range(draw(st.integers(1, 2))):
            prospects.append({"id": f"p{p}", "pool": draw(st.integers(0, 40)),
                              "conversion_per_hour": draw(st.sampled_from([0.02, 0.05, 0.1])),
                              "revenue_per_client": draw(st.integers(0, 60)) * 100,
                              "margin": draw(st.sampled_from([0.2, 0.4])),
                              "acquisition_cost": draw(st.integers(0, 5)) * 50})
        hc = draw(st.integers(0, 2))
        team["hunters"] = {"count": hc, "max_count": hc + draw(st.integers(0, 3)), "hours": draw(st.sampled_from([40, 150])),
                           "cost_per_person": draw(st.integers(0, 20)) * 100}
    if not feasible and draw(st.integers(0, 3)) == 0:
        team["max_headcount"] = draw(st.integers(0, 12))
    goal = {"objective": objective or draw(st.sampled_from(["profit", "profit", "revenue", "new_clients", "priority_first"]))}
    if with_targets and draw(st.integers(0, 3)) == 0:
        goal["max_cost"] = draw(st.integers(0, 50)) * 200
    if with_targets and draw(st.integers(0, 4)) == 0:
        goal["min_profit"] = draw(st.integers(-10, 30)) * 500
    data = {"schema_version": 1, "name": "random", "goal": goal, "segments": segments, "team": team}
    if draw(st.integers(0, 2)) == 0:  # today's allocation as the baseline
        current = {}
        for seg in segments:
            left = seg["clients"]
            for lv in seg["levels"]:
                c = draw(st.integers(0, left))
                if c:
                    current.setdefault(seg["id"], {})[lv["id"]] = float(c)
                    left -= c
        data["current"] = {"levels": current}
        if prospects:
            data["current"]["hunters"] = draw(st.integers(0, 2))
    if prospects:
        data["prospects"] = prospects
    return Scenario.model_validate(data)


def check_plan_invariants(scenario: Scenario, plan) -> None:
    """Every limit of the model, recomputed from the plan's JSON by tests/invariants.py (which
    imports nothing of the planner), on the prepared scenario the plan was made for."""
    from planner.scenario_io import scenario_to_data
    from tests.invariants import plan_violations

    assert plan.ok, plan.message
    problems = plan_violations(scenario_to_data(plan.scenario), plan.to_json())
    assert not problems, problems


def _approx(x: float):
    import pytest

    return pytest.approx(x, rel=1e-6, abs=1e-4)


def finite(x: float) -> bool:
    return x is not None and not math.isnan(x)
