"""Marginal-value curves: what each extra person of a group (or each extra hunter) is worth.

The head count of the target is fixed at each value of `counts` (no longer a decision; the rest
of the scenario, other decided head counts included, is re-optimised), giving profit and every
KPI as a function of the head count. Between consecutive counts `n_prev < n`:

    marginal_<kpi>(n) = kpi(n) - kpi(n_prev)           (NaN for the first count)
    marginal_<kpi>_per_person(n) = marginal_<kpi>(n) / (n - n_prev)

so `kpi(counts[0]) + sum of marginal_<kpi> up to n = kpi(n)` exactly (the curve is the running
sum of its marginals). The **flat maximum** (Zoltners & Sinha): the counts whose profit is
within 1% of the best, `profit >= best - 0.01 |best|`; `flat_low..flat_high` is the run of
consecutive such counts around the best. A wide flat region says the exact head count matters
little, the region's low end is the cheapest safe choice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from models import Scenario
from planner.analysis.evaluate import KPI_NAMES
from planner.jsonable import jsonable
from planner.analysis.execution import Execution, ProgressCallback, run_tasks
from planner.analysis.paths import HUNTERS, fix_head_count, head_count_path
from planner.analysis.solving import SolveOptions, result_columns, solve_task
from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue

FLAT_TOLERANCE = 0.01
MARGINAL_KPIS = ("profit", "revenue", "gross_margin", "cost", "new_clients", "manager_hours_used")

TEXT = catalogue({
    "no_counts": N_("give at least one head count, like 0..6"),
    "counts": N_("head counts must be whole numbers >= 0, got {value!r}"),
})


@dataclass(frozen=True)
class MarginalCurve:
    """A marginal-value curve.

    table  one row per head count: count, status, objective, the KPIs, marginal_<kpi> and
           marginal_<kpi>_per_person for MARGINAL_KPIS, within_flat (bool), best (bool)
    """

    target: str
    table: pd.DataFrame
    best_count: int | None
    best_profit: float
    flat_low: int | None
    flat_high: int | None
    tolerance: float = FLAT_TOLERANCE

    @property
    def flat_counts(self) -> list[int]:
        return [int(c) for c in self.table.loc[self.table["within_flat"], "count"]]

    def to_json(self) -> dict[str, Any]:
        rows = []
        for row in self.table.to_dict(orient="records"):
            rows.append({k: jsonable(v) for k, v in row.items()})
        return {
            "target": self.target,
            "best_count": self.best_count,
            "best_profit": jsonable(self.best_profit),
            "flat_low": self.flat_low,
            "flat_high": self.flat_high,
            "tolerance": self.tolerance,
            "curve": rows,
        }


def _check_counts(counts: Sequence[int]) -> list[int]:
    values = list(counts)
    if not values:
        raise InputError(Problem("--counts", TEXT["no_counts"]))
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise InputError(Problem("--counts", TEXT["counts"].format(value=value)))
    return sorted({int(v) for v in values})


def marginal_curve(
    scenario: Scenario,
    target: str,
    counts: Sequence[int],
    *,
    base_dir: str | None = None,
    options: SolveOptions | None = None,
    execution: Execution | None = None,
    progress: ProgressCallback | None = None,
    tolerance: float = FLAT_TOLERANCE,
) -> MarginalCurve:
    """Profit and every KPI against the head count of `target` (a manager group id or
    `hunters`), with marginal values and the flat maximum (see the module docstring)."""
    head_count_path(scenario, target)  # unknown target -> InputError naming the known ids
    values = _check_counts(counts)
    scenarios = [fix_head_count(scenario, target, n) for n in values]
    options = (options or SolveOptions()).with_base_dir(base_dir)
    rows = run_tasks(solve_task, options, scenarios, execution=execution, progress=progress)
    table = pd.concat(
        [pd.DataFrame({"count": values}), pd.DataFrame(rows, columns=result_columns())], axis=1
    )
    return curve_from_table(target, table, tolerance)


def curve_from_table(target: str, table: pd.DataFrame, tolerance: float = FLAT_TOLERANCE) -> MarginalCurve:
    """Marginals and flat maximum of a table with `count`, `status` and the KPIs."""
    table = table.sort_values("count", kind="mergesort").reset_index(drop=True)
    step = table["count"].diff()
    for kpi in MARGINAL_KPIS:
        marginal = table[kpi].diff()
        table[f"marginal_{kpi}"] = marginal
        table[f"marginal_{kpi}_per_person"] = marginal / step
    profit = table["profit"].to_numpy(float)
    solved = ~np.isnan(profit)
    if not solved.any():
        table["within_flat"] = False
        table["best"] = False
        return MarginalCurve(target, table, None, math.nan, None, None, tolerance)
    best_index = int(np.nanargmax(profit))
    best = float(profit[best_index])
    threshold = best - tolerance * abs(best)
    within = solved & (np.nan_to_num(profit, nan=-np.inf) >= threshold)
    table["within_flat"] = within
    table["best"] = np.arange(len(table)) == best_index
    lo = hi = best_index
    while lo > 0 and within[lo - 1]:
        lo -= 1
    while hi < len(table) - 1 and within[hi + 1]:
        hi += 1
    counts = table["count"].astype(int).tolist()
    return MarginalCurve(target, table, counts[best_index], best, counts[lo], counts[hi], tolerance)


def curve_long(curve: MarginalCurve, kpis: Sequence[str] = KPI_NAMES) -> pd.DataFrame:
    """The curve in long form for charting: count, kpi, value, marginal."""
    parts = []
    for kpi in kpis:
        part = pd.DataFrame({"count": curve.table["count"], "kpi": kpi, "value": curve.table[kpi]})
        part["marginal"] = curve.table.get(f"marginal_{kpi}", pd.Series(np.nan, index=curve.table.index))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


__all__ = ["FLAT_TOLERANCE", "HUNTERS", "MARGINAL_KPIS", "MarginalCurve", "curve_from_table", "curve_long", "marginal_curve"]
