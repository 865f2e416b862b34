"""Benchmark of the analysis: Monte Carlo solves of a typical scenario.

    .venv/bin/python bench/bench_analysis.py                 # 1,000 samples, every core
    .venv/bin/python bench/bench_analysis.py --samples 200 --workers 1 --workers 2

The typical scenario (PERFORMANCE.md's "typical": 12 segments x 3 levels, 8 manager groups,
3 prospect segments, ranged estimates, decided head counts) is generated deterministically by
`typical_scenario()`. Each sample re-optimises the scenario (one MIP) and evaluates the
nominal plan under the sample; the table reports samples, workers, total seconds and
milliseconds per solve (wall time / solves), and the CPU seconds this process and its workers
used: on a machine shared with other jobs the wall time depends on the load, the CPU time
does not (`cpu / cores` is the wall time on free cores). Target: 1,000 solves in < 30 s on 2
cores. Measured 2026-11-27 on the 2-core machine shared with other jobs (load average ~5):
1,000 samples + 162 tornado solves in 16.7 s (14.4 ms per solve, 19.7 ms CPU per solve);
1,000 samples without the tornado in 15.1 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models import Scenario  # noqa: E402
from planner.scenario_io import scenario_from_data  # noqa: E402

SKILLS = ("key_account", "industry", "standard")


def _range(rng: np.random.Generator, likely: float, low_share: float, high_share: float, digits: int = 2) -> dict:
    return {
        "low": round(likely * (1 - low_share), digits),
        "likely": round(likely, digits),
        "high": round(likely * (1 + high_share), digits),
    }


def typical_scenario(seed: int = 7) -> Scenario:
    """12 segments x 3 levels, 8 manager groups, 3 prospect segments, ranges on every estimate."""
    rng = np.random.default_rng(seed)
    segments = []
    for i in range(12):
        klass = "ABCD"[min(3, i // 3)] if i < 11 else "B"
        clients = int(rng.integers(20, 400)) if klass != "A" else int(rng.integers(10, 60))
        base = float(rng.uniform(4000, 60000)) if klass == "A" else float(rng.uniform(1500, 15000))
        hours_full = float(rng.uniform(4, 12)) if klass == "A" else float(rng.uniform(1.5, 5))
        levels = [
            {"id": "full", "hours_per_client": _range(rng, hours_full, 0.2, 0.4),
             "revenue_per_client": _range(rng, base * 1.3, 0.2, 0.15, 0), "cost_per_client": 150.0},
            {"id": "standard", "hours_per_client": _range(rng, hours_full * 0.35, 0.2, 0.4),
             "revenue_per_client": _range(rng, base, 0.15, 0.1, 0)},
            {"id": "mailings", "hours_per_client": 0,
             "revenue_per_client": _range(rng, base * 0.45, 0.3, 0.1, 0), "cost_per_client": 20.0},
        ]
        segment = {
            "id": f"s{i + 1:02d}", "priority": klass, "clients": clients,
            "margin": round(float(rng.uniform(0.18, 0.4)), 3),
            "unserved_revenue": _range(rng, base * 0.15, 0.5, 0.5, 0),
            "levels": levels,
        }
        if klass == "A":
            segment["required_skill"] = "key_account"
        elif i % 4 == 1:
            segment["required_skill"] = "industry"
        segments.append(segment)
    managers = []
    for g in range(8):
        skills = ["standard"] + (["key_account"] if g < 2 else []) + (["industry"] if g % 3 == 1 else [])
        group = {
            "id": f"g{g + 1}", "hours": float(rng.choice([120, 140, 150, 160])), "skills": skills,
            "efficiency": round(float(rng.uniform(0.75, 1.0)), 2),
            "cost_per_person": float(rng.choice([2500, 3000, 4000, 5000])),
        }
        if g in (2, 5, 7):  # three groups whose head count the optimiser decides
            group.update(count=2, min_count=1, max_count=5)
        else:
            group["count"] = int(rng.integers(1, 4))
        if g == 6:
            group["max_clients"] = 120.0
        managers.append(group)
    prospects = [
        {"id": f"p{p + 1}", "pool": _range(rng, float(rng.integers(20, 80)), 0.3, 0.3, 0),
         "conversion_per_hour": _range(rng, float(rng.uniform(0.02, 0.06)), 0.3, 0.3, 4),
         "revenue_per_client": _range(rng, float(rng.uniform(4000, 12000)), 0.25, 0.25, 0),
         "margin": round(float(rng.uniform(0.2, 0.35)), 3), "acquisition_cost": 200.0}
        for p in range(3)
    ]
    data = {
        "schema_version": 1,
        "name": "Typical benchmark scenario (12 segments x 3 levels, 8 groups, 3 prospect segments)",
        "goal": {"objective": "profit", "min_new_clients": 8},
        "segments": segments,
        "prospects": prospects,
        "team": {
            "managers": managers,
            "hunters": {"count": 1, "min_count": 0, "max_count": 4, "hours": 150.0, "cost_per_person": 3000.0},
            "max_headcount": 26,
        },
    }
    return scenario_from_data(data, source="typical_scenario")


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its finished children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--workers", type=int, action="append", help="worker counts to try (default: all cores)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-tornado", action="store_true", help="skip the one-at-a-time swings")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    from planner.analysis.execution import Execution, default_workers
    from planner.analysis.montecarlo import monte_carlo

    scenario = typical_scenario()
    console = Console(width=200)  # a bench table is read whole, also when piped
    table = Table(title=f"Monte Carlo of the typical scenario ({len(scenario.segments)} segments, "
                  f"{len(scenario.team.managers)} groups, {len(scenario.prospects)} prospect segments)")
    for col in ("samples", "workers", "solves", "total s", "per solve ms", "cpu s", "cpu ms/solve", "load", "P50 profit",
                "failed"):
        table.add_column(col, justify="right")
    for workers in args.workers or [default_workers()]:
        start = time.perf_counter()
        cpu_start = _cpu_seconds()
        result = monte_carlo(scenario, samples=args.samples, seed=args.seed,
                             execution=Execution(workers=workers), tornado=not args.no_tornado)
        total = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_start
        solves = result.solves
        p50 = result.summary.loc["optimal_profit", "p50"]
        failed = int((result.samples["status"] != "optimal").sum())
        table.add_row(f"{args.samples:,}", str(workers), f"{solves:,}", f"{total:.1f}",
                      f"{1000 * total / solves:.1f}", f"{cpu:.1f}", f"{1000 * cpu / solves:.1f}",
                      f"{os.getloadavg()[0]:.1f}", f"{p50:,.0f}", str(failed))
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
