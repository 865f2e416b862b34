"""Variants as recipes: edits applied to the working scenario as it is now, validated, in words,
saved with the scenario, and the plan differences of two plans with exact numbers."""

from __future__ import annotations

import pytest

from models.variants import RecipeEdit, Variant
from planner.analysis.plan_diff import plan_changes
from planner.errors import InputError
from planner.i18n import using
from planner.optimise import plan_scenario
from planner.recipes import adopt_variant, apply_recipe, describe_edits, edit, recipe_between, without_variants
from planner.scenario_io import dumps_scenario, loads_scenario, scenario_from_data

SMALL = """
schema_version: 1
name: Small
segments:
  - id: key
    name: Key accounts
    clients: 40
    margin: 0.25
    levels:
      - {id: full, name: Full service, hours_per_client: {low: 8, likely: 10, high: 12}, revenue_per_client: 50000}
      - {id: mailings, hours_per_client: 0, revenue_per_client: 15000, cost_per_client: 20}
team:
  managers:
    - {id: anna, name: Anna, hours: 140, cost_per_person: 4000}
    - {id: juniors, count: 2, hours: 120, cost_per_person: 2000}
  hunters: {count: 0, max_count: 2, hours: 100, cost_per_person: 3000}
"""


def small():
    return loads_scenario(SMALL)


def test_scale_add_set_and_star_paths_apply_in_order():
    v = Variant(name="v", edits=(
        edit("team.managers[*].hours", "scale", 0.5),
        edit("team.managers[anna].count", "add", 2),
        edit("segments[key].levels[full].revenue_per_client", "set", {"low": 1, "likely": 2, "high": 3}),
        edit("team.managers[anna].hours", "add", 10),  # on top of the earlier scale: 70 + 10
    ))
    out = apply_recipe(small(), v)
    anna, juniors = out.team.managers
    assert anna.hours == 80.0 and anna.count == 3 and isinstance(anna.count, int)
    assert juniors.hours == 60.0
    assert out.segments[0].levels[0].revenue_per_client.likely == 2
    assert out.variants == ()


def test_a_variant_follows_later_edits_and_adopting_keeps_them():
    v = Variant(name="more hours", edits=(RecipeEdit(path="team.managers[anna].hours", op="scale", value=1.5),))
    working = small().model_copy(update={"variants": (v,)})
    assert apply_recipe(working, v).team.managers[0].hours == 210.0
    later = scenario_from_data({**loads_scenario(dumps_scenario(working)).model_dump(mode="json", exclude_unset=True),
                                "team": {**working.team.model_dump(mode="json", exclude_unset=True),
                                         "managers": [{"id": "anna", "name": "Anna", "hours": 100, "cost_per_person": 5000}]}})
    assert apply_recipe(later, v).team.managers[0].hours == 150.0  # follows the later 100
    adopted = adopt_variant(later, v)
    assert adopted.scenario.team.managers[0].hours == 150.0
    assert adopted.scenario.team.managers[0].cost_per_person == 5000.0  # the later edit is kept
    assert adopted.changes == ("Anna › hours: × 1.50 (100 → 150)",)


def test_variants_round_trip_in_the_scenario_file_and_do_not_change_its_plan_key():
    v = Variant(name="budget", edits=(edit("goal.max_cost", "set", 9000.0), edit("goal.min_new_clients", "set", None)))
    working = small().model_copy(update={"variants": (v,)})
    text = dumps_scenario(working)
    assert "variants:" in text and loads_scenario(text) == working
    assert dumps_scenario(without_variants(working)) == dumps_scenario(small())


def test_a_bad_edit_names_the_edit_and_the_field():
    with pytest.raises(InputError) as err:
        apply_recipe(small(), Variant(name="x", edits=(edit("segments[gone].clients", "set", 3),)))
    assert "edit 1 (segments[gone].clients)" in str(err.value.problems[0])
    with pytest.raises(InputError) as err:
        apply_recipe(small(), Variant(name="x", edits=(edit("team.managers[anna].hours", "set", -5.0),)))
    assert err.value.problems[0].path.startswith("team.managers[anna].hours")
    with pytest.raises(InputError):
        edit("team.managers[anna].hours", "scale", "twice")


def test_edits_in_words_in_both_languages():
    edits = [edit("segments[key].levels[*].hours_per_client", "scale", 1.5), edit("team.hunters.max_count", "set", 3)]
    assert describe_edits(small(), edits) == ["Key accounts › Full service › hours per client: × 1.50 (8–10–12 → 12–15–18)",
                                               "Key accounts › mailings › hours per client: × 1.50 (0 → 0)",
                                               "hunters › at most: 2 → 3"]
    with using("ru"):
        ru = describe_edits(small(), edits)
    assert ru[0].startswith("Key accounts › Full service › ") and "12–15–18" in ru[0] and "hours" not in ru[0]


def test_plan_changes_name_every_difference_with_exact_numbers():
    """One manager (140 h, 10 h per full client): 14 full clients, 26 on mailings; 280 h: 28."""
    base = small()
    solo = Variant(name="solo", edits=(edit("team.managers[juniors].count", "set", 0),))
    double = Variant(name="double", edits=(edit("team.managers[juniors].count", "set", 0),
                                           edit("team.managers[anna].hours", "set", 280.0)))
    a = plan_scenario(apply_recipe(base, solo))
    b = plan_scenario(apply_recipe(base, double))
    changes = plan_changes(a, b, base)
    level = changes[changes["kind"] == "level"].set_index("level")
    assert level.loc["full", ["base", "other", "change"]].tolist() == [14.0, 28.0, 14.0]
    assert level.loc["mailings", ["base", "other"]].tolist() == [26.0, 12.0]
    assert "Key accounts › Full service: clients 14 → 28 (+14)" in list(changes["text"])
    assert "Anna serves Key accounts › Full service: clients 14 → 28 (+14)" in list(changes["text"])
    assert plan_changes(a, a, base).empty


def test_a_whole_scenario_variant_of_a_bundle_becomes_the_recipe_of_its_changed_fields():
    """A bundle written elsewhere holds variants as whole scenarios: the fields that differ
    become `set` edits (ranges and ids included) that give back exactly that scenario; a
    variant with another list of items cannot be a recipe and is None, never a wrong recipe."""
    base = small()
    other = apply_recipe(base, Variant(name="x", edits=(
        edit("team.managers[juniors].count", "set", 3),
        edit("segments[key].levels[full].hours_per_client", "set", {"low": 9, "likely": 11, "high": 13}),
        edit("team.hunters.max_count", "set", 4),
    )))
    recipe = recipe_between(base, other, "three juniors")
    assert recipe is not None and recipe.name == "three juniors"
    assert {e.path for e in recipe.edits} == {"team.managers[juniors].count", "team.hunters.max_count",
                                              "segments[key].levels[full].hours_per_client.low",
                                              "segments[key].levels[full].hours_per_client.likely",
                                              "segments[key].levels[full].hours_per_client.high"}
    assert apply_recipe(base, recipe) == other
    assert recipe_between(base, base, "same").edits == ()
    fewer = scenario_from_data({**base.model_dump(mode="json", exclude_unset=True),
                                "team": {**base.team.model_dump(mode="json", exclude_unset=True),
                                         "managers": [{"id": "anna", "hours": 140, "cost_per_person": 4000}]}})
    assert recipe_between(base, fewer, "no juniors") is None
