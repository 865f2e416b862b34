"""Add, rename, delete and reorder the scenario's segments, levels, manager groups, people and
prospect segments (planner/structure.py does the edit and its references).

Each manager is a fragment: picking an item or typing a name reruns only the manager; an edit
that changes the scenario reruns the whole page, whose tables and plan then show it."""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from planner import structure
from planner.i18n import N_, catalogue
from planner.ui import state
from planner.ui.markdown import md
from planner.ui.people import rerun_fragment
from planner.ui.names import names

TEXT = catalogue({
    "segment.title": N_("Add, rename, remove or reorder segments"),
    "level.title": N_("Add, rename, remove or reorder service levels"),
    "group.title": N_("Add, rename, remove or reorder manager groups"),
    "person.title": N_("Add, rename, remove or reorder people of a group"),
    "prospect.title": N_("Add, rename, remove or reorder prospect segments"),
    "segment.pick": N_("Segment"),
    "level.pick": N_("Service level"),
    "group.pick": N_("Manager group"),
    "person.pick": N_("Person"),
    "prospect.pick": N_("Prospect segment"),
    "of_segment": N_("Levels of the segment"),
    "of_group": N_("People of the group"),
    "name": N_("Name"),
    "id": N_("Id (used in files and the client table)"),
    "id_help": N_("Letters, digits, _ . -; rules and today's allocation that name it follow a change."),
    "save": N_("Save name and id"),
    "up": N_("Move up"),
    "down": N_("Move down"),
    "delete": N_("Delete"),
    "add": N_("Add"),
    "new": N_("New: name"),
    "new_help": N_("The id is made from the name; change it above after adding."),
    "clients": N_("Clients"),
    "margin": N_("Margin rate (0–1)"),
    "priority": N_("Priority class"),
    "hours": N_("Manager hours per client"),
    "revenue": N_("Revenue per client"),
    "hours_person": N_("Hours per person"),
    "cost_person": N_("Cost per person"),
    "pool": N_("Companies that can be won"),
    "conversion": N_("New clients per hunter hour"),
    "none_yet": N_("Nothing here yet: add the first one below."),
    "added": N_("Added {name}."),
    "saved": N_("Saved {name}."),
    "deleted": N_("Deleted {name}."),
    "last_person": N_("A group keeps at least one person: delete the group instead."),
    "person_id": N_("A person's id is the link to the client table's manager column, so only the name changes."),
})


def _t(key: str, **values: Any) -> str:
    text = TEXT[key]
    return text.format(**values) if values else str(text)


def _label(kind: str, item_id: str, parent: str | None) -> str:
    n = names(state.scenario())
    if kind == "level":
        shown = n.level(parent, item_id)
    elif kind == "person":
        shown = n.person(item_id)
    else:
        shown = n.of(kind, item_id)
    return shown if shown == item_id else f"{shown} ({item_id})"


def _current_name(kind: str, item_id: str, parent: str | None) -> str:
    scen = state.scenario()
    if kind == "segment":
        return scen.segment(item_id).name or ""
    if kind == "level":
        return next(lv.name for lv in scen.segment(parent).levels if lv.id == item_id) or ""
    if kind == "group":
        return next(g.name for g in scen.team.managers if g.id == item_id) or ""
    if kind == "prospect":
        return next(p.name for p in scen.prospects if p.id == item_id) or ""
    group = next(g for g in scen.team.managers if g.id == parent)
    return (group.people_names or {}).get(item_id, "")


ADDED = "items.added"  # items added so far: the "new" fields are keyed by it, so they empty after an add
PENDING = "items.pending_pick"  # (widget key, item id) to select in a picker on the next run


def _apply(kind: str, change: Callable[[dict], None], message: str, *,
           pick: Callable[[], tuple[str, str]] | None = None, fresh: bool = False) -> None:
    """Edit the working scenario; on success rerun the page so that everything shows it (and
    select the edited item in its picker)."""

    def guarded(data: dict) -> None:
        try:
            change(data)
        except KeyError as exc:  # the item went away meanwhile (another tab, an undo)
            raise ValueError(str(exc)) from None

    st.session_state["items.open." + kind] = True  # the manager stays open after the rerun
    if state.edit_scenario("items." + kind, guarded, check_tables=kind in ("segment", "prospect")):
        if pick is not None:
            st.session_state[PENDING] = pick()  # (key, id): shown by its label on the next run
        if fresh:
            st.session_state[ADDED] = int(st.session_state.get(ADDED, 0)) + 1
        state.notice(md(message))
        st.rerun()
    rerun_fragment()  # the reason, in the open manager


def _ids(kind: str, parent: str | None) -> list[str]:
    from planner.scenario_io import scenario_to_data

    return structure.ids(scenario_to_data(state.scenario()), kind, parent)


def _parent(kind: str) -> str | None:
    scen = state.scenario()
    if kind == "level":
        options = [s.id for s in scen.segments]
        label = _t("of_segment")
        parent_kind = "segment"
    elif kind == "person":
        options = [g.id for g in scen.team.managers]
        label = _t("of_group")
        parent_kind = "group"
    else:
        return None
    if not options:
        return None
    return _pick(label, options, f"w.items.{kind}.parent", lambda i: _label(parent_kind, i, None))


def _pick(label: str, ids: list[str], key: str, show: Callable[[str], str]) -> str | None:
    """A selectbox of items shown by name that returns the id (its options are the shown
    labels, unique because a label that differs from its id carries it)."""
    labels = {show(i): i for i in ids}
    chosen = st.selectbox(label, list(labels), key=key)
    return labels.get(chosen) if chosen is not None else None


def _existing(kind: str, parent: str | None, ids: list[str]) -> None:
    pick = _pick(_t(f"{kind}.pick"), ids, f"w.items.{kind}.pick.{parent}", lambda i: _label(kind, i, parent))
    if pick is None:
        return
    suffix = f"{parent}.{pick}.{state.generation()}"
    left, right = st.columns(2)
    with left:
        name = st.text_input(_t("name"), value=_current_name(kind, pick, parent), key=f"w.items.{kind}.name.{suffix}")
    with right:
        if kind == "person":
            st.caption(_t("person_id"))
            new_id = pick
        else:
            new_id = st.text_input(_t("id"), value=pick, key=f"w.items.{kind}.id.{suffix}", help=_t("id_help")).strip()
    cols = st.columns(4)
    shown = name.strip() or new_id
    if cols[0].button(_t("save"), key=f"w.items.{kind}.save", icon=":material/save:", width="stretch"):

        def save(data: dict) -> None:
            structure.rename_id(data, kind, pick, new_id or pick, parent)
            structure.set_name(data, kind, new_id or pick, name, parent)

        _apply(kind, save, _t("saved", name=shown), pick=lambda: (f"w.items.{kind}.pick.{parent}", new_id or pick))
    if cols[1].button(_t("up"), key=f"w.items.{kind}.up", icon=":material/arrow_upward:", width="stretch"):
        _apply(kind, lambda d: structure.move(d, kind, pick, -1, parent), _t("saved", name=_label(kind, pick, parent)))
    if cols[2].button(_t("down"), key=f"w.items.{kind}.down", icon=":material/arrow_downward:", width="stretch"):
        _apply(kind, lambda d: structure.move(d, kind, pick, +1, parent), _t("saved", name=_label(kind, pick, parent)))
    last_person = kind == "person" and len(ids) == 1
    if cols[3].button(_t("delete"), key=f"w.items.{kind}.delete", icon=":material/delete:", width="stretch",
                      disabled=last_person, help=_t("last_person") if last_person else None):
        _apply(kind, lambda d: structure.delete(d, kind, pick, parent), _t("deleted", name=_label(kind, pick, parent)))


def _number(label: str, key: str, value: float, *, step: float = 1.0, fmt: str = "%.0f", **kw: Any) -> float:
    out = st.number_input(_t(label), value=value, step=step, format=fmt, key=key, **kw)
    return float(out if out is not None else value)


def _new(kind: str, parent: str | None) -> None:
    prefix = f"w.items.{kind}.new{st.session_state.get(ADDED, 0)}"
    name = st.text_input(_t("new"), key=prefix + ".name", help=_t("new_help")).strip()
    extra: dict[str, Any] = {}
    cols = st.columns(4)
    if kind == "segment":
        classes = list(state.scenario().priority_table)
        with cols[0]:
            extra["clients"] = int(_number("clients", prefix + ".clients", 0.0, min_value=0.0))
        with cols[1]:
            extra["margin"] = _number("margin", prefix + ".margin", 0.3, step=0.01, fmt="%.2f", min_value=0.0,
                                      max_value=1.0)
        with cols[2]:
            extra["priority"] = st.selectbox(_t("priority"), classes, index=classes.index("B") if "B" in classes else 0,
                                             key=prefix + ".priority")
    elif kind == "level":
        with cols[0]:
            extra["hours_per_client"] = _number("hours", prefix + ".hours", 1.0, step=0.5, fmt="%.2f", min_value=0.0)
        with cols[1]:
            extra["revenue_per_client"] = _number("revenue", prefix + ".revenue", 0.0, step=1000.0, min_value=0.0)
    elif kind == "group":
        with cols[0]:
            extra["hours"] = _number("hours_person", prefix + ".hours", 150.0, step=10.0, min_value=0.0)
        with cols[1]:
            extra["cost_per_person"] = _number("cost_person", prefix + ".cost", 0.0, step=1000.0, min_value=0.0)
    elif kind == "prospect":
        with cols[0]:
            extra["pool"] = int(_number("pool", prefix + ".pool", 0.0, min_value=0.0))
        with cols[1]:
            extra["conversion_per_hour"] = _number("conversion", prefix + ".conversion", 0.01, step=0.01,
                                                   fmt="%.4f", min_value=0.0)
        with cols[2]:
            extra["revenue_per_client"] = _number("revenue", prefix + ".revenue", 0.0, step=1000.0, min_value=0.0)
        with cols[3]:
            extra["margin"] = _number("margin", prefix + ".margin", 0.3, step=0.01, fmt="%.2f", min_value=0.0,
                                      max_value=1.0)
    if st.button(_t("add"), key=prefix + ".add", icon=":material/add:", type="primary", disabled=not name):
        adders = {
            "segment": lambda d: structure.add_segment(d, name, **extra),
            "level": lambda d: structure.add_level(d, parent, name, **extra),
            "group": lambda d: structure.add_group(d, name, **extra),
            "prospect": lambda d: structure.add_prospect(d, name, **extra),
            "person": lambda d: structure.add_person(d, parent, name),
        }
        added: list[str] = []
        _apply(kind, lambda d: added.append(adders[kind](d)), _t("added", name=name),
               pick=lambda: (f"w.items.{kind}.pick.{parent}", added[0]), fresh=True)


@st.fragment
def manage(kind: str) -> None:
    """The manager of one kind of item, in an expander (a fragment: its widgets rerun only it)."""
    pending = st.session_state.pop(PENDING, None)
    if pending is not None:
        key, item_id = pending
        parent = key.rsplit(".", 1)[-1]
        st.session_state[key] = _label(kind, item_id, None if parent == "None" else parent)
    with st.expander(_t(f"{kind}.title"), icon=":material/edit_note:",
                     expanded=bool(st.session_state.get("items.open." + kind))):
        parent = _parent(kind)
        if kind in ("level", "person") and parent is None:
            return
        ids = _ids(kind, parent)
        if ids:
            _existing(kind, parent, ids)
        else:
            st.caption(_t("none_yet"))
        st.divider()
        _new(kind, parent)
        state.show_errors("items." + kind)
