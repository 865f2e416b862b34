"""The KPIs of a FIXED plan under other estimates: how the nominal plan plays out in a sample.

A fixed plan is what a head of sales would commit to: clients per (group, segment, level),
clients per automated (segment, level), head counts, and hunter hours per prospect segment.
Under a sample's estimates it plays out by these documented rules:

- a group whose clients now need more hours than it has (`sum h_sl/e_g z_gsl > C_g y_g`) serves
  each of its planned clients in the same proportion `C_g y_g / needed_g`; the rest become
  unserved (they earn `unserved_revenue`). The plan never gains hours it did not have;
- hunters keep their hours; new clients won are `min(c_p u_p, N_p)` (a smaller pool caps them);
- every KPI then follows PLANNER.md exactly:
  Revenue `R = sum_s [sum_l r_sl served_sl + r_s0 (n_s - served_s)] + sum_p r_p NC_p`,
  gross margin the same with each revenue times its margin rate,
  Cost `= sum_g W_g y_g + W_H H + sum_sl k_sl served_sl + sum_p k_p NC_p`,
  Profit `= GM - Cost`, New clients `= sum_p NC_p`.

With no sample (`values=None`) the KPIs are the plan's own: `tests/test_analysis_evaluate.py`
checks they reproduce `plan.kpis` of the optimiser.

Estimates are looked up by the same paths as `planner.analysis.sampling` writes
(`segments[key].levels[full].hours_per_client`), so a sample never needs a re-validated Scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from models import Scenario, likely

from planner.economics import KPI_NAMES  # noqa: E402

# Tolerance below which a group is not considered overloaded (solver round-off).
OVERLOAD_TOLERANCE = 1e-7


@dataclass(frozen=True)
class FixedPlan:
    """A plan's decisions, detached from the solver: what stays fixed when estimates move."""

    served: tuple[tuple[str, str, str, float], ...]  # (group, segment, level, clients), manager-served
    automated: tuple[tuple[str, str, float], ...]  # (segment, level, clients) at 0-hour levels
    head_counts: Mapping[str, int] = field(default_factory=dict)  # group -> people
    hunters: int = 0
    hunter_hours: Mapping[str, float] = field(default_factory=dict)  # prospect -> hours


def _value(values: Mapping[str, float] | None, path: str, nominal: Any) -> float:
    if values is not None and path in values:
        return float(values[path])
    return float(likely(nominal) or 0.0)


def evaluate_fixed_plan(
    scenario: Scenario, plan: FixedPlan, values: Mapping[str, float] | None = None
) -> dict[str, float]:
    """KPIs of `plan` on the (prepared) `scenario` with estimates overridden by `values`.

    Returns the KPI_NAMES plus `overload_hours` (hours the plan needed beyond capacity, before
    it was scaled down) and `lost_clients` (planned clients that went unserved because of it)."""
    segments = {s.id: s for s in scenario.segments}
    groups = {g.id: g for g in scenario.team.managers}

    def level_numbers(segment_id: str, level_id: str) -> tuple[float, float, float, float]:
        seg = segments[segment_id]
        lv = next(x for x in seg.levels if x.id == level_id)
        base = f"segments[{segment_id}].levels[{level_id}]"
        if lv.hours_per_client is not None:
            hours = _value(values, f"{base}.hours_per_client", lv.hours_per_client)
        else:
            hours = lv.planned_hours
        revenue = _value(values, f"{base}.revenue_per_client", lv.revenue_per_client)
        margin = float(lv.margin if lv.margin is not None else (seg.margin or 0.0))
        return hours, revenue, margin, float(lv.cost_per_client)

    # Hours each group needs under these estimates, and the share of its clients it can keep.
    needed: dict[str, float] = {}
    for group, segment, level, clients in plan.served:
        hours = level_numbers(segment, level)[0]
        needed[group] = needed.get(group, 0.0) + clients * hours / float(groups[group].efficiency)
    kept: dict[str, float] = {}
    overload = 0.0
    for group, need in needed.items():
        capacity = float(groups[group].hours) * _head_count(plan, groups[group])
        if need > capacity * (1 + OVERLOAD_TOLERANCE) + OVERLOAD_TOLERANCE:
            kept[group] = capacity / need if need > 0 else 0.0
            overload += need - capacity
        else:
            kept[group] = 1.0

    revenue = gross_margin = cost = 0.0
    served_by_segment: dict[str, float] = {}
    hours_used = lost = 0.0
    for group, segment, level, clients in plan.served:
        hours, rev, mu, k = level_numbers(segment, level)
        n = clients * kept[group]
        lost += clients - n
        served_by_segment[segment] = served_by_segment.get(segment, 0.0) + n
        hours_used += n * hours / float(groups[group].efficiency)
        revenue += rev * n
        gross_margin += mu * rev * n
        cost += k * n
    for segment, level, clients in plan.automated:
        _, rev, mu, k = level_numbers(segment, level)
        served_by_segment[segment] = served_by_segment.get(segment, 0.0) + clients
        revenue += rev * clients
        gross_margin += mu * rev * clients
        cost += k * clients
    for seg in scenario.segments:
        r0 = _value(values, f"segments[{seg.id}].unserved_revenue", seg.unserved_revenue)
        unserved = float(seg.clients or 0) - served_by_segment.get(seg.id, 0.0)
        revenue += r0 * unserved
        gross_margin += float(seg.margin or 0.0) * r0 * unserved

    new_clients = 0.0
    for pro in scenario.prospects:
        hours = float(plan.hunter_hours.get(pro.id, 0.0))
        if hours <= 0:
            continue
        base = f"prospects[{pro.id}]"
        conversion = _value(values, f"{base}.conversion_per_hour", pro.conversion_per_hour)
        pool = _value(values, f"{base}.pool", pro.pool)
        won = min(conversion * hours, pool)
        rev = _value(values, f"{base}.revenue_per_client", pro.revenue_per_client)
        new_clients += won
        revenue += rev * won
        gross_margin += float(pro.margin or 0.0) * rev * won
        cost += float(pro.acquisition_cost) * won

    people = sum(float(g.cost_per_person) * _head_count(plan, g) for g in scenario.team.managers)
    people += float(scenario.team.hunters.cost_per_person) * plan.hunters
    cost += people
    headcount = sum(_head_count(plan, g) for g in scenario.team.managers) + plan.hunters
    return {
        "revenue": revenue,
        "gross_margin": gross_margin,
        "cost": cost,
        "profit": gross_margin - cost,
        "new_clients": new_clients,
        "hunters": float(plan.hunters),
        "headcount": float(headcount),
        "manager_hours_used": hours_used,
        "overload_hours": overload,
        "lost_clients": lost,
    }


def _head_count(plan: FixedPlan, group) -> int:
    return int(plan.head_counts.get(group.id, group.count))


__all__ = ["FixedPlan", "KPI_NAMES", "evaluate_fixed_plan"]
