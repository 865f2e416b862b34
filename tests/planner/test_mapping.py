"""The column mapping: guessed from headers in any language and a sample, applied to the
`clients` block; the rule report: values per criterion, rules that match no client."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.errors import InputError
from planner.mapping import apply_mapping, guess_file, guess_mapping, header_score
from planner.rule_check import closest, rule_report
from planner.scenario_io import load_scenario, scenario_dir, scenario_from_data, scenario_to_data
from planner.segmentation import load_client_table
from tests.paths import ROOT

OWN = ROOT / "tests" / "fixtures" / "own_data"


def test_the_1c_export_is_mapped_from_its_russian_headers():
    guess = guess_file(OWN / "clients_1c.csv")
    assert guess.columns == {
        "id": "Код клиента", "name": "Клиент", "revenue": "Выручка за 12 мес., руб.",
        "margin": "Маржинальность", "manager": "Менеджер", "level": None, "lock": None,
    }
    assert set(guess.criterion_columns) == {"Регион", "Тип клиента", "Заказов за 12 мес.", "Стаж, лет",
                                            "Доля просрочки"}
    by_column = {s.column: s for s in guess.samples}
    assert by_column["Регион"].values[0] == "Самара" and not by_column["Регион"].numeric
    assert by_column["Выручка за 12 мес., руб."].numeric  # decimal commas read as numbers
    assert by_column["Код клиента"].distinct == 500


def test_headers_in_english_and_russian_and_values_decide():
    frame = pd.DataFrame({
        "Номер": ["1", "2", "3"], "Наименование": ["ООО А", "ООО Б", "ООО В"],
        "оборот": ["1 200,5", "300", "40"], "Рентабельность": ["12%", "20%", "5%"],
        "Ответственный": ["Иванов", "Петров", "Иванов"], "Уровень обслуживания": ["A", "B", "B"],
        "Закреплён": ["да", "нет", "нет"], "Регион": ["Москва", "Казань", "Москва"],
    })
    guess = guess_mapping(frame)
    assert guess.columns == {"id": "Номер", "name": "Наименование", "revenue": "оборот", "margin": "Рентабельность",
                             "manager": "Ответственный", "level": "Уровень обслуживания", "lock": "Закреплён"}
    assert guess.criterion_columns == ("Регион",)
    english = guess_mapping(pd.DataFrame({"Customer": ["a", "b"], "Sales": ["10", "20"], "Owner": ["x", "y"],
                                          "Account ID": ["7", "8"]}))
    assert english.columns["id"] == "Account ID" and english.columns["name"] == "Customer"
    assert english.columns["revenue"] == "Sales" and english.columns["manager"] == "Owner"
    # a text column is never the revenue; a numeric one never the manager
    odd = guess_mapping(pd.DataFrame({"Выручка": ["много", "мало"], "Менеджер": ["1", "2"]}))
    assert odd.columns["revenue"] is None and odd.columns["manager"] is None
    assert header_score("revenue", "Выручка за 12 мес., руб.") == 2 and header_score("revenue", "Заказов за 12 мес.") == 0


def test_without_a_header_match_the_largest_money_column_is_the_revenue():
    frame = pd.DataFrame({"k": ["a1", "a2"], "x": ["5", "7"], "y": ["150000", "98000,5"]})
    guess = guess_mapping(frame)
    assert guess.columns["id"] == "k" and guess.columns["revenue"] == "y"


def test_a_mapping_fills_and_clears_clients_keys_and_the_scenario_validates():
    scenario = load_scenario(OWN / "scenario.yaml")
    data = scenario_to_data(scenario)
    guess = guess_file(OWN / "clients_1c.csv")
    data["clients"] = apply_mapping({**data["clients"], "level_column": "gone"}, guess.columns)
    assert "level_column" not in data["clients"] and data["clients"]["name_column"] == "Клиент"
    mapped = scenario_from_data(data)
    table = load_client_table(mapped, OWN)
    raw = pd.read_csv(OWN / "clients_1c.csv", sep=";", encoding="cp1251", dtype=str)
    assert table.frame["name"].tolist() == raw["Клиент"].tolist()
    assert table.frame["current_level"].isna().all()


def test_a_name_or_level_column_that_is_not_in_the_table_names_its_field():
    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    data["clients"]["level_column"] = "Уровень"
    with pytest.raises(InputError) as err:
        load_client_table(scenario_from_data(data), OWN)
    assert err.value.problems[0].path == "clients.level_column"


def _with_rule(rule: dict, at: int = 0):
    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    data["clients"]["segmentation"]["rules"].insert(at, rule)
    return load_client_table(scenario_from_data(data), OWN)


def test_a_rule_in_latin_letters_names_the_cyrillic_values_that_exist():
    report = rule_report(_with_rule({"segment": "стройка", "when": {"регион": ["Samara"]}}))
    assert len(report.warnings) == 1
    problem = report.warnings[0]
    assert problem.path == "clients.segmentation.rules[0].when.регион"
    assert "'Samara'" in problem.message and "did you mean 'Самара'" in problem.message
    for city in ("Самара", "Казань", "Пенза"):
        assert city in problem.message
    values = report.values_of("регион")
    assert sum(values.values()) == 500 and list(values)[0] == max(values, key=values.get)
    assert report.rules[0].clients == 0 and report.rules[0].matching == 0
    assert sum(r.clients for r in report.rules) == 500  # the catch-all takes the rest


def test_a_rule_shadowed_by_the_rules_above_says_so():
    table = _with_rule({"segment": "стройка", "when": {"объём": "A"}}, at=1)
    report = rule_report(table)
    assert [r.problem.path for r in report.rules if r.problem] == ["clients.segmentation.rules[1]"]
    assert report.rules[1].matching == report.rules[0].clients > 0
    assert "rules above it take all" in report.warnings[0].message


def test_moscow_reads_like_moskva():
    assert closest("Moscow", ["Москва", "Казань"]) == "Москва"
    assert closest("Москва", ["Moscow", "SPb"]) == "Moscow"
    assert closest("Tokyo", ["Москва", "Казань"]) is None


def test_validate_warns_of_a_rule_that_matches_no_client(tmp_path):
    from typer.testing import CliRunner

    from planner.cli import app
    from planner.scenario_io import dumps_scenario

    import shutil

    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    data["clients"]["segmentation"]["rules"].insert(0, {"segment": "стройка", "when": {"регион": "Samara"}})
    moved = tmp_path / "scenario.yaml"
    shutil.copy(OWN / "clients_1c.csv", tmp_path / "clients_1c.csv")
    data["clients"]["file"] = "clients_1c.csv"
    moved.write_text(dumps_scenario(scenario_from_data(data)), encoding="utf-8")
    result = CliRunner().invoke(app, ["--lang", "en", "validate", str(moved)])
    assert result.exit_code == 0, result.output
    assert "clients.segmentation.rules[0].when.регион" in result.output
    assert "did you mean 'Самара'" in result.output and "no row of" not in result.output
