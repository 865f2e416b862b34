"""`planner solve FILE [--json] [--out PLAN.xlsx|DIR] [--solver highs|cbc] [--time-limit S]`.

Exit 0 with a plan, 1 when there is none (the diagnosis is printed), 2 for bad input.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from planner.cli.common import EXIT_UNSOLVED, console, err_console, handles_errors, print_json
from planner.errors import InputError, Problem

TEXT = {
    "kpis": "KPIs (plan vs baseline: {kind})",
    "allocation": "Allocation (group, segment, level)",
    "groups": "Utilisation",
    "prospects": "Hunters: {h:g}, new clients by prospect segment",
    "shadow": "What one more unit is worth",
    "explain": "Why each level",
    "violations": "The baseline breaks: {v}",
    "written": "plan written to {path}",
    "no_plan": "No plan ({status}): {message}",
    "more_rows": "... and {n:,} more rows: see --out or --json",
    "solver_note": "(solved by {solver})",
}
MAX_ROWS = 40  # a terminal summary, not the whole plan: exports hold everything


def register(app: typer.Typer) -> None:
    app.command("solve")(solve)


@handles_errors
def solve(
    file: Path = typer.Argument(..., help="Scenario file (YAML or JSON).", show_default=False),
    json_out: bool = typer.Option(False, "--json", help="Print the plan as one JSON object."),
    out: Path | None = typer.Option(None, "--out", help="Write the plan: PLAN.xlsx, or a folder of CSV files."),
    solver: str = typer.Option("highs", "--solver", help="highs (default) or cbc."),
    time_limit: float | None = typer.Option(None, "--time-limit", help="Seconds the solver may take."),
) -> None:
    """Solve a scenario: the optimal allocation, KPIs against the baseline, shadow prices."""
    from planner.optimise import plan_scenario
    from planner.scenario_io import load_scenario, scenario_dir

    if solver not in ("highs", "cbc"):
        raise InputError(Problem("--solver", f"unknown solver '{solver}': use highs or cbc"))
    if time_limit is not None and time_limit <= 0:
        raise InputError(Problem("--time-limit", "must be a positive number of seconds"))
    scenario = load_scenario(file)
    plan = plan_scenario(scenario, base_dir=scenario_dir(file), solver=solver, time_limit=time_limit,
                         raise_on_failure=False)
    if out is not None and plan.ok:
        from planner.export import export_plan

        export_plan(plan, out)
    if json_out:
        print_json(plan.to_json())
    elif plan.ok:
        print_summary(plan)
        if out is not None:
            console.print(TEXT["written"].format(path=out))
    if not plan.ok:
        err_console.print(TEXT["no_plan"].format(status=plan.status, message=plan.message), soft_wrap=True)
        raise typer.Exit(EXIT_UNSOLVED)


def _money(x: float) -> str:
    return f"{x:,.0f}"


def print_summary(plan) -> None:
    sc = plan.scenario
    console.print(f"[bold]{sc.name}[/]: {plan.status}, objective ({sc.goal.objective}) {plan.objective:,.2f} "
                  + TEXT["solver_note"].format(solver=plan.solver))
    base = plan.baseline
    t = Table(title=TEXT["kpis"].format(kind=base.kind.replace("_", " ")), title_justify="left", show_edge=False)
    for col in ("KPI", "plan", "baseline", "uplift"):
        t.add_column(col, justify="left" if col == "KPI" else "right")
    for k, v in plan.kpis.items():
        b = base.kpis[k]
        t.add_row(k.replace("_", " "), _money(v) if abs(v) >= 100 else f"{v:,.2f}",
                  _money(b) if abs(b) >= 100 else f"{b:,.2f}", f"{v - b:+,.2f}")
    console.print(t)
    if base.violations:
        console.print("  [yellow]" + TEXT["violations"].format(v="; ".join(base.violations)) + "[/]", soft_wrap=True)

    a = Table(title=TEXT["allocation"], title_justify="left", show_edge=False)
    for col in ("group", "segment", "level", "clients", "hours"):
        a.add_column(col, justify="right" if col in ("clients", "hours") else "left")
    rows = [(r.group, r.segment, r.level, f"{r.clients:,.2f}", f"{r.hours:,.1f}")
            for r in plan.allocations.itertuples(index=False)]
    sl = plan.segment_levels
    rows += [("(automated)", r.segment, r.level, f"{r.clients:,.2f}", "0.0")
             for r in sl[sl["automated"] & (sl["clients"] > 1e-9)].itertuples(index=False)]
    for row in rows[:MAX_ROWS]:
        a.add_row(*row)
    console.print(a)
    if len(rows) > MAX_ROWS:
        console.print(TEXT["more_rows"].format(n=len(rows) - MAX_ROWS))

    g = Table(title=TEXT["groups"], title_justify="left", show_edge=False)
    for col in ("group", "head count", "hours used", "capacity", "utilisation", "clients/person"):
        g.add_column(col, justify="left" if col == "group" else "right")
    for r in plan.groups.itertuples(index=False):
        g.add_row(r.group, f"{r.head_count:g}", f"{r.hours_used:,.1f}", f"{r.capacity:,.0f}",
                  f"{r.utilisation:.0%}", f"{r.clients_per_person:,.1f}")
    console.print(g)

    if len(plan.prospects):
        p = Table(title=TEXT["prospects"].format(h=plan.kpis["hunters"]), title_justify="left", show_edge=False)
        for col in ("prospect segment", "hunter hours", "new clients", "pool used"):
            p.add_column(col, justify="left" if col == "prospect segment" else "right")
        for r in plan.prospects.itertuples(index=False):
            p.add_row(r.prospect, f"{r.hunter_hours:,.1f}", f"{r.new_clients:,.2f}", f"{r.pool_used:.0%}")
        console.print(p)

    if len(plan.shadow_prices):
        console.print(f"[bold]{TEXT['shadow']}[/]")
        for text in plan.shadow_prices["text"]:
            console.print(f"  {text}", soft_wrap=True)
    if len(plan.explanations):
        console.print(f"[bold]{TEXT['explain']}[/]")
        texts = list(plan.explanations["text"])
        for text in texts[:MAX_ROWS]:
            console.print(f"  {text}", soft_wrap=True)
        if len(texts) > MAX_ROWS:
            console.print(TEXT["more_rows"].format(n=len(texts) - MAX_ROWS))
