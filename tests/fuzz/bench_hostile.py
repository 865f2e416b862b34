"""How fast `planner validate` refuses the hostile documents, through the real console script.

    .venv/bin/python tests/fuzz/bench_hostile.py

For each fixture of tests/fixtures/hostile/ and each large document tests/planner/test_hostile_inputs.py
generates, runs `planner validate FILE` (best of FUZZ_BENCH_REPEAT, default 3) and prints its
wall time, exit code and message. The unit tests only bound the in-process load generously;
these are the numbers to quote. The console script's own start (imports) is measured too, on
a one-line bad file, so the cost of a refusal can be read as the difference.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.planner.test_hostile_inputs import GENERATED, HOSTILE  # noqa: E402

REPEAT = int(os.environ.get("FUZZ_BENCH_REPEAT", "3"))
PLANNER = Path(sys.executable).with_name("planner")


def measure(path: Path) -> tuple[float, int, str]:
    best, code, message = float("inf"), 0, ""
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = subprocess.run([str(PLANNER), "validate", str(path)], capture_output=True, text=True, timeout=120)
        best = min(best, time.perf_counter() - start)
        code, message = result.returncode, " ".join(result.stderr.split())[:110]
        if "Traceback" in result.stderr:
            message = "TRACEBACK " + message
    return best, code, message


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        files = [("(start) one-line bad file", Path(folder) / "start.yaml")]
        files[0][1].write_text("not: a scenario\n")
        files += [(p.name, p) for p in sorted(HOSTILE.iterdir())]
        for name, (text, _) in GENERATED.items():
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            files.append((f"{name} ({len(text.encode()) / 1e6:.1f} MB)", path))
        worst = 0.0
        print(f"{'document':40s} {'seconds':>8s} exit  message")
        for name, path in files:
            seconds, code, message = measure(path)
            worst = max(worst, seconds)
            print(f"{name:40s} {seconds:8.3f} {code:4d}  {message}", flush=True)
    print(f"bench: {len(files)} documents, slowest {worst:.3f} s (best of {REPEAT}, the console script's start included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
