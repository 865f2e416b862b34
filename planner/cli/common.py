"""What every sub-command shares: the console, error handling and exit codes.

Exit codes: 0 success, 1 infeasible or unsolved (with the explanation), 2 bad input.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import typer
from rich.console import Console
from rich.text import Text

from planner.containment import shown
from planner.errors import InputError, PlannerError, Problem
from planner.i18n import N_, catalogue

# No markup, no emoji codes, no highlighting: every string printed is shown as it is, so text from
# a file (`[/]`, `[bold red]x`, `:x:`) can neither crash the terminal output nor change it. Our own
# styles are `Text` spans (`styled`).
console = Console(highlight=False, markup=False, emoji=False)
err_console = Console(stderr=True, highlight=False, markup=False, emoji=False)

EXIT_OK, EXIT_UNSOLVED, EXIT_BAD_INPUT = 0, 1, 2

TEXT = catalogue({
    "error": N_("Error"),
    "no_plan": N_("No plan"),
    "data_dir": N_("Folder that the scenario's table paths are relative to (default: the scenario's own folder). "
                   "Every table must lie inside it."),
    "not_a_folder": N_("'{folder}' is not a folder"),
    "no_bundle": N_("bundle '{file}' not found"),
})


def handles_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the planner's own errors into a clear message and the contract's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            err_console.print(styled(TEXT["error"], "bold red"), exc.render(), soft_wrap=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except PlannerError as exc:
            err_console.print(styled(TEXT["no_plan"], "bold red"), str(exc), soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def data_dir_option() -> Any:
    """`--data-dir DIR`, the same on every command that reads a scenario's tables."""
    return typer.Option(None, "--data-dir", help=TEXT.msgid("data_dir"), show_default=False)


def solver_option(help_msgid: str) -> Any:
    """`--solver highs|cbc`, the same on every command that solves."""
    return typer.Option("highs", "--solver", help=help_msgid, metavar="highs|cbc")


def table_folder(file: Path, data_dir: Path | None) -> Path:
    """The folder a scenario's tables must lie in: `--data-dir`, else the scenario's folder."""
    from planner.scenario_io import scenario_dir

    if data_dir is None:
        return scenario_dir(file)
    if not data_dir.is_dir():
        raise InputError(Problem("--data-dir", TEXT["not_a_folder"].format(folder=shown(str(data_dir)))))
    return data_dir.resolve()


def open_scenario(file: Path, data_dir: Path | None) -> tuple[Any, Path]:
    """(Scenario, table folder) of a scenario file or a bundle (`*.zip`, planner.bundle). A
    bundle's tables are extracted to a temporary folder, removed when the command ends; its
    tables are its own, so `--data-dir` does not apply to it."""
    from planner.bundle import extract, is_bundle, read_bundle
    from planner.scenario_io import load_scenario

    if not is_bundle(file):
        return load_scenario(file), table_folder(file, data_dir)
    if not Path(file).is_file():
        raise InputError(Problem("", TEXT["no_bundle"].format(file=shown(Path(file).name))), str(file))
    bundle = read_bundle(file)
    folder = Path(tempfile.mkdtemp(prefix="planner-bundle-"))
    atexit.register(shutil.rmtree, folder, True)
    extract(bundle, folder)
    return bundle.scenario, folder


def styled(*parts: str | tuple[str, str]) -> Text:
    """Text with our own styles: `styled("Error", "bold red")` is one styled span;
    `styled(("x", "bold"), ": ", ...)` assembles several. User text inside stays plain text."""
    if len(parts) == 2 and all(isinstance(p, str) for p in parts):
        return Text(parts[0], style=parts[1])
    return Text.assemble(*parts)


HEADING_WORD = 16  # a heading's word up to this long is never split; a longer one (a path) folds


def print_table(table: Any) -> None:
    """Print a rich Table whole, in any terminal: a right-aligned (numeric) column is as wide as
    its longest cell and any other as its longest word, so that no number or name is cut
    ("22,180…", "account_man…"); headings and longer texts wrap. A table that cannot fit even
    so is printed at its natural width (the terminal wraps its lines) rather than losing
    columns."""
    from rich.measure import Measurement

    for column in table.columns:
        cells = [c.plain if isinstance(c, Text) else str(c) for c in column.cells]
        words = cells if column.justify == "right" else [w for cell in cells for w in cell.split()]
        header = column.header.plain if isinstance(column.header, Text) else str(column.header)
        longest_heading_word = max((len(w) for w in header.split()), default=0)
        column.min_width = max([len(w) for w in words] + [min(HEADING_WORD, longest_heading_word)])
        column.overflow = "fold"
    from rich.segment import Segment

    lines = Segment.split_lines(console.render(table, console.options))  # uncropped, as laid out
    if max((Segment.get_line_length(line) for line in lines), default=0) <= console.width:
        console.print(table)
        return
    # too wide for the terminal either way: at its natural width, with no cell wrapped
    terminal = console.width
    console.width = Measurement.get(console, console.options.update(width=10_000), table).maximum
    try:  # print() caps its width at the console's
        console.print(table, crop=False)
    finally:
        console.width = terminal


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
