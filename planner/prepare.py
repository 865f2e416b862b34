"""Stage 2 of the pipeline: a loaded Scenario -> a plain Scenario the optimiser can use.

Client tables give segments their counts, margins and revenue per client (and prospect
segments their pools); response curves become ordinary levels. The result has every
`clients`, `margin` and `revenue_per_client` the model needs, so later stages never read files.
"""

from __future__ import annotations

from pathlib import Path

from models import Scenario
from planner.containment import contained_file
from planner.errors import InputError


def table_path(file: str, base_dir: Path | None, field: str = "clients.file") -> Path:
    """A table path from a scenario: a regular file inside its table folder (the scenario's
    folder or `--data-dir`), else an InputError naming `field` (planner/containment.py)."""
    return contained_file(file, base_dir, field=field)


def check_table_files(scenario: Scenario, base_dir: Path | None) -> None:
    """Every table the scenario names is a readable file in its folder (checked before any is
    read, every problem at once)."""
    problems = []
    for key, source in (("clients", scenario.clients), ("prospects_data", scenario.prospects_data)):
        if source is not None:
            try:
                table_path(source.file, base_dir, f"{key}.file")
            except InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)


def prepare_scenario(scenario: Scenario, base_dir: Path | None = None) -> Scenario:
    """Apply client tables and expand response curves; a plain scenario is returned as is."""
    check_table_files(scenario, base_dir)
    if scenario.clients is not None or scenario.prospects_data is not None:
        from planner.segmentation import apply_client_tables

        scenario = apply_client_tables(scenario, base_dir)
    if any(seg.response is not None for seg in scenario.segments):
        from planner.response import prepare_responses  # scipy: imported only when needed

        scenario = prepare_responses(scenario, base_dir)
    return scenario
