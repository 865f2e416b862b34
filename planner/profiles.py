"""Segment profiles: counts, revenue, margins and criterion summaries per segment of a table.

Profiles: shares are of the whole table, unassigned clients included, so the segments' and
the unassigned row's shares sum to 1 and their revenues to the table's revenue. A missing
revenue counts as 0 (with a warning). `gross_margin` is the sum of revenue x margin over the
clients with a margin; `margin_rate` is the revenue-weighted margin of those clients
(gross_margin / their revenue), both None without a `margin_column`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from models import ClientsSource
from planner.classify import UNASSIGNED, category_labels

if TYPE_CHECKING:
    from planner.segmentation import ClientTable

# Most common values listed per category column.
TOP_VALUES = 3


def segment_profiles(table: ClientTable) -> pd.DataFrame:
    """One row per rule segment (rule order, empty ones included) and a last `unassigned` row.

    Columns: clients, share_of_clients, revenue, share_of_revenue, mean_revenue, gross_margin,
    margin_rate (see the module docstring), `mean_<column>` for each numeric criterion column
    (over the segment's clients with a value) and `top_<column>` for each category column: a
    dict of its most common values (at most 3) to their client counts, most common first, ties
    by value. Undefined numbers (a mean over no clients) are None."""
    frame = table.frame
    n_seg = len(table.segments)
    codes = frame["segment"].cat.codes.to_numpy().astype(np.int64)
    codes = np.where(codes < 0, n_seg, codes)  # unassigned last
    size = n_seg + 1
    total_clients = len(frame)
    revenue = frame["revenue"].to_numpy(dtype=float)
    margin = frame["margin"].to_numpy(dtype=float)
    clients = np.bincount(codes, minlength=size)
    rev = np.bincount(codes, weights=revenue, minlength=size)
    total_revenue = float(revenue.sum())
    has_margin = isinstance(table.source, ClientsSource) and table.source.margin_column is not None
    known = ~np.isnan(margin)
    gm = np.bincount(codes[known], weights=revenue[known] * margin[known], minlength=size)
    rev_known = np.bincount(codes[known], weights=revenue[known], minlength=size)

    def ratio(a: np.ndarray, b: np.ndarray | float) -> list[float | None]:
        b = np.broadcast_to(np.asarray(b, dtype=float), a.shape)
        return [float(x / y) if y != 0 else None for x, y in zip(a, b)]

    data: dict[str, list[Any]] = {
        "clients": [int(c) for c in clients],
        "share_of_clients": ratio(clients.astype(float), float(total_clients)),
        "revenue": [float(r) for r in rev],
        "share_of_revenue": ratio(rev, total_revenue),
        "mean_revenue": ratio(rev, clients.astype(float)),
        "gross_margin": [float(g) for g in gm] if has_margin else [None] * size,
        "margin_rate": ratio(gm, rev_known) if has_margin else [None] * size,
    }
    criteria = table.source.segmentation.criteria
    numeric_cols = list(dict.fromkeys(col for c in criteria if c.method != "category" for col in c.columns))
    category_cols = list(dict.fromkeys(c.column for c in criteria if c.method == "category" and c.column))
    for col in numeric_cols:
        v = table.columns[col].to_numpy(dtype=float)
        ok = ~np.isnan(v)
        sums = np.bincount(codes[ok], weights=v[ok], minlength=size)
        counts = np.bincount(codes[ok], minlength=size).astype(float)
        data[f"mean_{col}"] = ratio(sums, counts)
    for col in category_cols:
        cat = category_labels(table.columns[col])
        k = len(cat.categories)
        table_counts = np.bincount(codes * k + cat.codes.astype(np.int64), minlength=size * k).reshape(size, k)
        names = list(cat.categories)
        tops = []
        for row in table_counts:
            nz = np.flatnonzero(row)
            ranked = sorted(nz, key=lambda j: (-row[j], names[j]))[:TOP_VALUES]
            tops.append({names[j]: int(row[j]) for j in ranked})
        data[f"top_{col}"] = tops
    index = pd.Index([*table.segments, UNASSIGNED], name="segment")
    return pd.DataFrame(data, index=index)


def profiles_json(profiles: pd.DataFrame) -> dict[str, Any]:
    """The `planner segment --json` object: rule segments (with extra keys) and the unassigned count."""
    rows = []
    for seg, row in profiles.drop(index=UNASSIGNED).iterrows():
        rows.append({"segment": str(seg), **{k: _plain(v) for k, v in row.items()}})
    return {"segments": rows, "unassigned": int(profiles.loc[UNASSIGNED, "clients"])}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return value
