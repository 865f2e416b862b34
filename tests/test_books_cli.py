"""`planner books` through the real entry point: the shipped default scenario exported and read
back, CSV folders, locks solved end to end with the optimiser, and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from tests.conftest import FIXTURES, SCENARIOS, run_planner

DEFAULT = SCENARIOS / "default.yaml"
FIXED_SHEETS = ["Summary", "People", "Transfers", "Automated or not served", "Integer vs plan", "Conflicts"]

pytestmark = pytest.mark.skipif(not DEFAULT.exists(), reason="scenarios/default.yaml not shipped yet")


@pytest.fixture(scope="module")
def default_books(tmp_path_factory):
    out = tmp_path_factory.mktemp("books") / "books.xlsx"
    result = run_planner("books", str(DEFAULT), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), out


def test_default_books_json_follows_the_contract(default_books):
    data, _ = default_books
    clients = pd.read_csv(SCENARIOS / "data" / "clients.csv")
    rows = pd.DataFrame(data["assignments"])
    assert len(rows) == len(clients) and rows["client"].is_unique
    assert set(rows["client"]) == set(clients["client_id"])
    # previous_person is the table's manager column
    manager = clients.set_index("client_id")["manager"]
    assert (rows.set_index("client")["previous_person"] == manager.reindex(rows["client"])).all()
    moved = rows["previous_person"].notna() & (rows["person"].isna() | (rows["person"] != rows["previous_person"]))
    assert (rows["moved"] == moved).all() and data["moves"] == int(moved.sum())
    assert data["moves"] == data["minimal_moves"]
    revenue = clients.set_index("client_id")["revenue_12m"]
    assert data["revenue_moved"] == pytest.approx(float(revenue[rows.loc[rows["moved"], "client"]].sum()))
    people = pd.DataFrame(data["people"])
    assert people["clients"].sum() == int(rows["person"].notna().sum())
    assert (people["hours"] <= people["capacity"] + 1e-7).all()
    by_person = rows[rows["person"].notna()].groupby("person").size()
    assert (people.set_index("person")["clients"].reindex(by_person.index) == by_person).all()
    # every person named is one of the team, with its group
    assert set(rows["person"].dropna()) <= set(people["person"])
    group = people.set_index("person")["group"]
    served = rows[rows["person"].notna()]
    assert (served["group"].to_numpy() == group[served["person"]].to_numpy()).all()
    # automated or not served: person and group null
    assert rows.loc[rows["person"].isna(), "group"].isna().all()


def test_default_books_workbook_reads_back(default_books):
    data, path = default_books
    wb = load_workbook(path, read_only=True)
    people = pd.DataFrame(data["people"])
    assert wb.sheetnames[:2] == FIXED_SHEETS[:2]
    person_sheets = wb.sheetnames[2: 2 + len(people)]
    assert wb.sheetnames[2 + len(people):] == FIXED_SHEETS[2:]
    assert all(len(n) <= 31 for n in wb.sheetnames)
    sheets = pd.read_excel(path, sheet_name=None)
    # one sheet per person, in team order, whose rows are that person's book
    for name, row in zip(person_sheets, people.itertuples(index=False)):
        book = sheets[name]
        assert len(book) == row.clients
        assert book["revenue"].sum() == pytest.approx(row.revenue)
        assert book["hours"].sum() == pytest.approx(row.hours)
    transfers = sheets["Transfers"]
    assert len(transfers) == data["moves"]
    assert transfers["revenue"].sum() == pytest.approx(data["revenue_moved"])
    summary = sheets["Summary"].set_index("item")["value"]
    assert summary["moves"] == data["moves"] and summary["clients"] == len(data["assignments"])
    not_managed = sheets["Automated or not served"]
    assert len(not_managed) == sum(r["person"] is None for r in data["assignments"])
    kpis = sheets["Integer vs plan"].set_index("kpi")
    assert kpis.loc["profit", "difference"] == pytest.approx(kpis.loc["profit", "integer"] - kpis.loc["profit", "plan"])
    assert list(path.parent.glob(".*tmp*")) == []  # the atomic write left no temporary file


def test_default_books_csv_folder(tmp_path):
    out = tmp_path / "books"
    result = run_planner("books", str(DEFAULT), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "moves" in result.stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["summary.csv", "people.csv", "assignments.csv", "transfers.csv", "not_managed.csv",
                            "counts.csv", "kpis.csv", "conflicts.csv"])
    assignments = pd.read_csv(out / "assignments.csv")
    counts = pd.read_csv(out / "counts.csv")
    assert len(assignments) == len(pd.read_csv(SCENARIOS / "data" / "clients.csv"))
    got = assignments.dropna(subset=["person"]).groupby(["person", "segment", "level"]).size()
    want = counts.dropna(subset=["person"]).set_index(["person", "segment", "level"])["clients"]
    assert got.to_dict() == want.to_dict()


def test_locked_clients_stay_with_their_managers_end_to_end(tmp_path, default_books):
    """Lock 40 clients (among them some the unlocked plan automates or hands over); the plan is
    re-solved without them, and they stay with their managers."""
    shutil.copytree(SCENARIOS / "data", tmp_path / "data")
    table = pd.read_csv(tmp_path / "data" / "clients.csv")
    before = pd.DataFrame(default_books[0]["assignments"]).set_index("client")
    handed = before.index[before["moved"]][:30].tolist()
    kept = before.index[~before["moved"] & before["person"].notna()][:10].tolist()
    lock = set(handed + kept)
    table["keep"] = ["yes" if c in lock else "no" for c in table["client_id"]]
    table.to_csv(tmp_path / "data" / "clients.csv", index=False)
    doc = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    doc["clients"]["lock_column"] = "keep"
    scenario = tmp_path / "locked.yaml"
    scenario.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = run_planner("books", str(scenario), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = pd.DataFrame(data["assignments"]).set_index("client")
    manager = table.set_index("client_id")["manager"]
    assert (rows.loc[sorted(lock), "person"] == manager[sorted(lock)]).all()
    assert rows.loc[sorted(lock), "locked"].all() and not rows.loc[sorted(lock), "moved"].any()
    assert rows.loc[sorted(lock), "level"].notna().all()
    people = pd.DataFrame(data["people"])
    assert people["locked"].sum() == len(lock)
    over = people[people["hours"] > people["capacity"] + 1e-7]
    # a person may only be over hours where a conflict says so
    for person in over["person"]:
        assert any(f"person '{person}'" in c for c in data["conflicts"])
    kpis = pd.DataFrame(data["kpis"]).set_index("kpi")
    assert "without_locks" in kpis.columns


def test_scenario_without_client_table_is_bad_input():
    result = run_planner("books", str(FIXTURES / "example1.yaml"), "--json")
    assert result.returncode == 2
    assert "books need a client table" in result.stderr and "clients:" in result.stderr
    assert result.stdout == ""


def test_missing_file_is_bad_input(tmp_path):
    result = run_planner("books", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2 and "file not found" in result.stderr
