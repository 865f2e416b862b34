"""Atomic writes: an interrupted write never leaves its temporary behind for long."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from planner.fileio import write_atomic
from planner.scenario_io import load_scenario, save_scenario
from tests.paths import FIXTURES, ROOT


def test_a_write_killed_midway_leaves_the_old_file_and_the_next_write_removes_its_temporary(tmp_path):
    target = tmp_path / "scenario.yaml"
    save_scenario(load_scenario(FIXTURES / "example1.yaml"), target)
    before = target.read_text()
    # A writer killed while writing: its temporary exists, the target is unchanged.
    child = textwrap.dedent(f"""
        import os
        from planner.fileio import write_atomic_with
        def write(tmp):
            open(tmp, "w").write("half a scen")
            os._exit(9)
        write_atomic_with({str(target)!r}, write)
    """)
    result = subprocess.run([sys.executable, "-c", child], cwd=ROOT, timeout=60)
    assert result.returncode == 9
    left = [p for p in os.listdir(tmp_path) if p != "scenario.yaml"]
    assert len(left) == 1 and left[0].startswith(".scenario.") and left[0].endswith(".tmp.yaml")
    assert target.read_text() == before
    write_atomic(tmp_path / "other.yaml", "x")  # another target's write leaves it alone ...
    assert left[0] in os.listdir(tmp_path)
    save_scenario(load_scenario(FIXTURES / "example2.yaml"), target)  # ... the next write of this one removes it
    assert sorted(os.listdir(tmp_path)) == ["other.yaml", "scenario.yaml"]
    assert load_scenario(target) == load_scenario(FIXTURES / "example2.yaml")


def test_a_live_writers_temporary_is_left_alone(tmp_path):
    target = tmp_path / "t.csv"
    mine = tmp_path / f".t.{os.getpid()}.abcdefgh.tmp.csv"  # this process is alive
    mine.write_text("in progress")
    write_atomic(target, "a,b\n")
    assert mine.exists() and target.read_text() == "a,b\n"
