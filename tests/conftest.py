"""Shared test helpers: the Hypothesis profiles, paths and the real `planner` entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# One Hypothesis profile for `make test` and CI alike, so that a run on any machine tries exactly
# the examples CI tries and passes or fails the same way: derandomised (the examples follow from
# each test itself), no example database, a bounded number of examples where a test does not set
# its own, an explicit deadline (tests that solve a MIP set `deadline=None` themselves), and the
# reproducing blob printed with any failure. `make fuzz` explores instead: the `fuzz` profile is
# random, keeps a database of what it found and tries ten times as many examples; choose it with
# PLANNER_FUZZ=1 (or HYPOTHESIS_PROFILE=fuzz). Nothing here depends on whether CI is set.
settings.register_profile(
    "planner",
    derandomize=True,
    database=None,
    max_examples=50,
    deadline=timedelta(seconds=2),
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    derandomize=False,
    max_examples=500,
    deadline=timedelta(seconds=10),
    print_blob=True,
    phases=tuple(Phase),
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = "fuzz" if os.environ.get("PLANNER_FUZZ", "") not in ("", "0") else os.environ.get("HYPOTHESIS_PROFILE", "planner")
settings.load_profile(PROFILE)
FUZZ_FACTOR = 10 if PROFILE == "fuzz" else 1


def examples(n: int) -> int:
    """`max_examples` of a test that sets its own: n, or ten times n under the fuzz profile."""
    return n * FUZZ_FACTOR


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "property: a Hypothesis property test (`make fuzz` runs these)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every Hypothesis test `property`, so that `pytest -m property` selects them; run
    the browser tests first (stable order otherwise): they are the longest and wait on the
    browser much of the time, so the parallel workers fill that time with the short tests
    instead of finishing on a long browser test alone."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.property)
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


from tests.paths import FIXTURES, ROOT, SCENARIOS  # noqa: E402,F401 - re-exported for tests

# The tests read English output unless they ask for another language (`--lang ru`,
# `PLANNER_LANG=ru`, `planner.i18n.using("ru")`), whatever the machine's locale.
os.environ["PLANNER_LANG"] = "en"


@pytest.fixture(autouse=True)
def _language_of_the_environment():
    """A test that ran the command line with `--lang ru` leaves the next one in English."""
    yield
    from planner.i18n import set_language

    set_language(None)


def run_planner(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed `planner` console script exactly as a user would."""
    exe = Path(sys.executable).with_name("planner")
    cmd = [str(exe), *args] if exe.exists() else [sys.executable, "-m", "planner", *args]
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd or ROOT, timeout=timeout, env=env)


def validate_each(files: list[Path], timeout: float = 120) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """`planner validate` on several files in one process (as a user may run it): the result and
    each file's part of stderr by file name (from its `✗ FILE:` line to the next)."""
    result = run_planner("validate", *map(str, files), timeout=timeout)
    parts: dict[str, str] = {}
    current = None
    for line in result.stderr.splitlines():
        if line.startswith("✗ "):
            current = Path(line[2:].split(":", 1)[0]).name
        if current is not None:
            parts[current] = parts.get(current, "") + line + "\n"
    return result, parts


@pytest.fixture
def planner_cli():
    return run_planner
