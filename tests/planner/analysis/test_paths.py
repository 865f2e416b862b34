"""Dotted id paths into a Scenario: reading, editing (a new validated Scenario), errors by path."""

from __future__ import annotations

import pytest

from models import Range
from planner.analysis.paths import (
    Step,
    fix_head_count,
    get_path,
    parse_assignment,
    parse_path,
    parse_values,
    set_path,
    set_paths,
    split_values,
)
from planner.errors import InputError
from planner.scenario_io import dumps_scenario, load_scenario, loads_scenario
from tests.conftest import FIXTURES

RANGED = FIXTURES / "analysis" / "ranged.yaml"


@pytest.fixture(scope="module")
def ranged():
    return load_scenario(RANGED)


@pytest.fixture(scope="module")
def example2():
    return load_scenario(FIXTURES / "example2.yaml")


def problem_of(exc_info) -> tuple[str, str]:
    (problem,) = exc_info.value.problems
    return problem.path, problem.message


def test_parse_path_reads_ids_in_brackets_including_dots():
    assert parse_path("segments[key].levels[full].revenue_per_client") == (
        Step("segments", "key"), Step("levels", "full"), Step("revenue_per_client"),
    )
    assert parse_path("segments[a.b].clients") == (Step("segments", "a.b"), Step("clients"))
    assert parse_path(" goal.max_cost ") == (Step("goal"), Step("max_cost"))


@pytest.mark.parametrize("bad", ["", "goal..max_cost", "goal.max_cost.", "1goal", "goal[.x"])
def test_parse_path_refuses_malformed_paths(bad):
    with pytest.raises(InputError):
        parse_path(bad)


@pytest.mark.parametrize(
    "path, value",
    [
        ("team.hunters.max_count", 5),
        ("team.managers[juniors].count", 3),
        ("segments[key].levels[full].revenue_per_client", 61000.0),
        ("goal.max_cost", 9000.0),
        ("prospects[smb].conversion_per_hour", 0.07),
        ("priorities[A].min_coverage", 0.5),
        ("segments[growth].unserved_revenue", 0.0),
    ],
)
def test_set_path_returns_a_new_scenario_with_only_that_value_changed(ranged, path, value):
    edited = set_path(ranged, path, value)
    assert get_path(edited, path) == value
    assert edited is not ranged
    assert get_path(ranged, path) != value  # the original is untouched (frozen)
    # Everything else round-trips unchanged: undo the edit and compare the files.
    undone = set_path(edited, path, get_path(ranged, path))
    assert dumps_scenario(undone) == dumps_scenario(ranged) or path.startswith(("goal.", "priorities"))


def test_an_id_may_follow_a_dot(ranged):
    edited = set_path(ranged, "team.managers.juniors.hours", 100)
    assert edited.team.managers[1].hours == 100.0
    assert get_path(ranged, "segments.key.levels.full.hours_per_client") == Range(low=8, likely=10, high=14)


def test_a_range_can_be_set_whole_or_by_its_likely(ranged):
    edited = set_path(ranged, "prospects[smb].pool", {"low": 1, "likely": 2, "high": 3})
    assert edited.prospects[0].pool == Range(low=1, likely=2, high=3)
    moved = set_path(ranged, "segments[key].levels[full].hours_per_client.likely", 12)
    assert moved.segments[0].levels[0].hours_per_client == Range(low=8, likely=12, high=14)


def test_set_paths_applies_several_edits_at_once_and_validates_them_together(ranged):
    edited = set_paths(ranged, {"team.hunters.max_count": 5, "team.hunters.count": 4})
    assert (edited.team.hunters.count, edited.team.hunters.max_count) == (4, 5)
    with pytest.raises(InputError):
        set_path(ranged, "team.hunters.min_count", 4)  # alone it breaks min_count <= max_count (3)
    # Today's count outside [min_count, max_count] is a what-if, not an error (PLANNER.md).
    assert set_path(ranged, "team.hunters.count", 4).team.hunters.count == 4


def test_an_edited_scenario_round_trips_through_its_file(ranged):
    edited = set_path(ranged, "segments[tail].clients", 650)
    assert loads_scenario(dumps_scenario(edited)) == edited


def test_unknown_id_names_the_path_and_lists_the_known_ids(ranged):
    with pytest.raises(InputError) as exc:
        set_path(ranged, "team.managers[bob].count", 1)
    assert problem_of(exc) == ("team.managers[bob].count", "unknown manager group id 'bob' (known: anna, juniors)")
    with pytest.raises(InputError) as exc:
        set_path(ranged, "segments[key].levels[gold].hours_per_client", 1)
    assert problem_of(exc) == (
        "segments[key].levels[gold].hours_per_client", "unknown level id 'gold' (known: full, standard)"
    )


def test_unknown_field_lists_the_known_fields(ranged):
    with pytest.raises(InputError) as exc:
        set_path(ranged, "team.hunters.max", 1)
    path, message = problem_of(exc)
    assert path == "team.hunters.max"
    assert message.startswith("unknown field 'max' of team.hunters (known: count, min_count, max_count, ramp, lead_time, attrition, hire_cost, hours")


def test_a_list_needs_an_id(ranged):
    with pytest.raises(InputError) as exc:
        set_path(ranged, "segments.levels", 1)
    assert problem_of(exc)[1] == "unknown segment id 'levels' (known: key, growth, tail)"


@pytest.mark.parametrize(
    "path, value, message",
    [
        ("team.hunters.max_count", -1, "must be >= 0"),
        ("team.hunters.max_count", 1.5, "must be a whole number, got 1.5"),
        ("segments[key].margin", 1.5, "must be <= 1.0"),
        ("segments[key].levels[full].revenue_per_client", "lots",
         "must be a number or a range with low, likely and high, got 'lots'"),
    ],
)
def test_a_bad_value_is_an_input_error_at_the_users_path(ranged, path, value, message):
    with pytest.raises(InputError) as exc:
        set_path(ranged, path, value)
    assert problem_of(exc) == (path, message)
    assert exc.value.exit_code == 2


def test_a_problem_reported_on_a_parent_names_the_edit(ranged):
    with pytest.raises(InputError) as exc:
        set_path(ranged, "prospects[smb].conversion_per_hour.likely", 3)
    path, message = problem_of(exc)
    assert path == "prospects[smb].conversion_per_hour"
    assert "low <= likely <= high" in message and "after setting prospects[smb].conversion_per_hour.likely" in message


def test_fix_head_count_makes_the_count_a_fixed_value(example2, ranged):
    hunters = fix_head_count(example2, "hunters", 2).team.hunters
    assert (hunters.count, hunters.decided, hunters.lower, hunters.upper) == (2, False, 2, 2)
    juniors = fix_head_count(ranged, "juniors", 4).team.managers[1]
    assert (juniors.count, juniors.decided) == (4, False)
    with pytest.raises(InputError) as exc:
        fix_head_count(ranged, "seniors", 1)
    assert "known: anna, juniors" in problem_of(exc)[1]


def test_fix_head_count_extends_named_people():
    text = (FIXTURES / "analysis" / "ranged.yaml").read_text().replace(
        "{id: juniors, count: 2,", "{id: juniors, people: [olga, ivan], count: 2,"
    )
    scenario = loads_scenario(text)
    group = fix_head_count(scenario, "juniors", 3).team.managers[1]
    assert group.people == ("olga", "ivan", "juniors-3")
    assert fix_head_count(scenario, "juniors", 1).team.managers[1].people == ("olga",)


def test_values_from_the_command_line():
    assert parse_values("0..3") == [0, 1, 2, 3]
    assert parse_values("0..12:4,20") == [0, 4, 8, 12, 20]
    assert parse_values("0.5, 1e3, null") == [0.5, 1000.0, None]
    assert split_values("1,{low: 1, likely: 2, high: 3},[a, b]") == ["1", "{low: 1, likely: 2, high: 3}", "[a, b]"]
    assert parse_assignment("team.managers[juniors].count=1,3") == ("team.managers[juniors].count", [1, 3])
    for bad in ("team.hunters.max_count", "x=", "x=3..1", "x=1..2..3"):
        with pytest.raises(InputError):
            parse_assignment(bad)
