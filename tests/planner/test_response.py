"""Response curves: the ADBUDG fit, the generated levels, the schema rules and the pipeline."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Scenario, model_json_schema
from models.response import Response
from planner.errors import InputError
from planner.prepare import prepare_scenario
from planner.response import (
    CurveShape,
    expand_responses,
    fit_curve,
    fit_response,
    response_chart_data,
    scenario_fits,
    segment_chart_data,
)
from planner.scenario_io import dumps_scenario, load_scenario, loads_scenario
from tests.conftest import SCENARIOS

SHIPPED = SCENARIOS / "response-curves.yaml"


def known_multiples(a0: float, s: float, c: float) -> tuple[float, float, float]:
    """(at_half, at_one_and_half, k / h_now) of the ADBUDG curve with r0 = a0, rmax = s, shape c
    through today's point (1, 1): u(x) = x^c p / (1 - p), p = (1 - a0) / (s - a0)."""
    p = (1 - a0) / (s - a0)
    ratio = p / (1 - p)

    def f(x: float) -> float:
        u = x**c * ratio
        return a0 + (s - a0) * u / (1 + u)

    return f(0.5), f(1.5), ratio ** (-1 / c)


def response(**kw) -> Response:
    base = dict(current_hours_per_client=2.0, revenue_per_client=20000.0, at_zero=0.5, at_half=0.94,
                at_one_and_half=1.04, saturation=1.1)
    return Response(**{**base, **kw})


def scenario_text(segment_extra: str, more: str = "") -> str:
    return f"""
schema_version: 1
name: t
segments:
  - id: s
    clients: 100
    margin: 0.3
{segment_extra}
team: {{managers: [{{id: m, hours: 150}}]}}
{more}
"""


def check_levels(fit, min_hours: float | None = None) -> None:
    """The invariants of generated levels, recomputed from the fit's tables and curve."""
    lv = fit.levels
    on = lv[lv["on_envelope"]]
    hours = on["hours_per_client"].to_numpy()
    revenue = on["revenue_per_client"].to_numpy()
    assert np.all(np.diff(hours) > 0)
    # every breakpoint is a real effort level: on the fitted curve itself
    np.testing.assert_allclose(revenue, fit.curve.revenue(hours), rtol=1e-12)
    # concave: the extra revenue of each hour falls from one level to the next, from no contact
    slopes = np.diff(np.concatenate([[fit.curve.r0], revenue])) / np.diff(np.concatenate([[0.0], hours]))
    np.testing.assert_allclose(on["extra_revenue_per_hour"].to_numpy(), slopes, rtol=1e-9)
    assert np.all(np.diff(slopes) < 0)
    assert hours[-1] == pytest.approx(fit.max_hours, rel=1e-12)
    # never above the envelope; within tolerance of it from the minimum contact (if any) up
    grid = np.linspace(0.0, fit.max_hours, 40001)
    gap = fit.envelope(grid) - fit.approximation(grid)
    assert gap.min() >= -1e-9 * fit.current_revenue
    checked = grid >= (min_hours or 0.0)
    assert gap[checked].max() <= fit.tolerance * (1 + 1e-7)
    assert fit.max_error <= fit.tolerance
    # the envelope is at or above the curve, and equals it past the tangent point
    assert np.all(fit.envelope(grid) >= fit.curve.revenue(grid) - 1e-9 * fit.current_revenue)
    past = grid >= fit.envelope_hours
    np.testing.assert_allclose(fit.envelope(grid[past]), fit.curve.revenue(grid[past]), rtol=1e-12)
    # today's effort is a level and earns today's revenue
    today = lv[lv["today"]]
    assert len(today) == 1
    assert today["hours_per_client"].iloc[0] == pytest.approx(fit.current_hours, rel=1e-12)
    assert today["revenue_per_client"].iloc[0] == pytest.approx(fit.current_revenue, rel=1e-9)
    assert list(lv["level"]) == [f"curve-{k}" for k in range(1, len(lv) + 1)]


# ----- the fit ------------------------------------------------------------------------------
@pytest.mark.parametrize("c", [0.6, 1.0, 1.8, 3.0])
def test_fit_recovers_the_parameters_of_a_known_curve(c):
    a0, s, h_now, revenue = 0.4, 1.3, 3.0, 15000.0
    half, one_and_half, k_ratio = known_multiples(a0, s, c)
    r = response(current_hours_per_client=h_now, revenue_per_client=revenue, at_zero=a0, at_half=half,
                 at_one_and_half=one_and_half, saturation=s)
    curve = fit_curve(r, revenue)
    assert curve.c == pytest.approx(c, rel=1e-7)
    assert curve.half_hours == pytest.approx(k_ratio * h_now, rel=1e-7)
    assert curve.d == pytest.approx((k_ratio * h_now) ** c, rel=1e-6)
    assert curve.r0 == pytest.approx(a0 * revenue)
    assert curve.rmax == pytest.approx(s * revenue)
    fit = fit_response(r, None, "s")
    np.testing.assert_allclose(fit.judged["error"].to_numpy(), 0.0, atol=1e-6 * revenue)
    assert fit.shape is (CurveShape.S_SHAPED if c > 1 else CurveShape.CONCAVE)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a0=st.floats(0.0, 0.8),
    gain=st.floats(0.05, 1.5),
    c=st.floats(0.4, 4.0),
    h_now=st.floats(0.5, 20.0),
)
def test_fit_recovers_random_known_curves(a0, gain, c, h_now):
    s = 1 + gain
    half, one_and_half, k_ratio = known_multiples(a0, s, c)
    r = response(current_hours_per_client=h_now, at_zero=a0, at_half=half, at_one_and_half=one_and_half,
                 saturation=s)
    curve = fit_curve(r, 20000.0)
    assert curve.c == pytest.approx(c, rel=1e-5)
    assert curve.half_hours == pytest.approx(k_ratio * h_now, rel=1e-5)
    assert curve.revenue(h_now) == pytest.approx(20000.0, rel=1e-12)


def test_inconsistent_judgments_are_fitted_by_least_squares_and_today_is_held():
    # CALLPLAN's usual answers: no ADBUDG curve passes through all of them.
    fit = fit_response(response(at_zero=0.6, at_half=0.85, at_one_and_half=1.1, saturation=1.2), None, "s")
    judged = fit.judged.set_index("judgment")
    assert judged.loc["today", "error"] == pytest.approx(0.0, abs=1e-8)
    assert judged.loc["at_zero", "fitted_revenue"] == pytest.approx(12000.0)
    assert judged.loc["saturation", "fitted_revenue"] == pytest.approx(24000.0)
    # the least-squares optimum: no nearby shape fits the two judged points better
    x = np.array([0.5, 1.5])
    y = np.array([0.85, 1.1])

    def sse(c: float) -> float:
        p = 0.4 / 0.6
        u = x**c * p / (1 - p)
        return float((((0.6 + 0.6 * u / (1 + u)) - y) ** 2).sum())

    best = fit.curve.c
    assert sse(best) <= min(sse(best * 0.999), sse(best * 1.001))
    assert (judged.loc[["at_half", "at_one_and_half"], "error_share"].abs() < 0.03).all()


def test_one_judged_point_is_enough_and_is_met_exactly():
    fit = fit_response(response(at_half=None, at_one_and_half=1.06), None, "s")
    judged = fit.judged.set_index("judgment")
    assert "at_half" not in judged.index
    assert judged.loc["at_one_and_half", "error"] == pytest.approx(0.0, abs=1e-6)


# ----- the levels ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kw",
    [
        dict(),  # concave, c ~ 0.91
        dict(at_half=0.95, at_one_and_half=1.03, min_hours_per_client=0.25),  # c < 1 with a minimum
        dict(at_zero=0.6, at_half=0.85, at_one_and_half=1.1, saturation=1.2),  # mildly S-shaped
        dict(at_zero=0.3, at_half=0.55, at_one_and_half=1.25, saturation=1.4, current_hours_per_client=4),
        dict(at_zero=0.3, at_half=0.45, at_one_and_half=1.35, saturation=1.5, current_hours_per_client=4),
        dict(tolerance=0.001, cost_per_contact_hour=300),
    ],
)
def test_levels_are_concave_on_the_curve_and_within_tolerance(kw):
    check_levels(fit_response(response(**kw), None, "s"), kw.get("min_hours_per_client"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a0=st.floats(0.0, 0.8),
    lo=st.floats(0.02, 0.98),
    hi=st.floats(0.02, 0.98),
    gain=st.floats(0.02, 2.0),
    tolerance=st.sampled_from([0.002, 0.01, 0.05]),
)
def test_levels_of_random_judgments_are_concave_and_within_tolerance(a0, lo, hi, gain, tolerance):
    s = 1 + gain
    r = response(at_zero=a0, at_half=a0 + lo * (1 - a0), at_one_and_half=1 + hi * gain, saturation=s,
                 tolerance=tolerance)
    try:
        fit = fit_response(r, None, "s")
    except InputError as err:
        # judgments that put nearly all the gain into the first minutes of contact (small c)
        # need a minimum contact; the error says so, and with one the levels are fine
        (problem,) = err.problems
        assert problem.path == "response.min_hours_per_client"
        assert fit_curve(r, 20000.0).c < 0.5
        r = r.model_copy(update={"min_hours_per_client": 0.2})
        fit = fit_response(r, None, "s")
        check_levels(fit, 0.2)
        return
    check_levels(fit)


def test_s_shaped_curve_uses_its_concave_envelope_and_says_so():
    fit = fit_response(response(at_zero=0.3, at_half=0.45, at_one_and_half=1.35, saturation=1.5,
                                current_hours_per_client=4), None, "s")
    assert fit.shape is CurveShape.S_SHAPED and fit.curve.c > 1
    t = fit.envelope_hours
    assert fit.curve.inflection_hours < t < fit.max_hours
    # the chord from no contact touches the curve at t: its slope is the curve's slope there
    assert (fit.curve.revenue(t) - fit.curve.r0) / t == pytest.approx(fit.curve.marginal(t), rel=1e-8)
    on = fit.levels[fit.levels["on_envelope"]]
    assert on["hours_per_client"].iloc[0] == pytest.approx(t, rel=1e-12)
    assert "concave envelope" in on["name"].iloc[0]
    assert any("S-shaped" in n and "concave envelope" in n for n in fit.notes)
    # today's 4 h lies in the convex part: kept as a level below the envelope, for the baseline
    below = fit.levels[~fit.levels["on_envelope"]]
    assert list(below["hours_per_client"]) == [4.0] and bool(below["today"].iloc[0])
    assert below["revenue_per_client"].iloc[0] < float(fit.envelope(4.0))
    assert any("convex part" in n for n in fit.notes)


def test_min_hours_keeps_levels_at_a_real_contact_and_the_note_gives_the_gap():
    plain = fit_response(response(at_half=0.95, at_one_and_half=1.03), None, "s")
    assert plain.levels["hours_per_client"].iloc[0] < 0.05  # c < 1: steep at zero hours
    fit = fit_response(response(at_half=0.95, at_one_and_half=1.03, min_hours_per_client=0.25), None, "s")
    assert fit.levels["hours_per_client"].iloc[0] == 0.25
    assert len(fit.levels) < len(plain.levels)
    gap = max(float(fit.envelope(h) - fit.approximation(h)) for h in np.linspace(0, 0.25, 2001))
    assert any(f"{gap:,.2f}" in n for n in fit.notes)


def test_smaller_tolerance_gives_more_levels_and_a_smaller_error():
    fits = [fit_response(response(tolerance=t), None, "s") for t in (0.05, 0.01, 0.002)]
    counts = [len(f.levels) for f in fits]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    for f, t in zip(fits, (0.05, 0.01, 0.002)):
        assert f.max_error <= t * 20000.0


def test_cost_per_contact_hour_becomes_each_levels_cost():
    fit = fit_response(response(cost_per_contact_hour=400), None, "s")
    np.testing.assert_allclose(fit.levels["cost_per_client"], 400 * fit.levels["hours_per_client"])
    levels = fit.to_levels()
    assert [lv.cost_per_client for lv in levels] == pytest.approx(list(fit.levels["cost_per_client"]))
    assert all(not lv.automated for lv in levels)


def test_max_hours_sets_the_richest_level():
    fit = fit_response(response(max_hours_per_client=3.0), None, "s")
    assert fit.levels["hours_per_client"].iloc[-1] == 3.0
    assert fit_response(response(), None, "s").levels["hours_per_client"].iloc[-1] == 4.0  # 2 x today


# ----- schema rules -------------------------------------------------------------------------
RESPONSE = (
    "    response: {current_hours_per_client: 2, revenue_per_client: 100, at_zero: 0.6, at_half: 0.85, "
    "at_one_and_half: 1.1, saturation: 1.2%s}"
)


def block(extra: str = "", **replace: str) -> str:
    """The response block above, with `key: value` replacements and extra fields."""
    text = RESPONSE % extra
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def problems_of(text: str) -> dict[str, str]:
    with pytest.raises(InputError) as err:
        loads_scenario(text)
    return {p.path: p.message for p in err.value.problems}


@pytest.mark.parametrize(
    "extra, path, words",
    [
        (block(**{"saturation: 1.2": "saturation: 0.95"}), "segments[0].response.saturation", "above 1"),
        (block(**{"at_zero: 0.6": "at_zero: 1.0"}), "segments[0].response.at_zero", "below 1"),
        (block(**{"at_half: 0.85": "at_half: 0.5"}), "segments[0].response.at_half", "above at_zero"),
        (block(**{"at_half: 0.85": "at_half: 1.05"}), "segments[0].response.at_half", "below 1"),
        (block(**{"at_one_and_half: 1.1": "at_one_and_half: 0.97"}), "segments[0].response.at_one_and_half", "above 1"),
        (block(**{"at_one_and_half: 1.1": "at_one_and_half: 1.3"}), "segments[0].response.at_one_and_half", "below saturation"),
        (block(**{"at_half: 0.85, at_one_and_half: 1.1, ": ""}), "segments[0].response.at_half", "at_half or at_one_and_half"),
        (block(", max_hours_per_client: 1.5"), "segments[0].response.max_hours_per_client", "above current"),
        (block(", min_hours_per_client: 2"), "segments[0].response.min_hours_per_client", "below current"),
        (block(", tolerance: 0"), "segments[0].response.tolerance", "> 0"),
        (block(", spread: 3"), "segments[0].response.spread", "unknown key"),
        (block(**{"current_hours_per_client: 2": "current_hours_per_client: '2'"}), "segments[0].response.current_hours_per_client", "number"),
        (block(**{"revenue_per_client: 100, ": ""}), "segments[0].response.revenue_per_client", "clients.segmentation"),
        ("    unserved_revenue: 10\n" + block(), "segments[0].unserved_revenue", "response curve sets it"),
        ("    levels: [{id: a, hours_per_client: 1, revenue_per_client: 90}]\n" + block(), "segments[0].response", "not both"),
    ],
)
def test_bad_response_blocks_name_the_path(extra, path, words):
    problems = problems_of(scenario_text(extra))
    assert path in problems, problems
    assert words in problems[path]


def test_several_order_problems_are_reported_together():
    text = scenario_text(block(**{"saturation: 1.2": "saturation: 0.9", "at_zero: 0.6": "at_zero: 0.9"}))
    problems = problems_of(text)
    assert {"segments[0].response.saturation", "segments[0].response.at_half",
            "segments[0].response.at_one_and_half"} <= set(problems)


def test_a_response_round_trips_through_the_file_and_is_in_the_json_schema():
    scenario = load_scenario(SHIPPED)
    assert loads_scenario(dumps_scenario(scenario)) == scenario
    schema = model_json_schema()
    assert "Response" in schema["$defs"]
    props = schema["$defs"]["Response"]["properties"]
    assert {"current_hours_per_client", "revenue_per_client", "at_zero", "at_half", "at_one_and_half",
            "saturation", "cost_per_contact_hour", "tolerance", "max_levels", "max_hours_per_client",
            "min_hours_per_client"} == set(props)
    assert "response" in schema["$defs"]["Segment"]["properties"]


# ----- the scenario pipeline ----------------------------------------------------------------
def test_expand_replaces_responses_with_levels_and_unserved_revenue():
    scenario = load_scenario(SHIPPED)
    fits = scenario_fits(scenario)
    expanded = expand_responses(scenario)
    assert isinstance(expanded, Scenario)
    assert expanded.segment("key") == scenario.segment("key")
    for sid in ("growth", "regional"):
        seg, fit = expanded.segment(sid), fits[sid]
        assert seg.response is None
        assert seg.unserved_revenue == pytest.approx(fit.curve.r0)
        assert [lv.id for lv in seg.levels] == list(fit.levels["level"])
        assert [lv.planned_hours for lv in seg.levels] == list(fit.levels["hours_per_client"])
        assert [lv.revenue_per_client for lv in seg.levels] == list(fit.levels["revenue_per_client"])
        assert "response curve" in seg.description
        # the current block gains today's allocation: every client at today's hours
        today = fit.levels.loc[fit.levels["today"], "level"].iloc[0]
        assert expanded.current.levels[sid] == {today: seg.clients}
    assert "concave envelope" in expanded.segment("regional").description
    assert expanded.current.levels["key"] == {"standard": 40}
    assert prepare_scenario(scenario, SHIPPED.parent) == expanded
    # a scenario without responses comes back as the same object
    assert expand_responses(expanded) is expanded


def test_too_many_levels_for_max_levels_is_an_input_error_naming_the_field():
    text = scenario_text(block(", tolerance: 0.001, max_levels: 3"))
    with pytest.raises(InputError) as err:
        prepare_scenario(loads_scenario(text))
    (problem,) = err.value.problems
    assert problem.path == "segments[0].response.max_levels"
    assert "raise max_levels" in problem.message


def test_revenue_comes_from_the_client_table_when_the_response_has_none(tmp_path):
    (tmp_path / "clients.csv").write_text("client_id,revenue_12m\nC1,120000\nC2,240000\nC3,180000\n")
    text = """
schema_version: 1
name: from a table
period: quarter
segments:
  - id: s
    margin: 0.3
    response: {current_hours_per_client: 2, at_zero: 0.6, at_half: 0.85, at_one_and_half: 1.1, saturation: 1.2}
team: {managers: [{id: m, hours: 150}]}
clients:
  file: clients.csv
  segmentation: {rules: [{segment: s}]}
"""
    prepared = prepare_scenario(loads_scenario(text), tmp_path)
    seg = prepared.segment("s")
    assert seg.clients == 3
    today = [lv for lv in seg.levels if lv.planned_hours == 2.0]
    # mean 180,000 a year -> 45,000 a quarter
    assert today[0].revenue_per_client == pytest.approx(45000.0)
    assert seg.unserved_revenue == pytest.approx(0.6 * 45000.0)


def test_chart_data_for_the_app():
    scenario = load_scenario(SHIPPED)
    data = segment_chart_data(scenario, "regional")
    assert set(data) == {"curve", "judged", "levels"}
    curve, judged, levels = data["curve"], data["judged"], data["levels"]
    assert list(curve.columns) == ["hours_per_client", "curve", "envelope", "levels", "saturation"]
    assert (curve["envelope"] >= curve["curve"] - 1e-6).all()
    assert (curve["envelope"] - curve["levels"]).max() <= 0.01 * 30000 * (1 + 1e-6)
    assert list(judged["label"]) == ["no contact", "half of today's hours", "today's hours", "1.5 x today's hours"]
    assert levels.iloc[0].to_dict() == {"level": "unserved", "name": "no contact (unserved revenue)",
                                        "hours_per_client": 0.0, "revenue_per_client": pytest.approx(9000.0),
                                        "kind": "unserved"}
    assert (levels["kind"] == "today").sum() == 1
    assert segment_chart_data(scenario, "key") is None
    assert response_chart_data(scenario_fits(scenario)["growth"], points=11)["curve"]["hours_per_client"].iloc[-1] == 4.0


# ----- the optimiser on generated levels ----------------------------------------------------
def test_optimum_converges_to_the_curves_optimum_as_the_tolerance_shrinks():
    """One segment of 100 clients, a manager with 150 h: on a concave curve the true optimum
    spreads 1.5 h over every client, profit = 100 x 0.3 x r(1.5). Chords lie under the curve by
    at most tolerance x R, so the plan's profit is within 100 x 0.3 x tolerance x R below it."""
    from planner.optimise import plan_scenario

    half, one_and_half, _ = known_multiples(0.6, 1.2, 0.8)
    errors = []
    for tolerance in (0.05, 0.01, 0.001):
        judged = {"at_half: 0.85": f"at_half: {half!r}", "at_one_and_half: 1.1": f"at_one_and_half: {one_and_half!r}"}
        text = scenario_text(block(f", tolerance: {tolerance}", **judged))
        scenario = loads_scenario(text)
        fit = scenario_fits(scenario)["s"]
        assert fit.shape is CurveShape.CONCAVE
        best = 100 * 0.3 * fit.curve.revenue(1.5)
        plan = plan_scenario(scenario)
        assert plan.ok
        error = best - plan.kpis["profit"]
        assert -1e-6 <= error <= 100 * 0.3 * tolerance * 100 * (1 + 1e-6)
        assert plan.kpis["manager_hours_used"] == pytest.approx(150.0)
        errors.append(error)
    assert errors[-1] < errors[0] / 10


def test_shipped_example_solves_and_beats_todays_effort():
    from planner.optimise import plan_scenario

    plan = plan_scenario(load_scenario(SHIPPED), base_dir=SHIPPED.parent)
    assert plan.ok
    levels = {sid: {lv.id for lv in plan.scenario.segment(sid).levels} for sid in ("growth", "regional")}
    for row in plan.allocations.itertuples():
        if row.segment in levels:
            assert row.level in levels[row.segment]
    assert plan.baseline.kpis["manager_hours_used"] == pytest.approx(40 * 3 + 150 * 2 + 120 * 4)
    assert plan.kpis["profit"] >= plan.baseline.kpis["profit"] - 1e-6
    assert "concave envelope" in plan.scenario.segment("regional").description


# ----- the command line ---------------------------------------------------------------------
def test_cli_fit_prints_parameters_errors_and_levels(planner_cli):
    out = planner_cli("fit", str(SHIPPED))
    assert out.returncode == 0, out.stderr
    fits = scenario_fits(load_scenario(SHIPPED))
    for sid, fit in fits.items():
        assert f"Segment {sid}" in out.stdout
        assert f"c = {fit.curve.c:.4g}" in out.stdout
        for row in fit.levels.itertuples():
            assert row.level in out.stdout
    assert "S-shaped" in out.stdout and "concave envelope" in out.stdout
    assert "1.5 x today's hours" in out.stdout


def test_cli_fit_json(planner_cli):
    out = planner_cli("fit", str(SHIPPED), "--json", "--segment", "regional")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    (seg,) = data["segments"]
    fit = scenario_fits(load_scenario(SHIPPED))["regional"]
    assert seg["segment"] == "regional" and seg["shape"] == "s_shaped"
    assert seg["parameters"]["c"] == pytest.approx(fit.curve.c)
    assert seg["parameters"]["d"] == pytest.approx(fit.curve.d)
    assert [lv["hours_per_client"] for lv in seg["levels"]] == pytest.approx(list(fit.levels["hours_per_client"]))
    saturation = next(j for j in seg["judged"] if j["judgment"] == "saturation")
    assert saturation["hours_per_client"] is None and saturation["fitted_revenue"] == pytest.approx(42000.0)
    assert seg["max_error"] <= seg["tolerance"]


def test_cli_fit_bad_inputs_exit_2(planner_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(scenario_text(block(**{"saturation: 1.2": "saturation: 0.9"})))
    out = planner_cli("fit", str(bad))
    assert out.returncode == 2
    assert "segments[0].response.saturation" in out.stderr and "Traceback" not in out.stderr
    # the rest in-process (the same typer app the console script runs)
    from typer.testing import CliRunner

    from planner.cli import app

    plain = tmp_path / "plain.yaml"
    plain.write_text(scenario_text("    levels: [{id: a, hours_per_client: 1, revenue_per_client: 90}]"))
    out = CliRunner().invoke(app, ["fit", str(plain)])
    assert out.exit_code == 2 and "no segment has a `response:` block" in out.output
    out = CliRunner().invoke(app, ["fit", str(SHIPPED), "--segment", "key"])
    assert out.exit_code == 2 and "growth, regional" in out.output
    out = CliRunner().invoke(app, ["fit", str(tmp_path / "missing.yaml")])
    assert out.exit_code == 2 and "file not found" in out.output


def test_judgments_steep_at_zero_ask_for_a_minimum_contact():
    steep = response(at_zero=0.0, at_half=0.9375, at_one_and_half=1.0625, saturation=2.0, tolerance=0.002)
    with pytest.raises(InputError) as err:
        fit_response(steep, None, "s")
    (problem,) = err.value.problems
    assert problem.path == "response.min_hours_per_client" and "first minutes of contact" in problem.message
    fit = fit_response(steep.model_copy(update={"min_hours_per_client": 0.5}), None, "s")
    check_levels(fit, 0.5)
    assert fit.levels["hours_per_client"].iloc[0] == 0.5
