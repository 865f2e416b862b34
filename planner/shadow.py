"""Shadow prices and explanations of a solved plan, in words.

The numbers come from `planner.postsolve.marginal_values` (an LP copy of the model with every
integer decision fixed at its optimal value):
- one more hour of group g: the dual of its pool's capacity rows (per effective hour) times e_g;
- one more hunter-hour: the dual of the hunting row;
- each binding target, budget: the dual of its row (objective per unit of the limit);
- one more person of a decided group, one more hunter: the LP re-solved with the head count
  one higher (beyond its max_count and the max_headcount if need be; the person's cost
  included), the difference of the objective;
- one more head count under a binding max_headcount: the best of those one-more-person values.

Explanations compare, for every manager-served level, its objective value per manager hour
over the segment's best alternative without managers (its richest allowed automated level or
leaving the client unserved) with the value of an hour of the groups that serve it.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from planner import economics, formatting
from planner.i18n import N_, catalogue
from planner.postsolve import MarginalValues
from planner.solution import Solution

TEXT = catalogue({
    "hour": N_("one more hour of {g} is worth {v} per {period}"),
    "hunter_hour": N_("one more hunter-hour is worth {v} per {period}"),
    "hunter": N_("one more hunter is worth {v} per {period} (after the hunter's cost)"),
    "person": N_("one more person in {g} is worth {v} per {period} (after the person's cost)"),
    "person_none": N_("one more person in {g}: no feasible plan"),
    "min_profit": N_("raising min_profit by 1 changes the objective by {v:,.4f}"),
    "min_revenue": N_("raising min_revenue by 1 changes the objective by {v:,.4f}"),
    "min_new_clients": N_("one more new client required by min_new_clients changes the objective by {v}"),
    "budget": N_("one more unit of max_cost is worth {v:,.4f}"),
    "headcount": N_("one more head under max_headcount is worth {v} per {period}"),
    "explain_above": N_("{s}/{l} earns {e} per extra hour over {alt}, above the {w} an hour of {g} is worth: {verdict}"),
    "explain_below": N_("{s}/{l} earns {e} per extra hour over {alt}, below the {w} an hour of {g} is worth: {verdict}"),
    "explain_equal": N_("{s}/{l} earns {e} per extra hour over {alt}, the {w} an hour of {g} is worth: {verdict}"),
    "richer": N_(" ({richer} nets more per client)"),
    "held": N_(" (held there by a limit such as min_coverage or a target)"),
    "not_serving": N_("not serving"),
    "explain_noone": N_("{s}/{l}: no group may serve it (skill '{q}'): left out"),
    "fully": N_("fully used"),
    "partly": N_("partly used"),
    "left": N_("left out"),
})
PERIODS = catalogue({"week": N_("week"), "month": N_("month"), "quarter": N_("quarter"), "year": N_("year")})
COLUMNS = ["kind", "subject", "value", "unit", "text"]
UNITS = catalogue({"hour": N_("per hour"), "unit": N_("per unit"), "person": N_("per person"),
                   "hunter": N_("per hunter")})


def objective_amount(scenario, digits: int = 2) -> Callable[[float], str]:
    """How a value in the objective's units reads: money with the scenario's currency for the
    profit and revenue objectives, a plain number for new clients."""
    if economics.OBJECTIVE_KPI.get(scenario.goal.objective) in economics.MONEY_KPIS:
        return lambda v: formatting.money(v, scenario.currency, digits)
    return lambda v: formatting.number(v, digits)


def shadow_prices(values: MarginalValues, period: str, amount: Callable[[float], str] | None = None) -> pd.DataFrame:
    """The shadow-price table: kind, subject, value (money per unit), unit, text; `amount`
    writes a value in the texts (objective_amount; default: a number with 2 decimals)."""
    per = PERIODS[period] if period in PERIODS else period
    a = amount or (lambda v: formatting.number(v, 2))
    rows = []
    for g, v in values.hour.items():
        rows.append(("hour", g, v, UNITS["hour"], TEXT["hour"].format(g=g, v=a(v), period=per)))
    if values.hunter_hour is not None:
        v = values.hunter_hour
        rows.append(("hunter_hour", "hunters", v, UNITS["hour"], TEXT["hunter_hour"].format(v=a(v), period=per)))
    for family, v in values.limits.items():
        rows.append((family, family, v, UNITS["unit"], TEXT[family].format(v=a(v) if family == "min_new_clients" else v)))
    for g, v in values.person.items():
        if v is None:
            rows.append(("person", g, float("nan"), UNITS["person"], TEXT["person_none"].format(g=g)))
        else:
            rows.append(("person", g, v, UNITS["person"], TEXT["person"].format(g=g, v=a(v), period=per)))
    if values.hunter is not None:
        v = values.hunter
        rows.append(("hunter", "hunters", v, UNITS["hunter"], TEXT["hunter"].format(v=a(v), period=per)))
    if values.headcount is not None:
        v = values.headcount
        rows.append(("headcount", "max_headcount", v, UNITS["person"], TEXT["headcount"].format(v=a(v), period=per)))
    return pd.DataFrame(rows, columns=COLUMNS)


def explain_levels(inputs, sol: Solution, shadow: pd.DataFrame) -> pd.DataFrame:
    """Per manager-served level: what an extra hour spent on it earns, against what an hour of
    the serving group is worth (its shadow price), read like the worked examples.

    Per client, a level's value is c_sl = w_s x (its per-client objective term relative to an
    unserved client: profit mu r - k, or revenue r). The level competes with the segment's
    cheaper options: leaving the client unserved (0), its best automated level (0 h) and the
    manager levels with fewer hours. With lambda = the value of an effective hour of the group
    that serves the segment, each option nets c - h lambda per client; `alt` is the cheaper
    option that nets most, and

        earns_sl = (c_sl - c_alt) / (h_sl - h_alt)   per extra hour (in that group's hours, x e_g)

    is what upgrading a client from `alt` to l earns per hour. Above lambda the upgrade pays
    (unless a richer level nets even more per client, which the text then names); below it,
    it does not. The verdict is the plan's own: fully used, partly used or left out. A level
    used although it earns less is held there by a limit (min_coverage, a target)."""
    cols = ["segment", "level", "earns_per_hour", "over", "group", "hour_worth", "clients", "verdict", "text"]
    objective = inputs.scenario.goal.objective
    whole = objective_amount(inputs.scenario, 0)
    if objective == "new_clients":
        return pd.DataFrame(columns=cols)
    lv, seg, gr = inputs.levels, inputs.segments, inputs.groups
    seg_pos = {s: i for i, s in enumerate(seg.index)}
    grp_pos = {g: i for i, g in enumerate(gr.index)}
    lv_seg = inputs.arrays.lv_seg
    automated = lv["automated"].to_numpy(bool)
    allowed = lv["allowed"].to_numpy(bool)
    value = economics.per_client_values(inputs, objective)
    hours = lv["hours"].to_numpy(float)
    lv_ids = lv["level"].tolist()
    # The best 0-hour option per segment: not serving (0) or its best automated level.
    base_value = np.zeros(len(seg))
    base_label = [TEXT["not_serving"]] * len(seg)
    for r in np.flatnonzero(automated & allowed).tolist():
        si = lv_seg[r]
        if value[r] > base_value[si]:
            base_value[si], base_label[si] = value[r], lv_ids[r]
    efficiency = gr["efficiency"].to_numpy(float)
    is_hour = shadow["kind"] == "hour"
    hour = dict(zip(shadow.loc[is_hour, "subject"], shadow.loc[is_hour, "value"]))
    worth = np.array([float(hour.get(g, 0.0)) for g in gr.index])
    worth_eff = worth / efficiency
    may = inputs.serve
    serving = np.zeros_like(may)
    alloc = sol.allocations
    if len(alloc):
        serving[[grp_pos[g] for g in alloc["group"].tolist()], [seg_pos[s] for s in alloc["segment"].tolist()]] = True
    use = np.where(serving.any(axis=0)[None, :], serving, may)
    anyone = use.any(axis=0)
    best = np.where(use, worth_eff[:, None], np.inf).argmin(axis=0) if len(gr) else np.zeros(len(seg), int)
    n = seg["clients"].to_numpy(float)
    skills = seg["required_skill"].tolist()
    seg_ids = seg.index.tolist()
    manager_rows = np.flatnonzero(~automated & allowed)
    by_segment: dict[int, list[int]] = {}
    for r in manager_rows.tolist():
        by_segment.setdefault(int(lv_seg[r]), []).append(r)
    rows = []
    for r in manager_rows.tolist():
        si = int(lv_seg[r])
        s, l = seg_ids[si], lv_ids[r]
        c = float(sol.served[r])
        verdict = TEXT["fully"] if n[si] > 0 and c >= n[si] - 1e-6 else TEXT["partly"] if c > 1e-6 else TEXT["left"]
        if not anyone[si]:
            rows.append((s, l, None, None, None, None, c, verdict, TEXT["explain_noone"].format(s=s, l=l, q=skills[si])))
            continue
        gi = int(best[si])
        lam = float(worth_eff[gi])
        options = [(base_label[si], 0.0, float(base_value[si]))]
        options += [(lv_ids[k], float(hours[k]), float(value[k])) for k in by_segment[si] if k != r]
        net = lambda o: o[2] - o[1] * lam  # noqa: E731
        cheaper = [o for o in options if o[1] < hours[r]]
        alt = max(cheaper, key=net)
        earns = (value[r] - alt[2]) / (hours[r] - alt[1]) * efficiency[gi]
        w = float(worth[gi])
        tol = 1e-6 * max(1.0, abs(w))
        kind = "explain_above" if earns > w + tol else "explain_below" if earns < w - tol else "explain_equal"
        own_net = value[r] - hours[r] * lam
        richer = [o for o in options if o[1] > hours[r] and net(o) > own_net + 1e-9 * max(1.0, abs(own_net))]
        text = TEXT[kind].format(s=s, l=l, e=whole(earns), alt=alt[0], w=whole(w), g=gr.index[gi], verdict=verdict)
        if richer and kind != "explain_below" and c <= 1e-6:
            text += TEXT["richer"].format(richer=max(richer, key=net)[0])
        elif kind == "explain_below" and c > 1e-6:
            text += TEXT["held"]
        rows.append((s, l, earns, alt[0], gr.index[gi], w, c, verdict, text))
    return pd.DataFrame(rows, columns=cols)


__all__ = ["COLUMNS", "explain_levels", "shadow_prices"]
