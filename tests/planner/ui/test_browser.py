"""The app in a real browser: `streamlit run app.py` as a subprocess, Debian's headless Chromium
driven by Playwright, every page visited, no Streamlit exception anywhere, a Plan screenshot.

Skipped with a message when /usr/bin/chromium is absent, unless PLANNER_REQUIRE_BROWSER=1 (CI),
which turns the skip into a failure. UPDATE_SCREENSHOT=1 also writes docs/plan-page.png.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from tests.english import english_words, scenario_words
from tests.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# url path -> text that the page shows once it has rendered
PAGES = {
    "goal": "Step 1",
    "clients": "Steps 2",
    "priorities": "Steps 4",
    "team": "Step 6",
    "": "The plan",  # the Plan page opens first, at the app's root
    "what-if": "What if",
    "sensitivity": "Sensitivity",
    "export": "Export",
}

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _require_browser() -> None:
    if CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} is absent: install Debian's chromium to run the browser test"
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (PLANNER_REQUIRE_BROWSER=1 requires it)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    _require_browser()
    port = _free_port()
    streamlit = Path(sys.executable).with_name("streamlit")
    launcher = [str(streamlit)] if streamlit.exists() else [sys.executable, "-m", "streamlit"]
    cmd = [
        *launcher, "run", "app.py", "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    log = (Path(os.environ.get("TMPDIR", "/tmp")) / f"planner-streamlit-{port}.log").open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 40
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start (see {log.name})")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _settled(page, text: str, timeout: float = 60_000) -> None:
    """Wait for the page's heading and for Streamlit to finish running the script."""
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def _no_exception(page, where: str) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()[:500]}"
    assert page.get_by_text("Page not found").count() == 0, f"{where}: page not found"
    assert page.get_by_text("Something went wrong").count() == 0, f"{where}: {page.inner_text('body')[:500]}"


def _profit(page) -> str:
    card = page.locator('[data-testid="stMain"] [data-testid="stMetric"]').filter(has_text="Profit").first
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def test_every_page_renders_without_exception(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    for url_path, heading in PAGES.items():
        page.goto(f"{app_url}/{url_path}")
        _settled(page, heading)
        _no_exception(page, url_path)
        # the pages' second halves: a what-if comparison and a marginal curve, drawn for real
        action = {"what-if": "Duplicate the working scenario as a variant", "sensitivity": "Compute curve"}.get(url_path)
        if action:
            page.get_by_role("button", name=action).click()
            page.wait_for_timeout(300)
            _settled(page, heading)
            page.locator('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]').first.wait_for(
                timeout=60_000
            )
            _no_exception(page, f"{url_path} after '{action}'")
        if url_path == "":
            page.get_by_text("Profit", exact=True).first.wait_for(timeout=30_000)
            page.locator('[data-testid="stMetric"]').first.wait_for()
            page.wait_for_timeout(1500)  # let the Vega charts draw
            shot = tmp_path / "plan-page.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            if os.environ.get("UPDATE_SCREENSHOT") == "1":
                page.screenshot(path=str(ROOT / "docs" / "plan-page.png"), full_page=False)
    page.close()


def test_edit_then_plan_redraws_quickly(app_url, browser):
    """A user's edit (hours per hunter on the Team page), then the Plan page: the profit card
    shows the new plan. Prints the median time from pressing Enter to the redrawn card."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url)
    _settled(page, "The plan")
    before = _profit(page)
    times = []
    for hours in ("140", "130", "120"):
        page.get_by_role("link", name="6 · Team").click()
        _settled(page, "Step 6")
        box = page.get_by_label("Hours per hunter")
        box.fill(hours)
        start = time.perf_counter()
        box.press("Enter")
        page.wait_for_timeout(50)
        _settled(page, "Step 6")
        page.get_by_role("link", name="Plan").click()
        page.wait_for_function(
            """(before) => {
                const cards = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetric"]')];
                const card = cards.find(c => c.innerText.includes('Profit'));
                if (!card) return false;
                const v = card.querySelector('[data-testid="stMetricValue"]');
                return v && v.innerText !== before;
            }""",
            arg=before,
            timeout=30_000,
        )
        times.append(time.perf_counter() - start)
        _no_exception(page, f"plan after hours={hours}")
        before = _profit(page)
    median = statistics.median(times)
    print(f"browser: Enter on an edit -> redrawn Plan profit card, median of {len(times)}: {median:.3f} s")
    assert median < 10.0
    page.close()


def test_export_downloads_open_and_load_back(app_url, browser, tmp_path):
    """The Export page's files, downloaded by the browser: the scenario loads back equal to the
    shipped one, the plan workbook's allocation is the library's, the books workbook opens."""
    import pandas as pd

    from planner.export import TITLES
    from planner.optimise import plan_scenario
    from tests.workbooks import read_sheets
    from planner.scenario_io import load_scenario

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{app_url}/export")
    _settled(page, "Export")
    _no_exception(page, "export")
    files = {}
    for label in ("Scenario file (YAML)", "Plan workbook (XLSX)", "Books of accounts (XLSX)"):
        button = page.get_by_role("button", name=label)
        button.wait_for(timeout=60_000)
        with page.expect_download(timeout=90_000) as info:
            button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        files[label] = target
    shipped = load_scenario(ROOT / "scenarios" / "default.yaml")
    assert load_scenario(files["Scenario file (YAML)"]) == shipped
    plan = plan_scenario(shipped, base_dir=ROOT / "scenarios")
    allocation = read_sheets(files["Plan workbook (XLSX)"], list(plan.allocations.columns))[TITLES["allocation"]]
    pd.testing.assert_frame_equal(allocation, plan.allocations.reset_index(drop=True), check_dtype=False)
    books = pd.read_excel(files["Books of accounts (XLSX)"], sheet_name=None)
    assert len(books) > 2
    page.close()


# ----- the Russian edition: every page in Russian, no English word left -----------------------
RU_SCENARIO = ROOT / "scenarios" / "ru-distributor.yaml"
# Page titles (navigation order) and the buttons that draw a page's second half.
RU_PAGES = ("goal.title", "clients.title", "prio.title", "team.title", "plan.title", "whatif.title", "sens.title",
            "export.title")
RU_ACTIONS = {"whatif.title": "whatif.new", "sens.title": "sens.run_marginal"}
# What a person reads: the text of the page and the sidebar, what fields show (a chosen option,
# a typed value) and the placeholders of empty fields. Tables are canvases: test_language.py
# checks their headings and cells.
VISIBLE_TEXT = """() => {
    const roots = [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')];
    const text = roots.map(r => r.innerText);
    const fields = [...document.querySelectorAll('input:not([type=file]):not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea')]
        .filter(e => e.offsetParent !== null);
    const shown = fields.map(e => e.value || e.placeholder || '');
    return [...text, ...shown].join('\\n');
}"""


def _open_expanders(page) -> None:
    for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    page.wait_for_timeout(300)


def test_russian_pages_have_no_english_words(app_url, browser):
    """`?lang=ru`, the Russian scenario picked in the sidebar, every page walked (a what-if
    comparison and a marginal curve drawn, every expander opened): the visible text holds no
    English word besides the scenario's ids, field paths and keys, code, numbers and the names
    of file formats and solvers.
    Prints the count of English words found (0)."""
    from planner.i18n import using
    from planner.ui.text import t

    with using("ru"):
        titles = {key: t(key) for key in (*RU_PAGES, *RU_ACTIONS.values(), "side.pick")}
    allowed = scenario_words(RU_SCENARIO)
    page = browser.new_page(viewport={"width": 1500, "height": 1100}, locale="ru-RU")
    page.goto(f"{app_url}/?lang=ru")
    _settled(page, titles["plan.title"])
    # Not words: icons (their names are ligatures) and code (`planner solve`, file names, keys).
    page.add_style_tag(content='[data-testid="stIconMaterial"], code {display: none !important}')
    page.get_by_role("combobox", name=titles["side.pick"]).click()
    page.get_by_role("option", name=RU_SCENARIO.name).click()
    _settled(page, "Дистрибьютор стройматериалов")
    found: dict[str, list[str]] = {}
    for i, key in enumerate(RU_PAGES):
        page.locator('[data-testid="stSidebarNav"] a').nth(i).click()
        _settled(page, titles[key])
        if key in RU_ACTIONS:
            page.get_by_role("button", name=titles[RU_ACTIONS[key]]).click()
            page.wait_for_timeout(300)
            _settled(page, titles[key])
            page.locator('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]').first.wait_for(
                timeout=60_000)
        _open_expanders(page)
        _no_exception(page, key)
        assert "Дистрибьютор стройматериалов" in page.inner_text('[data-testid="stSidebar"]'), key
        words = english_words(page.evaluate(VISIBLE_TEXT), allowed)
        if words:
            found[key] = words
    count = sum(len(w) for w in found.values())
    print(f"browser, ?lang=ru: {count} English words on {len(RU_PAGES)} pages", found or "")
    assert count == 0, found
    page.close()
