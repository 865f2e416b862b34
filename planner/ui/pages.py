"""The navigation: the webinar's six steps, then the results. Each page is a module of this
package run as a page script (its `render()` runs under `if __name__ == "__main__"`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner.ui.text import t

UI = Path(__file__).resolve().parent

# (module file, title key, url path, icon); the Plan page opens first.
STEPS = [
    ("goal.py", "page.goal", "goal", ":material/flag:"),
    ("clients.py", "page.clients", "clients", ":material/groups:"),
    ("priorities.py", "page.priorities", "priorities", ":material/low_priority:"),
    ("team.py", "page.team", "team", ":material/badge:"),
]
RESULTS = [
    ("plan.py", "page.plan", "plan", ":material/insights:"),
    ("year.py", "page.year", "year", ":material/calendar_month:"),
    ("whatif.py", "page.whatif", "what-if", ":material/compare:"),
    ("sensitivity.py", "page.sensitivity", "sensitivity", ":material/tune:"),
    ("books.py", "page.books", "books", ":material/menu_book:"),
    ("export.py", "page.export", "export", ":material/download:"),
]
DEFAULT_PAGE = "plan"


def _page(file: str, title: str, url: str, icon: str) -> st.Page:
    return st.Page(UI / file, title=t(title), url_path=url, icon=icon, default=url == DEFAULT_PAGE)


def navigation(root: Path | None = None) -> dict[str, list[st.Page]]:
    return {
        t("nav.steps"): [_page(*p) for p in STEPS],
        t("nav.results"): [_page(*p) for p in RESULTS],
    }
