"""The shipped Russian scenario: a cp1251 client table with Russian headers, regions and names,
Russian ids and names, RUB, opens in Russian, validates and solves."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from planner.i18n import using
from planner.prepare import prepare_scenario
from planner.scenario_io import load_scenario, scenario_dir
from typer.testing import CliRunner

from planner.cli import app
from tests.paths import ROOT

runner = CliRunner()

SCENARIO = ROOT / "scenarios" / "ru-distributor.yaml"
TABLE = ROOT / "scenarios" / "data" / "ru-distributor-clients.csv"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_ru_data", ROOT / "scripts" / "generate_ru_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_table_byte_for_byte(tmp_path: Path):
    gen = _generator()
    assert gen.__doc__.lstrip().startswith("Generate the SYNTHETIC")
    (written,) = gen.generate(tmp_path)
    assert written.name == TABLE.name
    assert written.read_bytes() == TABLE.read_bytes(), "the table differs: re-run scripts/generate_ru_data.py"


def test_the_table_is_a_russian_excel_export():
    data = TABLE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # Windows-1251, not UTF-8
    text = data.decode("cp1251")
    header = text.split("\r\n", 1)[0].split(";")
    assert header == list(_generator().COLUMNS)
    assert "Выручка за 12 мес., руб." in header and "Регион" in header
    assert "Самара" in text and "ООО «" in text
    assert ";0,2" in text  # a decimal comma


def test_the_scenario_is_russian_and_opens_in_russian():
    scenario = load_scenario(SCENARIO)
    assert scenario.language == "ru" and scenario.currency == "RUB"
    assert all(any("а" <= ch <= "я" for ch in s.name.lower()) for s in scenario.segments)
    assert all(any("а" <= ch <= "я" for ch in lv.name.lower()) for s in scenario.segments for lv in s.levels)
    assert scenario.clients.encoding == "cp1251"


def test_the_table_segments_into_every_segment():
    scenario = prepare_scenario(load_scenario(SCENARIO), scenario_dir(SCENARIO))
    counts = {s.id: s.clients for s in scenario.segments}
    assert sum(counts.values()) == 1200
    assert all(n > 0 for n in counts.values()), counts
    assert counts["ключевые"] == 108


def test_validate_accepts_it_and_solve_prints_russian():
    validated = runner.invoke(app, ["validate", str(SCENARIO)])  # tests/scenarios/test_shipped.py: a process
    assert validated.exit_code == 0, validated.output
    assert "warning" not in validated.output
    solved = runner.invoke(app, ["--lang", "ru", "solve", str(SCENARIO)], env={"COLUMNS": "200"})
    assert solved.exit_code == 0, solved.output
    assert "оптимально" in solved.stdout and "₽" in solved.stdout and "ключевые_менеджеры" in solved.stdout
    data = json.loads(runner.invoke(app, ["--lang", "ru", "solve", str(SCENARIO), "--json"]).stdout)
    assert data["status"] == "optimal" and data["kpis"]["profit"] > data["baseline"]["kpis"]["profit"]


def test_the_plan_in_russian_reads_russian():
    from planner.optimise import plan_scenario

    with using("ru"):
        plan = plan_scenario(load_scenario(SCENARIO), base_dir=scenario_dir(SCENARIO))
        assert plan.ok
        texts = " ".join(plan.explanations["text"]) + " ".join(plan.shadow_prices["text"])
    assert "стоит" in texts and "за месяц" in texts
