"""Benchmark of the answer to an infeasible scenario: the generated typical, large and huge
scenarios of bench_solve.py with a min_profit three times their optimum, diagnosed as
`planner solve` does (the limits that must move, checked by solving with them) and as the app
does (every way out, each checked; trying further limits stops after WAYS_SECONDS).

    .venv/bin/python bench/bench_diagnose.py [--sizes typical,large,huge]

(bench_horizon.py times the same for a year plan.)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_solve import SIZES, generate  # noqa: E402
from planner.analysis.paths import set_paths  # noqa: E402
from planner.diagnose import WAYS_SECONDS  # noqa: E402
from planner.optimise import plan_scenario  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="typical,large,huge")
    args = ap.parse_args()
    print(f"ways out: further limits are tried for at most {WAYS_SECONDS:g} s")
    print("| size | limits to move | ways out | diagnosis s (planner solve) | with every way out s (the app) |")
    print("|---|---|---|---|---|")
    for size in args.sizes.split(","):
        scenario = generate(**SIZES[size])
        best = plan_scenario(scenario, details=False)
        impossible = set_paths(scenario, {"goal.min_profit": round(3 * best.kpis["profit"])})
        start = time.perf_counter()
        plain = plan_scenario(impossible, raise_on_failure=False)
        middle = time.perf_counter()
        full = plan_scenario(impossible, raise_on_failure=False, ways_out=True)
        end = time.perf_counter()
        print(f"| {size} | {len(plain.diagnosis.items)} | {len(full.diagnosis.ways)} | "
              f"{middle - start:.3f} | {end - middle:.3f} |")


if __name__ == "__main__":
    main()
