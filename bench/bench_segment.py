"""Benchmark: read, segment and profile a generated client table of 1,000,000 rows x 12 columns.

    .venv/bin/python bench/bench_segment.py [--rows 1000000] [--repeat 3] [--seed 7]

The table is written once to a temporary folder as a Russian-style export (semicolon separated,
decimal comma, UTF-8) and read back with the planner's reader. Five criteria (abc, bins, two
category, quantiles and a three-column score) and seven rules segment it. Printed: the best of
`--repeat` runs of each stage. Target: segment + profile < 5 s for 1M rows on the 2-core machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table as RichTable

from models import ClientsSource
from planner.segmentation import read_source, segment_profiles, segment_table
from planner.tables import read_header, read_table

REGIONS = np.array(["Moscow", "Saint Petersburg", "Central", "Volga", "Urals", "Siberia", "South", "North-West"])
INDUSTRIES = np.array(["manufacturing", "retail", "logistics", "construction", "food", "energy", "agro", "services"])

SOURCE = {
    "file": "clients.csv",
    "id_column": "client_id",
    "revenue_column": "revenue_12m",
    "margin_column": "margin",
    "manager_column": "manager",
    "lock_column": "locked",
    "segmentation": {
        "criteria": [
            {"id": "volume", "column": "revenue_12m", "method": "abc", "shares": [0.8, 0.15]},
            {"id": "size", "column": "employees", "method": "bins", "edges": [50, 250], "labels": ["small", "medium", "large"]},
            {"id": "region", "column": "region"},
            {"id": "industry", "column": "industry"},
            {"id": "frequency", "column": "orders_12m", "method": "quantiles", "q": [0.5, 0.8], "labels": ["rare", "regular", "frequent"]},
            {"id": "potential", "method": "score", "weights": {"potential": 2, "tenure_years": 1, "overdue_share": -1},
             "q": [0.7], "labels": ["low", "high"]},
        ],
        "rules": [
            {"segment": "key", "when": {"volume": "A", "size": "large"}},
            {"segment": "key_small", "when": {"volume": "A"}},
            {"segment": "growth_capital", "when": {"volume": "B", "region": ["Moscow", "Saint Petersburg"]}},
            {"segment": "growth", "when": {"volume": "B"}},
            {"segment": "potential", "when": {"potential": "high", "frequency": ["regular", "frequent"]}},
            {"segment": "tail_industry", "when": {"industry": ["manufacturing", "energy"]}},
            {"segment": "tail"},
        ],
    },
}


def generate(rows: int, seed: int) -> pd.DataFrame:
    """12 columns: id, revenue, margin, employees, region, industry, manager, orders, tenure,
    overdue share, potential, locked. Revenue is heavy-tailed (lognormal) as real sales are."""
    rng = np.random.default_rng(seed)
    revenue = np.round(rng.lognormal(11.5, 1.4, rows), -2)
    revenue[rng.random(rows) < 0.002] = np.nan
    return pd.DataFrame(
        {
            "client_id": np.char.add("C", np.arange(1, rows + 1).astype(str)),
            "revenue_12m": revenue,
            "margin": np.round(rng.uniform(0.05, 0.4, rows), 3),
            "employees": rng.integers(1, 3000, rows),
            "region": REGIONS[rng.integers(0, len(REGIONS), rows)],
            "industry": INDUSTRIES[rng.integers(0, len(INDUSTRIES), rows)],
            "manager": np.char.add("m", rng.integers(1, 200, rows).astype(str)),
            "orders_12m": rng.poisson(6, rows),
            "tenure_years": np.round(rng.exponential(4, rows), 1),
            "overdue_share": np.round(rng.beta(0.5, 8, rows), 3),
            "potential": np.round(rng.lognormal(10, 1, rows), -2),
            "locked": rng.random(rows) < 0.01,
        }
    )


def best_of(repeat: int, fn):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    console = Console(width=200)  # a bench table is read whole, also when piped
    source = ClientsSource.model_validate(SOURCE)

    t0 = time.perf_counter()
    frame = generate(args.rows, args.seed)
    t_generate = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clients.csv"
        t0 = time.perf_counter()
        frame.to_csv(path, sep=";", decimal=",", index=False)
        t_write = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6

        from planner.segmentation import _roles  # the same column roles read_source uses

        roles = _roles(source, "clients")

        def read():
            read_header(path)
            return read_table(
                path, text_columns=roles.text, numeric_columns=roles.numeric, bool_columns=roles.boolean,
                column_paths=roles.paths, problem_path="clients.file",
            )

        t_read, table = best_of(args.repeat, read)
        t_segment, clients = best_of(args.repeat, lambda: segment_table(table, source))
        t_profile, profiles = best_of(args.repeat, lambda: segment_profiles(clients))
        t0 = time.perf_counter()
        read_source(source, path)  # cold: read + segment, as prepare_scenario does
        t_cold = time.perf_counter() - t0

    assert int(profiles["clients"].sum()) == args.rows
    out = RichTable(title=f"bench_segment: {args.rows:,} rows x {frame.shape[1]} columns ({size_mb:.0f} MB CSV)",
                    title_justify="left")
    out.add_column("stage")
    out.add_column("seconds", justify="right")
    for name, t in (
        ("generate (not timed against the target)", t_generate),
        ("write CSV (; and decimal comma)", t_write),
        (f"read CSV (best of {args.repeat})", t_read),
        (f"segment: labels + rules (best of {args.repeat})", t_segment),
        (f"profiles (best of {args.repeat})", t_profile),
        ("segment + profiles (target < 5 s)", t_segment + t_profile),
        ("read_source cold: read + segment", t_cold),
    ):
        out.add_row(name, f"{t:.3f}")
    console.print(out)
    counts = RichTable(title="segments", title_justify="left")
    for col in ("segment", "clients", "share_of_revenue", "margin_rate"):
        counts.add_column(col, justify="left" if col == "segment" else "right")
    for seg, row in profiles.iterrows():
        counts.add_row(str(seg), f"{int(row['clients']):,}", f"{(row['share_of_revenue'] or 0):.1%}",
                       "-" if row["margin_rate"] is None or row["margin_rate"] != row["margin_rate"] else f"{row['margin_rate']:.1%}")
    console.print(counts)


if __name__ == "__main__":
    main()
