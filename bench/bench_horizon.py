"""Benchmark of the year plan: file -> HorizonPlan for 12 monthly periods of the generated
typical and large scenarios of bench_solve.py (same generator), with a B2B seasonality, a ramp of
30/60/90 %, a lead time of 2, 1.5 % monthly attrition and a hire cost on every group and the
hunters.

Targets (issue 17): typical < 0.5 s, large < 10 s (file -> plan, median of --repeat runs after a
warm-up; the value of hiring earlier included).

A second table times the answer to an infeasible year: the same scenarios with a monthly
min_profit three times the best month's profit, diagnosed as `planner solve` does (the limits
that must move) and as the app does (every way out, each checked by solving the year with it).

    .venv/bin/python bench/bench_horizon.py [--sizes typical,large] [--repeat 3] [--periods 12]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_solve import SIZES, generate  # noqa: E402
from models import Horizon  # noqa: E402
from planner.analysis.paths import set_paths  # noqa: E402
from planner.horizon.plan import plan_horizon  # noqa: E402
from planner.scenario_io import load_scenario, save_scenario, scenario_dir  # noqa: E402

SEASONALITY = [0.78, 0.92, 1.04, 1.02, 0.9, 0.96, 0.88, 0.92, 1.08, 1.14, 1.16, 1.2]
TARGET = {"typical": 0.5, "large": 10.0}
FRICTION = {"ramp": (0.3, 0.6, 0.9), "lead_time": 2, "attrition": 0.015, "hire_cost": 100000.0}


def year_scenario(size: str, periods: int):
    base = generate(**SIZES[size])
    team = base.team
    managers = tuple(g.model_copy(update=FRICTION) for g in team.managers)
    hunters = team.hunters.model_copy(update=FRICTION)
    season = tuple(SEASONALITY[t % 12] for t in range(periods))
    return base.model_copy(update={
        "horizon": Horizon(periods=periods, start="2027-01", seasonality=season),
        "team": team.model_copy(update={"managers": managers, "hunters": hunters}),
    })


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="typical,large")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--periods", type=int, default=12)
    args = ap.parse_args()
    print("| size | periods | columns | rows | build s | solve s | results s | file -> plan s (median) | target s | status |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    diagnoses = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            path = Path(tmp) / f"{size}.{'yaml' if size == 'typical' else 'json'}"
            save_scenario(year_scenario(size, args.periods), path)
            runs, plan = [], None
            for k in range(args.repeat + 1):  # the first run warms up imports and caches
                start = time.perf_counter()
                plan = plan_horizon(load_scenario(path), base_dir=scenario_dir(path))
                if k:
                    runs.append(time.perf_counter() - start)
            t = plan.timings
            form_size = plan.certificate.attempts
            median = statistics.median(runs)
            ok = "ok" if median < TARGET.get(size, float("inf")) else "SLOW"
            from planner.inputs import build_inputs
            from planner.horizon.model import build_horizon_model
            from planner.prepare import prepare_scenario

            hm = build_horizon_model(build_inputs(prepare_scenario(load_scenario(path), path.parent)), args.periods)
            print(f"| {size} | {args.periods} | {hm.form.n:,} | {hm.form.m:,} | {t['build']:.3f} | {t['solve']:.3f} | "
                  f"{t['results']:.3f} | {median:.3f} | {TARGET.get(size, float('nan'))} | {plan.status} {ok} "
                  f"({', '.join(form_size)}) |")
            diagnoses.append((size, path, max(p.kpis["profit"] for p in plan.periods)))
        print()
        print("| size | periods | limits to move | ways out | diagnosis s (planner solve) | with every way out s (the app) |")
        print("|---|---|---|---|---|---|")
        for size, path, best in diagnoses:
            scenario = set_paths(load_scenario(path), {"goal.min_profit": round(3 * best)})
            start = time.perf_counter()
            plain = plan_horizon(scenario, base_dir=scenario_dir(path), raise_on_failure=False)
            middle = time.perf_counter()
            full = plan_horizon(scenario, base_dir=scenario_dir(path), raise_on_failure=False, ways_out=True)
            end = time.perf_counter()
            print(f"| {size} | {args.periods} | {len(plain.diagnosis.items)} | {len(full.diagnosis.ways)} | "
                  f"{middle - start:.3f} | {end - middle:.3f} |")


if __name__ == "__main__":
    main()
