"""Property tests under the `fuzz` Hypothesis profile, round after round, for a bounded time.

    .venv/bin/python tests/fuzz/run_properties.py       (the first half of `make fuzz`)

`make test` runs every Hypothesis test derandomised, so it tries the same examples on every
machine. This explores instead: each round runs `pytest -m property` (every Hypothesis test,
marked by tests/conftest.py) with PLANNER_FUZZ=1 (random, ten times the examples) and a new
`--hypothesis-seed`, until FUZZ_PROPERTY_SECONDS (300) are spent; a round still running then is
stopped, which is not a failure. A failing round prints pytest's report: the falsifying example
and the `@reproduce_failure` blob to paste above the test, and its seed to repeat the round
(`PLANNER_FUZZ=1 pytest -m property --hypothesis-seed=SEED`). Then add the example as an
`@example` and fix the cause. The exit code is 1 when a round failed.

FUZZ_SEED (11) makes the sequence of seeds repeatable.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("FUZZ_PROPERTY_SECONDS", "300"))
SEED = os.environ.get("FUZZ_SEED", "11")


def main() -> int:
    rng = random.Random(f"properties:{SEED}")
    start = time.perf_counter()
    rounds = failed = 0
    env = {**os.environ, "PLANNER_FUZZ": "1"}
    while (left := SECONDS - (time.perf_counter() - start)) > 5:
        seed = rng.randrange(2**32)
        cmd = [sys.executable, "-m", "pytest", "-q", "-m", "property", "-p", "no:cacheprovider",
               f"--hypothesis-seed={seed}"]
        try:
            result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=left)
        except subprocess.TimeoutExpired:
            print(f"properties: round {rounds + 1} (seed {seed}) stopped at the time limit", flush=True)
            break
        rounds += 1
        last = result.stdout.strip().splitlines()[-1:] or [""]
        if result.returncode != 0:
            failed += 1
            print(result.stdout[-20_000:], result.stderr[-5_000:], sep="\n", flush=True)
            print(f"properties: round {rounds} FAILED; repeat it with "
                  f"PLANNER_FUZZ=1 .venv/bin/python -m pytest -m property --hypothesis-seed={seed}", flush=True)
        else:
            print(f"properties: round {rounds} (seed {seed}): {last[0]}", flush=True)
    print(f"properties: {rounds} rounds, {failed} failed, {time.perf_counter() - start:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
