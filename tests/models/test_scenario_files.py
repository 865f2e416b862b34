"""Scenario files: malformed inputs, exact round trips, atomic saves, the published schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models import Scenario, model_json_schema
from planner.errors import InputError
from planner.scenario_io import (
    dumps_scenario,
    load_scenario,
    loads_scenario,
    save_scenario,
    scenario_from_data,
)
from tests.conftest import FIXTURES, ROOT, examples, run_planner, validate_each

MALFORMED = FIXTURES / "malformed"

# file -> a piece of the message that names where the problem is
EXPECTED_PATHS = {
    "bad_yaml.yaml": "line 6, column 1",
    "wrong_type_clients.yaml": "segments[0].clients: must be a whole number",
    "negative_hours.yaml": "segments[0].levels[0].hours_per_client: must be >= 0",
    "unknown_key.yaml": "segments[0].levels[0].revenu: unknown key",
    "duplicate_segment_ids.yaml": "segments[1].id: duplicate id 'key'",
    "margin_too_high.yaml": "segments[0].margin: must be <= 1",
    "unknown_schema_version.yaml": "schema_version: version 7 is not supported",
    "min_count_above_max.yaml": "team.managers[0].min_count",
    "current_unknown_segment.yaml": "current.levels.ghost: unknown segment",
    "current_unknown_level.yaml": "current.levels.key.gold: unknown level",
    "clients_file_missing.yaml": "clients.file: 'data/does-not-exist.csv' not found",
    "missing_schema_version.yaml": "schema_version: missing",
    "not_a_mapping.yaml": "must be a mapping",
    "string_number.yaml": "segments[0].margin: must be a number, got '0.25'",
    "unknown_priority.yaml": "segments[0].priority: unknown priority class 'Z'",
    "bad_range.yaml": "segments[0].levels[0].hours_per_client: needs low <= likely <= high",
    "people_count_mismatch.yaml": "team.managers[0].people: lists 2 names for a count of 3",
    "missing_margin.yaml": "segments[0].margin: required",
    "duplicate_key.yaml": "duplicate key 'name'",
    "empty.yaml": "got empty",
    "bad_objective.yaml": "goal.objective: must be one of",
    "python_tag.yaml": "could not determine a constructor",
    "both_revenues.yaml": "segments[0].levels[0]: give revenue_per_client or revenue_index, not both",
}


def test_every_malformed_fixture_has_an_expectation():
    assert sorted(p.name for p in MALFORMED.glob("*.yaml")) == sorted(EXPECTED_PATHS)
    assert len(EXPECTED_PATHS) >= 15


@pytest.fixture(scope="module")
def malformed_run():
    return validate_each([MALFORMED / name for name in sorted(EXPECTED_PATHS)])


@pytest.mark.parametrize("name", sorted(EXPECTED_PATHS))
def test_malformed_file_exits_2_naming_the_place(name, malformed_run):
    result, parts = malformed_run
    assert result.returncode == 2, result.stdout + result.stderr
    assert EXPECTED_PATHS[name] in parts.get(name, ""), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_reports_every_problem_at_once():
    text = """
schema_version: 1
name: many problems
segments:
  - {id: a, clients: 10, margin: 0.3, levels: [{id: l, hours_per_client: 1, revenue_per_client: 5}]}
  - {id: a, clients: 10, margin: 0.3, priority: Q, levels: [{id: l, hours_per_client: 1, revenue_per_client: 5}]}
team:
  managers: [{id: g, count: 2, min_count: 3, hours: 10}]
"""
    with pytest.raises(InputError) as info:
        loads_scenario(text)
    paths = [p.path for p in info.value.problems]
    assert paths == ["segments[1].id", "segments[1].priority", "team.managers[0].min_count"]


def test_validate_accepts_good_files_and_summarises():
    result = run_planner("validate", str(FIXTURES / "example1.yaml"), str(FIXTURES / "example2.yaml"))
    assert result.returncode == 0, result.stderr
    assert "Worked example 1" in result.stdout and "Worked example 2" in result.stdout
    assert "key_account" in result.stdout  # skills are shown
    assert "0 (0..3)" in result.stdout  # hunters' head-count range


def test_validate_one_bad_file_among_good_ones_exits_2():
    result = run_planner("validate", str(FIXTURES / "example1.yaml"), str(MALFORMED / "margin_too_high.yaml"))
    assert result.returncode == 2
    assert "Worked example 1" in result.stdout


def test_defaults_of_the_contract():
    s = load_scenario(FIXTURES / "example2.yaml")
    anna = s.team.managers[0]
    assert (anna.count, anna.efficiency, anna.decided, anna.person_names()) == (1, 1.0, False, ("anna",))
    assert (s.team.hunters.count, s.team.hunters.lower, s.team.hunters.upper) == (0, 0, 3)
    assert s.goal.objective == "profit"
    assert s.segments[1].unserved_revenue == 1000
    table = s.priority_table
    assert table["A"].min_coverage == 0.8 and table["C"].service == "automated" and table["D"].service == "none"


def test_priorities_merge_field_by_field_with_the_defaults():
    s = loads_scenario(
        "schema_version: 1\nname: p\npriorities: {A: {weight: 2}, E: {service: none}}\n"
        "segments: [{id: a, clients: 1, margin: 0.1, priority: E, levels: [{id: l, hours_per_client: 1, revenue_per_client: 1}]}]\n"
    )
    assert s.priority_table["A"].min_coverage == 0.8 and s.priority_table["A"].weight == 2
    assert s.priority_table["E"].service == "none"


def test_group_people_names():
    s = loads_scenario(
        "schema_version: 1\nname: p\nsegments: [{id: a, clients: 1, margin: 0.1, levels: [{id: l, hours_per_client: 1, revenue_per_client: 1}]}]\n"
        "team: {managers: [{id: juniors, count: 2, max_count: 4, hours: 100, people: [olga, ivan, petr]}, {id: seniors, count: 2, hours: 100}]}\n"
    )
    juniors, seniors = s.team.managers
    assert juniors.person_names() == ("olga", "ivan", "petr", "juniors-4")
    assert seniors.person_names() == ("seniors-1", "seniors-2")


def test_hours_from_contacts():
    s = loads_scenario(
        "schema_version: 1\nname: p\nsegments: [{id: a, clients: 1, margin: 0.1, levels: [{id: l, channel: visit, contacts: 2, hours_per_contact: 1.5, revenue_per_client: 1, offer: [oils, filters]}]}]\n"
    )
    assert s.segments[0].levels[0].planned_hours == 3.0


def test_relative_table_paths_resolve_against_the_scenario_folder(tmp_path):
    from planner.prepare import table_path

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "c.csv").write_text("id\n1\n")
    assert table_path("data/c.csv", tmp_path) == (tmp_path / "data" / "c.csv").resolve()
    with pytest.raises(InputError, match="absolute path"):  # tests/planner/test_containment.py: the rest
        table_path("/abs/c.csv", tmp_path)


# ----- round trips -------------------------------------------------------------------------
ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def estimates(draw, lo=0.0, hi=1e6):
    value = draw(st.floats(min_value=lo, max_value=hi, allow_nan=False))
    if draw(st.booleans()):
        return value
    a, b, c = sorted([value, draw(st.floats(min_value=lo, max_value=hi)), draw(st.floats(min_value=lo, max_value=hi))])
    return {"low": a, "likely": b, "high": c}


@st.composite
def levels(draw, level_id):
    level = {"id": level_id, "hours_per_client": draw(estimates(0, 50)), "revenue_per_client": draw(estimates())}
    if draw(st.booleans()):
        level["cost_per_client"] = draw(money)
    if draw(st.booleans()):
        level["margin"] = draw(rates)
    if draw(st.booleans()):
        level["channel"] = draw(st.sampled_from(["visit", "call", "email", "event", "automated"]))
        level["offer"] = draw(st.lists(st.text(min_size=1, max_size=12).map(str.strip).filter(bool), max_size=3))
    return level


@st.composite
def scenarios(draw):
    seg_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    segments = []
    for sid in seg_ids:
        lids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
        seg = {
            "id": sid,
            "clients": draw(st.integers(0, 5000)),
            "margin": draw(rates),
            "levels": [draw(levels(lid)) for lid in lids],
        }
        if draw(st.booleans()):
            seg["priority"] = draw(st.sampled_from("ABCD"))
        if draw(st.booleans()):
            seg["unserved_revenue"] = draw(estimates())
        if draw(st.booleans()):
            seg["required_skill"] = draw(ids)
        segments.append(seg)
    groups = []
    for gid in draw(st.lists(ids, min_size=0, max_size=4, unique=True)):
        lo, count, hi = sorted(draw(st.lists(st.integers(0, 8), min_size=3, max_size=3)))
        g = {"id": f"g_{gid}", "hours": draw(st.floats(0, 200)), "count": count}
        if draw(st.booleans()):
            g.update(min_count=lo, max_count=hi)
        if draw(st.booleans()):
            g["skills"] = draw(st.lists(ids, max_size=3))
        if draw(st.booleans()):
            g["efficiency"] = draw(st.floats(0.1, 2))
        groups.append(g)
    doc = {
        "schema_version": 1,
        "name": draw(st.text(min_size=1, max_size=30).map(str.strip).filter(bool)),
        "goal": {"objective": draw(st.sampled_from(["profit", "revenue", "new_clients", "priority_first"]))},
        "segments": segments,
        "team": {"managers": groups, "hunters": {"count": 1, "max_count": 3, "hours": 150.0}},
    }
    if draw(st.booleans()):
        doc["goal"]["max_cost"] = draw(money)
    if draw(st.booleans()):
        doc["prospects"] = [
            {"id": "p1", "pool": draw(estimates(0, 500)), "conversion_per_hour": draw(estimates(0, 1)),
             "revenue_per_client": draw(estimates()), "margin": draw(rates)}
        ]
    return doc


@settings(max_examples=examples(60))
@given(scenarios())
def test_random_valid_scenarios_round_trip_exactly(doc):
    scenario = scenario_from_data(doc)
    assert loads_scenario(dumps_scenario(scenario)) == scenario
    # JSON is accepted too.
    assert loads_scenario(json.dumps(json.loads(scenario.model_dump_json(exclude_unset=True)))) == scenario


junk_leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=5))
junk = st.recursive(
    junk_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["schema_version", "name", "segments", "team", "id", "levels", "goal", "x"]), children, max_size=5),
    ),
    max_leaves=25,
)


@settings(max_examples=examples(200))
@given(junk)
@example({"schema_version": 1, "name": "x", "segments": [{"id": "s", "clients": 2**70}]})
@example({"schema_version": 1, "name": "x", "segments": [{"id": "s", "levels": [{"id": "l", "revenue_per_client": 10**400}]}]})
@example({"schema_version": 10**5000, "name": "x"})
def test_random_junk_raises_only_our_error(document):
    try:
        scenario_from_data(document)
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


def _answer(text: str) -> Scenario | InputError:
    """What the loader makes of a text: a Scenario, or the planner's own error (anything else
    propagates and fails the test)."""
    try:
        return loads_scenario(text)
    except InputError as exc:
        return exc


@settings(max_examples=examples(100))
@given(st.text(max_size=200))
@example("[" * 100_000)
@example("{a: " * 1_000)
@example("a: &x [*x]")
@example("a: !!int abc")
@example("a: 2001-13-45")
@example("a: " + "9" * 5_000)
@example('{"a": 1, "a": 2}')
@example("[" * 5_000 + "]" * 5_000)
def test_random_text_gets_a_scenario_or_a_located_input_error(text):
    answer = _answer(text)
    if isinstance(answer, Scenario):
        assert loads_scenario(dumps_scenario(answer)) == answer
        return
    assert answer.problems, "an InputError names at least one problem"
    assert all(p.message.strip() for p in answer.problems), answer.problems
    rendered = answer.render()
    assert answer.source == "<upload>" and rendered.startswith("<upload>: ")
    assert "Traceback" not in rendered
    # A message names the problem; it never echoes a large part of the document.
    assert len(rendered) < 1_000 + 2 * len(text[:200]), rendered[:300]


def test_file_round_trip_yaml_and_json(tmp_path):
    original = load_scenario(FIXTURES / "example2.yaml")
    for name in ("plan.yaml", "plan.json"):
        save_scenario(original, tmp_path / name)
        assert load_scenario(tmp_path / name) == original


def test_failed_save_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "scenario.yaml"
    original = load_scenario(FIXTURES / "example1.yaml")
    save_scenario(original, target)
    before = target.read_bytes()
    changed = load_scenario(FIXTURES / "example2.yaml")

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)  # fails after the temporary file was partly written
    with pytest.raises(OSError):
        save_scenario(changed, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.yaml"]  # no temporary left behind


def test_saved_yaml_is_plain_safe_yaml(tmp_path):
    save_scenario(load_scenario(FIXTURES / "example2.yaml"), tmp_path / "s.yaml")
    text = (tmp_path / "s.yaml").read_text()
    assert "!!" not in text
    assert yaml.safe_load(text)["schema_version"] == 1


def test_committed_json_schema_is_current():
    committed = json.loads((ROOT / "models" / "scenario.schema.json").read_text())
    assert committed == model_json_schema(), "run `make schema` and commit models/scenario.schema.json"


def test_scenario_is_frozen():
    s = load_scenario(FIXTURES / "example1.yaml")
    with pytest.raises(Exception):
        s.name = "changed"  # type: ignore[misc]
    assert isinstance(s, Scenario)


def test_saved_file_has_ordinary_permissions(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    save_scenario(load_scenario(FIXTURES / "example1.yaml"), tmp_path / "s.yaml")
    assert (tmp_path / "s.yaml").stat().st_mode & 0o777 == 0o666 & ~umask
