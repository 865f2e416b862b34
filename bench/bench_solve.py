"""Benchmark of the optimiser: file -> Plan on generated typical, large and huge scenarios.

Stages timed: validate (read the file: YAML for typical, JSON for large and huge; pydantic), build (inputs + PuLP model), solve (HiGHS
through PuLP), results (tables, KPIs, baseline; with --details also shadow prices and
explanations; the baseline is evaluated in a thread while HiGHS solves, so results counts only
the wait for it). Also times HiGHS alone on the same model (PuLP writes it as MPS, highspy reads
it, only `run()` is timed, median of the same number of runs) and prints the ratio of
file -> Plan to HiGHS alone.

Targets (issue 3): typical < 50 ms median after warm-up; large within 1.3 x HiGHS alone;
huge (2,000 segments x 200 groups) < 2 s thanks to pooling.

    .venv/bin/python bench/bench_solve.py [--sizes typical,large,huge] [--repeat 5] [--formulation aggregate|pools|groups]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models import Scenario  # noqa: E402
from planner.inputs import build_inputs  # noqa: E402
from planner.model import build_model  # noqa: E402
from planner.optimise import plan_scenario  # noqa: E402
from planner.prepare import prepare_scenario  # noqa: E402
from planner.scenario_io import load_scenario, save_scenario, scenario_dir  # noqa: E402

SIZES = {
    "typical": dict(segments=12, groups=8, prospects=3, skills=2, span_groups=1),
    "large": dict(segments=500, groups=100, prospects=10, skills=4, span_groups=3),
    "huge": dict(segments=2000, groups=200, prospects=20, skills=4, span_groups=4),
}


def generate(segments: int, groups: int, prospects: int, skills: int, span_groups: int, seed: int = 7) -> Scenario:
    """A scenario of the given size: 3 levels per segment (full, standard, automated), a third of
    the segments needing one of `skills` skills, a quarter of the groups with a decided head
    count, `span_groups` groups with a span limit, integer hunters."""
    rng = np.random.default_rng(seed)
    skill_ids = [f"skill{k}" for k in range(skills)]
    segs = []
    total_clients = 0
    for s in range(segments):
        n = int(rng.integers(20, 400))
        total_clients += n
        base = float(rng.uniform(2_000, 60_000))
        seg = {
            "id": f"seg{s:04d}", "clients": n, "margin": round(float(rng.uniform(0.12, 0.4)), 3),
            "priority": str(rng.choice(["A", "B", "B", "B", "C"], p=[0.1, 0.3, 0.3, 0.25, 0.05])),
            "unserved_revenue": round(base * 0.2),
            "levels": [
                {"id": "full", "hours_per_client": float(rng.choice([4, 6, 8])), "revenue_per_client": round(base * 1.5),
                 "cost_per_client": 100},
                {"id": "standard", "hours_per_client": float(rng.choice([1, 1.5, 2])), "revenue_per_client": round(base)},
                {"id": "mailings", "hours_per_client": 0, "revenue_per_client": round(base * 0.5), "cost_per_client": 10},
            ],
        }
        if seg["priority"] == "A":
            seg["min_coverage"] = 0.3
        if rng.random() < 1 / 3:
            seg["required_skill"] = str(rng.choice(skill_ids))
        segs.append(seg)
    team_hours = 0.0
    managers = []
    for g in range(groups):
        count = int(rng.integers(1, 8))
        grp = {"id": f"grp{g:03d}", "count": count, "hours": float(rng.choice([120, 140, 160])),
               "skills": sorted(set(rng.choice(skill_ids, size=int(rng.integers(0, 3))).tolist())),
               "efficiency": float(rng.choice([0.8, 1.0, 1.0, 1.2])),
               "cost_per_person": float(rng.integers(30, 90)) * 1000}
        if g % 4 == 0:
            grp["min_count"] = max(0, count - 2)
            grp["max_count"] = count + 3
        if g < span_groups:
            grp["max_clients"] = 60
        team_hours += grp["hours"] * count
        managers.append(grp)
    pros = [{"id": f"pro{p:02d}", "pool": int(rng.integers(20, 200)), "conversion_per_hour": round(float(rng.uniform(0.01, 0.06)), 3),
             "revenue_per_client": round(float(rng.uniform(5_000, 40_000))), "margin": 0.3, "acquisition_cost": 500}
            for p in range(prospects)]
    data = {
        "schema_version": 1, "name": f"generated {segments}x3x{groups}",
        "goal": {"objective": "profit"},
        "segments": segs, "prospects": pros,
        "team": {"managers": managers,
                 "hunters": {"count": 1, "min_count": 0, "max_count": max(3, prospects), "hours": 150, "cost_per_person": 60000}},
    }
    return Scenario.model_validate(data)


def time_stages(path: Path, details: bool, formulation: str) -> dict[str, float]:
    t0 = time.perf_counter()
    scenario = load_scenario(path)
    t1 = time.perf_counter()
    plan = plan_scenario(scenario, base_dir=scenario_dir(path), details=details, formulation=formulation)
    t2 = time.perf_counter()
    tm = plan.timings
    results = tm["results"] + tm["baseline"] + tm.get("details", 0.0)
    # "solve" in the plan's timings is build + solve (priority_first builds a model per stage);
    # solver_only is the solver's own time, the rest is building.
    build = tm["inputs"] + tm["solve"] - tm["solver_only"]
    return {"validate": t1 - t0, "build": build, "solve": tm["solver_only"], "results": results,
            "total": t2 - t0, "objective": plan.objective}


def highs_alone(path: Path, formulation: str, repeat: int = 1) -> tuple[float, float]:
    """HiGHS on the same model: written by PuLP as MPS, read by highspy, run() timed (median of
    `repeat` runs, each on a freshly read model: a second run() would start from the answer)."""
    import highspy

    from planner.solve import _silence_highs_banner

    _silence_highs_banner()
    scenario = prepare_scenario(load_scenario(path), scenario_dir(path))
    model = build_model(build_inputs(scenario), formulation=formulation)
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        mps = Path(tmp) / "model.mps"
        model.prob.writeMPS(str(mps), with_objsense=True)
        for _ in range(max(1, repeat)):
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("mip_rel_gap", 1e-7)
            h.readModel(str(mps))
            start = time.perf_counter()
            h.run()
            times.append(time.perf_counter() - start)
            obj = h.getInfo().objective_function_value
    return statistics.median(times), obj + model.objective_constant  # OBJSENSE MAX; the constant is not in the file


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="typical,large,huge")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per size (after one warm-up)")
    ap.add_argument("--formulation", default="aggregate", choices=["aggregate", "pools", "groups"],
                    help="model form: aggregate (default), pools, or groups (the literal per-group model)")
    ap.add_argument("--per-group-reference", default="typical,large",
                    help="sizes for which to also time HiGHS alone on the per-group model (huge takes minutes)")
    args = ap.parse_args()
    formulation = args.formulation
    rows, references = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            spec = SIZES[size]
            # a machine-made scenario of thousands of segments is JSON (parsed by json, ~50x
            # faster than YAML); the typical one is the YAML a person writes
            path = Path(tmp) / f"{size}.{'yaml' if size == 'typical' else 'json'}"
            save_scenario(generate(**spec), path)
            # huge takes seconds a run: at most 2; typical and large take the --repeat asked for
            repeat = args.repeat if size != "huge" else max(1, min(args.repeat, 2))
            for details in (False, True):
                time_stages(path, details, formulation)  # warm-up
                runs = [time_stages(path, details, formulation) for _ in range(repeat)]
                med = {k: statistics.median(r[k] for r in runs) for k in ("validate", "build", "solve", "results", "total")}
                rows.append((size, details, med, runs[0]["objective"]))
            alone, alone_obj = highs_alone(path, formulation, repeat)
            rows.append((size, "highs", {"total": alone}, alone_obj))
            if size in args.per_group_reference.split(","):
                ref, ref_obj = highs_alone(path, "groups")
                references.append((size, ref, ref_obj))
    print(f"{'size':8} {'extras':7} {'validate':>9} {'build':>9} {'solve':>9} {'results':>9} {'file->Plan':>11} "
          f"{'HiGHS alone':>12} {'ratio':>7}  objective")
    alone_by_size = {size: m["total"] for size, d, m, _ in rows if d == "highs"}
    alone_obj = {size: obj for size, d, m, obj in rows if d == "highs"}
    for size, details, med, obj in rows:
        if details == "highs":
            continue
        a = alone_by_size[size]
        print(f"{size:8} {'yes' if details else 'no':7} {med['validate']:9.4f} {med['build']:9.4f} {med['solve']:9.4f} "
              f"{med['results']:9.4f} {med['total']:11.4f} {a:12.4f} {med['total'] / a:7.2f}  {obj:,.2f}"
              f" (HiGHS alone {alone_obj[size]:,.2f})")
    print(f"(seconds, medians; extras = shadow prices and explanations; formulation {formulation})")
    for size, ref, ref_obj in references:
        best = min(m["total"] for sz, d, m, _ in rows if sz == size and d is False)
        print(f"{size}: HiGHS alone on the literal per-group model takes {ref:.3f} s (objective {ref_obj:,.2f}); "
              f"file->Plan is {best / ref:.2f} x that")


if __name__ == "__main__":
    main()
