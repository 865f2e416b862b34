"""What-if variants: broad tweaks of a base scenario give a new, valid scenario."""

from __future__ import annotations

import pytest

from models import Range
from planner.analysis.variants import tweak_scenario
from planner.errors import InputError
from planner.scenario_io import load_scenario
from tests.conftest import FIXTURES, SCENARIOS


def test_no_tweak_is_the_same_scenario():
    base = load_scenario(FIXTURES / "example2.yaml")
    assert tweak_scenario(base, {}) == base


def test_hours_conversion_and_revenue_scale_every_estimate():
    base = load_scenario(SCENARIOS / "key-clients-high-margin.yaml")
    out = tweak_scenario(base, {"hours_pct": 80.0, "conversion_pct": 150.0, "revenue_pct": 110.0})
    for before, after in zip(base.team.managers, out.team.managers):
        assert after.hours == pytest.approx(before.hours * 0.8)
    for before, after in zip(base.prospects, out.prospects):
        b, a = before.conversion_per_hour, after.conversion_per_hour
        if isinstance(b, Range):
            assert (a.low, a.likely, a.high) == pytest.approx((b.low * 1.5, b.likely * 1.5, b.high * 1.5))
        else:
            assert a == pytest.approx(b * 1.5)
    for sb, sa in zip(base.segments, out.segments):
        for lb, la in zip(sb.levels, sa.levels):
            if lb.revenue_per_client is not None and not isinstance(lb.revenue_per_client, Range):
                assert la.revenue_per_client == pytest.approx(lb.revenue_per_client * 1.1)
            assert la.hours_per_client == lb.hours_per_client  # effort per client is not a team size


def test_head_counts_budget_and_people():
    base = load_scenario(FIXTURES / "example2.yaml")
    out = tweak_scenario(base, {"counts": {"anna": (1, 3)}, "hunters": (2, 2), "budget": 50_000})
    anna = out.team.managers[0]
    assert (anna.count, anna.lower, anna.upper, anna.decided) == (1, 1, 3, True)
    assert (out.team.hunters.count, out.team.hunters.decided) == (2, False)
    assert out.goal.max_cost == 50_000
    assert tweak_scenario(out, {"budget": 0}).goal.max_cost is None


def test_an_invalid_tweak_names_the_field():
    base = load_scenario(FIXTURES / "example2.yaml")
    with pytest.raises(InputError) as info:
        tweak_scenario(base, {"hours_pct": -10.0})
    assert info.value.problems[0].path == "team.managers[0].hours"
