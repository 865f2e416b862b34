"""`planner solve FILE [--json] [--out PLAN.xlsx|DIR] [--solver highs|cbc] [--time-limit S]`.

Exit 0 with a plan, 1 when there is none (the diagnosis is printed), 2 for bad input.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from planner import formatting as fmt
from planner.cli.common import EXIT_UNSOLVED, console, data_dir_option, solver_option, err_console, print_table, handles_errors, print_json, styled, open_scenario
from planner.economics import MONEY_KPIS
from planner.errors import InputError, Problem
from planner.headings import heading
from planner.i18n import N_, catalogue
from planner.solve import status_text
from planner.summary import objective_text

TEXT = catalogue({
    "help": N_("Solve a scenario: the optimal allocation, KPIs against the baseline, shadow prices."),
    "headline": N_("{status}, objective ({objective}) {value:,.2f}"),
    "kpis": N_("KPIs (plan vs baseline: {kind})"),
    "baseline.current": N_("current"),
    "baseline.even_spread": N_("even spread"),
    "baseline.clients_table": N_("today's owners in the client table"),
    "built": N_("Baseline: {text}"),
    "allocation": N_("Allocation (group, segment, level)"),
    "groups": N_("Utilisation"),
    "prospects": N_("Hunters: {h:g}, new clients by prospect segment"),
    "shadow": N_("What one more unit is worth"),
    "explain": N_("Why each level"),
    "violations": N_("The baseline breaks: {v}"),
    "written": N_("plan written to {path}"),
    "no_plan": N_("No plan ({status}): {message}"),
    "more_rows": N_("... and {n:,} more rows: see --out or --json"),
    "solver_note": N_("(solved by {solver})"),
    "automated": N_("(automated)"),
    "bad_solver": N_("unknown solver '{solver}': use highs or cbc"),
    "bad_time_limit": N_("must be a positive number of seconds"),
})
# Column headings of the terminal tables, by their English text.
COLUMNS = catalogue({name: name for name in (
    N_("KPI"), N_("plan"), N_("baseline"), N_("uplift"), N_("group"), N_("segment"), N_("level"), N_("clients"),
    N_("hours"), N_("head count"), N_("hours used"), N_("capacity"), N_("utilisation"), N_("clients/person"),
    N_("prospect segment"), N_("hunter hours"), N_("new clients"), N_("pool used"),
)})
HELP = catalogue({
    "file": N_("Scenario file (YAML or JSON)."),
    "json": N_("Print the plan as one JSON object."),
    "out": N_("Write the plan: PLAN.xlsx, or a folder of CSV files."),
    "solver": N_("highs (default) or cbc."),
    "time_limit": N_("Seconds the solver may take."),
})
PEOPLE_KPIS = frozenset({"hunters", "headcount"})
MAX_ROWS = 40  # a terminal summary, not the whole plan: exports hold everything


def register(app: typer.Typer) -> None:
    app.command("solve", help=TEXT.msgid("help"))(solve)


@handles_errors
def solve(
    file: Path = typer.Argument(..., help=HELP.msgid("file"), show_default=False),
    json_out: bool = typer.Option(False, "--json", help=HELP.msgid("json")),
    out: Path | None = typer.Option(None, "--out", help=HELP.msgid("out")),
    solver: str = solver_option(HELP.msgid("solver")),
    time_limit: float | None = typer.Option(None, "--time-limit", help=HELP.msgid("time_limit")),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Solve a scenario: the optimal allocation, KPIs against the baseline, shadow prices."""
    from planner.optimise import plan_scenario

    if solver not in ("highs", "cbc"):
        raise InputError(Problem("--solver", TEXT["bad_solver"].format(solver=solver)))
    if time_limit is not None and time_limit <= 0:
        raise InputError(Problem("--time-limit", TEXT["bad_time_limit"]))
    scenario, folder = open_scenario(file, data_dir)
    if scenario.horizon is not None:  # the year plan: its summary in planner/cli/horizon.py
        from planner.cli.horizon import print_horizon
        from planner.horizon.export import export_horizon
        from planner.horizon.plan import plan_horizon

        planner, export, summary = plan_horizon, export_horizon, print_horizon
    else:
        from planner.export import export_plan

        planner, export, summary = plan_scenario, export_plan, print_summary
    plan = planner(scenario, base_dir=folder, solver=solver, time_limit=time_limit, raise_on_failure=False)
    if out is not None and plan.ok:
        export(plan, out)
    if json_out:
        print_json(plan.to_json())
    elif plan.ok:
        summary(plan)
        if out is not None:
            console.print(TEXT["written"].format(path=out))
    if not plan.ok:
        err_console.print(TEXT["no_plan"].format(status=status_text(plan.status), message=plan.message), soft_wrap=True)
        raise typer.Exit(EXIT_UNSOLVED)


def _amount(kpi: str, value: float, currency: str | None, *, signed: bool = False) -> str:
    """A KPI's value: money with its currency, other numbers with 2 decimals below 100."""
    if kpi in MONEY_KPIS:
        return fmt.money(value, currency, 2 if signed else 0, signed=signed)
    if kpi in PEOPLE_KPIS and float(value).is_integer():
        return fmt.number(value, 0, signed=signed)  # people are whole
    return fmt.number(value, 2 if signed or abs(value) < 100 else 0, signed=signed)


def print_summary(plan) -> None:
    sc = plan.scenario
    headline = TEXT["headline"].format(status=status_text(plan.status), objective=objective_text(sc.goal.objective),
                                       value=plan.objective)
    console.print(styled((sc.name, "bold"), f": {headline} " + TEXT["solver_note"].format(solver=plan.solver)))
    base = plan.baseline
    t = Table(title=TEXT["kpis"].format(kind=TEXT[f"baseline.{base.kind}"]), title_justify="left", show_edge=False)
    for col in ("KPI", "plan", "baseline", "uplift"):
        t.add_column(COLUMNS[col], justify="left" if col == "KPI" else "right")
    for k, v in plan.kpis.items():
        b = base.kpis[k]
        t.add_row(heading(k), _amount(k, v, sc.currency), _amount(k, b, sc.currency),
                  _amount(k, v - b, sc.currency, signed=True))
    print_table(t)
    if base.description:
        console.print("  " + TEXT["built"].format(text=base.description), soft_wrap=True)
    if base.violations:
        console.print(styled("  ", (TEXT["violations"].format(v="; ".join(base.violations)), "yellow")), soft_wrap=True)

    a = Table(title=TEXT["allocation"], title_justify="left", show_edge=False)
    for col in ("group", "segment", "level", "clients", "hours"):
        a.add_column(COLUMNS[col], justify="right" if col in ("clients", "hours") else "left")
    rows = [(r.group, r.segment, r.level, fmt.number(r.clients, 2), fmt.number(r.hours, 1))
            for r in plan.allocations.itertuples(index=False)]
    sl = plan.segment_levels
    rows += [(TEXT["automated"], r.segment, r.level, fmt.number(r.clients, 2), fmt.number(0.0, 1))
             for r in sl[sl["automated"] & (sl["clients"] > 1e-9)].itertuples(index=False)]
    for row in rows[:MAX_ROWS]:
        a.add_row(*row)
    print_table(a)
    if len(rows) > MAX_ROWS:
        console.print(TEXT["more_rows"].format(n=len(rows) - MAX_ROWS))

    g = Table(title=TEXT["groups"], title_justify="left", show_edge=False)
    for col in ("group", "head count", "hours used", "capacity", "utilisation", "clients/person"):
        g.add_column(COLUMNS[col], justify="left" if col == "group" else "right")
    for r in plan.groups.itertuples(index=False):
        g.add_row(r.group, fmt.count(r.head_count), fmt.number(r.hours_used, 1), fmt.number(r.capacity),
                  fmt.percent(r.utilisation), fmt.number(r.clients_per_person, 1))
    print_table(g)

    if len(plan.prospects):
        p = Table(title=TEXT["prospects"].format(h=plan.kpis["hunters"]), title_justify="left", show_edge=False)
        for col in ("prospect segment", "hunter hours", "new clients", "pool used"):
            p.add_column(COLUMNS[col], justify="left" if col == "prospect segment" else "right")
        for r in plan.prospects.itertuples(index=False):
            p.add_row(r.prospect, fmt.number(r.hunter_hours, 1), fmt.number(r.new_clients, 2), fmt.percent(r.pool_used))
        print_table(p)

    if len(plan.shadow_prices):
        console.print(styled(TEXT["shadow"], "bold"))
        for text in plan.shadow_prices["text"]:
            console.print(f"  {text}", soft_wrap=True)
    if len(plan.explanations):
        console.print(styled(TEXT["explain"], "bold"))
        texts = list(plan.explanations["text"])
        for text in texts[:MAX_ROWS]:
            console.print(f"  {text}", soft_wrap=True)
        if len(texts) > MAX_ROWS:
            console.print(TEXT["more_rows"].format(n=len(texts) - MAX_ROWS))
