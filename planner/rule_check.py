"""What the segmentation rules see in a client table: per criterion the values (labels) it
gives and how many clients have each; per rule the clients it takes (first match wins) and
why a rule takes none, in words that lead to the fix ("region has no value 'Moscow' (values:
Москва, Казань, ...); did you mean 'Москва'?").

A rule takes no client when (checked in this order):
1. one of its `when` values is a label no client has: the warning names the rule, the
   criterion, the value and the values that exist (most common first), with the closest value
   when one is close, comparing Latin and Cyrillic spellings through a transliteration;
2. no client meets all its conditions together;
3. clients meet it, but rules above it took them all (first match wins).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.errors import Problem
from planner.i18n import N_, catalogue
from planner.segmentation import ClientTable

SHOWN_VALUES = 12  # values named in a warning

TEXT = catalogue({
    "unknown_value": N_("rule {i} (segment '{segment}') matches no client: criterion '{criterion}' has no value "
                        "'{label}' (values: {values}){hint}"),
    "hint": N_("; did you mean '{match}'?"),
    "more": N_("... and {n} more"),
    "no_combination": N_("rule {i} (segment '{segment}') matches no client: no client meets all its conditions "
                         "together"),
    "shadowed": N_("rule {i} (segment '{segment}') matches no client: the rules above it take all {n} clients "
                   "that meet it"),
})

# Russian letters in Latin (a simple scheme: close enough to compare "Moscow" with "Москва").
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))

# English names of places whose Russian names transliterate far from them.
_EXONYMS = {"moscow": "moskva", "st petersburg": "sankt-peterburg", "st. petersburg": "sankt-peterburg",
            "saint petersburg": "sankt-peterburg", "russia": "rossiya"}


@dataclass(frozen=True)
class CriterionValues:
    """The labels a criterion gives in the table, most common first, with their clients."""

    criterion: str
    columns: tuple[str, ...]
    method: str
    values: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class RuleCheck:
    """One rule: the clients meeting its conditions, those it takes, and the warning if none."""

    index: int
    segment: str
    matching: int
    clients: int
    problem: Problem | None = None


@dataclass(frozen=True)
class RuleReport:
    criteria: tuple[CriterionValues, ...]
    rules: tuple[RuleCheck, ...]

    @property
    def warnings(self) -> list[Problem]:
        """One problem per rule that takes no client."""
        return [r.problem for r in self.rules if r.problem is not None]

    def values_of(self, criterion: str) -> dict[str, int]:
        for c in self.criteria:
            if c.criterion == criterion:
                return dict(c.values)
        raise KeyError(criterion)


def latin(text: str) -> str:
    """Lower-case Latin spelling of a value (Cyrillic transliterated), for comparing."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in str(text).lower())


def closest(label: str, values: list[str]) -> str | None:
    """The value that reads most like `label` in either alphabet, if close enough."""
    def spelling(text: str) -> str:
        plain = latin(text)
        return _EXONYMS.get(plain, plain)

    by_latin = {spelling(v): v for v in values}
    match = difflib.get_close_matches(spelling(label), list(by_latin), n=1, cutoff=0.6)
    return by_latin[match[0]] if match else None


def _value_counts(cat: pd.Categorical) -> tuple[tuple[str, int], ...]:
    counts = np.bincount(cat.codes[cat.codes >= 0], minlength=len(cat.categories))
    names = [str(c) for c in cat.categories]
    ranked = sorted((i for i in range(len(names)) if counts[i]), key=lambda i: (-counts[i], names[i]))
    return tuple((names[i], int(counts[i])) for i in ranked)


def _listed(values: tuple[tuple[str, int], ...]) -> str:
    shown = ", ".join(v for v, _ in values[:SHOWN_VALUES])
    if len(values) > SHOWN_VALUES:
        shown += " " + TEXT["more"].format(n=len(values) - SHOWN_VALUES)
    return shown


def rule_report(table: ClientTable) -> RuleReport:
    """The values each criterion sees and each rule's clients (see the module docstring)."""
    frame = table.frame
    source = table.source
    key = table.key
    criteria = []
    labels: dict[str, pd.Categorical] = {}
    for c in source.segmentation.criteria:
        column = table.label_columns.get(c.id, f"label_{c.id}")
        cat = frame[column].array
        labels[c.id] = cat
        criteria.append(CriterionValues(c.id, c.columns, c.method, _value_counts(cat)))
    values = {c.criterion: c.values for c in criteria}
    n = len(frame)
    open_rows = np.ones(n, dtype=bool)
    rules = []
    for i, rule in enumerate(source.segmentation.rules):
        path = f"{key}.segmentation.rules[{i}]"
        meets = np.ones(n, dtype=bool)
        problem = None
        for name in rule.when:
            cat = labels[name]
            accepted = list(rule.accepted(name))
            lookup = np.isin(np.asarray(cat.categories, dtype=object), accepted)
            meets &= lookup[cat.codes] & (cat.codes >= 0)
            present = {v for v, _ in values[name]}
            for label in accepted:
                if label not in present and problem is None and not (set(accepted) & present):
                    match = closest(label, [v for v, _ in values[name]])
                    hint = TEXT["hint"].format(match=match) if match else ""
                    problem = Problem(f"{path}.when.{name}", TEXT["unknown_value"].format(
                        i=i, segment=rule.segment, criterion=name, label=label, values=_listed(values[name]),
                        hint=hint))
        takes = meets & open_rows
        open_rows &= ~meets
        matching, clients = int(meets.sum()), int(takes.sum())
        if clients == 0 and problem is None:
            text = (TEXT["no_combination"].format(i=i, segment=rule.segment) if matching == 0
                    else TEXT["shadowed"].format(i=i, segment=rule.segment, n=matching))
            problem = Problem(path, text)
        rules.append(RuleCheck(i, rule.segment, matching, clients, problem if clients == 0 else None))
    return RuleReport(tuple(criteria), tuple(rules))


__all__ = ["CriterionValues", "RuleCheck", "RuleReport", "closest", "latin", "rule_report"]
