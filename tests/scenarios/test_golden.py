"""Every shipped scenario's optimum and allocation are unchanged: compared with the golden CSV
files of tests/scenarios/golden/ (rebuilt only on purpose: `python -m tests.scenarios.golden`)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.scenarios.golden import golden_path, golden_tables, shipped


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.stem)
def test_the_plan_is_the_golden_one(path):
    fresh = golden_tables(path)
    for name, frame in fresh.items():
        golden = pd.read_csv(golden_path(path, name), keep_default_na=False)
        assert list(golden.columns) == list(frame.columns), name
        assert len(golden) == len(frame), (name, len(golden), len(frame))
        for col in frame.columns:
            if pd.api.types.is_numeric_dtype(frame[col]):
                got, want = frame[col].to_numpy(float), golden[col].to_numpy(float)
                assert got == pytest.approx(want, rel=1e-7, abs=1e-6), (name, col)
            else:
                assert frame[col].astype(str).tolist() == golden[col].astype(str).tolist(), (name, col)
