"""The planner's own exception types. A user mistake is an `InputError` (exit code 2) with
problems that name the place; a scenario that cannot be planned is a `PlanningError` (exit 1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (`segments[2].levels[0].hours_per_client`) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PlannerError(Exception):
    """Base of every error the planner raises on purpose."""

    exit_code = 1


class InputError(PlannerError):
    """Bad input: a malformed file, table or value. Carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str, source: str | None = None):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self.render())

    def __reduce__(self) -> tuple:  # across processes (the app's workers) with its problems
        return (type(self), (self.problems, self.source))

    def render(self) -> str:
        head = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return head + str(self.problems[0])
        from planner.i18n import ntr

        count = ntr("{n} problem:", "{n} problems:", len(self.problems))
        lines = [f"{head}{count}"] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class PlanningError(PlannerError):
    """The scenario is valid but has no plan (infeasible, unbounded, solver failure).

    `plan` is the failed Plan that carries the status and the diagnosis."""

    exit_code = 1

    def __init__(self, message: str, plan: Any = None):
        self.plan = plan
        super().__init__(message)

    def __reduce__(self) -> tuple:
        return (type(self), (str(self), self.plan))
