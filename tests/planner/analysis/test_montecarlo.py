"""Monte Carlo: sampling, zero-width ranges, reproducibility, and identical results on one
process, a process pool and a Dask cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.analysis.evaluate import KPI_NAMES
from planner.analysis.execution import Execution, chunked, run_tasks
from planner.analysis.montecarlo import monte_carlo
from planner.analysis.paths import set_path
from planner.analysis.sampling import (
    UncertainEstimate,
    apply_values,
    draw_samples,
    triangular_quantile,
    uncertain_estimates,
)
from planner.analysis.paths import set_paths
from planner.errors import InputError, PlanningError
from planner.optimise import plan_scenario
from planner.scenario_io import load_scenario
from tests.conftest import FIXTURES

HERE = Execution(workers=1)


@pytest.fixture(scope="module")
def ranged():
    return load_scenario(FIXTURES / "analysis" / "ranged.yaml")


@pytest.fixture(scope="module")
def result_here(ranged):
    return monte_carlo(ranged, samples=8, seed=5, execution=HERE)


# ----- sampling ---------------------------------------------------------------------------------
def test_every_ranged_estimate_is_found_in_file_order(ranged):
    paths = [e.path for e in uncertain_estimates(ranged)]
    assert paths == [
        "segments[key].levels[full].hours_per_client",
        "segments[key].levels[full].revenue_per_client",
        "segments[key].levels[standard].hours_per_client",
        "segments[key].levels[standard].revenue_per_client",
        "segments[growth].unserved_revenue",
        "segments[growth].levels[standard].hours_per_client",
        "segments[growth].levels[standard].revenue_per_client",
        "segments[growth].levels[mailings].revenue_per_client",
        "segments[tail].levels[mailings].revenue_per_client",
        "prospects[smb].pool",
        "prospects[smb].conversion_per_hour",
        "prospects[smb].revenue_per_client",
    ]


def test_triangular_quantile_is_the_inverse_cdf():
    low, mode, high = np.array([1.0]), np.array([2.0]), np.array([5.0])
    # F(mode) = 1/4: u = 1/4 gives the mode, u = 0 the low end, u = 1 the high end
    assert triangular_quantile(np.array([0.25]), low, mode, high) == pytest.approx([2.0])
    assert triangular_quantile(np.array([0.0]), low, mode, high) == pytest.approx([1.0])
    assert triangular_quantile(np.array([1.0]), low, mode, high) == pytest.approx([5.0])
    # u = 1/16 < 1/4: x = 1 + sqrt(1/16 * 4 * 1) = 1.5
    assert triangular_quantile(np.array([1 / 16]), low, mode, high) == pytest.approx([1.5])
    point = triangular_quantile(np.array([0.3]), np.array([3.0]), np.array([3.0]), np.array([3.0]))
    assert point.tolist() == [3.0]


def test_samples_follow_the_triangle():
    estimates = [UncertainEstimate("a", 1, 2, 5), UncertainEstimate("b", 0, 0, 1), UncertainEstimate("c", 4, 4, 4)]
    table = draw_samples(estimates, 4000, seed=11)
    assert table["a"].between(1, 5).all() and table["b"].between(0, 1).all() and (table["c"] == 4).all()
    assert table["a"].mean() == pytest.approx((1 + 2 + 5) / 3, abs=0.05)  # mean of a triangle
    assert table["b"].mean() == pytest.approx(1 / 3, abs=0.02)
    assert (table["a"] <= 2).mean() == pytest.approx(0.25, abs=0.03)  # F(mode) = 1/4


def test_sample_i_depends_only_on_the_seed_and_i():
    estimates = [UncertainEstimate("a", 1, 2, 5), UncertainEstimate("b", 0, 0, 1)]
    few, many = draw_samples(estimates, 5, seed=3), draw_samples(estimates, 50, seed=3)
    pd.testing.assert_frame_equal(few, many.iloc[:5])
    assert not draw_samples(estimates, 5, seed=4).equals(few)


def test_applying_a_sample_equals_setting_each_path(ranged):
    sample = draw_samples(uncertain_estimates(ranged), 1, seed=1).iloc[0].to_dict()
    fast = apply_values(ranged, sample)
    assert fast == set_paths(ranged, sample)
    assert uncertain_estimates(fast) == []  # every estimate is now a plain number


# ----- the Monte Carlo itself -------------------------------------------------------------------
def test_zero_width_ranges_give_the_nominal_plan_in_every_sample():
    scenario = load_scenario(FIXTURES / "analysis" / "zero_width.yaml")
    nominal = plan_scenario(scenario, details=False)
    result = monte_carlo(scenario, samples=6, seed=1, execution=HERE)
    assert len(result.estimates) == 7
    samples = result.samples
    assert (samples["status"] == "optimal").all()
    for kpi in KPI_NAMES:
        if kpi != "manager_hours_used":  # not computed for re-optimised samples (no routing LP)
            assert samples[f"optimal_{kpi}"].to_numpy() == pytest.approx(nominal.kpis[kpi], rel=1e-9, abs=1e-9)
        assert samples[f"plan_{kpi}"].to_numpy() == pytest.approx(nominal.kpis[kpi], rel=1e-12, abs=1e-9)
    assert samples["optimal_manager_hours_used"].isna().all()
    assert samples["regret"].to_numpy() == pytest.approx(0.0, abs=1e-6)
    row = result.summary.loc["plan_profit"]
    assert (row["p10"], row["p50"], row["p90"]) == pytest.approx((nominal.kpis["profit"],) * 3, rel=1e-12)
    assert len(result.tornado) == 0  # nothing to swing


def test_monte_carlo_tables(ranged, result_here):
    result = result_here
    samples = result.samples
    assert len(samples) == 8 and samples.index.name == "sample"
    assert (samples["status"] == "optimal").all()
    # regret = optimal - plan profit, and a re-optimised plan is never worse than the fixed plan
    # here: the fixed plan meets every limit (scaled down when overloaded) and the targets hold
    assert samples["regret"].to_numpy() == pytest.approx(
        (samples["optimal_profit"] - samples["plan_profit"]).to_numpy())
    assert (samples["regret"] >= -1e-6).all()
    summary = result.summary
    profits = samples["optimal_profit"].to_numpy()
    assert summary.loc["optimal_profit", "p50"] == pytest.approx(np.percentile(profits, 50))
    assert summary.loc["optimal_profit", "p10"] <= summary.loc["optimal_profit", "p50"] <= summary.loc["optimal_profit", "p90"]
    assert summary.loc["optimal_profit", "count"] == 8
    # targets: min_new_clients 5 and max_cost 60,000 of the fixture
    targets = result.targets.set_index("target")
    assert list(targets.index) == ["min_new_clients", "max_cost"]
    missed = (samples["plan_new_clients"] < 5 - 1e-6).mean()
    assert targets.loc["min_new_clients", "plan_missed"] == pytest.approx(missed)
    assert targets.loc["min_new_clients", "reoptimised_missed"] == 0.0


def test_tornado_swings_are_one_at_a_time_solves(ranged, result_here):
    tornado = result_here.tornado
    assert len(tornado) == 12  # every estimate of the fixture has width
    assert (tornado["swing"].diff().dropna() <= 1e-9).all()  # sorted by swing
    row = tornado.set_index("estimate").loc["segments[growth].levels[standard].revenue_per_client"]
    low = plan_scenario(set_path(ranged, "segments[growth].levels[standard].revenue_per_client", 7000.0), details=False)
    high = plan_scenario(set_path(ranged, "segments[growth].levels[standard].revenue_per_client", 10000.0), details=False)
    assert row["optimal_low"] == pytest.approx(low.kpis["profit"], rel=1e-9)
    assert row["optimal_high"] == pytest.approx(high.kpis["profit"], rel=1e-9)
    assert row["swing"] == pytest.approx(abs(high.kpis["profit"] - low.kpis["profit"]), rel=1e-9)
    # all 120 growth clients are served at standard: the plan's swing is 120 x 0.3 x 3,000
    assert row["plan_swing"] == pytest.approx(120 * 0.3 * 3000, rel=1e-9)
    assert -1 <= row["correlation"] <= 1


def test_the_same_seed_reproduces_and_another_seed_differs(ranged, result_here):
    again = monte_carlo(ranged, samples=8, seed=5, execution=HERE)
    pd.testing.assert_frame_equal(again.samples, result_here.samples)
    pd.testing.assert_frame_equal(again.tornado, result_here.tornado)
    other = monte_carlo(ranged, samples=8, seed=6, execution=HERE, tornado=False)
    assert not np.allclose(other.samples["optimal_profit"], result_here.samples["optimal_profit"])
    assert len(other.tornado) == 0 and other.solves == 8


def test_the_process_pool_gives_identical_results(ranged, result_here):
    pooled = monte_carlo(ranged, samples=8, seed=5, execution=Execution(workers=2, chunk_size=5))
    pd.testing.assert_frame_equal(pooled.samples, result_here.samples)
    pd.testing.assert_frame_equal(pooled.tornado, result_here.tornado)
    pd.testing.assert_frame_equal(pooled.summary, result_here.summary)


def test_the_dask_cluster_gives_identical_results(ranged, result_here):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        seen = []
        on_dask = monte_carlo(ranged, samples=8, seed=5, execution=Execution(scheduler=cluster.scheduler_address),
                              progress=lambda done, total: seen.append((done, total)))
    pd.testing.assert_frame_equal(on_dask.samples, result_here.samples)
    pd.testing.assert_frame_equal(on_dask.tornado, result_here.tornado)
    assert on_dask.execution.startswith("dask")
    assert seen[0] == (0, 32) and seen[-1] == (32, 32)


def test_without_reoptimisation_only_the_plan_is_evaluated(ranged, result_here):
    quick = monte_carlo(ranged, samples=8, seed=5, reoptimise=False, execution=HERE)
    assert quick.solves == 0 and "regret" not in quick.samples
    pd.testing.assert_series_equal(quick.samples["plan_profit"], result_here.samples["plan_profit"])
    assert quick.tornado["plan_swing"].tolist() == pytest.approx(
        sorted(result_here.tornado["plan_swing"], reverse=True))


def test_bad_sample_counts_and_plan_less_scenarios(ranged):
    with pytest.raises(InputError):
        monte_carlo(ranged, samples=0, execution=HERE)
    impossible = set_path(ranged, "goal.min_new_clients", 500)
    with pytest.raises(PlanningError):
        monte_carlo(impossible, samples=2, execution=HERE)


# ----- execution ----------------------------------------------------------------------------------
def _square_plus(context, item):
    return item * item + context


def test_run_tasks_keeps_item_order_and_reports_progress():
    seen = []
    items = list(range(23))
    out = run_tasks(_square_plus, 1, items, execution=Execution(workers=1, chunk_size=4),
                    progress=lambda d, t: seen.append((d, t)))
    assert out == [i * i + 1 for i in items]
    assert seen == [(0, 23), (4, 23), (8, 23), (12, 23), (16, 23), (20, 23), (23, 23)]
    assert [len(c) for c in chunked(items, 2)] == [3, 3, 3, 3, 3, 3, 3, 2]
    with pytest.raises(InputError):
        run_tasks(_square_plus, 1, items, execution=Execution(workers=0))


def test_histogram_counts_every_sample_once(result_here):
    from planner.analysis.montecarlo import histogram

    table = histogram(result_here, "profit", bins=5)
    assert list(table.columns) == ["bin_low", "bin_high", "bin_mid", "optimal", "plan"]
    assert table["optimal"].sum() == 8 and table["plan"].sum() == 8
    assert table["bin_low"].iloc[0] == min(result_here.samples["optimal_profit"].min(), result_here.samples["plan_profit"].min())


def test_triangular_quantile_is_monotone_and_bounded():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    finite = st.floats(-1e6, 1e6, allow_nan=False)

    @settings(max_examples=60, deadline=None)
    @given(finite, finite, finite, st.lists(st.floats(0, 1), min_size=2, max_size=8))
    def check(a, b, c, us):
        low, mode, high = sorted((a, b, c))
        u = np.sort(np.array(us))
        x = triangular_quantile(u, np.full(len(u), low), np.full(len(u), mode), np.full(len(u), high))
        span = max(1.0, abs(low), abs(high)) * 1e-9
        assert (x >= low - span).all() and (x <= high + span).all()
        assert (np.diff(x) >= -span).all()

    check()
