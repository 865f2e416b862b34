"""Editing the scenario in the app as a user does (AppTest): add items by name and find them on
the plan by name, clear a target for good, set a range as three numbers, and never see a value
the scenario refused."""

from __future__ import annotations

from models import Range
from planner.optimise import plan_scenario
from tests.planner.ui.test_app import DEFAULT, assert_clean, goto, start


def _press(at, key: str):
    return at.button(key=key).click().run()


def _new_key(at, kind: str, field: str) -> str:
    added = at.session_state["items.added"] if "items.added" in at.session_state else 0
    return f"w.items.{kind}.new{added}.{field}"


def test_a_segment_with_two_levels_and_a_person_added_by_name_appear_on_the_plan_by_name():
    at = start()
    goto(at, "priorities")
    at.text_input(key=_new_key(at, "segment", "name")).set_value("Pilot clients").run()
    at.number_input(key=_new_key(at, "segment", "clients")).set_value(30.0).run()
    _press(at, _new_key(at, "segment", "add"))
    assert_clean(at)
    scen = at.session_state["scenario"]
    assert scen.segments[-1].name == "Pilot clients" and scen.segments[-1].id == "pilot_clients"

    at.selectbox(key="w.items.level.parent").set_value("Pilot clients (pilot_clients)").run()
    for name, hours, revenue in (("Pilot visits", 2.0, 90_000.0), ("Pilot mailings", 0.0, 20_000.0)):
        at.text_input(key=_new_key(at, "level", "name")).set_value(name).run()
        at.number_input(key=_new_key(at, "level", "hours")).set_value(hours).run()
        at.number_input(key=_new_key(at, "level", "revenue")).set_value(revenue).run()
        _press(at, _new_key(at, "level", "add"))
        assert_clean(at)
    seg = at.session_state["scenario"].segment("pilot_clients")
    assert [lv.name for lv in seg.levels] == ["Pilot visits", "Pilot mailings"]

    goto(at, "team")
    group = at.session_state["scenario"].team.managers[0]
    at.selectbox(key="w.items.person.parent").set_value(f"{group.name} ({group.id})").run()
    at.text_input(key=_new_key(at, "person", "name")).set_value("Olga Petrova").run()
    _press(at, _new_key(at, "person", "add"))
    assert_clean(at)
    edited = at.session_state["scenario"]
    grp = edited.team.managers[0]
    assert "olga_petrova" in grp.person_names() and grp.person_label("olga_petrova") == "Olga Petrova"

    goto(at, "plan")
    assert_clean(at)
    plan = plan_scenario(edited, base_dir=DEFAULT.parent)
    assert plan.ok
    tables = [df.value for df in at.dataframe]
    segments = next(t for t in tables if "segment" in t.columns and "coverage" in t.columns)
    assert "Pilot clients" in set(segments["segment"]) and "pilot_clients" not in set(segments["segment"])
    allocation = next(t for t in tables if {"group", "level", "hours_per_person"} <= set(t.columns))
    assert "Pilot visits" in set(allocation["level"])  # the plan serves the new level, shown by name
    groups = next(t for t in tables if "people" in t.columns)
    assert any("Olga Petrova" in people for people in groups["people"]) or grp.decided


def test_a_renamed_segment_keeps_its_table_rule_and_the_plan():
    at = start()
    goto(at, "priorities")
    scen = at.session_state["scenario"]
    first = scen.segments[0]
    suffix = f"None.{first.id}.{at.session_state['scenario.generation']}"
    at.text_input(key=f"w.items.segment.name.{suffix}").set_value("Top strategic clients").run()
    at.text_input(key=f"w.items.segment.id.{suffix}").set_value("top_strategic").run()
    _press(at, "w.items.segment.save")
    assert_clean(at)
    new = at.session_state["scenario"]
    assert new.segments[0].id == "top_strategic" and new.segments[0].name == "Top strategic clients"
    assert "top_strategic" in new.table_segment_ids()
    before = plan_scenario(scen, base_dir=DEFAULT.parent)
    after = plan_scenario(new, base_dir=DEFAULT.parent)
    assert after.kpis["profit"] == before.kpis["profit"]


def test_a_cleared_target_stays_cleared():
    at = start()
    goto(at, "goal")
    assert at.session_state["scenario"].goal.min_new_clients == 12
    _press(at, "w.goal.clear.min_new_clients")
    assert_clean(at)
    assert at.session_state["scenario"].goal.min_new_clients is None
    at.run()
    goto(at, "plan")
    goto(at, "goal")
    assert at.session_state["scenario"].goal.min_new_clients is None
    box = at.number_input(key="w.goal.min_new_clients")
    assert box.value is None
    box.set_value(20.0).run()  # and a new target can be set again
    assert at.session_state["scenario"].goal.min_new_clients == 20


def _range_keys(at, address: str) -> tuple[str, str, str]:
    edits = at.session_state["scenario.edits"] if "scenario.edits" in at.session_state else 0
    return tuple(f"w.ranges.{end}.{address}.{edits}" for end in ("low", "likely", "high"))


def test_a_range_is_edited_as_three_numbers_checked_together():
    at = start()
    goto(at, "priorities")
    place = "Strategic key accounts · Key-account programme · hours per client"
    at.selectbox(key="w.ranges.pick").set_value(place).run()
    low, likely, high = _range_keys(at, "level/key_strategic/programme/hours_per_client")
    at.number_input(key=likely).set_value(6.0).run()  # below low = 8: refused, with the reason
    _press(at, "w.ranges.apply")
    assert_clean(at)
    level = at.session_state["scenario"].segment("key_strategic").levels[0]
    assert level.hours_per_client == Range(low=8, likely=10, high=12)
    assert any("low ≤ likely ≤ high" in e.value for e in at.error)

    at.number_input(key=low).set_value(5.0).run()
    _press(at, "w.ranges.apply")
    assert_clean(at)
    level = at.session_state["scenario"].segment("key_strategic").levels[0]
    assert level.hours_per_client == Range(low=5, likely=6, high=12)


def test_a_grid_never_shows_a_refused_value():
    at = start()
    goto(at, "priorities")
    key = at.session_state["key.prio.levels"]
    # programme's hours are {8, 10, 12}: a likely of 6 is refused, and the grid shows 10 again
    at.session_state[key] = {"edited_rows": {0: {"hours_per_client": 6.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    assert at.session_state["scenario"].segment("key_strategic").levels[0].hours_per_client.likely == 10
    fresh = at.session_state["key.prio.levels"]
    assert fresh != key
    assert at.session_state["base." + fresh]["hours_per_client"].iloc[0] == 10
    assert any("low <= likely <= high" in e.value for e in at.error)
    assert not any("segments[" in e.value for e in at.error)  # the place is in words
