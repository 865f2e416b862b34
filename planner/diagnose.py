"""Why a scenario has no plan, in its own words.

The elastic model (`build_model(inputs, elastic=True)`) gives every limit a user may move a
penalised slack: each coverage row (`sum z + sigma >= phi n`), each target (`KPI + sigma >=
target`), the budget (`Cost - sigma <= max_cost`), the head-count limit (`sum y + H - sigma <=
T`) and every min_count (`y_g + sigma >= min_count_g`, the bound moved to a row). It minimises
`sum sigma_i` with each slack in units of `max(1, |limit_i|)`: the smallest total *relative*
move, and every slack left
positive is a limit that must move by that much. Nothing else (capacities, pools, sizes) is
relaxed: those are facts, not choices.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import pandas as pd

from planner import economics
from planner.i18n import N_, catalogue
from planner.inputs import Inputs
from planner.certificate import solve_certified
from planner.model import build_model
from planner.solve import SolveStatus

TOL = 1e-6
SLACK_TOL = 1e-6  # relative: a solved slack's error (seen: 1e-6 of the limit)
EXACT_TOL = 1e-9  # relative: a value this close to a round number is that number
WIDEN = (1.0, 10.0, 100.0, 1000.0)  # rounding margins tried until the moved limits give a plan

TEXT = catalogue({
    "coverage": N_("segment {s}: min_coverage {phi:g} needs {need_h:,.0f} h of {who}, who have {have_h:,.0f} h: "
                "lower it to {new_phi:.2f} or add {add_h:,.0f} h"),
    "coverage_noone": N_("segment {s}: min_coverage {phi:g} needs {need:,.1f} manager-served clients, but {why}: "
                      "lower it to {new_phi:.2f}"),
    "why_service": N_("its service '{svc}' allows no manager-served level"),
    "why_skill": N_("no manager group has skill '{q}'"),
    "why_levels": N_("it has no manager-served level"),
    "min_profit": N_("goal.min_profit {t:,.0f} is out of reach with the other limits: lower it to {v:,.0f} (by {d:,.0f})"),
    "min_revenue": N_("goal.min_revenue {t:,.0f} is out of reach with the other limits: lower it to {v:,.0f} (by {d:,.0f})"),
    "min_new_clients": N_("goal.min_new_clients {t:,.1f} is out of reach with the other limits: lower it to {v:,.1f} (by {d:,.1f})"),
    "budget": N_("goal.max_cost {t:,.0f} is too small for the other limits: raise it to {v:,.0f} (by {d:,.0f})"),
    "headcount": N_("team.max_headcount {t:g} is too small for the other limits: raise it to {v:g} (by {d:g})"),
    "min_count": N_("{path} {t:g} cannot be met with the other limits: lower it to {v:g}"),
    "max_count": N_("{path} {t:g} is too small for the other limits: allow {v:g} (by {d:g})"),
    "and": N_("; and "),
    "way": N_("way {n}: {what}; the best plan then reaches an objective of {objective:,.0f}"),
    "way_no_plan": N_("way {n}: {what}"),
    "who_skilled": N_("{q}-skilled managers"),
    "who_any": N_("managers"),
    "unsolved": N_("the elastic model could not be solved either ({status})"),
})


@dataclass(frozen=True)
class Diagnosis:
    """Which limits conflict and by how much each must move."""

    status: str
    items: pd.DataFrame = field(default_factory=pd.DataFrame)  # family, subject, path, limit, suggested, change, text
    # every way out, ranked: rank, moves (list of item dicts), edits (path -> value), objective, text
    ways: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def lines(self) -> list[str]:
        return list(self.items["text"]) if len(self.items) else []

    def suggested_edits(self) -> dict[str, Any]:
        """path -> suggested value of each limit that must move (whole numbers as int), for
        `planner.analysis.paths.set_paths`."""
        out: dict[str, Any] = {}
        if not len(self.items):
            return out
        for path, value in zip(self.items["path"], self.items["suggested"]):
            if not path or value is None or value != value:
                continue
            value = float(value)
            out[str(path)] = int(value) if value.is_integer() else value
        return out

    def to_json(self) -> dict[str, Any]:
        from planner.jsonable import records

        ways = [{"rank": int(r), "moves": m, "edits": e, "objective": None if o != o else float(o), "text": str(x)}
                for r, m, e, o, x in self.ways.itertuples(index=False)] if len(self.ways) else []
        return {"status": self.status, "lines": self.lines, "items": records(self.items), "ways": ways}


def _who(inputs: Inputs, s: str) -> str:
    q = inputs.segments.at[s, "required_skill"]
    return TEXT["who_skilled"].format(q=q) if isinstance(q, str) else TEXT["who_any"]


COLUMNS = ["family", "subject", "path", "limit", "suggested", "change", "text"]
WAY_COLUMNS = ["rank", "moves", "edits", "objective", "text"]
# Limits that may move along with another one (a way out "allow more hunters" usually needs room
# in the head-count limit or the budget as well).
COMPANIONS = frozenset({"headcount", "budget"})
# Trying further limits for ways out stops after this many seconds (the app's jobs have 120): a
# large scenario has about a hundred limits, each up to three solves.
WAYS_SECONDS = 20.0
GOAL_FAMILIES = frozenset({"headcount", *(t.family for t in economics.TARGETS)})


def _slack_error(limit: float) -> float:
    """How far a solved slack may be off its exact value, in the limit's units: the solver's
    tolerance on a slack in units of `max(1, |limit|)`."""
    return SLACK_TOL * max(1.0, abs(limit))


def _outward(value: float, direction: int, decimals: int, error: float, size: float, snap: bool = True) -> float:
    """A moved limit as it is shown and applied, never short of where a plan exists: `value`
    itself when it is a round number (to `decimals`) to the last few digits, else `value`
    moved away from the conflict by the slack's `error` and rounded on that side (direction
    -1: down, for a lower limit; +1: up, for an upper one). `size`: the limit's magnitude;
    `snap=False` never keeps the value itself (a wider margin after a failed check). A
    budget shown 0.0008 short of the point where a plan exists would leave the scenario
    infeasible when applied."""
    unit = 10.0 ** decimals
    nearest = round(value * unit) / unit
    if snap and abs(nearest - value) <= EXACT_TOL * max(1.0, abs(size)):
        return nearest
    if direction < 0:
        return math.floor((value - error) * unit) / unit
    return math.ceil((value + error) * unit) / unit


def _move(inputs: Inputs, slack, sigma: float, widen: float = 1.0) -> tuple:
    """One limit that must move by `sigma` (in the limit's own units), rounded away from the
    conflict (`_outward`, `widen` times the slack's error; head counts `log10 widen` more):
    a row of COLUMNS."""
    extra = round(math.log10(widen))
    error = lambda limit: _slack_error(limit) * widen  # noqa: E731
    seg, lv, gr = inputs.segments, inputs.levels, inputs.groups
    goal = inputs.scenario.goal
    family, subject = slack.family, slack.subject
    if family == "coverage":
        s = subject
        n, phi = float(seg.at[s, "clients"]), float(seg.at[s, "min_coverage"])
        need = phi * n
        new_phi = max(0.0, _outward((need - sigma) / n, -1, 2, error(need) / n, phi, widen == 1)) if n else 0.0
        path = f"segments[{s}].min_coverage"
        mrows = lv[(lv["segment"] == s) & ~lv["automated"] & lv["allowed"]]
        groups = [g for g in gr.index if inputs.may_serve(g, s)]
        if not len(mrows) or not groups:
            if seg.at[s, "service"] != "all":
                why = TEXT["why_service"].format(svc=seg.at[s, "service"])
            elif not len(mrows):
                why = TEXT["why_levels"]
            else:
                why = TEXT["why_skill"].format(q=seg.at[s, "required_skill"])
            text = TEXT["coverage_noone"].format(s=s, phi=phi, need=need, why=why, new_phi=new_phi)
        else:
            h_min = float(mrows["hours"].min())
            have = float(sum(gr.at[g, "effective_hours"] * gr.at[g, "upper"] for g in groups))
            text = TEXT["coverage"].format(s=s, phi=phi, need_h=need * h_min, who=_who(inputs, s),
                                           have_h=have, new_phi=new_phi, add_h=sigma * h_min)
        return (family, s, path, phi, new_phi, sigma, text)
    if family in ("min_profit", "min_revenue", "min_new_clients"):
        t = float(getattr(goal, family))
        v = _outward(t - sigma, -1, 1 if family == "min_new_clients" else 0, error(t), t, widen == 1)
        return (family, "goal", f"goal.{family}", t, v, v - t, TEXT[family].format(t=t, v=v, d=t - v))
    if family == "budget":
        t = float(goal.max_cost)
        v = _outward(t + sigma, 1, 0, error(t), t, widen == 1)
        return (family, "goal", "goal.max_cost", t, v, v - t, TEXT["budget"].format(t=t, v=v, d=v - t))
    if family == "headcount":
        t = float(inputs.max_headcount)
        d = float(math.ceil(sigma - TOL) + extra)
        return (family, "team", "team.max_headcount", t, t + d, d, TEXT["headcount"].format(t=t, v=t + d, d=d))
    if family == "max_count":
        path, t = ("team.hunters.max_count", float(inputs.hunters.upper)) if subject == "hunters" else (
            f"team.managers[{subject}].max_count", float(gr.at[subject, "upper"]))
        d = float(math.ceil(sigma - TOL) + extra)
        return (family, subject, path, t, t + d, d, TEXT["max_count"].format(path=path, t=t, v=t + d, d=d))
    # min_count
    if subject == "hunters":
        path, t = "team.hunters.min_count", float(inputs.hunters.lower)
    else:
        path, t = f"team.managers[{subject}].min_count", float(gr.at[subject, "lower"])
    v = max(0.0, t - math.ceil(sigma - TOL) - extra)
    return (family, subject, path, t, v, -(t - v), TEXT["min_count"].format(path=path, t=t, v=v))


@dataclass(frozen=True)
class Elastic:
    """An elastic problem as arrays: `form` minimises the sum of its slacks (each in units of
    its limit's scale), `slacks` names each limit that may move and `columns` holds each
    slack's column in `form`, in the order of `slacks`. The single-period diagnosis builds it
    from `build_model(inputs, elastic=True)`, the year plan's from the assembled horizon
    (planner.horizon.diagnose)."""

    form: Any
    slacks: dict
    columns: list


def elastic_of_model(model) -> Elastic:
    """The single-period elastic model (`build_model(inputs, elastic=True)`) as an `Elastic`."""
    form = model.form
    column = {id(v): k for k, v in enumerate(form.variables)}
    return Elastic(form, dict(model.slacks), [column[id(s.var)] for s in model.slacks.values()])


def _elastic_solve(elastic: Elastic, allowed: set[str] | None, solver: str, time_limit: float | None,
                   cheap: str | None = None):
    """The elastic model with only the `allowed` slacks free (None: every slack but max_count);
    the slack `cheap` costs a thousandth of the others (moved first, as far as it helps)."""
    form = elastic.form
    upper = form.upper.copy()
    cost = form.cost.copy()
    for k, (name, slack) in enumerate(elastic.slacks.items()):
        free = (slack.family != "max_count") if allowed is None else name in allowed
        if not free:
            upper[elastic.columns[k]] = 0.0
        if name == cheap:
            cost[elastic.columns[k]] *= 1e-3
    outcome, _certificate = solve_certified(replace(form, upper=upper, cost=cost), solver, time_limit)
    return outcome


def _moves(inputs: Inputs, elastic: Elastic, outcome, widen: float = 1.0) -> list[tuple]:
    """Each limit whose slack is positive, moved (`_move`, its rounding `widen`-fold wider).
    Slacks below TOL of their limit are the solver's noise, unless no slack is larger: a
    scenario infeasible by less than that still names the limits to move."""
    sigmas = [(slack, float(outcome.x[elastic.columns[k]]) * slack.scale)  # slacks are relative to the limit
              for k, slack in enumerate(elastic.slacks.values())]
    significant = [(slack, sigma) for slack, sigma in sigmas if sigma > TOL * max(1.0, slack.scale)]
    if not significant:
        significant = [(slack, sigma) for slack, sigma in sigmas if sigma > 0.0]
    return [_move(inputs, slack, sigma, widen) for slack, sigma in significant]


def _verified(inputs: Inputs, elastic: Elastic, outcome, objective_after: Callable[[dict], float]
              ) -> tuple[list[tuple], float]:
    """The moves of an elastic solution checked by solving the scenario with them: when the
    solver's tolerances leave a moved limit a hair short of a plan, it is moved further (the
    rounding 10, 100, 1000 times wider, a head count one more each time). The moves, and the
    optimum they lead to (NaN if none of them gives a plan)."""
    moves: list[tuple] = []
    for widen in WIDEN:
        moves = _moves(inputs, elastic, outcome, widen)
        if not moves:
            return moves, math.nan
        objective = objective_after(_edits(moves))
        if objective == objective:
            return moves, objective
    return moves, math.nan


def single_period_objective(inputs: Inputs, solver: str, time_limit: float | None) -> Callable[[dict], float]:
    """edits -> the optimum of the scenario with those limits moved (NaN if it still has no plan)."""
    def objective_after(edits: dict[str, Any]) -> float:
        from planner.analysis.paths import set_paths
        from planner.errors import InputError
        from planner.inputs import build_inputs
        from planner.optimise import solve_inputs

        try:
            solved = solve_inputs(build_inputs(set_paths(inputs.scenario, edits)), solver, time_limit)
        except InputError:
            return math.nan
        if not solved.outcome.status.ok:
            return math.nan
        return float(solved.certificate.objective_recomputed)

    return objective_after


def _edits(moves: list[tuple]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for _family, _subject, path, _limit, suggested, _change, _text in moves:
        value = float(suggested)
        out[path] = int(value) if value.is_integer() and not path.endswith("min_coverage") else value
    return out


def ways_out(inputs: Inputs, elastic: Elastic, objective_after: Callable[[dict], float], solver: str = "highs",
             time_limit: float | None = None, *, first: tuple[str, ...] = (), budget: float | None = None
             ) -> pd.DataFrame:
    """Every way out the elastic model finds: each limit that can move alone (with room in the
    head-count limit or the budget where it needs it), by how much, and the optimum it leads
    to (`objective_after(edits)`); ranked by that optimum, best first (ties: fewer moves).

    Limits are tried in order of relevance: `first` (those the smallest combined move moves),
    the goal's targets, budget and head-count limit, more people, then the rest; with a
    `budget` of seconds no further limit is tried once it is spent (a large year plan has
    about a hundred limits, each a MIP)."""
    slacks = elastic.slacks
    names = sorted(slacks, key=lambda n: (n not in first, slacks[n].family not in GOAL_FAMILIES,
                                          slacks[n].family != "max_count"))
    started = time.perf_counter()
    companions = {n for n in names if slacks[n].family in COMPANIONS}
    usual = {n for n in names if slacks[n].family != "max_count"}
    ways: list[dict] = []

    def found(outcome) -> bool:
        if not outcome.status.ok:
            return False
        moves = _moves(inputs, elastic, outcome)
        paths = tuple(sorted(m[2] for m in moves))
        if moves and all(w["paths"] != paths for w in ways):
            ways.append({"paths": paths, "outcome": outcome})
        return bool(moves)

    for name in names:
        if budget is not None and time.perf_counter() - started > budget:
            break
        # this limit alone; else with room in the head count and budget; else this limit first,
        # as far as it helps, and the smallest other moves for the rest
        if found(_elastic_solve(elastic, {name}, solver, time_limit)):
            continue
        if name not in companions and companions and found(
                _elastic_solve(elastic, {name} | companions, solver, time_limit)):
            continue
        found(_elastic_solve(elastic, usual | {name}, solver, time_limit, cheap=name))
    rows = []
    for way in ways:
        moves, objective = _verified(inputs, elastic, way["outcome"], objective_after)
        rows.append((moves, _edits(moves), objective))
    rows.sort(key=lambda r: (-(r[2] if r[2] == r[2] else -math.inf), len(r[0])))
    out = []
    for rank, (moves, edits, objective) in enumerate(rows, start=1):
        what = TEXT["and"].join(m[6] for m in moves)
        text = TEXT["way"].format(n=rank, what=what, objective=objective) if objective == objective else \
            TEXT["way_no_plan"].format(n=rank, what=what)
        out.append((rank, [dict(zip(COLUMNS, m)) for m in moves], edits, objective, text))
    return pd.DataFrame(out, columns=WAY_COLUMNS)


def diagnose(inputs: Inputs, solver: str = "highs", time_limit: float | None = None, *, ways: bool = True) -> Diagnosis:
    """Solve the elastic model, name every limit that has to move (the smallest combined move),
    and list every way out (`ways_out`)."""
    elastic = elastic_of_model(build_model(inputs, elastic=True))
    return diagnose_elastic(inputs, elastic, single_period_objective(inputs, solver, time_limit), solver,
                            time_limit, ways=ways, budget=WAYS_SECONDS)


def diagnose_elastic(inputs: Inputs, elastic: Elastic, objective_after: Callable[[dict], float],
                     solver: str = "highs", time_limit: float | None = None, *, ways: bool = True,
                     budget: float | None = None) -> Diagnosis:
    """The diagnosis of any elastic problem: its smallest combined move, then every way out
    (`budget`: seconds for trying further limits, see ways_out)."""
    outcome = _elastic_solve(elastic, None, solver, time_limit)
    if not outcome.status.ok:
        return Diagnosis(str(outcome.status), pd.DataFrame(
            [("solver", "", "", None, None, None, TEXT["unsolved"].format(status=outcome.status))], columns=COLUMNS))
    moves, objective = _verified(inputs, elastic, outcome, objective_after)
    moved = tuple(name for k, name in enumerate(elastic.slacks)
                  if float(outcome.x[elastic.columns[k]]) > TOL)
    found = ways_out(inputs, elastic, objective_after, solver, time_limit, first=moved, budget=budget) \
        if ways or objective != objective \
        else pd.DataFrame(columns=WAY_COLUMNS)
    if objective != objective and len(found) and found["objective"].iloc[0] == found["objective"].iloc[0]:
        # a scenario infeasible by a hair of the solver's tolerance: the smallest combined move
        # is noise; the best way out that gives a plan is the answer
        return Diagnosis(str(SolveStatus.INFEASIBLE), pd.DataFrame(found["moves"].iloc[0], columns=COLUMNS), found)
    return Diagnosis(str(SolveStatus.INFEASIBLE), pd.DataFrame(moves, columns=COLUMNS), found)


__all__ = ["Diagnosis", "Elastic", "diagnose", "diagnose_elastic", "elastic_of_model", "single_period_objective"]
