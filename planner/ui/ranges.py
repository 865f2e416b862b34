"""Uncertain estimates as three numbers: every `{low, likely, high}` of the scenario in one
table, and an editor that sets the three together (checked together, with the reason when
they do not fit) or turns a range into a single number and back."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from models import Range
from planner.headings import heading
from planner.i18n import N_, catalogue
from planner.ui import fmt, state
from planner.ui.markdown import md
from planner.ui.names import names

TEXT = catalogue({
    "title": N_("Uncertain estimates: low, likely and high"),
    "intro": N_("A plan uses the likely value; the Monte Carlo analysis samples between low and high. "
                "Leave low and high empty for a single number."),
    "pick": N_("Estimate"),
    "low": N_("Low"),
    "likely": N_("Likely (the plan's value)"),
    "high": N_("High"),
    "apply": N_("Apply the three numbers"),
    "single": N_("Make it a single number (the likely value)"),
    "order": N_("The three numbers must be in order, low ≤ likely ≤ high; got {low} · {likely} · {high}."),
    "both_ends": N_("Give both low and high for a range, or neither for a single number."),
    "likely_missing": N_("The likely value is needed: it is the number the plan uses."),
    "saved": N_("{place}: {value}"),
    "place": N_("place"),
    "none": N_("No estimate of this scenario is a range yet: pick one below and give low and high."),
})

OPEN = "ranges.open"  # the editor was used: it stays open

# Estimate fields by item kind (a level's hours only where it gives them, not contacts x hours).
FIELDS = {"segment": ("unserved_revenue",), "level": ("hours_per_client", "revenue_per_client", "revenue_index"),
          "prospect": ("pool", "conversion_per_hour", "revenue_per_client")}


def _t(key: str, **values: Any) -> str:
    text = TEXT[key]
    return text.format(**values) if values else str(text)


def estimates(scen) -> list[tuple[tuple[str, ...], str, Any]]:
    """(address, place in words, value) of every estimate field the scenario gives."""
    n = names(scen)
    out = []
    for s in scen.segments:
        for f in FIELDS["segment"]:
            out.append((("segment", s.id, f), f"{n.segment(s.id)} · {heading(f)}", getattr(s, f)))
        for lv in s.levels:
            for f in FIELDS["level"]:
                value = getattr(lv, f)
                if value is not None:
                    out.append((("level", s.id, lv.id, f), f"{n.segment(s.id)} · {n.level(s.id, lv.id)} · {heading(f)}",
                                value))
    for p in scen.prospects:
        for f in FIELDS["prospect"]:
            value = getattr(p, f)
            if value is not None:
                out.append((("prospect", p.id, f), f"{n.prospect(p.id)} · {heading(f)}", value))
    return out


def _container(data: dict, address: tuple[str, ...]) -> dict:
    kind = address[0]
    if kind == "segment":
        return next(s for s in data["segments"] if s["id"] == address[1])
    if kind == "level":
        seg = next(s for s in data["segments"] if s["id"] == address[1])
        return next(lv for lv in seg["levels"] if lv["id"] == address[2])
    return next(p for p in data["prospects"] if p["id"] == address[1])


def spelled(value: Any) -> str:
    """`8 · 10 · 12` for a range, the number for a single value (never "0 | 0")."""
    if isinstance(value, Range):
        return " · ".join(fmt.number(float(v), digits=4) for v in (value.low, value.likely, value.high))
    return fmt.number(float(value), digits=4)


def check(low: float | None, likely: float | None, high: float | None) -> str | None:
    """Why three numbers do not make an estimate, or None when they do."""
    if likely is None:
        return _t("likely_missing")
    if (low is None) != (high is None):
        return _t("both_ends")
    if low is not None and not (low <= likely <= high):
        return _t("order", low=fmt.number(low, digits=4), likely=fmt.number(likely, digits=4),
                  high=fmt.number(high, digits=4))
    return None


def apply(address: tuple[str, ...], low: float | None, likely: float | None, high: float | None) -> bool:
    """Set one estimate to the three numbers (or one), checked together; False with the reason
    kept for the editor when they do not fit."""
    from planner.errors import Problem

    reason = check(low, likely, high)
    if reason is not None:
        state.set_errors("ranges", [Problem("", reason)])
        return False
    field = address[-1]

    def change(data: dict) -> None:
        container = _container(data, address)
        container[field] = likely if low is None else {"low": low, "likely": likely, "high": high}

    return state.edit_scenario("ranges", change)


def _overview(scen) -> None:
    rows = [{"place": place, "low": float(v.low), "likely": float(v.likely), "high": float(v.high)}
            for _address, place, v in estimates(scen) if isinstance(v, Range)]
    if not rows:
        st.caption(_t("none"))
        return
    ends = {end: st.column_config.NumberColumn(_t(end), format="localized") for end in ("low", "likely", "high")}
    fmt.show_table(pd.DataFrame(rows), key="ranges.overview",
                   column_config={"place": st.column_config.Column(_t("place")), **ends})


@st.fragment
def editor() -> None:
    """The estimates' overview and editor, in an expander (a fragment: picking an estimate and
    typing numbers rerun only it; an applied change reruns the page)."""
    scen = state.scenario()
    with st.expander(_t("title"), icon=":material/straighten:", expanded=bool(st.session_state.get(OPEN))):
        st.caption(_t("intro"))
        _overview(scen)
        items = estimates(scen)
        if not items:
            return
        places = {address: (place, value) for address, place, value in items}
        by_label = {place: address for address, place, _v in items}  # options by label (AppTest reads them back)
        chosen = st.selectbox(_t("pick"), list(by_label), key="w.ranges.pick")
        if chosen is None:
            return
        address = by_label[chosen]
        value = places[address][1]
        rng = value if isinstance(value, Range) else None
        suffix = "/".join(address) + f".{st.session_state.get(state.EDITS, 0)}"
        cols = st.columns(3)
        low = cols[0].number_input(_t("low"), value=None if rng is None else float(rng.low), key=f"w.ranges.low.{suffix}",
                                   format="%g", placeholder="–")
        likely = cols[1].number_input(_t("likely"), value=float(rng.likely if rng else value),
                                      key=f"w.ranges.likely.{suffix}", format="%g")
        high = cols[2].number_input(_t("high"), value=None if rng is None else float(rng.high),
                                    key=f"w.ranges.high.{suffix}", format="%g", placeholder="–")
        left, right = st.columns(2)
        single = rng is not None and right.button(_t("single"), key="w.ranges.single", icon=":material/looks_one:")
        if single:
            low = high = None
        if left.button(_t("apply"), key="w.ranges.apply", type="primary", icon=":material/check:") or single:
            st.session_state[OPEN] = True  # kept open after the rerun, with the result in view
            if apply(address, low, likely, high):
                new = dict((a, v) for a, _p, v in estimates(state.scenario())).get(address)
                state.notice(md(_t("saved", place=places[address][0], value=spelled(new))))
                st.rerun()
        state.show_errors("ranges")  # a refusal shows in this run, below the numbers
