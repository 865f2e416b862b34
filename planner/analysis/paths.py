"""Dotted paths into a Scenario, with ids in brackets, and edits that return a NEW Scenario.

    team.hunters.max_count
    team.managers[juniors].count
    segments[key].levels[full].revenue_per_client
    segments[key].levels[full].revenue_per_client.likely      (inside a {low, likely, high} range)
    team.managers.juniors.count                                (an id may also follow a dot)
    goal.max_cost
    prospects[smb].conversion_per_hour
    priorities[A].min_coverage                                 (keys of a mapping, in brackets)

A list of items with ids (segments, levels, managers, prospects) is indexed by id; a mapping
(priorities, current.levels) by key. Every edit re-validates the whole scenario, so an edit
can never produce a scenario the loader would refuse; errors name the path as the user wrote
it and, for an unknown id or field, list the known ones.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import yaml
from pydantic import BaseModel

from models import Scenario
from models.scenario import default_people
from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue, tr
from planner.scenario_io import scenario_from_data, scenario_to_data

# User-facing text of this module (kept together for the Russian edition).
TEXT = catalogue({
    "empty": N_("empty path: write it like team.hunters.max_count or segments[key].levels[full].revenue_per_client"),
    "syntax": N_("cannot read the path at '{rest}': write names separated by dots, ids in brackets, "
    "like segments[key].levels[full].revenue_per_client"),
    "unknown_field": N_("unknown field '{name}' of {where} (known: {known})"),
    "unknown_id": N_("unknown {what} id '{key}' (known: {known})"),
    "needs_id": N_("'{name}' is a list: name one item by id, like {name}[{example}]"),
    "not_a_list": N_("'{name}' is not a list or mapping: drop the [{key}]"),
    "not_a_model": N_("'{name}' is a single value ({value}), it has no field '{child}'"),
    "bad_value": N_("cannot read the value '{text}': {error}"),
    "no_values": N_("give at least one value after '=', like {path}=1,2,3"),
    "no_equals": N_("write PATH=V1,V2,..., got '{text}'"),
    "bad_range": N_("a range of whole numbers is written like 0..6, got '{text}'"),
    "head_count_target": N_("unknown head count '{target}': use 'hunters' or a manager group id (known: {known})"),
    "head_count_value": N_("a head count must be a whole number >= 0, got {value!r}"),
})

_STEP = re.compile(r"\s*([A-Za-z_]\w*)\s*(?:\[\s*([^\]]+?)\s*\])?\s*")
_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?::\s*(\d+)\s*)?$")


@dataclass(frozen=True)
class Step:
    """One part of a path: a field name and, for a list or mapping, the item's id or key."""

    name: str
    key: str | None = None

    def __str__(self) -> str:
        return f"{self.name}[{self.key}]" if self.key is not None else self.name


def parse_path(path: str) -> tuple[Step, ...]:
    """`segments[key].levels[full].hours_per_client` -> (Step(segments, key), Step(levels, full), ...).

    Ids may contain dots (`segments[a.b]`), because brackets delimit them."""
    text = path.strip()
    if not text:
        raise InputError(Problem(path, TEXT["empty"]))
    steps: list[Step] = []
    pos = 0
    while True:
        match = _STEP.match(text, pos)
        if match is None or match.end() == pos:
            raise InputError(Problem(path, TEXT["syntax"].format(rest=text[pos:] or text)))
        steps.append(Step(match.group(1), match.group(2)))
        pos = match.end()
        if pos == len(text):
            return tuple(steps)
        if text[pos] != ".":
            raise InputError(Problem(path, TEXT["syntax"].format(rest=text[pos:])))
        pos += 1


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    """Pydantic model classes inside an annotation like `Current | None` or `tuple[Level, ...]`."""
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            found.append(ann)
            continue
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            stack.append(typing.get_args(ann)[0])
        elif origin is not None or isinstance(ann, types.UnionType):
            stack.extend(typing.get_args(ann))
    return found


def _item_label(name: str) -> str:
    return {"segments": "segment", "levels": "level", "managers": "manager group", "prospects": "prospect segment",
            "priorities": "priority class"}.get(name, name)


@dataclass(frozen=True)
class _Located:
    """Where a path points: the data container and key to set, and the file-style path."""

    container: dict | list
    key: Any
    indexed_path: str
    current: Any
    prefixes: tuple[tuple[str, str], ...]  # (file-style prefix, user-style prefix) of every step


def _locate(scenario: Scenario, path: str, data: dict) -> _Located:
    """Walk the model (to know the fields and ids) and the plain data (to edit) side by side."""
    steps = list(parse_path(path))
    obj: Any = scenario
    cls: type[BaseModel] | None = Scenario
    node: Any = data
    indexed = ""
    user = ""
    prefixes: list[tuple[str, str]] = []
    i = -1
    while i + 1 < len(steps):
        i += 1
        step = steps[i]
        last = i == len(steps) - 1
        if cls is None:
            shown = "a number" if isinstance(obj, (int, float)) else "not set" if obj is None else repr(obj)
            raise InputError(Problem(path, TEXT["not_a_model"].format(name=str(steps[i - 1]), value=shown, child=step.name)))
        fields = cls.model_fields
        if step.name not in fields:
            where = user or "the scenario"
            raise InputError(Problem(path, TEXT["unknown_field"].format(name=step.name, where=where, known=", ".join(fields))))
        annotation = fields[step.name].annotation
        value = getattr(obj, step.name, None) if obj is not None else None
        indexed += ("." if indexed else "") + step.name
        user += ("." if user else "") + step.name
        if not isinstance(node, dict):  # defensive: the data mirrors the model
            raise InputError(Problem(path, TEXT["syntax"].format(rest=str(step))))
        is_list = isinstance(value, tuple) or typing.get_origin(annotation) is tuple
        is_map = isinstance(value, dict) or (typing.get_origin(annotation) is dict) or any(
            typing.get_origin(a) is dict for a in typing.get_args(annotation)
        )
        if step.key is None:
            if is_list and not last and _model_classes(annotation):
                ids = [getattr(item, "id", "") for item in (value or ())]
                following = steps[i + 1]
                if following.key is None:
                    # `team.managers.anna.hours` reads as `team.managers[anna].hours`
                    steps[i : i + 2] = [Step(step.name, following.name)]
                    i -= 1
                    continue
                raise InputError(Problem(path, TEXT["needs_id"].format(name=step.name, example=ids[0] if ids else "id")))
            prefixes.append((indexed, user))
            if last:
                return _Located(node, step.name, indexed, value, tuple(prefixes))
            child = node.get(step.name)
            if child is None:  # an unset block (goal, current, ...) is created on the way
                child = node[step.name] = {}
            node = child
            obj = value
            classes = _model_classes(annotation)
            cls = classes[0] if classes else None
            if cls is not None and isinstance(value, BaseModel):
                cls = type(value)
            elif cls is not None and value is not None and not isinstance(value, BaseModel):
                cls = None  # a plain number where a range could be
            continue
        # A step with [key]: an item of a list of models with ids, or a key of a mapping.
        if is_list:
            items = value or ()
            ids = [getattr(item, "id", None) for item in items]
            if step.key not in ids:
                raise InputError(Problem(path, TEXT["unknown_id"].format(
                    what=_item_label(step.name), key=step.key, known=", ".join(str(x) for x in ids) or "none")))
            index = ids.index(step.key)
            indexed += f"[{index}]"
            user += f"[{step.key}]"
            prefixes.append((indexed, user))
            container = node[step.name]
            if last:
                return _Located(container, index, indexed, items[index], tuple(prefixes))
            node = container[index]
            obj = items[index]
            cls = type(obj)
            continue
        if is_map:
            mapping = value or {}
            indexed += f".{step.key}"
            user += f"[{step.key}]"
            prefixes.append((indexed, user))
            container = node.setdefault(step.name, {})
            if container is None:
                container = node[step.name] = {}
            if step.name == "priorities":
                known = scenario.priority_table
                if step.key not in known:
                    raise InputError(Problem(path, TEXT["unknown_id"].format(
                        what=_item_label(step.name), key=step.key, known=", ".join(known))))
            if last:
                return _Located(container, step.key, indexed, mapping.get(step.key), tuple(prefixes))
            node = container.setdefault(step.key, {})
            obj = mapping.get(step.key)
            value_ann = next((typing.get_args(a)[1] for a in (annotation, *typing.get_args(annotation))
                              if typing.get_origin(a) is dict), None)
            classes = _model_classes(value_ann) if value_ann is not None else []
            cls = classes[0] if classes else None
            continue
        raise InputError(Problem(path, TEXT["not_a_list"].format(name=step.name, key=step.key)))
    raise AssertionError("unreachable")  # pragma: no cover


def get_path(scenario: Scenario, path: str) -> Any:
    """The value at `path` (a number, a Range, a model, or None when unset)."""
    return _locate(scenario, path, scenario_to_data(scenario)).current


def set_paths(scenario: Scenario, edits: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Scenario:
    """A new validated Scenario with every `path -> value` edit applied (values as in a YAML file:
    numbers, text, None, or a dict like {low: 1, likely: 2, high: 3}). Raises InputError naming
    the path on an unknown field or id, or a value the scenario rules refuse."""
    pairs = list(edits.items()) if isinstance(edits, Mapping) else list(edits)
    data = scenario_to_data(scenario)
    translations: list[tuple[str, str]] = []
    for path, value in pairs:
        loc = _locate(scenario, path, data)
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json")
        loc.container[loc.key] = value
        translations.extend(loc.prefixes)
    try:
        return scenario_from_data(data, source="edited scenario")
    except InputError as exc:
        edited = [user for user, _ in pairs]
        raise InputError([_user_problem(p, translations, edited) for p in exc.problems]) from None


def set_path(scenario: Scenario, path: str, value: Any) -> Scenario:
    """A new validated Scenario with one field changed; see `set_paths`."""
    return set_paths(scenario, [(path, value)])


def _user_problem(problem: Problem, translations: Sequence[tuple[str, str]], edited: Sequence[str]) -> Problem:
    """Name a validation problem the way the user wrote the path (ids, not positions), and say
    which edit caused it when the problem is reported on a parent of the edited field."""
    best = ("", "")
    for indexed, user in translations:
        if (problem.path == indexed or problem.path.startswith(indexed + ".") or problem.path.startswith(indexed + "[")) \
                and len(indexed) > len(best[0]):
            best = (indexed, user)
    path = best[1] + problem.path[len(best[0]):] if best[0] else problem.path
    if path in edited:
        return Problem(path, problem.message)
    return Problem(path, tr("{message} (after setting {paths})", message=problem.message, paths=", ".join(edited)))


# ----- head counts ------------------------------------------------------------------------------
HUNTERS = "hunters"


def head_count_path(scenario: Scenario, target: str) -> str:
    """`team.hunters` or `team.managers[<id>]` for a head-count target, checked to exist."""
    if target == HUNTERS:
        return "team.hunters"
    ids = [g.id for g in scenario.team.managers]
    if target not in ids:
        raise InputError(Problem(target, TEXT["head_count_target"].format(target=target, known=", ".join(ids) or "none")))
    return f"team.managers[{target}]"


def fix_head_count(scenario: Scenario, target: str, count: int) -> Scenario:
    """The scenario with the head count of a manager group (or of the hunters) fixed at `count`:
    `count` set, `min_count`/`max_count` removed so it is no longer a decision. Named people are
    kept and extended with generated names (`<id>-k`) when the count grows past them."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InputError(Problem(target, TEXT["head_count_value"].format(value=count)))
    base = head_count_path(scenario, target)
    data = scenario_to_data(scenario)
    loc = _locate(scenario, base, data)
    entry = loc.container.setdefault(loc.key, {}) if isinstance(loc.container, dict) else loc.container[loc.key]
    if entry is None:
        entry = loc.container[loc.key] = {}
    entry["count"] = count
    entry.pop("min_count", None)
    entry.pop("max_count", None)
    if target != HUNTERS and entry.get("people") is not None:
        group = next(g for g in scenario.team.managers if g.id == target)
        entry["people"] = list(default_people(group.id, group.people or (), count))
    try:
        return scenario_from_data(data, source="edited scenario")
    except InputError as exc:
        raise InputError([_user_problem(p, loc.prefixes, [base]) for p in exc.problems]) from None


# ----- values from the command line -------------------------------------------------------------
def parse_value(text: str) -> Any:
    """One value as YAML reads it: `3` -> 3, `0.5` -> 0.5, `null` -> None, `{low: 1, likely: 2, high: 3}`;
    numbers as Python reads them first, so `1e3` is 1000.0 (YAML 1.1 would keep it as text)."""
    for number in (int, float):
        try:
            return number(text.strip().replace("_", "x"))
        except ValueError:
            pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(Problem("", TEXT["bad_value"].format(text=text, error=str(exc).splitlines()[0]))) from None


def split_values(text: str) -> list[str]:
    """Split `1,2,{low: 1, likely: 2, high: 3}` at commas outside braces and brackets."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def parse_values(text: str, path: str = "") -> list[Any]:
    """`1,2,3`, `0..6` (whole numbers inclusive), `0..12:3` (with a step) or a mix like `0..2,5`."""
    values: list[Any] = []
    for part in split_values(text):
        match = _RANGE.match(part)
        if match:
            lo, hi, step = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
            if hi < lo or step <= 0:
                raise InputError(Problem(path, TEXT["bad_range"].format(text=part)))
            values.extend(range(lo, hi + 1, step))
        elif ".." in part and not part.startswith("{"):
            raise InputError(Problem(path, TEXT["bad_range"].format(text=part)))
        else:
            values.append(parse_value(part))
    if not values:
        raise InputError(Problem(path, TEXT["no_values"].format(path=path or "PATH")))
    return values


def parse_assignment(text: str) -> tuple[str, list[Any]]:
    """`PATH=V1,V2,...` -> (PATH, [V1, V2, ...])."""
    if "=" not in text:
        raise InputError(Problem("", TEXT["no_equals"].format(text=text)))
    path, _, values = text.partition("=")
    path = path.strip()
    parse_path(path)
    return path, parse_values(values, path)


__all__ = [
    "HUNTERS",
    "Step",
    "fix_head_count",
    "get_path",
    "head_count_path",
    "parse_assignment",
    "parse_path",
    "parse_value",
    "parse_values",
    "set_path",
    "set_paths",
    "split_values",
]
