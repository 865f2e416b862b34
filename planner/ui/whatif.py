"""What-if: variants of the working scenario (duplicate, rename, tweak with sliders), each solved
live, and 2 to 4 compared side by side (KPIs, a grouped bar chart, what changed in the plan)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from models import Scenario
from planner.errors import InputError
from planner.analysis.variants import tweak_scenario
from planner.scenario_io import dumps_scenario, loads_scenario
from planner.ui import charts, fmt, state
from planner.ui.text import t

VARIANTS = "whatif.variants"
# The variant being tweaked and those compared, by id; the widgets show (unique) names.
EDIT_ID = "whatif.edit_id"
COMPARE_IDS = "whatif.compare_ids"
WORKING = "__working__"
CHART_KPIS = ("revenue", "gross_margin", "cost", "profit", "new_clients", "headcount")
TABLE_KPIS = ("revenue", "gross_margin", "cost", "profit", "new_clients", "hunters", "headcount", "manager_hours_used")


# ----- variants in session state ---------------------------------------------------------------
def variants() -> list[dict[str, Any]]:
    return st.session_state.setdefault(VARIANTS, [])


def add_variant() -> None:
    """Callback: a copy of the working scenario becomes the variant being tweaked and compared."""
    items = variants()
    n = max([int(v["id"][1:]) for v in items] + [0]) + 1
    items.append(
        {
            "id": f"v{n}",
            "name": t("whatif.variant_name", n=n),
            "base_yaml": dumps_scenario(state.scenario()),
            "base_dir": str(state.base_dir()),
            "tweaks": {},
        }
    )
    ss = st.session_state
    chosen = [c for c in ss.get(COMPARE_IDS, []) if c == WORKING or any(v["id"] == c for v in items)]
    if len(chosen) < 4:
        ss[COMPARE_IDS] = list(dict.fromkeys([WORKING, *chosen, f"v{n}"]))
    _select(f"v{n}")


def copy_variant(variant_id: str) -> None:
    """Callback: a copy of a variant (its base and tweaks) under a new name."""
    items = variants()
    source = find(variant_id)
    n = max([int(v["id"][1:]) for v in items] + [0]) + 1
    items.append({**copy.deepcopy(source), "id": f"v{n}", "name": t("whatif.copy_name", name=source["name"])})
    ss = st.session_state
    chosen = [c for c in ss.get(COMPARE_IDS, []) if c == WORKING or any(v["id"] == c for v in items)]
    if len(chosen) < 4:
        ss[COMPARE_IDS] = list(dict.fromkeys([*chosen, f"v{n}"]))
    _select(f"v{n}")


def _select(variant_id: str | None) -> None:
    """Point the widgets at the chosen variant and comparison (callbacks run before the widgets)."""
    ss = st.session_state
    names = labels()
    ss[EDIT_ID] = variant_id
    if variant_id in names:
        ss["whatif.edit"] = names[variant_id]
    else:
        ss.pop("whatif.edit", None)
    ss["whatif.compare"] = [names[c] for c in ss.get(COMPARE_IDS, []) if c in names]


def find(variant_id: str) -> dict[str, Any] | None:
    return next((v for v in variants() if v["id"] == variant_id), None)


def delete_variant(variant_id: str) -> None:
    st.session_state[VARIANTS] = [v for v in variants() if v["id"] != variant_id]
    st.session_state[COMPARE_IDS] = [c for c in st.session_state.get(COMPARE_IDS, []) if c != variant_id]
    remaining = [v["id"] for v in variants()]
    _select(remaining[-1] if remaining else None)


def variant_scenario(variant: dict[str, Any]) -> tuple[Scenario | None, list]:
    try:
        return tweak_scenario(loads_scenario(variant["base_yaml"]), variant["tweaks"], source=t("edit.source")), []
    except InputError as exc:
        return None, exc.problems


def adopt(variant_id: str) -> None:
    variant = find(variant_id)
    scen, _problems = variant_scenario(variant) if variant else (None, [])
    if scen is not None:
        state.replace_scenario(scen, source=variant["name"], base_dir=Path(variant["base_dir"]))
        state.notice(t("whatif.adopted", name=variant["name"]))


# ----- the page ----------------------------------------------------------------------------------
def tweak_controls(variant: dict[str, Any]) -> None:
    """Name and sliders of one variant; its tweaks are what the sliders say (100% = unchanged)."""
    vid = variant["id"]
    base = loads_scenario(variant["base_yaml"])
    tweaks = variant["tweaks"]
    name = st.text_input(t("whatif.rename"), value=variant["name"], key=f"whatif.{vid}.name")
    if name.strip() and name != variant["name"]:
        variant["name"] = name.strip()

    new: dict[str, Any] = {"counts": dict(tweaks.get("counts", {}))}
    a, b = st.columns(2)
    with a:
        for key, label in (("hours_pct", "whatif.hours"), ("conversion_pct", "whatif.conversion"), ("revenue_pct", "whatif.revenue")):
            new[key] = float(
                st.slider(t(label), 50, 150, int(tweaks.get(key, 100)), step=5, key=f"whatif.{vid}.{key}")
            )
        current_budget = tweaks.get("budget", base.goal.max_cost or 0.0)
        new["budget"] = st.number_input(
            t("whatif.budget"), min_value=0.0, value=float(current_budget or 0.0), step=100000.0, format="%.0f",
            key=f"whatif.{vid}.budget",
        )
    with b:
        for group in base.team.managers:
            lo, hi = tweaks.get("counts", {}).get(group.id, (group.lower, group.upper))
            top = max(10, group.upper * 2)
            picked = st.slider(
                t("whatif.count_range", group=group.name or group.id), 0, top, (int(lo), int(hi)),
                key=f"whatif.{vid}.count.{group.id}",
            )
            if tuple(picked) != (group.lower, group.upper):
                new["counts"][group.id] = tuple(picked)
            else:
                new["counts"].pop(group.id, None)
        h = base.team.hunters
        lo, hi = tweaks.get("hunters", (h.lower, h.upper))
        picked = st.slider(t("whatif.hunters"), 0, max(10, h.upper * 2), (int(lo), int(hi)), key=f"whatif.{vid}.hunters")
        if tuple(picked) != (h.lower, h.upper):
            new["hunters"] = tuple(picked)
    cleaned = {k: v for k, v in new.items() if not (k.endswith("_pct") and v == 100.0)}
    if not cleaned.get("counts"):
        cleaned.pop("counts", None)
    if float(cleaned.get("budget", 0.0) or 0.0) == float(base.goal.max_cost or 0.0):
        cleaned.pop("budget", None)
    variant["tweaks"] = cleaned


def labels() -> dict[str, str]:
    """Unique display names by id: the working scenario first, then the variants."""
    out = {WORKING: t("whatif.working")}
    for v in variants():
        name = v["name"]
        out[v["id"]] = name if name not in out.values() else f"{name} ({v['id']})"
    return out


def label_of(choice: str) -> str:
    return labels().get(choice, choice)


def solved_choice(choice: str) -> tuple[str, state.Solved | None, list]:
    if choice == WORKING:
        return t("whatif.working"), state.solve(state.scenario()), []
    variant = find(choice)
    scen, problems = variant_scenario(variant)
    if scen is None:
        return variant["name"], None, problems
    return variant["name"], state.solve(scen, Path(variant["base_dir"])), []


def comparison(results: list[tuple[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(KPI table with deltas against the first, changes of clients per segment and level)."""
    first_name, first = results[0]
    rows = []
    for kpi in TABLE_KPIS:
        row = {t("kpi"): t(f"plan.kpi.{kpi}")}
        digits = 0 if kpi in fmt.MONEY_KPIS else 1  # shown rounded: money to the unit
        for name, plan in results:
            row[name] = round(float(plan.kpis[kpi]), digits)
            if plan is not first:
                row[t("table.delta", name=name)] = round(float(plan.kpis[kpi]) - float(first.kpis[kpi]), digits)
        rows.append(row)
    kpis = pd.DataFrame(rows)

    def clients(plan: Any) -> pd.Series:
        parts = plan.segment_levels.set_index(["segment", "level"])["clients"]
        unserved = plan.segments.set_index("segment")["unserved"]
        unserved.index = pd.MultiIndex.from_arrays([unserved.index, [t("plan.unserved")] * len(unserved)])
        heads = plan.groups.set_index("group")["head_count"]
        heads.index = pd.MultiIndex.from_arrays([heads.index, [t("plan.kpi.headcount")] * len(heads)])
        return pd.concat([parts, unserved, heads]).groupby(level=[0, 1], sort=False).sum()

    table = pd.concat({name: clients(plan) for name, plan in results}, axis=1).fillna(0.0)
    diff = table.sub(table[first_name], axis=0)
    changed = diff.drop(columns=[first_name]).abs().max(axis=1) > 0.05
    out = table[changed].copy()
    for name, _ in results[1:]:
        out[t("table.delta", name=name)] = diff.loc[changed, name]
    out.index.names = [t("table.segment_or_group"), t("table.level")]
    return kpis, out.reset_index()


def render() -> None:
    st.title(t("whatif.title"))
    st.write(t("whatif.intro"))
    st.button(t("whatif.new"), key="whatif.new", on_click=add_variant, icon=":material/content_copy:")
    items = variants()
    if not items:
        st.info(t("whatif.none"))
        return

    ids = [v["id"] for v in items]
    names = labels()
    by_name = {name: vid for vid, name in names.items()}
    ss = st.session_state
    # A name picked in the widget wins; after a rename the remembered id keeps the choice.
    chosen = by_name.get(ss.get("whatif.edit"))
    if chosen not in ids:
        chosen = ss.get(EDIT_ID) if ss.get(EDIT_ID) in ids else ids[-1]
    ss[EDIT_ID] = chosen
    ss["whatif.edit"] = names[chosen]
    with st.container(border=True):
        st.selectbox(t("whatif.edit"), [names[i] for i in ids], key="whatif.edit")
        variant = find(chosen)
        tweak_controls(variant)
        scen, problems = variant_scenario(variant)
        if problems:
            st.error(t("whatif.bad_tweak") + "\n" + "\n".join(f"- `{p.path}`: {p.message}" for p in problems))
        c1, c2, c3 = st.columns(3)
        c1.button(t("whatif.adopt"), key=f"whatif.{chosen}.adopt", on_click=adopt, args=(chosen,), disabled=scen is None)
        c2.button(t("whatif.copy"), key=f"whatif.{chosen}.copy", on_click=copy_variant, args=(chosen,))
        c3.button(t("whatif.delete"), key=f"whatif.{chosen}.delete", on_click=delete_variant, args=(chosen,))

    names = labels()  # a rename above may have changed them
    by_name = {name: vid for vid, name in names.items()}
    picked_names = ss.get("whatif.compare")
    if picked_names is not None and all(n in by_name for n in picked_names):
        picked = [by_name[n] for n in picked_names]
    else:
        picked = [c for c in ss.get(COMPARE_IDS, [WORKING, ids[0]]) if c in names]
    picked = picked[:4]
    ss[COMPARE_IDS] = picked
    ss["whatif.compare"] = [names[c] for c in picked]
    st.multiselect(t("whatif.compare"), list(names.values()), key="whatif.compare", max_selections=4)
    if len(picked) < 2:
        st.info(t("whatif.pick_two"))
        return
    results = []
    for choice in picked:
        name, solved, problems = solved_choice(choice)
        if name in [n for n, _ in results]:
            name = f"{name} ({choice})"
        if solved is None or solved.plan is None or not solved.plan.ok:
            status = fmt.status_text(solved.plan) if solved is not None and solved.plan is not None else "; ".join(
                map(str, problems or (solved.problems if solved else []))
            ) or t("side.no_plan")
            st.warning(t("whatif.failed", name=name, status=status))
            continue
        results.append((name, solved.plan))
    if len(results) < 2:
        return
    kpis, changes = comparison(results)
    st.subheader(t("whatif.kpis"))
    st.dataframe(
        kpis, hide_index=True, width="stretch", key="whatif.kpi_table",
        column_config={c: st.column_config.NumberColumn(format="localized") for c in kpis.columns if c != t("kpi")},
    )
    st.subheader(t("whatif.chart"))
    long = pd.DataFrame(
        [{"kpi": t(f"plan.kpi.{k}"), "scenario": name, "value": float(plan.kpis[k])} for k in CHART_KPIS for name, plan in results]
    )
    st.altair_chart(charts.grouped_kpis(long), key="whatif.chart")
    st.subheader(t("whatif.changes"))
    if len(changes):
        st.dataframe(changes, hide_index=True, width="stretch", key="whatif.changes",
                     column_config={c: st.column_config.NumberColumn(format="%.1f") for c in changes.columns[2:]})
    else:
        st.caption(t("whatif.no_changes"))


if __name__ == "__main__":
    render()
