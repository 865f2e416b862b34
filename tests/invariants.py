"""An invariant checker that imports nothing of what it checks.

`plan_violations(scenario, plan)` takes a *prepared* scenario as plain data (the YAML/JSON
document, with table-derived counts and revenues filled in) and the plan as the JSON object of
`planner solve --json`, recomputes every limit of PLANNER.md's model from them with its own
reading of the contract, and returns what is broken (an empty list when nothing is):

- sizes, capacities (hours per group incl. efficiency), spans, skills, services, coverage;
- head counts whole and within [min_count, max_count], max_headcount, hunters' hours and pools;
- every goal target: min_profit, min_revenue, min_new_clients, max_cost;
- the KPIs (revenue, gross margin, cost, profit, new clients, hunters, head count, hours)
  and the objective (weighted as `goal.objective` says) recomputed from the allocation.

Defaults are read from the contract, not from the planner: priority classes A (min_coverage
0.8), B, C (automated), D (none); a level's margin falls back to its segment's; a decided head
count has min_count 0 and max_count = count when missing; hours per client = contacts x
hours_per_contact when not given; ranges plan at `likely`.
"""

from __future__ import annotations

import math
from typing import Any

DEFAULT_PRIORITIES = {"A": {"min_coverage": 0.8, "weight": 1.0}, "B": {}, "C": {"service": "automated"},
                      "D": {"service": "none"}}


def likely(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, dict):
        return float(value["likely"])
    return float(value)


def level_hours(level: dict) -> float:
    if level.get("hours_per_client") is not None:
        return likely(level["hours_per_client"])
    return float(level["contacts"]) * float(level["hours_per_contact"])


def head_range(block: dict, default_count: int) -> tuple[int, int, int, bool]:
    """(today's count, lower, upper, decided)."""
    count = int(block.get("count", default_count))
    decided = "min_count" in block or "max_count" in block
    if not decided:
        return count, count, count, False
    lo = block.get("min_count")
    hi = block.get("max_count")
    return count, int(lo) if lo is not None else 0, int(hi) if hi is not None else count, True


def policy(scenario: dict, segment: dict) -> tuple[str, float, float, str]:
    table = {k: dict(v) for k, v in DEFAULT_PRIORITIES.items()}
    for k, v in (scenario.get("priorities") or {}).items():
        table.setdefault(k, {}).update({f: x for f, x in v.items() if x is not None})
    klass = segment.get("priority") or "B"
    cls = table.get(klass, {})
    coverage = segment.get("min_coverage", cls.get("min_coverage") or 0.0)
    weight = segment.get("weight", cls.get("weight", 1.0))
    service = segment.get("service") or cls.get("service") or "all"
    return klass, float(coverage or 0.0), float(1.0 if weight is None else weight), service


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def plan_violations(scenario: dict, plan: dict, tol: float = 1e-6) -> list[str]:
    """Everything the plan breaks (see the module docstring)."""
    out: list[str] = []
    team = scenario.get("team") or {}
    groups = {g["id"]: g for g in team.get("managers") or []}
    segments = {s["id"]: s for s in scenario.get("segments") or []}
    prospects = {p["id"]: p for p in scenario.get("prospects") or []}
    head = {g["group"]: g["head_count"] for g in plan.get("groups") or []}
    kpis = plan["kpis"]

    # head counts
    people = 0.0
    cost = 0.0
    for gid, g in groups.items():
        y = float(head.get(gid, math.nan))
        _, lo, hi, _ = head_range(g, 1)
        if not (y == round(y) and lo <= y <= hi):
            out.append(f"group {gid}: head count {y} not a whole number in [{lo}, {hi}]")
        people += y
        cost += float(g.get("cost_per_person", 0.0)) * y
    hunters_block = team.get("hunters") or {}
    H = float(kpis["hunters"])
    _, hlo, hhi, _ = head_range(hunters_block, 0)
    if not (H == round(H) and hlo <= H <= hhi):
        out.append(f"hunters {H} not a whole number in [{hlo}, {hhi}]")
    cost += float(hunters_block.get("cost_per_person", 0.0)) * H
    headcount = people + H
    if team.get("max_headcount") is not None and headcount > team["max_headcount"] + tol:
        out.append(f"head count {headcount} above max_headcount {team['max_headcount']}")

    # allocation: skills, levels, hours, spans
    alloc = plan.get("allocations") or []
    hours_by_group: dict[str, float] = {}
    clients_by_group: dict[str, float] = {}
    managed_by_level: dict[tuple[str, str], float] = {}
    hours_used = 0.0
    for r in alloc:
        g, s = groups.get(r["group"]), segments.get(r["segment"])
        if g is None or s is None:
            out.append(f"allocation names unknown group or segment: {r}")
            continue
        lv = next((x for x in s["levels"] if x["id"] == r["level"]), None)
        if lv is None:
            out.append(f"allocation names unknown level: {r}")
            continue
        c = float(r["clients"])
        if c < -tol:
            out.append(f"negative clients in {r}")
        h = level_hours(lv)
        if h <= 0:
            out.append(f"an automated level is allocated to a group: {r}")
        skill = s.get("required_skill")
        if skill is not None and skill not in (g.get("skills") or []):
            out.append(f"group {g['id']} lacks skill {skill} of segment {s['id']}")
        eff = float(g.get("efficiency", 1.0))
        hours = c * h / eff
        if not _close(hours, float(r["hours"]), 1e-6):
            out.append(f"allocation hours {r['hours']} != clients x hours / efficiency = {hours}")
        hours_by_group[g["id"]] = hours_by_group.get(g["id"], 0.0) + hours
        clients_by_group[g["id"]] = clients_by_group.get(g["id"], 0.0) + c
        managed_by_level[(s["id"], lv["id"])] = managed_by_level.get((s["id"], lv["id"]), 0.0) + c
        hours_used += hours
    for gid, used in hours_by_group.items():
        g = groups[gid]
        capacity = float(g["hours"]) * float(head[gid])
        if used > capacity + tol * max(1.0, capacity):
            out.append(f"group {gid}: {used} hours above its capacity {capacity}")
        if g.get("max_clients") is not None:
            span = float(g["max_clients"]) * float(head[gid])
            if clients_by_group[gid] > span + tol * max(1.0, span):
                out.append(f"group {gid}: {clients_by_group[gid]} clients above max_clients x people = {span}")

    # segments: size, service, coverage, money
    by_segment = {row["segment"]: row for row in plan.get("segments") or []}
    revenue = gross = 0.0
    goal = scenario.get("goal") or {}
    objective = goal.get("objective", "profit")
    weighted_profit = weighted_revenue = 0.0
    for sid, s in segments.items():
        _klass, phi, weight, service = policy(scenario, s)
        n = float(s["clients"])
        levels = (by_segment.get(sid) or {}).get("levels") or {}
        served = managed = 0.0
        seg_rev = seg_gm = seg_cost = 0.0
        for lv in s["levels"]:
            c = float(levels.get(lv["id"], 0.0))
            h = level_hours(lv)
            if c < -tol:
                out.append(f"segment {sid} level {lv['id']}: negative clients {c}")
            if c > tol and (service == "none" or (service == "automated" and h > 0)):
                out.append(f"segment {sid}: {c} clients at level {lv['id']}, which service {service} forbids")
            if h > 0:
                managed += c
                if not _close(c, managed_by_level.get((sid, lv["id"]), 0.0), 1e-6):
                    out.append(f"segment {sid} level {lv['id']}: {c} clients but {managed_by_level.get((sid, lv['id']), 0.0)} allocated")
            served += c
            mu = lv.get("margin", s.get("margin"))
            mu = 0.0 if mu is None else float(mu)
            r = likely(lv.get("revenue_per_client"))
            seg_rev += r * c
            seg_gm += mu * r * c
            seg_cost += float(lv.get("cost_per_client", 0.0)) * c
        if served > n + tol * max(1.0, n):
            out.append(f"segment {sid}: {served} clients served of {n}")
        if managed < phi * n - tol * max(1.0, n):
            out.append(f"segment {sid}: {managed} manager-served, below min_coverage {phi} x {n}")
        r0 = likely(s.get("unserved_revenue", 0.0))
        mu0 = float(s.get("margin") or 0.0)
        unserved = max(0.0, n - served)
        seg_rev += r0 * unserved
        seg_gm += mu0 * r0 * unserved
        revenue += seg_rev
        gross += seg_gm
        cost += seg_cost
        weighted_profit += weight * (seg_gm - seg_cost)
        weighted_revenue += weight * seg_rev

    # prospects: pools, hunting hours
    new_clients = 0.0
    hunter_hours = 0.0
    for row in plan.get("prospects") or []:
        p = prospects[row["prospect"]]
        u = float(row["hunter_hours"])
        if u < -tol:
            out.append(f"prospect {p['id']}: negative hunter hours")
        won = likely(p["conversion_per_hour"]) * u
        pool = likely(p.get("pool"))
        if won > pool + tol * max(1.0, pool):
            out.append(f"prospect {p['id']}: {won} new clients above its pool {pool}")
        r = likely(p["revenue_per_client"])
        mu = float(p.get("margin") or 0.0)
        k = float(p.get("acquisition_cost", 0.0))
        w = float(p.get("weight", 1.0))
        hunter_hours += u
        new_clients += won
        revenue += r * won
        gross += mu * r * won
        cost += k * won
        weighted_profit += w * (mu * r - k) * won
        weighted_revenue += w * r * won
    hunter_capacity = float(hunters_block.get("hours", 0.0)) * H
    if hunter_hours > hunter_capacity + tol * max(1.0, hunter_capacity):
        out.append(f"hunters work {hunter_hours} h above their {hunter_capacity} h")

    # KPIs, targets, objective
    profit = gross - cost
    for name, value in (("revenue", revenue), ("gross_margin", gross), ("cost", cost), ("profit", profit),
                        ("new_clients", new_clients), ("hunters", H), ("headcount", headcount),
                        ("manager_hours_used", hours_used)):
        if not _close(float(kpis[name]), value, 1e-6):
            out.append(f"KPI {name}: the plan says {kpis[name]}, its numbers give {value}")
    for field, value, at_least in (("min_profit", profit, True), ("min_revenue", revenue, True),
                                   ("min_new_clients", new_clients, True), ("max_cost", cost, False)):
        limit = goal.get(field)
        if limit is None:
            continue
        slack = value - limit if at_least else limit - value
        if slack < -tol * max(1.0, abs(limit)):
            out.append(f"goal.{field} {limit} broken: {value}")
    if objective in ("profit", "priority_first"):
        expected = weighted_profit - sum(float(g.get("cost_per_person", 0.0)) * float(head[g["id"]])
                                         for g in groups.values()) - float(hunters_block.get("cost_per_person", 0.0)) * H
    elif objective == "revenue":
        expected = weighted_revenue
    else:
        expected = new_clients
    if plan.get("objective") is not None and not _close(float(plan["objective"]), expected, 1e-6):
        out.append(f"objective {plan['objective']} != {expected} recomputed")
    return out


__all__ = ["plan_violations", "policy", "level_hours", "likely"]
