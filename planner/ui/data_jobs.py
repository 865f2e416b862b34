"""The own-data pages' heavy work as plain functions of text, for the session's worker
(planner/ui/worker.py, as planner/ui/jobs.py): reading a table's sample, the rule check, the
books and the continuity trade-off. A user's mistake comes back as problems, never as an
exception; results pickle. No Streamlit here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import InputError, PlannerError, Problem
from planner.i18n import using
from planner.scenario_io import loads_scenario


def sample_job(path: str, options: dict[str, Any], lang: str) -> tuple[pd.DataFrame | None, tuple[Problem, ...]]:
    """Every column of a table as text (its first rows), for the mapping step."""
    from planner.mapping import read_sample

    with using(lang):
        try:
            return read_sample(Path(path), **options), ()
        except InputError as exc:
            return None, tuple(exc.problems)


def rule_report_job(yaml_text: str, base: str, lang: str) -> tuple[Any, tuple[Problem, ...]]:
    """What each criterion sees and the clients of each rule (planner.rule_check)."""
    from planner.rule_check import rule_report
    from planner.segmentation import load_client_table

    with using(lang):
        try:
            return rule_report(load_client_table(loads_scenario(yaml_text), Path(base))), ()
        except InputError as exc:
            return None, tuple(exc.problems)


def books_job(yaml_text: str, base: str, lang: str) -> tuple[Any, tuple[Problem, ...]]:
    """The books of a scenario (planner.plan_books), or the problems that stopped them."""
    from planner.plan_books import books_for_scenario

    with using(lang):
        try:
            return books_for_scenario(loads_scenario(yaml_text), Path(base)), ()
        except InputError as exc:
            return None, tuple(exc.problems)
        except PlannerError as exc:
            return None, (Problem("", str(exc)),)


def books_workbook_job(yaml_text: str, base: str, lang: str) -> tuple[bytes | None, tuple[Problem, ...]]:
    """The books workbook (planner.books.io) as bytes."""
    from planner.books import books_sheets
    from planner.workbook import workbook_bytes

    books, problems = books_job(yaml_text, base, lang)
    if books is None:
        return None, problems
    with using(lang):
        return workbook_bytes(books_sheets(books), loads_scenario(yaml_text).currency), ()


def tradeoff_job(yaml_text: str, base: str, prices: tuple[float, ...], lang: str) -> tuple[Any, tuple[Problem, ...]]:
    """The moves-vs-profit trade-off over `prices` (planner.plan_books.continuity_tradeoff)."""
    from planner.plan_books import continuity_tradeoff

    with using(lang):
        try:
            return continuity_tradeoff(loads_scenario(yaml_text), Path(base), list(prices)), ()
        except InputError as exc:
            return None, tuple(exc.problems)
        except PlannerError as exc:
            return None, (Problem("", str(exc)),)


__all__ = ["books_job", "books_workbook_job", "rule_report_job", "sample_job", "tradeoff_job"]
