"""The shipped scenarios and their synthetic data: valid, round-tripping, reproducible, sensible.

The optimum of each shipped scenario is pinned: the values were computed twice, by
`planner.optimise.plan_scenario` and by an independent PuLP model of the contract in
PLANNER.md (written while tuning the scenarios), and the two agreed to the cent.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from models import Range, Scenario, likely
from planner.prepare import prepare_scenario
from planner.scenario_io import dumps_scenario, load_scenario, loads_scenario, save_scenario, scenario_dir
from tests.paths import ROOT

SCENARIOS = ROOT / "scenarios"
DATA = SCENARIOS / "data"
PLANNER_CLI = Path(sys.executable).parent / "planner"

# The four scenarios this suite owns (other shipped files are only loaded and round-tripped).
OURS = ("default", "key-clients-high-margin", "new-product-line", "smb-acquisition")
ALL_FILES = sorted(SCENARIOS.glob("*.yaml"))

# Optimal objective (profit, RUB per month) of each scenario; see the module docstring.
OPTIMUM = {
    "default": 22_396_821.24,
    "key-clients-high-margin": 14_858_840.00,
    "new-product-line": 13_885_495.42,
    "smb-acquisition": 7_275_787.50,
}


def _generator():
    spec = importlib.util.spec_from_file_location("generate_data", ROOT / "scripts" / "generate_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def prepared() -> dict[str, Scenario]:
    """Our scenarios with their client tables applied (what the optimiser sees)."""
    out = {}
    for name in OURS:
        path = SCENARIOS / f"{name}.yaml"
        out[name] = prepare_scenario(load_scenario(path), scenario_dir(path))
    return out


@pytest.fixture(scope="module")
def plans():
    from planner.optimise import plan_file

    return {name: plan_file(SCENARIOS / f"{name}.yaml", details=False) for name in OURS}


# ----- files: load, validate, round trip --------------------------------------------------
def test_our_scenarios_are_shipped():
    assert {p.stem for p in ALL_FILES} >= set(OURS)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_shipped_scenario_round_trips(path: Path, tmp_path: Path):
    scenario = load_scenario(path)
    assert loads_scenario(dumps_scenario(scenario)) == scenario
    copy = tmp_path / path.name
    save_scenario(scenario, copy)
    assert load_scenario(copy) == scenario


def test_planner_validate_accepts_every_shipped_scenario():
    result = subprocess.run(
        [str(PLANNER_CLI), "validate", *[str(p) for p in ALL_FILES]],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name in OURS:
        assert f"{name}.yaml" in result.stdout
    assert "warning" not in result.stdout


# ----- the data generator and its tables ---------------------------------------------------
def test_generator_reproduces_the_committed_tables_byte_for_byte(tmp_path: Path):
    written = _generator().generate(tmp_path)
    assert sorted(p.name for p in written) == ["clients.csv", "prospects.csv"]
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), f"{path.name} differs: re-run the script"


def test_generator_and_readme_say_the_data_is_synthetic():
    gen = _generator()
    assert gen.__doc__.lstrip().startswith("Generate the SYNTHETIC")
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "generate_data.py" in readme
    for column in gen.CLIENT_COLUMNS + gen.PROSPECT_COLUMNS:
        assert f"`{column}`" in readme, f"README does not document column {column}"


def test_client_table_has_the_documented_columns_and_skew():
    gen = _generator()
    columns, rows = _read_csv(DATA / "clients.csv")
    assert tuple(columns) == gen.CLIENT_COLUMNS
    assert len(rows) == 3000
    assert len({r["client_id"] for r in rows}) == 3000
    revenue = np.sort(np.array([float(r["revenue_12m"]) for r in rows]))[::-1]
    top20 = revenue[: len(revenue) // 5].sum() / revenue.sum()
    assert 0.6 <= top20 <= 0.85, f"top 20% carry {top20:.0%}"
    assert revenue.sum() == pytest.approx(1.5e9, rel=0.01)
    margin = np.array([float(r["margin"]) for r in rows])
    assert ((margin > 0) & (margin < 0.5)).all()
    # Margin follows the product: own brand earns most, equipment least.
    by_product = {
        p: np.mean([float(r["margin"]) for r in rows if r["main_product"] == p]) for p in gen.PRODUCTS
    }
    assert max(by_product, key=by_product.get) == "own_brand"
    assert min(by_product, key=by_product.get) == "equipment"
    # Volume discounts: the revenue-weighted margin is below the plain mean.
    weights = np.array([float(r["revenue_12m"]) for r in rows])
    assert np.average(margin, weights=weights) < margin.mean()
    overdue = np.array([float(r["overdue_share"]) for r in rows])
    assert ((overdue >= 0) & (overdue <= 1)).all() and 0.6 < (overdue == 0).mean() < 0.85
    assert all(int(r["orders_12m"]) >= 1 and int(r["employees"]) >= 3 for r in rows)
    assert {r["region"] for r in rows} == set(gen.REGIONS)


def test_client_managers_are_the_people_of_default_yaml():
    scenario = load_scenario(SCENARIOS / "default.yaml")
    today = {name for g in scenario.team.managers for name in g.person_names(g.count)}
    _, rows = _read_csv(DATA / "clients.csv")
    managers = {r["manager"] for r in rows}
    assert managers == today, f"unknown {managers - today}, without clients {today - managers}"


def test_prospect_table_has_the_documented_columns():
    gen = _generator()
    columns, rows = _read_csv(DATA / "prospects.csv")
    assert tuple(columns) == gen.PROSPECT_COLUMNS
    assert len(rows) == 1500 and len({r["prospect_id"] for r in rows}) == 1500
    assert {r["has_substitute"] for r in rows} == {"yes", "no"}
    assert {r["budget_confirmed"] for r in rows} == {"yes", "no"}
    assert all(float(r["potential"]) >= 2000 for r in rows)


# ----- each scenario is a realistic, consistent case ----------------------------------------
def _has_range(scenario: Scenario) -> bool:
    values = [p.conversion_per_hour for p in scenario.prospects] + [p.pool for p in scenario.prospects]
    for seg in scenario.segments:
        for lv in seg.levels:
            values += [lv.hours_per_client, lv.revenue_per_client, lv.revenue_index]
    return any(isinstance(v, Range) for v in values)


@pytest.mark.parametrize("name", OURS)
def test_scenario_shape_follows_the_brief(name: str):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    assert scenario.description and scenario.currency == "RUB" and scenario.period == "month"
    assert 8 <= len(scenario.segments) <= 15
    assert all(2 <= len(s.levels) <= 4 for s in scenario.segments)
    assert {s.priority for s in scenario.segments} == {"A", "B", "C", "D"}
    for seg in scenario.segments:
        for lv in seg.levels:
            assert lv.channel is not None, f"{seg.id}/{lv.id} has no channel"
            assert lv.offer or lv.terms or lv.materials, f"{seg.id}/{lv.id} has no written rules"
    groups = scenario.team.managers
    assert 3 <= len(groups) <= 5
    assert 6 <= sum(g.count for g in groups) <= 20
    for g in groups:
        assert g.skills and g.people, f"group {g.id} needs skills and people"
        assert 140_000 <= g.cost_per_person <= 250_000
        assert 140 <= g.hours <= 160
    hunters = scenario.team.hunters
    assert hunters.decided and hunters.lower < hunters.upper
    assert 2 <= len(scenario.prospects) <= 3
    goal = scenario.goal
    assert any(v is not None for v in (goal.min_profit, goal.min_revenue, goal.min_new_clients, goal.max_cost))
    assert _has_range(scenario)
    assert scenario.current is not None


def test_default_uses_the_tables_and_revenue_index(prepared):
    raw = load_scenario(SCENARIOS / "default.yaml")
    assert raw.clients is not None and raw.prospects_data is not None
    assert raw.table_segment_ids() == {s.id for s in raw.segments}
    assert raw.table_prospect_ids() == {p.id for p in raw.prospects}
    indexed = [lv for s in raw.segments for lv in s.levels if lv.revenue_index is not None]
    assert len(indexed) >= 10
    scenario = prepared["default"]
    assert sum(s.clients for s in scenario.segments) == 3000
    assert sum(likely(p.pool) for p in scenario.prospects) <= 1500
    key = scenario.segment("key_strategic")
    assert key.clients == 116
    # Each level's revenue is its index times the segment's observed monthly mean.
    by_id = {lv.id: likely(lv.revenue_per_client) for lv in key.levels}
    assert by_id["programme"] == pytest.approx(1.2 * by_id["standard"])
    assert by_id["remote"] == pytest.approx(0.88 * by_id["standard"])
    assert 200_000 < by_id["standard"] < 500_000


@pytest.mark.parametrize("name", OURS)
def test_rich_levels_earn_500_to_5000_per_extra_manager_hour(name: str, prepared):
    """Profit per extra manager hour of a segment's richest level over its next level."""
    scenario = prepared[name]
    for seg in scenario.segments:
        served = sorted((lv for lv in seg.levels if not lv.automated), key=lambda lv: -lv.planned_hours)
        if len(served) < 2:
            continue
        rich, next_ = served[0], served[1]

        def profit(lv):
            rate = lv.margin if lv.margin is not None else seg.margin
            return likely(lv.revenue_per_client) * rate - lv.cost_per_client

        per_hour = (profit(rich) - profit(next_)) / (rich.planned_hours - next_.planned_hours)
        assert 400 <= per_hour <= 5_000, f"{seg.id}/{rich.id}: {per_hour:,.0f} per extra hour"


# ----- solved: feasible, optimal as pinned, and a plan worth looking at --------------------
@pytest.mark.parametrize("name", OURS)
def test_scenario_solves_to_its_pinned_optimum(name: str, plans):
    plan = plans[name]
    assert plan.ok, plan.message
    assert plan.objective == pytest.approx(OPTIMUM[name], rel=1e-7)
    assert plan.kpis["profit"] == pytest.approx(OPTIMUM[name], rel=1e-7)
    assert plan.kpis["profit"] > plan.baseline.kpis["profit"]


@pytest.mark.parametrize("name", OURS)
def test_optimum_mixes_levels(name: str, plans):
    """Most but not all allowed levels are used, some partly, some segments automated."""
    plan = plans[name]
    scenario = plan.scenario
    table = scenario.priority_table
    clients = {(s, lv): c for s, lv, c in plan.segment_levels[["segment", "level", "clients"]].itertuples(index=False)}
    allowed = used = 0
    mixed_segments = automated_clients = 0
    for seg in scenario.segments:
        service = seg.service or table[seg.priority or "B"].service or "all"
        on = [lv for lv in seg.levels if clients.get((seg.id, lv.id), 0) > 1e-6]
        if service == "none":
            assert not on, f"priority D segment {seg.id} is served"
            continue
        allowed += sum(1 for lv in seg.levels if service == "all" or lv.automated)
        used += len(on)
        mixed_segments += len(on) >= 2
        automated_clients += sum(clients.get((seg.id, lv.id), 0) for lv in seg.levels if lv.automated)
    assert 0.4 <= used / allowed < 1, f"{used} of {allowed} levels used"
    assert mixed_segments >= 2
    assert automated_clients >= 500
    utilisation = plan.groups["hours_used"] / plan.groups["capacity"]
    assert (utilisation > 0.9).all(), plan.groups[["group", "hours_used", "capacity"]]
    assert plan.kpis["hunters"] >= 2
