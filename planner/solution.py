"""The numbers of one plan (optimal or baseline) before any labelling, and their KPIs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import economics
from planner.inputs import Inputs

ALLOCATION_COLUMNS = ["group", "segment", "level", "clients", "hours"]


def empty_allocations() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in ALLOCATION_COLUMNS})


@dataclass(frozen=True)
class Solution:
    """Numbers of one plan.

    served       clients per row of inputs.levels (served_sl)
    u            hunter hours per prospect segment
    counts       head count per group (inputs.groups order)
    hunters      hunters' head count
    allocations  DataFrame group, segment, level, clients, hours (manager-served only; hours are
                 the group's own, h_sl / e_g per client)
    group_index  position in inputs.groups of each allocation row (None: look up by name)
    """

    served: np.ndarray
    u: np.ndarray
    counts: np.ndarray
    hunters: float
    allocations: pd.DataFrame
    group_index: np.ndarray | None = None

    @property
    def hours_used(self) -> float:
        return float(self.allocations["hours"].to_numpy(float).sum()) if len(self.allocations) else 0.0

    def kpis(self, inputs: Inputs) -> dict[str, float]:
        """economics.evaluate_kpis of these numbers."""
        return economics.evaluate_kpis(inputs, self.served, self.u, self.counts, self.hunters, self.hours_used)

    def objective(self, inputs: Inputs, objective: str | None = None) -> float:
        return economics.evaluate_objective(inputs, self.served, self.u, self.counts, self.hunters, objective)

    def class_values(self, inputs: Inputs) -> dict[str, float]:
        return economics.class_values(inputs, self.served, self.u)


__all__ = ["ALLOCATION_COLUMNS", "Solution", "empty_allocations"]
