"""The Plan page says which baseline it compares with and how it was built, and flags the
people whose books are empty or over their hours (AppTest, the 500-client 1C scenario, which
says `language: ru`, so the page speaks Russian)."""

from __future__ import annotations

from planner.plan_books import books_for_scenario
from planner.scenario_io import load_scenario
from tests.paths import ROOT
from tests.planner.ui.test_app import assert_clean, start

OWN = ROOT / "tests" / "fixtures" / "own_data"


def test_the_plan_page_names_the_baseline_and_the_idle_people():
    at = start(OWN / "scenario.yaml")
    assert_clean(at)
    captions = [c.value for c in at.main.caption]
    assert any(c.startswith("Исходный план (сегодняшние менеджеры из таблицы клиентов): сегодняшние менеджеры из "
                            "столбца «Менеджер»") for c in captions), captions
    idle = books_for_scenario(load_scenario(OWN / "scenario.yaml"), OWN).idle
    assert idle
    assert not [w for w in at.main.warning if w.value.startswith("Нет клиентов")]  # built when asked
    at.button(key="plan.check_books").click().run()
    assert_clean(at)
    warnings = [w.value for w in at.main.warning]
    assert any(w.startswith("Нет клиентов") and all(p in w for p in idle) for w in warnings), warnings
