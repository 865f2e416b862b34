"""Benchmark of books: 100,000 clients x 100 people (target < 5 s for the whole of `build_books`).

A generated scenario (20 segments x 3 levels, 10 groups of 10 people) with a generated
fractional plan (no MIP inside the timed part) and a client table where 70 % of clients have a
current manager and 1 % are locked. Prints a table of stage times; when `planner.optimise` and
`planner.segmentation` exist it also times the generated case solved by the optimiser then
booked, and the end-to-end run on the shipped default scenario (table, plan, books).

    .venv/bin/python bench/bench_books.py [--clients 100000] [--people 100] [--repeat 3] [--xlsx]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models import Scenario  # noqa: E402
from planner.books import (  # noqa: E402
    PlanCounts,
    assign_clients,
    build_books,
    integer_counts,
    level_table,
    people_table,
    write_books,
)


def generate_case(n_clients: int, n_people: int, *, n_segments: int = 20, group_size: int = 10,
                  seed: int = 1, locked_share: float = 0.01) -> tuple[Scenario, pd.DataFrame, PlanCounts]:
    """A scenario, a client table and a feasible fractional plan of the given size."""
    rng = np.random.default_rng(seed)
    n_groups = max(1, n_people // group_size)
    sizes = rng.multinomial(n_clients, rng.dirichlet(np.ones(n_segments) * 3))
    segments = []
    for s, n in enumerate(sizes):
        base = float(rng.uniform(2_000, 50_000))
        segments.append({
            "id": f"seg{s:02d}", "clients": int(n), "margin": round(float(rng.uniform(0.15, 0.4)), 3),
            "levels": [
                {"id": "full", "hours_per_client": 4.0, "revenue_per_client": base * 1.5},
                {"id": "standard", "hours_per_client": 1.0, "revenue_per_client": base},
                {"id": "mailings", "hours_per_client": 0, "revenue_per_client": base * 0.4, "cost_per_client": 5},
            ],
        })
    per_group = [n_people // n_groups + (1 if g < n_people % n_groups else 0) for g in range(n_groups)]
    managers = [
        {"id": f"team{g:02d}", "count": k, "hours": 160.0, "max_clients": 2_000,
         "efficiency": float(rng.choice([0.8, 1.0, 1.2]))}
        for g, k in enumerate(per_group)
    ]
    scenario = Scenario.model_validate({"schema_version": 1, "name": "bench books", "segments": segments,
                                        "team": {"managers": managers}})
    # A fractional plan: each segment's manager clients split over groups, levels by fixed shares,
    # scaled so that total hours are ~97 % of the team's.
    capacity = np.array([m["hours"] * m["count"] * m["efficiency"] for m in managers])
    rows = []
    share_full, share_std = 0.15, 0.45
    hours_needed = sizes * (share_full * 4 + share_std * 1)
    scale = min(1.0, 0.97 * capacity.sum() / hours_needed.sum())
    weights = capacity / capacity.sum()
    for s, n in enumerate(sizes):
        seg = f"seg{s:02d}"
        for g, m in enumerate(managers):
            rows.append((m["id"], seg, "full", n * share_full * scale * weights[g]))
            rows.append((m["id"], seg, "standard", n * share_std * scale * weights[g]))
        rows.append((None, seg, "mailings", n * (1 - (share_full + share_std) * scale) * 0.9))
    allocations = pd.DataFrame(rows, columns=["group", "segment", "level", "clients"])
    head_counts = {m["id"]: m["count"] for m in managers}

    people = people_table(scenario, head_counts)["person"].to_numpy()
    segment_of = np.repeat([s["id"] for s in segments], sizes)
    revenue = rng.lognormal(11, 1.0, n_clients)
    current = np.where(rng.random(n_clients) < 0.7, rng.choice(people, n_clients), None)
    clients = pd.DataFrame({
        "client": [f"C{i:06d}" for i in range(n_clients)],
        "segment": segment_of,
        "revenue": revenue,
        "margin": rng.uniform(0.1, 0.4, n_clients),
        "current_person": current,
        "locked": (rng.random(n_clients) < locked_share) & (current != None),  # noqa: E711
    })
    clients["value"] = clients["revenue"] * clients["margin"]
    return scenario, clients, PlanCounts(allocations, head_counts)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also time writing the workbook (slow: openpyxl)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    scenario, clients, plan = generate_case(args.clients, args.people)
    generate = time.perf_counter() - t0
    levels = level_table(scenario)
    people = people_table(scenario, plan.head_counts)
    sizes = clients["segment"].value_counts().to_dict()
    unlocked = clients.assign(locked=False)

    t_counts, counts = timed(lambda: integer_counts(plan.allocations, people, levels, sizes), args.repeat)
    t_assign, _ = timed(lambda: assign_clients(unlocked, counts.counts, levels, people), args.repeat)
    t_books, books = timed(lambda: build_books(scenario, unlocked, plan), args.repeat)
    t_locked, books_locked = timed(lambda: build_books(scenario, clients, plan), args.repeat)

    rows = [
        ("generate case (not timed in target)", generate),
        ("integer counts", t_counts),
        ("assign clients (minimal moves)", t_assign),
        ("build_books, no locks", t_books),
        (f"build_books, {int(clients['locked'].sum()):,} locked", t_locked),
    ]
    print(f"books benchmark: {args.clients:,} clients x {len(people)} people, "
          f"{clients['segment'].nunique()} segments; median of {args.repeat}")
    print(f"{'stage':<44}{'seconds':>10}")
    for name, secs in rows:
        print(f"{name:<44}{secs:>10.3f}")
    print(f"moves {books.moves:,} (minimum {books.minimal_moves:,}); with locks {books_locked.moves:,} "
          f"(minimum {books_locked.minimal_moves:,})")
    target = max(t_books, t_locked)
    print(f"target < 5 s: {'met' if target < 5 else 'MISSED'} ({target:.2f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        t_csv, _ = timed(lambda: write_books(books, Path(tmp) / "csv"), 1)
        print(f"{'write CSV folder (not in target)':<44}{t_csv:>10.3f}")
        if args.xlsx:
            t_xlsx, _ = timed(lambda: write_books(books, Path(tmp) / "books.xlsx"), 1)
            print(f"{'write workbook (not in target)':<44}{t_xlsx:>10.3f}")

    default = ROOT / "scenarios" / "default.yaml"
    try:
        import planner.optimise  # noqa: F401
        import planner.segmentation  # noqa: F401
    except ImportError:
        print("end to end: skipped (planner.optimise or planner.segmentation not available)")
        return
    from planner.plan_books import plan_counts
    from planner.optimise import plan_scenario

    def solved_books():
        plan = plan_scenario(scenario, details=False)
        return build_books(plan.scenario, unlocked, plan_counts(plan))

    t_solved, b = timed(solved_books, args.repeat)
    print(f"{'end to end, optimiser plan + books (100k)':<44}{t_solved:>10.3f}  ({b.moves:,} moves)")
    if default.exists():
        from planner.plan_books import books_for_scenario
        from planner.scenario_io import load_scenario, scenario_dir

        def end_to_end():
            return books_for_scenario(load_scenario(default), scenario_dir(default))

        t_e2e, b = timed(end_to_end, args.repeat)
        print(f"{'end to end, scenarios/default.yaml':<44}{t_e2e:>10.3f}  ({len(b.assignments):,} clients, "
              f"{len(b.people)} people, {b.moves} moves)")


if __name__ == "__main__":
    main()
