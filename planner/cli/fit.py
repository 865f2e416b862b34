"""`planner fit FILE`: fit each segment's response curve and show the levels it generates."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from planner import formatting as fmt
from planner.cli.common import console, print_table, data_dir_option, handles_errors, print_json, styled, open_scenario
from planner.i18n import N_, catalogue
from planner.errors import InputError, Problem
from planner.prepare import check_table_files

if TYPE_CHECKING:  # scipy is imported only when `fit` runs, not for every command
    from planner.response import ResponseFit

# User-facing text of this command (English message ids; Russian in the catalogue).
TEXT = catalogue({
    "help": N_("Fit each segment's response curve (CALLPLAN/ADBUDG) and print the levels it generates."),
    "file": N_("Scenario file (YAML or JSON)."),
    "segment": N_("Only this segment."),
    "json": N_("Print one JSON object instead of tables."),
    "no_response": N_("no segment has a `response:` block to fit"),
    "unknown_segment": N_("segment '{segment}' has no `response:` block (segments with one: {known})"),
    "title": N_("Segment {segment}: response curve"),
    "curve": N_("r(h) = r0 + (rmax - r0) h^c / (d + h^c)"),
    "parameters": N_(
        "  r0 = {r0:,.2f}   rmax = {rmax:,.2f}   c = {c:.4g}   d = {d:.4g}   "
        "(half the gain at {half:.3g} h per client; {shape})"
    ),
    "judged_title": N_("Fit at the judged points"),
    "levels_title": N_("Generated levels (the optimiser's ordinary levels)"),
    "unserved": N_("  no contact: unserved revenue {r0:,.2f} per client"),
    "error": N_("  largest gap between levels and curve: {error:,.2f} per client (tolerance {tolerance:,.2f})"),
    "shape.concave": N_("concave"),
    "shape.s_shaped": N_("S-shaped"),
    "unlimited": N_("unlimited"),
    "today": N_("today"),
    "note": N_("note:"),
})
# Column headings of the terminal tables, by their English text.
COLUMNS = catalogue({name: name for name in (
    N_("judgment"), N_("hours/client"), N_("judged"), N_("fitted"), N_("error"), N_("error %"), N_("level"),
    N_("revenue/client"), N_("cost/client"), N_("extra revenue/hour"),
)})


def register(app: typer.Typer) -> None:
    app.command("fit", help=TEXT.msgid("help"))(fit)


@handles_errors
def fit(
    file: Path = typer.Argument(..., help=TEXT.msgid("file"), show_default=False),
    segment: str | None = typer.Option(None, "--segment", "-s", help=TEXT.msgid("segment")),
    as_json: bool = typer.Option(False, "--json", help=TEXT.msgid("json")),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Fit each segment's response curve and print the levels it generates."""
    from planner.response import scenario_fits, table_mean_revenue

    scenario, base_dir = open_scenario(file, data_dir)
    check_table_files(scenario, base_dir)
    with_response = [seg.id for seg in scenario.segments if seg.response is not None]
    if not with_response:
        raise InputError(Problem("segments", TEXT["no_response"]), str(file))
    if segment is not None and segment not in with_response:
        raise InputError(
            Problem("--segment", TEXT["unknown_segment"].format(segment=segment, known=", ".join(with_response))),
            str(file),
        )
    fits = scenario_fits(scenario, table_mean_revenue(scenario, base_dir), only=segment)
    if as_json:
        print_json({"segments": [f.to_dict() for f in fits.values()]})
        return
    for result in fits.values():
        _print_fit(result)


def _print_fit(result: "ResponseFit") -> None:
    curve = result.curve
    console.print(styled((TEXT["title"].format(segment=result.segment), "bold"), "  " + TEXT["curve"]))
    console.print(
        TEXT["parameters"].format(
            r0=curve.r0, rmax=curve.rmax, c=curve.c, d=curve.d, half=curve.half_hours, shape=TEXT[f"shape.{result.shape}"]
        )
    )
    judged = Table(title=TEXT["judged_title"], title_justify="left", show_edge=False, pad_edge=False)
    for col in ("judgment", "hours/client", "judged", "fitted", "error", "error %"):
        judged.add_column(COLUMNS[col], justify="left" if col == "judgment" else "right")
    for row in result.judged.itertuples(index=False):
        hours = TEXT["unlimited"] if math.isinf(row.hours_per_client) else fmt.formatted(row.hours_per_client, ".3g")
        judged.add_row(
            row.label, hours, fmt.number(row.judged_revenue, 2), fmt.number(row.fitted_revenue, 2),
            fmt.formatted(row.error, "+,.2f"), fmt.formatted(row.error_share, "+.2%"),
        )
    print_table(judged)
    levels = Table(title=TEXT["levels_title"], title_justify="left", show_edge=False, pad_edge=False)
    for col in ("level", "hours/client", "revenue/client", "cost/client", "extra revenue/hour", ""):
        levels.add_column(COLUMNS[col] if col else "", justify="left" if col in ("level", "") else "right")
    for row in result.levels.itertuples(index=False):
        levels.add_row(
            row.level, fmt.formatted(row.hours_per_client, ".4g"), fmt.number(row.revenue_per_client, 2),
            fmt.number(row.cost_per_client, 2), fmt.number(row.extra_revenue_per_hour, 2),
            TEXT["today"] if row.today else "",
        )
    print_table(levels)
    console.print(TEXT["unserved"].format(r0=result.unserved_revenue))
    console.print(TEXT["error"].format(error=result.max_error, tolerance=result.tolerance))
    for note in result.notes:
        console.print(styled("  ", (TEXT["note"], "yellow"), f" {note}"), soft_wrap=True)
    console.print()
