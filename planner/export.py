"""Export a Plan: one Excel workbook, or a folder of CSV files (one per sheet), written atomically.

Sheets: summary (status, objective, KPIs against the baseline), allocation, segments,
segment_levels, groups, prospects, shadow_prices, explanations, baseline (its KPIs and the limits
it breaks) and playbook (each level's work algorithm: channel, contacts, hours, offer, terms,
contact role, materials, with the plan's clients at that level).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from planner.errors import InputError, Problem
from planner.plan import KPI_NAMES
from planner.fileio import write_atomic

SHEETS = ("summary", "allocation", "segments", "segment_levels", "groups", "prospects", "shadow_prices",
          "explanations", "baseline", "playbook")
PLAYBOOK_FIELDS = ("name", "channel", "contacts", "hours_per_contact", "offer", "terms", "contact_role", "materials")


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
                row[f] = _text(getattr(lv, f))
            rows.append(row)
    return pd.DataFrame(rows)


def plan_sheets(plan) -> dict[str, pd.DataFrame]:
    base = plan.baseline
    summary = pd.DataFrame({
        "item": ["scenario", "status", "objective", "goal"] + list(KPI_NAMES),
        "plan": [plan.scenario.name, str(plan.status), plan.objective, plan.scenario.goal.objective]
        + [plan.kpis[k] for k in KPI_NAMES],
        "baseline": [base.kind if base else None, None, base.objective if base else None, None]
        + [base.kpis[k] if base else None for k in KPI_NAMES],
    })
    if base is not None:
        baseline = pd.DataFrame({"item": list(base.kpis) + ["feasible"] + ["breaks"] * len(base.violations),
                                 "value": list(base.kpis.values()) + [base.feasible] + list(base.violations)})
    else:
        baseline = pd.DataFrame(columns=["item", "value"])
    return {
        "summary": summary,
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


def export_plan(plan, out: Path | str) -> Path:
    """Write `PLAN.xlsx` (one sheet per table) or, for any other path, a folder of CSV files."""
    out = Path(out)
    sheets = plan_sheets(plan)
    if out.suffix.lower() == ".xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for name, df in sheets.items():
                df.to_excel(writer, sheet_name=name, index=False)
        write_atomic(out, buffer.getvalue())
        return out
    if out.suffix and out.suffix.lower() not in ("",):
        raise InputError(Problem("--out", f"'{out}': give a .xlsx file or a folder for CSV files"))
    if out.exists() and not out.is_dir():
        raise InputError(Problem("--out", f"'{out}' exists and is not a folder"))
    for name, df in sheets.items():
        write_atomic(out / f"{name}.csv", df.to_csv(index=False))
    return out


__all__ = ["SHEETS", "export_plan", "plan_sheets", "playbook_table"]
