"""Labelled pandas tables built fast: the small helpers every stage shares.

`frame_from_rows` builds a table from row tuples column by column (no per-number type
inference); `take_labels` takes a label column by position with the dtype pandas would infer."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _typed(column: tuple):
    """A column of Python values as the numpy array pandas would infer for it when every value
    has the same plain type (float, bool or int), else as is, for pandas to infer."""
    kinds = set(map(type, column))
    if len(kinds) == 1:
        kind = kinds.pop()
        if kind is float or kind is bool:
            return np.array(column, dtype=kind)
        if kind is int:
            try:
                return np.array(column, dtype=np.int64)
            except OverflowError:
                pass
    return list(column)


def frame_from_rows(rows: list, columns: list, index: str | None = None) -> pd.DataFrame:
    """`pd.DataFrame(rows, columns=columns)` (then `.set_index(index)`), built column by column:
    the same table, without pandas inferring the type of every number one by one."""
    if not rows:
        frame = pd.DataFrame(rows, columns=columns)
        return frame.set_index(index) if index is not None else frame
    data = {c: _typed(col) for c, col in zip(columns, zip(*rows))}
    if index is None:
        return pd.DataFrame(data, copy=False)
    labels = pd.Index(data.pop(index), name=index)
    return pd.DataFrame(data, index=labels, copy=False)


def take_labels(labels, positions: np.ndarray):
    """The column `labels[positions]` for a table, with the dtype pandas would infer for it.

    `labels` is a list of names or a pandas column. A string column is taken by position from
    its few distinct labels (pandas' arrow strings): converting every repeated name costs ~1 ms
    per 10k rows. An empty column stays object, as pandas infers for an empty object array."""
    positions = np.asarray(positions, dtype=np.intp)
    if not len(positions):
        return np.array([], dtype=object)
    if isinstance(labels, (list, tuple)):
        if not all(isinstance(x, str) for x in labels):
            return np.array(labels, dtype=object)[positions]
        labels = pd.array(labels, dtype="str")
    array = labels.array if isinstance(labels, (pd.Series, pd.Index)) else labels
    if isinstance(array, pd.api.extensions.ExtensionArray) and array.dtype == "str":
        return array.take(positions)
    return np.asarray(array, dtype=object)[positions]


def as_column(values):
    """A column of an input table for a result table: a string column as its (immutable) arrow
    array, anything else as a numpy array for pandas to infer."""
    array = values.array
    if isinstance(array, pd.api.extensions.ExtensionArray) and array.dtype == "str":
        return array
    return values.to_numpy()


def ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b where b > 0, else 0."""
    return np.divide(a, b, out=np.zeros_like(a, dtype=float), where=b > 0)




def text_column(frame: pd.DataFrame, column: str | None, n: int) -> pd.Series:
    """A text column as objects on a 0..n-1 index, missing = None (a pandas string column
    would make it NaN), or all None without the column."""
    values = frame[column].to_numpy(dtype=object, na_value=None) if column else np.full(n, None, dtype=object)
    return pd.Series(values, dtype=object)


__all__ = ["as_column", "frame_from_rows", "ratio", "take_labels", "text_column"]
