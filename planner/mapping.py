"""Which column of a client table is which: the column mapping of the `clients` block, guessed
from the headers (any language) and a sample of the values, for the app's mapping step.

Roles (each the `clients` key it fills): `id` -> `id_column`, `name` -> `name_column`, `revenue`
-> `revenue_column` (12 months), `margin` -> `margin_column`, `manager` -> `manager_column`,
`level` -> `level_column`, `lock` -> `lock_column`. Every other column may feed a criterion.

The guess scores each (role, column) pair and takes the best pairs first, one column per role
and one role per column:

- the header, lower-cased with punctuation dropped, against each role's words in English and
  Russian (`ROLE_WORDS`): the whole header is a word (3), starts with one (2), holds one (1);
- the values then rule out a column: revenue and margin need numbers, margin rates lie within
  0..1 (or 0..100 %), an id needs distinct values in the sample; a numeric column is never
  a name or a manager;
- without a header match, the id is the first column of distinct text values and the revenue
  the numeric column with the largest total, when one is clearly money (not a rate or a count
  below 1,000 everywhere).
A guess is a proposal: the user confirms or changes it, and the scenario validation decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner.tables import read_header, read_table, to_numeric

ROLES = ("id", "name", "revenue", "margin", "manager", "level", "lock")
ROLE_KEYS = {role: f"{role}_column" for role in ROLES}
SAMPLE_VALUES = 3  # shown per column
SAMPLE_ROWS = 500  # rows read to guess

# Words of each role, lower case; a multi-word entry matches as a phrase.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "client id", "client_id", "customer id", "account id", "code", "client code", "number", "no",
           "код", "код клиента", "идентификатор", "ид", "номер", "инн", "№"),
    "name": ("name", "client", "customer", "company", "account", "account name", "client name", "company name",
             "клиент", "наименование", "название", "контрагент", "покупатель", "компания", "организация",
             "имя клиента", "наименование клиента"),
    "revenue": ("revenue", "revenue 12m", "revenue_12m", "sales", "turnover", "sales 12m", "annual revenue",
                "выручка", "оборот", "продажи", "сумма продаж", "отгрузки", "объём продаж", "объем продаж",
                "выручка за 12 мес"),
    "margin": ("margin", "margin rate", "gross margin", "gm", "маржа", "маржинальность", "рентабельность",
               "наценка", "валовая маржа"),
    "manager": ("manager", "account manager", "owner", "sales rep", "rep", "salesperson", "responsible",
                "менеджер", "ответственный", "куратор", "продавец", "ответственный менеджер", "кам"),
    "level": ("level", "service level", "tier", "service", "уровень", "уровень обслуживания", "обслуживание"),
    "lock": ("lock", "locked", "keep", "pinned", "fixed owner", "закреплен", "закреплён", "закрепить",
             "не передавать", "фиксированный"),
}
_NUMERIC_ROLES = {"revenue", "margin"}
_TEXT_ROLES = {"name", "manager", "level"}
_PUNCTUATION = re.compile(r"[^\w№%]+", re.UNICODE)


@dataclass(frozen=True)
class ColumnSample:
    """One column as the mapping step shows it: a few values as written, whether every value
    reads as a number, how many cells are empty and how many distinct values there are."""

    column: str
    values: tuple[str, ...]
    numeric: bool
    missing: int
    distinct: int
    total: float | None = None  # the sum, for numeric columns


@dataclass(frozen=True)
class MappingGuess:
    """The proposed column of each role (None: no column fits), and the other columns."""

    columns: dict[str, str | None]
    samples: tuple[ColumnSample, ...]

    @property
    def criterion_columns(self) -> tuple[str, ...]:
        """Columns no role takes: candidates for criteria."""
        taken = {c for c in self.columns.values() if c}
        return tuple(s.column for s in self.samples if s.column not in taken)

    def clients_block(self) -> dict[str, str]:
        """The `clients` keys of the guess (roles without a column left out)."""
        return {ROLE_KEYS[role]: col for role, col in self.columns.items() if col}


def normalise(header: str) -> str:
    """`Выручка за 12 мес., руб.` -> `выручка за 12 мес руб`."""
    return " ".join(_PUNCTUATION.sub(" ", str(header).lower().replace("ё", "е")).split())


def header_score(role: str, header: str) -> int:
    """3 when the header is one of the role's words, 2 when it starts with one, 1 when it holds
    one as a whole word or phrase, else 0."""
    h = normalise(header)
    if not h:
        return 0
    best = 0
    for word in ROLE_WORDS[role]:
        w = normalise(word)
        if not w:
            continue
        if h == w:
            return 3
        if h.startswith(w + " ") or h.startswith(w + "_"):
            best = max(best, 2)
        elif re.search(rf"(^|\s){re.escape(w)}(\s|$)", h):
            best = max(best, 1)
    return best


def column_samples(frame: pd.DataFrame, n_values: int = SAMPLE_VALUES) -> tuple[ColumnSample, ...]:
    """A sample per column of a table read as text (the first distinct non-empty values)."""
    out = []
    for col in frame.columns:
        series = frame[col]
        text = series.astype("string").str.strip()
        present = text[text.notna() & (text != "")]
        values, bad = to_numeric(series)
        numeric = bool(len(present)) and not bool(bad.any())
        out.append(ColumnSample(
            column=str(col),
            values=tuple(str(v) for v in present.drop_duplicates().head(n_values)),
            numeric=numeric,
            missing=int(len(series) - len(present)),
            distinct=int(present.nunique()),
            total=float(values.sum()) if numeric else None,
        ))
    return tuple(out)


def _fits(role: str, sample: ColumnSample, values: pd.Series | None, rows: int) -> bool:
    """Whether a column's values can play the role (see the module docstring)."""
    if role in _NUMERIC_ROLES and not sample.numeric:
        return False
    if role in _TEXT_ROLES and sample.numeric:
        return False
    if role == "margin" and values is not None:
        v = values.dropna()
        if len(v) and (v.min() < -1 or v.max() > 100):
            return False
    if role == "id" and sample.distinct < rows - sample.missing:
        return False
    return True


def guess_mapping(frame: pd.DataFrame) -> MappingGuess:
    """The proposed mapping of a table read as text (every column, a sample of its rows)."""
    samples = column_samples(frame)
    numbers = {s.column: to_numeric(frame[s.column])[0] if s.numeric else None for s in samples}
    rows = len(frame)
    pairs = []
    for k, s in enumerate(samples):
        for role in ROLES:
            score = header_score(role, s.column)
            if score and _fits(role, s, numbers[s.column], rows):
                pairs.append((-score, k, ROLES.index(role), role, s.column))
    chosen: dict[str, str | None] = dict.fromkeys(ROLES)
    taken: set[str] = set()
    for _, _, _, role, column in sorted(pairs):
        if chosen[role] is None and column not in taken:
            chosen[role] = column
            taken.add(column)
    if chosen["id"] is None:
        for s in samples:
            if s.column not in taken and not s.numeric and _fits("id", s, None, rows) and s.distinct:
                chosen["id"] = s.column
                taken.add(s.column)
                break
    if chosen["revenue"] is None:
        money = [s for s in samples if s.column not in taken and s.numeric and s.total is not None
                 and numbers[s.column] is not None and float(numbers[s.column].abs().max()) >= 1000]
        if money:
            best = max(money, key=lambda s: s.total or 0.0)
            chosen["revenue"] = best.column
    return MappingGuess(columns=chosen, samples=samples)


def read_sample(path: Path, *, sheet: str | int | None = None, delimiter: str | None = None,
                encoding: str | None = None, rows: int = SAMPLE_ROWS, problem_path: str = "clients.file") -> pd.DataFrame:
    """Every column of a table as text (its first `rows` rows), for `guess_mapping`."""
    options: dict[str, Any] = dict(sheet=sheet, delimiter=delimiter, encoding=encoding, problem_path=problem_path)
    header = read_header(path, **options)
    unique = list(dict.fromkeys(h for h in header if h))
    table = read_table(path, text_columns=unique, **options)
    return table.frame.head(rows).reset_index(drop=True)


def guess_file(path: Path, **options: Any) -> MappingGuess:
    """`guess_mapping` of a table file (`read_sample` options)."""
    return guess_mapping(read_sample(path, **options))


def apply_mapping(clients: dict[str, Any], columns: dict[str, str | None]) -> dict[str, Any]:
    """A `clients` block (as data) with the mapping's columns set; a role mapped to None drops
    its key (id and revenue then take their defaults)."""
    out = dict(clients)
    for role, column in columns.items():
        key = ROLE_KEYS[role]
        if column:
            out[key] = column
        else:
            out.pop(key, None)
    return out


__all__ = ["ColumnSample", "MappingGuess", "ROLES", "ROLE_KEYS", "ROLE_WORDS", "apply_mapping", "column_samples",
           "guess_file", "guess_mapping", "header_score", "normalise", "read_sample"]
