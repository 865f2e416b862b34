"""Analysis over many solves: sweeps, marginal-value curves, Monte Carlo, scenario comparison.

Every function takes a loaded Scenario (and `base_dir` for its tables), returns labelled
DataFrames ready to chart, accepts `progress(done, total)`, and runs its solves where an
`Execution` says: in this process, on a local process pool (default: every core) or on a Dask
cluster (`Execution(scheduler="tcp://...")`).

    from planner.analysis import sweep, marginal_curve, monte_carlo, compare_scenarios, set_path
"""

from planner.analysis.compare import compare_scenarios
from planner.analysis.evaluate import FixedPlan, evaluate_fixed_plan
from planner.analysis.execution import Execution, ProgressCallback, default_workers, run_tasks
from planner.analysis.marginal import MarginalCurve, curve_long, marginal_curve
from planner.analysis.montecarlo import MonteCarloResult, histogram, monte_carlo
from planner.analysis.paths import (
    HUNTERS,
    fix_head_count,
    get_path,
    parse_assignment,
    parse_path,
    parse_values,
    set_path,
    set_paths,
)
from planner.analysis.sampling import UncertainEstimate, apply_values, draw_samples, uncertain_estimates
from planner.analysis.solving import SolveOptions, fixed_plan_of
from planner.analysis.sweep import sweep

__all__ = [
    "Execution",
    "FixedPlan",
    "HUNTERS",
    "MarginalCurve",
    "MonteCarloResult",
    "ProgressCallback",
    "SolveOptions",
    "UncertainEstimate",
    "apply_values",
    "compare_scenarios",
    "curve_long",
    "default_workers",
    "draw_samples",
    "evaluate_fixed_plan",
    "fix_head_count",
    "fixed_plan_of",
    "get_path",
    "histogram",
    "marginal_curve",
    "monte_carlo",
    "parse_assignment",
    "parse_path",
    "parse_values",
    "run_tasks",
    "set_path",
    "set_paths",
    "sweep",
    "uncertain_estimates",
]
