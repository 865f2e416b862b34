"""`planner books FILE --out BOOKS.xlsx|DIR [--json]`: every client of the table to a person."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from planner.books import Books, check_out_path, write_books
from planner.plan_books import books_for_scenario
from planner.cli.common import console, handles_errors, print_json
from planner.scenario_io import load_scenario, scenario_dir

TEXT = {
    "help": "Assign every client of the scenario's table to a person and a level, keeping "
    "relationships (minimal moves), and write the books.",
    "file": "Scenario file (YAML or JSON) with a `clients:` block.",
    "out": "BOOKS.xlsx (summary, people, a sheet per person, transfers) or a folder for CSV files.",
    "json": "Print the books as one JSON object on stdout.",
    "solver": "MIP solver: highs (default) or cbc.",
    "time_limit": "Solver time limit in seconds.",
    "headline": "[bold]{name}[/]: {clients:,} clients, {people} people; {moves:,} moves (minimum for the "
    "counts {minimum:,}), revenue changing hands {revenue:,.0f}",
    "changes": "kept {kept:,} · moved to another person {moved:,} · released to automation or not served "
    "{released:,} · new owner {new:,} · automated {automated:,} · not served {unserved:,}",
    "people_title": "People",
    "kpi_title": "Integer books against the plan",
    "conflicts": "[yellow]Locks and conflicts[/]",
    "repairs": "Rounding to whole clients (so nobody exceeds hours or max_clients):",
    "written": "[green]wrote[/] {path}",
}


def register(app: typer.Typer) -> None:
    app.command("books", help=TEXT["help"])(books)


@handles_errors
def books(
    file: Path = typer.Argument(..., help=TEXT["file"], show_default=False),
    out: Path | None = typer.Option(None, "--out", "-o", help=TEXT["out"], show_default=False),
    as_json: bool = typer.Option(False, "--json", help=TEXT["json"]),
    solver: str = typer.Option("highs", "--solver", help=TEXT["solver"]),
    time_limit: float | None = typer.Option(None, "--time-limit", help=TEXT["time_limit"], show_default=False),
) -> None:
    if out is not None:
        check_out_path(out)  # before the solve, not after
    scenario = load_scenario(file)
    result = books_for_scenario(scenario, scenario_dir(file), solver=solver, time_limit=time_limit)
    written = write_books(result, out, scenario.currency) if out is not None else []
    if as_json:
        print_json(result.to_json())
        return
    _print(scenario.name, result)
    for path in written:
        console.print(TEXT["written"].format(path=path))


def _print(name: str, result: Books) -> None:
    a = result.assignments
    change = a["change"].value_counts()
    console.print(TEXT["headline"].format(name=name, clients=len(a), people=len(result.people),
                                          moves=result.moves, minimum=result.minimal_moves,
                                          revenue=result.revenue_moved))
    console.print(TEXT["changes"].format(
        kept=int(change.get("kept", 0)), moved=int(change.get("moved", 0)),
        released=int(change.get("released", 0)), new=int(change.get("new", 0)),
        automated=int((a["person"].isna() & a["level"].notna()).sum()), unserved=int(a["level"].isna().sum())))
    table = Table(title=TEXT["people_title"], title_justify="left", show_edge=False, pad_edge=False)
    cols = ("person", "group", "clients", "hours", "capacity", "utilisation", "revenue", "kept", "gained", "lost")
    for col in cols:
        table.add_column(col, justify="left" if col in ("person", "group") else "right")
    for row in result.people.itertuples(index=False):
        table.add_row(row.person, row.group, f"{row.clients:,}", f"{row.hours:,.1f}", f"{row.capacity:,.0f}",
                      f"{row.utilisation:.0%}", f"{row.revenue:,.0f}", f"{row.kept:,}", f"{row.gained:,}",
                      f"{row.lost:,}")
    console.print(table)
    kpis = Table(title=TEXT["kpi_title"], title_justify="left", show_edge=False, pad_edge=False)
    for col in result.kpis.columns:
        kpis.add_column(col, justify="left" if col == "kpi" else "right")
    for row in result.kpis.itertuples(index=False):
        kpis.add_row(row[0], *(f"{v:,.1f}" for v in row[1:]))
    console.print(kpis)
    if len(result.repairs):
        console.print(TEXT["repairs"])
        for line in result.repairs["text"]:
            console.print(f"  - {line}", soft_wrap=True)
    if result.conflicts:
        console.print(TEXT["conflicts"])
        for line in result.conflicts:
            console.print(f"  - {line}", soft_wrap=True)
