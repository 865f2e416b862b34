"""Variants as recipes: a list of edits applied to the *current* working scenario.

A variant is not a frozen copy: it is `models.Variant` (a name and `RecipeEdit`s `{path, op,
value}`), and its scenario is always `apply_recipe(working, variant)`, so it follows every later
edit of the working scenario. Adopting a variant applies its edits to the working scenario as it
is now (`adopt_variant`), keeping the later edits, and reports each change in words.

Operations on the value `v` at `path` (a number or a `{low, likely, high}` range):
    set    v := value
    scale  v := v * value          (a range: each of low, likely, high times value)
    add    v := v + value          (a range: each of its numbers shifted)
`[*]` in a path stands for every item of that list (`team.managers[*].hours`), so the old
global percentages are recipes too. An edit whose path no longer exists (a segment deleted
since) is an error naming the edit, never skipped in silence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from pydantic import BaseModel

from models import Scenario
from models.variants import RecipeEdit, Variant
from planner import formatting
from planner.analysis.paths import get_path, parse_path, set_paths
from planner.errors import InputError, Problem
from planner.headings import heading
from planner.i18n import N_, catalogue

OPERATIONS = ("set", "scale", "add")
ANY = "*"

TEXT = catalogue({
    "not_a_number": N_("'{op}' needs a number here, the field holds {current}"),
    "value_number": N_("'{op}' needs a number, got {value!r}"),
    "star_not_list": N_("'[*]' stands for every item of a list, and '{name}' is not a list"),
    "unset": N_("not set"),
    "change": N_("{field}: {old} → {new}"),
    "scaled": N_("{field}: × {factor} ({old} → {new})"),
    "shifted": N_("{field}: {delta} ({old} → {new})"),
    "removed": N_("{field}: {old} → removed"),
    "every": N_("every {what}"),
    "edit_failed": N_("edit {n} ({path}): {message}"),
})
ITEMS = catalogue({
    "segments": N_("segment"),
    "levels": N_("level"),
    "managers": N_("manager group"),
    "prospects": N_("prospect segment"),
})


# ----- applying ----------------------------------------------------------------------------------
def expand_path(scenario: Scenario, path: str) -> list[str]:
    """The concrete paths of `path`: each `[*]` replaced by every id of its list, in order."""
    steps = parse_path(path)
    star = next((i for i, s in enumerate(steps) if s.key == ANY), None)
    if star is None:
        return [path]
    prefix = ".".join(str(s) for s in steps[:star])
    head = (prefix + "." if prefix else "") + steps[star].name
    items = get_path(scenario, head)
    if not isinstance(items, tuple):
        raise InputError(Problem(path, TEXT["star_not_list"].format(name=steps[star].name)))
    rest = ".".join(str(s) for s in steps[star + 1:])
    out: list[str] = []
    for item in items:
        concrete = f"{head}[{item.id}]" + ("." + rest if rest else "")
        out.extend(expand_path(scenario, concrete))
    return out


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json", exclude_unset=True) if isinstance(value, BaseModel) else value


def _number(op: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(TEXT["value_number"].format(op=op, value=value))
    return value


def _keep_whole(old: Any, new: float) -> Any:
    """Counts stay whole numbers: an int field shifted by a whole amount stays an int."""
    if isinstance(old, int) and not isinstance(old, bool) and float(new).is_integer():
        return int(new)
    return float(new)


def edited_value(current: Any, op: str, value: Any) -> Any:
    """The new value of a field holding `current` (plain data) after `op value`."""
    if op == "set":
        return _plain(value)
    factor = _number(op, value)
    current = _plain(current)

    def one(x: Any) -> Any:
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            raise ValueError(TEXT["not_a_number"].format(op=op, current=TEXT["unset"] if x is None else repr(x)))
        return _keep_whole(x, x * factor if op == "scale" else x + factor)

    if isinstance(current, dict) and current and all(isinstance(v, (int, float)) for v in current.values()):
        return {k: float(one(v)) for k, v in current.items()}
    return one(current)


def concrete_edits(scenario: Scenario, edits: Iterable[RecipeEdit]) -> list[tuple[str, Any, Any]]:
    """(path, old value, new value) of every edit, `[*]` expanded, each checked to exist.
    Edits apply in order, so a later edit of the same field works on the earlier one's result."""
    out: list[tuple[str, Any, Any]] = []
    pending: dict[str, Any] = {}
    for n, edit in enumerate(edits, start=1):
        try:
            paths = expand_path(scenario, edit.path)
            for path in paths:
                old = pending[path] if path in pending else _plain(get_path(scenario, path))
                new = edited_value(old, edit.op, edit.value)
                pending[path] = new
                out.append((path, old, new))
        except InputError as exc:
            raise InputError([Problem(edit.path, TEXT["edit_failed"].format(n=n, path=edit.path, message=p.message))
                              for p in exc.problems]) from None
        except ValueError as exc:
            raise InputError(Problem(edit.path, TEXT["edit_failed"].format(n=n, path=edit.path, message=str(exc)))) from None
    return out


def without_variants(scenario: Scenario) -> Scenario:
    """The scenario that gets planned: its variants never change its plan (nor its cache key)."""
    if not scenario.variants:
        return scenario
    bare = scenario.model_copy(update={"variants": ()})
    # as if never set, so that it saves (and caches) exactly like a scenario without variants
    object.__setattr__(bare, "__pydantic_fields_set__", set(scenario.model_fields_set) - {"variants"})
    return bare


def apply_edits(scenario: Scenario, edits: Sequence[RecipeEdit]) -> Scenario:
    """A new validated Scenario: `scenario` with `edits` applied in order (its variants kept).
    Raises InputError naming the edit and the field when a path is unknown or a value refused."""
    changes = concrete_edits(scenario, edits)
    if not changes:
        return scenario
    final: dict[str, Any] = {}
    for path, _old, new in changes:
        final[path] = new
    return set_paths(scenario, final)


def apply_recipe(working: Scenario, variant: Variant) -> Scenario:
    """The variant's scenario: the current working scenario (without its variants) plus the
    variant's edits."""
    return apply_edits(without_variants(working), variant.edits)


@dataclass(frozen=True)
class Adopted:
    """The working scenario after adopting a variant, and each change in words."""

    scenario: Scenario
    changes: tuple[str, ...]


def adopt_variant(working: Scenario, variant: Variant) -> Adopted:
    """Apply the variant's edits to the working scenario as it is now (later edits kept, the
    variants kept, the adopted one included), with a sentence per changed field."""
    new = apply_edits(working, variant.edits)
    return Adopted(new, tuple(describe_edits(working, variant.edits)))


# ----- a recipe from a whole scenario ---------------------------------------------------------------
def _leaf_edit(path: str, value: Any) -> RecipeEdit | None:
    """A `set` edit when the value is one a recipe can hold (a number, text, flag, None, or a
    mapping of numbers such as a range), else None."""
    value = _plain(value)
    if isinstance(value, dict) and not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
        return None
    if isinstance(value, (list, tuple)):
        return None
    return RecipeEdit(path=path, op="set", value=value)


def _differences(a: Any, b: Any, path: str, out: list[RecipeEdit]) -> bool:
    """Append the `set` edits that turn `a` into `b`; False when the difference is one of
    structure (items added, removed or reordered) that a recipe cannot express."""
    if a == b:
        return True
    if isinstance(a, BaseModel) and type(a) is type(b):
        for name in type(a).model_fields:
            if name == "variants" and not path:
                continue
            if not _differences(getattr(a, name), getattr(b, name), f"{path}.{name}" if path else name, out):
                return False
        return True
    if isinstance(a, tuple) and isinstance(b, tuple) and a and b and all(hasattr(x, "id") for x in a + b):
        if [x.id for x in a] != [x.id for x in b]:
            return False
        return all(_differences(x, y, f"{path}[{x.id}]", out) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict) and any(isinstance(v, BaseModel) for v in (*a.values(), *b.values())):
        if list(a) != list(b):
            return False
        return all(_differences(a[k], b[k], f"{path}[{k}]", out) for k in a)
    leaf = _leaf_edit(path, b)
    if leaf is None or not path:
        return False
    out.append(leaf)
    return True


def recipe_between(working: Scenario, other: Scenario, name: str) -> Variant | None:
    """The recipe (a `set` edit per changed field) that turns `working` into `other`, checked by
    applying it; None when `other` differs in structure (another list of segments, say), which
    a recipe of field edits cannot express. Reads a bundle's whole-scenario variants."""
    edits: list[RecipeEdit] = []
    base, target = without_variants(working), without_variants(other)
    if not _differences(base, target, "", edits):
        return None
    variant = Variant(name=name, edits=tuple(edits))
    try:
        same = apply_recipe(base, variant) == target
    except InputError:
        return None
    return variant if same else None


# ----- in words ----------------------------------------------------------------------------------
def _item_name(scenario: Scenario, steps, upto: int) -> str:
    """The display name of the item that step `upto` selects (its name, else its id)."""
    path = ".".join(str(s) for s in steps[: upto + 1])
    try:
        item = get_path(scenario, path)
    except InputError:
        return str(steps[upto].key)
    return str(getattr(item, "name", None) or getattr(item, "id", None) or steps[upto].key)


def field_words(scenario: Scenario, path: str) -> str:
    """`segments[key].levels[full].hours_per_client` -> `Key accounts › Full service › hours per
    client` (display names where the scenario has them; `every segment` for `[*]`)."""
    steps = parse_path(path)
    parts: list[str] = []
    for i, step in enumerate(steps):
        if step.key == ANY:
            parts.append(TEXT["every"].format(what=ITEMS.get(step.name, step.name)))
        elif step.key is not None:
            parts.append(_item_name(scenario, steps, i) if step.name != "priorities" else str(step.key))
        elif i == len(steps) - 1:
            parts.append(heading(step.name))
        elif step.name == "hunters":
            parts.append(heading("hunters"))
    return " › ".join(parts)


def value_words(value: Any, scenario: Scenario | None = None) -> str:
    """A value for people: numbers by the language, a range as low–likely–high, None as 'not set'."""
    value = _plain(value)
    if value is None:
        return TEXT["unset"]
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return formatting.number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, dict) and {"low", "likely", "high"} <= set(value):
        return "–".join(value_words(value[k]) for k in ("low", "likely", "high"))
    return str(value)


def describe_edit(scenario: Scenario, edit: RecipeEdit) -> list[str]:
    """One sentence per field the edit changes on `scenario` (a `[*]` edit: one per item)."""
    out = []
    for path, old, new in concrete_edits(scenario, [edit]):
        field = field_words(scenario, path)
        if edit.op == "scale":
            out.append(TEXT["scaled"].format(field=field, factor=value_words(edit.value), old=value_words(old),
                                             new=value_words(new)))
        elif edit.op == "add":
            out.append(TEXT["shifted"].format(field=field, delta=formatting.number(edit.value, 0 if float(edit.value).is_integer() else 2, signed=True),
                                              old=value_words(old), new=value_words(new)))
        elif new is None and old is not None:
            out.append(TEXT["removed"].format(field=field, old=value_words(old)))
        else:
            out.append(TEXT["change"].format(field=field, old=value_words(old), new=value_words(new)))
    return out


def describe_edits(scenario: Scenario, edits: Sequence[RecipeEdit]) -> list[str]:
    """Each edit in words on `scenario`; an edit that no longer applies says why."""
    out: list[str] = []
    for edit in edits:
        try:
            out.extend(describe_edit(scenario, edit))
        except InputError as exc:
            out.extend(str(p.message) for p in exc.problems)
    return out


def edit(path: str, op: str, value: Any) -> RecipeEdit:
    """A checked RecipeEdit (the path parsed, the operation known, a number for scale/add)."""
    parse_path(path)
    if op not in OPERATIONS:
        raise InputError(Problem(path, f"op: {op!r} not in {', '.join(OPERATIONS)}"))
    if op != "set":
        try:
            _number(op, value)
        except ValueError as exc:
            raise InputError(Problem(path, str(exc))) from None
    return RecipeEdit(path=path, op=op, value=_plain(value))


__all__ = [
    "ANY",
    "OPERATIONS",
    "Adopted",
    "adopt_variant",
    "apply_edits",
    "apply_recipe",
    "concrete_edits",
    "describe_edit",
    "describe_edits",
    "edit",
    "edited_value",
    "expand_path",
    "field_words",
    "recipe_between",
    "value_words",
    "without_variants",
]
