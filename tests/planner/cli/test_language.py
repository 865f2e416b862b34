"""The command line in Russian: `--lang ru` and `PLANNER_LANG=ru` give Russian tables, numbers,
messages, help texts and workbooks; ids and field paths stay as they are; English is unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.i18n import gettext, using
from tests.paths import FIXTURES, ROOT

PLANNER = Path(sys.executable).with_name("planner")
DEFAULT = ROOT / "scenarios" / "default.yaml"
NBSP = "\u00a0"


def planner(*args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    """The real entry point in a process of its own (the user's command, word for word)."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    if lang is not None:
        env["PLANNER_LANG"] = lang
    cmd = [str(PLANNER), *args] if PLANNER.exists() else [sys.executable, "-m", "planner", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=180, env=env)


def invoke(*args: str, lang: str | None = None):
    """The same command in this process (faster; the language is reset after each test)."""
    env = {"COLUMNS": "200", "NO_COLOR": "1", **({"PLANNER_LANG": lang} if lang is not None else {})}
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture(scope="module")
def solved_ru() -> subprocess.CompletedProcess:
    return planner("--lang", "ru", "solve", str(DEFAULT))


def test_solve_prints_russian_tables_with_russian_numbers(solved_ru):
    assert solved_ru.returncode == 0, solved_ru.stderr
    out = solved_ru.stdout
    for words in ("оптимально, цель (прибыль)", "Показатели (план и сегодня: текущее распределение)",
                  "Распределение (группа, сегмент, уровень)", "Загрузка", "Сколько стоит ещё одна единица",
                  "Почему такой уровень", "выручка", "валовая маржа", "затраты", "прибыль", "численность"):
        assert words in out, words
    assert f"22{NBSP}396{NBSP}821,24" in out  # the objective: a space between thousands, a decimal comma
    assert f"134{NBSP}247{NBSP}477{NBSP}₽" in out  # money with the ruble sign
    assert f"100{NBSP}%" in out  # utilisation
    assert "ещё один час группы key_accounts стоит 1" in out  # an id stays as written
    for english in ("KPIs", "Allocation", "revenue", "gross margin", "head count", "per month", "RUB"):
        assert english not in out, english


def test_english_stays_english_without_a_language():
    result = invoke("solve", str(FIXTURES / "example1.yaml"), lang="en")
    assert result.exit_code == 0, result.output
    assert "KPIs (plan vs baseline: even spread)" in result.stdout
    assert "one more hour of anna is worth 357.14 per month" in result.stdout


def test_validate_in_russian_names_the_field_path_and_exits_2():
    result = invoke("validate", str(FIXTURES / "malformed" / "negative_hours.yaml"), lang="ru")
    assert result.exit_code == 2
    assert "segments[0].levels[0].hours_per_client: должно быть >= 0" in result.stderr
    result = invoke("validate", str(FIXTURES / "malformed" / "unknown_priority.yaml"), lang="ru")
    assert result.exit_code == 2
    assert "segments[0].priority: неизвестный класс приоритета 'Z' (известные: A, B, C, D)" in result.stderr


def test_validate_summary_in_russian_takes_plural_forms():
    result = invoke("--lang", "ru", "validate", str(DEFAULT))
    assert result.exit_code == 0, result.output
    assert f"10 сегментов, 3{NBSP}000 клиентов, 4 группы менеджеров" in result.stdout
    assert "Сегменты" in result.stdout and "Команда" in result.stdout


def test_a_bad_language_exits_2_with_a_message():
    result = invoke("--lang", "xx", "validate", str(DEFAULT))
    assert result.exit_code == 2 and "xx" in result.output and "en, ru" in result.output
    result = invoke("validate", str(DEFAULT), lang="klingon")
    assert result.exit_code == 2 and "PLANNER_LANG" in result.output and "en, ru" in result.output


def test_usage_errors_and_help_are_russian():
    missing = invoke("--lang", "ru", "solve")
    assert missing.exit_code == 2 and "Не указан аргумент" in missing.output
    shown = invoke("--lang", "ru", "solve", "--help")
    assert shown.exit_code == 0
    assert "Рассчитать сценарий" in shown.output and "Использование:" in shown.output
    assert "Параметры" in shown.output and "Show this message" not in shown.output


@pytest.mark.parametrize("command", ["solve", "books", "sweep", "marginal", "montecarlo", "compare"])
def test_help_shows_flags_without_a_value_and_the_solvers_by_name(command):
    shown = invoke(command, "--help")
    assert shown.exit_code == 0
    assert "<bool>" not in shown.output  # typer labels a flag with its type, as if it took a value
    assert "--json" in shown.output and "highs|cbc" in shown.output


def test_every_help_text_of_the_command_line_has_russian():
    import typer.main

    from planner.cli import app

    group = typer.main.get_command(app)
    missing = []
    with using("ru"):
        for cmd in [group, *group.commands.values()]:
            for text in [cmd.help, *(p.help for p in cmd.params if getattr(p, "help", None))]:
                if text and str(gettext(text)) == text:
                    missing.append(f"{cmd.name}: {text}")
    assert not missing, missing


def test_the_russian_workbooks_open_with_russian_sheet_names(tmp_path):
    from planner.books.text import TEXT as BOOKS
    from planner.export import SHEETS, TITLES

    plan = tmp_path / "план.xlsx"
    result = invoke("--lang", "ru", "solve", str(DEFAULT), "--out", str(plan))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(plan, read_only=True)
    with using("ru"):
        assert book.sheetnames == [TITLES[s] for s in SHEETS]
    assert book.sheetnames[:3] == ["Сводка", "Распределение", "Сегменты"]
    headings = next(book["Распределение"].iter_rows(max_row=1, values_only=True))
    assert headings == ("группа", "сегмент", "уровень обслуживания", "клиенты", "часы")
    books = tmp_path / "книги.xlsx"
    result = invoke("--lang", "ru", "books", str(ROOT / "scenarios" / "ru-distributor.yaml"), "--out", str(books))
    assert result.exit_code == 0, result.output
    names = openpyxl.load_workbook(books, read_only=True).sheetnames
    with using("ru"):
        assert {BOOKS["sheet_summary"], BOOKS["sheet_people"], BOOKS["sheet_transfers"]} <= set(names)
    assert "Сводка" in names and "Люди" in names and "Смирнова" in names and "Summary" not in names
