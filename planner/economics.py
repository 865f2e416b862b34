"""The one place of the money: policies, level data, KPIs, objectives and targets.

Every revenue, margin, cost and profit the planner reports or optimises is written here once
(PLANNER.md "KPIs"), with `served_sl` clients of segment s at level l, `u_p` hunter hours on
prospect segment p, `y_g` people of group g and `H` hunters:

    Revenue  R  = sum_s [ sum_l r_sl served_sl + r_s0 (n_s - served_s) ] + sum_p r_p c_p u_p
    Gross margin = the same with each revenue times its margin rate (mu_sl, mu_s, mu_p)
    Cost        = sum_g W_g y_g + W_H H + sum_sl k_sl served_sl + sum_p k_p c_p u_p
    Profit      = Gross margin - Cost;   New clients NC = sum_p c_p u_p

Each KPI is linear, so it is kept as `Terms`: a coefficient per served client of every level
row (relative to leaving the client unserved), per hunter hour, per person, per hunter, and a
constant. The same `Terms` are evaluated on numbers (`Terms.value`: the plan, the baseline,
the books, Monte Carlo) and turned into solver expressions (`planner.model.Model.linear`), so
what is reported is what was optimised. A new cost term is one more coefficient here.

The rules that resolve a scenario's defaults live here too: a segment's policy (its own
`min_coverage`, `weight`, `service` over its priority class's), which levels a service allows,
a level's margin (its own, else its segment's), which groups may serve a segment (skills), and
the goal's targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from planner.inputs import Inputs

KPI_NAMES = ("revenue", "gross_margin", "cost", "profit", "new_clients", "hunters", "headcount",
             "manager_hours_used")
MONEY_KPIS = frozenset({"revenue", "gross_margin", "cost", "profit"})
DEFAULT_CLASS = "B"
SERVICES = ("all", "automated", "none")

# The goal's objective -> the unweighted KPI it is judged on (priority_first ends on profit).
OBJECTIVE_KPI = {"profit": "profit", "priority_first": "profit", "revenue": "revenue", "new_clients": "new_clients"}


@dataclass(frozen=True)
class Target:
    """A limit of the goal on an unweighted KPI: KPI >= value (`at_least`) or KPI <= value."""

    field: str  # the goal's field (goal.min_profit, ...)
    kpi: str
    at_least: bool
    family: str  # the name of its row family in the model and the diagnosis


TARGETS = (
    Target("min_profit", "profit", True, "min_profit"),
    Target("min_revenue", "revenue", True, "min_revenue"),
    Target("min_new_clients", "new_clients", True, "min_new_clients"),
    Target("max_cost", "cost", False, "budget"),
)


def goal_targets(goal: Any) -> list[tuple[Target, float]]:
    """The targets a goal sets, with their values (in TARGETS order)."""
    return [(t, float(getattr(goal, t.field))) for t in TARGETS if getattr(goal, t.field) is not None]


def target_met(target: Target, value: float, limit: float, tol: float = 1e-6) -> bool:
    slack = (value - limit) if target.at_least else (limit - value)
    return slack >= -tol * max(1.0, abs(limit))


# ----- policies and level data ------------------------------------------------------------
@dataclass(frozen=True)
class Policy:
    """What applies to a segment: its class, min_coverage, weight and service."""

    klass: str
    min_coverage: float
    weight: float
    service: str


def segment_policy(priority_table: Mapping[str, Any], segment: Any) -> Policy:
    """A segment's own `min_coverage`, `weight` and `service` win over its priority class's
    (no priority = class B), else 0, 1 and `all`."""
    klass = segment.priority or DEFAULT_CLASS
    policy = priority_table.get(klass)
    cls_coverage = getattr(policy, "min_coverage", None)
    cls_weight = getattr(policy, "weight", None)
    cls_service = getattr(policy, "service", None)
    coverage = segment.min_coverage if segment.min_coverage is not None else (cls_coverage or 0.0)
    weight = segment.weight if segment.weight is not None else (cls_weight if cls_weight is not None else 1.0)
    service = segment.service or cls_service or "all"
    return Policy(klass, float(coverage), float(weight), service)


def level_allowed(service: str, automated: bool) -> bool:
    """`all` allows every level, `automated` only 0-hour levels, `none` none."""
    return service == "all" or (service == "automated" and automated)


def level_margin(level: Any, segment: Any) -> float | None:
    """A level's margin rate: its own, else its segment's (None: neither is known)."""
    if level.margin is not None:
        return float(level.margin)
    return None if segment.margin is None else float(segment.margin)


def may_serve(required_skill: str | None, skills) -> bool:
    """A group may serve a segment that requires no skill, or one whose skill it has."""
    return not isinstance(required_skill, str) or required_skill in skills


def serve_matrix(required: list, group_skills: list) -> np.ndarray:
    """Boolean [group, segment]: `may_serve` for every pair."""
    out = np.ones((len(group_skills), len(required)), dtype=bool)
    for si, q in enumerate(required):
        if isinstance(q, str):
            out[:, si] = [q in skills for skills in group_skills]
    return out


# ----- KPIs as linear terms -----------------------------------------------------------------
@dataclass(frozen=True)
class Terms:
    """`sum_r per_served[r] served[r] + sum_p per_hour[p] u[p] + per_person @ y + per_hunter H
    + constant`, with level rows r, prospect segments p and groups as in `Inputs`."""

    per_served: np.ndarray
    per_hour: np.ndarray
    per_person: np.ndarray
    per_hunter: float
    constant: float

    def value(self, served: np.ndarray, u: np.ndarray, counts: np.ndarray, hunters: float) -> float:
        total = self.constant + float(np.asarray(served, float) @ self.per_served) if len(self.per_served) else self.constant
        if len(self.per_hour):
            total += float(np.asarray(u, float) @ self.per_hour)
        if len(self.per_person):
            total += float(np.asarray(counts, float) @ self.per_person)
        return total + self.per_hunter * float(hunters)

    def __add__(self, other: "Terms") -> "Terms":
        return Terms(self.per_served + other.per_served, self.per_hour + other.per_hour,
                     self.per_person + other.per_person, self.per_hunter + other.per_hunter,
                     self.constant + other.constant)

    def scaled(self, factor: float) -> "Terms":
        return Terms(self.per_served * factor, self.per_hour * factor, self.per_person * factor,
                     self.per_hunter * factor, self.constant * factor)


def _zeros(inputs: "Inputs") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    A = inputs.arrays
    return np.zeros(len(A.lv_ids)), np.zeros(len(A.pro_ids)), np.zeros(len(A.grp_ids))


def kpi_terms(inputs: "Inputs", kpi: str) -> Terms:
    """The unweighted KPI `kpi` (revenue, gross_margin, cost, profit, new_clients, hunters,
    headcount) as Terms; see the module docstring for the formulas."""
    A = inputs.arrays
    seg = A.lv_seg
    served, hour, person = _zeros(inputs)
    if kpi == "revenue":
        return Terms(A.lv_revenue - A.seg_r0[seg], A.pro_revenue * A.pro_conversion, person, 0.0,
                     float(A.seg_r0 @ A.seg_clients))
    if kpi == "gross_margin":
        return Terms(A.lv_margin * A.lv_revenue - A.seg_margin[seg] * A.seg_r0[seg],
                     A.pro_margin * A.pro_revenue * A.pro_conversion, person, 0.0,
                     float((A.seg_margin * A.seg_r0) @ A.seg_clients))
    if kpi == "cost":
        return Terms(A.lv_cost.copy(), A.pro_cost * A.pro_conversion, A.grp_cost.copy(), inputs.hunters.cost, 0.0)
    if kpi == "profit":
        return kpi_terms(inputs, "gross_margin") + kpi_terms(inputs, "cost").scaled(-1.0)
    if kpi == "new_clients":
        return Terms(served, A.pro_conversion.copy(), person, 0.0, 0.0)
    if kpi == "hunters":
        return Terms(served, hour, person, 1.0, 0.0)
    if kpi == "headcount":
        return Terms(served, hour, np.ones(len(A.grp_ids)), 1.0, 0.0)
    raise ValueError(f"unknown KPI {kpi!r}")


def objective_terms(inputs: "Inputs", objective: str, *, klass: str | None = None, people: bool = True) -> Terms:
    """What `goal.objective` maximises: profit (and `priority_first`'s final stage) with each
    segment's and prospect segment's own terms times its weight, people costs included;
    revenue likewise weighted; new_clients = NC. With `klass`, only that priority class's
    segments and prospect segments count (and no people: they belong to no class), as
    `priority_first`'s stages need."""
    A = inputs.arrays
    if objective == "new_clients":
        return kpi_terms(inputs, "new_clients")
    kpi = "revenue" if objective == "revenue" else "profit"
    seg_in = np.ones(len(A.seg_ids), bool) if klass is None else A.seg_class == A.classes.index(klass)
    pro_in = np.ones(len(A.pro_ids), bool) if klass is None else A.pro_class == A.classes.index(klass)
    if kpi == "revenue":
        per_client, constant_terms = A.lv_revenue - A.seg_r0[A.lv_seg], A.seg_r0 * A.seg_clients
        per_hour = A.pro_revenue * A.pro_conversion
    else:
        per_client = A.lv_margin * A.lv_revenue - A.seg_margin[A.lv_seg] * A.seg_r0[A.lv_seg] - A.lv_cost
        constant_terms = A.seg_margin * A.seg_r0 * A.seg_clients
        per_hour = (A.pro_margin * A.pro_revenue - A.pro_cost) * A.pro_conversion
    per_served = np.where(seg_in[A.lv_seg], per_client * A.seg_weight[A.lv_seg], 0.0)
    per_hour = np.where(pro_in, per_hour * A.pro_weight, 0.0)
    constant = float((A.seg_weight * constant_terms)[seg_in].sum())
    person, hunter = np.zeros(len(A.grp_ids)), 0.0
    if kpi == "profit" and people and klass is None:
        person, hunter = -A.grp_cost, -inputs.hunters.cost
    return Terms(per_served, per_hour, person, hunter, constant)


def per_client_values(inputs: "Inputs", objective: str) -> np.ndarray:
    """The objective's value of one more client at each level row, over leaving it unserved
    (weighted): what an explanation compares per manager hour."""
    return objective_terms(inputs, "revenue" if objective == "revenue" else "profit").per_served


# ----- money by level, segment and prospect segment ---------------------------------------
def level_money(inputs: "Inputs", served: np.ndarray) -> dict[str, np.ndarray]:
    """Per level row, of its served clients: revenue r_sl x, gross margin mu_sl r_sl x, cost k_sl x."""
    A = inputs.arrays
    revenue = served * A.lv_revenue
    return {"revenue": revenue, "gross_margin": revenue * A.lv_margin, "cost": served * A.lv_cost}


def segment_money(inputs: "Inputs", served: np.ndarray) -> dict[str, np.ndarray]:
    """Per segment: its levels' money plus r_s0 (at mu_s) for each unserved client; profit."""
    A = inputs.arrays
    ns = len(A.seg_ids)
    by_level = level_money(inputs, served)
    unserved = np.clip(A.seg_clients - np.bincount(A.lv_seg, served, minlength=ns), 0.0, None)
    revenue = np.bincount(A.lv_seg, by_level["revenue"], minlength=ns) + unserved * A.seg_r0
    margin = np.bincount(A.lv_seg, by_level["gross_margin"], minlength=ns) + unserved * A.seg_r0 * A.seg_margin
    cost = np.bincount(A.lv_seg, by_level["cost"], minlength=ns)
    return {"unserved": unserved, "revenue": revenue, "gross_margin": margin, "cost": cost, "profit": margin - cost}


def prospect_money(inputs: "Inputs", u: np.ndarray) -> dict[str, np.ndarray]:
    """Per prospect segment: new clients c_p u_p and their revenue, gross margin and cost."""
    A = inputs.arrays
    won = u * A.pro_conversion
    revenue = won * A.pro_revenue
    return {"new_clients": won, "revenue": revenue, "gross_margin": revenue * A.pro_margin, "cost": won * A.pro_cost}


def client_money(inputs: "Inputs") -> dict[str, np.ndarray]:
    """Per level row, the money of ONE client at that level (revenue, gross margin, cost,
    profit = margin - cost), and `unserved_profit`: the profit of its segment's unserved
    client (mu_s r_s0). What the books rank and repair by."""
    A = inputs.arrays
    gross = A.lv_margin * A.lv_revenue
    return {"revenue": A.lv_revenue.copy(), "gross_margin": gross, "cost": A.lv_cost.copy(),
            "profit": gross - A.lv_cost, "unserved_profit": (A.seg_margin * A.seg_r0)[A.lv_seg]}


def people_cost(inputs: "Inputs", counts: np.ndarray) -> np.ndarray:
    """Per group: W_g y_g."""
    return np.asarray(counts, float) * inputs.arrays.grp_cost


# ----- hiring over a horizon (PLANNER.md "Multi-period plan") -------------------------------
def hiring_terms(hire_cost: np.ndarray, attrition: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cost of hiring in one period,  sum_g hire_cost_g (hires_gt + attrition_g y_gt)
    (every leaver is replaced, and a replacement is a hire too), as coefficients
    (per person y_gt, per hire hires_gt). Staff g runs over the groups, then the hunters."""
    hire_cost = np.asarray(hire_cost, float)
    return hire_cost * np.asarray(attrition, float), hire_cost.copy()


def hiring_cost(hire_cost: np.ndarray, attrition: np.ndarray, counts: np.ndarray, hires: np.ndarray) -> float:
    """hiring_terms evaluated on one period's head counts and hires."""
    per_person, per_hire = hiring_terms(hire_cost, attrition)
    return float(per_person @ np.asarray(counts, float) + per_hire @ np.asarray(hires, float))


def with_hiring_cost(kpis: dict[str, float], amount: float) -> dict[str, float]:
    """A period's KPIs with its hiring cost: in the cost, out of the profit."""
    out = dict(kpis)
    out["cost"] = out["cost"] + amount
    out["profit"] = out["profit"] - amount
    return out


def hiring_sign(kpi_or_objective: str) -> float:
    """How the hiring cost enters a KPI or objective: +1 in cost, -1 in profit (and the profit
    objectives), 0 in revenue and new clients."""
    return {"cost": 1.0, "profit": -1.0, "priority_first": -1.0}.get(kpi_or_objective, 0.0)


def seasonal_inputs(inputs: "Inputs", factor: float) -> "Inputs":
    """The inputs of a period whose every revenue is `factor` times the typical period's
    (r_sl, r_s0, r_p): the seasonality of a horizon. Costs and hours stay."""
    from dataclasses import replace

    if factor == 1.0:
        return inputs
    A = inputs.arrays
    scaled = replace(A, lv_revenue=A.lv_revenue * factor, seg_r0=A.seg_r0 * factor,
                     pro_revenue=A.pro_revenue * factor)
    out = replace(inputs)
    out.__dict__["arrays"] = scaled  # the cached property's slot: the tables keep the typical period
    return out


# ----- evaluating a solution --------------------------------------------------------------
def evaluate_kpis(inputs: "Inputs", served: np.ndarray, u: np.ndarray, counts: np.ndarray, hunters: float,
                  hours_used: float) -> dict[str, float]:
    """Every KPI of KPI_NAMES for numbers of a plan (`hours_used`: manager hours, h/e_g x
    clients, which only the allocation to groups knows)."""
    out = {k: kpi_terms(inputs, k).value(served, u, counts, hunters) for k in KPI_NAMES if k != "manager_hours_used"}
    out["manager_hours_used"] = float(hours_used)
    return out


def evaluate_objective(inputs: "Inputs", served: np.ndarray, u: np.ndarray, counts: np.ndarray, hunters: float,
                       objective: str | None = None) -> float:
    """goal.objective on numbers (priority_first: its final stage, the weighted profit)."""
    objective = objective or inputs.scenario.goal.objective
    return objective_terms(inputs, objective).value(served, u, counts, hunters)


def class_values(inputs: "Inputs", served: np.ndarray, u: np.ndarray) -> dict[str, float]:
    """Each priority class's weighted profit terms (priority_first's held values)."""
    zeros = np.zeros(len(inputs.arrays.grp_ids))
    return {k: objective_terms(inputs, "profit", klass=k).value(served, u, zeros, 0.0) for k in inputs.arrays.classes}


__all__ = ["hiring_cost", "hiring_sign", "hiring_terms", "seasonal_inputs", "with_hiring_cost", "DEFAULT_CLASS", "KPI_NAMES", "MONEY_KPIS", "OBJECTIVE_KPI", "Policy", "SERVICES", "TARGETS", "Target", "Terms",
           "class_values", "client_money", "evaluate_kpis", "level_money", "people_cost", "prospect_money", "segment_money", "evaluate_objective", "goal_targets", "kpi_terms", "level_allowed",
           "level_margin", "may_serve", "objective_terms", "per_client_values", "segment_policy", "serve_matrix",
           "target_met"]
