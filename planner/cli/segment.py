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

from planner import formatting as fmt
from planner.cli.common import console, data_dir_option, err_console, print_table, handles_errors, print_json, styled, open_scenario
from planner.i18n import N_, catalogue, ntr, tr
from planner.segmentation import (
    UNASSIGNED,
    load_client_table,
    load_prospect_table,
    profiles_json,
    segment_profiles,
)

TEXT = catalogue({
    "help": N_("Segment the scenario's client table and describe each segment (count, revenue, margin)."),
    "file": N_("Scenario file with a `clients` block."),
    "clients": N_("Client table to use instead of the scenario's clients.file."),
    "json": N_("Print the profiles as one JSON object."),
    "title": N_("Segments of {file}: {clients}, revenue {revenue}"),
    "criteria_title": N_("Criteria by segment"),
    "prospects_title": N_("Prospect segments of {file}: {prospects}"),
    "warning": N_("warning"),
})
# Column headings of the terminal tables, by their English text.
COLUMNS = catalogue({name: name for name in (
    N_("segment"), N_("clients"), N_("% clients"), N_("revenue"), N_("% revenue"), N_("mean revenue"),
    N_("gross margin"), N_("margin"), N_("prospect segment"), N_("prospects"), N_("share"),
)})


def _clients(n: int) -> str:
    return ntr("{n:,} client", "{n:,} clients", n)


def _unassigned(n: int) -> str:
    return ntr("{n:,} client matches no rule: add a catch-all rule (a rule without `when`) to place it",
               "{n:,} clients match no rule: add a catch-all rule (a rule without `when`) to place them", n)


def register(app: typer.Typer) -> None:
    app.command("segment", help=TEXT.msgid("help"))(segment)


@handles_errors
def segment(
    file: Path = typer.Argument(..., help=TEXT.msgid("file"), show_default=False),
    clients: Path | None = typer.Option(
        None, "--clients", help=TEXT.msgid("clients"), show_default=False
    ),
    as_json: bool = typer.Option(False, "--json", help=TEXT.msgid("json")),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Segment the scenario's client table and describe each segment (count, revenue, margin)."""
    scenario, base = open_scenario(file, data_dir)
    table = load_client_table(scenario, base, file=clients)
    profiles = segment_profiles(table)
    prospects = load_prospect_table(scenario, base) if clients is None else None
    for problem in (*table.warnings, *(prospects.warnings if prospects else ())):
        err_console.print(styled(TEXT["warning"], "yellow"), str(problem), soft_wrap=True)
    if as_json:
        print_json(profiles_json(profiles))
        return
    _print_profiles(table.file, profiles)
    if prospects is not None:
        _print_prospects(prospects.file, segment_profiles(prospects))


def _money(x: Any) -> str:
    return "-" if x is None or x != x else fmt.number(x)


def _rate(x: Any) -> str:
    return "-" if x is None or x != x else fmt.percent(x, 1)


def _number(x: Any) -> str:
    return "-" if x is None or x != x else fmt.formatted(x, ",.4g") if abs(x) < 1000 else fmt.number(x)


def _print_profiles(file: str, profiles: Any) -> None:
    title = TEXT["title"].format(file=file, clients=_clients(int(profiles["clients"].sum())),
                                 revenue=fmt.number(float(profiles["revenue"].sum())))
    main = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    headers = ("segment", "clients", "% clients", "revenue", "% revenue", "mean revenue", "gross margin", "margin")
    for h in headers:
        main.add_column(COLUMNS[h], justify="left" if h == "segment" else "right")
    for seg, row in profiles.iterrows():
        if seg == UNASSIGNED and row["clients"] == 0:
            continue
        main.add_row(
            styled(str(seg), "dim") if seg == UNASSIGNED else str(seg),
            fmt.count(int(row["clients"])),
            _rate(row["share_of_clients"]),
            _money(row["revenue"]),
            _rate(row["share_of_revenue"]),
            _money(row["mean_revenue"]),
            _money(row["gross_margin"]),
            _rate(row["margin_rate"]),
        )
    print_table(main)
    extra = [c for c in profiles.columns if c.startswith(("mean_", "top_")) and c != "mean_revenue"]
    if extra:
        crit = Table(title=TEXT["criteria_title"], title_justify="left", show_edge=False, pad_edge=False)
        crit.add_column(COLUMNS["segment"])
        for c in extra:
            name = tr("mean {column}", column=c[5:]) if c.startswith("mean_") else tr("most common {column}", column=c[4:])
            crit.add_column(name, justify="right" if c.startswith("mean_") else "left")
        for seg, row in profiles.iterrows():
            if row["clients"] == 0:
                continue
            cells = []
            for c in extra:
                v = row[c]
                cells.append(_number(v) if c.startswith("mean_") else ", ".join(f"{k} {fmt.count(n)}" for k, n in v.items()))
            crit.add_row(str(seg), *cells)
        print_table(crit)
    n_unassigned = int(profiles.loc[UNASSIGNED, "clients"])
    if n_unassigned:
        console.print(styled(_unassigned(n_unassigned), "yellow"))


def _print_prospects(file: str, profiles: Any) -> None:
    table = Table(
        title=TEXT["prospects_title"].format(
            file=file, prospects=ntr("{n:,} prospect", "{n:,} prospects", int(profiles["clients"].sum()))),
        title_justify="left", show_edge=False, pad_edge=False,
    )
    for h in ("prospect segment", "prospects", "share"):
        table.add_column(COLUMNS[h], justify="left" if h == "prospect segment" else "right")
    for seg, row in profiles.iterrows():
        if seg == UNASSIGNED and row["clients"] == 0:
            continue
        table.add_row(str(seg), fmt.count(int(row["clients"])), _rate(row["share_of_clients"]))
    print_table(table)
