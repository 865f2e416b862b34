"""The Year page in a real browser (as tests/planner/ui/test_browser.py): the app started on
scenarios/year-plan.yaml, the Year page renders its charts and calendar without an exception."""

from __future__ import annotations

import pytest

from tests.paths import ROOT
from tests.planner.ui.conftest import streamlit_server
from tests.planner.ui.test_browser import _no_exception, _settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def year_url():
    with streamlit_server("--scenario", str(ROOT / "scenarios" / "year-plan.yaml"), label="year") as (url, _proc):
        yield url


def test_the_year_page_renders_its_charts_and_calendar(year_url, browser):
    page = browser.new_page()
    page.goto(f"{year_url}/year")
    _settled(page, "Hiring calendar")
    _no_exception(page, "year")
    page.locator('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]').first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "Head count by period" in body and "hire 1 person to start in March 2027" in body
    page.close()
