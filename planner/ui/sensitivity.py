"""Sensitivity: the marginal value of one more person, a sweep of one value, and a Monte Carlo
over the uncertain estimates (P10/P50/P90, a histogram and a tornado of what moves profit).

Results are kept per scenario content: an edit elsewhere marks them as belonging to the old
scenario instead of silently showing them for the new one."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.analysis.execution import Execution
from planner.analysis.marginal import marginal_curve
from planner.analysis.montecarlo import monte_carlo
from planner.analysis.paths import parse_values
from planner.analysis.sampling import uncertain_estimates
from planner.analysis.sweep import sweep
from planner.errors import InputError, PlanningError
from planner.headings import heading
from planner.recipes import field_words
from planner.scenario_io import dumps_scenario
from planner.ui import charts, fmt, state, worker
from planner.ui.text import t

KPIS = ["profit", "revenue", "gross_margin", "cost", "new_clients", "headcount"]
RESULTS = "sens.results"


def _execution() -> Execution:
    return Execution(workers=1)  # in this process: the app shares the machine


def _keep(kind: str, value: Any) -> None:
    st.session_state.setdefault(RESULTS, {})[kind] = (dumps_scenario(state.scenario()), value)


def _kept(kind: str) -> Any | None:
    yaml_text, value = st.session_state.get(RESULTS, {}).get(kind, (None, None))
    if value is not None and yaml_text != dumps_scenario(state.scenario()):
        st.caption(t("sens.stale"))
    return value


def _progress(bar):
    return lambda done, total: bar.progress(min(1.0, done / max(total, 1)), text=t("sens.progress", done=done, total=total))


def _run(kind: str, compute) -> bool:
    """Run `compute(progress)` under a progress bar and keep its result for `kind`; on a
    planner error show it and return False (the caller stops drawing)."""
    bar = st.progress(0.0)
    try:
        value = compute(_progress(bar))
    except (InputError, PlanningError) as exc:
        _failed(exc)
        return False
    except worker.WorkError as exc:  # past the time limit or the memory bound (planner/ui/worker.py)
        st.error(t("sens.failed") + "\n- " + state.work_problem(exc).message)
        return False
    finally:
        bar.empty()
    _keep(kind, value)
    return True


def _failed(exc: Exception) -> None:
    problems = getattr(exc, "problems", None)
    lines = [f"- {p}" for p in problems] if problems else [f"- {exc}"]
    st.error(t("sens.failed") + "\n" + "\n".join(lines))


def suggested_paths() -> list[str]:
    scen = state.scenario()
    paths = [f"team.managers.{g.id}.hours" for g in scen.team.managers]
    paths += [f"team.managers.{g.id}.count" for g in scen.team.managers if not g.decided]
    paths += [f"team.managers.{g.id}.max_count" for g in scen.team.managers if g.decided]
    paths += ["team.hunters.max_count", "goal.max_cost", "goal.min_new_clients"]
    return paths


def marginal_section() -> None:
    st.subheader(t("sens.marginal"))
    scen = state.scenario()
    targets = [g.id for g in scen.team.managers] + ["hunters"]
    a, b = st.columns([1, 2])
    target = a.selectbox(t("sens.target"), targets, key="sens.marginal_target")
    block = scen.team.hunters if target == "hunters" else next(g for g in scen.team.managers if g.id == target)
    top = max(6, block.upper + 3)
    lo, hi = b.slider(t("sens.counts"), 0, top + 6, (max(0, block.lower - 1), top), key="sens.marginal_counts")
    if st.button(t("sens.run_marginal"), key="sens.run_marginal") and not _run(
        "marginal",
        lambda progress: state.bounded(
            marginal_curve, scen, target, list(range(lo, hi + 1)), base_dir=str(state.base_dir()),
            execution=_execution(), progress=progress,
        ),
    ):
        return
    curve = _kept("marginal")
    if curve is None:
        return
    table = curve.table
    st.altair_chart(
        charts.curve(table.dropna(subset=["profit"]), "count", "profit", t("sens.count_of", target=curve.target), t("plan.kpi.profit")),
        key="sens.marginal_chart",
    )
    if curve.best_count is not None:
        st.markdown(t("sens.best", target=curve.target, best=curve.best_count, low=curve.flat_low, high=curve.flat_high))
    unreachable_note(table)
    shown = [c for c in ("count", "status", "profit", "marginal_profit_per_person", "revenue", "new_clients", "headcount",
                         "message") if c in table.columns]
    fmt.show_table(table[shown], key="sens.marginal_table",
                   column_config={"count": st.column_config.NumberColumn(heading("headcount"), format="localized")})


def unreachable_note(table: pd.DataFrame) -> None:
    """Every point of the curve without a plan, and why (the point's own diagnosis)."""
    missing = table[table["profit"].isna()]
    if not len(missing):
        return
    lines = [f"- {int(c)}: {msg or status}" for c, status, msg in zip(missing["count"], missing["status"], missing["message"])]
    st.warning(t("sens.unreachable", n=len(missing)) + "\n" + "\n".join(lines))


def sweep_section() -> None:
    st.subheader(t("sens.sweep"))
    a, b = st.columns([2, 3])
    path = a.selectbox(t("sens.path"), suggested_paths(), key="sens.path", accept_new_options=True)
    values_text = b.text_input(t("sens.values"), key="sens.values", placeholder="120, 140, 160")
    if st.button(t("sens.run_sweep"), key="sens.run_sweep") and path and values_text and not _run(
        "sweep",
        lambda progress: (path, state.bounded(
            sweep, state.scenario(), {path: parse_values(values_text, path)}, base_dir=str(state.base_dir()),
            execution=_execution(), progress=progress,
        )),
    ):
        return
    result = _kept("sweep")
    if result is None:
        return
    path, table = result
    fmt.show_table(table, key="sens.sweep_table")
    numeric = pd.to_numeric(table[path], errors="coerce")
    if numeric.notna().all() and len(table) > 1:
        kpi = st.selectbox(t("kpi"), KPIS, key="sens.sweep_kpi")
        data = table.assign(**{path: numeric}).dropna(subset=[kpi])
        st.altair_chart(charts.curve(data, path, kpi, path_words(path), t(f"plan.kpi.{kpi}")), key="sens.sweep_chart")


def path_words(path: str) -> str:
    """The swept field in words (display names), the path itself if it no longer resolves."""
    try:
        return field_words(state.scenario(), path) or path
    except InputError:
        return path


def monte_carlo_section() -> None:
    st.subheader(t("sens.mc"))
    prepared, problems = state.prepared()
    if prepared is None:
        st.error("\n".join(str(p) for p in problems))
        return
    if not uncertain_estimates(prepared):
        st.info(t("sens.no_ranges"))
        return
    a, b, c = st.columns(3)
    samples = int(a.number_input(t("sens.samples"), min_value=5, max_value=2000, value=40, step=5, key="sens.samples"))
    seed = int(b.number_input(t("sens.seed"), min_value=0, value=0, step=1, key="sens.seed"))
    reoptimise = c.toggle(t("sens.reoptimise"), value=True, key="sens.reoptimise", help=t("sens.reoptimise_help"))
    if st.button(t("sens.run_mc"), key="sens.run_mc") and not _run(
        "montecarlo",
        lambda progress: state.bounded(
            monte_carlo, state.scenario(), samples=samples, seed=seed, base_dir=str(state.base_dir()),
            reoptimise=reoptimise, execution=_execution(), progress=progress,
        ),
    ):
        return
    result = _kept("montecarlo")
    if result is None:
        return
    st.caption(t("sens.mc_done", n=len(result.samples), seconds=result.seconds))
    column = "optimal_profit" if result.reoptimised else "plan_profit"
    left, right = st.columns(2)
    with left:
        st.altair_chart(
            charts.histogram(result.samples.dropna(subset=[column]), column, t("sens.hist_title")),
            key="sens.mc_hist",
        )
    with right:
        fmt.show_table(result.summary, key="sens.mc_summary", hide_index=False)
        if len(result.targets):
            fmt.show_table(result.targets, key="sens.mc_targets")
    if len(result.tornado):
        st.markdown(t("sens.tornado"))
        fmt.show_table(result.tornado, key="sens.mc_tornado")


def render() -> None:
    st.title(t("sens.title"))
    st.write(t("sens.intro"))
    marginal_section()
    st.divider()
    sweep_section()
    st.divider()
    monte_carlo_section()


if __name__ == "__main__":
    render()
