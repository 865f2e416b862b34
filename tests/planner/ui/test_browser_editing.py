"""Editing in a real browser (Chromium through Playwright, the app as `streamlit run`): a new
segment with two levels and a new person, named, found by name on the plan; a target cleared
for good; and a range edited as three numbers."""

from __future__ import annotations

import re

import pytest

from tests.planner.ui.test_browser import _no_exception, _settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _go(page, link: str, heading: str) -> None:
    """Another page of the same session (a page.goto would open a new session)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link, exact=True).click()
    _settled(page, heading)


def _expander(page, title: str):
    """The expander whose text holds `title`, open. The page may still be redrawing after the
    last rerun: an expander read as closed is clicked once and read again until it stays open
    (clicking on a stale reading could close it again)."""
    box = page.locator('[data-testid="stExpander"]').filter(has_text=title).first
    details = box.locator("details").first
    for _ in range(6):
        details.wait_for(timeout=30_000)
        if details.get_attribute("open") is not None:
            page.wait_for_timeout(150)
            if details.get_attribute("open") is not None:
                return box
            continue
        details.locator("summary").first.click()
        page.wait_for_timeout(400)
    return box


def _fill(box, label: str, value: str) -> None:
    field = box.get_by_label(label, exact=True).first
    field.fill(value)
    field.press("Enter")


def _choose(page, box, label: str, option: str) -> None:
    """Pick an option of a selectbox by typing it (the list is filtered to it) and Enter."""
    field = box.get_by_role("combobox", name=label)
    field.click()
    field.press_sequentially(option, delay=5)
    page.get_by_role("option", name=option).first.wait_for(timeout=30_000)
    field.press("Enter")


def _add(page, heading: str, title: str, fields: dict[str, str], *, parent: tuple[str, str] | None = None) -> None:
    box = _expander(page, title)
    if parent is not None:
        _choose(page, box, *parent)
        _settled(page, heading)
        box = _expander(page, title)
    for label, value in fields.items():
        _fill(box, label, value)
        page.wait_for_timeout(150)
    _settled(page, heading)
    box.get_by_role("button", name="Add", exact=True).click()
    _settled(page, heading)
    page.get_by_text(f"Added {fields['New: name']}.").first.wait_for(timeout=30_000)
    _no_exception(page, f"added {fields['New: name']}")


def test_add_a_segment_with_two_levels_and_a_person_then_find_them_on_the_plan(app_url, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(f"{app_url}/priorities")
    _settled(page, "Steps 4")
    _add(page, "Steps 4", "reorder segments", {"New: name": "Pilot clients", "Clients": "30"})
    for name, hours, revenue in (("Pilot visits", "2", "90000"), ("Pilot mailings", "0", "20000")):
        _add(page, "Steps 4", "reorder service levels",
             {"New: name": name, "Manager hours per client": hours, "Revenue per client": revenue},
             parent=("Levels of the segment", "Pilot clients (pilot_clients)"))
    _go(page, "6 · Team", "Step 6")
    _add(page, "Step 6", "reorder people of a group", {"New: name": "Olga Petrova"},
         parent=("People of the group", "Product specialists (product_specialists)"))

    _go(page, "Plan", "The plan")
    _no_exception(page, "plan")
    words = _expander(page, "The plan in words")
    text = words.inner_text()
    assert re.search(r"Pilot clients \(30 clients\): .*at Pilot visits", text), text
    assert "Olga Petrova" in text, text
    assert "pilot_clients" not in text
    page.close()


def test_clear_a_target_and_edit_a_range(app_url, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(f"{app_url}/goal")
    _settled(page, "Step 1")
    # the field's number arrives through the session state; on a server's first session that
    # can be a moment after the page has drawn, so wait for it rather than read it at once
    page.wait_for_function("() => { const b = document.querySelector('input[aria-label=\"New clients at least\"]');"
                           " return b && b.value === '12'; }", timeout=30_000)
    page.locator(".st-key-w-goal-clear-min_new_clients button").first.click()  # keyed elements carry st-key-<key>
    _settled(page, "Step 1")
    _no_exception(page, "goal after clearing")
    page.wait_for_function("() => document.querySelectorAll('input[aria-label=\"New clients at least\"]').length == 1")
    assert page.get_by_label("New clients at least").input_value() == ""
    _go(page, "Plan", "The plan")
    _go(page, "1 · Goal", "Step 1")
    assert page.get_by_label("New clients at least").input_value() == ""  # it does not come back

    _go(page, "4–5 · Priorities & work algorithms", "Steps 4")
    ranges = _expander(page, "Uncertain estimates")
    _choose(page, ranges, "Estimate", "Strategic key accounts · Key-account programme · hours per client")
    _settled(page, "Steps 4")
    ranges = _expander(page, "Uncertain estimates")
    _fill(ranges, "Likely (the plan's value)", "6")
    _settled(page, "Steps 4")
    ranges.get_by_role("button", name="Apply the three numbers").click()
    _settled(page, "Steps 4")
    page.get_by_text("must be in order").last.wait_for(timeout=60_000)  # 8 > 6: refused, with why
    ranges = _expander(page, "Uncertain estimates")
    _fill(ranges, "Low", "5")
    _settled(page, "Steps 4")
    ranges.get_by_role("button", name="Apply the three numbers").click()
    _settled(page, "Steps 4")
    page.get_by_text("hours per client: 5 · 6 · 12").first.wait_for(timeout=30_000)
    _no_exception(page, "priorities after the range")
    page.close()
