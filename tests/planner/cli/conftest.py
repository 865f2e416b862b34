"""In-process CLI tests read a wide terminal whatever the machine's (Rich sizes its consoles
from the terminal, and pytest workers have none)."""

from __future__ import annotations

import pytest

from planner.cli import common


@pytest.fixture(autouse=True)
def wide_consoles():
    saved = [(c, c._width) for c in (common.console, common.err_console)]
    for console, _ in saved:
        console.width = 200
    yield
    for console, width in saved:
        console._width = width
