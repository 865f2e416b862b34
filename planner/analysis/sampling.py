"""The uncertain estimates of a scenario and reproducible triangular samples of them.

An estimate written as `{low, likely, high}` is drawn from the triangular distribution with
mode `likely` on [low, high] (a zero-width range always gives its value). Sample `i` uses its
own generator, seeded by `numpy.random.SeedSequence(seed).spawn(...)[i]`, so the values of a
sample depend only on (seed, i): never on the number of samples, workers or the order in which
they run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models import Range, Scenario
from planner.analysis.paths import set_paths

# The estimate fields the contract allows as ranges, by where they live.
LEVEL_FIELDS = ("hours_per_client", "revenue_per_client", "revenue_index")
SEGMENT_FIELDS = ("unserved_revenue",)
PROSPECT_FIELDS = ("pool", "conversion_per_hour", "revenue_per_client")


@dataclass(frozen=True)
class UncertainEstimate:
    """One ranged estimate: where it is (a path `set_paths` understands) and its triangle."""

    path: str
    low: float
    likely: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def uncertain_estimates(scenario: Scenario) -> list[UncertainEstimate]:
    """Every `{low, likely, high}` estimate of the scenario, in file order."""
    found: list[UncertainEstimate] = []

    def add(path: str, value) -> None:
        if isinstance(value, Range):
            found.append(UncertainEstimate(path, float(value.low), float(value.likely), float(value.high)))

    for seg in scenario.segments:
        for field in SEGMENT_FIELDS:
            add(f"segments[{seg.id}].{field}", getattr(seg, field))
        for lv in seg.levels:
            for field in LEVEL_FIELDS:
                add(f"segments[{seg.id}].levels[{lv.id}].{field}", getattr(lv, field))
    for pro in scenario.prospects:
        for field in PROSPECT_FIELDS:
            add(f"prospects[{pro.id}].{field}", getattr(pro, field))
    return found


def estimates_table(estimates: list[UncertainEstimate]) -> pd.DataFrame:
    """The estimates as a labelled table: path, low, likely, high."""
    return pd.DataFrame(
        [(e.path, e.low, e.likely, e.high) for e in estimates], columns=["estimate", "low", "likely", "high"]
    )


def triangular_quantile(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular distribution; a zero-width range returns its value.

    F(mode) = (mode - low) / (high - low); below it x = low + sqrt(u (high-low)(mode-low)),
    above it x = high - sqrt((1-u)(high-low)(high-mode))."""
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = np.where(width > 0, (mode - low) / np.where(width > 0, width, 1.0), 0.0)
    lower = low + np.sqrt(u * width * (mode - low))
    upper = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(width > 0, np.where(u < cut, lower, upper), mode)


def sample_seeds(seed: int, count: int) -> list[np.random.SeedSequence]:
    """Independent seed sequences of samples 0..count-1 (sample i's does not depend on count)."""
    return np.random.SeedSequence(seed).spawn(count)


def draw_samples(estimates: list[UncertainEstimate], count: int, seed: int) -> pd.DataFrame:
    """A table of `count` samples (index `sample`), one column per estimate path."""
    low = np.array([e.low for e in estimates], dtype=float)
    mode = np.array([e.likely for e in estimates], dtype=float)
    high = np.array([e.high for e in estimates], dtype=float)
    rows = np.empty((count, len(estimates)), dtype=float)
    for i, seq in enumerate(sample_seeds(seed, count)):
        u = np.random.Generator(np.random.PCG64(seq)).random(len(estimates))
        rows[i] = triangular_quantile(u, low, mode, high)
    table = pd.DataFrame(rows, columns=[e.path for e in estimates])
    table.index.name = "sample"
    return table


def apply_values(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """The scenario with each estimate replaced by a plain number (the sampled value).

    Paths are those `uncertain_estimates` writes; each value lies in its validated range, so
    the copies skip re-validation (`model_copy`), which keeps a sample cheap. Any other path
    goes through `set_paths` and is validated."""
    if not values:
        return scenario
    by_segment: dict[str, dict[str, float]] = {}
    by_level: dict[tuple[str, str], dict[str, float]] = {}
    by_prospect: dict[str, dict[str, float]] = {}
    others: list[tuple[str, float]] = []
    for path, value in values.items():
        match = _ESTIMATE_PATH.match(path)
        if match is None:
            others.append((path, float(value)))
            continue
        kind, owner, level, name = match.group(1), match.group(2), match.group(3), match.group(4)
        if kind == "prospects" and level is None and name in PROSPECT_FIELDS:
            by_prospect.setdefault(owner, {})[name] = float(value)
        elif kind == "segments" and level is not None and name in LEVEL_FIELDS:
            by_level.setdefault((owner, level), {})[name] = float(value)
        elif kind == "segments" and level is None and name in SEGMENT_FIELDS:
            by_segment.setdefault(owner, {})[name] = float(value)
        else:
            others.append((path, float(value)))
    known_segments = {s.id for s in scenario.segments}
    known_prospects = {p.id for p in scenario.prospects}
    known_levels = {(s.id, lv.id) for s in scenario.segments for lv in s.levels}
    if (set(by_segment) - known_segments) or (set(by_prospect) - known_prospects) or (set(by_level) - known_levels):
        return set_paths(scenario, [(p, float(v)) for p, v in values.items()])  # names the unknown id
    segments = []
    for seg in scenario.segments:
        levels = tuple(
            lv.model_copy(update=by_level[(seg.id, lv.id)]) if (seg.id, lv.id) in by_level else lv for lv in seg.levels
        )
        update: dict = dict(by_segment.get(seg.id, {}))
        if levels != seg.levels:
            update["levels"] = levels
        segments.append(seg.model_copy(update=update) if update else seg)
    prospects = tuple(p.model_copy(update=by_prospect[p.id]) if p.id in by_prospect else p for p in scenario.prospects)
    result = scenario.model_copy(update={"segments": tuple(segments), "prospects": prospects})
    return set_paths(result, others) if others else result


_ESTIMATE_PATH = re.compile(r"^(segments|prospects)\[([^\]]+)\](?:\.levels\[([^\]]+)\])?\.(\w+)$")


__all__ = [
    "UncertainEstimate",
    "apply_values",
    "draw_samples",
    "estimates_table",
    "sample_seeds",
    "triangular_quantile",
    "uncertain_estimates",
]
