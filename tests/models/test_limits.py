"""Limits of a scenario file (PLANNER.md, "Field rules"): in the schema, at the field's path, in
both languages, and checked before anything is built."""

from __future__ import annotations

import ast
import json

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models import model_json_schema
from models import messages as model_messages
from models.limits import MAX_DEPTH, MAX_NODES, MAX_SCENARIO_BYTES
import planner.document_bounds as bounds
from planner.document_bounds import scan_json, scan_yaml
from planner.errors import InputError
from planner.i18n import using
from planner.scenario_io import MAX_PROBLEMS, loads_scenario, scenario_from_data
from tests.conftest import FIXTURES, ROOT, examples, run_planner


def doc(**changes):
    """A small valid document with some fields changed (`segment`, `level`, `group`, ...)."""
    level = {"id": "l", "hours_per_client": 1, "revenue_per_client": 100, **changes.pop("level", {})}
    segment = {"id": "s", "clients": 10, "margin": 0.3, "levels": [level], **changes.pop("segment", {})}
    group = {"id": "g", "hours": 100, **changes.pop("group", {})}
    team = {"managers": [group], **changes.pop("team", {})}
    return {"schema_version": 1, "name": "limits", "segments": [segment], "team": team, **changes}


def problems(document) -> list[str]:
    try:
        scenario_from_data(document)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


# ----- the schema states every limit ---------------------------------------------------------
def _resolve(schema: dict, node: dict) -> dict:
    """The object schema behind a property: $ref, an optional's non-null member, an array's items."""
    while True:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in node and "properties" not in node:
            node = next(n for n in node["anyOf"] if n.get("type") != "null" and ("$ref" in n or "items" in n or "properties" in n))
        elif node.get("type") == "array":
            node = node["items"]
        else:
            return node


def _prop(schema: dict, *path: str) -> dict:
    """The schema of a property by its path of names (lists and optionals are passed through)."""
    node = schema
    for name in path:
        node = _resolve(schema, node)["properties"][name]
    return node


def _constraint(node: dict, key: str):
    """`key` of a property's schema, or of its non-null member for an optional."""
    if key in node:
        return node[key]
    for member in node.get("anyOf", []):
        found = _constraint(member, key)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize(
    "path, key, limit",
    [
        (("team", "managers", "count"), "maximum", 10_000),
        (("team", "managers", "min_count"), "maximum", 10_000),
        (("team", "managers", "max_count"), "maximum", 10_000),
        (("team", "max_headcount"), "maximum", 10_000),
        (("team", "hunters", "count"), "maximum", 10_000),
        (("segments", "clients"), "maximum", 10_000_000),
        (("segments",), "maxItems", 20_000),
        (("segments", "levels"), "maxItems", 20),
        (("team", "managers"), "maxItems", 5_000),
        (("prospects",), "maxItems", 20_000),
        (("team", "managers", "people"), "maxItems", 10_000),
        (("name",), "maxLength", 200),
        (("segments", "name"), "maxLength", 200),
        (("segments", "description"), "maxLength", 5_000),
        (("segments", "id"), "maxLength", 80),
        (("team", "managers", "hours"), "maximum", 10_000),
        (("team", "managers", "efficiency"), "maximum", 100),
        (("team", "managers", "efficiency"), "minimum", 0.01),
        (("team", "managers", "cost_per_person"), "maximum", 1e12),
        (("goal", "max_cost"), "maximum", 1e12),
        (("goal", "min_profit"), "minimum", -1e12),
        (("segments", "levels", "cost_per_client"), "maximum", 1e12),
        (("segments", "levels", "hours_per_contact"), "maximum", 10_000),
        (("clients", "segmentation", "rules"), "maxItems", 20_000),
        (("clients", "segmentation", "criteria"), "maxItems", 100),
    ],
)
def test_the_schema_states_the_limit(path, key, limit):
    node = _prop(model_json_schema(), *path)
    assert _constraint(node, key) == limit, (path, node)


@pytest.mark.parametrize(
    "path, limit",
    [
        (("segments", "levels", "hours_per_client"), 10_000),
        (("segments", "levels", "revenue_per_client"), 1e12),
        (("segments", "unserved_revenue"), 1e12),
        (("prospects", "pool"), 10_000_000),
        (("prospects", "conversion_per_hour"), 100),
        (("prospects", "revenue_per_client"), 1e12),
    ],
)
def test_an_estimate_and_its_range_have_the_same_maximum(path, limit):
    node = _prop(model_json_schema(), *path)
    while not any(n.get("type") == "object" for n in node.get("anyOf", [])):
        node = next(n for n in node["anyOf"] if "anyOf" in n)  # an optional estimate
    number = next(n for n in node["anyOf"] if n.get("type") == "number")
    rng = next(n for n in node["anyOf"] if n.get("type") == "object")
    assert number["maximum"] == limit
    assert all(rng["properties"][k]["maximum"] == limit for k in ("low", "likely", "high"))


# ----- each limit at the field's path --------------------------------------------------------
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"group": {"count": 10_001}}, "team.managers[0].count: must be <= 10000"),
        ({"group": {"count": 2**70}}, "team.managers[0].count: must be <= 10000"),
        ({"group": {"max_count": 10**400}}, "team.managers[0].max_count: must be <= 10000"),
        ({"team": {"max_headcount": 10_001}}, "team.max_headcount: must be <= 10000"),
        ({"segment": {"clients": 10_000_001}}, "segments[0].clients: must be <= 10000000"),
        ({"group": {"hours": 10_000.5}}, "team.managers[0].hours: must be <= 10000"),
        ({"group": {"efficiency": 0.001}}, "team.managers[0].efficiency: must be >= 0.01"),
        ({"group": {"efficiency": 101.0}}, "team.managers[0].efficiency: must be <= 100"),
        ({"group": {"cost_per_person": 1e13}}, "team.managers[0].cost_per_person: must be <= 1000000000000"),
        ({"goal": {"min_profit": -1e13}}, "goal.min_profit: must be >= -1000000000000"),
        ({"level": {"revenue_per_client": 2**70}}, "segments[0].levels[0].revenue_per_client: must be <= 1000000000000"),
        ({"level": {"revenue_per_client": 10**400}}, "segments[0].levels[0].revenue_per_client: must be <= 1000000000000"),
        ({"level": {"hours_per_client": {"low": 1, "likely": 2, "high": 20_000}}},
         "segments[0].levels[0].hours_per_client: high must be <= 10000"),
        ({"level": {"hours_per_client": float("nan")}}, "segments[0].levels[0].hours_per_client: must be a finite number"),
        ({"level": {"hours_per_client": None, "contacts": 2, "hours_per_contact": 1e308}},
         "segments[0].levels[0].hours_per_contact: must be <= 10000"),
        ({"level": {"hours_per_client": None, "contacts": 200, "hours_per_contact": 100}},
         "segments[0].levels[0].hours_per_contact: contacts x hours_per_contact = 20000 hours per client, "
         "more than the limit of 10000"),
        ({"segment": {"name": "n" * 201}}, "segments[0].name: must be at most 200 characters long"),
        ({"segment": {"description": "d" * 5_001}}, "segments[0].description: must be at most 5000 characters long"),
        ({"segment": {"levels": [{"id": f"l{i}", "hours_per_client": 1, "revenue_per_client": 1} for i in range(21)]}},
         "segments[0].levels: may have at most 20 entries"),
        ({"group": {"skills": ["a"] * 101}}, "team.managers[0].skills: may have at most 100 entries"),
        ({"prospects": [{"id": "p", "pool": 1e8, "conversion_per_hour": 0.1, "revenue_per_client": 1, "margin": 0.1}]},
         "prospects[0].pool: must be <= 10000000"),
        ({"prospects": [{"id": "p", "pool": 10, "conversion_per_hour": 101, "revenue_per_client": 1, "margin": 0.1}]},
         "prospects[0].conversion_per_hour: must be <= 100"),
    ],
)
def test_a_number_or_size_past_its_limit_is_refused_at_its_path(changes, message):
    found = problems(doc(**changes))
    assert any(p.startswith(message) for p in found), found


def test_a_number_at_its_limit_is_accepted():
    document = doc(
        group={"count": 10_000, "hours": 10_000, "efficiency": 100, "cost_per_person": 1e12},
        segment={"clients": 10_000_000, "name": "n" * 200, "description": "d" * 5_000},
        level={"revenue_per_client": 1e12, "hours_per_client": None, "contacts": 100, "hours_per_contact": 100},
        goal={"min_profit": -1e12, "max_cost": 1e12},
    )
    assert problems(document) == []


def test_a_type_error_never_echoes_a_huge_value():
    found = problems(doc(segment={"clients": "x" * 100_000}))
    assert found and all(len(p) < 300 for p in found), found
    found = problems(doc(segment={"margin": 10**5000}))
    assert found == ["segments[0].margin: must be a number, got ~10^5000"]


def test_a_long_list_of_unknown_ids_is_shortened():
    segments = [{"id": f"s{i}", "clients": 1, "margin": 0.1, "levels": [{"id": "l", "hours_per_client": 1, "revenue_per_client": 1}]}
                for i in range(50)]
    found = problems({"schema_version": 1, "name": "x", "segments": segments, "current": {"levels": {"ghost": {"l": 1}}}})
    assert found == ["current.levels.ghost: unknown segment 'ghost' (known: s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, ... (50 in all))"]


def test_at_most_max_problems_are_listed_then_how_many_more():
    segments = [{"id": f"s{i}", "clients": -1, "margin": 0.1, "levels": []} for i in range(MAX_PROBLEMS + 50)]
    found = problems({"schema_version": 1, "name": "x", "segments": segments})
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1] == "... and 50 more problems (fix these first)"


# ----- the document as a whole ----------------------------------------------------------------
def test_an_upload_larger_than_the_limit_is_refused_before_parsing():
    text = "schema_version: 1\nname: " + "x" * MAX_SCENARIO_BYTES + "\n"
    for upload in (text, text.encode()):
        with pytest.raises(InputError) as info:
            loads_scenario(upload)
        assert f"more than the limit of {MAX_SCENARIO_BYTES:,} bytes" in info.value.render()
    # Cyrillic takes two bytes a character: the limit is on the UTF-8 bytes.
    with pytest.raises(InputError):
        loads_scenario("schema_version: 1\nname: " + "я" * (MAX_SCENARIO_BYTES // 2 + 1) + "\n")


def test_json_duplicate_keys_are_refused_with_their_path():
    text = json.dumps(doc())
    twice = text.replace('"hours": 100', '"hours": 100, "hours": 200')
    with pytest.raises(InputError) as info:
        loads_scenario(twice)
    assert str(info.value.problems[0]) == "team.managers[0]: duplicate key 'hours'"


def _expanded_size(node) -> int:
    """Values of a loaded document with every shared object counted each time it appears."""
    if isinstance(node, dict):
        return 1 + sum(_expanded_size(k) + _expanded_size(v) for k, v in node.items())
    if isinstance(node, list):
        return 1 + sum(_expanded_size(v) for v in node)
    return 1


leaves = st.one_of(st.integers(-5, 5), st.text("ab", max_size=3), st.none())
trees = st.recursive(
    leaves,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text("xyz", min_size=1, max_size=2), children, max_size=3)),
    max_leaves=20,
)


@settings(max_examples=examples(100))
@given(trees, st.integers(1, 5), st.integers(1, 5))
@example([1, 2], 3, 3)
def test_the_scan_counts_the_values_aliases_expand_to(tree, copies, levels):
    """The scan's expanded size equals the size of the loaded data: it refuses a document
    exactly when its expansion would exceed the limit."""
    shared = tree
    for _ in range(levels):
        shared = [shared] * copies  # SafeDumper writes the repeats as aliases of one anchor
    text = yaml.safe_dump({"root": shared})
    size = _expanded_size(yaml.safe_load(text))
    old = bounds.MAX_NODES
    try:
        bounds.MAX_NODES = size
        scan_yaml(text, "<t>")  # exactly at the limit: accepted
        bounds.MAX_NODES = size - 1
        with pytest.raises(InputError):
            scan_yaml(text, "<t>")
    finally:
        bounds.MAX_NODES = old


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH])
def test_json_nesting_up_to_the_limit_is_accepted(depth):
    text = '{"a": ' * (depth - 1) + "[" + "]" + "}" * (depth - 1)
    scan_json(text, "<t>")
    json.loads(text)


def test_json_nesting_past_the_limit_is_refused_even_inside_a_mix_of_brackets():
    text = '{"a": [' * 40 + '"]]]]"' + "]}" * 40  # brackets inside strings do not count
    with pytest.raises(InputError) as info:
        scan_json(text, "<t>")
    assert f"nested deeper than {MAX_DEPTH} levels" in info.value.render()


def test_many_values_without_aliases_are_refused():
    with pytest.raises(InputError) as info:
        scan_json("[" + ",".join(["1"] * (MAX_NODES + 1)) + "]", "<t>")
    assert "more than 1,000,000 values" in info.value.render()


# ----- messages: one registry, both languages -------------------------------------------------
def _kinds_used_in_models() -> set[str]:
    """Every message kind the models raise (`error("kind")`) or report (`Issue(path, "kind")`)."""
    kinds: set[str] = set()
    for path in (ROOT / "models").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                args = node.args
                if node.func.id in ("error", "render") and args and isinstance(args[0], ast.Constant):
                    kinds.add(args[0].value)
                if node.func.id == "Issue" and len(args) > 1 and isinstance(args[1], ast.Constant):
                    kinds.add(args[1].value)
                if node.func.id == "add" and len(args) > 1 and isinstance(args[1], ast.Constant):
                    kinds.add(args[1].value)
    return kinds


def test_every_message_kind_the_models_use_is_in_the_registry():
    used = _kinds_used_in_models()
    assert len(used) > 40
    assert used - set(model_messages.MESSAGES) == set()


def test_the_models_do_not_import_the_planner():
    for path in (ROOT / "models").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n == "planner" or n.startswith("planner.") for n in names), path


def test_messages_are_rendered_in_russian_with_paths_and_numbers_as_written():
    with using("ru"):
        found = problems(doc(level={"hours_per_client": -1}, group={"count": 10_001, "efficiency": 0.5}))
        assert "segments[0].levels[0].hours_per_client: должно быть >= 0" in found
        assert "team.managers[0].count: должно быть <= 10000" in found
        found = problems(doc(group={"efficiency": 0.001}))
        assert found == ["team.managers[0].efficiency: должно быть >= 0,01"]
    with using("en"):
        assert problems(doc(group={"efficiency": 0.001})) == ["team.managers[0].efficiency: must be >= 0.01"]


def test_the_command_line_speaks_russian(monkeypatch):
    result = run_planner("validate", str(FIXTURES / "malformed" / "negative_hours.yaml"))
    assert "segments[0].levels[0].hours_per_client: must be >= 0" in result.stderr
    monkeypatch.setenv("PLANNER_LANG", "ru")
    result = run_planner("validate", str(FIXTURES / "malformed" / "negative_hours.yaml"))
    assert result.returncode == 2
    assert "segments[0].levels[0].hours_per_client: должно быть >= 0" in result.stderr
