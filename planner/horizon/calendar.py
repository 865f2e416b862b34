"""Period labels and the hiring calendar in words, in the reader's language.

A label is `YYYY-MM` when the horizon starts at a month (`start: "2027-01"`, monthly periods),
else the start's text for period 1 and `+k` after it, else the period's number. In words a month
label reads "March 2027" / "март 2027" (Babel's stand-alone month name).
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from planner.formatting import money
from planner.i18n import N_, catalogue, language, ntr

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

TEXT = catalogue({
    "no_changes": N_("No hires and no cuts: the team stays as it is over the horizon."),
    "earlier_gain": N_("starting one period earlier adds {value}"),
    "earlier_loss": N_("starting one period earlier would lower the result by {value}"),
    "earlier_none": N_("cannot start earlier (lead time or head-count limit)"),
    "period": N_("period {t}"),
})


def period_labels(start: str | None, period: str, T: int) -> list[str]:
    """The label of every period 1..T (see the module docstring)."""
    match = _MONTH.match(start or "")
    if match and period == "month" and 1 <= int(match.group(2)) <= 12:
        year, month = int(match.group(1)), int(match.group(2)) - 1
        return [f"{year + (month + t) // 12:04d}-{(month + t) % 12 + 1:02d}" for t in range(T)]
    if start:
        return [start if t == 0 else f"{start}+{t}" for t in range(T)]
    return [str(t + 1) for t in range(T)]


def label_words(label: str) -> str:
    """A label for people: a month in words ("March 2027", "март 2027"), else as it is."""
    match = _MONTH.match(label)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return TEXT["period"].format(t=label) if label.isdigit() else label
    from babel.dates import format_date

    return format_date(date(int(match.group(1)), int(match.group(2)), 1), "LLLL y", locale=language())


def hire_sentence(group: str, n: int, start: str, full: str | None, decide: str) -> str:
    """"juniors: hire 2 people to start in March 2027; full speed in June 2027; decide in January 2027"."""
    if full is None or full == start:
        return ntr("{group}: hire {n} person to start in {start}; decide in {decide}",
                   "{group}: hire {n} people to start in {start}; decide in {decide}", n,
                   group=group, start=label_words(start), decide=label_words(decide))
    return ntr("{group}: hire {n} person to start in {start}; full speed in {full}; decide in {decide}",
               "{group}: hire {n} people to start in {start}; full speed in {full}; decide in {decide}", n,
               group=group, start=label_words(start), full=label_words(full), decide=label_words(decide))


def cut_sentence(group: str, n: int, when: str) -> str:
    return ntr("{group}: reduce by {n} person from {when}", "{group}: reduce by {n} people from {when}", n,
               group=group, when=label_words(when))


def earlier_words(value: float | None, currency: str | None) -> str:
    if value is None or value != value:
        return TEXT["earlier_none"]
    if value >= 0:
        return TEXT["earlier_gain"].format(value=money(value, currency))
    return TEXT["earlier_loss"].format(value=money(-value, currency))


def calendar_lines(calendar: pd.DataFrame, currency: str | None = None) -> list[str]:
    """The calendar table (planner.horizon.plan) as sentences, in period order."""
    if not len(calendar):
        return [TEXT["no_changes"]]
    lines = []
    for row in calendar.itertuples(index=False):
        if row.action == "hire":
            text = hire_sentence(row.name, int(row.people), row.start, row.full_speed, row.decide)
            lines.append(f"{text} ({earlier_words(row.value_earlier, currency)})")
        else:
            lines.append(cut_sentence(row.name, int(row.people), row.start))
    return lines


__all__ = ["calendar_lines", "cut_sentence", "earlier_words", "hire_sentence", "label_words", "period_labels"]
