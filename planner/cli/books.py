"""`planner books FILE --out BOOKS.xlsx|DIR [--json]`: every client of the table to a person."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from planner.books import Books, check_out_path, write_books
from planner.plan_books import books_for_scenario
from planner import formatting as fmt
from planner.cli.common import console, print_table, data_dir_option, solver_option, handles_errors, print_json, styled, open_scenario
from planner.errors import InputError, Problem
from planner.headings import heading
from planner.i18n import N_, catalogue, ntr

TEXT = catalogue({
    "help": N_("Assign every client of the scenario's table to a person and a level, keeping "
    "relationships (minimal moves), and write the books."),
    "file": N_("Scenario file (YAML or JSON) with a `clients:` block."),
    "out": N_("BOOKS.xlsx (summary, people, a sheet per person, transfers) or a folder for CSV files."),
    "json": N_("Print the books as one JSON object on stdout."),
    "solver": N_("MIP solver: highs (default) or cbc."),
    "time_limit": N_("Solver time limit in seconds."),
    "headline": N_("{clients}, {people}; {moves} (minimum for the counts {minimum:,}), revenue changing hands "
    "{revenue}"),
    "changes": N_("kept {kept:,} · moved to another person {moved:,} · released to automation or not served "
    "{released:,} · new owner {new:,} · automated {automated:,} · not served {unserved:,}"),
    "people_title": N_("People"),
    "kpi_title": N_("Integer books against the plan"),
    "conflicts": N_("Locks and conflicts"),
    "repairs": N_("Rounding to whole clients (so nobody exceeds hours or max_clients):"),
    "written": N_("wrote"),
    "continuity": N_("Keep today's owner unless moving a client earns more than this per client and period "
                     "(default: the scenario's clients.continuity_price)."),
    "idle": N_("Empty books: {people}"),
    "over": N_("Over their hours or max clients: {people}"),
    "bad_price": N_("must be a number >= 0"),
})


def register(app: typer.Typer) -> None:
    app.command("books", help=TEXT.msgid("help"))(books)


@handles_errors
def books(
    file: Path = typer.Argument(..., help=TEXT.msgid("file"), show_default=False),
    out: Path | None = typer.Option(None, "--out", "-o", help=TEXT.msgid("out"), show_default=False),
    as_json: bool = typer.Option(False, "--json", help=TEXT.msgid("json")),
    solver: str = solver_option(TEXT.msgid("solver")),
    time_limit: float | None = typer.Option(None, "--time-limit", help=TEXT.msgid("time_limit"), show_default=False),
    continuity_price: float | None = typer.Option(None, "--continuity-price", help=TEXT.msgid("continuity"),
                                                  show_default=False),
    data_dir: Path | None = data_dir_option(),
) -> None:
    if out is not None:
        check_out_path(out)  # before the solve, not after
    if continuity_price is not None and not (continuity_price >= 0 and continuity_price < float("inf")):
        raise InputError(Problem("--continuity-price", TEXT["bad_price"]))
    scenario, folder = open_scenario(file, data_dir)
    result = books_for_scenario(scenario, folder, solver=solver, time_limit=time_limit,
                                continuity_price=continuity_price)
    written = write_books(result, out, scenario.currency) if out is not None else []
    if as_json:
        print_json(result.to_json())
        return
    _print(scenario.name, result, scenario.currency)
    for path in written:
        console.print(styled(TEXT["written"], "green"), str(path))


def _print(name: str, result: Books, currency: str | None = None) -> None:
    a = result.assignments
    change = a["change"].value_counts()
    console.print(styled((name, "bold"), ": "), TEXT["headline"].format(
        clients=ntr("{n:,} client", "{n:,} clients", len(a)), people=ntr("{n} person", "{n} people", len(result.people)),
        moves=ntr("{n:,} move", "{n:,} moves", result.moves), minimum=result.minimal_moves,
        revenue=fmt.money(result.revenue_moved, currency)))
    console.print(TEXT["changes"].format(
        kept=int(change.get("kept", 0)), moved=int(change.get("moved", 0)),
        released=int(change.get("released", 0)), new=int(change.get("new", 0)),
        automated=int((a["person"].isna() & a["level"].notna()).sum()), unserved=int(a["level"].isna().sum())))
    table = Table(title=TEXT["people_title"], title_justify="left", show_edge=False, pad_edge=False)
    cols = ("person", "group", "clients", "hours", "capacity", "utilisation", "revenue", "kept", "gained", "lost")
    for col in cols:
        table.add_column(heading(col), justify="left" if col in ("person", "group") else "right")
    for row in result.people.itertuples(index=False):
        table.add_row(row.person, row.group, fmt.count(row.clients), fmt.number(row.hours, 1), fmt.number(row.capacity),
                      fmt.percent(row.utilisation), fmt.money(row.revenue, currency), fmt.count(row.kept),
                      fmt.count(row.gained), fmt.count(row.lost))
    print_table(table)
    kpis = Table(title=TEXT["kpi_title"], title_justify="left", show_edge=False, pad_edge=False)
    for col in result.kpis.columns:
        kpis.add_column(heading(col), justify="left" if col == "kpi" else "right")
    for row in result.kpis.itertuples(index=False):
        kpis.add_row(heading(row[0]), *(fmt.number(v, 1) for v in row[1:]))
    print_table(kpis)
    if result.idle:
        console.print(styled(TEXT["idle"].format(people=", ".join(result.idle)), "yellow"), soft_wrap=True)
    if result.over_hours:
        console.print(styled(TEXT["over"].format(people=", ".join(result.over_hours)), "yellow"), soft_wrap=True)
    if len(result.repairs):
        console.print(TEXT["repairs"])
        for line in result.repairs["text"]:
            console.print(f"  - {line}", soft_wrap=True)
    if result.conflicts:
        console.print(styled(TEXT["conflicts"], "yellow"))
        for line in result.conflicts:
            console.print(f"  - {line}", soft_wrap=True)
