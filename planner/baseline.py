"""The baseline: today's allocation (or an intuitive one) evaluated with the plan's economics.

A baseline is evaluated, never optimised. It is

- the scenario's `current` allocation when there is one: `current.levels` gives the clients of
  each segment at each level (the rest unserved), `current.hunters` today's hunters (default the
  hunters' `count`), and every group works at today's `count`; or
- without `current`, the **even-spread heuristic** (intuition without a model): every group, at
  today's head count, spreads its hours over the segments it may serve (skill, service `all`, a
  manager-served level) in proportion to their numbers of clients. Each segment then puts all its
  clients on its *richest* manager-served level (highest revenue per client; ties: fewer hours)
  whose hours for all of them fit into the hours it received, or, if none fits, as many clients
  as fit on its level with the fewest hours. The segment's other clients get its richest allowed
  automated level, or stay unserved. Segments whose service is `automated` put all clients on
  their richest automated level; `none` serves nobody.

In both, hunters spread their hours over the prospect segments in proportion to the hours each
pool takes to exhaust (`N_p / c_p`), never beyond a pool. The baseline reports its KPIs, its
objective value, the plan's uplift and every limit of the model it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner.inputs import Inputs
from planner.plan import KPI_NAMES, Solution, _clean, evaluate_kpis, evaluate_objective, records

TOL = 1e-6

TEXT = {
    "coverage": "segment {s}: {managed:,.1f} clients manager-served, below min_coverage {phi:g} x {n:,.0f} = {need:,.1f}",
    "service": "segment {s}: {c:,.1f} clients at level {l}, which its service '{svc}' does not allow",
    "skill": "segment {s}: {c:,.1f} clients at level {l}, but no group has skill '{q}'",
    "capacity": "the team's hours: today's allocation needs {over:,.0f} h more than the groups have",
    "span": "group {g}: {c:,.1f} clients, above max_clients {m:g} x {n} people",
    "headcount": "head count {hc:g} above max_headcount {t}",
    "budget": "cost {v:,.0f} above max_cost {t:,.0f}",
    "min_profit": "profit {v:,.0f} below min_profit {t:,.0f}",
    "min_revenue": "revenue {v:,.0f} below min_revenue {t:,.0f}",
    "min_new_clients": "new clients {v:,.1f} below min_new_clients {t:,.1f}",
}


@dataclass(frozen=True)
class Baseline:
    kind: str  # "current" or "even_spread"
    kpis: dict[str, float]
    objective: float
    feasible: bool
    violations: list[str]
    uplift: dict[str, float] = field(default_factory=dict)
    objective_uplift: float | None = None
    segment_levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    allocations: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kpis": {k: _clean(float(v)) for k, v in self.kpis.items()},
            "objective": _clean(float(self.objective)),
            "feasible": self.feasible,
            "violations": list(self.violations),
            "uplift": {k: _clean(float(v)) for k, v in self.uplift.items()},
            "objective_uplift": _clean(self.objective_uplift) if self.objective_uplift is not None else None,
            "allocations": records(self.allocations),
        }


def _hunter_hours(inputs: Inputs, hunters: float) -> np.ndarray:
    pr = inputs.prospects
    if not len(pr):
        return np.zeros(0)
    need = pr["max_hours"].to_numpy(float)
    have = hunters * inputs.hunters.hours
    total = need.sum()
    if total <= have or total <= 0:
        return need.copy()
    return need * (have / total)


def even_spread(inputs: Inputs) -> tuple[np.ndarray, pd.DataFrame]:
    """Clients per level row and the group allocation of the even-spread heuristic."""
    seg, lv, gr = inputs.segments, inputs.levels, inputs.groups
    served = np.zeros(len(lv))
    manager_rows = lv[~lv["automated"] & lv["allowed"]]
    servable = list(dict.fromkeys(manager_rows["segment"]))
    # effective hours each group gives each segment
    contrib: dict[str, dict[str, float]] = {s: {} for s in servable}
    for g, row in gr.iterrows():
        targets = [s for s in servable if inputs.may_serve(g, s) and seg.at[s, "clients"] > 0]
        total_clients = sum(seg.at[s, "clients"] for s in targets)
        if not targets or total_clients <= 0:
            continue
        hours = row["effective_hours"] * row["count"]
        for s in targets:
            contrib[s][g] = hours * seg.at[s, "clients"] / total_clients
    alloc_rows = []
    for s in seg.index:
        n = float(seg.at[s, "clients"])
        rows = lv[(lv["segment"] == s) & lv["allowed"]]
        managed = 0.0
        mrows = rows[~rows["automated"]]
        have = sum(contrib.get(s, {}).values())
        if len(mrows) and have > 0 and n > 0:
            ranked = mrows.sort_values(["revenue", "hours"], ascending=[False, True], kind="stable")
            fits = ranked[ranked["hours"] * n <= have + TOL]
            if len(fits):
                r = fits.index[0]
                managed = n
            else:
                r = mrows["hours"].idxmin()
                managed = min(n, have / float(lv.at[r, "hours"]))
            served[r] += managed
            used = managed * float(lv.at[r, "hours"])
            for g, h in contrib[s].items():
                share = h / have
                alloc_rows.append((g, s, lv.at[r, "level"], managed * share,
                                   used * share / float(gr.at[g, "efficiency"])))
        autos = rows[rows["automated"]]
        rest = n - managed
        if len(autos) and rest > TOL:
            r = autos.sort_values("revenue", ascending=False, kind="stable").index[0]
            served[r] += rest
    alloc = pd.DataFrame(alloc_rows, columns=["group", "segment", "level", "clients", "hours"])
    return served, alloc


def route_current(inputs: Inputs, served: np.ndarray) -> tuple[pd.DataFrame, float, list[str]]:
    """Route today's manager-served clients to groups (an LP that minimises overload hours):
    (allocation, overload hours, problems with skills/spans)."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    lv, gr = inputs.levels, inputs.groups
    seg = inputs.segments
    rows = [r for r in np.flatnonzero(served > TOL) if not lv.at[r, "automated"]]
    problems: list[str] = []
    cols = []  # (group index, row)
    for r in rows:
        s = lv.at[r, "segment"]
        ok = [gi for gi, g in enumerate(gr.index) if inputs.may_serve(g, s) and gr.at[g, "count"] > 0]
        if not ok:
            problems.append(TEXT["skill"].format(s=s, c=served[r], l=lv.at[r, "level"], q=seg.at[s, "required_skill"]))
        cols += [(gi, r) for gi in ok]
    if not cols:
        return pd.DataFrame(columns=["group", "segment", "level", "clients", "hours"]), 0.0, problems
    nz, ng = len(cols), len(gr)
    spans = [gi for gi, m in enumerate(gr["max_clients"]) if m is not None and not pd.isna(m)]
    n_var = nz + ng + len(spans)
    eq_r, eq_c = [], []
    row_pos = {r: i for i, r in enumerate(sorted({r for _, r in cols}))}
    for k, (gi, r) in enumerate(cols):
        eq_r.append(row_pos[r])
        eq_c.append(k)
    A_eq = coo_matrix((np.ones(nz), (eq_r, eq_c)), shape=(len(row_pos), n_var))
    b_eq = np.array([served[r] for r in sorted(row_pos)])
    ub_r, ub_c, ub_v = [], [], []
    eff = gr["efficiency"].to_numpy(float)
    for k, (gi, r) in enumerate(cols):
        ub_r.append(gi); ub_c.append(k); ub_v.append(float(lv.at[r, "hours"]) / eff[gi])
    for gi in range(ng):
        ub_r.append(gi); ub_c.append(nz + gi); ub_v.append(-1.0)
    b_ub = list((gr["hours"] * gr["count"]).to_numpy(float))
    for j, gi in enumerate(spans):
        for k, (g2, r) in enumerate(cols):
            if g2 == gi:
                ub_r.append(ng + j); ub_c.append(k); ub_v.append(1.0)
        ub_r.append(ng + j); ub_c.append(nz + ng + j); ub_v.append(-1.0)
        b_ub.append(float(gr["max_clients"].iloc[gi]) * float(gr["count"].iloc[gi]))
    A_ub = coo_matrix((ub_v, (ub_r, ub_c)), shape=(ng + len(spans), n_var))
    c = np.concatenate([np.zeros(nz), np.ones(ng), np.full(len(spans), 1e-3)])
    res = linprog(c, A_ub=A_ub.tocsr(), b_ub=b_ub, A_eq=A_eq.tocsr(), b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status != 0:
        return pd.DataFrame(columns=["group", "segment", "level", "clients", "hours"]), 0.0, problems
    x = res.x
    alloc = pd.DataFrame(
        [(gr.index[gi], lv.at[r, "segment"], lv.at[r, "level"], x[k], x[k] * float(lv.at[r, "hours"]) / eff[gi])
         for k, (gi, r) in enumerate(cols) if x[k] > TOL],
        columns=["group", "segment", "level", "clients", "hours"],
    )
    over = float(x[nz:nz + ng].sum())
    for j, gi in enumerate(spans):
        if x[nz + ng + j] > TOL:
            g = gr.index[gi]
            problems.append(TEXT["span"].format(g=g, c=float(alloc.loc[alloc["group"] == g, "clients"].sum()),
                                                m=float(gr.at[g, "max_clients"]), n=int(gr.at[g, "count"])))
    return alloc, over, problems


def compute_baseline(inputs: Inputs, plan_kpis: dict | None = None, plan_objective: float | None = None) -> Baseline:
    """Evaluate today's (or the even-spread) allocation; see the module docstring."""
    sc = inputs.scenario
    lv, seg, gr = inputs.levels, inputs.segments, inputs.groups
    counts = gr["count"].to_numpy(float)
    violations: list[str] = []
    if sc.current is not None:
        kind = "current"
        hunters = float(sc.current.hunters if sc.current.hunters is not None else inputs.hunters.count)
        served = np.zeros(len(lv))
        pos = {(s, l): i for i, (s, l) in enumerate(zip(lv["segment"], lv["level"]))}
        for s, levels in sc.current.levels.items():
            for l, c in levels.items():
                if (s, l) in pos and c > 0:
                    r = pos[(s, l)]
                    served[r] += float(c)
                    if not lv.at[r, "allowed"]:
                        violations.append(TEXT["service"].format(s=s, c=float(c), l=l, svc=seg.at[s, "service"]))
        alloc, over, problems = route_current(inputs, served)
        violations += problems
        if over > TOL:
            violations.append(TEXT["capacity"].format(over=over))
    else:
        kind = "even_spread"
        hunters = float(inputs.hunters.count)
        served, alloc = even_spread(inputs)
        for g, row in gr.iterrows():
            m = row["max_clients"]
            if m is not None and not pd.isna(m):
                c = float(alloc.loc[alloc["group"] == g, "clients"].sum())
                if c > m * row["count"] + TOL:
                    violations.append(TEXT["span"].format(g=g, c=c, m=m, n=int(row["count"])))
    sol = Solution(served=served, u=_hunter_hours(inputs, hunters), counts=counts, hunters=hunters, allocations=alloc)
    kpis = evaluate_kpis(inputs, sol)
    objective = evaluate_objective(inputs, sol)

    managed = pd.Series(np.where(lv["automated"], 0.0, served)).groupby(lv["segment"].to_numpy()).sum()
    for s, row in seg.iterrows():
        need = row["min_coverage"] * row["clients"]
        have = float(managed.get(s, 0.0))
        if need > 0 and have < need - TOL * max(1.0, need):
            violations.append(TEXT["coverage"].format(s=s, managed=have, phi=row["min_coverage"], n=row["clients"], need=need))
    goal = sc.goal
    T = inputs.max_headcount
    if T is not None and kpis["headcount"] > T + TOL:
        violations.append(TEXT["headcount"].format(hc=kpis["headcount"], t=T))
    checks = (("budget", "cost", goal.max_cost, -1), ("min_profit", "profit", goal.min_profit, 1),
              ("min_revenue", "revenue", goal.min_revenue, 1), ("min_new_clients", "new_clients", goal.min_new_clients, 1))
    for name, kpi, target, sign in checks:
        if target is None:
            continue
        v = kpis[kpi]
        if sign * (v - target) < -TOL * max(1.0, abs(target)):
            violations.append(TEXT[name].format(v=v, t=target))
    uplift = {k: plan_kpis[k] - kpis[k] for k in KPI_NAMES} if plan_kpis else {}
    levels = pd.DataFrame({"segment": lv["segment"], "level": lv["level"], "clients": served})
    return Baseline(
        kind=kind, kpis=kpis, objective=objective, feasible=not violations, violations=violations,
        uplift=uplift, objective_uplift=None if plan_objective is None else plan_objective - objective,
        segment_levels=levels, allocations=alloc,
    )


__all__ = ["Baseline", "compute_baseline", "even_spread", "route_current"]
