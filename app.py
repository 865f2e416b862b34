"""Streamlit entry of the sales-resource planner: `streamlit run app.py -- --scenario PATH`.

Thin on purpose: parse the start scenario, set the page, build the navigation. Every page lives
in `planner/ui/` and every number comes from the planner library.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `streamlit run` from another folder still finds the package
    sys.path.insert(0, str(ROOT))

from planner.ui import language, pages, sidebar, state  # noqa: E402
from planner.ui.text import ICON, t  # noqa: E402


def requested_scenario(argv: list[str]) -> str | None:
    """`--scenario PATH` after streamlit's `--`; anything else (pytest's own args) is ignored."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--scenario", default=None)
    args, _ = parser.parse_known_args(argv)
    return args.scenario


# Nothing of the server reaches a browser: no tracebacks (also set in .streamlit/config.toml, which
# a server started from another folder does not read).
st.set_option("client.showErrorDetails", "none")
state.init_state(requested_scenario(sys.argv[1:]))
language.choose()  # before anything renders: every text of this run is in the session's language
st.set_page_config(page_title=t("app.title"), page_icon=ICON, layout="wide")
log = logging.getLogger("planner.app")


def unexpected(what: str) -> None:
    """A bug: the log keeps the traceback, the user sees a plain message (no server detail)."""
    log.exception(what)
    st.error(t("unexpected_page", detail=t("unexpected_detail")))


try:
    sidebar.take_uploads()  # inside the guard: an upload is user input like any other
except Exception:  # noqa: BLE001
    unexpected("upload failed")
page = st.navigation(pages.navigation(ROOT))
try:
    page.run()
except Exception:  # noqa: BLE001 - a user sees a message, the log keeps the traceback
    unexpected("page failed")
finally:
    try:
        sidebar.render()  # after the page: its download and profit include the page's edits
    except Exception:  # noqa: BLE001
        unexpected("sidebar failed")
