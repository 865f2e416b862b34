"""People of the manager groups: their default names and the check that no name is in two groups.

A group of N people (N = the most it can have, today or in a plan) is named, as PLANNER.md says:
the names its `people` list gives, then `<group id>-1`, `<group id>-2`, ... (skipping a name the
list already took); a group of one person without a list is that person, named by the group id.

The check that no person belongs to two groups must not build every name: 5,000 groups of
10,000 people are 50 million strings. It does not need to, because two *different* groups'
default names never collide: `<a>-<k>` has all digits after its last '-', so if `<a>-<k>` equalled
`<b>-<j>` with `b` longer than `a`, `b` would end inside the digits of `k` and the '-' after it
would have to be a digit. Only the *special* names (those a list gives, and the id of a
one-person group) can collide with anything, and a special name `x-<k>` can only be the default
name `<k>` of the group with id `x`, which is arithmetic (`default_index`). The check is linear in
the special names and never looks at a default name.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, Iterable, Sequence

from models.messages import Issue


def default_people(group_id: str, given: Sequence[str], n: int) -> tuple[str, ...]:
    """The first `n` names of a group: those given, then `<group id>-<k>` (k counting on from
    the given names, skipping any name already taken). Linear in `n`."""
    names = list(given[:n])
    taken = set(names)
    k = len(names)
    while len(names) < n:
        k += 1
        candidate = f"{group_id}-{k}"
        if candidate not in taken:  # generated names never equal each other, only a given one
            names.append(candidate)
    return tuple(names)


class GroupNames:
    """The names of one group's people without building them: its special names, and a test
    whether `<id>-<k>` is one of its default names (and at which position)."""

    def __init__(self, group_id: str, given: Sequence[str], size: int):
        self.group_id = group_id
        self.size = size
        self.given = tuple(given[:size])
        self.single = size == 1 and not self.given  # one person, named by the group id
        first = len(self.given) + 1
        prefix = f"{group_id}-"
        # k >= first whose default name a given name already took (default_people skips them).
        self.skipped = sorted(
            {k for k in (_suffix_number(name, prefix) for name in self.given) if k is not None and k >= first}
        )
        self.first = first
        self.defaults = 0 if self.single else max(0, size - len(self.given))

    def special(self) -> Iterable[tuple[int, str]]:
        """(position, name) of the names that are not default names."""
        if self.single:
            yield 0, self.group_id
        else:
            yield from enumerate(self.given)

    def default_index(self, k: int) -> int | None:
        """Position of `<id>-<k>` among this group's names, or None if it is not one of them."""
        if self.defaults == 0 or k < self.first:
            i = None
        else:
            below = bisect_left(self.skipped, k)
            if below < len(self.skipped) and self.skipped[below] == k:
                return None
            rank = k - self.first - below  # 0-based among the generated names
            i = len(self.given) + rank if rank < self.defaults else None
        return i


def _suffix_number(name: str, prefix: str) -> int | None:
    """k if `name` is exactly `<prefix><k>` as `default_people` writes it, else None."""
    if not name.startswith(prefix):
        return None
    return _canonical_number(name[len(prefix):])


def _canonical_number(digits: str) -> int | None:
    """The positive integer `digits` writes the way `str(k)` does (no sign, no leading zero)."""
    if not digits or not digits.isascii() or not digits.isdigit() or digits[0] == "0" or len(digits) > 18:
        return None
    return int(digits)


def person_collisions(groups: Sequence[Any], path: str = "team.managers") -> list[Issue]:
    """Every person name that two groups (of different ids) share, reported at the later group
    with the id of the first group that has it, in the order of the groups and their people
    (as a check that built every name would report them)."""
    names = [GroupNames(g.id, tuple(g.people or ()), g.most_people) for g in groups]
    by_id: dict[str, list[int]] = {}
    for i, g in enumerate(names):
        by_id.setdefault(g.group_id, []).append(i)

    holders: dict[str, set[tuple[int, int]]] = {}
    for i, g in enumerate(names):
        for position, name in g.special():
            holders.setdefault(name, set()).add((i, position))
    for name in list(holders):
        cut = name.rfind("-")
        k = _canonical_number(name[cut + 1:]) if cut > 0 else None
        if k is None:
            continue
        for j in by_id.get(name[:cut], ()):
            position = names[j].default_index(k)
            if position is not None:
                holders[name].add((j, position))

    reports: list[tuple[int, int, str, str]] = []
    for name, held in holders.items():
        if len(held) < 2:
            continue
        ordered = sorted(held)
        owner = names[ordered[0][0]].group_id
        for i, position in ordered[1:]:
            if names[i].group_id != owner:
                reports.append((i, position, name, owner))
    reports.sort()
    return [Issue(f"{path}[{i}].people", "person_elsewhere", {"name": name, "group": owner}) for i, _, name, owner in reports]


__all__ = ["GroupNames", "default_people", "person_collisions"]
