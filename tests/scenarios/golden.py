"""Golden plans of the shipped scenarios: the allocation, the clients per level and the KPIs,
as CSV files in tests/scenarios/golden/. Rebuilt only on purpose:

    .venv/bin/python -m tests.scenarios.golden        # writes the files; review the diff

`tests/scenarios/test_golden.py` compares every shipped scenario's plan with them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario, scenario_dir
from tests.paths import SCENARIOS

GOLDEN = Path(__file__).resolve().parent / "golden"


def shipped() -> list[Path]:
    return sorted(SCENARIOS.glob("*.yaml"))


def golden_tables(path: Path) -> dict[str, pd.DataFrame]:
    """The tables a golden file holds, from a fresh plan of the scenario."""
    plan = plan_scenario(load_scenario(path), base_dir=scenario_dir(path), details=False)
    allocation = plan.allocations[["group", "segment", "level", "clients", "hours"]].copy()
    allocation = allocation.sort_values(["group", "segment", "level"]).reset_index(drop=True)
    levels = plan.segment_levels[["segment", "level", "clients"]].sort_values(["segment", "level"]).reset_index(drop=True)
    kpis = pd.DataFrame({"kpi": ["objective", *plan.kpis], "value": [plan.objective, *plan.kpis.values()]})
    tables = {"allocation": allocation, "levels": levels, "kpis": kpis}
    if plan.scenario.horizon is not None:
        tables.update(horizon_tables(path))
    return tables


def horizon_tables(path: Path) -> dict[str, pd.DataFrame]:
    """A horizon scenario's year plan: KPIs and head counts by period, and the hiring calendar."""
    from planner.horizon.plan import plan_horizon

    year = plan_horizon(load_scenario(path), base_dir=scenario_dir(path))
    periods = year.kpi_table().join(year.by_period("head_count").add_prefix("head_count_"))
    periods = periods.join(year.by_period("hires").add_prefix("hires_")).reset_index()
    calendar = year.calendar[["group", "action", "people", "decide", "start", "full_speed"]].fillna({"full_speed": ""})
    return {"periods": periods, "calendar": calendar}


def golden_path(path: Path, table: str) -> Path:
    return GOLDEN / f"{path.stem}.{table}.csv"


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for path in shipped():
        for name, frame in golden_tables(path).items():
            frame.to_csv(golden_path(path, name), index=False, float_format="%.9g")
            print("wrote", golden_path(path, name).relative_to(GOLDEN.parent.parent.parent))


if __name__ == "__main__":
    main()
