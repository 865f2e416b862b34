"""Own data in a real browser (the issue's done-when): in a fresh session a cp1251 table with
Russian headers is uploaded, its columns mapped, the segments and the warning for the rule that
matches nothing seen, the plan solved and the bundle downloaded; in a new session the bundle
opens to the same plan with its variant; the books workbook has a sheet per person with the
clients' names. The app and Chromium start as in test_browser.py."""

from __future__ import annotations

import pytest

from planner.bundle import read_bundle
from tests.paths import ROOT
from tests.planner.ui.test_browser import _no_exception, _profit, _settled, download

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABLE = ROOT / "tests" / "fixtures" / "own_data" / "clients_1c.csv"
UPLOAD = "клиенты_1С.csv"
CRITERIA = {"product (values as they are)": "Тип клиента", "solvency (intervals)": "Доля просрочки",
            "frequency (intervals)": "Заказов за 12 мес.", "tenure (intervals)": "Стаж, лет"}


def _upload(page, index: int, name: str, data: bytes, mime: str) -> None:
    """Put a file into the sidebar's `index`-th uploader (0: scenario or bundle, 1: client table)."""
    uploader = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploader"]').nth(index)
    uploader.locator('input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": data})


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox `label` (a click during a rerun may close the list: retry)."""
    box = page.get_by_role("combobox", name=label)
    for attempt in range(4):
        box.click()
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(timeout=3000)
        except Exception:  # noqa: BLE001 - the list closed with a rerun; open it again
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
            continue
        choice.click()
        page.wait_for_timeout(300)
        return
    raise AssertionError(f"{label}: option {option!r} never appeared")


def _nav(page, title: str, heading: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    _settled(page, heading)


def test_own_table_mapped_solved_bundled_and_reopened(app_url, browser, tmp_path):
    import openpyxl

    page = browser.new_page(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    page.goto(f"{app_url}/clients")
    _settled(page, "Steps 2")
    _upload(page, 1, UPLOAD, TABLE.read_bytes(), "text/csv")
    page.get_by_text("is not used yet").first.wait_for(timeout=60_000)
    _settled(page, "Steps 2")
    for label, column in CRITERIA.items():
        _choose(page, f"Criterion {label}", column)
    page.get_by_role("button", name="Use this mapping").click()
    page.get_by_text("no value 'Moscow'").first.wait_for(timeout=60_000)
    _settled(page, "Steps 2")
    _no_exception(page, "clients after mapping")
    body = page.inner_text('[data-testid="stMain"]')
    assert "Segment profiles" in body and "Самара" in body
    assert page.locator('[data-testid="stMain"] [data-testid="stAlertContentError"]').count() == 0

    _nav(page, "What-if", "What if")
    page.get_by_role("button", name="Add a variant").click()
    page.wait_for_timeout(300)
    _settled(page, "What if")
    _nav(page, "Plan", "The plan")
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
    profit = _profit(page)
    assert "Baseline" in page.inner_text('[data-testid="stMain"]')
    bundle = download(page, "Download scenario with its tables (ZIP)", tmp_path)
    content = read_bundle(bundle.read_bytes())
    assert content.scenario.clients.file == UPLOAD and UPLOAD in content.tables and len(content.variants) == 1
    page.close()

    fresh = browser.new_page(viewport={"width": 1500, "height": 1100}, accept_downloads=True)  # a new session
    fresh.goto(app_url)
    _settled(fresh, "The plan")
    _upload(fresh, 0, bundle.name, bundle.read_bytes(), "application/zip")
    fresh.get_by_text("Opened the bundle").first.wait_for(timeout=60_000)
    _settled(fresh, "The plan")
    fresh.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
    assert _profit(fresh) == profit
    _no_exception(fresh, "plan of the reopened bundle")
    _nav(fresh, "What-if", "What if")
    fresh.locator('[data-testid="stMain"]').get_by_text(list(content.variants)[0]).first.wait_for(timeout=30_000)

    _nav(fresh, "Books", "Books of accounts")
    _no_exception(fresh, "books")
    workbook = openpyxl.load_workbook(download(fresh, "Books workbook (XLSX)", tmp_path))
    people = [p for g in content.scenario.team.managers for p in (g.people or ())]
    with_sheet = [p for p in people if p in workbook.sheetnames]
    assert len(with_sheet) >= len(people) - 1  # a person named too long for a sheet is renamed
    names = set()
    for person in with_sheet:
        names |= {str(c.value) for row in workbook[person].iter_rows() for c in row if c.value is not None}
    assert any(n.startswith(("ООО «", "АО «", "ИП «")) for n in names)  # clients by name, not only ids
    fresh.close()
