"""The own-data flow in the app (AppTest): a cp1251 table with Russian headers uploaded onto
the default scenario, its columns mapped (the library's guesses where they fit), the rule that
matches nothing named with the values that exist, the plan solved, the bundle downloaded and
opened in a new session: the same scenario, tables and variants, the same plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.bundle import read_bundle
from planner.mapping import guess_file
from planner.optimise import plan_scenario
from planner.recipes import without_variants
from tests.paths import ROOT
from tests.planner.ui.test_app import RecordingStorage, assert_clean, goto, served, start

TABLE = ROOT / "tests" / "fixtures" / "own_data" / "clients_1c.csv"
UPLOAD = "клиенты_1С.csv"
CRITERIA = {"product": "Тип клиента", "solvency": "Доля просрочки", "frequency": "Заказов за 12 мес.",
            "tenure": "Стаж, лет"}


def upload(at: AppTest) -> str:
    at.sidebar.file_uploader(key="side.upload_table").upload(UPLOAD, TABLE.read_bytes(), "text/csv")
    at.run()
    assert_clean(at)
    return at.session_state["mapping.pending"]["token"]


def map_and_apply(at: AppTest, token: str) -> None:
    for criterion, column in CRITERIA.items():
        at.selectbox(key=f"w.map.{token}.crit.{criterion}").set_value(column)
    at.button(key=f"w.map.{token}.apply").click().run()
    assert_clean(at)


def test_upload_waits_for_the_mapping_with_the_library_guesses():
    at = start()
    before = at.session_state["scenario"]
    token = upload(at)
    goto(at, "clients")
    assert at.session_state["scenario"] == before  # not used until its columns are mapped
    guess = guess_file(TABLE).columns
    for role in ("id", "revenue", "margin", "manager", "name"):
        assert at.selectbox(key=f"w.map.{token}.{role}").value == guess[role]
    assert guess["manager"] == "Менеджер" and guess["revenue"] == "Выручка за 12 мес., руб."
    # region reads like Регион in Latin letters; employees has no column here
    assert at.selectbox(key=f"w.map.{token}.crit.region").value == "Регион"
    assert at.selectbox(key=f"w.map.{token}.crit.size").value == "\u2014"
    assert not at.sidebar.error
    # removing the file drops the waiting mapping
    at.sidebar.file_uploader(key="side.upload_table").clear()
    at.run()
    goto(at, "clients")
    assert "mapping.pending" not in at.session_state
    assert all(not (sb.key or "").startswith(f"w.map.{token}") for sb in at.selectbox)


def test_a_missing_id_column_is_refused_once_on_the_page_and_leaves_with_the_file():
    at = start()
    token = upload(at)
    goto(at, "clients")
    at.selectbox(key=f"w.map.{token}.id").set_value("\u2014")
    at.button(key=f"w.map.{token}.apply").click().run()
    errors = [e.value for e in at.main.error]
    assert len(errors) == 1 and "Client id" in errors[0]
    assert not at.sidebar.error
    goto(at, "plan")
    assert not [e.value for e in at.main.error if "Client id" in e.value]  # only where it arose
    at.sidebar.file_uploader(key="side.upload_table").clear()
    at.run()
    goto(at, "clients")
    assert not at.main.error


def test_mapped_table_segments_warns_and_the_bundle_reopens_the_same_plan(monkeypatch):
    import streamlit.testing.v1.app_test as app_test

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingStorage)
    at = start()
    token = upload(at)
    goto(at, "clients")
    map_and_apply(at, token)
    scen = at.session_state["scenario"]
    assert scen.clients.file == UPLOAD and scen.clients.name_column == "Клиент"
    assert scen.clients.manager_column == "Менеджер"
    assert [c.id for c in scen.clients.segmentation.criteria if c.id == "size"] == []  # no column: dropped
    warnings = " ".join(w.value for w in at.main.warning)
    assert "no value 'Moscow' (values: Самара, Казань" in warnings  # the rule, its value and the values that exist
    assert "rules[5].when.region" in warnings
    profiles = next(d.value for d in at.main.dataframe if "share_of_clients" in d.value.columns)
    assert int(profiles["clients"].sum()) == 500
    # the table is kept with the scenario, by a relative name only
    assert not Path(scen.clients.file).is_absolute() and not Path(scen.prospects_data.file).is_absolute()

    goto(at, "whatif")
    at.button(key="whatif.new").click().run()
    assert_clean(at)
    goto(at, "plan")
    assert_clean(at)
    profit = next(m.value for m in at.main.metric if m.label.split(", ")[0] == "Profit")  # money cards: "Profit, RUB"
    # the baseline is read from the table's manager column, and the page says so
    assert at.session_state["plan.last_good"].plan.baseline.kind == "clients_table"
    assert any("Baseline (today's owners in the client table)" in c.value for c in at.main.caption)
    bundle = served(at.sidebar.get("download_button")[0])
    content = read_bundle(bundle)
    # the scenario with its variant's recipe, and the variant as a whole scenario beside it
    assert without_variants(content.scenario) == scen and UPLOAD in content.tables and len(content.variants) == 1
    assert [v.name for v in content.scenario.variants] == list(content.variants)
    assert content.variants[content.scenario.variants[0].name] == without_variants(content.scenario)  # no edits yet

    fresh = start()
    fresh.sidebar.file_uploader(key="side.upload_scenario").upload("bundle.zip", bundle, "application/zip")
    fresh.run()
    assert_clean(fresh)
    assert fresh.session_state["scenario"] == content.scenario
    assert [v.name for v in fresh.session_state["scenario"].variants] == list(content.variants)
    assert next(m.value for m in fresh.main.metric if m.label.split(", ")[0] == "Profit") == profit
    library = plan_scenario(scen, base_dir=Path(fresh.session_state["scenario.base_dir"]))
    assert library.kpis["profit"] == pytest.approx(at.session_state["plan.last_good"].plan.kpis["profit"])
    goto(fresh, "whatif")
    assert_clean(fresh)


def test_a_bundle_with_whole_scenario_variants_opens_them_as_recipes():
    """A bundle from `planner bundle` or another tool: variants as whole scenarios and no
    recipes. Each that differs by fields opens as a recipe giving that scenario; one with
    another list of groups is named as not opened, and the rest still opens."""
    from planner.bundle import bundle_bytes
    from planner.recipes import apply_recipe, edit
    from planner.scenario_io import load_scenario, scenario_from_data
    from models.variants import Variant

    base = load_scenario(ROOT / "scenarios" / "default.yaml")
    more = apply_recipe(base, Variant(name="m", edits=(edit("team.managers[*].hours", "scale", 1.1),)))
    data = base.model_dump(mode="json", exclude_unset=True)
    data["team"]["managers"] = data["team"]["managers"][:1]
    fewer = scenario_from_data(data)
    bundle = bundle_bytes(base, ROOT / "scenarios", {"longer weeks": more, "one group": fewer})
    at = start()
    at.sidebar.file_uploader(key="side.upload_scenario").upload("work.zip", bundle, "application/zip")
    at.run()
    assert_clean(at)
    scen = at.session_state["scenario"]
    assert [v.name for v in scen.variants] == ["longer weeks"]
    assert apply_recipe(scen, scen.variants[0]) == more
    notices = " ".join(s.value for s in at.sidebar.success) + " ".join(i.value for i in at.sidebar.info)
    assert "one group" in notices
