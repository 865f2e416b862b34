"""A fixed corpus of generated scenarios for differential tests (formulations x solvers).

`corpus(n)` gives `n` scenario documents (plain data), the same on every machine: each is drawn
from `numpy.random.default_rng(seed)` with its own seed. The mix is chosen to reach every part
of the model: decided head counts with different hours, efficiencies and costs (so pooling and
the head-count integers interact), groups of zero people today, several groups with the same
skills (pools), span limits, required skills, every priority class, min_coverage, unserved
revenue, weights, prospects with integer hunters, a head-count limit, every target
(min_profit, min_revenue, min_new_clients, max_cost) and every objective.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SKILLS = ("ka", "tech", "field")
OBJECTIVES = ("profit", "profit", "revenue", "new_clients", "priority_first")


def scenario_document(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    pick = lambda seq: seq[int(rng.integers(len(seq)))]  # noqa: E731
    chance = lambda p: bool(rng.random() < p)  # noqa: E731
    segments = []
    for i in range(int(rng.integers(1, 6))):
        levels = []
        for j in range(int(rng.integers(1, 4))):
            level = {"id": f"l{j}", "hours_per_client": pick([0, 0.5, 1, 1.5, 2, 3, 5, 8]),
                     "revenue_per_client": int(rng.integers(0, 60)) * 100}
            if chance(0.4):
                level["cost_per_client"] = int(rng.integers(0, 10)) * 20
            if chance(0.2):
                level["margin"] = pick([0.1, 0.3, 0.6])
            levels.append(level)
        segment = {"id": f"s{i}", "clients": int(rng.integers(0, 80)), "margin": pick([0.2, 0.25, 0.5, 1.0]),
                   "levels": levels}
        if chance(0.5):
            segment["priority"] = pick(["A", "B", "B", "C", "D"])
        if chance(0.35):
            segment["required_skill"] = pick(SKILLS)
        if chance(0.3):
            segment["unserved_revenue"] = int(rng.integers(0, 10)) * 100
        if chance(0.2):
            segment["weight"] = pick([0.5, 2.0])
        if chance(0.1):
            segment["min_coverage"] = pick([0.1, 0.3, 0.6])
        segments.append(segment)
    managers = []
    skill_sets = [[], ["ka"], ["tech"], ["ka", "tech"], ["field"]]
    for g in range(int(rng.integers(0, 6))):
        count = int(rng.integers(0, 4))
        group = {"id": f"g{g}", "count": count, "hours": pick([20, 50, 100, 140, 160]),
                 "cost_per_person": int(rng.integers(0, 40)) * 100, "skills": list(pick(skill_sets)),
                 "efficiency": pick([1.0, 1.0, 0.8, 1.25, 1.5])}
        if chance(0.6):  # a decided head count, today's count inside or (a what-if) outside it
            lo = int(rng.integers(0, count + 1))
            hi = lo + int(rng.integers(0, 4))
            group["min_count"], group["max_count"] = lo, hi
            if count > hi or count < lo:
                group["count"] = int(rng.integers(lo, hi + 1))
        if chance(0.2):
            group["max_clients"] = pick([5, 15, 40])
        managers.append(group)
    team: dict[str, Any] = {"managers": managers}
    document: dict[str, Any] = {"schema_version": 1, "name": f"corpus {seed}", "segments": segments, "team": team}
    if chance(0.5):
        document["prospects"] = [
            {"id": f"p{p}", "pool": int(rng.integers(0, 40)), "conversion_per_hour": pick([0.02, 0.05, 0.1]),
             "revenue_per_client": int(rng.integers(0, 60)) * 100, "margin": pick([0.2, 0.4]),
             "acquisition_cost": int(rng.integers(0, 5)) * 50, **({"priority": pick(["A", "C"])} if chance(0.3) else {})}
            for p in range(int(rng.integers(1, 3)))
        ]
        hunters = int(rng.integers(0, 3))
        team["hunters"] = {"count": hunters, "min_count": 0, "max_count": hunters + int(rng.integers(0, 3)),
                           "hours": pick([40, 150]), "cost_per_person": int(rng.integers(0, 20)) * 100}
    if chance(0.25):
        team["max_headcount"] = max(0, sum(g.get("min_count", g["count"]) for g in managers) + int(rng.integers(-1, 6)))
    goal: dict[str, Any] = {"objective": pick(OBJECTIVES)}
    if chance(0.25):  # a budget above the people the plan must keep, mostly
        floor = sum(g["cost_per_person"] * g.get("min_count", g["count"]) for g in managers)
        goal["max_cost"] = max(0, floor + int(rng.integers(-5, 60)) * 200)
    if chance(0.2):
        goal["min_profit"] = int(rng.integers(-10, 40)) * 500
    if chance(0.15):
        goal["min_revenue"] = int(rng.integers(0, 40)) * 1000
    if chance(0.15) and "prospects" in document:
        goal["min_new_clients"] = int(rng.integers(0, 8))
    document["goal"] = goal
    return document


def corpus(n: int = 500, start: int = 0) -> list[dict[str, Any]]:
    return [scenario_document(seed) for seed in range(start, start + n)]


__all__ = ["corpus", "scenario_document"]
