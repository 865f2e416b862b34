"""Export a Plan: one Excel workbook, or a folder of CSV files (one per sheet), written atomically
through `planner.workbook` (headings in words, number formats, no user text as a formula).

Sheets: summary (status, objective, KPIs against the baseline, the certificate), allocation,
segments, segment_levels, groups, prospects, shadow_prices, explanations, baseline (its KPIs and
the limits it breaks) and playbook (each level's work algorithm: channel, contacts, hours,
offer, terms, contact role, materials, with the plan's clients at that level).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.economics import KPI_NAMES
from planner.errors import InputError, Problem
from planner.headings import heading
from planner.i18n import N_, catalogue
from planner.solve import status_text
from planner.summary import objective_text
from planner.workbook import Sheet, workbook_bytes, write_csv_folder, write_workbook

SHEETS = ("summary", "allocation", "segments", "segment_levels", "groups", "prospects", "shadow_prices",
          "explanations", "baseline", "playbook")
PLAYBOOK_FIELDS = ("name", "channel", "contacts", "hours_per_contact", "offer", "terms", "contact_role", "materials")

TITLES = catalogue({
    "summary": N_("Summary"),
    "allocation": N_("Allocation"),
    "segments": N_("Segments"),
    "segment_levels": N_("Levels"),
    "groups": N_("Groups"),
    "prospects": N_("Prospects"),
    "shadow_prices": N_("Value of one more unit"),
    "explanations": N_("Why each level"),
    "baseline": N_("Baseline"),
    "playbook": N_("Playbook"),
})
TEXT = catalogue({
    "scenario": N_("scenario"),
    "status": N_("status"),
    "objective": N_("objective"),
    "goal": N_("goal"),
    "feasible": N_("meets every limit"),
    "breaks": N_("breaks"),
    "certificate": N_("certificate holds"),
    "max_violation": N_("largest violation"),
    "mip_gap": N_("MIP gap"),
    "solver": N_("solver"),
    "bad_out": N_("'{out}': give a .xlsx file or a folder for CSV files"),
    "baseline.current": N_("current"),
    "baseline.even_spread": N_("even spread"),
    "baseline.clients_table": N_("today's owners in the client table"),
    "built": N_("how it was built"),
    "not_folder": N_("'{out}' exists and is not a folder"),
})


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return str(value)


def playbook_table(plan) -> pd.DataFrame:
    """The documented work algorithm of every level, with the plan's clients at it."""
    clients = {}
    if len(plan.segment_levels):
        clients = {(s, l): c for s, l, c in plan.segment_levels[["segment", "level", "clients"]].itertuples(index=False)}
    rows = []
    for seg in plan.scenario.segments:
        for lv in seg.levels:
            row = {"segment": seg.id, "segment_name": seg.name or seg.id, "level": lv.id,
                   "hours_per_client": lv.planned_hours, "plan_clients": clients.get((seg.id, lv.id), 0.0)}
            for f in PLAYBOOK_FIELDS:
                value = getattr(lv, f)
                # numbers stay numbers (a count of contacts is not text); lists become one text
                row[f] = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else _text(value)
            rows.append(row)
    return pd.DataFrame(rows)


def summary_table(plan) -> pd.DataFrame:
    base = plan.baseline
    cert = plan.certificate
    items = [TEXT["scenario"], TEXT["status"], TEXT["objective"], TEXT["goal"]] + [heading(k) for k in KPI_NAMES]
    values = [plan.scenario.name, status_text(plan.status), plan.objective, objective_text(plan.scenario.goal.objective)]
    values += [plan.kpis[k] for k in KPI_NAMES]
    baseline = [TEXT[f"baseline.{base.kind}"] if base else None, None, base.objective if base else None, None]
    baseline += [base.kpis[k] if base else None for k in KPI_NAMES]
    if cert is not None:
        items += [TEXT["certificate"], TEXT["max_violation"], TEXT["mip_gap"], TEXT["solver"]]
        values += [cert.holds, cert.max_violation, cert.mip_gap, cert.solver]
        baseline += [None] * 4
    return pd.DataFrame({"item": items, "plan": pd.Series(values, dtype=object),
                         "baseline": pd.Series(baseline, dtype=object)})


def plan_sheets(plan) -> dict[str, pd.DataFrame]:
    base = plan.baseline
    if base is not None:
        baseline = pd.DataFrame({"item": [TEXT["built"]] + [heading(k) for k in base.kpis] + [TEXT["feasible"]]
                                 + [TEXT["breaks"]] * len(base.violations),
                                 "value": pd.Series([base.description] + list(base.kpis.values()) + [base.feasible]
                                                    + list(base.violations), dtype=object)})
    else:
        baseline = pd.DataFrame(columns=["item", "value"])
    return {
        "summary": summary_table(plan),
        "allocation": plan.allocations,
        "segments": plan.segments,
        "segment_levels": plan.segment_levels,
        "groups": plan.groups,
        "prospects": plan.prospects,
        "shadow_prices": plan.shadow_prices,
        "explanations": plan.explanations,
        "baseline": baseline,
        "playbook": playbook_table(plan),
    }


TOTALS = {"allocation", "segments", "segment_levels", "groups", "prospects"}


# What a shadow price is the value of, in words (the workbook; the data keeps the kind's id).
SHADOW_KINDS = catalogue({
    "hour": N_("an hour of a group"),
    "hunter_hour": N_("an hour of a hunter"),
    "person": N_("a person in a group"),
    "hunter": N_("a hunter"),
    "headcount": N_("a head under max_headcount"),
    "budget": N_("a unit of max_cost"),
})


def _in_words(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet's ids in words where they are not the user's: the kind of a shadow price."""
    if name == "shadow_prices" and "kind" in frame.columns:
        words = lambda k: SHADOW_KINDS[k] if k in SHADOW_KINDS else heading(k)  # noqa: E731 - a goal's target
        return frame.assign(kind=frame["kind"].map(words))
    return frame


# How each KPI's number reads (the summary and baseline sheets mix them in one column).
KPI_KINDS = {"revenue": "money", "gross_margin": "money", "cost": "money", "profit": "money", "new_clients": "count",
             "hunters": "count", "headcount": "count", "manager_hours_used": "hours"}


def _row_kinds(name: str, plan) -> dict[str, list[str | None]]:
    """Per row kinds of the summary's plan and baseline columns and the baseline's values."""
    kpis = [KPI_KINDS.get(k, "number") for k in KPI_NAMES]
    if name == "summary":
        kinds = [None, None, "money", None, *kpis, None, "scientific", "scientific", None]
        return {"plan": kinds, "baseline": kinds}
    if name == "baseline" and plan.baseline is not None:
        return {"value": [None, *(KPI_KINDS.get(k, "number") for k in plan.baseline.kpis)]}
    return {}


def workbook_sheets(plan) -> list[Sheet]:
    return [Sheet(TITLES[name], _in_words(name, frame), totals=name in TOTALS, row_kinds=_row_kinds(name, plan))
            for name, frame in plan_sheets(plan).items()]


def plan_workbook_bytes(plan) -> bytes:
    """The plan workbook in memory (the app's download)."""
    return workbook_bytes(workbook_sheets(plan), plan.scenario.currency)


def write_out(out: Path | str, sheets, tables, currency: str) -> Path:
    """`--out`: `X.xlsx` gets the workbook of `sheets()`, a path without a suffix a folder with a
    CSV file per table of `tables()`; anything else is refused naming the option."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        return write_workbook(out, sheets(), currency)
    if out.suffix:
        raise InputError(Problem("--out", TEXT["bad_out"].format(out=out.name)))
    if out.exists() and not out.is_dir():
        raise InputError(Problem("--out", TEXT["not_folder"].format(out=out.name)))
    write_csv_folder(out, tables())
    return out


def export_plan(plan, out: Path | str) -> Path:
    """Write `PLAN.xlsx` (one sheet per table) or, for any other path, a folder of CSV files."""
    return write_out(out, lambda: workbook_sheets(plan), lambda: plan_sheets(plan), plan.scenario.currency)


__all__ = ["SHEETS", "TITLES", "export_plan", "plan_sheets", "plan_workbook_bytes", "playbook_table", "workbook_sheets", "write_out"]
