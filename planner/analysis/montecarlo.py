"""Monte Carlo over the uncertain estimates: how good is the plan if the guesses are off?

For `samples` draws of every `{low, likely, high}` estimate (triangular; see `sampling.py`):

(a) **re-optimise** each sample: the distribution of the best achievable KPIs
    (`optimal_profit`, ...), as if the estimates were known in advance;
(b) **evaluate the nominal plan** (the optimum at the `likely` values) under each sample, by the
    rules of `evaluate.py`: the distribution of what the plan really earns (`plan_profit`, ...)
    and its **regret** = optimal - plan value of the goal's KPI (profit, or revenue / new
    clients for those objectives): what knowing the truth would have been worth. (With segment
    or prospect weights other than 1 the optimiser maximises the *weighted* objective, so the
    regret on the unweighted KPI can be negative; so can it when the scaled-down fixed plan
    breaks a coverage limit the re-optimised plan must keep.)

Reported: P10/P50/P90 (and mean, min, max) of each, the chance each goal target is missed (by
the nominal plan: its KPI falls short; by re-optimising: no plan meets the targets), and a
**tornado table** of which estimates move the profit most:

- `swing`: one at a time, the estimate at its `low` and at its `high` with every other estimate
  at `likely`; the re-optimised profit at each end, and `swing = |high - low|` (2 solves per
  estimate); `plan_low/plan_high/plan_swing` do the same for the nominal plan;
- `correlation`: Spearman rank correlation of the estimate's sampled values with the sampled
  optimal profit (joint variation, free from the samples).
Rows are sorted by `swing` (by `plan_swing` without re-optimisation).

Reproducible: sample i's values depend only on (seed, i) (`SeedSequence.spawn`), every solve is
deterministic, and results are put back in sample order, so the result is the same for any
worker count and for the process pool or Dask.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario
from planner.solve import SolveStatus
from planner.analysis.evaluate import KPI_NAMES, FixedPlan, evaluate_fixed_plan
from planner.jsonable import jsonable, records
from planner.analysis.execution import Execution, ProgressCallback, run_tasks
from planner.analysis.sampling import (
    UncertainEstimate,
    apply_values,
    draw_samples,
    estimates_table,
    uncertain_estimates,
)
from planner.analysis.solving import (
    OBJECTIVE_KPI,
    SolveOptions,
    detached_scenario,
    fixed_plan_of,
    optimise_row,
    solve_plan,
)
from planner.errors import InputError, PlanningError, Problem
from planner.i18n import N_, catalogue

TEXT = catalogue({
    "samples": N_("must be a whole number >= 1, got {value}"),
    "seed": N_("must be a whole number >= 0, got {value}"),
    "no_plan": N_("the nominal scenario has no plan ({status}), so there is nothing to evaluate: {message}"),
})

# Targets of the goal: (field, KPI, direction); a min target is missed below, a max above.
TARGETS = (
    ("min_profit", "profit", "min"),
    ("min_revenue", "revenue", "min"),
    ("min_new_clients", "new_clients", "min"),
    ("max_cost", "cost", "max"),
)
TARGET_TOLERANCE = 1e-6
SUMMARY_KPIS = ("profit", "revenue", "gross_margin", "cost", "new_clients", "headcount")
PLAN_EXTRA = ("overload_hours", "lost_clients")


@dataclass(frozen=True)
class MonteCarloResult:
    """Everything a Monte Carlo run found, as labelled tables ready to chart.

    estimates  estimate, low, likely, high (the sampled ranges)
    samples    index sample: one column per estimate (the drawn value), status,
               optimal_<kpi> (re-optimised; optimal_manager_hours_used is NaN: splitting
               pooled clients to groups is skipped for speed), plan_<kpi> (nominal plan),
               plan_overload_hours, plan_lost_clients, regret
    summary    index metric (optimal_profit, plan_profit, regret, ...): mean, std, p10, p50,
               p90, min, max, count
    targets    target, kpi, value, plan_missed, reoptimised_missed (shares of samples)
    tornado    estimate, low, high, optimal_low, optimal_high, swing, plan_low, plan_high,
               plan_swing, correlation
    nominal    the nominal plan's KPIs
    """

    estimates: pd.DataFrame
    samples: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    tornado: pd.DataFrame
    nominal: dict[str, float]
    seed: int
    regret_kpi: str
    reoptimised: bool
    solves: int
    seconds: float
    execution: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self, include_samples: bool = False) -> dict[str, Any]:
        """The result as plain data (the `planner montecarlo --json` object)."""
        out: dict[str, Any] = {
            "samples": int(len(self.samples)),
            "seed": self.seed,
            "reoptimised": self.reoptimised,
            "regret_kpi": self.regret_kpi,
            "solves": self.solves,
            "seconds": round(self.seconds, 3),
            "execution": self.execution,
            "nominal": {k: jsonable(v) for k, v in self.nominal.items()},
            "estimates": records(self.estimates),
            "summary": {metric: {k: jsonable(v) for k, v in row.items()} for metric, row in self.summary.iterrows()},
            "targets": records(self.targets),
            "tornado": records(self.tornado),
            "status_counts": {str(k): int(v) for k, v in self.samples["status"].value_counts().items()},
        }
        if include_samples:
            out["sample_rows"] = records(self.samples.reset_index())
        return out


@dataclass(frozen=True)
class _Context:
    """What every task shares (sent once per worker)."""

    scenario: Scenario
    paths: tuple[str, ...]
    plan: FixedPlan
    options: SolveOptions
    reoptimise: bool


def _sample_task(context: _Context, values: tuple[float, ...]) -> dict[str, Any]:
    """One sample: re-optimise it (unless disabled) and evaluate the nominal plan under it."""
    mapping = dict(zip(context.paths, values))
    row: dict[str, Any] = {}
    if context.reoptimise:
        solved = optimise_row(apply_values(context.scenario, mapping), context.options, hours=False)
        row["status"] = solved["status"]
        for kpi in KPI_NAMES:
            row[f"optimal_{kpi}"] = solved[kpi]
    else:
        row["status"] = "not_solved"
    evaluated = evaluate_fixed_plan(context.scenario, context.plan, mapping)
    for kpi in (*KPI_NAMES, *PLAN_EXTRA):
        row[f"plan_{kpi}"] = evaluated[kpi]
    return row


def monte_carlo(
    scenario: Scenario,
    *,
    samples: int,
    seed: int = 0,
    base_dir: str | None = None,
    reoptimise: bool = True,
    tornado: bool = True,
    options: SolveOptions | None = None,
    execution: Execution | None = None,
    progress: ProgressCallback | None = None,
) -> MonteCarloResult:
    """Run the Monte Carlo of the module docstring on a loaded scenario.

    Raises InputError for a bad scenario or sample count, PlanningError if the nominal scenario
    has no plan (there is no plan to evaluate)."""
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise InputError(Problem("--samples", TEXT["samples"].format(value=samples)))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(Problem("--seed", TEXT["seed"].format(value=seed)))
    started = time.perf_counter()
    options = (options or SolveOptions()).with_base_dir(base_dir)
    timings: dict[str, float] = {}
    prepared = detached_scenario(scenario, options.base_dir)
    nominal_plan = solve_plan(prepared, options)
    if not nominal_plan.ok:
        raise PlanningError(
            TEXT["no_plan"].format(status=nominal_plan.status, message=nominal_plan.message), nominal_plan
        )
    plan = fixed_plan_of(nominal_plan)
    timings["nominal"] = time.perf_counter() - started

    estimates = uncertain_estimates(prepared)
    paths = tuple(e.path for e in estimates)
    drawn = draw_samples(estimates, samples, seed)
    items: list[tuple[float, ...]] = [tuple(map(float, row)) for row in drawn.to_numpy()]
    swung = [e for e in estimates if e.width > 0] if tornado else []
    likely_vector = [e.likely for e in estimates]
    for e in swung:
        k = paths.index(e.path)
        for end in (e.low, e.high):
            vector = list(likely_vector)
            vector[k] = end
            items.append(tuple(vector))

    context = _Context(prepared, paths, plan, options, reoptimise)
    execution = execution or Execution()
    if not reoptimise:
        # Evaluating a fixed plan takes about 0.1 ms: shipping it to workers costs more.
        execution = Execution(workers=1)
    t0 = time.perf_counter()
    rows = run_tasks(_sample_task, context, items, execution=execution, progress=progress)
    timings["tasks"] = time.perf_counter() - t0

    sample_rows = pd.DataFrame(rows[:samples], index=drawn.index)
    table = pd.concat([drawn, sample_rows], axis=1)
    regret_kpi = OBJECTIVE_KPI[prepared.goal.objective]
    if reoptimise:
        table["regret"] = table[f"optimal_{regret_kpi}"] - table[f"plan_{regret_kpi}"]
    swing_rows = rows[samples:]
    result = MonteCarloResult(
        estimates=estimates_table(estimates),
        samples=table,
        summary=summarise(table, reoptimise),
        targets=target_misses(prepared, table, reoptimise),
        tornado=tornado_table(swung, swing_rows, table, reoptimise),
        nominal=dict(nominal_plan.kpis),
        seed=seed,
        regret_kpi=regret_kpi,
        reoptimised=reoptimise,
        solves=len(items) if reoptimise else 0,
        seconds=time.perf_counter() - started,
        execution=execution.describe(),
        timings=timings,
    )
    return result


def summarise(samples: pd.DataFrame, reoptimise: bool) -> pd.DataFrame:
    """Mean, std, P10, P50, P90, min, max and count (non-missing) of the main metrics."""
    metrics = []
    for kpi in SUMMARY_KPIS:
        if reoptimise:
            metrics.append(f"optimal_{kpi}")
        metrics.append(f"plan_{kpi}")
    if reoptimise:
        metrics.append("regret")
    metrics += [f"plan_{x}" for x in PLAN_EXTRA]
    rows = []
    for metric in metrics:
        values = samples[metric].to_numpy(float)
        values = values[~np.isnan(values)]
        if len(values):
            p10, p50, p90 = np.percentile(values, [10, 50, 90])
            rows.append((metric, values.mean(), values.std(ddof=1) if len(values) > 1 else 0.0, p10, p50, p90,
                         values.min(), values.max(), len(values)))
        else:
            rows.append((metric, *([math.nan] * 7), 0))
    return pd.DataFrame(rows, columns=["metric", "mean", "std", "p10", "p50", "p90", "min", "max", "count"]).set_index("metric")


def target_misses(scenario: Scenario, samples: pd.DataFrame, reoptimise: bool) -> pd.DataFrame:
    """For each target of the goal: the share of samples where the nominal plan misses it, and
    where no re-optimised plan meets the targets (status infeasible)."""
    rows = []
    n = len(samples)
    for name, kpi, direction in TARGETS:
        target = getattr(scenario.goal, name)
        if target is None:
            continue
        tol = TARGET_TOLERANCE * max(1.0, abs(float(target)))
        values = samples[f"plan_{kpi}"].to_numpy(float)
        missed = values < target - tol if direction == "min" else values > target + tol
        reopt = math.nan
        if reoptimise:
            reopt = float((samples["status"] == SolveStatus.INFEASIBLE).sum()) / n
        rows.append((name, kpi, float(target), float(missed.sum()) / n, reopt))
    return pd.DataFrame(rows, columns=["target", "kpi", "value", "plan_missed", "reoptimised_missed"])


def tornado_table(
    swung: list[UncertainEstimate], rows: list[dict[str, Any]], samples: pd.DataFrame, reoptimise: bool
) -> pd.DataFrame:
    """One row per ranged estimate: profit at its low and high end (others at likely), swing,
    and the rank correlation of its sampled values with the optimal (or plan) profit."""
    columns = ["estimate", "low", "high", "optimal_low", "optimal_high", "swing",
               "plan_low", "plan_high", "plan_swing", "correlation"]
    target = "optimal_profit" if reoptimise else "plan_profit"
    out = []
    for k, e in enumerate(swung):
        at_low, at_high = rows[2 * k], rows[2 * k + 1]
        opt_low = at_low.get("optimal_profit", math.nan)
        opt_high = at_high.get("optimal_profit", math.nan)
        plan_low, plan_high = at_low["plan_profit"], at_high["plan_profit"]
        correlation = math.nan
        if len(samples) > 2:
            pair = samples[[e.path, target]].dropna()
            if pair[e.path].nunique() > 1 and pair[target].nunique() > 1:
                correlation = float(pair[e.path].rank().corr(pair[target].rank()))
        out.append((e.path, e.low, e.high, opt_low, opt_high, abs(opt_high - opt_low),
                    plan_low, plan_high, abs(plan_high - plan_low), correlation))
    table = pd.DataFrame(out, columns=columns)
    key = "swing" if reoptimise else "plan_swing"
    return table.sort_values([key, "estimate"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def histogram(result: MonteCarloResult, kpi: str = "profit", bins: int = 30) -> pd.DataFrame:
    """Counts of the sampled `optimal_<kpi>` and `plan_<kpi>` over shared bins, for a chart:
    bin_low, bin_high, bin_mid, optimal, plan (`optimal` is absent without re-optimisation)."""
    columns = [c for c in (f"optimal_{kpi}", f"plan_{kpi}") if c in result.samples]
    values = np.concatenate([result.samples[c].to_numpy(float) for c in columns])
    values = values[~np.isnan(values)]
    if not len(values):
        return pd.DataFrame(columns=["bin_low", "bin_high", "bin_mid", *[c.split("_")[0] for c in columns]])
    low, high = float(values.min()), float(values.max())
    if high <= low:  # every sample equal: one bin around the value
        low, high = low - 0.5 * max(1.0, abs(low) * 1e-6), high + 0.5 * max(1.0, abs(high) * 1e-6)
    edges = np.linspace(low, high, bins + 1)
    table = pd.DataFrame({"bin_low": edges[:-1], "bin_high": edges[1:], "bin_mid": (edges[:-1] + edges[1:]) / 2})
    for column in columns:
        data = result.samples[column].to_numpy(float)
        table[column.split("_")[0]] = np.histogram(data[~np.isnan(data)], bins=edges)[0]
    return table


__all__ = ["MonteCarloResult", "histogram", "monte_carlo", "summarise", "target_misses", "tornado_table"]
