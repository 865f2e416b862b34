"""The `response:` block of a segment: CALLPLAN-style judgments of how revenue answers effort.

A head of sales rarely knows the revenue of each service level, but can say: "with today's
effort a client of this segment brings R; with no contact it would bring 60% of R; with half the
effort 85%; with 50% more effort 110%; with unlimited effort at most 120%". `planner/response.py`
fits Lodish's ADBUDG curve to these judgments and turns it into ordinary levels.

```yaml
segments:
  - id: growth
    clients: 120
    margin: 0.3
    response:
      current_hours_per_client: 2     # today's manager hours per client and period
      revenue_per_client: 20000       # today's revenue per client and period (optional with a client table)
      at_zero: 0.6                    # revenue with no manager contact, as a multiple of today's
      at_half: 0.85                   # ... with half of today's hours
      at_one_and_half: 1.1            # ... with 1.5 times today's hours
      saturation: 1.2                 # ... with unlimited hours (the curve's ceiling)
      cost_per_contact_hour: 50       # optional non-labour cost per manager hour (travel, ...)
      tolerance: 0.01                 # optional: levels stay within 1% of today's revenue of the curve
      max_levels: 6                   # optional: refuse if the tolerance needs more levels
      max_hours_per_client: 4         # optional: hours of the richest level (default 2 x today's)
      min_hours_per_client: 0.25      # optional: the least effort that is a contact at all
```

Field meanings (all multiples are of today's revenue per client, so today's point is 1):
- `at_zero` (0 <= at_zero < 1): no manager contact at all. It becomes the segment's
  `unserved_revenue`, so a segment with a response must not set `unserved_revenue` itself.
- `at_half`, `at_one_and_half`: the judged points; give both (the usual CALLPLAN form) or at
  least one of them. Must satisfy at_zero < at_half < 1 < at_one_and_half < saturation.
- `saturation` (> 1): the ceiling the revenue approaches with ever more effort.
- `min_hours_per_client` (below today's): the smallest effort that is a real contact (one call).
  A concave curve (c < 1) is steepest at zero hours, so without it the first levels may be a
  few minutes a month; with it, no level has fewer hours (the levels reach it by the straight
  chord from no contact, which the tolerance does not cover).
- `revenue_per_client` may be left out only for a segment a `clients.segmentation` rule names:
  the observed mean revenue per client per period of the table is used.

A segment gives either `levels` or `response`, not both: the response curve generates the
segment's levels, and a mix of hand-written and generated levels would describe the same effort
twice. The cross-field rules that need the whole scenario are in `scenario_response_problems`.
The generated level ids (`curve-1`, `curve-2`, ...) do not exist when the file is read, so a
`current` block cannot name them; instead, when a scenario has a `current` block that leaves
such a segment out, today's allocation (all its clients at today's hours) is assumed.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from models.base import NonNegativeMoney, PositiveHours, PositiveMoney, StrictModel
from models.limits import MAX_HOURS, MAX_MONEY, MAX_MULTIPLE
from models.messages import MESSAGES as _ALL_MESSAGES
from models.messages import Issue

# A multiple of today's revenue per client.
Multiple = Annotated[float, Field(strict=True, ge=0, le=MAX_MULTIPLE, allow_inf_nan=False)]
Tolerance = Annotated[float, Field(strict=True, gt=0, le=0.5, allow_inf_nan=False)]
LevelCount = Annotated[int, Field(strict=True, ge=1, le=50)]

DEFAULT_TOLERANCE = 0.01
DEFAULT_MAX_HOURS_FACTOR = 2.0

# The user-facing text of this module is in models/messages.py (keys `response_*`).
MESSAGES = {key[len("response_"):]: text for key, text in _ALL_MESSAGES.items() if key.startswith("response_")}


class Response(StrictModel):
    """CALLPLAN judgments of a segment: revenue per client as a function of manager hours."""

    current_hours_per_client: PositiveHours
    revenue_per_client: PositiveMoney | None = None
    at_zero: Multiple
    at_half: Multiple | None = None
    at_one_and_half: Multiple | None = None
    saturation: Multiple
    cost_per_contact_hour: NonNegativeMoney = 0.0
    tolerance: Tolerance = DEFAULT_TOLERANCE
    max_levels: LevelCount | None = None
    max_hours_per_client: PositiveHours | None = None
    min_hours_per_client: PositiveHours | None = None

    @model_validator(mode="after")
    def _ensure_ordered(self) -> "Response":
        problems = self.order_problems()
        if problems:
            # ProblemList (models.scenario) is a ValueError with .problems; the loader turns each
            # into `segments[i].response.<field>: message`. Imported late: scenario imports us.
            from models.scenario import ProblemList

            raise ProblemList(problems)
        return self

    def order_problems(self) -> list[Issue]:
        """at_zero < at_half < 1 < at_one_and_half < saturation, and max hours above today's."""
        problems: list[Issue] = []

        def add(field: str, kind: str, **params: float) -> None:
            problems.append(Issue(field, kind, params))

        if self.at_zero >= 1:
            add("at_zero", "response_at_zero", value=self.at_zero)
        if self.saturation <= 1:
            add("saturation", "response_saturation", value=self.saturation)
        if self.at_half is not None:
            if self.at_half <= self.at_zero:
                add("at_half", "response_at_half_low", low=self.at_zero, value=self.at_half)
            elif self.at_half >= 1:
                add("at_half", "response_at_half_high", value=self.at_half)
        if self.at_one_and_half is not None:
            if self.at_one_and_half <= 1:
                add("at_one_and_half", "response_at_one_and_half_low", value=self.at_one_and_half)
            elif self.at_one_and_half >= self.saturation:
                add("at_one_and_half", "response_at_one_and_half_high", high=self.saturation, value=self.at_one_and_half)
        if self.at_half is None and self.at_one_and_half is None:
            add("at_half", "response_judged_point")
        if self.max_hours_per_client is not None and self.max_hours_per_client <= self.current_hours_per_client:
            add("max_hours_per_client", "response_max_hours", current=self.current_hours_per_client)
        if self.min_hours_per_client is not None and self.min_hours_per_client >= self.current_hours_per_client:
            add("min_hours_per_client", "response_min_hours", current=self.current_hours_per_client)
        # Derived numbers obey the limits of the levels they become (PLANNER.md).
        if self.max_hours > MAX_HOURS:
            field = "max_hours_per_client" if self.max_hours_per_client is not None else "current_hours_per_client"
            add(field, "response_hours_limit", hours=self.max_hours, limit=MAX_HOURS)
        elif self.cost_per_contact_hour * self.max_hours > MAX_MONEY:
            add("cost_per_contact_hour", "response_cost_limit", cost=self.cost_per_contact_hour * self.max_hours, limit=MAX_MONEY)
        if self.revenue_per_client is not None and self.revenue_per_client * self.saturation > MAX_MONEY:
            add("saturation", "response_revenue_limit", revenue=self.revenue_per_client * self.saturation, limit=MAX_MONEY)
        return problems

    @property
    def max_hours(self) -> float:
        """Hours per client of the richest generated level (default twice today's)."""
        if self.max_hours_per_client is not None:
            return float(self.max_hours_per_client)
        return DEFAULT_MAX_HOURS_FACTOR * float(self.current_hours_per_client)

    def judged_multiples(self) -> list[tuple[float, float]]:
        """(hours as a multiple of today's, revenue as a multiple of today's) of every judgment
        that has a finite effort, today's point (1, 1) included."""
        points = [(0.0, float(self.at_zero))]
        if self.at_half is not None:
            points.append((0.5, float(self.at_half)))
        points.append((1.0, 1.0))
        if self.at_one_and_half is not None:
            points.append((1.5, float(self.at_one_and_half)))
        return points


def scenario_response_problems(scenario: Any) -> list[Issue]:
    """Rules of `response` blocks that need the whole scenario, as `Issue`s.

    - a segment gives `levels` or `response`, not both;
    - a segment with a response does not set `unserved_revenue` (the curve's at_zero sets it);
    - `response.revenue_per_client` may be left out only for a segment a client-table rule names.
    """
    problems: list[Issue] = []
    table_segments = scenario.table_segment_ids()
    for i, seg in enumerate(scenario.segments):
        response = getattr(seg, "response", None)
        if response is None:
            continue
        path = f"segments[{i}]"
        if seg.levels:
            problems.append(Issue(f"{path}.response", "response_both"))
        if "unserved_revenue" in seg.model_fields_set:
            problems.append(Issue(f"{path}.unserved_revenue", "response_unserved"))
        if response.revenue_per_client is None and seg.id not in table_segments:
            problems.append(Issue(f"{path}.response.revenue_per_client", "response_revenue_missing"))
    return problems


__all__ = ["DEFAULT_TOLERANCE", "MESSAGES", "Response", "scenario_response_problems"]
