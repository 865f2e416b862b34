"""`planner fit FILE`: fit each segment's response curve and show the levels it generates."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from planner.cli.common import console, handles_errors, print_json
from planner.errors import InputError, Problem
from planner.prepare import check_table_files
from planner.scenario_io import load_scenario, scenario_dir

if TYPE_CHECKING:  # scipy is imported only when `fit` runs, not for every command
    from planner.response import ResponseFit

# User-facing text of this command (kept together for the Russian edition).
TEXT = {
    "help": "Fit each segment's response curve (CALLPLAN/ADBUDG) and print the levels it generates.",
    "file": "Scenario file (YAML or JSON).",
    "segment": "Only this segment.",
    "json": "Print one JSON object instead of tables.",
    "no_response": "no segment has a `response:` block to fit",
    "unknown_segment": "segment '{segment}' has no `response:` block (segments with one: {known})",
    "title": "Segment {segment}: response curve",
    "curve": "r(h) = r0 + (rmax - r0) h^c / (d + h^c)",
    "parameters": (
        "  r0 = {r0:,.2f}   rmax = {rmax:,.2f}   c = {c:.4g}   d = {d:.4g}   "
        "(half the gain at {half:.3g} h per client; {shape})"
    ),
    "judged_title": "Fit at the judged points",
    "levels_title": "Generated levels (the optimiser's ordinary levels)",
    "unserved": "  no contact: unserved revenue {r0:,.2f} per client",
    "error": "  largest gap between levels and curve: {error:,.2f} per client (tolerance {tolerance:,.2f})",
    "shape": {"concave": "concave", "s_shaped": "S-shaped"},
    "unlimited": "unlimited",
    "today": "today",
}


def register(app: typer.Typer) -> None:
    app.command("fit", help=TEXT["help"])(fit)


@handles_errors
def fit(
    file: Path = typer.Argument(..., help=TEXT["file"], show_default=False),
    segment: str | None = typer.Option(None, "--segment", "-s", help=TEXT["segment"]),
    as_json: bool = typer.Option(False, "--json", help=TEXT["json"]),
) -> None:
    """Fit each segment's response curve and print the levels it generates."""
    from planner.response import scenario_fits, table_mean_revenue

    scenario = load_scenario(file)
    base_dir = scenario_dir(file)
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
    console.print(f"[bold]{TEXT['title'].format(segment=result.segment)}[/]  {TEXT['curve']}")
    console.print(
        TEXT["parameters"].format(
            r0=curve.r0, rmax=curve.rmax, c=curve.c, d=curve.d, half=curve.half_hours, shape=TEXT["shape"][str(result.shape)]
        )
    )
    judged = Table(title=TEXT["judged_title"], title_justify="left", show_edge=False, pad_edge=False)
    for col in ("judgment", "hours/client", "judged", "fitted", "error", "error %"):
        judged.add_column(col, justify="left" if col == "judgment" else "right")
    for row in result.judged.itertuples(index=False):
        hours = TEXT["unlimited"] if math.isinf(row.hours_per_client) else f"{row.hours_per_client:.3g}"
        judged.add_row(
            row.label, hours, f"{row.judged_revenue:,.2f}", f"{row.fitted_revenue:,.2f}",
            f"{row.error:+,.2f}", f"{row.error_share:+.2%}",
        )
    console.print(judged)
    levels = Table(title=TEXT["levels_title"], title_justify="left", show_edge=False, pad_edge=False)
    for col in ("level", "hours/client", "revenue/client", "cost/client", "extra revenue/hour", ""):
        levels.add_column(col, justify="left" if col in ("level", "") else "right")
    for row in result.levels.itertuples(index=False):
        levels.add_row(
            row.level, f"{row.hours_per_client:.4g}", f"{row.revenue_per_client:,.2f}",
            f"{row.cost_per_client:,.2f}", f"{row.extra_revenue_per_hour:,.2f}",
            TEXT["today"] if row.today else "",
        )
    console.print(levels)
    console.print(TEXT["unserved"].format(r0=result.unserved_revenue))
    console.print(TEXT["error"].format(error=result.max_error, tolerance=result.tolerance))
    for note in result.notes:
        console.print(f"  [yellow]note[/] {note}", soft_wrap=True)
    console.print()
