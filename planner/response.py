"""CALLPLAN-style response curves turned into ordinary service levels.

A segment's `response:` block (models/response.py) holds judgments of the revenue per client at
0, 0.5, 1 (today), 1.5 times today's manager hours and with unlimited hours. Following Lodish's
CALLPLAN (1971) we fit Little's ADBUDG curve

    r(h) = r0 + (rmax - r0) * h^c / (d + h^c)      (written here with k = d^(1/c):
         = r0 + (rmax - r0) * u / (1 + u),  u = (h / k)^c)

with r0 = at_zero x R and rmax = saturation x R (R = today's revenue per client). Today's point
r(h_now) = R is held exactly (it is observed, not judged), which ties d to c; c is then fitted
by least squares (scipy) to the remaining judged points (0.5 and 1.5 times today's hours).

The optimiser only knows levels, and it may mix clients of a segment across levels, so what it
can reach is the concave hull of the levels. We therefore generate a *concave* piecewise-linear
set of breakpoints 0 < h_1 < ... < h_n = max hours whose chords stay within `tolerance x R` of
the curve (greedy: each chord runs as far as the tolerance allows, which gives the fewest
breakpoints), with today's hours always a breakpoint when it lies on the curve. Each breakpoint
is an ordinary manager-served `Level` (revenue r(h_k), cost cost_per_contact_hour x h_k).

Design decisions:
- **The zero-hour point is `unserved_revenue`, not an automated level.** r0 is "no contact at
  all", which is exactly the contract's unserved client; an automated level would count such
  clients as served and give them a cost and a coverage they do not have. So a segment with a
  response must not set `unserved_revenue` itself.
- **An S-shaped curve (c > 1)** is convex below its inflection point: there, giving some clients
  h_t hours and others none earns more than giving all of them fewer hours. The levels follow
  the curve's *concave envelope* (the chord from (0, r0) tangent to the curve at h_t, then the
  curve); the fit's notes say so, and so do the generated levels' names. (The envelope is exact
  when clients may be left unserved; a segment's `min_coverage` limits that mixing, which is
  why today's effort stays a level when it lies in the convex part.)
- **`levels` and `response` together are refused** (models/response.py): both would describe
  the same effort.
- **The expanded scenario drops `response`** and carries the generated levels and
  `unserved_revenue`; the fit and its notes (S-shaped: concave envelope) are summarised in the
  segment's `description`, which the plan's scenario carries. If the scenario has a `current`
  block that does not mention the segment, today's allocation of the segment (all its clients
  at today's hours) is added, so the baseline sees today's effort.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pydantic import ValidationError

from models import PERIOD_MONTHS, Level, Scenario
from models.limits import MAX_TEXT
from models.response import Response
from planner.errors import InputError, Problem
from planner.adbudg import (
    C_BOUNDS,
    MAX_GENERATED_LEVELS,
    AdbudgCurve,
    CurveShape,
    TooSteep,
    breakpoints,
    chord_gap,
    envelope,
    fit_curve,
    tangent_hours,
)
from planner.i18n import N_, catalogue, language


# User-facing text of this module (kept together for the Russian edition).
TEXT = catalogue({
    "judged.at_zero": N_("no contact"),
    "judged.at_half": N_("half of today's hours"),
    "judged.today": N_("today's hours"),
    "judged.at_one_and_half": N_("1.5 x today's hours"),
    "judged.saturation": N_("unlimited hours"),
    "level_name": N_("{hours:.3g} h per client"),
    "level_today": N_("{hours:.3g} h per client (today's effort)"),
    "level_envelope": N_("{hours:.3g} h per client (concave envelope of an S-shaped curve)"),
    "level_below_envelope": N_("{hours:.3g} h per client (today's effort, below the concave envelope)"),
    "below_min": (
        N_("no level has fewer than {hours:.3g} h per client (min_hours_per_client): below it the levels "
        "follow the chord from no contact, up to {gap:,.2f} per client under the curve")
    ),
    "concave": N_("concave curve (c = {c:.3g} <= 1): every extra hour earns less than the one before"),
    "s_shaped": (
        N_("S-shaped curve (c = {c:.3g} > 1): below {tangent:.3g} h per client the curve is convex, so the "
        "levels follow its concave envelope: serving some clients at {tangent:.3g} h and leaving others "
        "unserved earns more than spreading fewer hours over all of them")
    ),
    "s_shaped_beyond": (
        N_("S-shaped curve (c = {c:.3g} > 1) that stays convex up to the richest level ({max_hours:.3g} h): "
        "the levels follow its concave envelope, the chord from no contact to {max_hours:.3g} h")
    ),
    "today_convex": (
        N_("today's effort ({hours:.3g} h per client) lies in the convex part of the curve: {tangent:.3g} h "
        "for fewer clients earns more per hour; today's level is kept (below the envelope) for the "
        "baseline and for coverage minimums")
    ),
    "c_at_bound": N_("the fitted c ({c:.3g}) is at the end of its search range: the judgments are extreme"),
    "unserved": N_("no contact (unserved revenue)"),
    "description": N_("Levels generated from a response curve: {summary}. {notes}."),
    "summary": (
        N_("r(h) = {r0:,.6g} + ({rmax:,.6g} - {r0:,.6g}) h^{c:.4g} / ({d:.4g} + h^{c:.4g}); {n} levels "
        "within {tolerance:,.4g} per client")
    ),
    "no_revenue": (
        N_("no revenue per client: the client table gave no observed mean revenue for segment '{segment}'; "
        "give response.revenue_per_client")
    ),
    "max_levels": (
        N_("{needed} levels are needed to keep within the tolerance of {share:.3g} of today's revenue, "
        "more than max_levels = {max_levels}: raise max_levels or response.tolerance")
    ),
    "too_steep": (
        N_("the judgments make revenue jump almost at once with the first minutes of contact (c = {c:.3g}): "
        "give min_hours_per_client, the least effort that is a real contact, or revise at_half")
    ),
    "too_many": (
        N_("more than {limit} levels would be needed to keep within the tolerance of {share:.3g} of "
        "today's revenue: raise response.tolerance")
    ),
})



@dataclass(frozen=True)
class ResponseFit:
    """A fitted response curve and the levels generated from it.

    `judged`: one row per judgment (judgment, hours_per_client, judged_multiple,
    judged_revenue, fitted_revenue, error, error_share); `error` is fitted minus judged, in
    money per client; `error_share` the same as a share of today's revenue per client.
    `levels`: level, name, hours_per_client, revenue_per_client, cost_per_client,
    extra_revenue_per_hour (over the previous breakpoint on the envelope, starting at no
    contact), today, on_envelope (False only for today's effort when it lies in the convex part
    of an S-shaped curve: kept so the baseline can evaluate today's allocation).
    `max_error`: the largest gap between the levels' chords and the (enveloped) curve, from
    `min_hours_per_client` (if given) up."""

    segment: str
    curve: AdbudgCurve
    shape: CurveShape
    current_hours: float
    current_revenue: float
    max_hours: float
    tolerance: float  # money per client
    envelope_hours: float  # where the envelope's chord from (0, r0) meets the curve; 0 if concave
    judged: pd.DataFrame = field(repr=False)
    levels: pd.DataFrame = field(repr=False)
    max_error: float
    notes: tuple[str, ...]

    @property
    def unserved_revenue(self) -> float:
        """Revenue of a client with no contact: r0, the segment's unserved revenue."""
        return self.curve.r0

    def envelope(self, hours: Any) -> Any:
        """The concave envelope of the curve on [0, max_hours] (the curve itself if concave)."""
        return envelope(self.curve, self.envelope_hours, hours)

    def approximation(self, hours: Any) -> Any:
        """The piecewise-linear revenue the levels give (chords through the breakpoints)."""
        on = self.levels[self.levels["on_envelope"]]
        xs = np.concatenate([[0.0], on["hours_per_client"].to_numpy(float)])
        ys = np.concatenate([[self.curve.r0], on["revenue_per_client"].to_numpy(float)])
        return np.interp(np.asarray(hours, dtype=float), xs, ys)

    def to_levels(self) -> tuple[Level, ...]:
        """The generated levels as ordinary scenario `Level`s (the segment's margin applies)."""
        return tuple(
            Level(
                id=row.level,
                name=row.name,
                hours_per_client=float(row.hours_per_client),
                revenue_per_client=float(row.revenue_per_client),
                cost_per_client=float(row.cost_per_client),
            )
            for row in self.levels.itertuples(index=False)
        )

    def summary(self) -> str:
        c = self.curve
        return TEXT["summary"].format(
            r0=c.r0, rmax=c.rmax, c=c.c, d=c.d, n=len(self.levels), tolerance=self.tolerance
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for `planner fit --json`."""
        judged = self.judged.replace([np.inf], None)
        return {
            "segment": self.segment,
            "parameters": {
                "r0": self.curve.r0,
                "rmax": self.curve.rmax,
                "c": self.curve.c,
                "d": self.curve.d,
                "half_hours": self.curve.half_hours,
            },
            "shape": str(self.shape),
            "current_hours_per_client": self.current_hours,
            "current_revenue_per_client": self.current_revenue,
            "unserved_revenue": self.unserved_revenue,
            "envelope_hours": self.envelope_hours,
            "tolerance": self.tolerance,
            "max_error": self.max_error,
            "judged": judged.astype(object).where(judged.notna(), None).to_dict(orient="records"),
            "levels": self.levels.to_dict(orient="records"),
            "notes": list(self.notes),
        }



def fit_response(response: Response, revenue_per_client: float | None = None, segment: str = "") -> ResponseFit:
    """Fit a response block and generate its levels. `revenue_per_client` is used when the
    block has none (a client table's observed mean revenue per client per period).

    Raises InputError naming `response.max_levels` / `response.tolerance` when the tolerance
    needs more levels than allowed. Cached (the app re-solves what-ifs without refitting), so
    treat the fit's tables as read-only; the cache is per language (the fit holds texts)."""
    return _fit_response(response, revenue_per_client, segment, language())


@lru_cache(maxsize=512)
def _fit_response(response: Response, revenue_per_client: float | None, segment: str, _language: str) -> ResponseFit:
    revenue = float(response.revenue_per_client if response.revenue_per_client is not None else revenue_per_client)
    curve = fit_curve(response, revenue)
    h_now = float(response.current_hours_per_client)
    h_max = response.max_hours
    tolerance = float(response.tolerance) * revenue
    tangent = tangent_hours(curve, h_max)
    shape = CurveShape.S_SHAPED if curve.c > 1 else CurveShape.CONCAVE

    def func(h: float) -> float:
        return float(envelope(curve, tangent, h))

    # Forced breakpoints: where the envelope's chord meets an S-shaped curve, today's hours (if
    # on the envelope), the minimum contact (if above the envelope's straight part, where it would
    # change nothing), the richest level.
    today_on_curve = h_now >= tangent
    h_min = response.min_hours_per_client
    use_min = h_min is not None and h_min > tangent
    start = float(h_min) if use_min else 0.0
    inner = [h for h in (tangent, h_now if today_on_curve else None) if h is not None and start < h < h_max]
    stops = [start] + sorted(set(inner)) + [h_max]
    try:
        hours, gaps = breakpoints(func, stops, tolerance)
    except TooSteep:
        raise InputError(Problem("response.min_hours_per_client", TEXT["too_steep"].format(c=curve.c))) from None
    below_min_gap = 0.0
    if use_min:
        hours = [float(h_min)] + hours
        below_min_gap = chord_gap(func, 0.0, float(h_min))

    rows = []
    prev_h, prev_r = 0.0, curve.r0
    for h in hours:
        r = func(h)
        is_today = today_on_curve and abs(h - h_now) <= 1e-12 * h_now
        rows.append(
            {
                "hours_per_client": h,
                "revenue_per_client": r,
                "extra_revenue_per_hour": (r - prev_r) / (h - prev_h),
                "today": is_today,
                "on_envelope": True,
            }
        )
        prev_h, prev_r = h, r
    if not today_on_curve:
        # Today's effort lies under the envelope: the optimiser would rather mix, but the level
        # lets the baseline evaluate today's allocation exactly (and is a real option when a
        # coverage minimum forbids leaving clients unserved).
        rows.append(
            {
                "hours_per_client": h_now,
                "revenue_per_client": revenue,
                "extra_revenue_per_hour": (revenue - curve.r0) / h_now,
                "today": True,
                "on_envelope": False,
            }
        )
    rows.sort(key=lambda row: row["hours_per_client"])

    share = float(response.tolerance)
    if len(rows) > MAX_GENERATED_LEVELS:
        raise InputError(
            Problem("response.tolerance", TEXT["too_many"].format(limit=MAX_GENERATED_LEVELS, share=share))
        )
    if response.max_levels is not None and len(rows) > response.max_levels:
        raise InputError(
            Problem(
                "response.max_levels",
                TEXT["max_levels"].format(needed=len(rows), share=share, max_levels=response.max_levels),
            )
        )
    first_on_envelope = next(row["hours_per_client"] for row in rows if row["on_envelope"])
    for k, row in enumerate(rows, start=1):
        h = row["hours_per_client"]
        if not row["on_envelope"]:
            name = TEXT["level_below_envelope"].format(hours=h)
        elif row["today"]:
            name = TEXT["level_today"].format(hours=h)
        elif shape is CurveShape.S_SHAPED and h == first_on_envelope:
            name = TEXT["level_envelope"].format(hours=h)
        else:
            name = TEXT["level_name"].format(hours=h)
        row["level"] = f"curve-{k}"
        row["name"] = name
        row["cost_per_client"] = float(response.cost_per_contact_hour) * h
    levels = pd.DataFrame(
        rows,
        columns=["level", "name", "hours_per_client", "revenue_per_client", "cost_per_client",
                 "extra_revenue_per_hour", "today", "on_envelope"],
    )

    judged_rows = [("at_zero", 0.0, response.at_zero)]
    if response.at_half is not None:
        judged_rows.append(("at_half", 0.5 * h_now, response.at_half))
    judged_rows.append(("today", h_now, 1.0))
    if response.at_one_and_half is not None:
        judged_rows.append(("at_one_and_half", 1.5 * h_now, response.at_one_and_half))
    judged_rows.append(("saturation", math.inf, response.saturation))
    judged = pd.DataFrame(
        [
            {
                "judgment": key,
                "label": TEXT[f"judged.{key}"],
                "hours_per_client": h,
                "judged_multiple": float(m),
                "judged_revenue": float(m) * revenue,
                "fitted_revenue": curve.revenue(h),
            }
            for key, h, m in judged_rows
        ]
    )
    judged["error"] = judged["fitted_revenue"] - judged["judged_revenue"]
    judged["error_share"] = judged["error"] / revenue

    notes = []
    if shape is CurveShape.CONCAVE:
        notes.append(TEXT["concave"].format(c=curve.c))
    elif tangent >= h_max:
        notes.append(TEXT["s_shaped_beyond"].format(c=curve.c, max_hours=h_max))
    else:
        notes.append(TEXT["s_shaped"].format(c=curve.c, tangent=tangent))
    if not today_on_curve:
        notes.append(TEXT["today_convex"].format(hours=h_now, tangent=tangent))
    if use_min and below_min_gap > tolerance:
        notes.append(TEXT["below_min"].format(hours=h_min, gap=below_min_gap))
    if min(abs(curve.c - b) / b for b in C_BOUNDS) < 1e-6:
        notes.append(TEXT["c_at_bound"].format(c=curve.c))

    return ResponseFit(
        segment=segment,
        curve=curve,
        shape=shape,
        current_hours=h_now,
        current_revenue=revenue,
        max_hours=h_max,
        tolerance=tolerance,
        envelope_hours=tangent,
        judged=judged,
        levels=levels,
        max_error=max(gaps) if gaps else 0.0,
        notes=tuple(notes),
    )


# ----- scenarios ----------------------------------------------------------------------------
def scenario_fits(
    scenario: Scenario, mean_revenue: dict[str, float] | None = None, only: str | None = None
) -> dict[str, ResponseFit]:
    """Fit every segment's response block (or segment `only`'s): segment id -> ResponseFit.

    `mean_revenue` gives a client table's observed mean revenue per client per period for
    segments whose response has no `revenue_per_client`. Problems name `segments[i].response...`."""
    fits: dict[str, ResponseFit] = {}
    problems: list[Problem] = []
    for i, seg in enumerate(scenario.segments):
        response = getattr(seg, "response", None)
        if response is None or (only is not None and seg.id != only):
            continue
        path = f"segments[{i}]"
        revenue = response.revenue_per_client
        if revenue is None:
            revenue = (mean_revenue or {}).get(seg.id)
            if revenue is None or not math.isfinite(revenue) or revenue <= 0:
                problems.append(
                    Problem(f"{path}.response.revenue_per_client", TEXT["no_revenue"].format(segment=seg.id))
                )
                continue
        try:
            fits[seg.id] = fit_response(response, float(revenue), seg.id)
        except InputError as exc:
            problems.extend(Problem(f"{path}.{p.path}", p.message) for p in exc.problems)
    if problems:
        raise InputError(problems)
    return fits


def expand_responses(scenario: Scenario, mean_revenue: dict[str, float] | None = None) -> Scenario:
    """A new validated Scenario in which every segment's `response` is replaced by its generated
    levels and `unserved_revenue` = r0 (see the module docstring for why, and for `current`).
    A segment of no clients whose table gives no revenue simply loses its response (nothing to
    plan). A scenario without response blocks is returned as is.

    Generated levels obey the scenario's limits like written ones: one past a limit (a table's
    mean revenue x saturation above 1e12) is an InputError at the segment, never a traceback."""
    try:
        return _expand_responses(scenario, mean_revenue)
    except ValidationError as exc:
        from planner.scenario_io import problems_from_validation

        raise InputError(problems_from_validation(exc)) from None


def _expand_responses(scenario: Scenario, mean_revenue: dict[str, float] | None) -> Scenario:
    if not any(getattr(seg, "response", None) is not None for seg in scenario.segments):
        return scenario
    mean_revenue = dict(mean_revenue or {})
    empty = {
        seg.id
        for seg in scenario.segments
        if seg.response is not None and seg.response.revenue_per_client is None
        and seg.clients == 0 and not (mean_revenue.get(seg.id) or 0) > 0
    }
    data = scenario.model_dump(mode="json", exclude_unset=True)
    for i, seg in enumerate(scenario.segments):
        if seg.id in empty:
            data["segments"][i].pop("response", None)
    if empty:
        scenario = Scenario.model_validate(data)
    fits = scenario_fits(scenario, mean_revenue)
    for i, seg in enumerate(scenario.segments):
        fit = fits.get(seg.id)
        if fit is None:
            continue
        seg_data = data["segments"][i]
        seg_data.pop("response", None)
        try:
            levels = fit.to_levels()
        except ValidationError as exc:
            from planner.scenario_io import problems_from_validation

            raise InputError([Problem(f"segments[{i}].response: {p.path}", p.message)
                              for p in problems_from_validation(exc)]) from None
        seg_data["levels"] = [lv.model_dump(mode="json", exclude_unset=True) for lv in levels]
        seg_data["unserved_revenue"] = fit.unserved_revenue
        note = TEXT["description"].format(summary=fit.summary(), notes="; ".join(fit.notes))
        seg_data["description"] = (f"{seg.description} {note}" if seg.description else note)[:MAX_TEXT]
        today = fit.levels.loc[fit.levels["today"], "level"]
        if scenario.current is not None and seg.id not in scenario.current.levels and seg.clients and len(today):
            data.setdefault("current", {}).setdefault("levels", {})[seg.id] = {str(today.iloc[0]): seg.clients}
    return Scenario.model_validate(data)


def table_mean_revenue(scenario: Scenario, base_dir: Path | None = None) -> dict[str, float]:
    """Observed mean revenue per client per planning period of each table segment whose response
    has no `revenue_per_client`: the table's mean x PERIOD_MONTHS[period] / revenue_period_months,
    as for `revenue_index`. The table is read only when some segment needs it."""
    needed = [
        seg.id
        for seg in scenario.segments
        if getattr(seg, "response", None) is not None and seg.response.revenue_per_client is None
    ]
    if not needed or scenario.clients is None:
        return {}
    from planner.segmentation import load_client_table, segment_profiles

    profiles = segment_profiles(load_client_table(scenario, base_dir))
    months = PERIOD_MONTHS[scenario.period] / float(scenario.clients.revenue_period_months)
    out: dict[str, float] = {}
    for sid in needed:
        if sid in profiles.index:
            mean = pd.to_numeric(pd.Series([profiles.loc[sid, "mean_revenue"]]), errors="coerce").iloc[0]
            if pd.notna(mean):
                out[sid] = float(mean) * months
    return out


def prepare_responses(scenario: Scenario, base_dir: Path | None = None) -> Scenario:
    """The prepare stage's step for response curves (after the client tables): expand them,
    taking today's revenue per client from the client table where the response gives none."""
    return expand_responses(scenario, table_mean_revenue(scenario, base_dir))


# ----- charts -------------------------------------------------------------------------------
def response_chart_data(fit: ResponseFit, points: int = 201) -> dict[str, pd.DataFrame]:
    """Tables for drawing a segment's response (the app's segment page).

    - `curve`: hours_per_client, curve (the fitted ADBUDG revenue), envelope (its concave
      envelope, equal to the curve when concave), levels (the piecewise-linear revenue the
      generated levels give), saturation (rmax), on `points` hours from 0 to the richest level;
    - `judged`: the judged points with finite hours: label, hours_per_client, judged_revenue,
      fitted_revenue;
    - `levels`: the breakpoints the optimiser uses, no contact (kind `unserved`) first: level,
      name, hours_per_client, revenue_per_client, kind (`unserved`, `level` or `today`)."""
    hours = np.unique(np.concatenate([np.linspace(0.0, fit.max_hours, points), fit.levels["hours_per_client"]]))
    curve = pd.DataFrame(
        {
            "hours_per_client": hours,
            "curve": fit.curve.revenue(hours),
            "envelope": fit.envelope(hours),
            "levels": fit.approximation(hours),
            "saturation": fit.curve.rmax,
        }
    )
    judged = fit.judged.loc[np.isfinite(fit.judged["hours_per_client"]),
                            ["label", "hours_per_client", "judged_revenue", "fitted_revenue"]].reset_index(drop=True)
    levels = pd.concat(
        [
            pd.DataFrame(
                [{"level": "unserved", "name": TEXT["unserved"], "hours_per_client": 0.0,
                  "revenue_per_client": fit.curve.r0, "kind": "unserved"}]
            ),
            fit.levels[["level", "name", "hours_per_client", "revenue_per_client"]].assign(
                kind=np.where(fit.levels["today"], "today", "level")
            ),
        ],
        ignore_index=True,
    )
    return {"curve": curve, "judged": judged, "levels": levels}


def segment_chart_data(
    scenario: Scenario,
    segment_id: str,
    mean_revenue: dict[str, float] | None = None,
    base_dir: Path | None = None,
) -> dict[str, pd.DataFrame] | None:
    """Chart tables of one segment's response (see `response_chart_data`), None without one.

    Pass the scenario as loaded (a prepared scenario no longer has `response` blocks). A
    segment whose response takes its revenue from the client table needs `mean_revenue`, or
    `base_dir` to read the table (`table_mean_revenue`)."""
    seg = next((s for s in scenario.segments if s.id == segment_id), None)
    if seg is None or getattr(seg, "response", None) is None:
        return None
    if mean_revenue is None and seg.response.revenue_per_client is None and base_dir is not None:
        mean_revenue = table_mean_revenue(scenario, base_dir)
    return response_chart_data(scenario_fits(scenario, mean_revenue, only=segment_id)[segment_id])


__all__ = [
    "AdbudgCurve",
    "CurveShape",
    "ResponseFit",
    "expand_responses",
    "fit_curve",
    "fit_response",
    "prepare_responses",
    "response_chart_data",
    "scenario_fits",
    "segment_chart_data",
    "table_mean_revenue",
]
