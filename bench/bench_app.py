"""Benchmark of the app in a real browser: `streamlit run app.py` and Debian's headless Chromium
(/usr/bin/chromium) driven by Playwright, on the default scenario.

Timed, each over `--edits` repetitions (median, p90, max):
- edit -> redrawn plan: a new value typed into "Hours per hunter" on the Team page and Enter
  pressed, until the sidebar's plan profit shows the new plan (the edit validated, re-solved,
  redrawn);
- edit -> Plan page: the same edit, then the Plan link clicked, until the Plan page's profit
  card shows the new plan;
- page switch: a click on a navigation link until the new page's title is drawn and the
  script has finished (Plan, What-if, Goal, Team in turn; every plan already solved).

Target (issue 15): edit -> redrawn plan under 1 s median, page switch under 0.5 s median.

    .venv/bin/python bench/bench_app.py [--edits 20]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
RUNNING = ("() => { const w = document.querySelector('[data-testid=\"stStatusWidget\"]');"
           " return !w || !w.innerText.includes('Running'); }")
SIDEBAR_PROFIT = """(before) => {
    const m = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stMetric"]')][0];
    const v = m && m.querySelector('[data-testid="stMetricValue"]');
    return v && v.innerText !== before;
}"""
MAIN_PROFIT = """(before) => {
    const cards = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetric"]')];
    const card = cards.find(c => c.innerText.includes('Profit'));
    const v = card && card.querySelector('[data-testid="stMetricValue"]');
    return v && v.innerText !== before;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("streamlit")
    cmd = [str(exe), "run", "app.py", "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = open(Path(tempfile.gettempdir()) / f"bench-app-{port}.log", "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("streamlit did not start")


def settled(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    page.wait_for_function(RUNNING, timeout=60_000)


def sidebar_profit(page) -> str:
    return page.locator('[data-testid="stSidebar"] [data-testid="stMetricValue"]').first.inner_text()


def main_profit(page) -> str:
    card = page.locator('[data-testid="stMain"] [data-testid="stMetric"]').filter(has_text="Profit").first
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def row(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"{name:<28} {len(times):>4} {statistics.median(times):>9.3f} {p90:>9.3f} {max(times):>9.3f}"


def run(edits: int) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_app(port)
    url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            settled(page, "The plan")
            page.get_by_role("link", name="6 · Team").click()
            settled(page, "Step 6")
            box = page.get_by_label("Hours per hunter")
            edit_times, edit_plan_times, switch_times = [], [], []
            for i in range(edits):  # each edit: a value not seen before (no cache hit)
                before = sidebar_profit(page)
                box.fill(str(150 - i - 1))
                start = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(SIDEBAR_PROFIT, arg=before, timeout=60_000)
                edit_times.append(time.perf_counter() - start)
                page.wait_for_function(RUNNING, timeout=60_000)
            # edit, then the Plan page
            for i in range(edits):
                page.get_by_role("link", name="6 · Team").click()
                settled(page, "Step 6")
                before = sidebar_profit(page)
                box = page.get_by_label("Hours per hunter")
                box.fill(str(100 - i))
                start = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(SIDEBAR_PROFIT, arg=before, timeout=60_000)
                page.get_by_role("link", name="Plan", exact=True).click()
                page.wait_for_function(MAIN_PROFIT, arg="", timeout=60_000)
                page.wait_for_function(RUNNING, timeout=60_000)
                edit_plan_times.append(time.perf_counter() - start)
            # page switches over solved plans
            pages = [("Plan", "The plan"), ("What-if", "What if"), ("1 · Goal", "Step 1"), ("6 · Team", "Step 6")]
            for i in range(edits):
                link, title = pages[i % len(pages)]
                start = time.perf_counter()
                page.get_by_role("link", name=link, exact=True).click()
                settled(page, title)
                switch_times.append(time.perf_counter() - start)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"app in headless Chromium, default scenario, {edits} repetitions (seconds)")
    print(f"{'measure':<28} {'n':>4} {'median':>9} {'p90':>9} {'max':>9}")
    print(row("edit -> redrawn plan", edit_times))
    print(row("edit -> Plan page redrawn", edit_plan_times))
    print(row("page switch", switch_times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"{CHROMIUM} is absent")
    run(args.edits)


if __name__ == "__main__":
    main()
