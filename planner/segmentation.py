"""Segmenting a client table (PLANNER.md, "Segmenting a client table"): criteria turn columns
into labels, rules map labels to segments (first match wins), profiles describe each segment,
and `apply_client_tables` gives the scenario's segments their counts, margins and revenue.

Methods: see planner/classify.py.

Rules: a client goes to the segment of the first rule all of whose `when` entries it matches (a
`when` value is one label or a list); a rule without `when` matches everyone. A client no rule
matches is `unassigned`: its segment is missing in `ClientTable.frame` and it is counted in
the profiles' `unassigned` row and in the JSON's `unassigned`.

Profiles: see planner/profiles.py.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models import ClientsSource, Scenario, TableSource
from planner.containment import contained_file, shown
from planner.errors import InputError, Problem
from planner.classify import (  # MISSING, UNASSIGNED, default_bin_labels re-exported for callers
    MISSING, UNASSIGNED, _categorical, abc_classes, bin_labels, category_labels, criterion_label_set,
    default_bin_labels, default_quantile_labels, duplicated_ids, id_order, id_text_order, quantile_edges,
    score_values,
)
from planner.i18n import N_, catalogue, language, tr
from planner.frames import text_column
from planner.profiles import profiles_json, segment_profiles  # re-exported for callers
from planner.tables import Table, number_problem, read_header, read_table, to_numeric

TOTAL_ROW_WORDS = {"итого", "всего", "total", "grand total", "totals"}

# Column names of ClientTable.frame.
FRAME_COLUMNS = ("row", "client", "segment", "revenue", "margin", "value", "current_person", "locked", "name",
                 "current_level")

# User-facing text (kept in one place for the Russian edition).
TEXT = catalogue({
    "no_column": N_("column '{column}' not found in {file} (columns: {columns}){hint}"),
    "twice": N_("column '{column}' appears {n} times in the header of {file}: rename the copies"),
    "hint": N_("; did you mean '{match}'?"),
    "more_columns": N_(" and {n:,} more"),
    "empty_table": N_("{file} has no data rows"),
    "empty_column": N_("column '{column}' of {file} has no values"),
    "missing_id": N_("{n} rows of {file} have no {column}, e.g. row {rows}"),
    "duplicate_id": N_("{n} duplicate ids in column {column} of {file}, e.g. {examples}"),
    "unknown_label": N_("'{label}' is not a label of criterion '{criterion}' (labels: {labels})"),
    "unknown_criterion": N_("names unknown criterion '{name}' (known: {known})"),
    "reserved": N_("'{name}' is reserved for clients that no rule matches; choose another segment id"),
    "label_never": N_("no row of {file} has label '{label}' of criterion '{criterion}'"),
    "missing_revenue": N_("{n} rows of {file} have no {column}: counted as revenue 0"),
    "missing_value": N_("{n} rows of {file} have no {column}: counted as value 0"),
    "abc_total": N_("column '{column}' sums to {total:g}: no client is below a share, all are '{label}'"),
    "total_row": N_("{file} row {row} has id '{id}': is it a totals row? It is counted as a client"),
    "no_clients_block": N_("the scenario has no `clients` block: add one that names the client table"),
    "margin_range": N_("the client table gives segment '{segment}' a margin rate of {rate:.4g}, outside 0..1: "
    "check {column} (rates like 0.28, not 28) or set `margin` on the segment"),
    "no_margin": N_("segment '{segment}' has no client with a {column} value to take a margin from: set `margin`"),
    "empty_segment_index": N_("segment '{segment}' has no clients in {file}: revenue_index gives revenue 0"),
})


# ----- typed results ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ClientTable:
    """A segmented client (or prospect) table. Treat `frame` as read-only.

    `frame` has one row per client, in file order, with columns:
    `row` (data row counted from 1 under the header), `client` (id, text), `segment`
    (categorical of the rule segments in rule order; missing = unassigned), `revenue` (float,
    missing -> 0), `margin` (float rate, NaN where missing or without a margin column), `value`
    (the value column, else revenue x margin, a missing margin taken as the table's
    revenue-weighted rate, else revenue), `current_person` (text or None), `locked` (bool), `name`
    and `current_level` (text or None: the `name_column` and `level_column`),
    and one categorical `label_<criterion id>` per criterion.
    `columns` holds the parsed source columns the criteria read (same index), for profiles.
    """

    frame: pd.DataFrame
    columns: pd.DataFrame
    source: TableSource
    file: str
    segments: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    key: str = "clients"
    label_columns: dict[str, str] = field(default_factory=dict)

    @property
    def unassigned(self) -> int:
        return int(self.frame["segment"].isna().sum())

    def counts(self) -> dict[str, int]:
        """Clients per rule segment (rule order), zeros included."""
        codes = self.frame["segment"].cat.codes.to_numpy()
        counts = np.bincount(codes[codes >= 0], minlength=len(self.segments))
        return {s: int(c) for s, c in zip(self.segments, counts)}


# ----- labels of one criterion -----------------------------------------------------------------
@dataclass(frozen=True)
class _Roles:
    """Which source columns are read as text, numbers or yes/no, and the path that named each."""

    text: tuple[str, ...]
    numeric: tuple[str, ...]
    boolean: tuple[str, ...]
    paths: dict[str, str]


def _roles(source: TableSource, key: str) -> _Roles:
    text: list[str] = [source.id_column]
    numeric: list[str] = []
    boolean: list[str] = []
    paths = {source.id_column: f"{key}.id_column"}

    def add(col: str | None, into: list[str], path: str) -> None:
        if col is not None:
            into.append(col)
            paths.setdefault(col, path)

    if isinstance(source, ClientsSource):
        add(source.revenue_column, numeric, f"{key}.revenue_column")
        add(source.margin_column, numeric, f"{key}.margin_column")
        add(source.value_column, numeric, f"{key}.value_column")
        add(source.manager_column, text, f"{key}.manager_column")
        add(source.name_column, text, f"{key}.name_column")
        add(source.level_column, text, f"{key}.level_column")
        add(source.lock_column, boolean, f"{key}.lock_column")
    for i, c in enumerate(source.segmentation.criteria):
        path = f"{key}.segmentation.criteria[{i}]"
        if c.method == "category":
            add(c.column, text, f"{path}.column")
        elif c.method == "score":
            for col in c.weights or {}:
                add(col, numeric, f"{path}.weights.{col}")
        else:
            add(c.column, numeric, f"{path}.column")
    return _Roles(tuple(dict.fromkeys(text)), tuple(dict.fromkeys(numeric)), tuple(dict.fromkeys(boolean)), paths)


def _criterion_paths(source: TableSource, key: str) -> list[tuple[str, str]]:
    """(column, path) of every column reference, criteria included, in file order."""
    refs: list[tuple[str, str]] = [(source.id_column, f"{key}.id_column")]
    if isinstance(source, ClientsSource):
        for name in ("revenue_column", "margin_column", "value_column", "manager_column", "name_column",
                     "level_column", "lock_column"):
            col = getattr(source, name)
            if col is not None:
                refs.append((col, f"{key}.{name}"))
    for i, c in enumerate(source.segmentation.criteria):
        path = f"{key}.segmentation.criteria[{i}]"
        if c.method == "score":
            refs.extend((col, f"{path}.weights.{col}") for col in c.weights or {})
        elif c.column is not None:
            refs.append((c.column, f"{path}.column"))
    return refs


SHOWN_COLUMNS = 20  # a message lists at most this many of a table's column names ...
SHOWN_COLUMN_CHARS = 40  # ... each at most this long: a header is the only file content shown


def shown_columns(header: list[str]) -> str:
    """The column names a message lists: the first 20, each shortened, and how many more."""
    names = ", ".join(shown(c, SHOWN_COLUMN_CHARS) for c in header[:SHOWN_COLUMNS])
    if len(header) > SHOWN_COLUMNS:
        names += TEXT["more_columns"].format(n=len(header) - SHOWN_COLUMNS)
    return names


def check_columns(header: list[str], source: TableSource, key: str, file: str) -> None:
    """Every column the source names exists; else one problem per reference, naming the columns."""
    known = set(header)
    problems = []
    columns = shown_columns(header)
    for col, path in _criterion_paths(source, key):
        if header.count(col) > 1:
            problems.append(Problem(path, TEXT["twice"].format(column=col, n=header.count(col), file=file)))
        elif col not in known:
            match = difflib.get_close_matches(col, header, n=1, cutoff=0.75)
            hint = TEXT["hint"].format(match=shown(match[0], SHOWN_COLUMN_CHARS)) if match else ""
            problems.append(
                Problem(path, TEXT["no_column"].format(column=col, file=file, columns=columns, hint=hint))
            )
    if problems:
        raise InputError(problems)


def _as_numbers(table: Table, column: str, path: str) -> pd.Series:
    """A column as float64 (it may have been read as text when a category also uses it)."""
    series = table.frame[column]
    if series.dtype == "float64":
        return series
    values, bad = to_numeric(series, decimal=table.decimal)
    if bad.any():
        raise InputError(number_problem(table, column, series, bad, path))
    return values


def segment_table(table: Table, source: TableSource, key: str = "clients") -> ClientTable:
    """Label, assign and describe the rows of a read table (pure: no file access).

    Checks, each an `InputError` naming the path: an empty table, missing or duplicate ids, a
    wholly empty criterion column, a rule naming an unknown criterion, a reserved segment id, or
    a label a fixed-label criterion cannot give. A label no row has is a warning."""
    frame = table.frame
    file = table.file
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if len(frame) == 0:
        raise InputError(Problem(f"{key}.file", TEXT["empty_table"].format(file=file)))

    ids = frame[source.id_column]
    rows = frame.index.to_numpy() + 1
    no_id = ids.isna().to_numpy()
    if no_id.any():
        examples = ", ".join(str(r) for r in rows[no_id][:5])
        problems.append(
            Problem(f"{key}.id_column", TEXT["missing_id"].format(n=int(no_id.sum()), file=file, column=source.id_column, rows=examples))
        )
    text_order: np.ndarray | None = None
    if no_id.any():
        dup_mask = ids.duplicated(keep=False).to_numpy() & ~no_id
    else:
        text_order = id_text_order(ids)
        dup_mask = duplicated_ids(ids, text_order)
    if dup_mask.any():
        dup_ids = ids[dup_mask]
        n_dup = int(dup_ids.nunique())
        examples = []
        for value in dup_ids.drop_duplicates().iloc[:3]:
            where = rows[(ids == value).to_numpy()][:4]
            examples.append(tr("'{value}' (rows {rows})", value=value, rows=", ".join(str(r) for r in where)))
        problems.append(
            Problem(f"{key}.id_column", TEXT["duplicate_id"].format(n=n_dup, column=source.id_column, file=file, examples="; ".join(examples)))
        )
    # Exports often end with a totals row ("Итого"): look at the last rows only.
    tail = ids.iloc[-3:]
    for pos, value in zip(range(len(ids) - len(tail), len(ids)), tail):
        if isinstance(value, str) and value.strip().lower() in TOTAL_ROW_WORDS:
            warnings.append(Problem(f"{key}.file", TEXT["total_row"].format(file=file, row=rows[pos], id=value)))

    roles = _roles(source, key)
    numbers: dict[str, pd.Series] = {}
    for col in roles.numeric:
        try:
            numbers[col] = _as_numbers(table, col, roles.paths[col])
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)

    # Labels, criterion by criterion.
    segmentation = source.segmentation
    labels: dict[str, pd.Categorical] = {}
    order_of_ids: np.ndarray | None = None
    for i, c in enumerate(segmentation.criteria):
        path = f"{key}.segmentation.criteria[{i}]"
        for col in c.columns:
            present = numbers[col].notna() if col in numbers else frame[col].notna()
            if not present.any():
                col_path = f"{path}.weights.{col}" if c.method == "score" else f"{path}.column"
                problems.append(Problem(col_path, TEXT["empty_column"].format(column=col, file=file)))
        if problems:
            continue
        if c.method == "category":
            labels[c.id] = category_labels(frame[c.column])
            continue
        label_set = criterion_label_set(c)
        assert label_set is not None
        if c.method == "bins":
            labels[c.id] = bin_labels(numbers[c.column].to_numpy(), tuple(c.edges or ()), label_set)
        elif c.method == "quantiles":
            values = numbers[c.column].to_numpy()
            labels[c.id] = bin_labels(values, quantile_edges(values, tuple(c.q or ())), label_set)
        elif c.method == "abc":
            if order_of_ids is None:
                order_of_ids = id_order(ids, text_order)
            codes, total = abc_classes(numbers[c.column].to_numpy(), order_of_ids, c.abc_shares)
            if total <= 0:
                warnings.append(Problem(f"{path}.column", TEXT["abc_total"].format(column=c.column, total=total, label=label_set[2])))
            labels[c.id] = _categorical(codes, label_set)
        else:  # score
            weights = {col: float(w) for col, w in (c.weights or {}).items()}
            score = score_values({col: numbers[col].to_numpy() for col in weights}, weights)
            cuts = np.asarray(c.edges, dtype=float) if c.edges is not None else quantile_edges(score, tuple(c.q or ()))
            labels[c.id] = bin_labels(score, cuts, label_set)
    if problems:
        raise InputError(problems)

    # Rules: check references, then first match wins.
    criteria = {c.id: c for c in segmentation.criteria}
    for j, rule in enumerate(segmentation.rules):
        rpath = f"{key}.segmentation.rules[{j}]"
        if rule.segment == UNASSIGNED:
            problems.append(Problem(f"{rpath}.segment", TEXT["reserved"].format(name=UNASSIGNED)))
        for name in rule.when:
            if name not in criteria:
                problems.append(
                    Problem(f"{rpath}.when.{name}", TEXT["unknown_criterion"].format(name=name, known=", ".join(criteria) or "none"))
                )
                continue
            possible = criterion_label_set(criteria[name])
            occurring = labels[name]
            present_labels = set(pd.unique(occurring.codes[occurring.codes >= 0]).tolist())
            present_names = {occurring.categories[k] for k in present_labels}
            for label in rule.accepted(name):
                if possible is not None and label not in possible and label != MISSING:
                    problems.append(
                        Problem(
                            f"{rpath}.when.{name}",
                            TEXT["unknown_label"].format(label=label, criterion=name, labels=", ".join([*possible, MISSING])),
                        )
                    )
                elif label not in present_names:
                    warnings.append(
                        Problem(f"{rpath}.when.{name}", TEXT["label_never"].format(file=file, label=label, criterion=name))
                    )
    if problems:
        raise InputError(problems)

    segments = tuple(dict.fromkeys(r.segment for r in segmentation.rules))
    segment_codes = assign_segments(labels, segmentation.rules, segments, len(frame))

    # The client frame.
    n = len(frame)
    out: dict[str, Any] = {
        "row": rows.astype(np.int64),
        "client": _renumbered(ids),
        "segment": pd.Categorical.from_codes(segment_codes, categories=list(segments)),
    }
    if isinstance(source, ClientsSource):
        def zero_if_missing(field: str, column: str, message: str) -> np.ndarray:
            # A missing amount counts as 0, and the user hears how many there were.
            raw = numbers[column]
            n_missing = int(raw.isna().sum())
            if n_missing:
                warnings.append(Problem(f"{key}.{field}", TEXT[message].format(n=n_missing, file=file, column=column)))
            return raw.fillna(0.0).to_numpy(dtype=float)

        revenue = zero_if_missing("revenue_column", source.revenue_column, "missing_revenue")
        margin = numbers[source.margin_column].to_numpy(dtype=float) if source.margin_column else np.full(n, np.nan)
        if source.value_column:
            value = zero_if_missing("value_column", source.value_column, "missing_value")
        elif source.margin_column:
            known = ~np.isnan(margin)
            weight = revenue[known].sum()
            table_rate = float((revenue[known] * margin[known]).sum() / weight) if weight != 0 else 0.0
            value = revenue * np.where(known, margin, table_rate)
        else:
            value = revenue.copy()
        out["revenue"] = revenue
        out["margin"] = margin
        out["value"] = value
        out["current_person"] = text_column(frame, source.manager_column, n)
        out["locked"] = (
            frame[source.lock_column].to_numpy(dtype=bool) if source.lock_column else np.zeros(n, dtype=bool)
        )
        out["name"] = text_column(frame, source.name_column, n)
        out["current_level"] = text_column(frame, source.level_column, n)
    else:
        out.update(
            revenue=np.zeros(n), margin=np.full(n, np.nan), value=np.zeros(n),
            current_person=text_column(frame, None, n), locked=np.zeros(n, dtype=bool),
            name=text_column(frame, None, n), current_level=text_column(frame, None, n),
        )
    label_columns = {}
    for cid, cat in labels.items():
        label_columns[cid] = f"label_{cid}"
        out[f"label_{cid}"] = cat
    client_frame = pd.DataFrame(out, index=pd.RangeIndex(n))

    criterion_columns = {}
    for c in segmentation.criteria:
        for col in c.columns:
            if c.method == "category":
                criterion_columns.setdefault(col, frame[col])
            else:
                criterion_columns[col] = numbers[col]
    columns = pd.DataFrame({k: _renumbered(v) for k, v in criterion_columns.items()}, index=pd.RangeIndex(n))
    return ClientTable(
        frame=client_frame,
        columns=columns,
        source=source,
        file=file,
        segments=segments,
        warnings=tuple(warnings),
        key=key,
        label_columns=label_columns,
    )


def _renumbered(series: pd.Series) -> pd.Series:
    """The same values on a 0..n-1 index, without converting (arrow strings stay arrow strings)."""
    return pd.Series(series.array, index=pd.RangeIndex(len(series)), name=series.name)


def assign_segments(
    labels: dict[str, pd.Categorical], rules: tuple, segments: tuple[str, ...], n: int
) -> np.ndarray:
    """Segment code per row (index into `segments`, -1 = unassigned): the first matching rule."""
    seg_index = {s: k for k, s in enumerate(segments)}
    codes = np.full(n, -1, dtype=np.int64)
    open_rows = np.ones(n, dtype=bool)
    for rule in rules:
        match = open_rows.copy()
        for name in rule.when:
            cat = labels[name]
            lookup = np.isin(np.asarray(cat.categories, dtype=object), list(rule.accepted(name)))
            match &= lookup[cat.codes]
        codes[match] = seg_index[rule.segment]
        open_rows &= ~match
        if not open_rows.any():
            break
    return codes


# ----- reading and caching ---------------------------------------------------------------------
_CACHE: OrderedDict[tuple, ClientTable] = OrderedDict()
_CACHE_SIZE = 6


def read_source(source: TableSource, path: Path, key: str = "clients") -> ClientTable:
    """Read and segment a table file (cached on the file's path, size, mtime and the source)."""
    try:
        stat = path.stat()
    except OSError:
        raise InputError(Problem(f"{key}.file", tr("'{file}' not found", file=shown(path.name)))) from None
    cache_key = (key, str(path.resolve()), stat.st_size, stat.st_mtime_ns, source.model_dump_json(), language())
    hit = _CACHE.get(cache_key)
    if hit is not None:
        _CACHE.move_to_end(cache_key)
        return hit
    options = dict(sheet=source.sheet, delimiter=source.delimiter, encoding=source.encoding, problem_path=f"{key}.file")
    header = read_header(path, **options)
    check_columns(header, source, key, path.name)
    roles = _roles(source, key)
    table = read_table(
        path,
        text_columns=roles.text,
        numeric_columns=roles.numeric,
        bool_columns=roles.boolean,
        decimal=source.decimal,
        column_paths=roles.paths,
        **options,
    )
    result = segment_table(table, source, key)
    _CACHE[cache_key] = result
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _table_path(file: str, base_dir: Path | None, key: str) -> Path:
    return contained_file(file, base_dir, field=f"{key}.file")


def load_client_table(scenario: Scenario, base_dir: Path | None = None, file: Path | None = None) -> ClientTable:
    """The scenario's client table, read, labelled and assigned to segments.

    `file` replaces the scenario's `clients.file` (resolved against the current folder)."""
    if scenario.clients is None:
        raise InputError(Problem("clients", TEXT["no_clients_block"]))
    source = scenario.clients
    if file is not None:  # named on the command line: anywhere, but still a regular file
        real = Path(file).resolve()
        path = contained_file(str(real), real.parent, field="--clients")
    else:
        path = _table_path(source.file, base_dir, "clients")
    return read_source(source, path, "clients")


def load_prospect_table(scenario: Scenario, base_dir: Path | None = None) -> ClientTable | None:
    """The scenario's prospect table segmented into prospect segments, or None without one."""
    source = scenario.prospects_data
    if source is None:
        return None
    return read_source(source, _table_path(source.file, base_dir, "prospects_data"), "prospects_data")


# Applying tables to a scenario lives in planner/apply_tables.py; re-exported for callers.
from planner.apply_tables import apply_client_tables, segment_margin, table_warnings  # noqa: E402,F401

__all__ = [
    "ClientTable",
    "MISSING",
    "UNASSIGNED",
    "abc_classes",
    "apply_client_tables",
    "assign_segments",
    "bin_labels",
    "category_labels",
    "check_columns",
    "default_bin_labels",
    "default_quantile_labels",
    "duplicated_ids",
    "id_order",
    "id_text_order",
    "load_client_table",
    "load_prospect_table",
    "profiles_json",
    "quantile_edges",
    "read_source",
    "score_values",
    "segment_margin",
    "segment_profiles",
    "segment_table",
    "table_warnings",
]
