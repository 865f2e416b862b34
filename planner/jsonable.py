"""Plain JSON values from numpy/pandas results: what every `to_json()` shares."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def jsonable(x: Any) -> Any:
    """JSON-friendly scalar: numpy -> Python, NaN/inf -> None, -0.0 -> 0.0, sets sorted."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            return None
        return x + 0.0
    if isinstance(x, (frozenset, set)):
        return sorted(x)
    if isinstance(x, tuple):
        return list(x)
    return x


def records(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    """A table as a list of JSON-friendly row dicts."""
    if df is None or not len(df):
        return []
    cols = list(df.columns)
    return [{c: jsonable(v) for c, v in zip(cols, row)} for row in df.itertuples(index=False, name=None)]


__all__ = ["jsonable", "records"]
