"""The year plan's workbook (through `planner.workbook`, the one writer): the KPIs by period,
the team by period, the calendar (in words too), and one sheet per period with its allocation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.export import write_out
from planner.horizon.calendar import label_words
from planner.i18n import N_, catalogue
from planner.workbook import Sheet, workbook_bytes

TITLES = catalogue({
    "kpis": N_("KPIs by period"),
    "team": N_("Team by period"),
    "calendar": N_("Hiring calendar"),
    "in_words": N_("in words"),
    "hunters": N_("hunters"),
})


def horizon_tables(plan) -> dict[str, pd.DataFrame]:
    """Sheet key -> table: kpis, team, calendar, then period_<label> for every period."""
    team = []
    for p in plan.periods:
        groups = p.groups.assign(period=p.label)
        hunters = pd.DataFrame([{"group": TITLES["hunters"], "period": p.label,
                                 **{k: v for k, v in p.hunters.items() if k in groups.columns}}])
        team.append(pd.concat([groups, hunters], ignore_index=True))
    team_frame = pd.concat(team, ignore_index=True) if team else pd.DataFrame()
    if len(team_frame):
        team_frame = team_frame[["period", *[c for c in team_frame.columns if c != "period"]]]
    calendar = plan.calendar.copy()
    calendar[TITLES["in_words"]] = plan.calendar_lines() if len(calendar) else []
    tables = {"kpis": plan.kpi_table().reset_index(), "team": team_frame, "calendar": calendar}
    for p in plan.periods:
        tables[f"period_{p.label}"] = p.allocations
    return tables


def horizon_sheets(plan) -> list[Sheet]:
    sheets = []
    for key, frame in horizon_tables(plan).items():
        title = label_words(key[len("period_"):]) if key.startswith("period_") else TITLES[key]
        sheets.append(Sheet(title, frame, totals=key.startswith("period_")))
    return sheets


def horizon_workbook_bytes(plan) -> bytes:
    return workbook_bytes(horizon_sheets(plan), plan.scenario.currency)


def export_horizon(plan, out: Path | str) -> Path:
    """Write `PLAN.xlsx` or, for a path without a suffix, a folder of CSV files."""
    return write_out(out, lambda: horizon_sheets(plan), lambda: horizon_tables(plan), plan.scenario.currency)


__all__ = ["export_horizon", "horizon_sheets", "horizon_tables", "horizon_workbook_bytes"]
