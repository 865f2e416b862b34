"""`planner validate FILE...`: check scenario files and print a one-screen summary of each."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from models import Scenario, scenario_warnings
from planner.cli.common import EXIT_BAD_INPUT, console, err_console
from planner.errors import InputError
from planner.prepare import prepare_scenario
from planner.scenario_io import load_scenario, scenario_dir
from planner.summary import scenario_summary


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)


def validate(
    files: list[Path] = typer.Argument(..., help="Scenario files (YAML or JSON).", show_default=False),
) -> None:
    """Check scenario files (schema, references, client tables) and summarise each."""
    failed = 0
    for file in files:
        try:
            scenario = load_scenario(file)
            prepared = prepare_scenario(scenario, scenario_dir(file))
        except InputError as exc:
            failed += 1
            located = exc if exc.source else InputError(exc.problems, str(file))
            err_console.print(f"[bold red]✗[/] {located.render()}", soft_wrap=True)
            continue
        _print_summary(str(file), prepared)
        warnings = list(scenario_warnings(prepared))
        if scenario.clients is not None or scenario.prospects_data is not None:
            from planner.segmentation import table_warnings

            warnings += [(w.path, w.message) for w in table_warnings(scenario, scenario_dir(file))]
        for path, message in warnings:
            console.print(f"  [yellow]warning[/] {escape(f'{path}: {message}' if path else message)}", soft_wrap=True)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _print_summary(file: str, scenario: Scenario) -> None:
    summary = scenario_summary(scenario)
    console.print(f"[bold green]✓[/] {escape(file)}: [bold]{escape(scenario.name)}[/]  ({summary['headline']})")
    seg = Table(title="Segments", title_justify="left", show_edge=False, pad_edge=False)
    for col in ("segment", "priority", "clients", "margin", "levels", "skill"):
        seg.add_column(col, justify="right" if col in ("clients", "margin") else "left")
    for row in summary["segments"]:
        seg.add_row(
            row["segment"], row["priority"], f"{row['clients']:,}", f"{row['margin']:.0%}",
            row["levels"], row["skill"] or "-",
        )
    console.print(seg)
    team = Table(title="Team", title_justify="left", show_edge=False, pad_edge=False)
    for col in ("group", "head count", "hours each", "hours total", "skills", "cost each"):
        team.add_column(col, justify="left" if col in ("group", "skills") else "right")
    for row in summary["groups"]:
        team.add_row(
            row["group"], row["head_count"], f"{row['hours']:,.0f}", f"{row['hours_total']:,.0f}",
            ", ".join(row["skills"]) or "any", f"{row['cost']:,.0f}",
        )
    console.print(team)
    for line in summary["lines"]:
        console.print(f"  {line}")
