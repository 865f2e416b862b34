"""Sales-resource planner: segment clients, prioritise segments, allocate the team with a MIP."""

__version__ = "0.1.0"
