"""The Books page: every client of the table with a person, by name; the people with an empty
book or over their hours flagged; locks (pick clients, pin them to a person) saved as the
scenario's `clients.locks`; the continuity price (keep today's owner unless a move earns more)
with the moves-vs-profit trade-off; the books workbook. Every number is `planner.plan_books`'."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from models import Scenario
from planner.books.text import TEXT as BOOK_TEXT
from planner.errors import Problem
from planner.headings import heading
from planner.i18n import N_, catalogue, language
from planner.scenario_io import dumps_scenario
from planner.ui import data_jobs, fmt, state, workspace
from planner.ui.markdown import md
from planner.ui.text import t

LOCKS_EDITOR = "books.locks"
PRICE_EDITOR = "books.price"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LADDER = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0)  # trade-off prices, in typical monthly margins per client

TEXT = catalogue({
    "intro": N_("Every client of the table with a person and a level, keeping today's owner wherever the plan allows."),
    "no_table": N_("Books need a client table: load a scenario with a `clients` block or upload a table."),
    "failed": N_("The books could not be built:"),
    "with_person": N_("Clients with a person"),
    "moves": N_("Moves"),
    "moves_help": N_("Transfers to another person, clients released from managers and clients getting a first manager."),
    "kept": N_("Kept with today's owner"),
    "locked": N_("Locked"),
    "idle": N_("Empty books (0 clients): {people}"),
    "over": N_("More hours or clients than the person has: {people}"),
    "all_busy": N_("Everyone has clients and nobody is over their hours."),
    "people": N_("People and their books"),
    "book_of": N_("The book of"),
    "empty": N_("This person has no clients in the plan."),
    "locks": N_("Locks: pin clients to a person"),
    "locks_intro": N_("A locked client stays with the person you pin it to, whatever the plan prefers; the plan is re-solved around the locks."),
    "pick_clients": N_("Clients"),
    "pick_person": N_("Person"),
    "pin": N_("Pin to this person"),
    "current_locks": N_("Locks of the scenario"),
    "unpin": N_("Remove the chosen locks"),
    "unpick": N_("Locks to remove"),
    "no_locks": N_("No client is locked in the scenario."),
    "table_locks": N_("The table's lock column locks {n} more clients to today's manager."),
    "price": N_("Keep today's owner unless a move earns more than (per client and period)"),
    "price_help": N_("The continuity price: 0 moves every client the plan prefers elsewhere; a higher price keeps more clients with today's owner at the cost of some profit."),
    "tradeoff": N_("Moves against profit"),
    "tradeoff_run": N_("Show the trade-off"),
    "tradeoff_caption": N_("Each point is one continuity price: fewer moves cost profit. Prices tried: {prices}."),
    "stale": N_("This trade-off is of the scenario before your last edit: show it again to update it."),
    "download": N_("Books workbook (XLSX)"),
    "download_help": N_("A summary, the people, one sheet per person with the clients' names, transfers and the clients left to automation."),
    "chart.moves": N_("moves"),
    "chart.profit": N_("profit of the books"),
    "chart.price": N_("continuity price"),
    "profit_change": N_("profit given up"),
})


def tx(key: str, **values: object) -> str:
    text = TEXT[key]
    return text.format(**values) if values else str(text)


# ----- the library's books, cached by content --------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def _books(yaml_text: str, base: str, lang: str) -> tuple[Any, tuple[Problem, ...]]:
    return workspace.bounded_job(data_jobs.books_job, yaml_text, base, lang)


@st.cache_data(max_entries=8, show_spinner=False)
def _tradeoff(yaml_text: str, base: str, prices: tuple[float, ...], lang: str) -> tuple[Any, tuple[Problem, ...]]:
    return workspace.bounded_job(data_jobs.tradeoff_job, yaml_text, base, prices, lang)


@st.cache_data(max_entries=8, show_spinner=False)
def books_workbook(yaml_text: str, base: str, lang: str) -> tuple[bytes | None, tuple[Problem, ...]]:
    """The books workbook (planner.books.io) of the books this page shows."""
    return workspace.bounded_job(data_jobs.books_workbook_job, yaml_text, base, lang)


def books_of(scen: Scenario) -> tuple[Any, tuple[Problem, ...]]:
    with st.spinner(t("solving")):
        return _books(dumps_scenario(scen), str(state.base_dir()), language())


# ----- edits -----------------------------------------------------------------------------------
def _set_price() -> None:
    value = st.session_state.get("w.books.price")

    def change(data: dict) -> None:
        if value:
            data["clients"]["continuity_price"] = float(value)
        else:
            data["clients"].pop("continuity_price", None)

    state.edit_scenario(PRICE_EDITOR, change)


def _pin(labels: dict[str, str]) -> None:
    ss = st.session_state
    clients = [labels[x] for x in ss.get("w.books.pick_clients", []) if x in labels]
    person = ss.get("w.books.pick_person")
    if not clients or not person:
        return

    def change(data: dict) -> None:
        locks = dict(data["clients"].get("locks", {}))
        locks.update({c: person for c in clients})
        data["clients"]["locks"] = locks

    if state.edit_scenario(LOCKS_EDITOR, change):
        ss["w.books.pick_clients"] = []


def _unpin(labels: dict[str, str]) -> None:
    chosen = [labels[x] for x in st.session_state.get("w.books.unpick", []) if x in labels]

    def change(data: dict) -> None:
        locks = {k: v for k, v in data["clients"].get("locks", {}).items() if k not in chosen}
        if locks:
            data["clients"]["locks"] = locks
        else:
            data["clients"].pop("locks", None)

    if chosen and state.edit_scenario(LOCKS_EDITOR, change):
        st.session_state["w.books.unpick"] = []


# ----- the page --------------------------------------------------------------------------------
def client_labels(assignments: pd.DataFrame) -> dict[str, str]:
    """`id · name` (or the id) -> id, in the books' order."""
    ids = assignments["client"].astype(str)
    if "name" in assignments:
        names = assignments["name"].astype(object)
        shown = [f"{i} · {n}" if isinstance(n, str) and n else i for i, n in zip(ids, names)]
    else:
        shown = list(ids)
    return dict(zip(shown, ids))


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col, prefix in (("status", "status."), ("change", "change.")):
        if col in out:
            out[col] = out[col].map(lambda v: BOOK_TEXT[prefix + v] if isinstance(v, str) and prefix + v in BOOK_TEXT else v)
    return out


def flags(books: Any) -> None:
    """Idle people and people over their hours, named."""
    if books.idle:
        st.warning(tx("idle", people=md(", ".join(books.idle))), icon=":material/person_off:")
    if books.over_hours:
        st.error(tx("over", people=md(", ".join(books.over_hours))), icon=":material/schedule:")
    if not books.idle and not books.over_hours:
        st.caption(tx("all_busy"))


def summary(books: Any) -> None:
    a = books.assignments
    cols = st.columns(4)
    cols[0].metric(tx("with_person"), fmt.number(int(a["person"].notna().sum()), digits=0), border=True)
    cols[1].metric(tx("moves"), fmt.number(books.moves, digits=0), help=tx("moves_help"), border=True)
    cols[2].metric(tx("kept"), fmt.number(int((a["change"] == "kept").sum()), digits=0), border=True)
    cols[3].metric(tx("locked"), fmt.number(int(a["locked"].sum()), digits=0), border=True)


def person_book(books: Any) -> None:
    people = books.people["person"].tolist()
    if not people:
        return
    person = st.selectbox(tx("book_of"), people, key="w.books.person")
    a = books.assignments
    mine = a[a["person"] == person]
    if not len(mine):
        st.caption(tx("empty"))
        return
    cols = [c for c in ("client", "name", "segment", "level", "change", "previous_person", "locked", "revenue", "hours")
            if c in mine]
    fmt.show_table(in_words(mine[cols]), key="books.person_book")


def locks_editor(scen: Scenario, books: Any) -> None:
    st.subheader(tx("locks"))
    st.caption(tx("locks_intro"))
    from planner.books import all_person_names

    labels = client_labels(books.assignments)
    people = list(all_person_names(scen))
    a, b = st.columns([3, 1])
    with a:
        st.multiselect(tx("pick_clients"), list(labels), key="w.books.pick_clients")
    with b:
        st.selectbox(tx("pick_person"), people, key="w.books.pick_person")
    st.button(tx("pin"), key="w.books.pin", on_click=_pin, args=(labels,), icon=":material/push_pin:")
    state.show_errors(LOCKS_EDITOR)
    locks = dict(scen.clients.locks)
    if locks:
        by_id = {v: k for k, v in labels.items()}
        shown = {f"{by_id.get(c, c)} → {p}": c for c, p in locks.items()}
        st.caption(tx("current_locks"))
        st.dataframe(pd.DataFrame({heading("client"): [by_id.get(c, c) for c in locks],
                                   heading("person"): list(locks.values())}),
                     hide_index=True, key="books.locks_table")
        st.multiselect(tx("unpick"), list(shown), key="w.books.unpick")
        st.button(tx("unpin"), key="w.books.unpin", on_click=_unpin, args=(shown,), icon=":material/lock_open:")
    else:
        st.caption(tx("no_locks"))
    table_locked = int(books.assignments["locked"].sum()) - sum(1 for c in locks if c in set(labels.values()))
    if scen.clients.lock_column and table_locked > 0:
        st.caption(tx("table_locks", n=table_locked))


def typical_margin(books: Any, scen: Scenario) -> float:
    """A client's typical gross margin per period (the median of the table's), for the ladder."""
    value = pd.to_numeric(books.assignments["value"], errors="coerce").abs()
    months = {"month": 1, "quarter": 3, "year": 12}.get(str(scen.period), 1)
    median = float(value[value > 0].median()) if (value > 0).any() else 1000.0
    return max(1.0, median * months / 12.0)


def tradeoff_chart(table: pd.DataFrame, scen: Scenario) -> alt.Chart:
    data = table.assign(label=[fmt.money(p, scen) for p in table["price"]])
    x = alt.X("moves:Q", title=tx("chart.moves"))
    y = alt.Y("profit:Q", title=tx("chart.profit"), scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("label:N", title=tx("chart.price")), alt.Tooltip("moves:Q", title=tx("chart.moves")),
               alt.Tooltip("profit:Q", title=tx("chart.profit"), format=",.0f")]
    line = alt.Chart(data).mark_line(point=True).encode(x=x, y=y, tooltip=tooltip)
    text = alt.Chart(data).mark_text(dy=-10, fontSize=11).encode(x=x, y=y, text="label:N")
    return (line + text).properties(height=320)


def tradeoff(scen: Scenario, books: Any) -> None:
    st.subheader(tx("tradeoff"))
    st.number_input(tx("price"), min_value=0.0, value=float(scen.clients.continuity_price or 0.0),
                    step=max(1.0, round(typical_margin(books, scen) / 10, -1) or 1.0), format="%.0f",
                    key="w.books.price", on_change=_set_price, help=tx("price_help"))
    state.show_errors(PRICE_EDITOR)
    ss = st.session_state
    if st.button(tx("tradeoff_run"), key="w.books.tradeoff", icon=":material/show_chart:"):
        typical = typical_margin(books, scen)
        prices = sorted({round(typical * k, -1) or float(k) for k in LADDER}
                        | ({float(scen.clients.continuity_price)} if scen.clients.continuity_price else set()))
        yaml_text = dumps_scenario(scen)
        with st.spinner(t("solving")):
            table, problems = _tradeoff(yaml_text, str(state.base_dir()), tuple(prices), language())
        if table is None:
            st.error(tx("failed") + "\n" + "\n".join(f"- {md(p)}" for p in problems))
        else:
            ss["books.tradeoff"] = (yaml_text, table)
    shown = ss.get("books.tradeoff")
    if shown is not None:
        yaml_text, table = shown
        if yaml_text != dumps_scenario(scen):
            st.caption(tx("stale"))
        st.altair_chart(tradeoff_chart(table, scen), width="stretch", key="books.tradeoff_chart")
        st.caption(tx("tradeoff_caption", prices=", ".join(fmt.money(p, scen) for p in table["price"])))
        words = {"price": tx("chart.price"), "kept": heading("kept"), "moves": tx("chart.moves"),
                 "profit": tx("chart.profit"), "profit_change": tx("profit_change")}
        fmt.show_table(table.rename(columns=words), key="books.tradeoff_table")


def download(scen: Scenario) -> None:
    from planner.ui.sidebar import slug

    data, problems = books_workbook(dumps_scenario(scen), str(state.base_dir()), language())
    if data is None:
        st.error(tx("failed") + "\n" + "\n".join(f"- {md(p)}" for p in problems))
        return
    st.download_button(tx("download"), data=data,
                       file_name=f"{slug(scen.name)}-books.xlsx", mime=XLSX, key="books.download",
                       on_click="ignore", icon=":material/menu_book:", help=tx("download_help"))


def render() -> None:
    scen = state.scenario()
    st.title(t("books.title"))
    if scen.clients is None:
        st.info(tx("no_table"))
        return
    st.write(tx("intro"))
    books, problems = books_of(scen)
    if books is None:
        st.error(tx("failed") + "\n" + "\n".join(f"- {md(p)}" for p in problems))
        return
    summary(books)
    flags(books)
    download(scen)
    st.subheader(tx("people"))
    fmt.show_table(in_words(books.people), key="books.people", percent=("utilisation",))
    person_book(books)
    for note in books.conflicts:
        st.caption(md(note))
    locks_editor(scen, books)
    tradeoff(scen, books)


if __name__ == "__main__":
    render()
