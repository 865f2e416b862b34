"""The year plan in the app (AppTest): the Goal page switches a horizon on, the Team page edits
the hiring fields, and the Year page shows the library's year plan of the same scenario."""

from __future__ import annotations

from planner.horizon.plan import plan_horizon
from planner.scenario_io import load_scenario
from planner.ui import fmt
from planner.ui.text import t
from tests.paths import ROOT, SCENARIOS
from tests.planner.ui.test_app import assert_clean, goto, metrics, start

YEAR = SCENARIOS / "year-plan.yaml"
EXAMPLE2 = ROOT / "tests" / "fixtures" / "example2.yaml"


def test_the_year_page_shows_the_library_year_plan():
    at = goto(start(YEAR), "year")
    assert_clean(at)
    year = plan_horizon(load_scenario(YEAR), base_dir=YEAR.parent)
    shown = metrics(at)
    assert shown[t("hz.total_profit")][0] == fmt.money(year.kpis["profit"], year.scenario)
    assert shown[t("hz.total_revenue")][0] == fmt.money(year.kpis["revenue"], year.scenario)
    text = "\n".join(m.value for m in at.main.markdown)
    for line in year.calendar_lines():
        assert line in text
    assert [s.value for s in at.main.subheader][:2] == [t("hz.headcount"), t("hz.moves")]


def test_a_year_plan_switched_on_and_edited():
    at = goto(start(EXAMPLE2), "year")
    assert_clean(at)
    assert at.main.info[0].value == t("hz.none")
    at = goto(at, "goal")
    at.toggle(key="w.hz.on").set_value(True).run()
    assert_clean(at)
    scen = at.session_state["scenario"]
    assert scen.horizon is not None and scen.horizon.periods == 12
    at.number_input(key="w.hz.periods").set_value(3).run()
    assert at.session_state["scenario"].horizon.periods == 3
    at = goto(at, "team")
    assert_clean(at)
    assert t("hz.team") in [s.value for s in at.main.subheader]
    at = goto(at, "year")
    assert_clean(at)
    assert t("hz.total_profit") in metrics(at)
