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


def test_an_infeasible_year_offers_every_way_out_one_click_each(tmp_path):
    """The Year page of a year plan with no plan shows the diagnosis card; applying the best way
    out (allow a fifth person) gives the year plan it promised."""
    from tests.planner.horizon.test_horizon_diagnose import SHORT

    path = tmp_path / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    at = goto(start(path), "year")
    assert_clean(at)
    assert at.main.error[0].value == t("plan.infeasible")
    text = "\n".join(m.value for m in at.main.markdown)
    assert "allow 5 (by 1)" in text and "lower it to 7,600" in text
    at.button(key="plan.apply_way.1").click().run()
    assert_clean(at)
    assert at.session_state["scenario"].team.managers[0].max_count == 5
    at = goto(at, "year")
    assert not at.main.error
    assert shown_profit(at) == fmt.money(28_500, at.session_state["scenario"])


def shown_profit(at) -> str:
    return metrics(at)[t("hz.total_profit")][0]
