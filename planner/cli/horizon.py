"""`planner solve FILE`'s summary of a scenario with a `horizon`: the year plan by period and the hiring
calendar in words; `--json` prints `HorizonPlan.to_json()` (PLANNER.md: `periods`, top-level KPIs
summed over the periods); `--out` writes its workbook (a sheet per period plus the calendar)."""

from __future__ import annotations

from rich.table import Table

from planner import formatting as fmt
from planner.cli.common import console, print_table, styled
from planner.headings import heading
from planner.horizon.calendar import label_words
from planner.i18n import N_, catalogue
from planner.solve import status_text
from planner.summary import objective_text

TEXT = catalogue({
    "headline": N_("{status}, {periods} periods, objective ({objective}) {value}"),
    "by_period": N_("By period"),
    "calendar": N_("Hiring calendar"),
    "total": N_("total"),
})


def print_horizon(plan) -> None:
    sc = plan.scenario
    headline = TEXT["headline"].format(status=status_text(plan.status), periods=len(plan.periods),
                                       objective=objective_text(sc.goal.objective),
                                       value=fmt.money(plan.objective, sc.currency))
    console.print(styled((sc.name, "bold"), f": {headline}"))
    t = Table(title=TEXT["by_period"], title_justify="left", show_edge=False)
    columns = ("period", "revenue", "profit", "headcount", "hires", "cuts", "manager_hours_used")
    for col in columns:
        t.add_column(heading(col), justify="left" if col == "period" else "right")
    for p in plan.periods:
        hires = float(p.groups["hires"].sum()) + p.hunters["hires"]
        cuts = float(p.groups["cuts"].sum()) + p.hunters["cuts"]
        t.add_row(label_words(p.label), fmt.money(p.kpis["revenue"], sc.currency), fmt.money(p.kpis["profit"], sc.currency),
                  fmt.count(p.kpis["headcount"]), fmt.count(hires), fmt.count(cuts),
                  fmt.number(p.kpis["manager_hours_used"], 1))
    k = plan.kpis
    t.add_row(TEXT["total"], fmt.money(k["revenue"], sc.currency), fmt.money(k["profit"], sc.currency),
              fmt.count(k["headcount"]), "", "", fmt.number(k["manager_hours_used"], 1))
    print_table(t)
    console.print(styled((TEXT["calendar"], "bold")))
    for line in plan.calendar_lines():
        console.print(f"  - {line}", soft_wrap=True)


__all__ = ["print_horizon"]
