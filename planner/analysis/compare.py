"""Compare scenarios side by side: the KPIs of each plan and their change against the first.

`compare_scenarios([(label, scenario, base_dir), ...])` solves each scenario and returns a
table with one row per KPI (plus status and objective), one column per scenario, and a
`delta: <label>` column per later scenario (its value minus the first's). A scenario without
a plan shows its status and empty KPIs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

import pandas as pd

from models import Scenario
from planner.economics import KPI_NAMES
from planner.analysis.execution import Execution, ProgressCallback, run_tasks
from planner.analysis.solving import SolveOptions, as_number, solve_task

DELTA_PREFIX = "delta: "


def _compare_task(options: SolveOptions, item: tuple[Scenario, str | None]) -> dict[str, Any]:
    scenario, base_dir = item
    return solve_task(replace(options, base_dir=base_dir), scenario)


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Labels made unique by suffixes (#2, #3, ...), so two files with one name stay apart."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return out


def compare_scenarios(
    items: Sequence[tuple[str, Scenario, str | None]],
    *,
    options: SolveOptions | None = None,
    execution: Execution | None = None,
    progress: ProgressCallback | None = None,
) -> pd.DataFrame:
    """KPI table of several scenarios (index: status, objective, the KPIs)."""
    labels = unique_labels([label for label, _, _ in items])
    rows = run_tasks(
        _compare_task,
        options or SolveOptions(),
        [(scenario, base_dir) for _, scenario, base_dir in items],
        execution=execution or Execution(workers=1),
        progress=progress,
    )
    metrics = ["status", "objective", *KPI_NAMES]
    table = pd.DataFrame({label: [row[m] for m in metrics] for label, row in zip(labels, rows)}, index=metrics)
    table.index.name = "kpi"
    first = labels[0]
    for label, row in zip(labels[1:], rows[1:]):
        deltas: list[Any] = [None]  # status has no difference
        for metric in metrics[1:]:
            a, b = as_number(rows[0][metric]), as_number(row[metric])
            deltas.append(b - a)
        table[DELTA_PREFIX + label] = deltas
    table.attrs["base"] = first
    return table


__all__ = ["DELTA_PREFIX", "compare_scenarios", "unique_labels"]
