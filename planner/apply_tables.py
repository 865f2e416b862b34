"""Applying client and prospect tables to a scenario: segment counts, margins and revenue from
the data (PLANNER.md, "Segmenting a client table"), and the warnings a table gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import ValidationError

from models import PERIOD_MONTHS, Range, Scenario
from planner.errors import InputError, Problem
from planner.profiles import segment_profiles
from planner.segmentation import TEXT, ClientTable, load_client_table, load_prospect_table


# ----- applying tables to a scenario -----------------------------------------------------------
def _scale(estimate: float | Range, mean: float, period_months: float, table_months: float) -> float | dict[str, float]:
    """index x mean x period_months / table_months (multiplied first: 1.2 x 500 x 1 / 12 = 50 exactly)."""

    def one(index: float) -> float:
        return float(index) * mean * period_months / table_months

    if isinstance(estimate, Range):
        return {"low": one(estimate.low), "likely": one(estimate.likely), "high": one(estimate.high)}
    return one(float(estimate))


def segment_margin(table: ClientTable, segment: str) -> float | None:
    """Revenue-weighted margin of a segment's clients with a margin (plain mean if their revenue is 0)."""
    frame = table.frame
    mask = (frame["segment"] == segment).to_numpy() & frame["margin"].notna().to_numpy()
    if not mask.any():
        return None
    rev = frame["revenue"].to_numpy()[mask]
    mar = frame["margin"].to_numpy()[mask]
    weight = rev.sum()
    return float((rev * mar).sum() / weight) if weight != 0 else float(mar.mean())


def apply_client_tables(scenario: Scenario, base_dir: Path | None = None) -> Scenario:
    """A new Scenario whose table-named segments carry the table's numbers.

    For each segment a `clients` rule names: `clients` = its row count, `margin` = the
    revenue-weighted margin of its clients (with a `margin_column`), and each level's
    `revenue_index` x (the segment's mean revenue per client per planning period) becomes
    `revenue_per_client`, where per period = mean x PERIOD_MONTHS[period] / revenue_period_months
    (a range index gives a range). Values the scenario sets win. For each prospect segment a
    `prospects_data` rule names: `pool` = its row count unless set. The `clients` and
    `prospects_data` blocks are kept."""
    from planner.scenario_io import problems_from_validation

    data = scenario.model_dump(exclude_unset=True)
    problems: list[Problem] = []
    if scenario.clients is not None:
        table = load_client_table(scenario, base_dir)
        profiles = segment_profiles(table)
        source = scenario.clients
        period_months = PERIOD_MONTHS[scenario.period]
        table_months = float(source.revenue_period_months)
        for i, seg in enumerate(scenario.segments):
            if seg.id not in table.segments:
                continue
            seg_data = data["segments"][i]
            row = profiles.loc[seg.id]
            count = int(row["clients"])
            if seg.clients is None:
                seg_data["clients"] = count
            if seg.margin is None and source.margin_column is not None:
                rate = segment_margin(table, seg.id)
                if rate is None:
                    if count > 0:
                        problems.append(Problem(f"segments[{i}].margin", TEXT["no_margin"].format(segment=seg.id, column=source.margin_column)))
                        continue
                    rate = 0.0  # no clients: nothing earns a margin
                if not -1e-9 <= rate <= 1 + 1e-9:
                    problems.append(
                        Problem(f"segments[{i}].margin", TEXT["margin_range"].format(segment=seg.id, rate=rate, column=source.margin_column))
                    )
                    continue
                seg_data["margin"] = min(max(rate, 0.0), 1.0)
            mean = row["mean_revenue"]
            mean = float(mean) if mean is not None and not np.isnan(mean) else 0.0
            for j, level in enumerate(seg.levels):
                if level.revenue_index is None or level.revenue_per_client is not None:
                    continue
                level_data = seg_data["levels"][j]
                level_data.pop("revenue_index", None)
                level_data["revenue_per_client"] = _scale(level.revenue_index, mean, period_months, table_months)
    if scenario.prospects_data is not None:
        prospects = load_prospect_table(scenario, base_dir)
        assert prospects is not None
        counts = prospects.counts()
        for i, pro in enumerate(scenario.prospects):
            if pro.id in counts and pro.pool is None:
                data["prospects"][i]["pool"] = float(counts[pro.id])
    if problems:
        raise InputError(problems)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc)) from None


def table_warnings(scenario: Scenario, base_dir: Path | None = None) -> list[Problem]:
    """Warnings of the scenario's tables (labels no row has, totals rows, missing revenue)."""
    out: list[Problem] = []
    if scenario.clients is not None:
        out.extend(load_client_table(scenario, base_dir).warnings)
    if scenario.prospects_data is not None:
        table = load_prospect_table(scenario, base_dir)
        out.extend(table.warnings if table else ())
    return out
