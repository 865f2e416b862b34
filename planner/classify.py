"""Labelling primitives of segmentation: bins, quantiles, ABC classes, scores, id order.

Methods (a missing value always gets the label `missing`):

- `category`: the value itself (surrounding spaces stripped; text as written in the file).
- `bins`: right-open intervals between `edges`: with edges [50, 250], v < 50 gets the first
  label, 50 <= v < 250 the second, v >= 250 the third. Default labels: `<50`, `50-250`, `>=250`.
- `abc`: clients with a value are sorted by it descending, ties by id ascending (numerically when
  every id is a whole number, else as text). The share of the total *before* a client is
  `(sum of the values ranked above it) / (sum of all values)`; the client is A while that share
  is below shares[0], B while below shares[0] + shares[1], else C (shares default [0.8, 0.15];
  labels default A, B, C). A share within 1e-12 of a boundary counts as on it, so floating-point
  sums such as 0.8 + 0.15 = 0.9500000000000001 do not decide a class. A total <= 0 leaves no
  client below any share: all are C (with a warning).
- `quantiles`: edges at the column's `q` quantiles (pandas' default linear interpolation over the
  clients with a value), then as `bins`. Default labels `Q1` (lowest) to `Qk`.
- `score`: each column of `weights` is min-max normalised over the clients that have a value
  ((v - min) / (max - min); a constant column gives 0), the score is the weighted sum, and it
  is cut by `edges` (on the 0..sum-of-weights scale) or at its `q` quantiles, as `bins`. A
  client missing any of the columns is `missing`. Default labels as for `bins` or `quantiles`.

Pure functions of numpy arrays and pandas series; rules, reading and profiles are in
planner/segmentation.py and planner/profiles.py (PLANNER.md, "Segmenting a client table").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models import Criterion

MISSING = "missing"
UNASSIGNED = "unassigned"
DEFAULT_ABC_LABELS = ("A", "B", "C")
DEFAULT_ABC_SHARES = (0.8, 0.15)
# A share this close to an ABC boundary counts as on it (0.8 + 0.15 = 0.9500000000000001).
SHARE_TOLERANCE = 1e-12


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def default_bin_labels(edges: tuple[float, ...]) -> tuple[str, ...]:
    """`<50`, `50-250`, `>=250` for edges [50, 250]."""
    e = [_fmt(x) for x in edges]
    return (f"<{e[0]}", *(f"{a}-{b}" for a, b in zip(e, e[1:])), f">={e[-1]}")


def default_quantile_labels(n_cuts: int) -> tuple[str, ...]:
    """`Q1` (lowest) .. `Q<n+1>`."""
    return tuple(f"Q{i + 1}" for i in range(n_cuts + 1))


def criterion_label_set(criterion: Criterion) -> tuple[str, ...] | None:
    """The labels a criterion can give besides `missing`; None for `category` (data decides)."""
    m = criterion.method
    if m == "category":
        return None
    if criterion.labels is not None:
        return tuple(criterion.labels)
    if m == "abc":
        return DEFAULT_ABC_LABELS
    if m == "bins" or (m == "score" and criterion.edges is not None):
        return default_bin_labels(tuple(criterion.edges or ()))
    cuts = criterion.q or ()
    return default_quantile_labels(len(cuts))


def _categorical(codes: np.ndarray, labels: tuple[str, ...]) -> pd.Categorical:
    """Codes into `labels + (missing,)`; code -1 is `missing`."""
    cats = list(dict.fromkeys([*labels, MISSING]))
    missing_code = cats.index(MISSING)
    codes = np.where(codes < 0, missing_code, codes).astype(np.int32)
    return pd.Categorical.from_codes(codes, categories=cats)


def category_labels(values: pd.Series) -> pd.Categorical:
    """The value itself; missing -> `missing`. Categories sorted, `missing` last."""
    codes, uniques = pd.factorize(values, sort=True)
    return _categorical(np.asarray(codes), tuple(str(u) for u in uniques))


def bin_labels(values: np.ndarray, edges: tuple[float, ...] | np.ndarray, labels: tuple[str, ...]) -> pd.Categorical:
    """Right-open bins: code i where edges[i-1] <= v < edges[i]; NaN -> `missing`."""
    values = np.asarray(values, dtype=float)
    codes = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    codes = np.where(np.isnan(values), -1, codes)
    return _categorical(codes, labels)


def id_text_order(ids: pd.Series) -> np.ndarray:
    """Positions of the ids in ascending text order (ids must not be missing)."""
    return np.asarray(ids.argsort(kind="stable"), dtype=np.int64)


def duplicated_ids(ids: pd.Series, text_order: np.ndarray) -> np.ndarray:
    """Mask of rows whose id occurs more than once, from the ids in sorted order (no hashing)."""
    ordered = ids.iloc[text_order].array
    same = np.asarray(ordered[1:] == ordered[:-1], dtype=bool)
    dup_sorted = np.zeros(len(ids), dtype=bool)
    dup_sorted[1:] |= same
    dup_sorted[:-1] |= same
    mask = np.zeros(len(ids), dtype=bool)
    mask[text_order] = dup_sorted
    return mask


def id_order(ids: pd.Series, text_order: np.ndarray | None = None) -> np.ndarray:
    """Positions of the ids in ascending order: numeric when every id is a whole number, else as text."""
    text_order = id_text_order(ids) if text_order is None else text_order
    first = str(ids.iloc[0]).strip().lstrip("+-")
    if first.isdigit() and bool(ids.str.fullmatch(r"\s*[+-]?\d+\s*").all()):
        numbers = pd.to_numeric(ids, errors="coerce").to_numpy(dtype=float)
        return text_order[np.argsort(numbers[text_order], kind="stable")]
    return text_order


def abc_classes(
    values: np.ndarray, order_of_ids: np.ndarray, shares: tuple[float, float]
) -> tuple[np.ndarray, float]:
    """(codes 0=A, 1=B, 2=C, -1=missing; the total). See the module docstring for the rule.

    With the clients sorted by value descending (ties by id ascending: a stable sort of the
    id-ordered rows), the share before client k is `(sum_{j<k} v_j) / sum_j v_j`; A if
    share < s0, B if share < s0 + s1, else C."""
    values = np.asarray(values, dtype=float)
    ranked = order_of_ids[~np.isnan(values[order_of_ids])]
    ranked = ranked[np.argsort(-values[ranked], kind="stable")]
    sorted_v = values[ranked]
    total = float(sorted_v.sum())
    before = np.cumsum(sorted_v) - sorted_v
    codes_sorted = np.full(len(sorted_v), 2, dtype=np.int64)
    if total > 0:
        share = before / total
        a_limit = shares[0] - SHARE_TOLERANCE
        b_limit = shares[0] + shares[1] - SHARE_TOLERANCE
        codes_sorted = np.where(share < a_limit, 0, np.where(share < b_limit, 1, 2))
    codes = np.full(len(values), -1, dtype=np.int64)
    codes[ranked] = codes_sorted
    return codes, total


def quantile_edges(values: np.ndarray, q: tuple[float, ...]) -> np.ndarray:
    """The column's `q` quantiles over its present values (pandas' default linear interpolation)."""
    return pd.Series(values, dtype=float).dropna().quantile(list(q)).to_numpy(dtype=float)


def score_values(columns: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """sum_c w_c (v_c - min_c) / (max_c - min_c); a constant column gives 0; NaN if any missing."""
    total: np.ndarray | None = None
    for col, w in weights.items():
        v = np.asarray(columns[col], dtype=float)
        lo, hi = np.nanmin(v), np.nanmax(v)
        norm = (v - lo) / (hi - lo) if hi > lo else np.where(np.isnan(v), np.nan, 0.0)
        total = w * norm if total is None else total + w * norm
    assert total is not None
    return total


# ----- segmenting a read table -----------------------------------------------------------------
