"""The books of a scenario end to end: client table -> plan (`planner.optimise`) -> books.

`books_for_scenario(scenario, base_dir)` is what `planner books` and the app's Export page
call; the books themselves are `planner.books` (pure stages on tables)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from models import Scenario
from planner.books import Books, PlanCounts, build_books
from planner.books.text import EPS, TEXT
from planner.errors import InputError, PlanningError, Problem


def plan_counts(plan: Any) -> PlanCounts:
    """A Plan of `planner.optimise` -> PlanCounts: its manager allocations (group, segment,
    level, clients), its automated clients per segment and level (from `segment_levels`, group
    missing), each group's employed head count, its hunters and hunter hours, and its KPIs."""
    alloc = plan.allocations[["group", "segment", "level", "clients"]].copy()
    levels = plan.segment_levels
    if len(levels):
        auto = levels.loc[levels["automated"].astype(bool) & (levels["clients"] > EPS), ["segment", "level", "clients"]]
        alloc = pd.concat([alloc, auto.assign(group=None)[["group", "segment", "level", "clients"]]],
                          ignore_index=True)
    head = {str(g): int(round(float(n))) for g, n in plan.groups[["group", "head_count"]].itertuples(index=False)}
    hours = {}
    if len(plan.prospects):
        hours = {str(p): float(h) for p, h in plan.prospects[["prospect", "hunter_hours"]].itertuples(index=False)}
    return PlanCounts(allocations=alloc, head_counts=head, hunters=float(plan.kpis["hunters"]), hunter_hours=hours,
                      kpis=dict(plan.kpis))


def books_for_scenario(scenario: Scenario, base_dir: Path | None = None, *, solver: str = "highs",
                       time_limit: float | None = None) -> Books:
    """Client table -> plan -> books for a scenario as loaded from its file (`base_dir` is the
    folder its table paths resolve against). Raises InputError when the scenario has no client
    table, PlanningError when there is no plan (with or without the locked clients)."""
    if scenario.clients is None:
        raise InputError(Problem("clients", TEXT["no_clients"]))
    from planner.optimise import plan_scenario
    from planner.segmentation import load_client_table

    base = Path(base_dir) if base_dir is not None else None
    table = load_client_table(scenario, base)
    kwargs: dict[str, Any] = {"solver": solver, "details": False}
    if time_limit is not None:
        kwargs["time_limit"] = time_limit
    plan = plan_scenario(scenario, base_dir=base, **kwargs)

    def resolve(reduced: Scenario) -> PlanCounts:
        try:
            return plan_counts(plan_scenario(reduced, base_dir=base, **kwargs))
        except PlanningError as exc:
            raise PlanningError(TEXT["locks_infeasible"].format(message=exc), exc.plan) from None

    # plan.scenario is the prepared scenario: table counts applied, response curves expanded.
    return build_books(plan.scenario, table.frame, plan_counts(plan), resolve)


__all__ = ["books_for_scenario", "plan_counts"]
