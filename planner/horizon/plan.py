"""The year plan end to end: `plan_horizon(scenario) -> HorizonPlan`.

    prepare_scenario -> build_inputs -> build_horizon_model -> solve_certified (the whole
    horizon at once) -> per period: the single-period post-solve (pools split back to groups
    in proportion to their ramped capacity) and KPIs by planner.economics (revenues times the
    period's seasonality, plus its hiring cost) -> the hiring calendar and the value of hiring
    one period earlier (LP re-solves with every integer fixed, on copies).

The plan's objective (economics on the extracted numbers, summed over the periods) must equal
the certified objective, as in the single-period plan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models import Scenario
from planner import economics
from planner.certificate import OBJECTIVE_TOL, Certificate, solve_certified
from planner.errors import PlanningError
from planner.horizon.calendar import calendar_lines, period_labels
from planner.horizon.model import HorizonModel, build_horizon_model
from planner.i18n import N_, catalogue
from planner.inputs import build_inputs
from planner.jsonable import jsonable
from planner.postsolve import extract_solution
from planner.prepare import prepare_scenario
from planner.solve import SolveStatus, solve_form

MESSAGES = catalogue({
    "no_plan": N_("No year plan for scenario '{name}' ({status}): {message}"),
    "infeasible": N_("no plan meets every limit in every period"),
    "lead_time": N_("a hire is at work from period lead_time + 1 on ({staff}): a shorter lead time is another way out"),
    "infeasible_hint": N_(
        "no plan meets every limit in every period. Check the first periods: a hire cannot be at work "
        "before period lead_time + 1, so a min_count above today's count, a target or a coverage that "
        "needs more people than today's cannot be met before then; lower those limits, shorten the "
        "lead time or set goal.horizon_totals: true"
    ),
    "unsolved": N_("the solver found no plan ({status})"),
    "economics": N_("the plan's numbers are worth {plan:,.6g}, but the certified objective is {model:,.6g}"),
})

GROUP_COLUMNS = ["group", "head_count", "hires", "cuts", "leavers", "at_work", "capacity", "hours_used",
                 "utilisation", "cost"]
CALENDAR_COLUMNS = ["group", "name", "action", "people", "decide", "start", "full_speed", "value_earlier"]
MAX_EARLIER = 24  # hire events whose earlier start is valued (each an LP re-solve)


@dataclass(frozen=True)
class PeriodPlan:
    """One period of the year plan: its KPIs, head counts by group (and the hunters), the hours
    by segment and the allocation."""

    period: int
    label: str
    seasonality: float
    kpis: dict
    groups: pd.DataFrame
    hunters: dict
    segments: pd.DataFrame
    allocations: pd.DataFrame

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period, "label": self.label, "seasonality": self.seasonality,
            "kpis": {k: jsonable(float(v)) for k, v in self.kpis.items()},
            "groups": [{k: jsonable(v) for k, v in row.items()} for row in self.groups.to_dict("records")],
            "hunters": {k: jsonable(v) for k, v in self.hunters.items()},
            "segments": [{k: jsonable(v) for k, v in row.items()} for row in self.segments.to_dict("records")],
            "allocations": [{k: jsonable(v) for k, v in row.items()}
                            for row in self.allocations[["group", "segment", "level", "clients", "hours"]].to_dict("records")]
            if len(self.allocations) else [],
        }


@dataclass(frozen=True)
class HorizonPlan:
    """The plan of every period of a horizon, the hiring calendar and the certificate."""

    status: SolveStatus
    objective: float | None
    kpis: dict
    periods: tuple
    calendar: pd.DataFrame
    scenario: Scenario
    certificate: Certificate | None
    solver: str = "highs"
    message: str = ""
    timings: dict = field(default_factory=dict)
    diagnosis: Any = None  # planner.diagnose.Diagnosis of an infeasible year plan

    @property
    def ok(self) -> bool:
        return self.status.ok

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.periods]

    def calendar_lines(self) -> list[str]:
        return calendar_lines(self.calendar, self.scenario.currency)

    def by_period(self, column: str) -> pd.DataFrame:
        """[period label x group] of a groups column (head_count, hires, cuts, capacity, ...)."""
        data = {p.label: p.groups.set_index("group")[column] for p in self.periods}
        return pd.DataFrame(data).T.rename_axis("period")

    def kpi_table(self) -> pd.DataFrame:
        """[period label x KPI]."""
        return pd.DataFrame([{"period": p.label, **p.kpis} for p in self.periods]).set_index("period")

    def to_json(self) -> dict[str, Any]:
        """The `planner solve --json` object of a horizon scenario (PLANNER.md): the top-level
        KPIs are the sums over the periods (head counts: the last period's), plus `periods`,
        `calendar` (in words too) and the certificate."""
        return {
            "status": str(self.status),
            "objective": jsonable(self.objective) if self.objective is not None else None,
            "kpis": {k: jsonable(float(self.kpis.get(k, float("nan")))) for k in economics.KPI_NAMES},
            "periods": [p.to_json() for p in self.periods],
            "calendar": [{k: jsonable(v) for k, v in row.items()} for row in self.calendar.to_dict("records")],
            "calendar_text": self.calendar_lines() if self.ok else [],
            "scenario": self.scenario.name,
            "solver": self.solver,
            "message": self.message,
            "timings": {k: round(v, 6) for k, v in self.timings.items()},
            "certificate": self.certificate.to_json() if self.certificate is not None else None,
            "diagnosis": self.diagnosis.to_json() if self.diagnosis is not None else None,
        }


def plan_horizon(scenario: Scenario, *, base_dir: Path | str | None = None, solver: str = "highs",
                 time_limit: float | None = None, raise_on_failure: bool = True,
                 earlier: bool = True, ways_out: bool = False) -> HorizonPlan:
    """The certified year plan of a scenario with a `horizon` (a scenario without one is planned
    as a horizon of one period). `earlier=False` skips the value of hiring one period earlier.
    Without a plan, an infeasible one carries its diagnosis (planner.horizon.diagnose); every way
    out (a few more solves per limit) only with `ways_out`."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    prepared = prepare_scenario(scenario, Path(base_dir) if base_dir is not None else None)
    inputs = build_inputs(prepared)
    T = prepared.horizon.periods if prepared.horizon is not None else 1
    hm = build_horizon_model(inputs, T)
    t1 = time.perf_counter()
    timings["build"] = t1 - t0
    outcome, certificate = solve_certified(hm.form, solver, time_limit)
    t2 = time.perf_counter()
    timings["solve"] = t2 - t1
    longest_ramp = max((len(r) for r in hm.staff.ramps), default=0)
    # labels past the horizon too: a late hire reaches full speed after it
    labels = period_labels(prepared.horizon.start if prepared.horizon else None, prepared.period, T + longest_ramp)
    if not outcome.status.ok:
        diagnosis = None
        if outcome.status == SolveStatus.INFEASIBLE:
            from planner.horizon.diagnose import diagnose_horizon

            diagnosis = diagnose_horizon(inputs, hm, solver, time_limit, ways=ways_out)
            timings["diagnosis"] = time.perf_counter() - t2
            lines = list(diagnosis.lines) if diagnosis.status == str(SolveStatus.INFEASIBLE) else []
            waiting = [g for g, lead in zip(hm.staff.ids, hm.staff.lead) if lead > 0]
            if lines and waiting:
                lines.append(MESSAGES["lead_time"].format(staff=", ".join(waiting)))
            message = MESSAGES["infeasible"] + ":\n" + "\n".join(f"  - {line}" for line in lines) \
                if lines else MESSAGES["infeasible_hint"]
        else:
            message = MESSAGES["unsolved"].format(status=outcome.status)
        return _failed(prepared, outcome.status, message, certificate, outcome.solver, timings, raise_on_failure,
                       diagnosis)
    x = np.asarray(outcome.x, float)
    integers = _integers(hm, x)
    at_work = hm.staff.at_work(integers[0], integers[1])
    solved = [_period(hm, x, t, labels[t], integers, at_work[t]) for t in range(T)]
    periods = tuple(p for p, _ in solved)
    objective = float(sum(v for _, v in solved))
    certificate = replace(certificate, objective_plan=objective)
    if abs(objective - certificate.objective_recomputed) > OBJECTIVE_TOL * max(1.0, abs(objective)) + 1e-9:
        message = MESSAGES["economics"].format(plan=objective, model=certificate.objective_recomputed)
        certificate = replace(certificate, holds=False, reasons=(*certificate.reasons, message))
        return _failed(prepared, SolveStatus.ERROR, message, certificate, outcome.solver, timings, raise_on_failure)
    calendar = hiring_calendar(hm, x, labels, objective, solver if earlier else None)
    timings["results"] = time.perf_counter() - t2
    timings["total"] = time.perf_counter() - t0
    return HorizonPlan(outcome.status, objective, _total_kpis(periods), periods, calendar, prepared, certificate,
                       outcome.solver, "", timings)


def plan_horizon_file(path: Path | str, **kwargs) -> HorizonPlan:
    from planner.scenario_io import load_scenario, scenario_dir

    return plan_horizon(load_scenario(path), base_dir=scenario_dir(path), **kwargs)


# ----- per period ------------------------------------------------------------------------------
def _integers(hm: HorizonModel, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """[T, S] head counts, hires and cuts (rounded: they are integer columns)."""
    return np.round(x[hm.head]) + 0.0, np.round(x[hm.hire]) + 0.0, np.round(x[hm.cut]) + 0.0


def _period(hm: HorizonModel, x: np.ndarray, t: int, label: str, integers, at_work: np.ndarray
            ) -> tuple[PeriodPlan, float]:
    """Period t's plan, and its objective by economics: the single-period objective of its
    numbers, less (profit objectives) its hiring cost. `integers`: [T, S] head counts, hires,
    cuts; `at_work`: period t's people at full speed per staff."""
    staff = hm.staff
    counts, hires, cuts = integers
    G = len(staff.ids) - 1
    season = hm.seasons[t]
    sol = extract_solution(hm.base, hm.block(x, t), capacity=staff.effective[:G] * at_work[:G])
    hiring = economics.hiring_cost(staff.hire_cost, staff.attrition, counts[t], hires[t])
    kpis = economics.with_hiring_cost(sol.kpis(season), hiring)
    used = np.zeros(G)
    if len(sol.allocations):
        used = np.bincount(sol.group_index, sol.allocations["hours"].to_numpy(float), minlength=G)
    capacity = staff.hours[:G] * at_work[:G]
    people_cost = economics.people_cost(season, counts[t, :G])
    per_person, per_hire = economics.hiring_terms(staff.hire_cost, staff.attrition)
    hire_cost = per_person * counts[t] + per_hire * hires[t]
    groups = pd.DataFrame({
        "group": staff.ids[:G], "head_count": counts[t, :G], "hires": hires[t, :G], "cuts": cuts[t, :G],
        "leavers": staff.attrition[:G] * counts[t, :G], "at_work": at_work[:G], "capacity": capacity,
        "hours_used": used, "utilisation": np.divide(used, capacity, out=np.zeros(G), where=capacity > 0),
        "cost": people_cost + hire_cost[:G],
    }, columns=GROUP_COLUMNS)
    hunter_hours = float(np.sum(sol.u))
    hunters = {"head_count": float(counts[t, G]), "hires": float(hires[t, G]), "cuts": float(cuts[t, G]),
               "leavers": float(staff.attrition[G] * counts[t, G]), "at_work": float(at_work[G]),
               "capacity": float(staff.hours[G] * at_work[G]), "hours_used": hunter_hours,
               "new_clients": float(kpis["new_clients"])}
    alloc = sol.allocations
    codes, names = pd.factorize(alloc["segment"]) if len(alloc) else (np.zeros(0, int), [])
    segments = pd.DataFrame({  # hours by segment (a groupby costs ten times more at this size)
        "segment": list(names),
        "clients": np.bincount(codes, alloc["clients"].to_numpy(float), minlength=len(names)) if len(alloc) else [],
        "hours": np.bincount(codes, alloc["hours"].to_numpy(float), minlength=len(names)) if len(alloc) else [],
    })
    horizon = hm.inputs.scenario.horizon
    value = economics.evaluate_objective(season, sol.served, sol.u, counts[t, :G], counts[t, G])
    value += economics.hiring_sign(hm.inputs.scenario.goal.objective) * hiring
    plan = PeriodPlan(t + 1, label, horizon.factor(t + 1) if horizon else 1.0, kpis, groups, hunters, segments, alloc)
    return plan, value


def _total_kpis(periods: tuple) -> dict:
    """Sums over the periods; head counts (hunters, headcount) of the last period."""
    out = {}
    for k in economics.KPI_NAMES:
        values = [p.kpis[k] for p in periods]
        out[k] = values[-1] if k in ("hunters", "headcount") else float(sum(values))
    return out


# ----- the calendar ------------------------------------------------------------------------------
def hiring_calendar(hm: HorizonModel, x: np.ndarray, labels: list[str], objective: float,
                    solver: str | None) -> pd.DataFrame:
    """One row per hire (decide in t - lead_time, start in t, full speed in t + len(ramp)) and per
    cut, in period order; `value_earlier` is the objective gained if that hire started one period
    earlier, all else as planned (None where the lead time or a limit forbids it)."""
    counts, hires, cuts = _integers(hm, x)
    staff = hm.staff
    from planner.headings import heading

    names = {g.id: g.name or g.id for g in hm.inputs.scenario.team.managers}
    names["hunters"] = heading("hunters")
    T = len(hm.seasons)
    rows = []
    for t in range(T):
        for s, g in enumerate(staff.ids):
            name = names.get(g, g)
            if hires[t, s] > 0:
                lead, ramp = int(staff.lead[s]), len(staff.ramps[s])
                decide = labels[max(0, t - lead)] if t - lead >= 0 else labels[0]
                full = labels[t + ramp] if t + ramp < len(labels) else None
                rows.append({"group": g, "name": name, "action": "hire", "people": int(hires[t, s]), "decide": decide,
                             "start": labels[t], "full_speed": full if ramp else labels[t], "value_earlier": None,
                             "_t": t, "_s": s})
            if cuts[t, s] > 0:
                rows.append({"group": g, "name": name, "action": "cut", "people": int(cuts[t, s]), "decide": labels[t],
                             "start": labels[t], "full_speed": None, "value_earlier": None, "_t": t, "_s": s})
    hires_rows = [r for r in rows if r["action"] == "hire"][:MAX_EARLIER]
    if solver is not None:
        for r in hires_rows:
            r["value_earlier"] = value_of_earlier_hire(hm, x, r["_t"], r["_s"], objective, solver)
    for r in rows:
        del r["_t"], r["_s"]
    return pd.DataFrame(rows, columns=CALENDAR_COLUMNS)


def value_of_earlier_hire(hm: HorizonModel, x: np.ndarray, t: int, s: int, objective: float,
                          solver: str) -> float | None:
    """The objective with period t's hires of staff s starting in t - 1 instead (y_s,t-1 one hire
    batch larger; every other integer as planned), less the plan's: an LP with the integers
    fixed, on a copy. None when t - 1 is within the lead time or the head count would leave its
    range."""
    counts, hires, cuts = _integers(hm, x)
    if t - 1 < hm.staff.lead[s] or t == 0:
        return None
    h = hires[t, s]
    if counts[t - 1, s] + h > hm.staff.upper[s]:
        return None
    form = hm.form
    values = np.round(x).copy()
    values[hm.hire[t - 1, s]] += h
    values[hm.hire[t, s]] -= h
    values[hm.head[t - 1, s]] += h
    lower, upper = form.lower.copy(), form.upper.copy()
    fixed = form.integer
    lower[fixed] = values[fixed]
    upper[fixed] = values[fixed]
    if np.any(lower[fixed] > form.upper[fixed]) or np.any(upper[fixed] < form.lower[fixed]):
        return None
    outcome = solve_form(form.with_bounds(lower, upper, np.zeros(form.n, bool)), solver, mip=False)
    if not outcome.status.ok or outcome.objective is None:
        return None
    return float(outcome.objective - objective)


def _failed(prepared: Scenario, status: SolveStatus, message: str, certificate, solver: str, timings: dict,
            raise_on_failure: bool, diagnosis: Any = None) -> HorizonPlan:
    plan = HorizonPlan(status, None, {k: float("nan") for k in economics.KPI_NAMES}, (),
                       pd.DataFrame(columns=CALENDAR_COLUMNS), prepared, certificate, solver, message, timings,
                       diagnosis)
    if raise_on_failure:
        raise PlanningError(MESSAGES["no_plan"].format(name=prepared.name, status=status, message=message), plan)
    return plan


__all__ = ["HorizonPlan", "PeriodPlan", "hiring_calendar", "plan_horizon", "plan_horizon_file",
           "value_of_earlier_hire"]
