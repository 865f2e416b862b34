"""Structural edits of a scenario: add, rename, delete and reorder segments, levels, manager
groups, people and prospect segments, with the references that follow them.

Every function works on the plain data of a scenario (`scenario_to_data`) in place, so that the
caller validates the result once (`scenario_from_data`) and keeps the old scenario when it is
refused. References that follow an id:

- a segment id: the client table's segmentation rules (`clients.segmentation.rules[].segment`)
  and today's allocation (`current.levels.<segment>`);
- a level id: today's allocation (`current.levels.<segment>.<level>`);
- a prospect id: the prospect table's rules (`prospects_data.segmentation.rules[].segment`);
- a group id: its people. A group without a `people` list names its people after the group
  (`<group>-1`, ... or the group id for one person), and those names are the link to the client
  table's manager and lock columns, so a renamed group first writes its old names out as its
  `people` list: its people keep their names.
- a person id is that link itself, so people are renamed by their display name only
  (`people_names`, an extension of PLANNER.md) and never by id.

Deleting a segment removes the rules that name it (its clients become `unassigned`, which the
segmentation reports) and its entry of today's allocation.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from models.people import default_people

KINDS = ("segment", "level", "group", "prospect", "person")
_NOT_ID = re.compile(r"[^\w.\-]+")


def new_id(name: str, taken: Iterable[str], fallback: str) -> str:
    """An id for a new item named `name`: its words joined by `_`, lower case (any script),
    unique among `taken` (`_2`, `_3`, ... appended)."""
    base = _NOT_ID.sub("_", name.strip().lower()).strip("_.-")[:60] or fallback
    if not re.match(r"\w", base):
        base = fallback
    taken = set(taken)
    candidate, k = base, 1
    while candidate in taken:
        k += 1
        candidate = f"{base}_{k}"
    return candidate


# ----- finding items ---------------------------------------------------------------------------
def _items(data: dict[str, Any], kind: str, parent: str | None = None) -> list[dict[str, Any]]:
    if kind == "segment":
        return data.setdefault("segments", [])
    if kind == "prospect":
        return data.setdefault("prospects", [])
    if kind == "group":
        return data.setdefault("team", {}).setdefault("managers", [])
    if kind == "level":
        return _find(data, "segment", parent).setdefault("levels", [])
    raise ValueError(f"unknown kind {kind!r}")


def _find(data: dict[str, Any], kind: str, item_id: str | None, parent: str | None = None) -> dict[str, Any]:
    for item in _items(data, kind, parent):
        if item.get("id") == item_id:
            return item
    raise KeyError(item_id)


def ids(data: dict[str, Any], kind: str, parent: str | None = None) -> list[str]:
    if kind == "person":
        return list(people_of(_find(data, "group", parent)))
    return [item["id"] for item in _items(data, kind, parent)]


def _rules(data: dict[str, Any], block: str) -> list[dict[str, Any]]:
    source = data.get(block) or {}
    return (source.get("segmentation") or {}).get("rules") or []


def _current_levels(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return (data.get("current") or {}).get("levels") or {}


def _drop_empty_current(data: dict[str, Any]) -> None:
    current = data.get("current")
    if current is not None and "levels" in current and not current["levels"]:
        current.pop("levels")
    if current is not None and not current:
        data.pop("current")


# ----- people ----------------------------------------------------------------------------------
def _decided(group: dict[str, Any]) -> bool:
    return group.get("min_count") is not None or group.get("max_count") is not None


def _most_people(group: dict[str, Any]) -> int:
    count = int(group.get("count", 1))
    if not _decided(group):
        return count
    upper = group.get("max_count")
    return max(count, int(upper if upper is not None else count))


def people_of(group: dict[str, Any]) -> tuple[str, ...]:
    """The names of a group's people as the planner names them (PLANNER.md, "people")."""
    given = tuple(group.get("people") or ())
    n = _most_people(group)
    if n == 1 and not given:
        return (group["id"],)
    return default_people(group["id"], given, n)


def _fit_count(group: dict[str, Any]) -> None:
    """After the `people` list changed to n names: a fixed group has n people; a decided group
    may have up to n (its `max_count` becomes n), today's count at most n."""
    n = len(group["people"])
    if not _decided(group):
        group["count"] = n
        return
    group["count"] = min(int(group.get("count", 1)), n)
    if group.get("max_count") is not None or n > group["count"]:
        group["max_count"] = n
    if group.get("min_count") is not None and int(group["min_count"]) > n:
        group["min_count"] = n


def add_person(data: dict[str, Any], group_id: str, name: str, person_id: str | None = None) -> str:
    group = _find(data, "group", group_id)
    everyone = [p for g in _items(data, "group") for p in people_of(g)]
    pid = person_id or new_id(name, everyone, f"{group_id}-person")
    group["people"] = [*people_of(group), pid]
    _fit_count(group)
    if name and name != pid:
        group.setdefault("people_names", {})[pid] = name
    return pid


def delete_person(data: dict[str, Any], group_id: str, person_id: str) -> None:
    group = _find(data, "group", group_id)
    people = list(people_of(group))
    if person_id not in people:
        raise KeyError(person_id)
    if len(people) == 1:
        raise ValueError("a group keeps at least one person: delete the group instead")
    people.remove(person_id)
    group["people"] = people
    _fit_count(group)
    names = group.get("people_names") or {}
    names.pop(person_id, None)
    if not names:
        group.pop("people_names", None)


def set_person_name(data: dict[str, Any], group_id: str, person_id: str, name: str | None) -> None:
    group = _find(data, "group", group_id)
    if person_id not in people_of(group):
        raise KeyError(person_id)
    names = group.setdefault("people_names", {})
    if name and name.strip() and name.strip() != person_id:
        names[person_id] = name.strip()
    else:
        names.pop(person_id, None)
    if not names:
        group.pop("people_names")


def move_person(data: dict[str, Any], group_id: str, person_id: str, step: int) -> None:
    group = _find(data, "group", group_id)
    people = list(people_of(group))
    i = people.index(person_id)
    j = min(max(i + step, 0), len(people) - 1)
    people.insert(j, people.pop(i))
    group["people"] = people


# ----- adding ----------------------------------------------------------------------------------
def add_segment(data: dict[str, Any], name: str, *, segment_id: str | None = None, clients: int = 0,
                margin: float = 0.0, priority: str | None = None) -> str:
    sid = segment_id or new_id(name, ids(data, "segment"), "segment")
    item: dict[str, Any] = {"id": sid}
    if name:
        item["name"] = name
    if priority:
        item["priority"] = priority
    item.update(clients=int(clients), margin=float(margin), levels=[])
    _items(data, "segment").append(item)
    return sid


def add_level(data: dict[str, Any], segment_id: str, name: str, *, level_id: str | None = None,
              hours_per_client: float = 0.0, revenue_per_client: float = 0.0, cost_per_client: float = 0.0) -> str:
    lid = level_id or new_id(name, ids(data, "level", segment_id), "level")
    item: dict[str, Any] = {"id": lid}
    if name:
        item["name"] = name
    item.update(hours_per_client=float(hours_per_client), revenue_per_client=float(revenue_per_client))
    if cost_per_client:
        item["cost_per_client"] = float(cost_per_client)
    _items(data, "level", segment_id).append(item)
    return lid


def add_group(data: dict[str, Any], name: str, *, group_id: str | None = None, hours: float = 0.0,
              cost_per_person: float = 0.0, skills: list[str] | None = None) -> str:
    gid = group_id or new_id(name, ids(data, "group"), "group")
    item: dict[str, Any] = {"id": gid}
    if name:
        item["name"] = name
    item.update(count=1, hours=float(hours))
    if skills:
        item["skills"] = list(skills)
    if cost_per_person:
        item["cost_per_person"] = float(cost_per_person)
    _items(data, "group").append(item)
    return gid


def add_prospect(data: dict[str, Any], name: str, *, prospect_id: str | None = None, pool: int = 0,
                 conversion_per_hour: float = 0.0, revenue_per_client: float = 0.0, margin: float = 0.0) -> str:
    pid = prospect_id or new_id(name, ids(data, "prospect"), "prospect")
    item: dict[str, Any] = {"id": pid}
    if name:
        item["name"] = name
    item.update(pool=int(pool), conversion_per_hour=float(conversion_per_hour),
                revenue_per_client=float(revenue_per_client), margin=float(margin))
    _items(data, "prospect").append(item)
    return pid


# ----- renaming, deleting, moving ----------------------------------------------------------------
def set_name(data: dict[str, Any], kind: str, item_id: str, name: str | None, parent: str | None = None) -> None:
    """The display name of an item (empty: none, the id is shown)."""
    if kind == "person":
        set_person_name(data, parent or "", item_id, name)
        return
    item = _find(data, kind, item_id, parent)
    if name and name.strip():
        item["name"] = name.strip()
    else:
        item.pop("name", None)


def rename_id(data: dict[str, Any], kind: str, old: str, new: str, parent: str | None = None) -> None:
    """Change an item's id and every reference to it (see the module's docstring)."""
    if old == new:
        return
    if kind == "person":
        raise ValueError("people keep their ids (the client table's link); change the display name")
    item = _find(data, kind, old, parent)
    if kind == "group":
        item["people"] = list(people_of(item))  # its people keep their names, default ones too
    item["id"] = new
    if kind == "segment":
        for rule in _rules(data, "clients"):
            if rule.get("segment") == old:
                rule["segment"] = new
        levels = _current_levels(data)
        if old in levels:
            data["current"]["levels"] = {new if k == old else k: v for k, v in levels.items()}
    elif kind == "prospect":
        for rule in _rules(data, "prospects_data"):
            if rule.get("segment") == old:
                rule["segment"] = new
    elif kind == "level":
        counts = _current_levels(data).get(parent or "")
        if counts and old in counts:
            data["current"]["levels"][parent] = {new if k == old else k: v for k, v in counts.items()}


def delete(data: dict[str, Any], kind: str, item_id: str, parent: str | None = None) -> None:
    """Remove an item and the references to it (see the module's docstring)."""
    if kind == "person":
        delete_person(data, parent or "", item_id)
        return
    items = _items(data, kind, parent)
    items.remove(_find(data, kind, item_id, parent))
    if kind == "segment":
        if data.get("clients", {}).get("segmentation"):
            seg = data["clients"]["segmentation"]
            seg["rules"] = [r for r in seg.get("rules", []) if r.get("segment") != item_id]
        _current_levels(data).pop(item_id, None)
        _drop_empty_current(data)
    elif kind == "prospect" and data.get("prospects_data", {}).get("segmentation"):
        seg = data["prospects_data"]["segmentation"]
        seg["rules"] = [r for r in seg.get("rules", []) if r.get("segment") != item_id]
    elif kind == "level":
        counts = _current_levels(data).get(parent or "")
        if counts is not None:
            counts.pop(item_id, None)
            if not counts:
                data["current"]["levels"].pop(parent)
            _drop_empty_current(data)


def move(data: dict[str, Any], kind: str, item_id: str, step: int, parent: str | None = None) -> None:
    """Move an item `step` places up (negative) or down in its list (clamped at the ends)."""
    if kind == "person":
        move_person(data, parent or "", item_id, step)
        return
    items = _items(data, kind, parent)
    i = items.index(_find(data, kind, item_id, parent))
    j = min(max(i + step, 0), len(items) - 1)
    items.insert(j, items.pop(i))


__all__ = [
    "KINDS", "add_group", "add_level", "add_person", "add_prospect", "add_segment", "delete", "ids", "move",
    "new_id", "people_of", "rename_id", "set_name",
]
