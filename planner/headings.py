"""Column headings in words, and what kind of number each column holds: one table for the app's
tables, the command line's tables and the workbooks.

`heading(name)` is the column's heading in the current language (the name itself, with spaces,
when there is no entry); `kind(name)` is how its numbers read: money, percent, count, hours,
rate (per-hour conversions), number, or text.
"""

from __future__ import annotations

from planner.i18n import N_, catalogue

HEADINGS = catalogue({
    "segment": N_("segment"),
    "segment_name": N_("segment name"),
    "name": N_("name"),
    "priority": N_("priority"),
    "service": N_("service"),
    "clients": N_("clients"),
    "managed": N_("served by managers"),
    "automated": N_("automated"),
    "unserved": N_("not served"),
    "coverage": N_("share served by managers"),
    "min_coverage": N_("min share served by managers"),
    "margin": N_("margin"),
    "margin_rate": N_("margin rate"),
    "required_skill": N_("required skill"),
    "weight": N_("weight"),
    "unserved_revenue": N_("revenue if not served"),
    "level": N_("service level"),
    "channel": N_("channel"),
    "contacts": N_("contacts"),
    "hours_per_contact": N_("hours per contact"),
    "hours_per_client": N_("hours per client"),
    "revenue_per_client": N_("revenue per client"),
    "revenue_index": N_("revenue index"),
    "cost_per_client": N_("cost per client"),
    "offer": N_("offer"),
    "terms": N_("terms"),
    "contact_role": N_("whom to talk to"),
    "materials": N_("materials"),
    "plan_clients": N_("clients in the plan"),
    "class": N_("class"),
    "prospect": N_("prospect segment"),
    "pool": N_("pool"),
    "pool_used": N_("share of the pool won"),
    "conversion": N_("new clients per hour"),
    "conversion_per_hour": N_("new clients per hour"),
    "acquisition_cost": N_("acquisition cost"),
    "hunter_hours": N_("hunter hours"),
    "new_clients": N_("new clients"),
    "group": N_("group"),
    "count": N_("people today"),
    "today": N_("people today"),
    "head_count": N_("people in the plan"),
    "decided": N_("head count decided"),
    "min_count": N_("at least"),
    "max_count": N_("at most"),
    "hours": N_("hours"),
    "hours_per_person": N_("hours per person"),
    "hours_used": N_("hours used"),
    "capacity": N_("hours available"),
    "utilisation": N_("utilisation"),
    "clients_per_person": N_("clients per person"),
    "max_clients": N_("max clients per person"),
    "value_of_hour": N_("value of one more hour"),
    "skills": N_("skills"),
    "efficiency": N_("efficiency"),
    "cost_per_person": N_("cost per person"),
    "people": N_("people"),
    "share_of_clients": N_("share of clients"),
    "share_of_revenue": N_("share of revenue"),
    "revenue": N_("revenue"),
    "mean_revenue": N_("mean revenue per client"),
    "gross_margin": N_("gross margin"),
    "cost": N_("cost"),
    "profit": N_("profit"),
    "objective": N_("objective"),
    "status": N_("status"),
    "kpi": N_("indicator"),
    "item": N_("item"),
    "plan": N_("plan"),
    "baseline": N_("baseline"),
    "integer": N_("whole clients"),
    "difference": N_("difference"),
    "with_locks": N_("with the locks"),
    "value": N_("value"),
    "kind": N_("kind"),
    "subject": N_("about"),
    "unit": N_("unit"),
    "text": N_("in words"),
    "earns_per_hour": N_("earns per extra hour"),
    "over": N_("compared with"),
    "hour_worth": N_("an hour is worth"),
    "verdict": N_("verdict"),
    "client": N_("client"),
    "client_name": N_("client name"),
    "person": N_("manager"),
    "previous_person": N_("manager today"),
    "change": N_("change"),
    "locked": N_("locked"),
    "kept": N_("kept"),
    "gained": N_("gained"),
    "lost": N_("lost"),
    "moved": N_("moved"),
    "planned_revenue": N_("planned revenue"),
    "conflict": N_("note"),
    "action": N_("action"),
    "reason": N_("why"),
    "units": N_("clients"),
    "path": N_("field"),
    "limit": N_("limit"),
    "suggested": N_("suggested"),
    "family": N_("limit kind"),
    "hunters": N_("hunters"),
    "scenario": N_("scenario"),
    "headcount": N_("headcount"),
    "manager_hours_used": N_("manager hours used"),
    "manager_clients": N_("clients served by managers"),
    "automated_clients": N_("automated clients"),
    "unserved_clients": N_("clients not served"),
    # analysis tables: marginal curves, Monte Carlo, sweeps
    "within_flat": N_("within the flat maximum"),
    "metric": N_("metric"),
    "p10": N_("P10"),
    "p50": N_("P50"),
    "p90": N_("P90"),
    "mean": N_("mean"),
    "std": N_("standard deviation"),
    "min": N_("min"),
    "max": N_("max"),
    "target": N_("target"),
    "plan_missed": N_("plan misses"),
    "reoptimised_missed": N_("re-optimised misses"),
    "estimate": N_("estimate"),
    "low": N_("low"),
    "high": N_("high"),
    "optimal_low": N_("optimum at low"),
    "optimal_high": N_("optimum at high"),
    "plan_low": N_("plan at low"),
    "plan_high": N_("plan at high"),
    "swing": N_("swing"),
    "plan_swing": N_("plan swing"),
    "correlation": N_("correlation"),
    "regret": N_("regret"),
    "plan_overload_hours": N_("plan: hours over capacity"),
    "plan_lost_clients": N_("plan: clients lost"),
    "min_profit": N_("profit at least"),
    "min_revenue": N_("revenue at least"),
    "min_new_clients": N_("new clients at least"),
    "max_cost": N_("cost at most"),
    "message": N_("message"),
    "seconds": N_("seconds"),
    # the year plan (planner/horizon/)
    "period": N_("period"),
    "seasonality": N_("seasonality"),
    "hires": N_("hires"),
    "cuts": N_("cuts"),
    "leavers": N_("expected leavers"),
    "at_work": N_("people at full speed"),
    "decide": N_("decide in"),
    "start": N_("start in"),
    "full_speed": N_("full speed in"),
    "value_earlier": N_("value of one period earlier"),
    "ramp": N_("ramp, % by period at work"),
    "lead_time": N_("lead time, periods"),
    "attrition": N_("attrition per period"),
    "hire_cost": N_("cost of a hire"),
})

MONEY = frozenset({"revenue", "gross_margin", "cost", "profit", "value", "planned_revenue", "revenue_per_client",
                   "cost_per_client", "unserved_revenue", "acquisition_cost", "cost_per_person", "mean_revenue",
                   "objective", "value_of_hour", "earns_per_hour", "hour_worth", "with_locks",
                   "value_earlier", "hire_cost"})
PERCENT = frozenset({"coverage", "min_coverage", "margin", "margin_rate", "utilisation", "share_of_clients",
                     "share_of_revenue", "pool_used"})
COUNTS = frozenset({"clients", "managed", "automated", "unserved", "new_clients", "head_count", "today", "count",
                    "min_count", "max_count", "plan_clients", "kept", "gained", "lost", "locked_clients", "units",
                    "pool", "max_clients", "clients_per_person", "contacts", "hires", "cuts"})
HOURS = frozenset({"hours", "hours_used", "capacity", "hours_per_person", "hours_per_client", "hunter_hours",
                   "hours_per_contact"})
RATES = frozenset({"conversion", "conversion_per_hour", "efficiency", "weight", "revenue_index"})


# Columns named after another column: mean_<column>, top_<column> (a table's own columns, as
# written), marginal_<kpi>[_per_person] (a marginal curve).
DERIVED = catalogue({
    "mean_": N_("mean {column}"),
    "top_": N_("most common {column}"),
    "marginal_": N_("marginal {column}"),
    "_per_person": N_("{column} per person"),
})


def heading(name: str) -> str:
    """The column's heading in words (the current language)."""
    name = str(name)
    if name in HEADINGS:
        return HEADINGS[name]
    if name.endswith("_per_person") and name != "_per_person":
        return DERIVED["_per_person"].format(column=heading(name[: -len("_per_person")]))
    for prefix in ("mean_", "top_", "marginal_"):
        rest = name[len(prefix):]
        if name.startswith(prefix) and rest:
            return DERIVED[prefix].format(column=HEADINGS[rest] if rest in HEADINGS else rest)
    return name.replace("_", " ")


LABELS = catalogue({"optimal_": N_("optimum: {kpi}"), "plan_": N_("plan: {kpi}")})
# Columns whose cells are ids of the tables above (a KPI, a Monte Carlo metric, a goal's target).
LABEL_COLUMNS = ("kpi", "metric", "target")


def label(name: str) -> str:
    """A row id of an analysis table in words (`optimal_profit` -> optimum: profit); an id
    with no words (a path, a scenario's name) stays as it is."""
    name = str(name)
    if name in HEADINGS:
        return HEADINGS[name]
    for prefix in LABELS:
        if name.startswith(prefix) and name[len(prefix):] in HEADINGS:
            return LABELS[prefix].format(kpi=HEADINGS[name[len(prefix):]])
    return name


def kind(name: str) -> str:
    """money, percent, count, hours, rate or number: how a column's numbers read."""
    base = str(name)
    for prefix in ("mean_", "plan_", "baseline_", "delta_"):
        if base.startswith(prefix) and base[len(prefix):] in MONEY | PERCENT | COUNTS | HOURS:
            base = base[len(prefix):]
    if base in MONEY:
        return "money"
    if base in PERCENT:
        return "percent"
    if base in COUNTS:
        return "count"
    if base in HOURS:
        return "hours"
    if base in RATES:
        return "rate"
    return "number"


__all__ = ["HEADINGS", "LABEL_COLUMNS", "heading", "kind", "label"]
