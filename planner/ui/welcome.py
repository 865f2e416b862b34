"""The first-visit banner: the webinar's six steps, each one click from its page, above a plan
that is already solved (the plan is zero clicks away). Hidden for the session once dismissed."""

from __future__ import annotations

import streamlit as st

from planner.i18n import N_, catalogue

HIDDEN = "welcome.hidden"

TEXT = catalogue({
    "title": N_("Start here: plan the sales team in six steps"),
    "intro": N_("Below is the plan of the working scenario, already solved. Change any step and the plan "
                "follows; nothing is lost until you load another scenario (download it from the sidebar)."),
    "goal": N_("1 · Goal"),
    "criteria": N_("2 · Criteria"),
    "groups": N_("3 · Groups"),
    "priority": N_("4 · Priority"),
    "algorithm": N_("5 · Work algorithm"),
    "resources": N_("6 · Resources"),
    "goal.what": N_("What to maximise (profit, revenue, new clients), targets and budget."),
    "criteria.what": N_("Which columns of the client table describe a client."),
    "groups.what": N_("Rules that put every client into a segment."),
    "priority.what": N_("A, B, C, D and what each class means for service."),
    "algorithm.what": N_("Service levels with hours, revenue and cost per client."),
    "resources.what": N_("Manager groups, people, hunters and head-count limits."),
    "hide": N_("Got it, hide this"),
})

# (text key, page file): the six steps and where each is edited.
STEPS = (
    ("goal", "goal.py"),
    ("criteria", "clients.py"),
    ("groups", "clients.py"),
    ("priority", "priorities.py"),
    ("algorithm", "priorities.py"),
    ("resources", "team.py"),
)


def _hide() -> None:
    st.session_state[HIDDEN] = True


def banner() -> None:
    """The six steps with links to their pages, until the user hides them."""
    if st.session_state.get(HIDDEN):
        return
    from planner.ui.pages import UI

    with st.container(border=True, key="welcome"):
        st.subheader(TEXT["title"])
        st.caption(TEXT["intro"])
        cols = st.columns(3)
        for i, (key, page) in enumerate(STEPS):
            with cols[i % 3]:
                st.page_link(str(UI / page), label=str(TEXT[key]), icon=":material/arrow_forward:")
                st.caption(TEXT[key + ".what"])
        st.button(TEXT["hide"], key="welcome.hide", on_click=_hide, icon=":material/check:")
