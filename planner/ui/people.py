"""Small helpers of the editors: the people of a group in a few words, and a fragment rerun."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from planner.i18n import N_, catalogue

TEXT = catalogue({"more": N_("{names} and {n:,} more")})
SHOWN = 12  # people named in a line; a group of a million is not spelled out


def people_line(group, heads: int) -> str:
    """The first people of a group by display name (at most SHOWN of them, then how many more)."""
    heads = max(int(heads), 0)
    names = ", ".join(group.person_label(p) for p in group.person_names(min(heads, SHOWN)))
    return names if heads <= SHOWN else TEXT["more"].format(names=names, n=heads - SHOWN)


def rerun_fragment() -> None:
    """Rerun the current fragment (its result stays in view); a full run (AppTest runs every
    fragment within the app's run) has nothing to rerun."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        pass
