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

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from planner.i18n import N_, catalogue
from planner.inputs import Inputs
from planner.model import build_model
from planner.solve import SolveStatus

TOL = 1e-6

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
    "who_skilled": N_("{q}-skilled managers"),
    "who_any": N_("managers"),
    "unsolved": N_("the elastic model could not be solved either ({status})"),
})


@dataclass(frozen=True)
class Diagnosis:
    """Which limits conflict and by how much each must move."""

    status: str
    items: pd.DataFrame = field(default_factory=pd.DataFrame)  # family, subject, path, limit, suggested, change, text

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

        return {"status": self.status, "lines": self.lines, "items": records(self.items)}


def _who(inputs: Inputs, s: str) -> str:
    q = inputs.segments.at[s, "required_skill"]
    return TEXT["who_skilled"].format(q=q) if isinstance(q, str) else TEXT["who_any"]


def diagnose(inputs: Inputs, solver: str = "highs", time_limit: float | None = None) -> Diagnosis:
    """Solve the elastic model and name every limit that has to move."""
    from planner.optimise import solve_model

    model = build_model(inputs, elastic=True)
    outcome = solve_model(model, solver, time_limit).outcome
    cols = ["family", "subject", "path", "limit", "suggested", "change", "text"]
    if not outcome.status.ok:
        return Diagnosis(str(outcome.status), pd.DataFrame(
            [("solver", "", "", None, None, None, TEXT["unsolved"].format(status=outcome.status))], columns=cols))
    seg, lv, gr = inputs.segments, inputs.levels, inputs.groups
    goal = inputs.scenario.goal
    rows = []
    for slack in model.slacks.values():
        family, subject = slack.family, slack.subject
        sigma = float(slack.var.varValue or 0.0) * slack.scale  # slacks are relative to the limit's scale
        if sigma <= TOL * max(1.0, slack.scale):
            continue
        if family == "coverage":
            s = subject
            n, phi = float(seg.at[s, "clients"]), float(seg.at[s, "min_coverage"])
            need = phi * n
            new_phi = max(0.0, (need - sigma) / n) if n else 0.0
            path = f"segments[{seg.at[s, 'position']}].min_coverage"
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
            rows.append((family, s, path, phi, new_phi, sigma, text))
        elif family in ("min_profit", "min_revenue", "min_new_clients"):
            t = float(getattr(goal, family))
            rows.append((family, "goal", f"goal.{family}", t, t - sigma, -sigma,
                         TEXT[family].format(t=t, v=t - sigma, d=sigma)))
        elif family == "budget":
            t = float(goal.max_cost)
            rows.append((family, "goal", "goal.max_cost", t, t + sigma, sigma, TEXT["budget"].format(t=t, v=t + sigma, d=sigma)))
        elif family == "headcount":
            t = float(inputs.max_headcount)
            d = float(round(sigma))
            rows.append((family, "team", "team.max_headcount", t, t + d, d, TEXT["headcount"].format(t=t, v=t + d, d=d)))
        elif family == "min_count":
            if subject == "hunters":
                path, t = "team.hunters.min_count", float(inputs.hunters.lower)
            else:
                path, t = f"team.managers[{subject}].min_count", float(gr.at[subject, "lower"])
            v = max(0.0, t - round(sigma))
            rows.append((family, subject, path, t, v, -(t - v), TEXT["min_count"].format(path=path, t=t, v=v)))
    return Diagnosis(str(SolveStatus.INFEASIBLE), pd.DataFrame(rows, columns=cols))


__all__ = ["Diagnosis", "diagnose"]
