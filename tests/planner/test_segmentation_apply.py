"""Client tables applied to scenarios (counts, margins, revenue_index, pools), the shipped
table's profiles recomputed independently, `default.yaml` end to end, and `planner segment`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from models import Range
from planner.cli import app
from planner.errors import InputError
from planner.prepare import prepare_scenario
from planner.scenario_io import load_scenario, loads_scenario, scenario_dir
from planner.segmentation import (
    UNASSIGNED,
    apply_client_tables,
    load_client_table,
    load_prospect_table,
    profiles_json,
    segment_profiles,
)
from tests.planner.test_segmentation import reference_labels
from tests.paths import ROOT, TABLES

DEFAULT = ROOT / "scenarios" / "default.yaml"

CLIENTS = """client_id;revenue_12m;margin;employees;region;manager
1;1200;0,30;300;Moscow;olga
2;600;0,20;100;Moscow;ivan
3;120;0,25;10;SPb;olga
4;60;0,10;;Kazan;
5;20;0,40;60;SPb;ivan
"""

PROSPECTS = """prospect_id,budget,employees
P1,yes,300
P2,yes,10
P3,no,20
P4,yes,20
"""

SCENARIO = """
schema_version: 1
name: apply test
period: {period}
segments:
  - id: key
    levels:
      - {{id: full, hours_per_client: 10, revenue_index: 1.25}}
      - {{id: std, hours_per_client: 2, revenue_index: {{low: 0.5, likely: 1, high: 1.5}}}}
  - id: growth
    clients: 7
    margin: 0.5
    levels: [{{id: std, hours_per_client: 2, revenue_index: 2}}]
  - id: tail
    levels: [{{id: mail, hours_per_client: 0, revenue_per_client: 10}}]
  - id: plain
    clients: 3
    margin: 0.2
    levels: [{{id: mail, hours_per_client: 0, revenue_per_client: 10}}]
prospects:
  - {{id: warm, conversion_per_hour: 0.1, revenue_per_client: 100, margin: 0.2}}
  - {{id: given, pool: 50, conversion_per_hour: 0.1, revenue_per_client: 100, margin: 0.2}}
team:
  managers: [{{id: olga, hours: 100}}, {{id: ivan, hours: 100}}]
clients:
  file: clients.csv
  margin_column: margin
  manager_column: manager
  revenue_period_months: 12
  segmentation:
    criteria:
      - {{id: volume, column: revenue_12m, method: abc, shares: [0.6, 0.3]}}
      - {{id: region, column: region}}
    rules:
      - {{segment: key, when: {{volume: A}}}}
      - {{segment: growth, when: {{volume: B}}}}
      - {{segment: tail, when: {{region: [SPb, Moscow]}}}}
prospects_data:
  file: prospects.csv
  segmentation:
    criteria: [{{id: budget, column: budget}}]
    rules:
      - {{segment: warm, when: {{budget: "yes"}}}}
      - {{segment: given, when: {{budget: "no"}}}}
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "clients.csv").write_text(CLIENTS, encoding="utf-8")
    (tmp_path / "prospects.csv").write_text(PROSPECTS, encoding="utf-8")
    return tmp_path


def scenario_in(folder: Path, period: str = "month") -> Path:
    p = folder / "scenario.yaml"
    p.write_text(SCENARIO.format(period=period), encoding="utf-8")
    return p


# Total 2000. key: client 1 (share before 0); growth: 2 (0.6, not below 0.6, below 0.9);
# 3 (0.9), 4, 5 are C: 3 and 5 by region go to tail; 4 (Kazan) is unassigned.
def test_apply_fills_counts_margins_revenue_and_pools(folder):
    path = scenario_in(folder)
    scenario = load_scenario(path)
    applied = apply_client_tables(scenario, scenario_dir(path))
    key, growth, tail, plain = applied.segments
    assert key.clients == 1 and key.margin == pytest.approx(0.30)
    # revenue_index x mean revenue per month: 1200 a year -> 100 a month.
    assert key.levels[0].revenue_per_client == pytest.approx(125.0) and key.levels[0].revenue_index is None
    assert key.levels[1].revenue_per_client == Range(low=50.0, likely=100.0, high=150.0)
    # Explicit clients and margin win; the index still uses the observed mean (600 a year).
    assert (growth.clients, growth.margin) == (7, 0.5)
    assert growth.levels[0].revenue_per_client == pytest.approx(2 * 50.0)
    # tail: clients 3 (120 at 0.25) and 5 (20 at 0.40): revenue-weighted margin 38 / 140.
    assert tail.clients == 2 and tail.margin == pytest.approx(38 / 140)
    assert (plain.clients, plain.margin) == (3, 0.2)
    warm, given = applied.prospects
    assert warm.pool == 3.0 and given.pool == 50.0
    # The table blocks are kept; the input is untouched.
    assert applied.clients == scenario.clients and applied.prospects_data == scenario.prospects_data
    assert scenario.segments[0].clients is None
    assert prepare_scenario(scenario, scenario_dir(path)) == applied


def test_revenue_index_per_planning_period(folder):
    path = scenario_in(folder, period="quarter")
    applied = apply_client_tables(load_scenario(path), scenario_dir(path))
    assert applied.segments[0].levels[0].revenue_per_client == pytest.approx(1.25 * 1200 * 3 / 12)
    path = scenario_in(folder, period="year")
    text = path.read_text().replace("revenue_period_months: 12", "revenue_period_months: 6")
    applied = apply_client_tables(loads_scenario(text), folder)
    # The table holds 6 months of revenue: a year is twice that.
    assert applied.segments[0].levels[0].revenue_per_client == pytest.approx(1.25 * 1200 * 2)


def test_table_margin_out_of_range_is_an_input_error(folder):
    (folder / "clients.csv").write_text(CLIENTS.replace("0,30", "30"), encoding="utf-8")
    path = scenario_in(folder)
    with pytest.raises(InputError) as exc:
        apply_client_tables(load_scenario(path), scenario_dir(path))
    (problem,) = exc.value.problems
    assert problem.path == "segments[0].margin" and "margin rate of 30" in problem.message


def test_client_table_for_books(folder):
    path = scenario_in(folder)
    table = load_client_table(load_scenario(path), scenario_dir(path))
    f = table.frame
    assert f["client"].tolist() == ["1", "2", "3", "4", "5"]
    assert [None if pd.isna(s) else s for s in f["segment"]] == ["key", "growth", "tail", None, "tail"]
    assert f["current_person"].tolist() == ["olga", "ivan", "olga", None, "ivan"]
    assert f["value"].tolist() == pytest.approx([360.0, 120.0, 30.0, 6.0, 8.0])
    assert table.unassigned == 1


# ----- the shipped table -----------------------------------------------------------------------
def reference_segments(scenario) -> pd.DataFrame:
    """The shipped segmentation recomputed row by row from a plain pandas read of the CSV."""
    src = scenario.clients
    raw = pd.read_csv(DEFAULT.parent / src.file, dtype={src.id_column: str})
    ids = raw[src.id_column].tolist()
    labels: dict[str, list[str]] = {}
    for c in src.segmentation.criteria:
        col = raw[c.column]
        if c.method == "abc":
            labels[c.id] = reference_labels(ids, [None if pd.isna(v) else float(v) for v in col], c.abc_shares)
        elif c.method == "bins":
            names = list(c.labels)

            def bin_of(v, edges=c.edges, names=names):
                if pd.isna(v):
                    return "missing"
                return names[sum(1 for e in edges if v >= e)]

            labels[c.id] = [bin_of(v) for v in col]
        else:
            assert c.method == "category"
            labels[c.id] = ["missing" if pd.isna(v) else str(v).strip() for v in col]
    segments = []
    for k in range(len(raw)):
        seg = UNASSIGNED
        for rule in src.segmentation.rules:
            if all(labels[name][k] in rule.accepted(name) for name in rule.when):
                seg = rule.segment
                break
        segments.append(seg)
    raw["segment"] = segments
    return raw


def test_shipped_table_profiles_match_a_row_by_row_recomputation():
    scenario = load_scenario(DEFAULT)
    table = load_client_table(scenario, scenario_dir(DEFAULT))
    assert table.warnings == ()
    profiles = segment_profiles(table)
    ref = reference_segments(scenario)
    assert [None if pd.isna(s) else s for s in table.frame["segment"]] == [
        None if s == UNASSIGNED else s for s in ref["segment"]
    ]
    src = scenario.clients
    ref["gm"] = ref[src.revenue_column] * ref[src.margin_column]
    grouped = ref.groupby("segment").agg(clients=("segment", "size"), revenue=(src.revenue_column, "sum"), gm=("gm", "sum"))
    for seg, row in grouped.iterrows():
        assert profiles.loc[seg, "clients"] == row["clients"]
        assert profiles.loc[seg, "revenue"] == pytest.approx(row["revenue"])
        assert profiles.loc[seg, "gross_margin"] == pytest.approx(row["gm"])
        assert profiles.loc[seg, "margin_rate"] == pytest.approx(row["gm"] / row["revenue"])
    assert int(profiles["clients"].sum()) == len(ref)
    assert profiles["share_of_clients"].sum() == pytest.approx(1.0)
    assert profiles["revenue"].sum() == pytest.approx(ref[src.revenue_column].sum())
    assert profiles["share_of_revenue"].sum() == pytest.approx(1.0)
    # Every scenario segment is named by a rule and gets clients from the table.
    assert set(table.segments) == {s.id for s in scenario.segments}
    assert all(profiles.loc[s.id, "clients"] > 0 for s in scenario.segments)


def test_default_scenario_prepares_and_solves_from_its_tables():
    scenario = load_scenario(DEFAULT)
    prepared = prepare_scenario(scenario, scenario_dir(DEFAULT))
    table = load_client_table(scenario, scenario_dir(DEFAULT))
    counts = table.counts()
    for seg in prepared.segments:
        assert seg.clients == counts[seg.id]
        assert 0 <= seg.margin <= 1
        assert all(lv.revenue_per_client is not None and lv.revenue_index is None for lv in seg.levels)
    prospects = load_prospect_table(scenario, scenario_dir(DEFAULT))
    assert {p.id: p.pool for p in prepared.prospects} == {k: float(v) for k, v in prospects.counts().items()}
    optimise = pytest.importorskip("planner.optimise")
    plan = optimise.plan_scenario(prepared, base_dir=scenario_dir(DEFAULT))
    assert plan.ok and plan.kpis["revenue"] > 0


# ----- the command line ------------------------------------------------------------------------
runner = CliRunner()


def test_cli_json_is_the_contract_object(folder):
    path = scenario_in(folder)
    result = runner.invoke(app, ["segment", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["segments", "unassigned"]
    assert data["unassigned"] == 1
    first = data["segments"][0]
    assert {k: first[k] for k in ("segment", "clients", "revenue", "mean_revenue", "margin_rate")} == {
        "segment": "key", "clients": 1, "revenue": 1200.0, "mean_revenue": 1200.0, "margin_rate": pytest.approx(0.3),
    }
    table = load_client_table(load_scenario(path), scenario_dir(path))
    assert data == json.loads(json.dumps(profiles_json(segment_profiles(table))))


def test_cli_clients_override_and_rich_output(folder):
    other = folder / "other.csv"
    other.write_text(CLIENTS.replace("4;60;0,10;;Kazan;", "4;60;0,10;;SPb;"), encoding="utf-8")
    path = scenario_in(folder)
    result = runner.invoke(app, ["segment", str(path), "--clients", str(other), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["unassigned"] == 0
    result = runner.invoke(app, ["segment", str(path)])
    assert result.exit_code == 0
    assert "growth" in result.stdout and "1 client matches no rule" in result.stdout


def test_cli_bad_table_and_no_clients_block_exit_2(folder):
    path = scenario_in(folder)
    (folder / "clients.csv").write_text(CLIENTS.replace("600", "six hundred"), encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "planner"), "segment", str(path), "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "clients.csv row 2 (line 3 of the file), column revenue_12m: 'six hundred' is not a number" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    plain = folder / "plain.yaml"
    plain.write_text(
        "schema_version: 1\nname: p\nsegments: [{id: s, clients: 1, margin: 0.1, "
        "levels: [{id: l, hours_per_client: 1, revenue_per_client: 1}]}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["segment", str(plain)])
    assert result.exit_code == 2 and "no `clients` block" in result.output
    result = runner.invoke(app, ["segment", str(folder / "missing.yaml")])
    assert result.exit_code == 2


# ----- sources: options honoured end to end ------------------------------------------------------


def test_cp1251_export_with_lock_and_manager_columns():
    from models import ClientsSource
    from planner.segmentation import read_source

    src = ClientsSource.model_validate({
        "file": "clients_cp1251.csv", "margin_column": "margin", "manager_column": "manager", "lock_column": "locked",
        "segmentation": {
            "criteria": [{"id": "region", "column": "region"},
                         {"id": "size", "column": "employees", "method": "bins", "edges": [50, 250]}],
            "rules": [{"segment": "moscow", "when": {"region": "Москва"}}, {"segment": "other"}],
        },
    })
    table = read_source(src, TABLES / "clients_cp1251.csv")
    f = table.frame
    assert f["client"].tolist() == ["K001", "K002", "K003", "K004"]
    assert [str(s) for s in f["segment"]] == ["moscow", "other", "other", "moscow"]
    assert f["locked"].tolist() == [True, False, False, True]
    assert f["current_person"].tolist() == ["olga", "ivan", None, "ivan"]
    # 49,5 employees is below the edge 50; a missing count is `missing`.
    assert [str(x) for x in f["label_size"]] == [">=250", "50-250", "missing", "<50"]
    p = segment_profiles(table)
    assert p.loc["moscow", "revenue"] == pytest.approx(1_200_000.5 + 0.5)


def test_xlsx_sheet_option_and_numeric_ids():
    from models import ClientsSource
    from planner.segmentation import read_source

    src = ClientsSource.model_validate({
        "file": "clients.xlsx", "sheet": "Clients", "margin_column": "margin",
        "segmentation": {"criteria": [{"id": "volume", "column": "revenue_12m", "method": "abc", "shares": [0.5, 0.3]}],
                         "rules": [{"segment": "a", "when": {"volume": "A"}}, {"segment": "rest"}]},
    })
    table = read_source(src, TABLES / "clients.xlsx")
    # Revenue 500, 300, 100, 1234.5 (a text cell "1 234,5"): total 2134.5. 104 is A (before 0);
    # 101: before 1234.5 / 2134.5 = 0.578, B; 102: before 0.813, C; 103: C.
    assert table.frame["client"].tolist() == ["101", "102", "103", "104"]
    assert [str(x) for x in table.frame["label_volume"]] == ["B", "C", "C", "A"]
    assert table.counts() == {"a": 1, "rest": 3}


def test_missing_score_column_and_unknown_rule_criterion_name_their_paths(folder):
    text = SCENARIO.format(period="month").replace(
        "      - {id: region, column: region}",
        "      - {id: region, column: region}\n      - {id: pot, method: score, weights: {potential: 1}, edges: [0.5]}",
    )
    with pytest.raises(InputError) as exc:
        apply_client_tables(loads_scenario(text), folder)
    (problem,) = exc.value.problems
    assert problem.path == "clients.segmentation.criteria[2].weights.potential"
    assert problem.message.startswith("column 'potential' not found in clients.csv (columns: client_id, revenue_12m")
    bad_rule = SCENARIO.format(period="month").replace("{segment: key, when: {volume: A}}", "{segment: key, when: {volum: A}}")
    with pytest.raises(InputError) as exc:
        loads_scenario(bad_rule)
    assert any(p.path.startswith("clients.segmentation") and "unknown criterion 'volum'" in p.message for p in exc.value.problems)


def test_bench_runs_on_a_small_table():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_segment.py"), "--rows", "3000", "--repeat", "1"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "segment + profiles" in result.stdout and "tail" in result.stdout
