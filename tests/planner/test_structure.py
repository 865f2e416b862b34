"""Structural edits (planner/structure.py) give scenarios that validate, plan, and keep their
references: rules, today's allocation and people's names follow a renamed or deleted item."""

from __future__ import annotations

import pytest

from planner import structure
from planner.errors import InputError
from planner.optimise import plan_scenario
from planner.prepare import prepare_scenario
from planner.scenario_io import load_scenario, scenario_from_data, scenario_to_data
from tests.paths import ROOT

DEFAULT = ROOT / "scenarios" / "default.yaml"
EXAMPLE2 = ROOT / "tests" / "fixtures" / "example2.yaml"


def data_of(path):
    return scenario_to_data(load_scenario(path))


def test_new_ids_are_words_of_the_name_and_unique():
    assert structure.new_id("Key accounts", [], "segment") == "key_accounts"
    assert structure.new_id("Key accounts", ["key_accounts"], "segment") == "key_accounts_2"
    assert structure.new_id("Ключевые клиенты", [], "segment") == "ключевые_клиенты"
    assert structure.new_id("  !!! ", [], "segment") == "segment"


def test_added_segment_with_two_levels_and_a_person_plans_by_name():
    data = data_of(EXAMPLE2)
    sid = structure.add_segment(data, "Pilot clients", clients=12, margin=0.3)
    structure.add_level(data, sid, "Pilot visits", hours_per_client=2, revenue_per_client=9000)
    structure.add_level(data, sid, "Pilot mailings", hours_per_client=0, revenue_per_client=2000)
    group = data["team"]["managers"][0]["id"]
    before = len(structure.people_of(data["team"]["managers"][0]))
    pid = structure.add_person(data, group, "Olga Petrova")
    scen = scenario_from_data(data)
    seg = scen.segment(sid)
    assert (seg.name, [lv.name for lv in seg.levels]) == ("Pilot clients", ["Pilot visits", "Pilot mailings"])
    grp = scen.team.managers[0]
    assert pid in grp.person_names() and grp.person_label(pid) == "Olga Petrova"
    assert len(grp.person_names(grp.count)) == before + 1 or grp.decided
    plan = plan_scenario(scen)
    assert plan.ok
    served = plan.segments.set_index("segment").loc[sid]
    assert served["unserved"] < 12  # the new segment is worth serving: 9,000 x 0.3 for 2 hours


def test_renamed_segment_and_level_take_rules_and_current_along():
    data = data_of(DEFAULT)
    scen = scenario_from_data(data)
    sid = scen.segments[0].id
    lid = scen.segments[0].levels[0].id
    data.setdefault("current", {}).setdefault("levels", {})[sid] = {lid: 1}
    structure.rename_id(data, "segment", sid, "renamed_segment")
    structure.rename_id(data, "level", lid, "renamed_level", parent="renamed_segment")
    new = scenario_from_data(data)
    assert "renamed_segment" in new.table_segment_ids() and sid not in new.table_segment_ids()
    assert new.current.levels["renamed_segment"] == {"renamed_level": 1}
    prepared = prepare_scenario(new, DEFAULT.parent)
    old_prepared = prepare_scenario(scen, DEFAULT.parent)
    assert prepared.segment("renamed_segment").clients == old_prepared.segment(sid).clients


def test_deleted_segment_drops_its_rules_and_current():
    data = data_of(DEFAULT)
    sid = data["segments"][0]["id"]
    data.setdefault("current", {}).setdefault("levels", {})[sid] = {data["segments"][0]["levels"][0]["id"]: 1}
    structure.delete(data, "segment", sid)
    new = scenario_from_data(data)
    assert sid not in new.table_segment_ids()
    assert new.current is None or sid not in new.current.levels
    with pytest.raises(InputError):  # a rule naming a missing segment is what the schema refuses
        bad = data_of(DEFAULT)
        bad["segments"] = bad["segments"][1:]
        scenario_from_data(bad)


def test_renamed_group_keeps_its_peoples_names():
    data = data_of(DEFAULT)
    group = data["team"]["managers"][0]
    old_people = structure.people_of(group)
    structure.rename_id(data, "group", group["id"], "new_group_id")
    new = scenario_from_data(data)
    assert new.team.managers[0].person_names() == old_people


def test_people_added_and_deleted_keep_the_head_count_consistent():
    data = data_of(EXAMPLE2)
    for group in list(data["team"]["managers"]):
        gid = group["id"]
        pid = structure.add_person(data, gid, "New person")
        scenario_from_data(data)  # valid after adding
        structure.delete(data, "person", pid, parent=gid)
        scenario_from_data(data)  # and after deleting again
    structure.set_name(data, "person", structure.people_of(data["team"]["managers"][0])[0], "Anna K.",
                       parent=data["team"]["managers"][0]["id"])
    assert scenario_from_data(data).team.managers[0].people_names


def test_moves_reorder_and_clamp():
    data = data_of(EXAMPLE2)
    order = structure.ids(data, "segment")
    structure.move(data, "segment", order[0], +1)
    assert structure.ids(data, "segment")[:2] == [order[1], order[0]]
    structure.move(data, "segment", order[0], -5)
    assert structure.ids(data, "segment") == order
    assert scenario_from_data(data).segments[0].id == order[0]


def test_display_name_of_an_unknown_person_is_refused_with_its_place():
    data = data_of(EXAMPLE2)
    data["team"]["managers"][0]["people_names"] = {"nobody_here": "Nobody"}
    with pytest.raises(InputError) as info:
        scenario_from_data(data)
    assert any(p.path == "team.managers[0].people_names" for p in info.value.problems)
