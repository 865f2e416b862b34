"""What-if: variants as recipes on top of the working scenario (planner/recipes.py).

A variant is a list of edits (any field, by path); its scenario is the *current* working
scenario with those edits, so it follows every later edit. The variants live in the working
scenario (`Scenario.variants`), so they are saved with it. 2 to 4 plans are compared side by
side: KPIs, a chart, and every difference in words and as a chart. Adopting a variant applies
its edits to the working scenario as it is now and says what changed."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from models import Scenario
from models.variants import Variant
from planner.analysis.paths import parse_value
from planner.analysis.plan_diff import plan_changes
from planner.errors import InputError
from planner.recipes import OPERATIONS, adopt_variant, apply_recipe, describe_edits, edit
from planner.ui import charts, fmt, state
from planner.ui.text import t

WORKING = "__working__"
EDIT_INDEX = "whatif.edit_index"
COMPARE = "whatif.compared"  # names compared, kept while other pages show (widget keys are not)
COMPARE_WIDGET = "whatif.compare"
CHART_KPIS = ("revenue", "gross_margin", "cost", "profit", "new_clients", "headcount")
TABLE_KPIS = ("revenue", "gross_margin", "cost", "profit", "new_clients", "hunters", "headcount", "manager_hours_used")


# ----- variants in the working scenario -------------------------------------------------------
def variants() -> list[Variant]:
    return list(state.scenario().variants)


def _store(items: list[Variant]) -> None:
    """The working scenario with these variants (its plan is unchanged: variants are not planned)."""
    st.session_state[state.SCENARIO] = state.scenario().model_copy(update={"variants": tuple(items)})


def _unique_name(wanted: str, skip: int | None = None) -> str:
    taken = {v.name for i, v in enumerate(variants()) if i != skip} | {t("whatif.working")}
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted} ({n})", n + 1
    return name


def add_variant() -> None:
    items = variants()
    items.append(Variant(name=_unique_name(t("whatif.variant_name", n=len(items) + 1))))
    _store(items)
    st.session_state[EDIT_INDEX] = len(items) - 1
    _compare_also(items[-1].name)


def _compare_also(name: str) -> None:
    ss = st.session_state
    chosen = [c for c in ss.get(COMPARE, [t("whatif.working")]) if c in labels()]
    if name not in chosen and len(chosen) < 4:
        chosen.append(name)
    ss[COMPARE] = chosen


def copy_variant(index: int) -> None:
    items = variants()
    source = items[index]
    items.append(source.model_copy(update={"name": _unique_name(t("whatif.copy_name", name=source.name))}))
    _store(items)
    st.session_state[EDIT_INDEX] = len(items) - 1
    _compare_also(items[-1].name)


def delete_variant(index: int) -> None:
    items = variants()
    gone = items.pop(index)
    _store(items)
    st.session_state[EDIT_INDEX] = max(0, min(index, len(items) - 1))
    st.session_state[COMPARE] = [c for c in st.session_state.get(COMPARE, []) if c != gone.name]


def rename_variant(index: int, key: str) -> None:
    items = variants()
    wanted = str(st.session_state.get(key) or "").strip()
    if not wanted or wanted == items[index].name:
        return
    old = items[index].name
    items[index] = items[index].model_copy(update={"name": _unique_name(wanted, skip=index)})
    _store(items)
    st.session_state[COMPARE] = [items[index].name if c == old else c for c in st.session_state.get(COMPARE, [])]


def add_edit(index: int) -> None:
    """Callback: the edit of the form appended to the variant, if the variant still applies."""
    ss = st.session_state
    path = str(ss.get(f"whatif.{index}.path") or "").strip()
    op = ss.get(f"whatif.{index}.op", "set")
    text = str(ss.get(f"whatif.{index}.value") or "").strip()
    try:
        value = parse_value(text) if text else None
        new_edit = edit(path, op, value)
        items = variants()
        candidate = items[index].model_copy(update={"edits": (*items[index].edits, new_edit)})
        apply_recipe(state.scenario(), candidate)
    except InputError as exc:
        state.set_errors(f"whatif.{index}", exc.problems)
        return
    state.clear_errors(f"whatif.{index}")
    items[index] = candidate
    _store(items)
    ss[f"whatif.{index}.value"] = ""


def drop_edit(index: int, position: int) -> None:
    items = variants()
    edits = list(items[index].edits)
    edits.pop(position)
    items[index] = items[index].model_copy(update={"edits": tuple(edits)})
    _store(items)


def adopt(index: int) -> None:
    """Callback: the variant's edits applied to the working scenario as it is now; the variant
    leaves the list (its edits are now the working scenario's); what changed is said."""
    items = variants()
    variant = items[index]
    try:
        adopted = adopt_variant(state.scenario(), variant)
    except InputError as exc:
        state.set_errors(f"whatif.{index}", exc.problems)
        return
    rest = tuple(v for i, v in enumerate(items) if i != index)
    new = adopted.scenario.model_copy(update={"variants": rest})
    state.replace_scenario(new, source=st.session_state.get(state.SOURCE, ""), base_dir=state.base_dir())
    st.session_state[EDIT_INDEX] = 0
    st.session_state[COMPARE] = [c for c in st.session_state.get(COMPARE, []) if c != variant.name]
    lines = "\n".join(f"- {line}" for line in adopted.changes) or t("whatif.adopted_nothing")
    state.notice(t("whatif.adopted", name=variant.name) + "\n" + lines)


def _pick(key: str) -> None:
    names = [v.name for v in variants()]
    if st.session_state.get(key) in names:
        st.session_state[EDIT_INDEX] = names.index(st.session_state[key])


# ----- the page ----------------------------------------------------------------------------------
def suggested_paths(scen: Scenario) -> list[str]:
    paths = ["team.managers[*].hours", "segments[*].levels[*].revenue_per_client", "segments[*].levels[*].revenue_index",
             "segments[*].levels[*].hours_per_client", "prospects[*].conversion_per_hour", "goal.max_cost",
             "goal.min_new_clients", "goal.min_profit", "team.max_headcount", "team.hunters.count",
             "team.hunters.max_count", "team.hunters.hours"]
    for g in scen.team.managers:
        paths += [f"team.managers[{g.id}].{f}" for f in ("count", "max_count", "hours", "cost_per_person")]
    for s in scen.segments:
        paths.append(f"segments[{s.id}].min_coverage")
        paths += [f"segments[{s.id}].levels[{lv.id}].hours_per_client" for lv in s.levels]
    return paths


def labels() -> list[str]:
    return [t("whatif.working"), *(v.name for v in variants())]


def recipe_editor(index: int, variant: Variant) -> None:
    scen = state.scenario()
    name_key = f"whatif.{index}.name"
    st.session_state[name_key] = variant.name
    st.text_input(t("whatif.rename"), key=name_key, on_change=rename_variant, args=(index, name_key))
    st.markdown(t("whatif.edits"))
    if not variant.edits:
        st.caption(t("whatif.no_edits"))
    for position, one in enumerate(variant.edits):
        left, right = st.columns([6, 1])
        left.markdown("- " + "; ".join(describe_edits(scen, [one])))
        right.button(t("whatif.drop_edit"), key=f"whatif.{index}.drop.{position}", on_click=drop_edit,
                     args=(index, position), icon=":material/delete:")
    a, b, c, d = st.columns([4, 2, 2, 1], vertical_alignment="bottom")
    a.selectbox(t("whatif.path"), suggested_paths(scen), key=f"whatif.{index}.path", accept_new_options=True,
                help=t("whatif.path_help"))
    b.selectbox(t("whatif.op"), OPERATIONS, key=f"whatif.{index}.op", format_func=lambda o: t(f"whatif.op.{o}"))
    c.text_input(t("whatif.value"), key=f"whatif.{index}.value", placeholder="1.1")
    d.button(t("whatif.add_edit"), key=f"whatif.{index}.add", on_click=add_edit, args=(index,), icon=":material/add:")
    state.show_errors(f"whatif.{index}")


def _solved(name: str) -> tuple[Any | None, str | None]:
    """(plan, None) or (None, why not) of the working scenario or of a variant by name."""
    if name == t("whatif.working"):
        solved = state.solve(state.scenario())
    else:
        variant = next(v for v in variants() if v.name == name)
        try:
            solved = state.solve(apply_recipe(state.scenario(), variant))
        except InputError as exc:
            return None, "; ".join(str(p) for p in exc.problems)
    if solved.plan is None or not solved.plan.ok:
        return None, (fmt.status_text(solved.plan) if solved.plan is not None
                      else "; ".join(map(str, solved.problems)) or t("side.no_plan"))
    return solved.plan, None


def _compared() -> None:
    st.session_state[COMPARE] = list(st.session_state.get(COMPARE_WIDGET, []))


def kpi_table(results: list[tuple[str, Any]]) -> pd.DataFrame:
    first = results[0][1]
    rows = []
    for kpi in TABLE_KPIS:
        row = {t("kpi"): t(f"plan.kpi.{kpi}")}
        digits = 0 if kpi in fmt.MONEY_KPIS else 1
        for name, plan in results:
            row[name] = round(float(plan.kpis[kpi]), digits)
            if plan is not first:
                row[t("table.delta", name=name)] = round(float(plan.kpis[kpi]) - float(first.kpis[kpi]), digits)
        rows.append(row)
    return pd.DataFrame(rows)


def compare_section() -> None:
    names = labels()
    ss = st.session_state
    ss[COMPARE] = [c for c in ss.get(COMPARE, names[:2]) if c in names][:4]
    ss[COMPARE_WIDGET] = ss[COMPARE]
    st.multiselect(t("whatif.compare"), names, key=COMPARE_WIDGET, max_selections=4, on_change=_compared)
    picked = ss[COMPARE]
    if len(picked) < 2:
        st.info(t("whatif.pick_two"))
        return
    results = []
    for name in picked:
        plan, why = _solved(name)
        if plan is None:
            st.warning(t("whatif.failed", name=name, status=why))
        else:
            results.append((name, plan))
    if len(results) < 2:
        return
    kpis = kpi_table(results)
    st.subheader(t("whatif.kpis"))
    st.dataframe(kpis, hide_index=True, width="stretch", key="whatif.kpi_table",
                 column_config={c: st.column_config.NumberColumn(format="localized") for c in kpis.columns if c != t("kpi")})
    st.subheader(t("whatif.chart"))
    long = pd.DataFrame([{"kpi": t(f"plan.kpi.{k}"), "scenario": name, "value": float(plan.kpis[k])}
                         for k in CHART_KPIS for name, plan in results])
    st.altair_chart(charts.grouped_kpis(long), key="whatif.chart")
    st.subheader(t("whatif.changes"))
    first_name, first = results[0]
    scen = state.scenario()
    bars = []
    for name, plan in results[1:]:
        changes = plan_changes(first, plan, scen)
        st.markdown(t("whatif.changes_of", name=name, base=first_name))
        if not len(changes):
            st.caption(t("whatif.no_changes"))
            continue
        st.markdown("\n".join(f"- {line}" for line in changes["text"]))
        shown = changes[changes["kind"] != "allocation"]
        for text, change in zip(shown["text"], shown["change"]):
            bars.append({"change": text.split(":")[0], "scenario": name, "value": float(change)})
    if bars:
        st.altair_chart(charts.change_bars(pd.DataFrame(bars)), key="whatif.changes_chart")


def render() -> None:
    st.title(t("whatif.title"))
    st.write(t("whatif.intro"))
    st.button(t("whatif.new"), key="whatif.new", on_click=add_variant, icon=":material/add:")
    items = variants()
    if not items:
        st.info(t("whatif.none"))
        return
    ss = st.session_state
    index = min(int(ss.get(EDIT_INDEX, len(items) - 1)), len(items) - 1)
    with st.container(border=True):
        pick_key = "whatif.edit"
        ss[pick_key] = items[index].name
        st.selectbox(t("whatif.edit"), [v.name for v in items], key=pick_key, on_change=_pick, args=(pick_key,))
        recipe_editor(index, items[index])
        c1, c2, c3 = st.columns(3)
        c1.button(t("whatif.adopt"), key=f"whatif.{index}.adopt", on_click=adopt, args=(index,), type="primary")
        c2.button(t("whatif.copy"), key=f"whatif.{index}.copy", on_click=copy_variant, args=(index,))
        c3.button(t("whatif.delete"), key=f"whatif.{index}.delete", on_click=delete_variant, args=(index,))
    compare_section()


if __name__ == "__main__":
    render()
