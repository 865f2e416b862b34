"""Stage 6 of the pipeline: a solved model -> a frozen `Plan` of labelled tables.

The KPIs are evaluated on numbers by `evaluate_kpis`, the same formulas the model builds on
variables (PLANNER.md "KPIs"), so what is reported is what was optimised; the baseline is
evaluated by the same function.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario
from planner.inputs import Inputs
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


def evaluate_kpis(inputs: Inputs, sol: Solution) -> dict[str, float]:
    """The KPIs of PLANNER.md on numbers (with served_sl, u_p, y_g, H):
    R = sum_s[sum_l r_sl served_sl + r_s0 (n_s - served_s)] + sum_p r_p c_p u_p;
    GM likewise with margins; Cost = sum_g W_g y_g + W_H H + sum k_sl served_sl + sum_p k_p c_p u_p;
    Profit = GM - Cost; NC = sum_p c_p u_p; manager hours used = sum (h/e_g) z."""
    lv, pr, gr = inputs.levels, inputs.prospects, inputs.groups
    served, u = sol.served, sol.u
    revenue = inputs.unserved_revenue_total + float(served @ lv["d_revenue"].to_numpy(float))
    gm = inputs.unserved_margin_total + float(served @ lv["d_margin"].to_numpy(float))
    cost = float(served @ lv["d_cost"].to_numpy(float))
    nc = 0.0
    if len(pr):
        revenue += float(u @ pr["revenue_h"].to_numpy(float))
        gm += float(u @ pr["margin_h"].to_numpy(float))
        cost += float(u @ pr["cost_h"].to_numpy(float))
        nc = float(u @ pr["nc_h"].to_numpy(float))
    cost += float(sol.counts @ gr["cost"].to_numpy(float)) + inputs.hunters.cost * sol.hunters
    hours_used = float(sol.allocations["hours"].sum()) if len(sol.allocations) else 0.0
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
    """Weighted profit terms per priority class (priority_first's held values)."""
    seg, lv, pr = inputs.segments, inputs.levels, inputs.prospects
    out: dict[str, float] = {}
    const = seg["weight"] * seg["margin"] * seg["unserved_revenue"] * seg["clients"]
    for k, v in const.groupby(seg["priority"]).sum().items():
        out[k] = out.get(k, 0.0) + float(v)
    terms = pd.Series(sol.served * lv["d_profit"].to_numpy(float) * lv["weight"].to_numpy(float))
    klass = lv["segment"].map(seg["priority"])
    for k, v in terms.groupby(klass.to_numpy()).sum().items():
        out[k] = out.get(k, 0.0) + float(v)
    if len(pr):
        pt = sol.u * (pr["margin_h"] - pr["cost_h"]).to_numpy(float) * pr["weight"].to_numpy(float)
        for k, v in pd.Series(pt).groupby(pr["priority"].to_numpy()).sum().items():
            out[k] = out.get(k, 0.0) + float(v)
    return out


def evaluate_objective(inputs: Inputs, sol: Solution, objective: str | None = None) -> float:
    """goal.objective evaluated on numbers (priority_first: its final stage, weighted profit)."""
    objective = objective or inputs.scenario.goal.objective
    seg, lv, pr, gr = inputs.segments, inputs.levels, inputs.prospects, inputs.groups
    w = lv["weight"].to_numpy(float)
    if objective == "new_clients":
        return float(sol.u @ pr["nc_h"].to_numpy(float)) if len(pr) else 0.0
    if objective == "revenue":
        val = float((seg["weight"] * seg["unserved_revenue"] * seg["clients"]).sum())
        val += float(sol.served @ (lv["d_revenue"].to_numpy(float) * w))
        if len(pr):
            val += float(sol.u @ (pr["revenue_h"] * pr["weight"]).to_numpy(float))
        return val
    val = sum(class_values(inputs, sol).values())
    val -= float(sol.counts @ gr["cost"].to_numpy(float)) + inputs.hunters.cost * sol.hunters
    return val


def segment_table(inputs: Inputs, sol: Solution) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(segments, segment_levels): per segment clients by kind, coverage, money; per level clients."""
    seg, lv = inputs.segments, inputs.levels
    levels = pd.DataFrame({
        "segment": lv["segment"], "level": lv["level"], "automated": lv["automated"],
        "clients": sol.served, "hours_per_client": lv["hours"],
        "revenue": sol.served * lv["revenue"], "gross_margin": sol.served * lv["revenue"] * lv["margin"],
        "cost": sol.served * lv["cost"],
    })
    manager = levels["clients"].where(~levels["automated"], 0.0).groupby(levels["segment"]).sum()
    automated = levels["clients"].where(levels["automated"], 0.0).groupby(levels["segment"]).sum()
    money = levels[["revenue", "gross_margin", "cost"]].groupby(levels["segment"]).sum()
    out = pd.DataFrame(index=seg.index)
    out["priority"] = seg["priority"]
    out["service"] = seg["service"]
    out["clients"] = seg["clients"]
    out["managed"] = manager.reindex(seg.index, fill_value=0.0)
    out["automated"] = automated.reindex(seg.index, fill_value=0.0)
    out["unserved"] = (out["clients"] - out["managed"] - out["automated"]).clip(lower=0.0)
    out["coverage"] = np.where(out["clients"] > 0, out["managed"] / out["clients"].where(out["clients"] > 0, 1), 0.0)
    out["min_coverage"] = seg["min_coverage"]
    unserved_rev = out["unserved"] * seg["unserved_revenue"]
    out["revenue"] = money["revenue"].reindex(seg.index, fill_value=0.0) + unserved_rev
    out["gross_margin"] = money["gross_margin"].reindex(seg.index, fill_value=0.0) + unserved_rev * seg["margin"]
    out["cost"] = money["cost"].reindex(seg.index, fill_value=0.0)
    out["profit"] = out["gross_margin"] - out["cost"]
    out.index.name = "segment"
    return out.reset_index(), levels.reset_index(drop=True)


def group_table(inputs: Inputs, sol: Solution) -> pd.DataFrame:
    """Per group: head count, capacity, hours used, utilisation, clients, clients per person."""
    gr = inputs.groups
    alloc = sol.allocations
    used = alloc.groupby("group")["hours"].sum() if len(alloc) else pd.Series(dtype=float)
    clients = alloc.groupby("group")["clients"].sum() if len(alloc) else pd.Series(dtype=float)
    out = pd.DataFrame(index=gr.index)
    out["head_count"] = sol.counts
    out["decided"] = gr["decided"]
    out["min_count"] = gr["lower"]
    out["max_count"] = gr["upper"]
    out["today"] = gr["count"]
    out["hours_per_person"] = gr["hours"]
    out["capacity"] = gr["hours"] * out["head_count"]
    out["hours_used"] = used.reindex(gr.index, fill_value=0.0)
    out["utilisation"] = np.where(out["capacity"] > 0, out["hours_used"] / out["capacity"].where(out["capacity"] > 0, 1), 0.0)
    out["clients"] = clients.reindex(gr.index, fill_value=0.0)
    out["clients_per_person"] = np.where(out["head_count"] > 0, out["clients"] / out["head_count"].where(out["head_count"] > 0, 1), 0.0)
    out["max_clients"] = gr["max_clients"]
    out["cost"] = out["head_count"] * gr["cost"]
    out.index.name = "group"
    return out.reset_index()


def prospect_table(inputs: Inputs, sol: Solution) -> pd.DataFrame:
    pr = inputs.prospects
    out = pd.DataFrame(index=pr.index)
    out["priority"] = pr["priority"]
    out["hunter_hours"] = sol.u
    out["new_clients"] = sol.u * pr["nc_h"]
    out["pool"] = pr["pool"]
    out["pool_used"] = np.where(pr["pool"] > 0, out["new_clients"] / pr["pool"].where(pr["pool"] > 0, 1), 0.0)
    out["revenue"] = sol.u * pr["revenue_h"]
    out["gross_margin"] = sol.u * pr["margin_h"]
    out["cost"] = sol.u * pr["cost_h"]
    out.index.name = "prospect"
    return out.reset_index()


def _clean(x: Any) -> Any:
    """JSON-friendly scalar: numpy -> Python, NaN -> None, -0.0 -> 0.0."""
    if isinstance(x, (np.generic,)):
        x = x.item()
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            return None
        return x + 0.0
    if isinstance(x, (frozenset, set, tuple)):
        return sorted(x) if isinstance(x, (frozenset, set)) else list(x)
    return x


def records(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    if df is None or not len(df):
        return []
    cols = list(df.columns)
    return [{c: _clean(v) for c, v in zip(cols, row)} for row in df.itertuples(index=False, name=None)]


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
            value = _clean(float(value)) if value is not None else None
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
                by_seg.setdefault(s, {})[l] = _clean(float(c))
            for row in seg:
                row["levels"] = by_seg.get(row["segment"], {})
        baseline = {"kpis": {}}
        if self.baseline is not None:
            baseline = self.baseline.to_json()
        return {
            "status": str(self.status),
            "objective": _clean(float(self.objective)) if self.objective is not None else None,
            "kpis": {k: _clean(float(self.kpis.get(k, float("nan")))) for k in KPI_NAMES},
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
           "failed_plan", "group_table", "prospect_table", "records", "segment_table"]
