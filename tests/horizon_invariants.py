"""The year plan's invariants, recomputed from the scenario document and `planner solve --json`
with this module's own reading of PLANNER.md "Multi-period plan (horizon)"; imports nothing of
the planner (like tests/invariants.py).

Per period t and staff g (each manager group, and the hunters):
- head counts whole, within [min_count, max_count] (fixed: = count), y_gt = y_g,t-1 + hires - cuts
  with y_g0 = count, hires and cuts whole and >= 0, no hire at work before period lead_time + 1;
- hours used (recomputed from the period's allocation: clients x hours_per_client / efficiency)
  <= the ramped capacity C_g (y_gt (1 - attrition (lead_time + sum(1 - ramp))) - sum_k (1 - ramp_k)
  hires_g,t-k); the hunters' hours likewise;
- sum of head counts <= max_headcount; the top-level KPIs are the sums over the periods (head
  counts: the last period's).
"""

from __future__ import annotations

from typing import Any

from tests.invariants import head_range, level_hours


def _staff(scenario: dict) -> dict[str, dict]:
    team = scenario.get("team", {})
    out = {g["id"]: dict(g) for g in team.get("managers", [])}
    hunters = dict(team.get("hunters", {}))
    hunters.setdefault("count", 0)
    out["hunters"] = hunters
    return out


def horizon_violations(scenario: dict, plan: dict, tol: float = 1e-6) -> list[str]:
    bad: list[str] = []
    staff = _staff(scenario)
    periods = plan["periods"]
    T = scenario.get("horizon", {}).get("periods", 1)
    if len(periods) != T:
        bad.append(f"{len(periods)} periods for a horizon of {T}")
    hours_of = {}
    for seg in scenario.get("segments", []):
        for lv in seg.get("levels", []):
            hours_of[(seg["id"], lv["id"])] = level_hours(lv)
    history: dict[str, list[tuple[float, float]]] = {g: [] for g in staff}  # (head count, hires)
    for p in periods:
        t = p["period"]
        rows = {g["group"]: g for g in p["groups"]}
        rows["hunters"] = p["hunters"]
        used = {g: 0.0 for g in staff}
        for a in p.get("allocations", []):
            eff = float(staff[a["group"]].get("efficiency", 1.0))
            used[a["group"]] += a["clients"] * hours_of[(a["segment"], a["level"])] / eff
        used["hunters"] = p["hunters"]["hours_used"]
        total_heads = 0.0
        for g, block in staff.items():
            row = rows[g]
            y, hires, cuts = row["head_count"], row["hires"], row["cuts"]
            for name, v in (("head_count", y), ("hires", hires), ("cuts", cuts)):
                if abs(v - round(v)) > tol or v < -tol:
                    bad.append(f"period {t} {g}: {name} {v} is not a whole number >= 0")
            count, lo, hi, _ = head_range(block, 0 if g == "hunters" else 1)
            if not (lo - tol <= y <= hi + tol):
                bad.append(f"period {t} {g}: head count {y} outside [{lo}, {hi}]")
            before = history[g][-1][0] if history[g] else count
            if abs(y - (before + hires - cuts)) > tol:
                bad.append(f"period {t} {g}: head count {y} != {before} + {hires} - {cuts}")
            lead = int(block.get("lead_time", 0))
            if t <= lead and hires > tol:
                bad.append(f"period {t} {g}: {hires} hires at work within the lead time {lead}")
            history[g].append((y, hires))
            ramp = [float(r) for r in block.get("ramp", [])]
            loss = float(block.get("attrition", 0.0)) * (lead + sum(1 - r for r in ramp))
            at_work = y * (1 - loss)
            for k, r in enumerate(ramp):
                if len(history[g]) > k:
                    at_work -= (1 - r) * history[g][-1 - k][1]
            capacity = float(block.get("hours", 0.0)) * at_work
            if used[g] > capacity + tol * max(1.0, capacity):
                bad.append(f"period {t} {g}: {used[g]:.6g} hours used > ramped capacity {capacity:.6g}")
            total_heads += y
        limit = scenario.get("team", {}).get("max_headcount")
        if limit is not None and total_heads > limit + tol:
            bad.append(f"period {t}: head count {total_heads} > max_headcount {limit}")
    if periods:
        for k, v in plan["kpis"].items():
            values = [p["kpis"][k] for p in periods]
            want = values[-1] if k in ("hunters", "headcount") else sum(values)
            if abs(v - want) > tol * max(1.0, abs(want)):
                bad.append(f"kpis.{k} = {v}, the periods give {want}")
    return bad


__all__ = ["horizon_violations"]
