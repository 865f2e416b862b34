"""Shared test helpers: paths and the real `planner` entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI must not fail on an example nobody has seen locally: there the search is derandomised
# (the same examples every run); locally each run explores new ones.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

from tests.paths import FIXTURES, ROOT, SCENARIOS  # noqa: E402,F401 - re-exported for tests


def run_planner(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed `planner` console script exactly as a user would."""
    exe = Path(sys.executable).with_name("planner")
    cmd = [str(exe), *args] if exe.exists() else [sys.executable, "-m", "planner", *args]
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd or ROOT, timeout=timeout, env=env)


@pytest.fixture
def planner_cli():
    return run_planner
