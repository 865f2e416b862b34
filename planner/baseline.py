"""The baseline: today's allocation (or an intuitive one) evaluated with the plan's economics.

A baseline is evaluated, never optimised. It is

- the scenario's `current` allocation when there is one (`kind: current`): `current.levels`
  gives the clients of each segment at each level (the rest unserved), `current.hunters` today's
  hunters (default the hunters' `count`), and every group works at today's `count`; or
- without `current`, when the client table has a `manager_column`, today's ownership read from
  the table (`kind: clients_table`, `planner.baseline_table`); or
- otherwise (`kind: even_spread`), the **even-spread heuristic** (intuition without a model): every group, at
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

from planner import economics
from planner.economics import KPI_NAMES
from planner.frames import take_labels
from planner.i18n import N_, catalogue
from planner.inputs import Inputs
from planner.jsonable import jsonable, records
from planner.postsolve import route_today
from planner.solution import Solution

TOL = 1e-6

TEXT = catalogue({
    "coverage": N_("segment {s}: {managed:,.1f} clients manager-served, below min_coverage {phi:g} x {n:,.0f} = {need:,.1f}"),
    "service": N_("segment {s}: {c:,.1f} clients at level {l}, which its service '{svc}' does not allow"),
    "skill": N_("segment {s}: {c:,.1f} clients at level {l}, but no group has skill '{q}'"),
    "capacity": N_("the team's hours: today's allocation needs {over:,.0f} h more than the groups have"),
    "span": N_("group {g}: {c:,.1f} clients, above max_clients {m:g} x {n} people"),
    "headcount": N_("head count {hc:g} above max_headcount {t}"),
    "hunters": N_("{n:g} hunters today, outside the allowed {lo}..{hi}"),
    "group_count": N_("group {g}: {n:g} people today, outside the allowed {lo}..{hi}"),
    "min_profit": N_("profit {v:,.0f} below min_profit {t:,.0f}"),
    "min_revenue": N_("revenue {v:,.0f} below min_revenue {t:,.0f}"),
    "min_new_clients": N_("new clients {v:,.1f} below min_new_clients {t:,.1f}"),
    "budget": N_("cost {v:,.0f} above max_cost {t:,.0f}"),
    "built.current": N_("the scenario's `current:` block (clients per segment and level today)"),
    "built.even_spread": N_("even spread: each group spreads today's hours over the segments it may serve, "
                            "in proportion to their clients (no `current:` block, no manager column)"),
})
KINDS = ("current", "clients_table", "even_spread")


@dataclass(frozen=True)
class Baseline:
    kind: str  # one of KINDS: "current", "clients_table" or "even_spread"
    kpis: dict[str, float]
    objective: float
    feasible: bool
    violations: list[str]
    uplift: dict[str, float] = field(default_factory=dict)
    objective_uplift: float | None = None
    segment_levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    allocations: pd.DataFrame = field(default_factory=pd.DataFrame)
    description: str = ""  # how it was built, in words
    source: dict[str, Any] = field(default_factory=dict)  # clients_table: what the table gave

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "description": self.description,
            "source": dict(self.source),
            "kpis": {k: jsonable(float(v)) for k, v in self.kpis.items()},
            "objective": jsonable(float(self.objective)),
            "feasible": self.feasible,
            "violations": list(self.violations),
            "uplift": {k: jsonable(float(v)) for k, v in self.uplift.items()},
            "objective_uplift": jsonable(self.objective_uplift) if self.objective_uplift is not None else None,
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
    A = inputs.arrays
    n = A.seg_clients
    lv_seg = A.lv_seg
    hours, revenue = A.lv_hours, A.lv_revenue
    automated, allowed = A.lv_automated, A.lv_allowed
    manager_ok = allowed & ~automated
    servable = np.zeros(len(n), dtype=bool)
    servable[lv_seg[manager_ok]] = True
    may = inputs.serve & servable[None, :] & (n > 0)[None, :]
    weights = may * n[None, :]
    totals = weights.sum(axis=1, keepdims=True)
    hours_g = (A.grp_effective * A.grp_count)[:, None]
    contrib = np.divide(weights * hours_g, totals, out=np.zeros_like(weights), where=totals > 0)
    have = contrib.sum(axis=0)

    # the per-segment choice below is scalar work: Python floats are several times faster there
    # than numpy scalars (and give the same IEEE results)
    served = [0.0] * len(lv_seg)
    managed = [0.0] * len(n)
    chosen = np.full(len(n), -1)
    hours_l, revenue_l, n_l, have_l = hours.tolist(), revenue.tolist(), n.tolist(), have.tolist()
    manager_l, auto_l = manager_ok.tolist(), (allowed & automated).tolist()
    rows_of: dict[int, list[int]] = {}
    for r, si in enumerate(lv_seg.tolist()):
        rows_of.setdefault(si, []).append(r)
    for si, rows in rows_of.items():
        mrows = [r for r in rows if manager_l[r]]
        nsi, hsi = n_l[si], have_l[si]
        if mrows and hsi > 0 and nsi > 0:
            ranked = sorted(mrows, key=lambda r: (-revenue_l[r], hours_l[r]))
            fit = [r for r in ranked if hours_l[r] * nsi <= hsi + TOL]
            if fit:
                r, m = fit[0], nsi
            else:
                r = min(mrows, key=lambda r: hours_l[r])
                m = min(nsi, hsi / hours_l[r])
            served[r] += m
            managed[si] = m
            chosen[si] = r
        autos = [r for r in rows if auto_l[r]]
        rest = nsi - managed[si]
        if autos and rest > TOL:
            served[max(autos, key=lambda r: (revenue_l[r], -r))] += rest
    served = np.array(served, dtype=float)
    managed = np.array(managed, dtype=float)
    # group allocation: each segment's managed clients split by the hours each group gave it
    gi, si = np.nonzero((contrib > 0) & (chosen >= 0)[None, :])
    share = contrib[gi, si] / have[si]
    clients = managed[si] * share
    r = chosen[si]
    keep = clients > 0
    gi, si, r, clients = gi[keep], si[keep], r[keep], clients[keep]
    alloc = pd.DataFrame({
        "group": take_labels(A.grp_ids, gi), "segment": take_labels(A.seg_ids, si),
        "level": take_labels(inputs.levels["level"], r),
        "clients": clients, "hours": clients * hours[r] / A.grp_efficiency[gi],
    })
    return served, alloc


def _routing_violations(inputs: Inputs, routing) -> list[str]:
    A = inputs.arrays
    out = [TEXT["skill"].format(s=A.seg_ids[A.lv_seg[r]], c=c, l=A.lv_ids[r], q=A.seg_skill[A.lv_seg[r]])
           for r, c in routing.unroutable]
    out += [TEXT["span"].format(g=A.grp_ids[gi], c=c, m=float(A.grp_max_clients[gi]), n=int(A.grp_count[gi]))
            for gi, c in routing.over_span]
    if routing.overload_hours > TOL:
        out.append(TEXT["capacity"].format(over=routing.overload_hours))
    return out


def head_count_violations(inputs: Inputs, hunters: float) -> list[str]:
    """Today's head counts outside the ranges the plan decides within (a valid what-if)."""
    A = inputs.arrays
    out = [TEXT["group_count"].format(g=g, n=n, lo=int(lo), hi=int(hi))
           for g, n, lo, hi, decided in zip(A.grp_ids, A.grp_count.tolist(), A.grp_lower.tolist(),
                                             A.grp_upper.tolist(), A.grp_decided.tolist())
           if decided and not lo <= n <= hi]
    h = inputs.hunters
    if h.decided and not h.lower <= hunters <= h.upper:
        out.append(TEXT["hunters"].format(n=hunters, lo=h.lower, hi=h.upper))
    return out


def uses_table(scenario) -> bool:
    """Whether the baseline is read from the client table (no `current:`, a manager column)."""
    return scenario.current is None and scenario.clients is not None and scenario.clients.manager_column is not None


def compute_baseline(inputs: Inputs, plan_kpis: dict | None = None, plan_objective: float | None = None,
                     clients: pd.DataFrame | None = None) -> Baseline:
    """Evaluate today's (or the even-spread) allocation; see the module docstring. `clients` is
    the segmented client frame (`ClientTable.frame`), used when `uses_table(scenario)`."""
    sc = inputs.scenario
    lv, seg, gr = inputs.levels, inputs.segments, inputs.groups
    A = inputs.arrays
    counts = A.grp_count.copy()
    violations: list[str] = []
    description, source = "", {}
    if sc.current is None and clients is not None and uses_table(sc):
        from planner.baseline_table import table_today

        kind = "clients_table"
        hunters = float(inputs.hunters.count)
        today = table_today(inputs, clients)
        served, alloc = today.served, today.allocations
        violations += today.violations
        description, source = today.description, today.source
    elif sc.current is not None:
        kind = "current"
        hunters = float(sc.current.hunters if sc.current.hunters is not None else inputs.hunters.count)
        served = np.zeros(len(lv))
        pos = {(s, l): i for i, (s, l) in enumerate(zip(lv["segment"], lv["level"]))}
        for s, levels in sc.current.levels.items():
            for l, c in levels.items():
                if (s, l) in pos and c > 0:
                    r = pos[(s, l)]
                    served[r] += float(c)
                    if not A.lv_allowed[r]:
                        violations.append(TEXT["service"].format(s=s, c=float(c), l=l, svc=seg["service"].get(s)))
        routing = route_today(inputs, served)
        alloc = routing.allocations
        violations += _routing_violations(inputs, routing)
    else:
        kind = "even_spread"
        hunters = float(inputs.hunters.count)
        served, alloc = even_spread(inputs)
        spans = np.flatnonzero(~np.isnan(A.grp_max_clients))
        if len(spans):
            per_group = alloc.groupby("group")["clients"].sum() if len(alloc) else {}
            for g, m, cnt in zip(gr.index[spans], gr["max_clients"].iloc[spans], gr["count"].iloc[spans]):
                c = float(per_group.get(g, 0.0))
                if c > m * cnt + TOL:
                    violations.append(TEXT["span"].format(g=g, c=c, m=m, n=int(cnt)))
    description = description or TEXT[f"built.{kind}"]
    violations += head_count_violations(inputs, hunters)
    sol = Solution(served=served, u=_hunter_hours(inputs, hunters), counts=counts, hunters=hunters, allocations=alloc)
    kpis = sol.kpis(inputs)
    objective = sol.objective(inputs)

    managed = np.bincount(A.lv_seg, np.where(A.lv_automated, 0.0, served), minlength=len(A.seg_ids))
    for s, phi, n, have in zip(A.seg_ids, A.seg_phi.tolist(), A.seg_clients.tolist(), managed.tolist()):
        need = phi * n
        if need > 0 and have < need - TOL * max(1.0, need):
            violations.append(TEXT["coverage"].format(s=s, managed=have, phi=phi, n=n, need=need))
    T = inputs.max_headcount
    if T is not None and kpis["headcount"] > T + TOL:
        violations.append(TEXT["headcount"].format(hc=kpis["headcount"], t=T))
    for target, limit in economics.goal_targets(sc.goal):
        if not economics.target_met(target, kpis[target.kpi], limit, TOL):
            violations.append(TEXT[target.family].format(v=kpis[target.kpi], t=limit))
    uplift = {k: plan_kpis[k] - kpis[k] for k in KPI_NAMES} if plan_kpis else {}
    levels = pd.DataFrame({"segment": lv["segment"], "level": lv["level"], "clients": served}, copy=False)
    return Baseline(
        kind=kind, kpis=kpis, objective=objective, feasible=not violations, violations=violations,
        uplift=uplift, objective_uplift=None if plan_objective is None else plan_objective - objective,
        segment_levels=levels, allocations=alloc, description=description, source=source,
    )


__all__ = ["Baseline", "KINDS", "compute_baseline", "even_spread", "head_count_violations", "uses_table"]
