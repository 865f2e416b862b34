"""The browser tests' shared fixtures: one `streamlit run app.py` server and one headless
Debian Chromium per test worker, and `streamlit_server` for a module that needs a server of its
own (another start scenario, a shorter time limit).

Skipped with a message when /usr/bin/chromium is absent, unless PLANNER_REQUIRE_BROWSER=1 (CI),
which turns the skip into a failure. Never a downloaded browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

import pytest

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
START_SECONDS = 40


def require_browser() -> None:
    if CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} is absent: install Debian's chromium to run the browser test"
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (PLANNER_REQUIRE_BROWSER=1 requires it)")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(*app_args: str, env: Mapping[str, str] | None = None,
                     label: str = "app") -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run app.py [-- app_args]` on a free port, yielding (url, process) once its
    health check answers; stopped after. Its log is $TMPDIR/planner-streamlit-<label>-<port>.log."""
    require_browser()
    port = free_port()
    streamlit = Path(sys.executable).with_name("streamlit")
    launcher = [str(streamlit)] if streamlit.exists() else [sys.executable, "-m", "streamlit"]
    cmd = [
        *launcher, "run", "app.py", "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    if app_args:
        cmd += ["--", *app_args]
    log = (Path(os.environ.get("TMPDIR", "/tmp")) / f"planner-streamlit-{label}-{port}.log").open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env=None if env is None else {**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
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
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app on the shipped default scenario (each new page is a new session of it)."""
    with streamlit_server() as (url, _proc):
        yield url


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
