"""A scenario in a few numbers: what `planner validate` and the app's start page show."""

from __future__ import annotations

from typing import Any

from models import HeadCount, Scenario
from planner import economics
from planner.i18n import N_, catalogue, ngettext

TEXT = catalogue({
    "range": N_("{count} ({lower}..{upper})"),
    "range_outside": N_("{count} ({lower}..{upper}, today outside the range)"),
    "level": N_("{level} ({hours:g} h)"),
    "hunters": N_("Hunters: {head}, {hours:,.0f} h each; prospect segments: {prospects}"),
    "none": N_("none"),
    "goal": N_("Goal: maximise {objective}"),
    "targets": N_("; targets: {targets}"),
    "max_headcount": N_("Max head count: {n}"),
    "objective.profit": N_("profit"),
    "objective.revenue": N_("revenue"),
    "objective.new_clients": N_("new clients"),
    "objective.priority_first": N_("priority classes in order"),
    "min_profit": N_("profit at least {v:,.0f}"),
    "min_revenue": N_("revenue at least {v:,.0f}"),
    "min_new_clients": N_("new clients at least {v:,.0f}"),
    "max_cost": N_("cost at most {v:,.0f}"),
    "headline": N_("{segments}, {clients}, {groups}, {hours:,.0f} manager hours per {period}"),
    "period.week": N_("week"),
    "period.month": N_("month"),
    "period.quarter": N_("quarter"),
    "period.year": N_("year"),
})


def objective_text(objective: str) -> str:
    """The goal's objective in words (profit, revenue, new clients, priority classes in order)."""
    key = f"objective.{objective}"
    return TEXT[key] if key in TEXT else objective


def head_count_text(hc: HeadCount) -> str:
    """`3` for a fixed head count, `4 (3..6)` for a decided one, and a note when today's count
    lies outside the range the plan decides in (a what-if: `2 (0..1, today outside the range)`)."""
    if not hc.decided:
        return f"{hc.count}"
    key = "range_outside" if hc.today_outside_range else "range"
    return TEXT[key].format(count=hc.count, lower=hc.lower, upper=hc.upper)


def scenario_summary(scenario: Scenario) -> dict[str, Any]:
    """Segments, team and goal of a prepared scenario as plain rows (no formatting of money)."""
    table = scenario.priority_table
    segments = []
    for s in scenario.segments:
        policy = economics.segment_policy(table, s)
        segments.append({
            "segment": s.id,
            "name": s.name or s.id,
            "priority": policy.klass,
            "clients": int(s.clients or 0),
            "margin": float(s.margin or 0.0),
            "levels": ", ".join(TEXT["level"].format(level=lv.id, hours=lv.planned_hours) for lv in s.levels),
            "skill": s.required_skill,
            "service": policy.service,
        })
    groups = [
        {
            "group": g.id,
            "head_count": head_count_text(g),
            "hours": g.hours,
            "hours_total": g.hours * g.count,
            "skills": list(g.skills),
            "cost": g.cost_per_person,
        }
        for g in scenario.team.managers
    ]
    h = scenario.team.hunters
    goal = scenario.goal
    targets = [TEXT[t.field].format(v=value) for t, value in economics.goal_targets(goal)]
    goal_line = TEXT["goal"].format(objective=TEXT[f"objective.{goal.objective}"])
    if targets:
        goal_line += TEXT["targets"].format(targets="; ".join(targets))
    lines = [
        TEXT["hunters"].format(head=head_count_text(h), hours=h.hours,
                               prospects=", ".join(p.id for p in scenario.prospects) or TEXT["none"]),
        goal_line,
    ]
    if scenario.team.max_headcount is not None:
        lines.append(TEXT["max_headcount"].format(n=scenario.team.max_headcount))
    n_clients = sum(r["clients"] for r in segments)
    hours = sum(r["hours_total"] for r in groups)
    headline = TEXT["headline"].format(
        segments=ngettext("{n} segment", "{n} segments", len(segments)).format(n=len(segments)),
        clients=ngettext("{n:,} client", "{n:,} clients", n_clients).format(n=n_clients),
        groups=ngettext("{n} manager group", "{n} manager groups", len(groups)).format(n=len(groups)),
        hours=hours, period=TEXT[f"period.{scenario.period}"],
    )
    return {"headline": headline, "segments": segments, "groups": groups, "lines": lines}
