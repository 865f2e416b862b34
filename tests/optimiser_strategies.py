"""Hypothesis strategies for random valid scenarios, and invariants recomputed from a Plan's tables
(independently of the optimiser's own KPI code: straight from the scenario's numbers)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import strategies as st

from models import Scenario, likely
from planner.economics import segment_policy as _policy


def segment_policy(scenario, segment):
    p = _policy(scenario.priority_table, segment)
    return p.klass, p.min_coverage, p.weight, p.service

SKILLS = ["ka", "tech"]
TOL = 1e-5


@st.composite
def scenarios(draw, with_targets: bool = True, span: bool = True, objective=None) -> Scenario:
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
            seg["priority"] = draw(st.sampled_from(["A", "B", "C", "D"]))
        if draw(st.integers(0, 2)) == 0:
            seg["required_skill"] = draw(st.sampled_from(SKILLS))
        if draw(st.integers(0, 2)) == 0:
            seg["unserved_revenue"] = draw(st.integers(0, 10)) * 100
        if draw(st.integers(0, 3)) == 0:
            seg["weight"] = draw(st.sampled_from([0.5, 2.0]))
        if draw(st.integers(0, 4)) == 0:
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
            grp["min_count"] = draw(st.integers(0, count))
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
    if draw(st.integers(0, 3)) == 0:
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
    """Every limit of the model, recomputed from the plan's output tables."""
    assert plan.ok
    groups = {g.id: g for g in scenario.team.managers}
    segs = {s.id: s for s in scenario.segments}
    gt = plan.groups.set_index("group")
    alloc = plan.allocations
    T = scenario.team.max_headcount
    # head counts integral and in range
    for gid, g in groups.items():
        y = float(gt.at[gid, "head_count"])
        assert y == round(y) and g.lower <= y <= g.upper, (gid, y)
    h = scenario.team.hunters
    H = plan.kpis["hunters"]
    assert H == round(H) and h.lower <= H <= h.upper
    headcount = sum(float(gt.at[g, "head_count"]) for g in groups) + H
    assert plan.kpis["headcount"] == headcount
    if T is not None:
        assert headcount <= T + TOL
    # hours within capacity, span, skills
    by_group = alloc.groupby("group")[["clients", "hours"]].sum() if len(alloc) else pd.DataFrame(columns=["clients", "hours"])
    for gid, row in by_group.iterrows():
        g = groups[gid]
        y = float(gt.at[gid, "head_count"])
        assert row["hours"] <= g.hours * y + TOL * max(1, g.hours * y), (gid, row["hours"], g.hours * y)
        if g.max_clients is not None:
            assert row["clients"] <= g.max_clients * y + TOL * max(1.0, g.max_clients * y)
    level_of = {(s.id, lv.id): lv for s in scenario.segments for lv in s.levels}
    for r in alloc.itertuples(index=False):
        seg = segs[r.segment]
        g = groups[r.group]
        assert seg.required_skill is None or seg.required_skill in g.skills
        lv = level_of[(r.segment, r.level)]
        assert lv.planned_hours > 0
        assert r.hours == _approx(r.clients * lv.planned_hours / g.efficiency)
    # per segment: served within clients, coverage, service, allocation = level table
    sl = plan.segment_levels
    revenue = gm = cost = 0.0
    for s in scenario.segments:
        _, phi, _, service = segment_policy(scenario, s)
        rows = sl[sl["segment"] == s.id]
        served = float(rows["clients"].sum())
        assert served <= s.clients + TOL * max(1, s.clients)
        managed = 0.0
        for lv in s.levels:
            c = float(rows.loc[rows["level"] == lv.id, "clients"].sum())
            assert c >= -TOL
            if service == "none" or (service == "automated" and lv.planned_hours > 0):
                assert abs(c) <= TOL, (s.id, lv.id, c)
            if lv.planned_hours > 0:
                managed += c
                a = float(alloc.loc[(alloc["segment"] == s.id) & (alloc["level"] == lv.id), "clients"].sum()) if len(alloc) else 0.0
                assert a == _approx(c)
            mu = lv.margin if lv.margin is not None else s.margin
            rev = likely(lv.revenue_per_client)
            revenue += rev * c
            gm += mu * rev * c
            cost += lv.cost_per_client * c
        assert managed >= phi * s.clients - TOL * max(1, s.clients)
        r0 = likely(s.unserved_revenue)
        revenue += r0 * (s.clients - served)
        gm += (s.margin or 0) * r0 * (s.clients - served)
    nc = 0.0
    pt = plan.prospects.set_index("prospect") if len(plan.prospects) else None
    hunter_hours = 0.0
    for p in scenario.prospects:
        u = float(pt.at[p.id, "hunter_hours"])
        hunter_hours += u
        won = likely(p.conversion_per_hour) * u
        assert won <= likely(p.pool) + TOL * max(1, likely(p.pool))
        nc += won
        revenue += likely(p.revenue_per_client) * won
        gm += p.margin * likely(p.revenue_per_client) * won
        cost += p.acquisition_cost * won
    assert hunter_hours <= h.hours * H + TOL * max(1, h.hours * H)
    cost += sum(g.cost_per_person * float(gt.at[g.id, "head_count"]) for g in groups.values()) + h.cost_per_person * H
    k = plan.kpis
    assert k["revenue"] == _approx(revenue)
    assert k["gross_margin"] == _approx(gm)
    assert k["cost"] == _approx(cost)
    assert k["profit"] == _approx(gm - cost)
    assert k["new_clients"] == _approx(nc)
    assert k["manager_hours_used"] == _approx(float(alloc["hours"].sum()) if len(alloc) else 0.0)
    goal = scenario.goal
    if goal.max_cost is not None:
        assert cost <= goal.max_cost + TOL * max(1, goal.max_cost)
    if goal.min_profit is not None:
        assert gm - cost >= goal.min_profit - TOL * max(1, abs(goal.min_profit))


def _approx(x: float):
    import pytest

    return pytest.approx(x, rel=1e-6, abs=1e-4)


def finite(x: float) -> bool:
    return x is not None and not math.isnan(x)
