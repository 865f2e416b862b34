"""Mutations of scenario documents for the loader fuzzer (`tests/fuzz/fuzz_loader.py`).

Each mutation takes a copy of a shipped scenario (as parsed data or as text) and breaks it the
way a careless or hostile author would: huge, tiny and non-finite numbers, integers too large
for a float, long strings, wrong types, deleted and duplicated keys and list items, nesting
thousands of levels deep, YAML anchors and aliases up to billion-laughs bombs, JSON with
duplicate keys, and plain text corruption. `mutate(rng, base_text)` returns the text of one
document; it is deterministic for a given `random.Random` state.
"""

from __future__ import annotations

import copy
import json
import random
import re
from typing import Any, Callable

import yaml

DEEP = "__DEEP_NESTING__"  # replaced in the text (yaml.dump itself would recurse)
_DEEP_MARKER = re.compile(rf"""['"]?{DEEP}['"]?""")

HOSTILE_NUMBERS: list[Any] = [
    1e308, -1e308, 1.7976931348623157e308, 5e-324, float("nan"), float("inf"), float("-inf"),
    2**70, -(2**70), 2**63, 2**53 + 1, 10**30, -0.0, 0, -1, -1e-9, 1e12, 1e12 + 1, 10_000, 10_001,
    10_000_000, 10_000_001, 0.005, 1e-300, 99.999, 100.0001, 1180591620717411303424,
]
HOSTILE_SCALARS: list[Any] = [
    None, True, False, "", " ", "1", "1e308", ".nan", "x" * 201, "x" * 5_001, "\u0000", "\ud7ff",
    "=cmd|' /C calc'!A0", "-", "a" * 81, "é" * 100, "2001-12-14", [], {}, [[]], {"low": 1},
    {"low": 3, "likely": 2, "high": 1}, {"low": 0, "likely": 1e308, "high": float("inf")},
    {"low": -1, "likely": 0, "high": 2**70},
]


def _walk(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path (tuple of keys and indices) inside a parsed document."""
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_walk(v, path + (k,)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_walk(v, path + (i,)))
    return out


def _get(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _pick(rng: random.Random, doc: Any, want: Callable[[Any], bool] = lambda v: True) -> tuple | None:
    paths = [p for p in _walk(doc) if p and want(_get(doc, p))]
    return rng.choice(paths) if paths else None


def _long_string(rng: random.Random) -> str:
    return rng.choice("xя-= ") * rng.choice([201, 5_001, 10_001, 100_000, 2_000_000, 6_000_000])


# ----- mutations of parsed data -------------------------------------------------------------
def set_number(rng, doc):
    path = _pick(rng, doc, lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    return doc if path is None else _set(doc, path, rng.choice(HOSTILE_NUMBERS))


def set_scalar(rng, doc):
    path = _pick(rng, doc)
    return doc if path is None else _set(doc, path, copy.deepcopy(rng.choice(HOSTILE_SCALARS + HOSTILE_NUMBERS)))


def set_long_string(rng, doc):
    path = _pick(rng, doc, lambda v: isinstance(v, str))
    return doc if path is None else _set(doc, path, _long_string(rng))


def wrong_type(rng, doc):
    path = _pick(rng, doc)
    if path is None:
        return doc
    value = _get(doc, path)
    options = [[value], {"x": value}, str(value)[:50], 1, None]
    if isinstance(value, list) and value:
        options.append(value[0])
    if isinstance(value, dict) and value:
        options.append(list(value.values()))
    return _set(doc, path, rng.choice(options))


def delete(rng, doc):
    path = _pick(rng, doc)
    if path is None:
        return doc
    parent = _get(doc, path[:-1])
    del parent[path[-1]]
    return doc


def duplicate_item(rng, doc):
    path = _pick(rng, doc, lambda v: isinstance(v, list) and bool(v))
    if path is None:
        return doc
    items = _get(doc, path)
    times = rng.choice([1, 1, 2, 20, 5_001, 20_001])
    times = min(times, max(1, 3_000_000 // max(1, len(str(items[0])))))  # documents of a few MB at most
    items.extend(copy.deepcopy(rng.choice(items)) for _ in range(times))
    return doc


def grow_team(rng, doc):
    """Many large groups: the person-name check must stay linear."""
    team = doc.setdefault("team", {}) if isinstance(doc, dict) else None
    if not isinstance(team, dict):
        return doc
    n = rng.choice([10, 1_000, 5_000, 5_001])
    count = rng.choice([1, 2, 10_000, 10_001])
    groups = [{"id": f"g{i}", "count": count, "hours": 100} for i in range(n)]
    if rng.random() < 0.5:
        groups[0]["people"] = [f"g{j}-{k}" for j in range(1, 4) for k in range(1, 4)]
    team["managers"] = groups
    return doc


def rename_key(rng, doc):
    path = _pick(rng, doc, lambda v: True)
    if path is None or not isinstance(path[-1], str):
        return doc
    parent = _get(doc, path[:-1])
    value = parent.pop(path[-1])
    parent[rng.choice([path[-1] + "s", path[-1][:-1], path[-1].upper(), "<<", "?", "1", ""])] = value
    return doc


def head_counts(rng, doc):
    """Today's count against the decided range, in every order."""
    paths = [p for p in _walk(doc) if p and p[-1] in ("count", "min_count", "max_count", "max_headcount")]
    for path in rng.sample(paths, min(len(paths), rng.randint(1, 3))):
        _set(doc, path, rng.choice([0, 1, 2, 3, 7, 10_000, 10_001, -1, 2**70]))
    return doc


def deep_nesting(rng, doc):
    path = _pick(rng, doc)
    return doc if path is None else _set(doc, path, DEEP)


def level_contacts(rng, doc):
    """Hours from contacts x hours_per_contact: derived numbers out of bounds."""
    path = _pick(rng, doc, lambda v: isinstance(v, dict) and "hours_per_client" in v)
    if path is None:
        return doc
    level = _get(doc, path)
    level.pop("hours_per_client")
    level["contacts"] = rng.choice([1, 2, 100, 10_000, 1e6])
    level["hours_per_contact"] = rng.choice([0.5, 1e308, 1e4, 10_000, 1.0e300, 2**70])
    return doc


DATA_MUTATIONS = [
    set_number, set_number, set_scalar, set_scalar, set_long_string, wrong_type, delete, delete,
    duplicate_item, grow_team, rename_key, head_counts, head_counts, deep_nesting, level_contacts,
]


# ----- text of a document -------------------------------------------------------------------
def _deep_text(rng: random.Random) -> str:
    depth = rng.choice([65, 1_000, 5_000, 100_000])
    if rng.random() < 0.5:
        return "[" * depth + "]" * depth
    return "{a: " * depth + "1" + "}" * depth


def alias_bomb(rng: random.Random, text: str) -> str:
    """Billion laughs: levels x fan aliases, then a real field points at the last anchor."""
    levels, fan = rng.choice([(9, 9), (12, 6), (5, 10), (30, 2), (3, 3)])
    lines = ["x0: &a0 [lol]"]
    for i in range(1, levels + 1):
        lines.append(f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]")
    header = "\n".join(lines) + "\n"
    target = rng.choice(["segments", "name", "goal", "team"])
    return header + text.replace(f"\n{target}:", f"\n{target}: *a{levels}\nunused_{target}:", 1)


# libyaml's emitter and parser when installed: the fuzzer spends its time in the planner, not here.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AliasDumper(_Dumper):  # type: ignore[misc, valid-type]
    """Writes objects shared in the data as anchors and aliases."""


def _share_levels(data: Any) -> Any:
    segs = data.get("segments") if isinstance(data, dict) else None
    if isinstance(segs, list) and segs and isinstance(segs[0], dict) and "levels" in segs[0]:
        for seg in segs[1:]:
            if isinstance(seg, dict) and "levels" in seg:
                seg["levels"] = segs[0]["levels"]
    return data


def corrupt_text(rng: random.Random, text: str) -> str:
    choice = rng.randrange(6)
    pos = rng.randrange(max(1, len(text)))
    if choice == 0:
        return text[:pos]
    if choice == 1:
        return text[:pos] + rng.choice(["\t", ":", "- ", "[", "{", "&a ", "*a ", "!!python/object:os.system ", "\x00", "\ufeff", "'"]) + text[pos:]
    if choice == 2:
        return text.replace("\n", "\n" + " " * rng.randint(1, 3), 1)
    if choice == 3:
        return text + text  # every key twice
    if choice == 4:
        return text[:pos] + "\n---\n" + text[pos:]
    return "".join(c if rng.random() > 0.01 else rng.choice("{}[],:#&*!|>'\"%@`") for c in text)


def json_duplicate_key(rng: random.Random, data: Any) -> str:
    text = json.dumps(data, allow_nan=True)
    keys = [k for k in ('"name": ', '"id": ', '"clients": ', '"count": ') if k in text]
    if not keys:
        return text
    key = rng.choice(keys)
    return text.replace(key, f"{key}1, {key}", 1)


def dump(rng: random.Random, data: Any) -> str:
    """The document as YAML or (a third of the time) JSON."""
    if rng.random() < 0.33:
        try:
            text = json.dumps(data, allow_nan=True, ensure_ascii=rng.random() < 0.5)
        except (TypeError, ValueError):
            text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    else:
        if rng.random() < 0.2:
            data = _share_levels(data)
        text = yaml.dump(data, Dumper=_AliasDumper, sort_keys=False, allow_unicode=True, width=200)
    # One pass (a duplicated item may carry the marker thousands of times): the first few become
    # deep nesting, the rest an empty list, so the document stays a few MB.
    deep = iter([_deep_text(rng) for _ in range(3)])
    return _DEEP_MARKER.sub(lambda _: next(deep, "[]"), text)


def parse(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


def mutate(rng: random.Random, base_text: str, base_data: Any = None) -> str:
    """One hostile document derived from a shipped scenario (its text, and its parsed data if
    the caller parsed it already)."""
    roll = rng.random()
    if roll < 0.08:
        return alias_bomb(rng, base_text)
    if roll < 0.16:
        return corrupt_text(rng, base_text)
    data = copy.deepcopy(base_data) if base_data is not None else parse(base_text)
    for _ in range(rng.choice([1, 1, 1, 2, 3, 5])):
        data = rng.choice(DATA_MUTATIONS)(rng, data)
    if roll < 0.22:
        return json_duplicate_key(rng, data)
    return dump(rng, data)


__all__ = ["mutate", "parse"]
