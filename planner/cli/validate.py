"""`planner validate FILE...`: check scenario files and print a one-screen summary of each."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from models import Scenario, scenario_warnings
from planner import formatting as fmt
from planner.cli.common import EXIT_BAD_INPUT, console, data_dir_option, err_console, print_table, styled, open_scenario
from planner.errors import InputError
from planner.i18n import N_, catalogue
from planner.prepare import prepare_scenario
from planner.summary import scenario_summary

TEXT = catalogue({
    "help": N_("Check scenario files (schema, references, client tables) and summarise each."),
    "files": N_("Scenario files (YAML or JSON)."),
    "segments": N_("Segments"),
    "team": N_("Team"),
    "any": N_("any"),
    "warning": N_("warning"),
})
# Column headings of the terminal tables, by their English text.
COLUMNS = catalogue({name: name for name in (
    N_("segment"), N_("priority"), N_("clients"), N_("margin"), N_("levels"), N_("skill"),
    N_("group"), N_("head count"), N_("hours each"), N_("hours total"), N_("skills"), N_("cost each"),
)})


def register(app: typer.Typer) -> None:
    app.command("validate", help=TEXT.msgid("help"))(validate)


def validate(
    files: list[Path] = typer.Argument(..., help=TEXT.msgid("files"), show_default=False),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Check scenario files (schema, references, client tables) and summarise each."""
    failed = 0
    for file in files:
        try:
            scenario, folder = open_scenario(file, data_dir)
            prepared = prepare_scenario(scenario, folder)
        except InputError as exc:
            failed += 1
            located = exc if exc.source else InputError(exc.problems, str(file))
            err_console.print(styled("✗", "bold red"), located.render(), soft_wrap=True)
            continue
        _print_summary(str(file), prepared)
        warnings = list(scenario_warnings(prepared))
        if scenario.clients is not None or scenario.prospects_data is not None:
            from planner.segmentation import table_warnings

            warnings += [(w.path, w.message) for w in table_warnings(scenario, folder)]
        if scenario.clients is not None:
            from planner.rule_check import rule_report
            from planner.segmentation import load_client_table

            # a rule that matches no client, naming the values that exist ("Moscow" vs "Москва"):
            # it replaces the table's shorter warning at the same place
            better = {w.path: w.message for w in rule_report(load_client_table(scenario, folder)).warnings}
            warnings = [(path, better.pop(path, message)) for path, message in warnings] + list(better.items())
        for path, message in warnings:
            console.print(styled("  ", (TEXT["warning"], "yellow"), " " + (f"{path}: {message}" if path else message)), soft_wrap=True)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _print_summary(file: str, scenario: Scenario) -> None:
    summary = scenario_summary(scenario)
    console.print(styled(("✓", "bold green"), f" {file}: ", (scenario.name, "bold"), f"  ({summary['headline']})"))
    seg = Table(title=TEXT["segments"], title_justify="left", show_edge=False, pad_edge=False)
    for col in ("segment", "priority", "clients", "margin", "levels", "skill"):
        seg.add_column(COLUMNS[col], justify="right" if col in ("clients", "margin") else "left")
    for row in summary["segments"]:
        seg.add_row(
            row["segment"], row["priority"], fmt.count(row["clients"]), fmt.percent(row["margin"]),
            row["levels"], row["skill"] or "-",
        )
    print_table(seg)
    team = Table(title=TEXT["team"], title_justify="left", show_edge=False, pad_edge=False)
    for col in ("group", "head count", "hours each", "hours total", "skills", "cost each"):
        team.add_column(COLUMNS[col], justify="left" if col in ("group", "skills") else "right")
    for row in summary["groups"]:
        team.add_row(
            row["group"], row["head_count"], fmt.number(row["hours"]), fmt.number(row["hours_total"]),
            ", ".join(row["skills"]) or TEXT["any"], fmt.money(row["cost"], scenario.currency),
        )
    print_table(team)
    for line in summary["lines"]:
        console.print(f"  {line}")
