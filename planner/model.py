"""Stage 4 of the pipeline: resolved inputs -> a PuLP problem, one `define_*` per family.

Notation (PLANNER.md "The optimisation model"): segments `s`, their levels `l`, manager groups
`g`, prospect segments `p`; `served_sl = sum_g z_gsl + a_sl`.

**Pools.** The model is built over *pools* of interchangeable groups: groups that may serve the
same set of segments (same skills among the required ones) and have no span limit
(`max_clients`). Hours are counted in efficiency-adjusted ("effective") hours: a client at level
`l` takes `h_sl` effective hours, and group `g` offers `C_g e_g` effective hours per person, so a
pool `P` has one variable `z_Psl` and one capacity row `sum_sl h_sl z_Psl <= sum_{g in P} C_g e_g
y_g`, while every `y_g` stays its own integer. This is exact: summing the per-group rows
`sum_sl (h_sl/e_g) z_gsl <= C_g y_g` (times `e_g`) over a pool gives the pool's row, and
conversely a pool's allocation split to its groups in proportion to `C_g e_g y_g` meets every
group's row; nothing else in the model depends on which group of a pool serves a client. A group
with a span limit is a pool of its own. `pooled=False` makes every group its own pool (the
literal per-group model, used to test the exactness).

`build_model` reads like the table of contents of the model: one `define_*` call per family.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pulp

from planner.inputs import Inputs
from planner.plan import take_labels

try:  # PuLP 3.3 warns on every LpVariable(...) about its v4 API; the warning costs build time.
    pulp.v4_migration.set_v4_migration_warnings(False)
except AttributeError:  # pragma: no cover - older PuLP has no such switch
    pass
warnings.filterwarnings("ignore", module="pulp")

LE, GE, EQ = pulp.LpConstraintLE, pulp.LpConstraintGE, pulp.LpConstraintEQ


def nonnegative_variables(prefix: str, n: int) -> list:
    """`[LpVariable(f"{prefix}{k}", 0) for k in range(n)]`, made several times faster.

    The first variable goes through PuLP's constructor (its checks); the others are copies of
    its attributes with their own name and hash (PuLP keys dicts on `hash`, which must be
    unique: the constructor sets it to `id(self)` too). Names here have no character PuLP would
    replace."""
    if n <= 0:
        return []
    first = pulp.LpVariable(f"{prefix}0", 0)
    attrs = first.__dict__
    new, cls = object.__new__, pulp.LpVariable
    out = [first]
    append = out.append
    for k in range(1, n):
        v = new(cls)
        d = v.__dict__
        d.update(attrs)
        d["_LpElement__name"] = f"{prefix}{k}"
        d["hash"] = id(v)
        append(v)
    return out


@dataclass
class Model:
    """A built problem and the tables that map its variables and rows back to the scenario.

    pools   index pool: members (tuple of group ids), span (max clients per person or None)
    arcs    one row per z variable: pool, row (index into inputs.levels), segment, level,
            hours (effective hours per client), var (position in `z`)
    autos   one row per a variable: row, segment, level
    rows    one row per named constraint: name, family, subject (the id it is about), rhs
    """

    inputs: Inputs
    prob: pulp.LpProblem
    pools: pd.DataFrame
    arcs: pd.DataFrame
    autos: pd.DataFrame
    z: list
    a: list
    u: list
    y: dict  # group id -> LpVariable for decided head counts
    hunters: pulp.LpVariable | None
    objective_constant: float
    rows: dict = field(default_factory=dict)  # name -> (family, subject)
    slacks: dict = field(default_factory=dict)  # name -> (slack var, family, subject, scale)
    elastic: bool = False
    classes: list | None = None  # required skills of the aggregated formulation (None: not used)
    capacity_rows: dict = field(default_factory=dict)  # pool -> names of rows holding its capacity

    # ----- linear expressions of the KPIs, as (var, coef) pairs plus a constant ---------
    def served_pairs(self, coef: np.ndarray, weighted: bool = False, mask: np.ndarray | None = None):
        """Pairs for sum_sl coef_sl served_sl (coef indexed like inputs.levels)."""
        c = coef * self.inputs.arrays.lv_weight if weighted else coef
        if mask is not None:
            c = np.where(mask, c, 0.0)
        zc = c[self.arc_rows] if len(self.arc_rows) else np.zeros(0)
        ac = c[self.auto_rows] if len(self.auto_rows) else np.zeros(0)
        pairs = [(v, k) for v, k in zip(self.z, zc.tolist()) if k != 0.0]
        pairs += [(v, k) for v, k in zip(self.a, ac.tolist()) if k != 0.0]
        return pairs

    def prospect_pairs(self, coef: np.ndarray, weighted: bool = False, mask: np.ndarray | None = None):
        c = coef * self.inputs.arrays.pro_weight if weighted else coef
        if mask is not None:
            c = np.where(mask, c, 0.0)
        return [(v, k) for v, k in zip(self.u, c.tolist()) if k != 0.0]

    def people_cost(self):
        """Pairs and constant of sum_g W_g y_g + W_H H (fixed head counts are constants)."""
        A = self.inputs.arrays
        pairs, const = [], 0.0
        for g, cost, count in zip(A.grp_ids, A.grp_cost.tolist(), A.grp_count.tolist()):
            if g in self.y:
                if cost:
                    pairs.append((self.y[g], cost))
            else:
                const += cost * count
        h = self.inputs.hunters
        if self.hunters is not None:
            if h.cost:
                pairs.append((self.hunters, h.cost))
        else:
            const += h.cost * h.count
        return pairs, const

    def kpi_expression(self, kpi: str):
        """(pairs, constant) of an unweighted KPI: revenue, gross_margin, cost, profit, new_clients."""
        inp, A = self.inputs, self.inputs.arrays
        if kpi == "revenue":
            return self.served_pairs(A.d_revenue) + self.prospect_pairs(A.pro_revenue_h), inp.unserved_revenue_total
        if kpi == "gross_margin":
            return self.served_pairs(A.d_margin) + self.prospect_pairs(A.pro_margin_h), inp.unserved_margin_total
        if kpi == "new_clients":
            return self.prospect_pairs(A.pro_nc_h), 0.0
        people, people_const = self.people_cost()
        if kpi == "cost":
            return self.served_pairs(A.d_cost) + self.prospect_pairs(A.pro_cost_h) + people, people_const
        if kpi == "profit":
            pairs = self.served_pairs(A.d_profit) + self.prospect_pairs(A.pro_margin_h - A.pro_cost_h)
            pairs += [(v, -k) for v, k in people]
            return pairs, inp.unserved_margin_total - people_const
        raise ValueError(f"unknown KPI {kpi!r}")

    def class_profit_expression(self, klass: str | None, people: bool):
        """Weighted profit terms of one priority class (all classes when `klass` is None).

        sum_{s in class} w_s [sum_l (mu_sl r_sl - k_sl) served_sl + mu_s r_s0 (n_s - served_s)]
        + sum_{p in class} w_p (mu_p r_p - k_p) c_p u_p  [- people costs when `people`]."""
        A = self.inputs.arrays
        if klass is None:
            seg_mask = lv_mask = pro_mask = None
        else:
            k = A.classes.index(klass)
            seg_mask = A.seg_class == k
            lv_mask = seg_mask[A.lv_seg]
            pro_mask = A.pro_class == k
        pairs = self.served_pairs(A.d_profit, weighted=True, mask=lv_mask)
        pairs += self.prospect_pairs(A.pro_margin_h - A.pro_cost_h, weighted=True, mask=pro_mask)
        const_terms = A.seg_weight * A.seg_margin * A.seg_r0 * A.seg_clients
        const = float(const_terms[seg_mask].sum() if seg_mask is not None else const_terms.sum())
        if people:
            ppl, ppl_const = self.people_cost()
            pairs += [(v, -k) for v, k in ppl]
            const -= ppl_const
        return pairs, const

    def objective_expression(self, objective: str):
        """(pairs, constant) of `goal.objective` (priority_first's final stage = profit)."""
        A = self.inputs.arrays
        if objective in ("profit", "priority_first"):
            return self.class_profit_expression(None, people=True)
        if objective == "revenue":
            pairs = self.served_pairs(A.d_revenue, weighted=True)
            pairs += self.prospect_pairs(A.pro_revenue_h, weighted=True)
            return pairs, float((A.seg_weight * A.seg_r0 * A.seg_clients).sum())
        if objective == "new_clients":
            return self.prospect_pairs(A.pro_nc_h), 0.0
        raise ValueError(f"unknown objective {objective!r}")

    @property
    def arc_rows(self) -> np.ndarray:
        return self.arcs["row"].to_numpy(int)

    @property
    def auto_rows(self) -> np.ndarray:
        return self.autos["row"].to_numpy(int)


# ----- pools -------------------------------------------------------------------------------
def define_pools(inputs: Inputs, pooled: bool = True) -> pd.DataFrame:
    """Pools of interchangeable groups: same skills among the required ones, no span limit.

    Index sets: pools P (partition of the groups g); span-limited groups are singletons."""
    A = inputs.arrays
    manager = A.lv_allowed & ~A.lv_automated
    required = {A.seg_skill[i] for i in set(A.lv_seg[manager].tolist())} - {None}
    required = {q for q in required if isinstance(q, str)}
    keys: dict = {}
    rows = []
    for g, skills, span in zip(A.grp_ids, A.grp_skills, A.grp_max_clients.tolist()):
        has_span = not np.isnan(span)
        key = ("pool", frozenset(skills & required)) if pooled and not has_span else ("group", g)
        if key not in keys:
            keys[key] = len(rows)
            rows.append({"pool": f"P{len(rows)}", "members": [g], "skills": skills & required,
                         "span": span if has_span else None})
        else:
            rows[keys[key]]["members"].append(g)
    for r in rows:
        r["members"] = tuple(r["members"])
        r["label"] = r["members"][0] if len(r["members"]) == 1 else "+".join(r["members"])
    return pd.DataFrame(rows, columns=["pool", "members", "skills", "span", "label"]).set_index("pool")


# ----- variables ---------------------------------------------------------------------------
MAX_AGGREGATED_SKILLS = 5  # 2^k - 1 capacity rows; past this the pool formulation is smaller


def aggregation_classes(inputs: Inputs, pools: pd.DataFrame) -> list[str] | None:
    """The required skills R of the aggregated formulation, or None when it does not apply."""
    free = sum(1 for span in pools["span"] if span is None or pd.isna(span))
    if free < 2:
        return None
    A = inputs.arrays
    manager = A.lv_allowed & ~A.lv_automated
    required = sorted({A.seg_skill[i] for i in set(A.lv_seg[manager].tolist()) if isinstance(A.seg_skill[i], str)})
    return required if len(required) <= MAX_AGGREGATED_SKILLS else None


def define_served_variables(inputs: Inputs, pools: pd.DataFrame, aggregate: bool = False):
    """z_Psl >= 0 for manager-served levels l of s (h_sl > 0) and pools P whose groups have
    skill q_s (any pool when s has no required skill); a_sl >= 0 for automated levels (h_sl = 0).
    Levels the segment's service forbids have no variable.

    With `aggregate`, the pools without a span limit share one variable x_sl per level (pool
    `*`, pool_index -1) where at least one of them may serve s; see
    define_skill_capacity_constraints for why that is exact. Span-limited pools keep z_Psl."""
    lv = inputs.levels
    A = inputs.arrays
    skills = np.array(A.seg_skill, dtype=object)[A.lv_seg] if len(A.lv_seg) else np.zeros(0, dtype=object)
    allowed = A.lv_allowed
    manager = ~A.lv_automated & allowed
    hours = A.lv_hours
    arc_pool, arc_row = [], []
    free_ok = np.zeros(len(lv), dtype=bool)
    distinct = sorted({q for q in skills if isinstance(q, str)})
    code = np.array([distinct.index(q) + 1 if isinstance(q, str) else 0 for q in skills], dtype=int)
    for pi, (pskills, span) in enumerate(zip(pools["skills"], pools["span"])):
        has = np.array([True] + [q in pskills for q in distinct])  # code 0: no skill required
        ok = manager & has[code]
        if aggregate and (span is None or pd.isna(span)):
            free_ok |= ok
            continue
        rows = np.flatnonzero(ok)
        arc_pool.append(np.full(len(rows), pi))
        arc_row.append(rows)
    if aggregate:
        rows = np.flatnonzero(free_ok)
        arc_pool.insert(0, np.full(len(rows), -1))
        arc_row.insert(0, rows)
    arc_pool = np.concatenate(arc_pool) if arc_pool else np.zeros(0, int)
    arc_row = np.concatenate(arc_row) if arc_row else np.zeros(0, int)
    pool_names = [*pools.index.tolist(), "*"]  # index -1 -> "*"
    arcs = pd.DataFrame({
        "pool": take_labels(pool_names, np.where(arc_pool < 0, len(pool_names) - 1, arc_pool)),
        "pool_index": arc_pool.astype(int),
        "row": arc_row.astype(int),
        "segment": take_labels(lv["segment"], arc_row),
        "level": take_labels(lv["level"], arc_row),
        "hours": hours[arc_row],
        "skill": take_labels(inputs.segments["required_skill"], A.lv_seg[arc_row]),
    })
    z = nonnegative_variables("z_", len(arcs))
    auto_rows = np.flatnonzero(A.lv_automated & allowed)
    autos = pd.DataFrame({"row": auto_rows, "segment": take_labels(lv["segment"], auto_rows),
                          "level": take_labels(lv["level"], auto_rows)})
    a = nonnegative_variables("a_", len(autos))
    return arcs, z, autos, a


def define_hunting_variables(inputs: Inputs):
    """u_p >= 0 hunter hours on prospect segment p, with the pool as a bound:
    c_p u_p <= N_p  <=>  u_p <= N_p / c_p (u_p = 0 where c_p = 0)."""
    return [pulp.LpVariable(f"u_{k}", 0, float(mh)) for k, mh in enumerate(inputs.prospects["max_hours"])]


def define_head_count_variables(inputs: Inputs, elastic: bool = False):
    """Integer y_g in [lower_g, upper_g] for decided groups, integer H in [lower_H, upper_H] for
    decided hunters; fixed head counts are constants. In the elastic model the lower bound moves
    to a row with a slack (see define_min_count_constraints)."""
    A = inputs.arrays
    y = {}
    for k, (g, decided, lo, up) in enumerate(zip(A.grp_ids, A.grp_decided, A.grp_lower.tolist(), A.grp_upper.tolist())):
        if decided:
            y[g] = pulp.LpVariable(f"y_{k}", 0 if elastic else int(lo), int(up), cat="Integer")
    h = inputs.hunters
    hunters = pulp.LpVariable("H", 0 if elastic else h.lower, h.upper, cat="Integer") if h.decided else None
    return y, hunters


# ----- constraints -------------------------------------------------------------------------
def _add(model: Model, out: dict, name: str, pairs, sense: int, rhs: float, family: str, subject: str,
         scale: float = 1.0) -> None:
    """One row; in the elastic model a penalised slack relaxes the limit families."""
    if model.elastic and family in ELASTIC_FAMILIES:
        # the slack is in units of the limit's scale (a relative move): its objective
        # coefficient is 1, never a tiny 1/scale that solver tolerances would ignore
        s = pulp.LpVariable(f"s_{name}", 0)
        pairs = list(pairs) + [(s, scale if sense == GE else -scale)]
        model.slacks[name] = (s, family, subject, scale)
    out[name] = pulp.LpConstraint(pulp.LpAffineExpression(pairs), sense, name, rhs)
    model.rows[name] = (family, subject, rhs)


ELASTIC_FAMILIES = {"coverage", "min_profit", "min_revenue", "min_new_clients", "budget", "headcount",
                    "min_count"}


def define_size_constraints(model: Model, out: dict) -> None:
    """size: sum_{P,l} z_Psl + sum_l a_sl <= n_s   for every segment s with a variable."""
    inp = model.inputs
    A = inp.arrays
    per_segment: dict = {}
    for v, r in zip(model.z, model.arc_rows.tolist()):
        per_segment.setdefault(r, []).append(v)
    for v, r in zip(model.a, model.auto_rows.tolist()):
        per_segment.setdefault(r, []).append(v)
    by_seg: dict = {}
    seg_of = A.lv_seg.tolist()
    for r, vs in per_segment.items():
        by_seg.setdefault(seg_of[r], []).extend(vs)
    clients = A.seg_clients.tolist()
    positions = inp.segments["position"].tolist()
    for si, vs in by_seg.items():
        _add(model, out, f"size_{positions[si]}", [(v, 1.0) for v in vs], LE, float(clients[si]), "size",
             A.seg_ids[si])


def define_capacity_constraints(model: Model, out: dict) -> None:
    """capacity: sum_sl h_sl z_Psl <= sum_{g in P} C_g e_g y_g   for every pool P
    (per group: sum_sl (h_sl/e_g) z_gsl <= C_g y_g, multiplied by e_g)."""
    A = model.inputs.arrays
    eff_of = dict(zip(A.grp_ids, A.grp_effective.tolist()))
    count_of = dict(zip(A.grp_ids, A.grp_count.tolist()))
    per_pool: dict = {}
    for v, p, h in zip(model.z, model.arcs["pool_index"].tolist(), model.arcs["hours"].tolist()):
        per_pool.setdefault(p, []).append((v, h))
    for pi, (pool, members) in enumerate(zip(model.pools.index, model.pools["members"])):
        pairs = per_pool.get(pi)
        if not pairs:
            continue
        model.capacity_rows.setdefault(pool, []).append(f"capacity_{pool}")
        rhs = 0.0
        for g in members:
            eff = eff_of[g]
            if g in model.y:
                pairs.append((model.y[g], -eff))
            else:
                rhs += eff * count_of[g]
        _add(model, out, f"capacity_{pool}", pairs, LE, rhs, "capacity", pool)


def define_skill_capacity_constraints(model: Model, out: dict) -> None:
    """Aggregated capacity of the pools without a span limit (only with `aggregate`):

        sum_{s: q_s in Q} sum_l h_sl x_sl <= sum_{P: K_P meets Q} sum_{g in P} C_g e_g y_g
            for every nonempty set Q of required skills, and
        sum_{s} sum_l h_sl x_sl <= sum_P sum_{g in P} C_g e_g y_g   (all demand, with s without skill)

    Demand for hours comes in classes (one per required skill, one for segments that need none)
    and each pool may supply the classes its skills cover. By the supply-demand theorem (Gale;
    max-flow min-cut), hours x can be routed to pools within their capacities if and only if
    every set of classes asks for no more than the pools that may serve it have; a set holding
    the no-skill class is bounded by the whole team, so the rows above are all the conditions.
    `extract_solution` routes them back by a small transportation LP."""
    if model.classes is None:
        return
    A = model.inputs.arrays
    eff_of = dict(zip(A.grp_ids, A.grp_effective.tolist()))
    count_of = dict(zip(A.grp_ids, A.grp_count.tolist()))
    members = model.pools["members"].tolist()
    pool_skills = model.pools["skills"].tolist()
    free = [pi for pi, span in enumerate(model.pools["span"]) if span is None or pd.isna(span)]
    pool_ids = model.pools.index.tolist()
    by_class: dict = {}
    arc_pool = model.arcs["pool_index"].tolist()
    for v, p, h, q in zip(model.z, arc_pool, model.arcs["hours"].tolist(), model.arcs["skill"].tolist()):
        if p == -1:
            by_class.setdefault(q if isinstance(q, str) else None, []).append((v, h))
    skills = model.classes
    subsets = [frozenset(q for k, q in enumerate(skills) if mask >> k & 1) for mask in range(1, 2 ** len(skills))]
    if None in by_class or not subsets:
        subsets.append(None)  # all demand against the whole team
    for k, Q in enumerate(subsets):
        if Q is None:
            pairs = [pv for vs in by_class.values() for pv in vs]
            supply = free
        else:
            pairs = [pv for q in Q for pv in by_class.get(q, [])]
            supply = [pi for pi in free if pool_skills[pi] & Q]
        if not pairs:
            continue
        rhs = 0.0
        for pi in supply:
            for g in members[pi]:
                eff = eff_of[g]
                if g in model.y:
                    pairs.append((model.y[g], -eff))
                else:
                    rhs += eff * count_of[g]
        name = f"skill_capacity_{k}"
        _add(model, out, name, pairs, LE, rhs, "capacity", "+".join(sorted(Q)) if Q else "team")
        for pi in supply:
            model.capacity_rows.setdefault(pool_ids[pi], []).append(name)


def define_span_constraints(model: Model, out: dict) -> None:
    """span: sum_sl z_gsl <= m_g y_g   for every group g with max_clients m_g (its own pool)."""
    count_of = dict(zip(model.inputs.arrays.grp_ids, model.inputs.arrays.grp_count.tolist()))
    pool_index = model.arcs["pool_index"].tolist()
    for pi, (pool, members, span) in enumerate(zip(model.pools.index, model.pools["members"], model.pools["span"])):
        if span is None or pd.isna(span):
            continue
        g = members[0]
        pairs = [(v, 1.0) for v, p in zip(model.z, pool_index) if p == pi]
        if not pairs:
            continue
        m = float(span)
        rhs = 0.0
        if g in model.y:
            pairs.append((model.y[g], -m))
        else:
            rhs = m * count_of[g]
        _add(model, out, f"span_{pool}", pairs, LE, rhs, "span", g)


def define_coverage_constraints(model: Model, out: dict) -> None:
    """coverage: sum_{P,l manager-served} z_Psl >= phi_s n_s   for every s with phi_s n_s > 0
    (a segment nobody may serve gets the row anyway: it is then infeasible, and the diagnosis
    says so)."""
    seg = model.inputs.segments
    A = model.inputs.arrays
    per_segment: dict = {}
    for v, si in zip(model.z, A.lv_seg[model.arc_rows].tolist()):
        per_segment.setdefault(si, []).append((v, 1.0))
    for si, (s, phi, n, pos) in enumerate(zip(A.seg_ids, seg["min_coverage"].tolist(), seg["clients"].tolist(),
                                                seg["position"].tolist())):
        need = phi * n
        if need > 0:
            _add(model, out, f"coverage_{pos}", per_segment.get(si, []), GE, float(need),
                 "coverage", s, scale=max(1.0, need))


def define_hunting_constraints(model: Model, out: dict) -> None:
    """hunting: sum_p u_p <= C_H H."""
    if not model.u:
        return
    h = model.inputs.hunters
    pairs = [(v, 1.0) for v in model.u]
    if model.hunters is not None:
        pairs.append((model.hunters, -h.hours))
        rhs = 0.0
    else:
        rhs = h.hours * h.count
    _add(model, out, "hunting", pairs, LE, rhs, "hunting", "hunters")


def define_min_count_constraints(model: Model, out: dict) -> None:
    """Elastic model only: y_g >= min_count_g and H >= min_count_H as rows with slacks."""
    if not model.elastic:
        return
    groups = model.inputs.groups
    for g, var in model.y.items():
        lo = int(groups.at[g, "lower"])
        if lo > 0:
            _add(model, out, f"min_count_{var.name}", [(var, 1.0)], GE, lo, "min_count", g, scale=max(1.0, lo))
    h = model.inputs.hunters
    if model.hunters is not None and h.lower > 0:
        _add(model, out, "min_count_H", [(model.hunters, 1.0)], GE, h.lower, "min_count", "hunters",
             scale=max(1.0, h.lower))


def define_head_count_constraints(model: Model, out: dict) -> None:
    """head count: sum_g y_g + H <= T (fixed head counts are constants moved to the right)."""
    T = model.inputs.max_headcount
    if T is None:
        return
    A = model.inputs.arrays
    pairs, fixed = [], 0
    for g, count in zip(A.grp_ids, A.grp_count.tolist()):
        if g in model.y:
            pairs.append((model.y[g], 1.0))
        else:
            fixed += int(count)
    if model.hunters is not None:
        pairs.append((model.hunters, 1.0))
    else:
        fixed += model.inputs.hunters.count
    _add(model, out, "headcount", pairs, LE, float(T - fixed), "headcount", "team", scale=max(1.0, T))


def define_budget_constraints(model: Model, out: dict) -> None:
    """budget: Cost <= max_cost."""
    cap = model.inputs.scenario.goal.max_cost
    if cap is None:
        return
    pairs, const = model.kpi_expression("cost")
    _add(model, out, "budget", pairs, LE, float(cap) - const, "budget", "goal", scale=max(1.0, abs(cap)))


def define_target_constraints(model: Model, out: dict) -> None:
    """targets on the unweighted KPIs: Profit >= min_profit, Revenue >= min_revenue,
    NC >= min_new_clients."""
    goal = model.inputs.scenario.goal
    for name, kpi in (("min_profit", "profit"), ("min_revenue", "revenue"), ("min_new_clients", "new_clients")):
        target = getattr(goal, name)
        if target is None:
            continue
        pairs, const = model.kpi_expression(kpi)
        _add(model, out, name, pairs, GE, float(target) - const, name, "goal", scale=max(1.0, abs(target)))


def define_objective(model: Model, objective: str) -> None:
    """Maximise goal.objective: weighted profit (default), weighted revenue or NC; the
    elastic model instead minimises sum_i sigma_i, each slack sigma_i measured in units of
    its limit's scale max(1, |limit_i|) (so the row reads expr + scale_i sigma_i >= limit_i). priority_first starts from the
    weighted profit; optimise.py runs its stages."""
    if model.elastic:
        pairs = [(s, 1.0) for s, _, _, _scale in model.slacks.values()]
        model.prob.sense = pulp.LpMinimize
        model.prob.setObjective(pulp.LpAffineExpression(pairs))
        model.objective_constant = 0.0
        return
    pairs, const = model.objective_expression(objective)
    model.prob.setObjective(pulp.LpAffineExpression(pairs))
    model.objective_constant = const


def register_variables(prob: pulp.LpProblem, variables: list) -> None:
    """`prob.addVariables(variables)` in one pass: PuLP 3.3 registers a variable with a method
    call each (its list and its dict by hash); falls back to that where its internals differ."""
    known = getattr(prob, "_variable_ids", None)
    listed = getattr(prob, "_variables", None)
    if not isinstance(known, dict) or not isinstance(listed, list):
        prob.addVariables(variables)
        return
    new = {v.hash: v for v in variables if v.hash not in known}
    listed.extend(new.values())
    known.update(new)


FORMULATIONS = ("aggregate", "pools", "groups")


def build_model(inputs: Inputs, *, formulation: str = "aggregate", elastic: bool = False) -> Model:
    """The whole model of PLANNER.md (or its elastic version, for the diagnosis).

    formulation: `groups` = one z per group (the literal model); `pools` = one z per pool of
    interchangeable groups; `aggregate` (default) = pools, and the pools without a span limit
    share one variable per level with one capacity row per set of required skills (falls back
    to `pools` with more than MAX_AGGREGATED_SKILLS required skills). All three have the same
    optimum; tests/test_pooling.py checks it."""
    if formulation not in FORMULATIONS:
        raise ValueError(f"formulation must be one of {FORMULATIONS}")
    prob = pulp.LpProblem("plan", pulp.LpMaximize)
    pools = define_pools(inputs, pooled=formulation != "groups")
    classes = aggregation_classes(inputs, pools) if formulation == "aggregate" else None
    arcs, z, autos, a = define_served_variables(inputs, pools, aggregate=classes is not None)
    u = define_hunting_variables(inputs)
    y, hunters = define_head_count_variables(inputs, elastic)
    model = Model(inputs, prob, pools, arcs, autos, z, a, u, y, hunters, 0.0, elastic=elastic, classes=classes)
    rows: dict = {}
    define_size_constraints(model, rows)
    define_capacity_constraints(model, rows)
    define_skill_capacity_constraints(model, rows)
    define_span_constraints(model, rows)
    define_coverage_constraints(model, rows)
    define_hunting_constraints(model, rows)
    define_min_count_constraints(model, rows)
    define_head_count_constraints(model, rows)
    define_budget_constraints(model, rows)
    define_target_constraints(model, rows)
    define_objective(model, inputs.scenario.goal.objective)
    prob.extend(rows)
    # Every variable is known to the problem even if no row or objective term uses it; the
    # list also lets planner.solve.BulkHiGHS hand the model to HiGHS in one call.
    variables = [*z, *a, *u, *y.values(), *([hunters] if hunters is not None else []),
                 *(s for s, _, _, _ in model.slacks.values())]
    register_variables(prob, variables)
    prob.planner_variables = variables
    return model


__all__ = ["FORMULATIONS", "Model", "build_model", "define_pools"]
