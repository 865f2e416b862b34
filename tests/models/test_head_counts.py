"""Head counts and people (PLANNER.md, "Field rules"): today's count may lie outside the range
the plan decides in; person names are checked across groups without building them."""

from __future__ import annotations

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models import ManagerGroup, scenario_warnings
from models.people import default_people
from planner.errors import InputError
from planner.scenario_io import scenario_from_data
from planner.summary import head_count_text
from tests.conftest import examples

SEGMENT = {"id": "s", "clients": 10, "margin": 0.3, "levels": [{"id": "l", "hours_per_client": 1, "revenue_per_client": 100}]}


def scenario(managers=(), hunters=None):
    team = {"managers": list(managers)}
    if hunters is not None:
        team["hunters"] = hunters
    return scenario_from_data({"schema_version": 1, "name": "heads", "segments": [SEGMENT], "team": team})


def problems(managers=(), hunters=None) -> list[str]:
    try:
        scenario(managers, hunters)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


# ----- today's count and the decided range ---------------------------------------------------
@pytest.mark.parametrize(
    "hunters",
    [
        {"count": 2, "max_count": 1},  # we have 2 hunters; what if we may keep at most 1?
        {"count": 0, "min_count": 2, "max_count": 4},  # none today, the plan must hire 2 to 4
        {"count": 5, "max_count": 0},
    ],
)
def test_todays_count_outside_the_range_is_a_valid_what_if_with_a_warning(hunters):
    s = scenario(hunters={**hunters, "hours": 100})
    h = s.team.hunters
    assert h.today_outside_range and h.count == hunters["count"]
    assert (h.lower, h.upper) == (hunters.get("min_count", 0), hunters["max_count"])  # the decision's range
    warnings = dict(scenario_warnings(s))
    assert warnings["team.hunters.count"].startswith(f"today's count ({h.count}) is outside [min_count, max_count]")


@pytest.mark.parametrize(
    "group, field",
    [
        ({"count": 2, "min_count": 3}, "min_count"),  # a missing max_count is count
        ({"count": 4, "min_count": 6, "max_count": 5}, "min_count"),
        ({"count": 0, "max_count": 0, "min_count": 1}, "min_count"),
    ],
)
def test_only_min_count_above_max_count_is_an_error(group, field):
    found = problems([{"id": "g", "hours": 10, **group}])
    assert len(found) == 1 and found[0].startswith(f"team.managers[0].{field}: needs min_count <= max_count"), found


def test_a_group_in_its_range_has_no_warning():
    s = scenario([{"id": "g", "count": 2, "min_count": 1, "max_count": 3, "hours": 10}])
    assert not s.team.managers[0].today_outside_range
    assert scenario_warnings(s) == []


def test_people_of_a_decided_group_may_list_between_count_and_the_larger_of_count_and_max_count():
    base = {"id": "g", "hours": 10, "count": 3, "max_count": 1}
    assert problems([{**base, "people": ["a", "b", "c"]}]) == []
    found = problems([{**base, "people": ["a", "b"]}])
    assert found == ["team.managers[0].people: lists 2 names; today's count (3) is above max_count (1), so it needs 3 names"]
    ranged = {"id": "g", "hours": 10, "count": 1, "max_count": 3}
    assert problems([{**ranged, "people": ["a", "b", "c"]}]) == []
    assert problems([{**ranged, "people": ["a", "b", "c", "d"]}]) == [
        "team.managers[0].people: lists 4 names; a decided head count needs between count (1) and max_count (3)"
    ]


def test_head_count_text_notes_today_outside_the_range():
    s = scenario([{"id": "g", "count": 2, "max_count": 1, "hours": 10}], {"count": 1, "min_count": 0, "max_count": 3})
    assert head_count_text(s.team.managers[0]) == "2 (0..1, today outside the range)"
    assert head_count_text(s.team.hunters) == "1 (0..3)"


def test_a_group_of_two_today_that_may_keep_one_names_both_people():
    g = scenario([{"id": "g", "count": 2, "max_count": 1, "hours": 10}]).team.managers[0]
    assert g.person_names(2) == ("g-1", "g-2")  # today's people, for the baseline and the books
    assert g.person_names() == ("g-1",)


# ----- person names: the lazy check equals building every name -------------------------------
def old_default_people(group_id, given, n):
    """The quadratic original, as the oracle."""
    names = list(given[:n])
    k = len(names)
    while len(names) < n:
        k += 1
        candidate = f"{group_id}-{k}"
        if candidate not in names:
            names.append(candidate)
    return tuple(names)


def naive_collisions(groups: list[ManagerGroup]) -> list[str]:
    """The check as it was: build every name of every group."""
    found, people = [], {}
    for i, g in enumerate(groups):
        for name in g.person_names(g.most_people):
            if name in people and people[name] != g.id:
                found.append(f"team.managers[{i}].people: person '{name}' also belongs to group '{people[name]}'")
            people.setdefault(name, g.id)
    return found


group_ids = st.sampled_from(["a", "a-1", "a-2", "b", "b-1", "a-1-1", "c-01", "a-10"])
names = st.sampled_from(["a", "a-1", "a-2", "a-3", "a-10", "a-01", "b", "b-1", "b-2", "a-1-1", "a-1-2", "c", "x"])


@st.composite
def teams(draw):
    groups = []
    for gid in draw(st.lists(group_ids, min_size=1, max_size=5)):
        count = draw(st.integers(0, 4))
        group = {"id": gid, "hours": 1, "count": count}
        if draw(st.booleans()):
            group["max_count"] = draw(st.integers(0, 5))
        most = max(count, group.get("max_count", count))
        if most and draw(st.booleans()):
            group["people"] = draw(st.lists(names, min_size=count, max_size=most, unique=True))
        groups.append(group)
    return groups


@settings(max_examples=examples(300))
@given(teams())
@example([{"id": "a", "hours": 1, "count": 3}, {"id": "b", "hours": 1, "count": 1, "people": ["a-2"]}])
@example([{"id": "a-1", "hours": 1, "count": 1}, {"id": "a", "hours": 1, "count": 2}])
@example([{"id": "a", "hours": 1, "count": 3, "people": ["a-2"]}, {"id": "b", "hours": 1, "count": 1, "people": ["a-3"]}])
@example([{"id": "a", "hours": 1, "count": 2, "people": ["a-01", "x"]}, {"id": "b", "hours": 1, "count": 1, "people": ["a-1"]}])
def test_the_lazy_person_check_reports_what_building_every_name_reports(groups):
    try:
        s = scenario(groups)
    except InputError as exc:
        reported = [str(p) for p in exc.problems if p.message.startswith("person ")]
        other = [str(p) for p in exc.problems if not p.message.startswith("person ")]
    else:
        reported, other = [], []
    built = [ManagerGroup.model_validate(g) for g in groups]
    assert reported == naive_collisions(built), other
    for g in built:
        for n in range(0, g.most_people + 2):
            given_names = tuple(g.people or ())
            expected = (g.id,)[:n] if g.most_people == 1 and not given_names else old_default_people(g.id, given_names, n)
            assert g.person_names(n) == expected


def test_person_names_keep_their_order_and_skip_given_ones():
    assert default_people("g", ["g-2", "olga"], 4) == ("g-2", "olga", "g-3", "g-4")
    assert default_people("g", ["x"], 1) == ("x",)
    assert default_people("g", [], 0) == ()


def test_default_people_is_linear():
    start = time.process_time()
    names = default_people("g", [f"g-{k}" for k in range(3, 10_003)], 200_000)
    assert time.process_time() - start < 1.0
    assert len(names) == len(set(names)) == 200_000


def test_a_collision_is_reported_at_the_later_group_with_the_first_groups_id():
    found = problems([{"id": "juniors", "count": 3, "hours": 1}, {"id": "anna", "hours": 1, "people": ["juniors-2"]}])
    assert found == ["team.managers[1].people: person 'juniors-2' also belongs to group 'juniors'"]
    found = problems([{"id": "anna", "hours": 1, "people": ["juniors-2"]}, {"id": "juniors", "count": 3, "hours": 1}])
    assert found == ["team.managers[1].people: person 'juniors-2' also belongs to group 'anna'"]
