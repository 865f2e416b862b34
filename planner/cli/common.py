"""What every sub-command shares: the console, error handling and exit codes.

Exit codes: 0 success, 1 infeasible or unsolved (with the explanation), 2 bad input.
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any, Callable

import typer
from rich.console import Console
from rich.markup import escape

from planner.errors import InputError, PlannerError
from planner.i18n import N_, catalogue

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

EXIT_OK, EXIT_UNSOLVED, EXIT_BAD_INPUT = 0, 1, 2

TEXT = catalogue({"error": N_("Error"), "no_plan": N_("No plan")})


def handles_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the planner's own errors into a clear message and the contract's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            err_console.print(f"[bold red]{TEXT['error']}[/] {escape(exc.render())}", soft_wrap=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except PlannerError as exc:
            err_console.print(f"[bold red]{TEXT['no_plan']}[/] {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
