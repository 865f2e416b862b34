"""`planner sweep`, `planner marginal`, `planner montecarlo` and `planner compare`.

    planner sweep FILE --set PATH=V1,V2,... [--set ...] [--out CSV|XLSX] [--json]
    planner marginal FILE --group ID|hunters --counts 0..6 [--out CSV|XLSX] [--json]
    planner montecarlo FILE --samples N --seed S [--scheduler tcp://...] [--workers K] [--json]
    planner compare A B ... [--json]

Exit codes: 0 success; 1 when nothing could be planned (no combination or count has a plan,
the nominal scenario of a Monte Carlo has none, or a compared scenario has none: the table is
still printed); 2 bad input (a bad path, value, option or file). Progress goes to stderr, so
`--json` prints JSON only on stdout.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from planner import formatting as fmt
from planner.analysis.compare import DELTA_PREFIX
from planner.cli.common import EXIT_UNSOLVED, console, data_dir_option, solver_option, err_console, print_table, handles_errors, print_json, styled, open_scenario
from planner.errors import InputError, Problem
from planner.headings import HEADINGS, LABEL_COLUMNS, heading, label
from planner.i18n import N_, catalogue, ntr
from planner.solve import plan_exists, status_text

TEXT = catalogue({
    "sweep_help": N_("Solve the scenario for every combination of values: a KPI table, one row per combination."),
    "marginal_help": N_("Profit and KPIs against the head count of a group (or hunters): marginal value of each "
    "extra person and the flat maximum (counts within 1% of the best profit)."),
    "montecarlo_help": N_("Sample every {low, likely, high} estimate: distribution of the optimal profit, of the "
    "nominal plan's profit and its regret, chance of missing targets, tornado table."),
    "compare_help": N_("Solve several scenarios and show their KPIs side by side, with deltas against the first."),
    "sweep_title": N_("Sweep of {file}: {combinations}"),
    "marginal_title": N_("Marginal value of {target} in {file}"),
    "mc_title": N_("Monte Carlo of {file}: {samples}, seed {seed}, {execution}, {seconds:.1f} s"),
    "compare_title": N_("Compare (deltas against {base})"),
    "progress": N_("solving"),
    "written": N_("table written to {path}"),
    "none_solved": N_("no combination has a plan"),
    "flat": N_("best at {best} ({profit}); within {tol:.0%} of the best (the flat maximum): {lo}..{hi}"),
    "no_estimates": N_("the scenario has no {low, likely, high} estimates: every sample is the nominal plan"),
    "out_suffix": N_("write a .csv or .xlsx file, got '{suffix}'"),
    "workers": N_("must be a whole number >= 1"),
    "samples": N_("must be a whole number >= 1"),
    "counts": N_("head counts must be whole numbers >= 0, like 0..6 or 1,2,4"),
    "mc_summary": N_("Distribution (P10 / P50 / P90)"),
    "mc_targets": N_("Chance a target is missed"),
    "mc_tornado": N_("Which estimates move the profit most (one at a time, low -> high)"),
    "regret_kpi": N_("regret is measured on {kpi} (the goal's objective)"),
    "bad_solver": N_("unknown solver '{solver}': use highs or cbc"),
    "bad_time_limit": N_("must be a positive number of seconds"),
    "delta": N_("delta: {label}"),
    "yes": N_("yes"),
    "no": N_("no"),
})
HELP = catalogue({
    "file": N_("Scenario file (YAML or JSON)."),
    "set": N_("PATH=V1,V2,... e.g. team.hunters.max_count=0..4 or "
    "segments[key].levels[full].revenue_per_client=40000,50000. Repeat for a grid."),
    "out_table": N_("Write the table to a .csv or .xlsx file."),
    "json_table": N_("Print the table as JSON."),
    "sweep_workers": N_("Processes (default: every core; small sweeps run here)."),
    "scheduler": N_("Dask scheduler address, e.g. tcp://host:8786."),
    "solver": N_("highs (default) or cbc."),
    "time_limit": N_("Seconds each solve may take."),
    "group": N_("A manager group id, or 'hunters'."),
    "counts": N_("Head counts: 0..6, 1,2,4 or 0..12:2."),
    "out_curve": N_("Write the curve to a .csv or .xlsx file."),
    "json_curve": N_("Print the curve as JSON."),
    "marginal_workers": N_("Processes (default: every core; short curves run here)."),
    "samples": N_("Number of samples."),
    "seed": N_("Seed: the same seed gives the same result."),
    "workers": N_("Processes (default: every core)."),
    "no_reoptimise": N_("Only evaluate the nominal plan (fast)."),
    "no_tornado": N_("Skip the one-at-a-time swings (2 solves per estimate)."),
    "out_mc": N_("Write samples (.csv) or every table (.xlsx)."),
    "json_mc": N_("Print the result as JSON."),
    "files": N_("Two or more scenario files; deltas are against the first."),
})
# A marginal curve's count is the head count tried (planner.headings: people today).
COLUMNS = catalogue({"count": N_("head count")})

KPI_COLUMNS = ("profit", "revenue", "cost", "new_clients", "hunters", "headcount")


def register(app: typer.Typer) -> None:
    app.command("sweep", help=TEXT.msgid("sweep_help"))(sweep)
    app.command("marginal", help=TEXT.msgid("marginal_help"))(marginal)
    app.command("montecarlo", help=TEXT.msgid("montecarlo_help"))(montecarlo)
    app.command("compare", help=TEXT.msgid("compare_help"))(compare)


# ----- shared helpers -------------------------------------------------------------------------
def _execution(workers: int | None, scheduler: str | None):
    from planner.analysis.execution import Execution

    if workers is not None and workers < 1:
        raise InputError(Problem("--workers", TEXT["workers"]))
    return Execution(workers=workers, scheduler=scheduler)


def _options(solver: str, time_limit: float | None):
    from planner.analysis.solving import SolveOptions

    if solver not in ("highs", "cbc"):
        raise InputError(Problem("--solver", TEXT["bad_solver"].format(solver=solver)))
    if time_limit is not None and time_limit <= 0:
        raise InputError(Problem("--time-limit", TEXT["bad_time_limit"]))
    return SolveOptions(solver=solver, time_limit=time_limit)


def _check_out(out: Path | None) -> None:
    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(Problem("--out", TEXT["out_suffix"].format(suffix=out.suffix or out.name)))


def _write_tables(out: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """CSV: the first table; XLSX: one sheet per table. Written atomically, formula-safe."""
    from planner.fileio import write_atomic
    from planner.workbook import Sheet, csv_text, write_workbook

    if out.suffix.lower() == ".csv":
        write_atomic(out, csv_text(next(iter(sheets.values()))))
        return
    write_workbook(out, [Sheet(name, table) for name, table in sheets.items()])


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Cells a terminal table can show: dict values (ranges) as text."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: str(v) if isinstance(v, (dict, list, tuple)) else v)
    return out


def _run_with_progress(json_out: bool, run: Callable[[Callable[[int, int], None] | None], Any]) -> Any:
    """Run `run(progress)` under a rich progress bar on stderr (hidden when stderr is no terminal)."""
    columns = (TextColumn(TEXT["progress"]), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(TEXT["progress"], total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run(progress)


PEOPLE_COLUMNS = frozenset({"hunters", "headcount"})


def _fmt(value: Any, column: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, (bool, np.bool_)):
        return TEXT["yes"] if value else TEXT["no"]
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if column.removeprefix(DELTA_PREFIX) in PEOPLE_COLUMNS and value.is_integer():
            return fmt.number(value, 0, signed=column.startswith(DELTA_PREFIX))  # people are whole
        return fmt.number(value, 0 if abs(value) >= 100 else 2)
    if isinstance(value, (int, np.integer)):
        return fmt.number(value)
    if column == "status":
        return status_text(value)
    if column in LABEL_COLUMNS:
        return _label(str(value))
    return str(value)


def _label(name: str) -> str:
    """A column or row id in words: planner.headings, this module's table, else the id itself
    (paths, estimates and scenario names stay as written)."""
    if name in COLUMNS:
        return COLUMNS[name]
    if name.startswith(DELTA_PREFIX):
        return TEXT["delta"].format(label=name[len(DELTA_PREFIX):])
    if name.startswith(("marginal_", "mean_", "top_")) or name.endswith("_per_person"):
        return heading(name)  # a derived column: "marginal profit"
    return label(name)


def _rich_table(title: str, frame: pd.DataFrame, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for col in columns:
        numeric = pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])
        table.add_column(_label(str(col)), justify="right" if numeric else "left")
    for row in frame[columns].itertuples(index=False):
        table.add_row(*[_fmt(v, str(c)) for v, c in zip(row, columns)])
    return table


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()})
    return out


def _load(file: Path, data_dir: Path | None):
    scenario, folder = open_scenario(file, data_dir)
    return scenario, str(folder)


# ----- sweep ----------------------------------------------------------------------------------
@handles_errors
def sweep(
    file: Path = typer.Argument(..., help=HELP.msgid("file"), show_default=False),
    settings: list[str] = typer.Option(
        ..., "--set", help=HELP.msgid("set"), show_default=False
    ),
    out: Path | None = typer.Option(None, "--out", help=HELP.msgid("out_table")),
    json_out: bool = typer.Option(False, "--json", help=HELP.msgid("json_table")),
    workers: int | None = typer.Option(None, "--workers", help=HELP.msgid("sweep_workers")),
    scheduler: str | None = typer.Option(None, "--scheduler", help=HELP.msgid("scheduler")),
    solver: str = solver_option(HELP.msgid("solver")),
    time_limit: float | None = typer.Option(None, "--time-limit", help=HELP.msgid("time_limit")),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Solve the scenario for every combination of values: a KPI table, one row per combination."""
    from planner.analysis.paths import parse_assignment
    from planner.analysis.sweep import sweep as run_sweep

    _check_out(out)
    pairs = [parse_assignment(text) for text in settings]
    execution, options = _execution(workers, scheduler), _options(solver, time_limit)
    scenario, base_dir = _load(file, data_dir)
    table = _run_with_progress(
        json_out,
        lambda progress: run_sweep(scenario, pairs, base_dir=base_dir, options=options, execution=execution,
                                   progress=progress),
    )
    paths = [p for p, _ in pairs]
    if out is not None:
        _write_tables(out, {"sweep": table})
    if json_out:
        print_json({"file": str(file), "paths": paths, "rows": _records(table)})
    else:
        shown = _plain(table)
        combinations = ntr("{n} combination", "{n} combinations", len(table))
        print_table(_rich_table(TEXT["sweep_title"].format(file=file, combinations=combinations), shown,
                                  [*paths, "status", *KPI_COLUMNS]))
        failed = table[~table["status"].map(plan_exists)]
        for row in failed.to_dict(orient="records"):
            where = ", ".join(f"{p}={row[p]}" for p in paths)
            err_console.print(f"  {where}: {status_text(row['status'])} {row.get('message') or ''}", soft_wrap=True)
        if out is not None:
            console.print(TEXT["written"].format(path=out))
    if not table["status"].map(plan_exists).any():
        err_console.print(TEXT["none_solved"])
        raise typer.Exit(EXIT_UNSOLVED)


# ----- marginal -------------------------------------------------------------------------------
@handles_errors
def marginal(
    file: Path = typer.Argument(..., help=HELP.msgid("file"), show_default=False),
    group: str = typer.Option(..., "--group", help=HELP.msgid("group"), show_default=False),
    counts: str = typer.Option("0..6", "--counts", help=HELP.msgid("counts")),
    out: Path | None = typer.Option(None, "--out", help=HELP.msgid("out_curve")),
    json_out: bool = typer.Option(False, "--json", help=HELP.msgid("json_curve")),
    workers: int | None = typer.Option(None, "--workers", help=HELP.msgid("marginal_workers")),
    scheduler: str | None = typer.Option(None, "--scheduler", help=HELP.msgid("scheduler")),
    solver: str = solver_option(HELP.msgid("solver")),
    time_limit: float | None = typer.Option(None, "--time-limit", help=HELP.msgid("time_limit")),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Profit and KPIs against the head count of a group (or hunters): marginal value of each
    extra person and the flat maximum (counts within 1% of the best profit)."""
    from planner.analysis.marginal import marginal_curve
    from planner.analysis.paths import parse_values

    _check_out(out)
    values = parse_values(counts, "--counts")
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in values):
        raise InputError(Problem("--counts", TEXT["counts"]))
    execution, options = _execution(workers, scheduler), _options(solver, time_limit)
    scenario, base_dir = _load(file, data_dir)
    curve = _run_with_progress(
        json_out,
        lambda progress: marginal_curve(scenario, group, values, base_dir=base_dir, options=options,
                                        execution=execution, progress=progress),
    )
    if out is not None:
        _write_tables(out, {"curve": curve.table})
    if json_out:
        print_json({"file": str(file), **curve.to_json()})
    else:
        columns = ["count", "status", "profit", "marginal_profit", "revenue", "cost", "new_clients", "within_flat"]
        print_table(_rich_table(TEXT["marginal_title"].format(target=HEADINGS["hunters"] if group == "hunters" else group, file=file), curve.table, columns))
        if curve.best_count is not None:
            console.print(TEXT["flat"].format(best=curve.best_count, profit=fmt.money(curve.best_profit, scenario.currency),
                                              tol=curve.tolerance,
                                              lo=curve.flat_low, hi=curve.flat_high))
        if out is not None:
            console.print(TEXT["written"].format(path=out))
    if curve.best_count is None:
        err_console.print(TEXT["none_solved"])
        raise typer.Exit(EXIT_UNSOLVED)


# ----- Monte Carlo ----------------------------------------------------------------------------
@handles_errors
def montecarlo(
    file: Path = typer.Argument(..., help=HELP.msgid("file"), show_default=False),
    samples: int = typer.Option(200, "--samples", help=HELP.msgid("samples")),
    seed: int = typer.Option(0, "--seed", help=HELP.msgid("seed")),
    workers: int | None = typer.Option(None, "--workers", help=HELP.msgid("workers")),
    scheduler: str | None = typer.Option(None, "--scheduler", help=HELP.msgid("scheduler")),
    no_reoptimise: bool = typer.Option(False, "--no-reoptimise", help=HELP.msgid("no_reoptimise")),
    no_tornado: bool = typer.Option(False, "--no-tornado", help=HELP.msgid("no_tornado")),
    out: Path | None = typer.Option(None, "--out", help=HELP.msgid("out_mc")),
    json_out: bool = typer.Option(False, "--json", help=HELP.msgid("json_mc")),
    solver: str = solver_option(HELP.msgid("solver")),
    time_limit: float | None = typer.Option(None, "--time-limit", help=HELP.msgid("time_limit")),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Sample every {low, likely, high} estimate: distribution of the optimal profit, of the
    nominal plan's profit and its regret, chance of missing targets, tornado table."""
    from planner.analysis.montecarlo import monte_carlo

    _check_out(out)
    if samples < 1:
        raise InputError(Problem("--samples", TEXT["samples"]))
    execution, options = _execution(workers, scheduler), _options(solver, time_limit)
    scenario, base_dir = _load(file, data_dir)
    result = _run_with_progress(
        json_out,
        lambda progress: monte_carlo(scenario, samples=samples, seed=seed, base_dir=base_dir,
                                     reoptimise=not no_reoptimise, tornado=not no_tornado, options=options,
                                     execution=execution, progress=progress),
    )
    if out is not None:
        _write_tables(out, {"samples": result.samples.reset_index(), "summary": result.summary.reset_index(),
                            "targets": result.targets, "tornado": result.tornado, "estimates": result.estimates})
    if json_out:
        print_json({"file": str(file), **result.to_json()})
        return
    title = TEXT["mc_title"].format(file=file, samples=ntr("{n} sample", "{n} samples", samples), seed=seed,
                                    execution=result.execution, seconds=result.seconds)
    console.print(styled(title, "bold"))
    if not len(result.estimates):
        console.print(TEXT["no_estimates"])
    summary = result.summary.reset_index()
    print_table(_rich_table(TEXT["mc_summary"], summary, ["metric", "p10", "p50", "p90", "mean", "min", "max"]))
    if result.reoptimised:
        console.print(TEXT["regret_kpi"].format(kpi=_label(result.regret_kpi)))
        failed = int((~result.samples["status"].map(plan_exists)).sum())
        if failed:
            console.print(ntr("{n} sample had no re-optimised plan", "{n} samples had no re-optimised plan", failed))
    if len(result.targets):
        print_table(_rich_table(TEXT["mc_targets"], result.targets, list(result.targets.columns)))
    if len(result.tornado):
        top = result.tornado.head(12)
        cols = ["estimate", "low", "high", "optimal_low", "optimal_high", "swing", "plan_swing", "correlation"]
        if not result.reoptimised:
            cols = ["estimate", "low", "high", "plan_low", "plan_high", "plan_swing", "correlation"]
        print_table(_rich_table(TEXT["mc_tornado"], top, cols))
    if out is not None:
        console.print(TEXT["written"].format(path=out))


# ----- compare --------------------------------------------------------------------------------
@handles_errors
def compare(
    files: list[Path] = typer.Argument(..., help=HELP.msgid("files"),
                                       show_default=False),
    json_out: bool = typer.Option(False, "--json", help=HELP.msgid("json_table")),
    out: Path | None = typer.Option(None, "--out", help=HELP.msgid("out_table")),
    solver: str = solver_option(HELP.msgid("solver")),
    time_limit: float | None = typer.Option(None, "--time-limit", help=HELP.msgid("time_limit")),
    data_dir: Path | None = data_dir_option(),
) -> None:
    """Solve several scenarios and show their KPIs side by side, with deltas against the first."""
    from planner.analysis.compare import compare_scenarios

    _check_out(out)
    options = _options(solver, time_limit)
    items = []
    problems: list[Problem] = []
    for file in files:
        try:
            scenario, base_dir = _load(file, data_dir)
        except InputError as exc:
            problems.extend(Problem(f"{file}: {p.path}" if p.path else str(file), p.message) for p in exc.problems)
            continue
        items.append((scenario.name, scenario, base_dir))
    if problems:
        raise InputError(problems)
    table = compare_scenarios(items, options=options)
    if out is not None:
        _write_tables(out, {"compare": table.reset_index()})
    if json_out:
        print_json({"files": [str(f) for f in files], "base": table.attrs.get("base"),
                    "table": {kpi: {k: (None if isinstance(v, float) and math.isnan(v) else v)
                                    for k, v in row.items()} for kpi, row in table.iterrows()}})
    else:
        shown = table.reset_index()
        status_row = shown["kpi"] == "status"
        for col in shown.columns[1:]:
            shown[col] = shown[col].astype(object)
            shown.loc[status_row, col] = shown.loc[status_row, col].map(lambda v: status_text(v) if isinstance(v, str) else v)
            people = shown["kpi"].isin(PEOPLE_COLUMNS)  # whole people as whole numbers
            shown.loc[people, col] = shown.loc[people, col].map(
                lambda v: int(v) if isinstance(v, float) and v.is_integer() else v)
        print_table(_rich_table(TEXT["compare_title"].format(base=table.attrs.get("base")), shown, list(shown.columns)))
        if out is not None:
            console.print(TEXT["written"].format(path=out))
    statuses = table.loc["status"].iloc[: len(items)]
    failed = int((~statuses.map(plan_exists)).sum())
    if failed:
        err_console.print(ntr("{n} scenario has no plan", "{n} scenarios have no plan", failed))
        raise typer.Exit(EXIT_UNSOLVED)
