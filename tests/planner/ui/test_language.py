"""The app's language: `?lang=ru`, the sidebar's switch, a scenario's `language`, kept across
pages and reruns; cached plans per language; every table's headings and cells Russian."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from planner.i18n import using
from tests.english import english_words, scenario_words
from tests.paths import ROOT

APP = str(ROOT / "app.py")
DEFAULT = ROOT / "scenarios" / "default.yaml"
RU_SCENARIO = ROOT / "scenarios" / "ru-distributor.yaml"
PAGES = ("goal", "clients", "priorities", "team", "plan", "whatif", "sensitivity", "books", "export")


def start(path=None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if path is not None:
        at.session_state["scenario.start_path"] = str(path)
    if lang is not None:
        at.query_params["lang"] = lang
    return at.run()


def goto(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"planner/ui/{page}.py").run()


def titles(at: AppTest) -> list[str]:
    return [e.value for e in at.main.title]


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_english_words_are_counted_outside_ids_paths_and_numbers():
    allowed = {"key", "min_coverage", "A"}
    text = "сегмент key: min_coverage 0.8 × 1,234.5 ₽ (YAML), segments[ключевые].levels[x].hours · Priority A · the plan"
    assert english_words(text, allowed) == ["Priority", "the", "plan"]


def test_query_parameter_opens_russian_and_keeps_it_across_pages_reruns_and_callbacks():
    at = start(lang="ru")
    assert not at.exception
    assert titles(at) == ["План"]
    assert any(m.label.split(", ")[0] == "Прибыль" for m in at.main.metric)
    at.query_params.clear()  # a page change drops the URL's parameters: the session keeps the language
    goto(at, "team")
    assert titles(at) == ["Шаг 6 · Команда"]
    at.run()
    goto(at, "plan")
    assert titles(at) == ["План"] and "ещё один час группы" in texts(at)
    goto(at, "whatif")  # a widget's callback runs before the script: it writes in the session's language
    at.button(key="whatif.new").click().run()
    assert at.session_state["scenario"].variants[0].name == "Вариант 1"


def test_the_sidebar_switch_changes_the_language_and_the_cached_texts():
    at = start()
    assert titles(at) == ["The plan"] and "one more hour of" in texts(at)
    at.sidebar.selectbox(key="side.lang").set_value("ru").run()
    assert not at.exception
    assert titles(at) == ["План"]
    shown = texts(at)
    assert "ещё один час группы" in shown and "one more hour" not in shown  # the solve is cached per language
    assert at.sidebar.selectbox(key="side.lang").value == "ru"
    at.sidebar.selectbox(key="side.lang").set_value("en").run()
    assert titles(at) == ["The plan"] and "one more hour of" in texts(at)


def test_a_russian_scenario_opens_in_english_when_the_user_chose_english():
    at = start(RU_SCENARIO, lang="en")  # without ?lang it opens in Russian: the table walk below
    assert titles(at) == ["The plan"]


def _table_words(frame: pd.DataFrame, config: dict, ids: set[str], allowed: set[str], hide_index: bool) -> list[str]:
    """English words of a table: in its headings (only the user's ids may be Latin there: a
    heading is words, not a key) and in its text cells (ids, keys and values of the format)."""
    words = []
    for col in frame.columns:
        label = (config.get(str(col)) or {}).get("label") or str(col)
        words += english_words(label, ids)
        if pd.api.types.is_string_dtype(frame[col]) or frame[col].dtype == object:
            words += [w for v in frame[col].dropna().unique() if isinstance(v, str) for w in english_words(v, allowed)]
    if not hide_index and (pd.api.types.is_string_dtype(frame.index) or frame.index.dtype == object):
        words += [w for v in frame.index if isinstance(v, str) for w in english_words(v, allowed)]
    return words


def test_every_table_of_the_russian_app_has_russian_headings_and_cells():
    """The tables (canvases in a browser, so the browser walk cannot read them): every heading
    and text cell of every page, with a what-if variant, a marginal curve, a sweep and a Monte
    Carlo run, in Russian; the app opens ru-distributor.yaml in Russian by itself.
    Prints the count of English words (0)."""
    allowed, ids = scenario_words(RU_SCENARIO), scenario_words(RU_SCENARIO, keys=False)
    with using("ru"):  # AppTest calls a selectbox's format_func in this thread, outside the app's run
        found, tables = _walk_tables(ids, allowed)
    count = sum(len(w) for w in found.values())
    print(f"app tables in Russian: {count} English words in {tables} tables", found or "")
    assert tables >= 15
    assert count == 0, found


def _walk_tables(ids: set[str], allowed: set[str]) -> tuple[dict[str, list[str]], int]:
    at = start(RU_SCENARIO)  # no ?lang: the scenario's `language: ru` opens the app in Russian
    assert titles(at) == ["План"]
    assert any(m.label == "Прибыль плана" and "₽" in m.value for m in at.sidebar.metric)
    found: dict[str, list[str]] = {}
    tables = 0
    for name in PAGES:
        goto(at, name)
        if name == "whatif":
            at.button(key="whatif.new").click().run()
        if name == "sensitivity":  # a marginal curve, a sweep and a quick Monte Carlo
            at.button(key="sens.run_marginal").click().run()
            at.text_input(key="sens.values").set_value("140, 150").run()
            at.button(key="sens.run_sweep").click().run()
            at.number_input(key="sens.samples").set_value(5).run()
            at.toggle(key="sens.reoptimise").set_value(False).run()
            at.button(key="sens.run_mc").click().run()
        if name == "books":  # the moves-vs-profit trade-off
            at.button(key="w.books.tradeoff").click().run()
        assert not at.exception, (name, [e.value for e in at.exception])
        for i, table in enumerate(at.dataframe):
            config = json.loads(table.proto.columns or "{}")
            hide_index = (config.get("_index") or {}).get("hidden", False) or bool(table.proto.column_order)
            words = _table_words(table.value, config, ids, allowed, hide_index)
            tables += 1
            if words:
                found[f"{name}[{i}]"] = words
    return found, tables
