"""`planner segment FILE [--clients TABLE] [--json]`: profiles of the scenario's client segments.

The JSON (stdout, nothing else) is `{"segments": [{"segment", "clients", "share_of_clients",
"revenue", "share_of_revenue", "mean_revenue", "gross_margin", "margin_rate", "mean_<column>"...,
"top_<column>"...}], "unassigned": N}`; warnings go to stderr. Exit 2 on a bad scenario or table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from planner.cli.common import console, err_console, handles_errors, print_json
from planner.scenario_io import load_scenario, scenario_dir
from planner.segmentation import (
    UNASSIGNED,
    load_client_table,
    load_prospect_table,
    profiles_json,
    segment_profiles,
)

TEXT = {
    "title": "Segments of {file}: {clients:,} clients, revenue {revenue:,.0f}",
    "criteria_title": "Criteria by segment",
    "prospects_title": "Prospect segments of {file}: {n:,} prospects",
    "warning": "[yellow]warning[/] {problem}",
    "unassigned": "{n:,} clients match no rule: add a catch-all rule (a rule without `when`) to place them",
}


def register(app: typer.Typer) -> None:
    app.command("segment")(segment)


@handles_errors
def segment(
    file: Path = typer.Argument(..., help="Scenario file with a `clients` block.", show_default=False),
    clients: Path | None = typer.Option(
        None, "--clients", help="Client table to use instead of the scenario's clients.file.", show_default=False
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the profiles as one JSON object."),
) -> None:
    """Segment the scenario's client table and describe each segment (count, revenue, margin)."""
    scenario = load_scenario(file)
    base = scenario_dir(file)
    table = load_client_table(scenario, base, file=clients)
    profiles = segment_profiles(table)
    prospects = load_prospect_table(scenario, base) if clients is None else None
    for problem in (*table.warnings, *(prospects.warnings if prospects else ())):
        err_console.print(TEXT["warning"].format(problem=problem), soft_wrap=True)
    if as_json:
        print_json(profiles_json(profiles))
        return
    _print_profiles(table.file, profiles)
    if prospects is not None:
        _print_prospects(prospects.file, segment_profiles(prospects))


def _money(x: Any) -> str:
    return "-" if x is None or x != x else f"{x:,.0f}"


def _rate(x: Any) -> str:
    return "-" if x is None or x != x else f"{x:.1%}"


def _number(x: Any) -> str:
    return "-" if x is None or x != x else f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def _print_profiles(file: str, profiles: Any) -> None:
    title = TEXT["title"].format(file=file, clients=int(profiles["clients"].sum()), revenue=float(profiles["revenue"].sum()))
    main = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    headers = ("segment", "clients", "% clients", "revenue", "% revenue", "mean revenue", "gross margin", "margin")
    for h in headers:
        main.add_column(h, justify="left" if h == "segment" else "right")
    for seg, row in profiles.iterrows():
        if seg == UNASSIGNED and row["clients"] == 0:
            continue
        main.add_row(
            f"[dim]{seg}[/]" if seg == UNASSIGNED else str(seg),
            f"{int(row['clients']):,}",
            _rate(row["share_of_clients"]),
            _money(row["revenue"]),
            _rate(row["share_of_revenue"]),
            _money(row["mean_revenue"]),
            _money(row["gross_margin"]),
            _rate(row["margin_rate"]),
        )
    console.print(main)
    extra = [c for c in profiles.columns if c.startswith(("mean_", "top_")) and c != "mean_revenue"]
    if extra:
        crit = Table(title=TEXT["criteria_title"], title_justify="left", show_edge=False, pad_edge=False)
        crit.add_column("segment")
        for c in extra:
            crit.add_column(c, justify="right" if c.startswith("mean_") else "left")
        for seg, row in profiles.iterrows():
            if row["clients"] == 0:
                continue
            cells = []
            for c in extra:
                v = row[c]
                cells.append(_number(v) if c.startswith("mean_") else ", ".join(f"{k} {n}" for k, n in v.items()))
            crit.add_row(str(seg), *cells)
        console.print(crit)
    n_unassigned = int(profiles.loc[UNASSIGNED, "clients"])
    if n_unassigned:
        console.print(f"[yellow]{TEXT['unassigned'].format(n=n_unassigned)}[/]")


def _print_prospects(file: str, profiles: Any) -> None:
    table = Table(
        title=TEXT["prospects_title"].format(file=file, n=int(profiles["clients"].sum())),
        title_justify="left", show_edge=False, pad_edge=False,
    )
    for h in ("prospect segment", "prospects", "share"):
        table.add_column(h, justify="left" if h == "prospect segment" else "right")
    for seg, row in profiles.iterrows():
        if seg == UNASSIGNED and row["clients"] == 0:
            continue
        table.add_row(str(seg), f"{int(row['clients']):,}", _rate(row["share_of_clients"]))
    console.print(table)
