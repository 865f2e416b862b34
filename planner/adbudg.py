"""Little's ADBUDG response curve: its fit to judged points and its concave piecewise-linear
approximation (the mathematics behind planner/response.py, which turns it into levels).

    r(h) = r0 + (rmax - r0) * h^c / (d + h^c)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from scipy.optimize import brentq, least_squares, minimize_scalar

from models.response import Response

# Search range of the shape parameter c (c < 1: concave from the start; c > 1: S-shaped).
C_BOUNDS = (0.02, 50.0)
# Chords aim a little inside the tolerance so that rounding never puts one over it.
TOLERANCE_MARGIN = 1e-6
# A tolerance so small that it needs more levels than this is refused as a user mistake.
MAX_GENERATED_LEVELS = 60


class CurveShape(StrEnum):
    """Whether the fitted curve is concave everywhere or S-shaped (convex, then concave)."""

    CONCAVE = "concave"
    S_SHAPED = "s_shaped"


@dataclass(frozen=True)
class AdbudgCurve:
    """r(h) = r0 + (rmax - r0) h^c / (d + h^c), money per client per period at h hours per client.

    Stored with `half_hours` k = d^(1/c): the hours at which half of the possible gain over r0
    is reached, which stays a sensible number where d itself overflows."""

    r0: float
    rmax: float
    c: float
    half_hours: float

    @property
    def d(self) -> float:
        return self.half_hours**self.c

    def revenue(self, hours: Any) -> Any:
        """r(h); numpy arrays in, arrays out. r(inf) = rmax."""
        h = np.asarray(hours, dtype=float)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            u = (h / self.half_hours) ** self.c
            share = np.where(np.isinf(u), 1.0, u / (1.0 + u))
        out = self.r0 + (self.rmax - self.r0) * share
        return float(out) if out.ndim == 0 else out

    def marginal(self, hours: float) -> float:
        """dr/dh at h > 0 (money per extra hour per client)."""
        u = (hours / self.half_hours) ** self.c
        return (self.rmax - self.r0) * self.c / hours * u / (1.0 + u) ** 2

    @property
    def inflection_hours(self) -> float | None:
        """Where an S-shaped curve turns from convex to concave; None for c <= 1."""
        if self.c <= 1:
            return None
        return self.half_hours * ((self.c - 1) / (self.c + 1)) ** (1 / self.c)


# ----- fitting ------------------------------------------------------------------------------
def _fitted_multiples(c: np.ndarray, xs: np.ndarray, a0: float, s: float, p: float) -> np.ndarray:
    """ADBUDG multiples of today's revenue at hours multiples `xs`, for shapes `c`, with today's
    point held: u(x) = x^c p / (1 - p), where p = (1 - a0) / (s - a0) is today's share of the gain."""
    u = np.power.outer(xs, c) * (p / (1 - p)) if np.ndim(c) else xs**c * (p / (1 - p))
    return a0 + (s - a0) * u / (1 + u)


def fit_curve(response: Response, revenue_per_client: float) -> AdbudgCurve:
    """Fit ADBUDG to a response block: r0, rmax and today's point exactly, c by least squares.

    With today's point held, u(h_now) = p / (1 - p) where p = (R - r0) / (rmax - r0), so
    k = h_now ((1 - p) / p)^(1/c); the residuals at 0.5 and 1.5 times today's hours then depend
    on c alone. A grid over log c finds the basin, `scipy.optimize.least_squares` refines it."""
    a0, s = float(response.at_zero), float(response.saturation)
    points = [(x, y) for x, y in response.judged_multiples() if x not in (0.0, 1.0)]
    xs = np.array([x for x, _ in points])
    ys = np.array([y for _, y in points])
    p = (1 - a0) / (s - a0)

    lo, hi = math.log(C_BOUNDS[0]), math.log(C_BOUNDS[1])
    grid = np.linspace(lo, hi, 801)
    sse = ((_fitted_multiples(np.exp(grid), xs, a0, s, p) - ys[:, None]) ** 2).sum(axis=0)
    start = float(grid[int(np.argmin(sse))])

    def residuals(t: np.ndarray) -> np.ndarray:
        return _fitted_multiples(math.exp(t[0]), xs, a0, s, p) - ys

    result = least_squares(residuals, x0=[start], bounds=([lo], [hi]), xtol=1e-15, ftol=1e-15, gtol=1e-15)
    c = float(math.exp(result.x[0]))
    h_now = float(response.current_hours_per_client)
    half_hours = h_now * ((1 - p) / p) ** (1 / c)
    return AdbudgCurve(r0=a0 * revenue_per_client, rmax=s * revenue_per_client, c=c, half_hours=half_hours)


def tangent_hours(curve: AdbudgCurve, max_hours: float) -> float:
    """Where the chord from (0, r0) touches an S-shaped curve: r(h) - r0 = h r'(h), h past the
    inflection; `max_hours` if the curve stays below the chord to max_hours; 0 for c <= 1."""
    h_inflection = curve.inflection_hours
    if h_inflection is None:
        return 0.0

    def excess(h: float) -> float:  # > 0 once the chord from (0, r0) to h lies above the tangent
        return curve.revenue(h) - curve.r0 - h * curve.marginal(h)

    if h_inflection >= max_hours or excess(max_hours) <= 0:
        return max_hours
    return float(brentq(excess, h_inflection, max_hours, xtol=1e-14 * max_hours, rtol=1e-14))


def envelope(curve: AdbudgCurve, tangent: float, hours: Any) -> Any:
    """The concave envelope: the straight chord from (0, r0) up to `tangent`, then the curve."""
    h = np.asarray(hours, dtype=float)
    if tangent <= 0:
        return curve.revenue(h)
    slope = (curve.revenue(tangent) - curve.r0) / tangent
    out = np.where(h < tangent, curve.r0 + slope * h, curve.revenue(np.maximum(h, tangent)))
    return float(out) if out.ndim == 0 else out


def chord_gap(func, a: float, b: float) -> float:
    """max over [a, b] of func(h) minus the chord from (a, func(a)) to (b, func(b)); func concave,
    so the gap is concave in h and a bounded scalar search finds its maximum."""
    fa, fb = func(a), func(b)
    slope = (fb - fa) / (b - a)
    res = minimize_scalar(
        lambda h: -(func(h) - fa - slope * (h - a)),
        bounds=(a, b),
        method="bounded",
        options={"xatol": 1e-12 * max(b, 1.0)},
    )
    return max(0.0, -float(res.fun))


class TooSteep(Exception):
    """No chord from this breakpoint, however short, stays within the tolerance."""


def breakpoints(func, stops: list[float], tolerance: float) -> tuple[list[float], list[float]]:
    """Greedy breakpoints: from each one, the furthest next one whose chord keeps func within
    `tolerance` (the gap grows with the chord's end for a concave func, so this is the fewest).
    `stops` are forced breakpoints (0 first). Returns the breakpoints after 0 and each chord's gap."""
    target = tolerance * (1 - TOLERANCE_MARGIN)
    points: list[float] = []
    gaps: list[float] = []
    a = stops[0]
    for end in stops[1:]:
        while a < end:
            if chord_gap(func, a, end) <= target:
                b = end
            else:
                span = end - a
                if chord_gap(func, a, a + 1e-12 * span) > target:
                    raise TooSteep(a)
                b = float(
                    brentq(
                        lambda x: chord_gap(func, a, x) - target,
                        a + 1e-12 * span,
                        end,
                        xtol=1e-12 * max(end, 1.0),
                    )
                )
                # brentq lands within xtol of the root from either side: keep the chord inside.
                while chord_gap(func, a, b) > tolerance and b > a:
                    b = a + (b - a) * (1 - 1e-9)
            gaps.append(chord_gap(func, a, b))
            points.append(b)
            a = b
            if len(points) > MAX_GENERATED_LEVELS:
                return points, gaps
    return points, gaps
