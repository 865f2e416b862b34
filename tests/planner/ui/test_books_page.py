"""The Books page (AppTest) against the library's books of the same scenario: the people with
an empty book named, clients pinned to a person saved as `clients.locks`, the continuity price
saved and its trade-off the library's, the workbook a sheet per person with client names."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from planner.plan_books import books_for_scenario, continuity_tradeoff
from planner.scenario_io import load_scenario
from tests.paths import ROOT
from tests.planner.ui.test_app import RecordingStorage, assert_clean, goto, served, start

OWN = ROOT / "tests" / "fixtures" / "own_data" / "scenario.yaml"  # `language: ru`: the app opens in Russian
METRICS = ("with_person", "moves", "kept", "locked")


def book_metrics(at) -> dict[str, str]:
    """The page's four cards by id (their labels are in the scenario's language)."""
    return dict(zip(METRICS, (m.value for m in at.main.metric)))


def workbook_button(at):
    from planner.i18n import using
    from planner.ui.books import tx

    with using("ru"):
        label = tx("download")
    return next(b for b in at.main.get("download_button") if b.label == label)


@pytest.fixture(scope="module")
def library_books():
    return books_for_scenario(load_scenario(OWN), OWN.parent)


def test_books_page_flags_idle_people_and_counts_as_the_library(library_books):
    at = start(OWN)
    goto(at, "books")
    assert_clean(at)
    assert library_books.idle  # the fixture's plan leaves someone without clients
    warnings = " ".join(w.value for w in at.main.warning)
    for person in library_books.idle:
        assert person in warnings
    assert book_metrics(at)["moves"] == f"{library_books.moves:,}".replace(",", "\u00a0")
    people = next(d.value for d in at.main.dataframe if "utilisation" in d.value.columns)
    assert list(people["person"]) == list(library_books.people["person"])
    assert list(people["clients"]) == list(library_books.people["clients"])


def test_pinned_clients_are_saved_as_locks_and_booked_with_that_person(library_books):
    at = start(OWN)
    goto(at, "books")
    picker = at.multiselect(key="w.books.pick_clients")
    chosen = picker.options[:2]
    assert " · " in chosen[0]  # clients by id and name
    person = library_books.idle[0]
    picker.set_value(chosen)
    at.selectbox(key="w.books.pick_person").set_value(person)
    at.button(key="w.books.pin").click().run()
    assert_clean(at)
    scen = at.session_state["scenario"]
    ids = [c.split(" · ")[0] for c in chosen]
    assert dict(scen.clients.locks) == {i: person for i in ids}
    books = books_for_scenario(scen, OWN.parent)
    a = books.assignments.set_index("client")
    assert all(a.loc[i, "person"] == person and a.loc[i, "locked"] for i in ids)
    assert book_metrics(at)["locked"] == str(int(books.assignments["locked"].sum()))
    # and removed again
    unpick = at.multiselect(key="w.books.unpick")
    unpick.set_value(unpick.options).run()
    at.button(key="w.books.unpin").click().run()
    assert not at.session_state["scenario"].clients.locks


def test_continuity_price_and_tradeoff_are_the_library_s(monkeypatch):
    import streamlit.testing.v1.app_test as app_test

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingStorage)
    at = start(OWN)
    goto(at, "books")
    at.number_input(key="w.books.price").set_value(5000.0).run()
    assert_clean(at)
    scen = at.session_state["scenario"]
    assert scen.clients.continuity_price == 5000.0
    priced = books_for_scenario(scen, OWN.parent)
    assert book_metrics(at)["moves"] == f"{priced.moves:,}".replace(",", "\u00a0")
    at.button(key="w.books.tradeoff").click().run()
    assert_clean(at)
    table = at.session_state["books.tradeoff"][1]
    expected = continuity_tradeoff(scen, OWN.parent, list(table["price"]))
    pd.testing.assert_frame_equal(table, expected)
    assert table["moves"].iloc[0] >= table["moves"].iloc[-1]
    workbook = pd.read_excel(io.BytesIO(served(workbook_button(at))), sheet_name=None)
    for person in priced.people.query("clients > 0")["person"]:
        assert person in workbook
    first = priced.people.query("clients > 0")["person"].iloc[0]
    names = set(priced.assignments.loc[priced.assignments["person"] == first, "name"])
    assert names and names <= set(workbook[first].astype(str).stack())
