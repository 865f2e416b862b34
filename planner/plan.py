"""Stage 6 of the pipeline: a solved model -> a frozen `Plan` of labelled tables.

The KPIs are evaluated on numbers by `planner.economics` (the same `Terms` the model is built
from), so what is reported is what was optimised; the baseline and the books use the same
evaluator. Every plan carries the `Certificate` of its solve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario
from planner import economics
from planner.economics import KPI_NAMES
from planner.frames import as_column, ratio
from planner.inputs import Inputs
from planner.jsonable import jsonable, records
from planner.solution import ALLOCATION_COLUMNS, Solution
from planner.solve import SolveStatus

ZERO = 1e-9


def segment_table(inputs: Inputs, sol: Solution) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(segments, segment_levels): per segment clients by kind, coverage, money; per level clients."""
    A = inputs.arrays
    seg = inputs.segments
    ns = len(A.seg_ids)
    c = sol.served
    money = economics.level_money(inputs, c)
    levels = pd.DataFrame({
        "segment": as_column(inputs.levels["segment"]), "level": as_column(inputs.levels["level"]),
        "automated": A.lv_automated, "clients": c, "hours_per_client": A.lv_hours, **money,
    })
    managed = np.bincount(A.lv_seg, np.where(A.lv_automated, 0.0, c), minlength=ns)
    automated = np.bincount(A.lv_seg, np.where(A.lv_automated, c, 0.0), minlength=ns)
    totals = economics.segment_money(inputs, c)
    out = pd.DataFrame({
        "segment": as_column(seg.index), "priority": as_column(seg["priority"]),
        "service": as_column(seg["service"]),
        "clients": A.seg_clients, "managed": managed, "automated": automated, "unserved": totals["unserved"],
        "coverage": ratio(managed, A.seg_clients), "min_coverage": A.seg_phi,
        "revenue": totals["revenue"], "gross_margin": totals["gross_margin"], "cost": totals["cost"],
        "profit": totals["profit"],
    })
    return out, levels


def group_table(inputs: Inputs, sol: Solution) -> pd.DataFrame:
    """Per group: head count, capacity, hours used, utilisation, clients, clients per person."""
    A = inputs.arrays
    alloc = sol.allocations
    used = np.zeros(len(A.grp_ids))
    clients = np.zeros(len(A.grp_ids))
    if len(alloc):
        if sol.group_index is not None:
            gi = sol.group_index
        else:
            pos = {g: i for i, g in enumerate(A.grp_ids)}
            gi = np.fromiter((pos[g] for g in alloc["group"]), int, len(alloc))
        used = np.bincount(gi, alloc["hours"].to_numpy(float), minlength=len(A.grp_ids))
        clients = np.bincount(gi, alloc["clients"].to_numpy(float), minlength=len(A.grp_ids))
    capacity = A.grp_hours * sol.counts
    return pd.DataFrame({
        "group": A.grp_ids, "head_count": sol.counts, "decided": A.grp_decided, "min_count": A.grp_lower,
        "max_count": A.grp_upper, "today": A.grp_count, "hours_per_person": A.grp_hours, "capacity": capacity,
        "hours_used": used, "utilisation": ratio(used, capacity), "clients": clients,
        "clients_per_person": ratio(clients, sol.counts), "max_clients": A.grp_max_clients,
        "cost": economics.people_cost(inputs, sol.counts),
    })


def prospect_table(inputs: Inputs, sol: Solution) -> pd.DataFrame:
    A = inputs.arrays
    money = economics.prospect_money(inputs, sol.u)
    return pd.DataFrame({
        "prospect": A.pro_ids, "priority": [A.classes[k] for k in A.pro_class], "hunter_hours": sol.u,
        "new_clients": money["new_clients"], "pool": A.pro_pool, "pool_used": ratio(money["new_clients"], A.pro_pool),
        "revenue": money["revenue"], "gross_margin": money["gross_margin"], "cost": money["cost"],
    })


@dataclass(frozen=True)
class Plan:
    """The planner's answer for one scenario (see docs/ARCHITECTURE.md "Main library calls").

    A failed plan (status not ok) has empty tables, NaN KPIs and, for an infeasible scenario,
    a `diagnosis` that says which limits must move."""

    status: SolveStatus
    objective: float
    kpis: dict[str, float]
    allocations: pd.DataFrame
    segments: pd.DataFrame
    groups: pd.DataFrame
    prospects: pd.DataFrame
    shadow_prices: pd.DataFrame
    scenario: Scenario
    segment_levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    baseline: Any = None
    diagnosis: Any = None
    explanations: pd.DataFrame = field(default_factory=pd.DataFrame)
    timings: dict[str, float] = field(default_factory=dict)
    solver: str = "highs"
    message: str = ""
    class_values: dict[str, float] = field(default_factory=dict)
    certificate: Any = None

    @property
    def ok(self) -> bool:
        return self.status.ok

    def shadow_prices_json(self) -> dict[str, Any]:
        sp = self.shadow_prices
        out: dict[str, Any] = {"hours": {}, "person": {}, "limits": {}, "hunter_hour": None, "hunter": None,
                               "text": []}
        if sp is None or not len(sp):
            return out
        for kind, subject, value, text in sp[["kind", "subject", "value", "text"]].itertuples(index=False):
            value = jsonable(float(value)) if value is not None else None
            if kind == "hour":
                out["hours"][subject] = value
            elif kind == "person":
                out["person"][subject] = value
            elif kind == "hunter_hour":
                out["hunter_hour"] = value
            elif kind == "hunter":
                out["hunter"] = value
            else:
                out["limits"][subject] = value
            out["text"].append(text)
        return out

    def to_json(self) -> dict[str, Any]:
        """The `planner solve --json` object of PLANNER.md, plus extra keys."""
        seg = records(self.segments)
        if len(self.segment_levels):
            by_seg: dict[str, dict[str, float]] = {}
            for s, l, c in self.segment_levels[["segment", "level", "clients"]].itertuples(index=False):
                by_seg.setdefault(s, {})[l] = jsonable(float(c))
            for row in seg:
                row["levels"] = by_seg.get(row["segment"], {})
        baseline = {"kpis": {}}
        if self.baseline is not None:
            baseline = self.baseline.to_json()
        return {
            "status": str(self.status),
            "objective": jsonable(float(self.objective)) if self.objective is not None else None,
            "kpis": {k: jsonable(float(self.kpis.get(k, float("nan")))) for k in KPI_NAMES},
            "baseline": baseline,
            "allocations": records(self.allocations[["group", "segment", "level", "clients", "hours"]])
            if len(self.allocations) else [],
            "segments": seg,
            "groups": records(self.groups),
            "prospects": records(self.prospects),
            "shadow_prices": self.shadow_prices_json(),
            "explanations": records(self.explanations),
            "diagnosis": self.diagnosis.to_json() if self.diagnosis is not None else None,
            "scenario": self.scenario.name,
            "solver": self.solver,
            "message": self.message,
            "timings": {k: round(v, 6) for k, v in self.timings.items()},
            "certificate": self.certificate.to_json() if self.certificate is not None else None,
        }


EMPTY = pd.DataFrame()


def failed_plan(scenario: Scenario, status: SolveStatus, message: str, *, diagnosis: Any = None,
                baseline: Any = None, timings: dict | None = None, solver: str = "highs",
                certificate: Any = None) -> Plan:
    """A stand-in Plan with the same API for a scenario that has no plan."""
    nan = float("nan")
    return Plan(
        status=status, objective=nan, kpis={k: nan for k in KPI_NAMES},
        allocations=pd.DataFrame(columns=ALLOCATION_COLUMNS),
        segments=EMPTY, groups=EMPTY, prospects=EMPTY, shadow_prices=EMPTY, scenario=scenario,
        baseline=baseline, diagnosis=diagnosis, timings=timings or {}, solver=solver, message=message,
        certificate=certificate,
    )


__all__ = ["Plan", "failed_plan", "group_table", "prospect_table", "segment_table"]
