"""The KPIs of a FIXED plan under other estimates: how the nominal plan plays out in a sample.

A fixed plan is what a head of sales would commit to: clients per (group, segment, level),
clients per automated (segment, level), head counts, and hunter hours per prospect segment.
Under a sample's estimates it plays out by these documented rules:

- a group whose clients now need more hours than it has (`sum h_sl/e_g z_gsl > C_g y_g`) serves
  each of its planned clients in the same proportion `C_g y_g / needed_g`; the rest become
  unserved (they earn `unserved_revenue`). The plan never gains hours it did not have;
- hunters keep their hours; new clients won are `min(c_p u_p, N_p)` (a smaller pool caps them:
  the hours beyond `N_p / c_p` win nothing);
- the KPIs are then `planner.economics.evaluate_kpis` of the clients served, the hunter hours
  that win clients and the head counts: the same evaluator as every plan.

With no sample (`values=None`) the KPIs are the plan's own: `tests/test_analysis_evaluate.py`
checks they reproduce `plan.kpis` of the optimiser.

Estimates are looked up by the same paths as `planner.analysis.sampling` writes
(`segments[key].levels[full].hours_per_client`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from models import Scenario
from planner import economics
from planner.economics import KPI_NAMES
from planner.inputs import build_inputs

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


def evaluate_fixed_plan(
    scenario: Scenario, plan: FixedPlan, values: Mapping[str, float] | None = None
) -> dict[str, float]:
    """KPIs of `plan` on the (prepared) `scenario` with estimates overridden by `values`.

    Returns the KPI_NAMES plus `overload_hours` (hours the plan needed beyond capacity, before
    it was scaled down) and `lost_clients` (planned clients that went unserved because of it)."""
    if values:
        from planner.analysis.sampling import apply_values

        scenario = apply_values(scenario, dict(values))
    inputs = build_inputs(scenario)
    A = inputs.arrays
    row_of = {(s, l): r for r, (s, l) in enumerate(zip(inputs.levels["segment"], inputs.levels["level"]))}
    group_pos = {g: i for i, g in enumerate(A.grp_ids)}
    counts = np.array([float(plan.head_counts.get(g, c)) for g, c in zip(A.grp_ids, A.grp_count.tolist())])

    # Hours each group needs under these estimates, and the share of its clients it can keep.
    needed = np.zeros(len(A.grp_ids))
    for group, segment, level, clients in plan.served:
        gi = group_pos[group]
        needed[gi] += clients * A.lv_hours[row_of[(segment, level)]] / A.grp_efficiency[gi]
    capacity = A.grp_hours * counts
    overloaded = needed > capacity * (1 + OVERLOAD_TOLERANCE) + OVERLOAD_TOLERANCE
    kept = np.where(overloaded, np.divide(capacity, needed, out=np.zeros_like(needed), where=needed > 0), 1.0)

    served = np.zeros(len(A.lv_ids))
    hours_used = lost = 0.0
    for group, segment, level, clients in plan.served:
        gi, r = group_pos[group], row_of[(segment, level)]
        n = clients * kept[gi]
        lost += clients - n
        served[r] += n
        hours_used += n * A.lv_hours[r] / A.grp_efficiency[gi]
    for segment, level, clients in plan.automated:
        served[row_of[(segment, level)]] += clients

    hours = np.array([float(plan.hunter_hours.get(p, 0.0)) for p in A.pro_ids])
    winning = np.minimum(hours, np.divide(A.pro_pool, A.pro_conversion, out=np.zeros_like(hours),
                                          where=A.pro_conversion > 0))
    kpis = economics.evaluate_kpis(inputs, served, winning, counts, float(plan.hunters), hours_used)
    return {**{k: kpis[k] for k in KPI_NAMES}, "overload_hours": float(np.maximum(needed - capacity, 0.0)[overloaded].sum()),
            "lost_clients": lost}


__all__ = ["FixedPlan", "KPI_NAMES", "evaluate_fixed_plan"]
