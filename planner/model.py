"""Stage 4 of the pipeline: resolved inputs -> a PuLP problem, one `define_*` per family.

Notation (PLANNER.md "The optimisation model"): segments `s`, their levels `l`, manager groups
`g`, prospect segments `p`; `served_sl = sum_g z_gsl + a_sl`. Money comes from
`planner.economics` (`Terms`), never written here.

**Pools.** The model is built over *pools* of interchangeable groups: groups that may serve the
same set of segments (same skills among the required ones) and have no span limit
(`max_clients`). Hours are counted in efficiency-adjusted ("effective") hours: a client at level
`l` takes `h_sl` effective hours, and group `g` offers `C_g e_g` effective hours per person, so a
pool `P` has one variable `z_Psl` and one capacity row `sum_sl h_sl z_Psl <= sum_{g in P} C_g e_g
y_g`, while every `y_g` stays its own integer. This is exact: summing the per-group rows
`sum_sl (h_sl/e_g) z_gsl <= C_g y_g` (times `e_g`) over a pool gives the pool's row, and
conversely a pool's allocation split to its groups in proportion to `C_g e_g y_g` meets every
group's row; nothing else in the model depends on which group of a pool serves a client. A group
with a span limit is a pool of its own. `formulation="groups"` makes every group its own pool
(the literal per-group model, used to test the exactness).

`build_model` reads like the table of contents of the model: one `define_*` call per family.
Every head-count term goes through `Model.head_count_terms`: a fixed head count is a constant,
a decided one a variable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pulp

from planner import economics
from planner.economics import Terms
from planner.frames import take_labels
from planner.inputs import Inputs
from planner.lp import GE, LE, MatrixForm, Row, RowBook, matrix_form, nonnegative_variables, register_variables

FORMULATIONS = ("aggregate", "pools", "groups")
MAX_AGGREGATED_SKILLS = 5  # 2^k - 1 capacity rows; past this the pool formulation is smaller
ELASTIC_FAMILIES = frozenset({"coverage", "headcount", "min_count", "max_count", *(t.family for t in economics.TARGETS)})
# The elastic model lets a decided head count grow past max_count up to this (the schema's limit)
ELASTIC_MAX_COUNT = 10_000
ELASTIC_TIE = 1e-12  # weight of the goal's objective (scaled to its largest coefficient) in the elastic one


@dataclass(frozen=True)
class Slack:
    """A penalised slack of the elastic model: how far limit `family`/`subject` must move, in
    units of `scale` (the limit's size, so the penalty is a relative move)."""

    var: pulp.LpVariable
    family: str
    subject: str
    scale: float


@dataclass(frozen=True)
class Stage:
    """What one solve maximises: `goal.objective`, or (priority_first) one priority class's
    weighted profit terms, people costs left out (they belong to no class)."""

    objective: str
    klass: str | None = None


@dataclass(frozen=True)
class Hold:
    """priority_first: class `klass` keeps its weighted profit terms at least at `floor`."""

    klass: str
    floor: float


@dataclass
class Model:
    """A built problem and the tables that map its variables and rows back to the scenario.

    pools   index pool: members (tuple of group ids), skills, span (max clients per person or None)
    arcs    one row per z variable: pool, pool_index (-1: the aggregated pool `*`), row (index
            into inputs.levels), segment, level, hours (effective hours per client), skill
    autos   one row per a variable: row, segment, level
    rows    name -> Row (family, subject, sense, rhs), as defined
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
    objective_constant: float = 0.0
    book: RowBook = field(default_factory=RowBook)
    slacks: dict[str, Slack] = field(default_factory=dict)
    elastic: bool = False
    classes: list | None = None  # required skills of the aggregated formulation (None: not used)
    capacity_rows: dict = field(default_factory=dict)  # pool -> names of rows holding its capacity
    stage: Stage | None = None
    variables: list = field(default_factory=list)  # column order of `form`

    @property
    def rows(self) -> dict[str, Row]:
        return self.book.rows

    @property
    def arc_rows(self) -> np.ndarray:
        return self.arcs["row"].to_numpy(int)

    @property
    def auto_rows(self) -> np.ndarray:
        return self.autos["row"].to_numpy(int)

    # ----- rows ------------------------------------------------------------------------------
    def add(self, name: str, family: str, subject: str, pairs: list, sense: int, rhs: float,
            scale: float = 1.0) -> Row:
        """One row `sum pairs sense rhs`; in the elastic model a limit family gets a slack
        sigma >= 0 in units of `scale` (`+ scale sigma` on a >= row, `- scale sigma` on <=)."""
        if self.elastic and family in ELASTIC_FAMILIES:
            sigma = pulp.LpVariable(f"s_{name}", 0)
            pairs = [*pairs, (sigma, scale if sense == GE else -scale)]
            self.slacks[name] = Slack(sigma, family, subject, scale)
        return self.book.add(name, family, subject, pairs, sense, rhs)

    # ----- linear expressions ------------------------------------------------------------------
    def head_count_terms(self, per_person: Sequence[float] | np.ndarray, per_hunter: float = 0.0,
                         groups: Iterable[int] | None = None) -> tuple[list, float]:
        """sum_g coef_g y_g + coef_H H over `groups` (positions; default all): a decided head
        count is its variable, a fixed one its constant `count`."""
        A = self.inputs.arrays
        pairs, constant = [], 0.0
        coef = np.asarray(per_person, dtype=float)
        for gi in (range(len(A.grp_ids)) if groups is None else groups):
            c = float(coef[gi])
            if c == 0.0:
                continue
            var = self.y.get(A.grp_ids[gi])
            if var is not None:
                pairs.append((var, c))
            else:
                constant += c * float(A.grp_count[gi])
        if per_hunter:
            if self.hunters is not None:
                pairs.append((self.hunters, float(per_hunter)))
            else:
                constant += float(per_hunter) * self.inputs.hunters.count
        return pairs, constant

    def served_pairs(self, per_served: np.ndarray) -> list:
        """sum_sl coef_sl served_sl over the z and a variables."""
        zc = per_served[self.arc_rows] if len(self.arc_rows) else np.zeros(0)
        ac = per_served[self.auto_rows] if len(self.auto_rows) else np.zeros(0)
        pairs = [(v, k) for v, k in zip(self.z, zc.tolist()) if k != 0.0]
        pairs += [(v, k) for v, k in zip(self.a, ac.tolist()) if k != 0.0]
        return pairs

    def linear(self, terms: Terms) -> tuple[list, float]:
        """(pairs, constant) of economics Terms on this model's variables."""
        pairs = self.served_pairs(terms.per_served)
        pairs += [(v, k) for v, k in zip(self.u, terms.per_hour.tolist()) if k != 0.0]
        people, constant = self.head_count_terms(terms.per_person, terms.per_hunter)
        return pairs + people, terms.constant + constant

    def kpi_expression(self, kpi: str) -> tuple[list, float]:
        """(pairs, constant) of an unweighted KPI (economics.kpi_terms)."""
        return self.linear(economics.kpi_terms(self.inputs, kpi))

    @cached_property
    def form(self) -> MatrixForm:
        """The built problem as arrays (a copy the solver and the post-solve stage read)."""
        return matrix_form(self.prob, self.variables, self.objective_constant)


# ----- pools -------------------------------------------------------------------------------
def _manager_skills(inputs: Inputs) -> set[str]:
    """Skills required by segments with an allowed manager-served level."""
    A = inputs.arrays
    manager = A.lv_allowed & ~A.lv_automated
    return {A.seg_skill[i] for i in set(A.lv_seg[manager].tolist()) if isinstance(A.seg_skill[i], str)}


def define_pools(inputs: Inputs, pooled: bool = True) -> pd.DataFrame:
    """Pools of interchangeable groups: same skills among the required ones, no span limit.

    Index sets: pools P (partition of the groups g); span-limited groups are singletons."""
    A = inputs.arrays
    required = _manager_skills(inputs)
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


def aggregation_classes(inputs: Inputs, pools: pd.DataFrame) -> list[str] | None:
    """The required skills R of the aggregated formulation, or None when it does not apply."""
    free = sum(1 for span in pools["span"] if span is None or pd.isna(span))
    if free < 2:
        return None
    required = sorted(_manager_skills(inputs))
    return required if len(required) <= MAX_AGGREGATED_SKILLS else None


def _free(span) -> bool:
    return span is None or pd.isna(span)


# ----- variables ---------------------------------------------------------------------------
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
    arc_pool, arc_row = [], []
    free_ok = np.zeros(len(lv), dtype=bool)
    distinct = sorted({q for q in skills if isinstance(q, str)})
    code = np.array([distinct.index(q) + 1 if isinstance(q, str) else 0 for q in skills], dtype=int)
    for pi, (pskills, span) in enumerate(zip(pools["skills"], pools["span"])):
        has = np.array([True] + [q in pskills for q in distinct])  # code 0: no skill required
        ok = manager & has[code]
        if aggregate and _free(span):
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
        "hours": A.lv_hours[arc_row],
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
            y[g] = pulp.LpVariable(f"y_{k}", 0 if elastic else int(lo), ELASTIC_MAX_COUNT if elastic else int(up),
                                   cat="Integer")
    h = inputs.hunters
    top = ELASTIC_MAX_COUNT if elastic else h.upper
    hunters = pulp.LpVariable("H", 0 if elastic else h.lower, top, cat="Integer") if h.decided else None
    return y, hunters


# ----- constraints -------------------------------------------------------------------------
def define_size_constraints(model: Model) -> None:
    """size: sum_{P,l} z_Psl + sum_l a_sl <= n_s   for every segment s with a variable."""
    inp = model.inputs
    A = inp.arrays
    by_seg: dict = {}
    seg_of = A.lv_seg
    for v, r in zip(model.z, model.arc_rows.tolist()):
        by_seg.setdefault(int(seg_of[r]), []).append(v)
    for v, r in zip(model.a, model.auto_rows.tolist()):
        by_seg.setdefault(int(seg_of[r]), []).append(v)
    positions = inp.segments["position"].tolist()
    for si in sorted(by_seg):
        model.add(f"size_{positions[si]}", "size", A.seg_ids[si], [(v, 1.0) for v in by_seg[si]], LE,
                  float(A.seg_clients[si]))


def _capacity_terms(model: Model, members: Iterable[str]) -> tuple[list, float]:
    """-sum_{g in members} C_g e_g y_g as (pairs, rhs): decided head counts to the left, fixed
    capacity to the right."""
    A = model.inputs.arrays
    pos = {g: i for i, g in enumerate(A.grp_ids)}
    idx = [pos[g] for g in members]
    pairs, constant = model.head_count_terms(-A.grp_effective, groups=idx)
    return pairs, -constant


def define_capacity_constraints(model: Model) -> None:
    """capacity: sum_sl h_sl z_Psl <= sum_{g in P} C_g e_g y_g   for every pool P
    (per group: sum_sl (h_sl/e_g) z_gsl <= C_g y_g, multiplied by e_g)."""
    per_pool: dict = {}
    for v, p, h in zip(model.z, model.arcs["pool_index"].tolist(), model.arcs["hours"].tolist()):
        per_pool.setdefault(p, []).append((v, h))
    for pi, (pool, members) in enumerate(zip(model.pools.index, model.pools["members"])):
        pairs = per_pool.get(pi)
        if not pairs:
            continue
        people, rhs = _capacity_terms(model, members)
        model.capacity_rows.setdefault(pool, []).append(f"capacity_{pool}")
        model.add(f"capacity_{pool}", "capacity", pool, pairs + people, LE, rhs)


def define_skill_capacity_constraints(model: Model) -> None:
    """Aggregated capacity of the pools without a span limit (only with `aggregate`):

        sum_{s: q_s in Q} sum_l h_sl x_sl <= sum_{P: K_P meets Q} sum_{g in P} C_g e_g y_g
            for every nonempty set Q of required skills, and
        sum_{s} sum_l h_sl x_sl <= sum_P sum_{g in P} C_g e_g y_g   (all demand, with s without skill)

    Demand for hours comes in classes (one per required skill, one for segments that need none)
    and each pool may supply the classes its skills cover. By the supply-demand theorem (Gale;
    max-flow min-cut), hours x can be routed to pools within their capacities if and only if
    every set of classes asks for no more than the pools that may serve it have; a set holding
    the no-skill class is bounded by the whole team, so the rows above are all the conditions.
    `planner.postsolve.route_pools` routes them back by a small transportation LP."""
    if model.classes is None:
        return
    members = model.pools["members"].tolist()
    pool_skills = model.pools["skills"].tolist()
    free = [pi for pi, span in enumerate(model.pools["span"]) if _free(span)]
    pool_ids = model.pools.index.tolist()
    by_class: dict = {}
    for v, p, h, q in zip(model.z, model.arcs["pool_index"].tolist(), model.arcs["hours"].tolist(),
                          model.arcs["skill"].tolist()):
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
        people, rhs = _capacity_terms(model, [g for pi in supply for g in members[pi]])
        name = f"skill_capacity_{k}"
        model.add(name, "capacity", "+".join(sorted(Q)) if Q else "team", pairs + people, LE, rhs)
        for pi in supply:
            model.capacity_rows.setdefault(pool_ids[pi], []).append(name)


def define_span_constraints(model: Model) -> None:
    """span: sum_sl z_gsl <= m_g y_g   for every group g with max_clients m_g (its own pool)."""
    A = model.inputs.arrays
    pos = {g: i for i, g in enumerate(A.grp_ids)}
    pool_index = model.arcs["pool_index"].tolist()
    for pi, (pool, members, span) in enumerate(zip(model.pools.index, model.pools["members"], model.pools["span"])):
        if _free(span):
            continue
        g = members[0]
        pairs = [(v, 1.0) for v, p in zip(model.z, pool_index) if p == pi]
        if not pairs:
            continue
        coef = np.zeros(len(A.grp_ids))
        coef[pos[g]] = -float(span)
        people, constant = model.head_count_terms(coef, groups=[pos[g]])
        model.add(f"span_{pool}", "span", g, pairs + people, LE, -constant)


def define_coverage_constraints(model: Model) -> None:
    """coverage: sum_{P,l manager-served} z_Psl >= phi_s n_s   for every s with phi_s n_s > 0
    (a segment nobody may serve gets the row anyway: it is then infeasible, and the diagnosis
    says so)."""
    seg = model.inputs.segments
    A = model.inputs.arrays
    per_segment: dict = {}
    for v, si in zip(model.z, A.lv_seg[model.arc_rows].tolist()):
        per_segment.setdefault(si, []).append((v, 1.0))
    for si, (s, phi, n, pos) in enumerate(zip(A.seg_ids, A.seg_phi.tolist(), A.seg_clients.tolist(),
                                                seg["position"].tolist())):
        need = phi * n
        if need > 0:
            model.add(f"coverage_{pos}", "coverage", s, per_segment.get(si, []), GE, float(need), scale=max(1.0, need))


def define_hunting_constraints(model: Model) -> None:
    """hunting: sum_p u_p <= C_H H."""
    if not model.u:
        return
    people, constant = model.head_count_terms(np.zeros(len(model.inputs.arrays.grp_ids)),
                                              per_hunter=-model.inputs.hunters.hours)
    model.add("hunting", "hunting", "hunters", [(v, 1.0) for v in model.u] + people, LE, -constant)


def define_min_count_constraints(model: Model) -> None:
    """Elastic model only: y_g >= min_count_g and H >= min_count_H as rows with slacks."""
    if not model.elastic:
        return
    groups = model.inputs.groups
    for g, var in model.y.items():
        lo = int(groups.at[g, "lower"])
        if lo > 0:
            model.add(f"min_count_{var.name}", "min_count", g, [(var, 1.0)], GE, lo, scale=max(1.0, lo))
    h = model.inputs.hunters
    if model.hunters is not None and h.lower > 0:
        model.add("min_count_H", "min_count", "hunters", [(model.hunters, 1.0)], GE, h.lower, scale=max(1.0, h.lower))


def define_max_count_constraints(model: Model) -> None:
    """Elastic model only: y_g <= max_count_g and H <= max_count_H as rows with slacks (the
    diagnosis's "allow more people"; its combined move keeps these slacks at 0)."""
    if not model.elastic:
        return
    groups = model.inputs.groups
    for g, var in model.y.items():
        up = int(groups.at[g, "upper"])
        model.add(f"max_count_{var.name}", "max_count", g, [(var, 1.0)], LE, up, scale=max(1.0, up))
    h = model.inputs.hunters
    if model.hunters is not None:
        model.add("max_count_H", "max_count", "hunters", [(model.hunters, 1.0)], LE, h.upper, scale=max(1.0, h.upper))


def define_head_count_constraints(model: Model) -> None:
    """head count: sum_g y_g + H <= T (fixed head counts are constants moved to the right)."""
    T = model.inputs.max_headcount
    if T is None:
        return
    pairs, fixed = model.head_count_terms(np.ones(len(model.inputs.arrays.grp_ids)), per_hunter=1.0)
    model.add("headcount", "headcount", "team", pairs, LE, float(T) - fixed, scale=max(1.0, T))


def define_target_constraints(model: Model) -> None:
    """targets on the unweighted KPIs (economics.TARGETS): Profit >= min_profit,
    Revenue >= min_revenue, NC >= min_new_clients, and the budget Cost <= max_cost."""
    for target, limit in economics.goal_targets(model.inputs.scenario.goal):
        pairs, const = model.kpi_expression(target.kpi)
        model.add(target.family, target.family, "goal", pairs, GE if target.at_least else LE, limit - const,
                  scale=max(1.0, abs(limit)))


def define_priority_holds(model: Model, holds: Sequence[Hold]) -> None:
    """priority_first: every better class j keeps  value_j >= floor_j  (its weighted profit
    terms, economics.objective_terms(klass=j))."""
    for k, hold in enumerate(holds):
        pairs, const = model.linear(economics.objective_terms(model.inputs, "profit", klass=hold.klass))
        model.add(f"hold_class_{k}", "priority_hold", hold.klass, pairs, GE, hold.floor - const)


def define_objective(model: Model, stage: Stage) -> None:
    """Maximise the stage's objective (economics.objective_terms); the elastic model instead
    minimises sum_i sigma_i, each slack in units of its limit's scale max(1, |limit_i|) (so the
    row reads expr + scale_i sigma_i >= limit_i), less ELASTIC_TIE x the objective over its
    largest coefficient (a tie-breaker far below the moves read)."""
    if model.elastic:
        # and, by a hair (ELASTIC_TIE of the largest coefficient), the goal's own objective: with
        # slacks alone the MIP search has no direction (minutes without a point on large models)
        goal = model.inputs.scenario.goal.objective
        pairs, _const = model.linear(economics.objective_terms(model.inputs, "profit" if goal == "priority_first" else goal))
        biggest = max((abs(c) for _v, c in pairs), default=0.0)
        tie = [(v, -ELASTIC_TIE * c / biggest) for v, c in pairs] if biggest > 0 else []
        model.prob.sense = pulp.LpMinimize
        model.prob.setObjective(pulp.LpAffineExpression([*((s.var, 1.0) for s in model.slacks.values()), *tie]))
        model.objective_constant = 0.0
        return
    terms = economics.objective_terms(model.inputs, stage.objective if stage.klass is None else "profit",
                                      klass=stage.klass)
    pairs, const = model.linear(terms)
    model.prob.setObjective(pulp.LpAffineExpression(pairs))
    model.objective_constant = const


def build_model(inputs: Inputs, *, formulation: str = "aggregate", elastic: bool = False,
                stage: Stage | None = None, holds: Sequence[Hold] = ()) -> Model:
    """The whole model of PLANNER.md (or its elastic version, for the diagnosis).

    formulation: `groups` = one z per group (the literal model); `pools` = one z per pool of
    interchangeable groups; `aggregate` (default) = pools, and the pools without a span limit
    share one variable per level with one capacity row per set of required skills (falls back
    to `pools` with more than MAX_AGGREGATED_SKILLS required skills). All three have the same
    optimum (tests check it). `stage` and `holds` are priority_first's (planner.optimise)."""
    if formulation not in FORMULATIONS:
        raise ValueError(f"formulation must be one of {FORMULATIONS}")
    stage = stage or Stage(inputs.scenario.goal.objective)
    prob = pulp.LpProblem("plan", pulp.LpMaximize)
    pools = define_pools(inputs, pooled=formulation != "groups")
    classes = aggregation_classes(inputs, pools) if formulation == "aggregate" else None
    arcs, z, autos, a = define_served_variables(inputs, pools, aggregate=classes is not None)
    u = define_hunting_variables(inputs)
    y, hunters = define_head_count_variables(inputs, elastic)
    model = Model(inputs, prob, pools, arcs, autos, z, a, u, y, hunters, elastic=elastic, classes=classes,
                  stage=stage)
    define_size_constraints(model)
    define_capacity_constraints(model)
    define_skill_capacity_constraints(model)
    define_span_constraints(model)
    define_coverage_constraints(model)
    define_hunting_constraints(model)
    define_min_count_constraints(model)
    define_max_count_constraints(model)
    define_head_count_constraints(model)
    define_target_constraints(model)
    define_priority_holds(model, holds)
    define_objective(model, stage)
    model.book.extend(prob)
    # Every variable is known to the problem even if no row or objective term uses it; the
    # list is also the column order of `model.form`.
    model.variables = [*z, *a, *u, *y.values(), *([hunters] if hunters is not None else []),
                       *(s.var for s in model.slacks.values())]
    register_variables(prob, model.variables)
    return model


__all__ = ["FORMULATIONS", "Hold", "Model", "Slack", "Stage", "build_model", "define_pools"]
