"""Stage 6 of the pipeline: a solved model -> a frozen `Plan` of labelled tables.

The KPIs are evaluated on numbers by `evaluate_kpis`, the same formulas the model builds on
variables (PLANNER.md "KPIs"), so what is reported is what was optimised; the baseline is
evaluated by the same function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario
from planner.inputs import Inputs
from planner.jsonable import jsonable, records
from planner.solve import SolveStatus

KPI_NAMES = ("revenue", "gross_margin", "cost", "profit", "new_clients", "hunters", "headcount",
             "manager_hours_used")
ZERO = 1e-9


@dataclass(frozen=True)
class Solution:
    """Numbers of one plan (optimal or baseline), before any labelling.

    served    clients per row of inputs.levels (served_sl)
    hours     effective hours per row of inputs.levels (h_sl x manager-served clients)
    u         hunter hours per prospect segment
    counts    head count per group (inputs.groups order)
    hunters   hunters' head count
    allocations  DataFrame group, segment, level, clients, hours (manager-served only)
    """

    served: np.ndarray
    u: np.ndarray
    counts: np.ndarray
    hunters: float
    allocations: pd.DataFrame
    group_index: np.ndarray | None = None  # position in inputs.groups of each allocation row


def evaluate_kpis(inputs: Inputs, sol: Solution) -> dict[str, float]:
    """The KPIs of PLANNER.md on numbers (with served_sl, u_p, y_g, H):
    R = sum_s[sum_l r_sl served_sl + r_s0 (n_s - served_s)] + sum_p r_p c_p u_p;
    GM likewise with margins; Cost = sum_g W_g y_g + W_H H + sum k_sl served_sl + sum_p k_p c_p u_p;
    Profit = GM - Cost; NC = sum_p c_p u_p; manager hours used = sum (h/e_g) z."""
    A = inputs.arrays
    served, u = sol.served, sol.u
    revenue = inputs.unserved_revenue_total + float(served @ A.d_revenue)
    gm = inputs.unserved_margin_total + float(served @ A.d_margin)
    cost = float(served @ A.d_cost)
    nc = 0.0
    if len(u):
        revenue += float(u @ A.pro_revenue_h)
        gm += float(u @ A.pro_margin_h)
        cost += float(u @ A.pro_cost_h)
        nc = float(u @ A.pro_nc_h)
    cost += float(sol.counts @ A.grp_cost) + inputs.hunters.cost * sol.hunters
    hours_used = float(sol.allocations["hours"].to_numpy(float).sum()) if len(sol.allocations) else 0.0
    return {
        "revenue": revenue,
        "gross_margin": gm,
        "cost": cost,
        "profit": gm - cost,
        "new_clients": nc,
        "hunters": float(sol.hunters),
        "headcount": float(sol.counts.sum() + sol.hunters),
        "manager_hours_used": hours_used,
    }


def class_values(inputs: Inputs, sol: Solution) -> dict[str, float]:
    """Weighted profit terms per priority class (priority_first's held values):
    sum_{s in class} w_s [sum_l (mu r - k)_sl served_sl + mu_s r_s0 (n_s - served_s)]
    + sum_{p in class} w_p (mu_p r_p - k_p) c_p u_p."""
    A = inputs.arrays
    k = len(A.classes)
    vals = np.bincount(A.seg_class, A.seg_weight * A.seg_margin * A.seg_r0 * A.seg_clients, minlength=k)
    vals = vals + np.bincount(A.seg_class[A.lv_seg], sol.served * A.d_profit * A.lv_weight, minlength=k)
    if len(sol.u):
        vals = vals + np.bincount(A.pro_class, sol.u * (A.pro_margin_h - A.pro_cost_h) * A.pro_weight, minlength=k)
    return {c: float(v) for c, v in zip(A.classes, vals)}


def evaluate_objective(inputs: Inputs, sol: Solution, objective: str | None = None) -> float:
    """goal.objective evaluated on numbers (priority_first: its final stage, weighted profit)."""
    objective = objective or inputs.scenario.goal.objective
    A = inputs.arrays
    if objective == "new_clients":
        return float(sol.u @ A.pro_nc_h) if len(sol.u) else 0.0
    if objective == "revenue":
        val = float((A.seg_weight * A.seg_r0 * A.seg_clients).sum()) + float(sol.served @ (A.d_revenue * A.lv_weight))
        if len(sol.u):
            val += float(sol.u @ (A.pro_revenue_h * A.pro_weight))
        return val
    val = sum(class_values(inputs, sol).values())
    return val - float(sol.counts @ A.grp_cost) - inputs.hunters.cost * sol.hunters


def take_labels(labels, positions: np.ndarray):
    """The column `labels[positions]` for a table, with the dtype pandas would infer for it.

    `labels` is a list of names or a pandas column. A string column is taken by position from
    its few distinct labels (pandas' arrow strings): converting every repeated name costs ~1 ms
    per 10k rows. An empty column stays object, as pandas infers for an empty object array."""
    positions = np.asarray(positions, dtype=np.intp)
    if not len(positions):
        return np.array([], dtype=object)
    if isinstance(labels, (list, tuple)):
        if not all(isinstance(x, str) for x in labels):
            return np.array(labels, dtype=object)[positions]
        labels = pd.array(labels, dtype="str")
    array = labels.array if isinstance(labels, (pd.Series, pd.Index)) else labels
    if isinstance(array, pd.api.extensions.ExtensionArray) and array.dtype == "str":
        return array.take(positions)
    return np.asarray(array, dtype=object)[positions]


def _as_column(values):
    """A column of an input table for a result table: a string column as its (immutable) arrow
    array, anything else as a numpy array for pandas to infer, as before."""
    array = values.array
    if isinstance(array, pd.api.extensions.ExtensionArray) and array.dtype == "str":
        return array
    return values.to_numpy()


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.divide(a, b, out=np.zeros_like(a, dtype=float), where=b > 0)


def segment_table(inputs: Inputs, sol: Solution) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(segments, segment_levels): per segment clients by kind, coverage, money; per level clients."""
    A = inputs.arrays
    seg = inputs.segments
    ns = len(A.seg_ids)
    c = sol.served
    rev, gm, cost = c * A.lv_revenue, c * A.lv_revenue * A.lv_margin, c * A.lv_cost
    levels = pd.DataFrame({
        "segment": _as_column(inputs.levels["segment"]), "level": _as_column(inputs.levels["level"]),
        "automated": A.lv_automated,
        "clients": c, "hours_per_client": A.lv_hours, "revenue": rev, "gross_margin": gm, "cost": cost,
    })
    managed = np.bincount(A.lv_seg, np.where(A.lv_automated, 0.0, c), minlength=ns)
    automated = np.bincount(A.lv_seg, np.where(A.lv_automated, c, 0.0), minlength=ns)
    unserved = np.clip(A.seg_clients - managed - automated, 0.0, None)
    unserved_rev = unserved * A.seg_r0
    revenue = np.bincount(A.lv_seg, rev, minlength=ns) + unserved_rev
    margin = np.bincount(A.lv_seg, gm, minlength=ns) + unserved_rev * A.seg_margin
    costs = np.bincount(A.lv_seg, cost, minlength=ns)
    out = pd.DataFrame({
        "segment": _as_column(seg.index), "priority": _as_column(seg["priority"]),
        "service": _as_column(seg["service"]),
        "clients": A.seg_clients, "managed": managed, "automated": automated, "unserved": unserved,
        "coverage": _ratio(managed, A.seg_clients), "min_coverage": A.seg_phi,
        "revenue": revenue, "gross_margin": margin, "cost": costs, "profit": margin - costs,
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
        "hours_used": used, "utilisation": _ratio(used, capacity), "clients": clients,
        "clients_per_person": _ratio(clients, sol.counts), "max_clients": A.grp_max_clients,
        "cost": sol.counts * A.grp_cost,
    })


def prospect_table(inputs: Inputs, sol: Solution) -> pd.DataFrame:
    A = inputs.arrays
    u = sol.u
    won = u * A.pro_nc_h
    return pd.DataFrame({
        "prospect": A.pro_ids, "priority": [A.classes[k] for k in A.pro_class], "hunter_hours": u,
        "new_clients": won, "pool": A.pro_pool, "pool_used": _ratio(won, A.pro_pool),
        "revenue": u * A.pro_revenue_h, "gross_margin": u * A.pro_margin_h, "cost": u * A.pro_cost_h,
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
        }


EMPTY = pd.DataFrame()


def failed_plan(scenario: Scenario, status: SolveStatus, message: str, *, diagnosis: Any = None,
                baseline: Any = None, timings: dict | None = None, solver: str = "highs") -> Plan:
    """A stand-in Plan with the same API for a scenario that has no plan."""
    nan = float("nan")
    return Plan(
        status=status, objective=nan, kpis={k: nan for k in KPI_NAMES},
        allocations=pd.DataFrame(columns=["group", "segment", "level", "clients", "hours"]),
        segments=EMPTY, groups=EMPTY, prospects=EMPTY, shadow_prices=EMPTY, scenario=scenario,
        baseline=baseline, diagnosis=diagnosis, timings=timings or {}, solver=solver, message=message,
    )


__all__ = ["KPI_NAMES", "Plan", "Solution", "class_values", "evaluate_kpis", "evaluate_objective",
           "failed_plan", "group_table", "prospect_table", "records", "segment_table", "take_labels"]
