"""A scenario in a few numbers: what `planner validate` and the app's start page show."""

from __future__ import annotations

from typing import Any

from models import HeadCount, Scenario
from planner.i18n import tr


def head_count_text(hc: HeadCount) -> str:
    """`3` for a fixed head count, `4 (3..6)` for a decided one, and a note when today's count
    lies outside the range the plan decides in (a what-if: `2 (0..1, today outside the range)`)."""
    if not hc.decided:
        return f"{hc.count}"
    if hc.today_outside_range:
        return tr("{count} ({lower}..{upper}, today outside the range)", count=hc.count, lower=hc.lower, upper=hc.upper)
    return f"{hc.count} ({hc.lower}..{hc.upper})"


def scenario_summary(scenario: Scenario) -> dict[str, Any]:
    """Segments, team and goal of a prepared scenario as plain rows (no formatting of money)."""
    table = scenario.priority_table
    segments = [
        {
            "segment": s.id,
            "name": s.name or s.id,
            "priority": s.priority or "B",
            "clients": int(s.clients or 0),
            "margin": float(s.margin or 0.0),
            "levels": ", ".join(
                f"{lv.id} ({lv.planned_hours:g} h)" for lv in s.levels
            ),
            "skill": s.required_skill,
            "service": s.service or table.get(s.priority or "B").service or "all",
        }
        for s in scenario.segments
    ]
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
    targets = [
        f"{name.replace('_', ' ')} {getattr(goal, name):,.0f}"
        for name in ("min_profit", "min_revenue", "min_new_clients", "max_cost")
        if getattr(goal, name) is not None
    ]
    lines = [
        f"Hunters: {head_count_text(h)}, {h.hours:,.0f} h each; prospect segments: "
        + (", ".join(p.id for p in scenario.prospects) or "none"),
        f"Goal: maximise {goal.objective.replace('_', ' ')}" + (f"; targets: {'; '.join(targets)}" if targets else ""),
    ]
    if scenario.team.max_headcount is not None:
        lines.append(f"Max head count: {scenario.team.max_headcount}")
    n_clients = sum(r["clients"] for r in segments)
    hours = sum(r["hours_total"] for r in groups)
    headline = (
        f"{len(segments)} segments, {n_clients:,} clients, {len(groups)} manager groups, "
        f"{hours:,.0f} manager hours per {scenario.period}"
    )
    return {"headline": headline, "segments": segments, "groups": groups, "lines": lines}
