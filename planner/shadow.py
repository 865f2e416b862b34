"""Shadow prices and explanations of a solved plan.

Shadow prices come from the LP with every integer decision fixed at its optimal value:
- one more hour of group g: the dual of its pool's capacity row (per effective hour) times e_g;
- one more hunter-hour: the dual of the hunting row;
- each binding target, budget: the dual of its row (objective per unit of the limit);
- one more person of a decided group, one more hunter: re-solve that LP with the head count
  fixed one higher (beyond its max_count and the max_headcount if need be; the person's cost
  included) and take the difference of the objective;
- one more head count under a binding max_headcount: the best of those one-more-person values.

Explanations compare, for every manager-served level, its objective value per manager hour
over the segment's best alternative without managers (its richest allowed automated level or
leaving the client unserved) with the value of an hour of the groups that serve it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pulp

from planner.model import Model
from planner.plan import Solution

TEXT = {
    "hour": "one more hour of {g} is worth {v:,.2f} per {period}",
    "hunter_hour": "one more hunter-hour is worth {v:,.2f} per {period}",
    "hunter": "one more hunter is worth {v:,.2f} per {period} (after the hunter's cost)",
    "person": "one more person in {g} is worth {v:,.2f} per {period} (after the person's cost)",
    "person_none": "one more person in {g}: no feasible plan",
    "min_profit": "raising min_profit by 1 changes the objective by {v:,.4f}",
    "min_revenue": "raising min_revenue by 1 changes the objective by {v:,.4f}",
    "min_new_clients": "one more new client required by min_new_clients changes the objective by {v:,.2f}",
    "budget": "one more unit of max_cost is worth {v:,.4f}",
    "headcount": "one more head under max_headcount is worth {v:,.2f} per {period}",
    "explain_above": "{s}/{l} earns {e:,.0f} per extra hour over {alt}, above the {w:,.0f} an hour of {g} is worth: {verdict}",
    "explain_below": "{s}/{l} earns {e:,.0f} per extra hour over {alt}, below the {w:,.0f} an hour of {g} is worth: {verdict}",
    "explain_equal": "{s}/{l} earns {e:,.0f} per extra hour over {alt}, the {w:,.0f} an hour of {g} is worth: {verdict}",
    "richer": " ({richer} nets more per client)",
    "held": " (held there by a limit such as min_coverage or a target)",
    "not_serving": "not serving",
    "explain_noone": "{s}/{l}: no group may serve it (skill '{q}'): left out",
    "fully": "fully used",
    "partly": "partly used",
    "left": "left out",
}
COLUMNS = ["kind", "subject", "value", "unit", "text"]


def _lp_duals_highs(model: Model, fixed: dict):
    """Fix integers in the solved HiGHS model, re-run as an LP; return (row duals, objective, h)."""
    import highspy

    h = model.prob.solverModel
    for var, val in fixed.items():
        h.changeColIntegrality(var.index, highspy.HighsVarType.kContinuous)
        h.changeColBounds(var.index, val, val)
    if fixed:  # without integers the solve was an LP already and its duals are there
        h.run()
    sol = h.getSolution()
    # pulp gives HiGHS the maximisation as min -f: d(max f)/d(rhs) = -row_dual
    duals = -np.asarray(sol.row_dual, float)
    return duals, -h.getInfoValue("objective_function_value")[1], h


def _resolve_obj_highs(h, var_index: int, value: float, row_index: int | None, row_ub: float | None):
    import highspy

    h.changeColBounds(var_index, value, value)
    if row_index is not None:
        h.changeRowBounds(row_index, -highspy.kHighsInf, row_ub)
    h.run()
    ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return -h.getInfoValue("objective_function_value")[1] if ok else None


def shadow_prices(model: Model, sol: Solution, solver: str = "highs") -> pd.DataFrame:
    """The shadow-price table: kind, subject, value (money per unit), unit, text."""
    inp = model.inputs
    period = inp.scenario.period
    prob = model.prob
    ints = {**{v: float(round(v.varValue or 0.0)) for v in model.y.values()}}
    if model.hunters is not None:
        ints[model.hunters] = float(round(model.hunters.varValue or 0.0))
    cons = prob.constraints
    rows_out = []
    use_highs = solver == "highs" and getattr(prob, "solverModel", None) is not None
    if use_highs:
        for v in ints:  # a variable the solver never saw (no row, no cost) has no index
            if getattr(v, "index", None) is None:
                return _shadow_by_pulp(model, sol, ints, solver)
        duals_arr, base_obj, h = _lp_duals_highs(model, ints)
        dual = {name: float(duals_arr[c.index]) for name, c in cons.items()}
    else:
        return _shadow_by_pulp(model, sol, ints, solver)

    def person_value(var, value, headcount_rhs):
        hc = cons.get("headcount")
        idx = hc.index if hc is not None else None
        new = _resolve_obj_highs(h, var.index, value + 1, idx, None if hc is None else headcount_rhs + 1)
        _restore(h, var.index, value, idx, headcount_rhs)
        return None if new is None else new - base_obj

    rows_out += _dual_rows(model, dual, period)
    hc_rhs = model.rows["headcount"][2] if "headcount" in model.rows else None
    rows_out += _person_rows(model, ints, person_value, hc_rhs, period, dual)
    return pd.DataFrame(rows_out, columns=COLUMNS)


def _restore(h, var_index, value, row_index, row_ub):
    import highspy

    h.changeColBounds(var_index, value, value)
    if row_index is not None:
        h.changeRowBounds(row_index, -highspy.kHighsInf, row_ub)


def _shadow_by_pulp(model: Model, sol: Solution, ints: dict, solver: str) -> pd.DataFrame:
    """The same table through PuLP re-solves (CBC, or a HiGHS model PuLP did not keep)."""
    from planner.solve import solve_problem

    prob = model.prob
    saved = {v: (v.lowBound, v.upBound, v.cat) for v in ints}
    for v, val in ints.items():
        v.lowBound = v.upBound = val
        v.cat = pulp.LpContinuous
    try:
        solve_problem(prob, solver, mip=False)
        sign = -1.0 if solver == "highs" else 1.0
        dual = {name: sign * float(c.pi or 0.0) for name, c in prob.constraints.items()}
        base = pulp.value(prob.objective) or 0.0
        hc = prob.constraints.get("headcount")

        def person_value(var, value, headcount_rhs):
            var.lowBound = var.upBound = value + 1
            if hc is not None:
                hc.constant -= 1  # rhs + 1
            out = solve_problem(prob, solver, mip=False)
            new = pulp.value(prob.objective) if out.status.ok else None
            var.lowBound = var.upBound = value
            if hc is not None:
                hc.constant += 1
            return None if new is None else new - base

        period = model.inputs.scenario.period
        rows = _dual_rows(model, dual, period)
        hc_rhs = model.rows["headcount"][2] if "headcount" in model.rows else None
        rows += _person_rows(model, ints, person_value, hc_rhs, period, dual)
        return pd.DataFrame(rows, columns=COLUMNS)
    finally:
        for v, (lo, up, cat) in saved.items():
            v.lowBound, v.upBound, v.cat = lo, up, cat


def _dual_rows(model: Model, dual: dict, period: str) -> list:
    inp = model.inputs
    out = []
    pool_of = {g: p for p, members in model.pools["members"].items() for g in members}
    for g, e in zip(inp.arrays.grp_ids, inp.arrays.grp_efficiency.tolist()):
        # a pool's hour is worth the sum of the duals of every row its capacity appears in
        lam = sum(dual.get(name, 0.0) for name in model.capacity_rows.get(pool_of[g], []))
        v = lam * e + 0.0
        out.append(("hour", g, v, "per hour", TEXT["hour"].format(g=g, v=v, period=period)))
    if "hunting" in dual:
        v = dual["hunting"] + 0.0
        out.append(("hunter_hour", "hunters", v, "per hour", TEXT["hunter_hour"].format(v=v, period=period)))
    for name in ("min_profit", "min_revenue", "min_new_clients", "budget"):
        if name in dual and abs(dual[name]) > 1e-9:
            v = dual[name] + 0.0
            out.append((name, name, v, "per unit", TEXT[name].format(v=v)))
    return out


def _person_rows(model: Model, ints: dict, person_value, hc_rhs, period: str, dual: dict) -> list:
    out = []
    best = None
    for g, var in model.y.items():
        v = person_value(var, ints[var], hc_rhs)
        if v is None:
            out.append(("person", g, float("nan"), "per person", TEXT["person_none"].format(g=g)))
        else:
            out.append(("person", g, v, "per person", TEXT["person"].format(g=g, v=v, period=period)))
            best = v if best is None else max(best, v)
    h = model.inputs.hunters
    if model.hunters is not None:
        v = person_value(model.hunters, ints[model.hunters], hc_rhs)
        if v is not None:
            out.append(("hunter", "hunters", v, "per hunter", TEXT["hunter"].format(v=v, period=period)))
            best = v if best is None else max(best, v)
    elif model.u:
        v = dual.get("hunting", 0.0) * h.hours - h.cost
        out.append(("hunter", "hunters", v, "per hunter", TEXT["hunter"].format(v=v, period=period)))
    if hc_rhs is not None and best is not None:
        hc = model.inputs.max_headcount
        used = sum(ints.values()) + sum(int(c) for g, c in model.inputs.groups["count"].items() if g not in model.y)
        if model.hunters is None:
            used += h.count
        if used >= (hc or 0) - 1e-9:
            v = max(best, 0.0)
            out.append(("headcount", "max_headcount", v, "per person", TEXT["headcount"].format(v=v, period=period)))
    return out


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
    from planner.baseline import serve_matrix

    cols = ["segment", "level", "earns_per_hour", "over", "group", "hour_worth", "clients", "verdict", "text"]
    objective = inputs.scenario.goal.objective
    if objective == "new_clients":
        return pd.DataFrame(columns=cols)
    lv, seg, gr = inputs.levels, inputs.segments, inputs.groups
    key = "d_revenue" if objective == "revenue" else "d_profit"
    seg_pos = {s: i for i, s in enumerate(seg.index)}
    grp_pos = {g: i for i, g in enumerate(gr.index)}
    lv_seg = inputs.arrays.lv_seg
    automated = lv["automated"].to_numpy(bool)
    allowed = lv["allowed"].to_numpy(bool)
    value = lv[key].to_numpy(float) * lv["weight"].to_numpy(float)
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
    may = serve_matrix(inputs)
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
        text = TEXT[kind].format(s=s, l=l, e=earns, alt=alt[0], w=w, g=gr.index[gi], verdict=verdict)
        if richer and kind != "explain_below" and c <= 1e-6:
            text += TEXT["richer"].format(richer=max(richer, key=net)[0])
        elif kind == "explain_below" and c > 1e-6:
            text += TEXT["held"]
        rows.append((s, l, earns, alt[0], gr.index[gi], w, c, verdict, text))
    return pd.DataFrame(rows, columns=cols)


__all__ = ["explain_levels", "shadow_prices"]
