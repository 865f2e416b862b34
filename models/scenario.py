"""Scenario file, schema version 1 (the contract of `shared/design/PLANNER.md`).

Field-level rules live on the fields; rules that relate several parts of a file (unique ids,
references, head-count ranges, `current`) live in `Scenario._ensure_consistent`, which reports
every problem at once with the path of the bad entry.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from models.base import (
    Count,
    Id,
    NonNegative,
    NonNegativeEstimate,
    Number,
    Positive,
    Rate,
    StrictModel,
    Text,
    likely,
)
from models.clients import ClientsSource, ProspectsSource
from models.response import Response, scenario_response_problems

SCHEMA_VERSION = 1

Objective = Literal["profit", "revenue", "new_clients", "priority_first"]
Service = Literal["all", "automated", "none"]
Channel = Literal["visit", "call", "email", "event", "automated"]
Period = Literal["week", "month", "quarter", "year"]
TextList = Text | tuple[Text, ...]

PERIOD_MONTHS: dict[str, float] = {"week": 12 / 52, "month": 1.0, "quarter": 3.0, "year": 12.0}


class ProblemList(ValueError):
    """Several (path, message) problems found by a cross-field check, reported together."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in problems))


class Goal(StrictModel):
    """What to maximise and the targets every plan must meet (on unweighted KPIs)."""

    objective: Objective = "profit"
    min_profit: Number | None = None
    min_revenue: Number | None = None
    min_new_clients: NonNegative | None = None
    max_cost: NonNegative | None = None
    # Extension: relative tolerance within which priority_first holds a better class's value.
    priority_tolerance: Rate = 1e-6


class PriorityPolicy(StrictModel):
    """Default policies a priority class gives its segments; a segment's own fields win."""

    min_coverage: Rate | None = None
    weight: NonNegative | None = None
    service: Service | None = None


DEFAULT_PRIORITIES: dict[str, PriorityPolicy] = {
    "A": PriorityPolicy(min_coverage=0.8, weight=1.0),
    "B": PriorityPolicy(),
    "C": PriorityPolicy(service="automated"),
    "D": PriorityPolicy(service="none"),
}


class Level(StrictModel):
    """A service level = a work algorithm: hours, revenue and cost per client, and its rules."""

    id: Id
    name: Text | None = None
    hours_per_client: NonNegativeEstimate | None = None
    revenue_per_client: NonNegativeEstimate | None = None
    revenue_index: NonNegativeEstimate | None = None
    margin: Rate | None = None
    cost_per_client: NonNegative = 0.0
    channel: Channel | None = None
    contacts: NonNegative | None = None
    hours_per_contact: NonNegative | None = None
    offer: TextList | None = None
    terms: TextList | None = None
    contact_role: TextList | None = None
    materials: TextList | None = None

    @model_validator(mode="after")
    def _ensure_hours_and_revenue(self) -> "Level":
        if self.hours_per_client is None and (self.contacts is None or self.hours_per_contact is None):
            raise PydanticCustomError(
                "level_hours", "give hours_per_client, or contacts and hours_per_contact", {}
            )
        if self.revenue_per_client is not None and self.revenue_index is not None:
            raise PydanticCustomError(
                "level_revenue", "give revenue_per_client or revenue_index, not both", {}
            )
        if self.revenue_per_client is None and self.revenue_index is None:
            raise PydanticCustomError(
                "level_revenue", "give revenue_per_client (or revenue_index with a client table)", {}
            )
        return self

    @property
    def planned_hours(self) -> float:
        """Manager hours per client used by a plan (`likely` of a range)."""
        if self.hours_per_client is not None:
            return float(likely(self.hours_per_client))
        return float(self.contacts) * float(self.hours_per_contact)  # type: ignore[arg-type]

    @property
    def automated(self) -> bool:
        return self.planned_hours == 0


class Segment(StrictModel):
    """A group of existing clients with its service levels (the webinar's steps 3 to 5)."""

    id: Id
    name: Text | None = None
    description: Text | None = None
    priority: Id | None = None
    clients: Count | None = None
    margin: Rate | None = None
    required_skill: Id | None = None
    unserved_revenue: NonNegativeEstimate = 0.0
    min_coverage: Rate | None = None
    weight: NonNegative | None = None
    service: Service | None = None
    levels: tuple[Level, ...] = ()
    # CALLPLAN judgments instead of levels: planner/response.py turns them into levels.
    response: Response | None = None


class Prospect(StrictModel):
    """A prospect segment worked by hunters: new clients won = conversion x hunter hours."""

    id: Id
    name: Text | None = None
    priority: Id | None = None
    pool: NonNegativeEstimate | None = None
    conversion_per_hour: NonNegativeEstimate
    revenue_per_client: NonNegativeEstimate
    margin: Rate | None = None
    acquisition_cost: NonNegative = 0.0
    weight: NonNegative = 1.0


class HeadCount(StrictModel):
    """A head count: fixed at `count`, or an integer decision in [min_count, max_count]."""

    count: Count = 1
    min_count: Count | None = None
    max_count: Count | None = None

    @property
    def decided(self) -> bool:
        return self.min_count is not None or self.max_count is not None

    @property
    def lower(self) -> int:
        if not self.decided:
            return self.count
        return self.min_count if self.min_count is not None else 0

    @property
    def upper(self) -> int:
        if not self.decided:
            return self.count
        return self.max_count if self.max_count is not None else self.count

    def range_problems(self, path: str) -> list[tuple[str, str]]:
        """min_count <= count <= max_count, reported at `path`."""
        if self.decided and not (self.lower <= self.count <= self.upper):
            field = "min_count" if self.lower > self.count else "max_count"
            return [
                (
                    f"{path}.{field}",
                    f"needs min_count <= count <= max_count, got {self.lower} <= {self.count} <= {self.upper}",
                )
            ]
        return []


class ManagerGroup(HeadCount):
    """One or more identical account managers."""

    id: Id
    name: Text | None = None
    hours: NonNegative
    skills: tuple[Id, ...] = ()
    efficiency: Positive = 1.0
    cost_per_person: NonNegative = 0.0
    max_clients: Positive | None = None
    people: tuple[Id, ...] | None = None

    def people_problems(self, path: str) -> list[tuple[str, str]]:
        """`people` lists unique names, as many as `count` (decided: count..max_count)."""
        if self.people is None:
            return []
        n = len(self.people)
        if len(set(self.people)) != n:
            return [(f"{path}.people", "names must be unique")]
        if not self.decided and n != self.count:
            return [(f"{path}.people", f"lists {n} names for a count of {self.count}")]
        if self.decided and not (self.count <= n <= self.upper):
            return [
                (
                    f"{path}.people",
                    f"lists {n} names; a decided head count needs between count ({self.count}) "
                    f"and max_count ({self.upper})",
                )
            ]
        return []

    def person_names(self, n: int | None = None) -> tuple[str, ...]:
        """Names of the first `n` people (default: the upper head count)."""
        n = self.upper if n is None else n
        given = tuple(self.people or ())
        if self.upper == 1 and not given:
            return (self.id,)[:n]
        return default_people(self.id, given, n)


def default_people(group_id: str, given: tuple[str, ...] | list[str], n: int) -> tuple[str, ...]:
    """The first `n` names of a group: those given, then `<group id>-<k>` (k counting on from
    the given names, skipping any name already taken)."""
    names = list(given[:n])
    k = len(names)
    while len(names) < n:
        k += 1
        candidate = f"{group_id}-{k}"
        if candidate not in names:
            names.append(candidate)
    return tuple(names)


class Hunters(HeadCount):
    """Dedicated people who work only on new clients."""

    count: Count = 0
    hours: NonNegative = 0.0
    cost_per_person: NonNegative = 0.0


class Team(StrictModel):
    managers: tuple[ManagerGroup, ...] = ()
    hunters: Hunters = Field(default_factory=Hunters)
    max_headcount: Count | None = None


class Current(StrictModel):
    """Today's allocation, evaluated as the baseline: clients per segment and level."""

    levels: dict[Id, dict[Id, NonNegative]] = Field(default_factory=dict)
    hunters: Count | None = None


class Scenario(StrictModel):
    """A whole planning scenario (schema version 1)."""

    schema_version: Literal[1]
    name: Text
    description: Text | None = None
    period: Period = "month"
    currency: Text | None = None
    goal: Goal = Field(default_factory=Goal)
    priorities: dict[Id, PriorityPolicy] | None = None
    segments: tuple[Segment, ...] = ()
    prospects: tuple[Prospect, ...] = ()
    team: Team = Field(default_factory=Team)
    clients: ClientsSource | None = None
    prospects_data: ProspectsSource | None = None
    current: Current | None = None

    # ----- derived views -------------------------------------------------------------------
    @property
    def priority_table(self) -> dict[str, PriorityPolicy]:
        """The default classes merged field by field with the file's `priorities`."""
        table = dict(DEFAULT_PRIORITIES)
        for key, policy in (self.priorities or {}).items():
            base = table.get(key, PriorityPolicy())
            given = policy.model_dump(exclude_unset=True)
            table[key] = base.model_copy(update=given)
        return table

    def segment(self, segment_id: str) -> Segment:
        return next(s for s in self.segments if s.id == segment_id)

    def table_segment_ids(self) -> set[str]:
        """Segments a client-table rule names (they may take counts and margins from data)."""
        if self.clients is None:
            return set()
        return {r.segment for r in self.clients.segmentation.rules}

    def table_prospect_ids(self) -> set[str]:
        if self.prospects_data is None:
            return set()
        return {r.segment for r in self.prospects_data.segmentation.rules}

    # ----- cross-field checks ---------------------------------------------------------------
    @model_validator(mode="after")
    def _ensure_consistent(self) -> "Scenario":
        problems: list[tuple[str, str]] = []
        add = lambda path, msg: problems.append((path, msg))  # noqa: E731

        def unique(items, path: str) -> None:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if item.id in seen:
                    add(f"{path}[{i}].id", f"duplicate id '{item.id}' (also {path}[{seen[item.id]}])")
                seen.setdefault(item.id, i)

        unique(self.segments, "segments")
        unique(self.prospects, "prospects")
        unique(self.team.managers, "team.managers")
        for i, seg in enumerate(self.segments):
            unique(seg.levels, f"segments[{i}].levels")

        if not self.segments and not self.prospects:
            add("segments", "a scenario needs at least one segment or prospect segment")

        table = self.priority_table
        table_segments = self.table_segment_ids()
        has_margin_column = self.clients is not None and self.clients.margin_column is not None
        for i, seg in enumerate(self.segments):
            path = f"segments[{i}]"
            if seg.priority is not None and seg.priority not in table:
                add(f"{path}.priority", f"unknown priority class '{seg.priority}' (known: {', '.join(table)})")
            from_table = seg.id in table_segments
            if seg.clients is None and not from_table:
                add(f"{path}.clients", "required (or name this segment in a clients.segmentation rule)")
            if seg.margin is None and not (from_table and has_margin_column):
                if any(lv.margin is None for lv in seg.levels) or not seg.levels:
                    add(f"{path}.margin", "required: a rate in [0, 1] (or a clients.margin_column)")
            for j, lv in enumerate(seg.levels):
                if lv.revenue_index is not None and not from_table:
                    add(
                        f"{path}.levels[{j}].revenue_index",
                        "needs a client table rule for this segment; use revenue_per_client instead",
                    )
        for i, pro in enumerate(self.prospects):
            path = f"prospects[{i}]"
            if pro.pool is None and pro.id not in self.table_prospect_ids():
                add(f"{path}.pool", "required (or name this prospect segment in a prospects_data rule)")
            if pro.margin is None:
                add(f"{path}.margin", "required: a rate in [0, 1]")
            if pro.priority is not None and pro.priority not in table:
                add(f"{path}.priority", f"unknown priority class '{pro.priority}' (known: {', '.join(table)})")

        segment_ids = {s.id for s in self.segments}
        for source, path, known, what in (
            (self.clients, "clients", segment_ids, "segment"),
            (self.prospects_data, "prospects_data", {p.id for p in self.prospects}, "prospect segment"),
        ):
            if source is None:
                continue
            for j, rule in enumerate(source.segmentation.rules):
                if rule.segment not in known:
                    add(
                        f"{path}.segmentation.rules[{j}].segment",
                        f"unknown {what} '{rule.segment}' (known: {', '.join(sorted(known)) or 'none'})",
                    )

        problems.extend(self.team.hunters.range_problems("team.hunters"))
        people: dict[str, str] = {}
        for i, grp in enumerate(self.team.managers):
            problems.extend(grp.range_problems(f"team.managers[{i}]"))
            problems.extend(grp.people_problems(f"team.managers[{i}]"))
            for name in grp.person_names():
                if name in people and people[name] != grp.id:
                    add(f"team.managers[{i}].people", f"person '{name}' also belongs to group '{people[name]}'")
                people.setdefault(name, grp.id)

        if self.current is not None:
            by_id = {s.id: s for s in self.segments}
            for sid, levels in self.current.levels.items():
                seg = by_id.get(sid)
                if seg is None:
                    add(f"current.levels.{sid}", f"unknown segment '{sid}' (known: {', '.join(by_id) or 'none'})")
                    continue
                level_ids = {lv.id for lv in seg.levels}
                for lid in levels:
                    if lid not in level_ids:
                        add(
                            f"current.levels.{sid}.{lid}",
                            f"unknown level '{lid}' of segment '{sid}' (known: {', '.join(level_ids) or 'none'})",
                        )
                if seg.clients is not None and sum(levels.values()) > seg.clients + 1e-9:
                    add(
                        f"current.levels.{sid}",
                        f"puts {sum(levels.values()):g} clients on levels of a segment of {seg.clients}",
                    )

        problems.extend(scenario_response_problems(self))

        if problems:
            raise ProblemList(problems)
        return self


def scenario_warnings(scenario: Scenario) -> list[tuple[str, str]]:
    """Things that are allowed but probably wrong: (path, message) pairs."""
    warnings: list[tuple[str, str]] = []
    skills = {s for g in scenario.team.managers for s in g.skills}
    table = scenario.priority_table
    for i, seg in enumerate(scenario.segments):
        if seg.required_skill is not None and seg.required_skill not in skills:
            warnings.append(
                (
                    f"segments[{i}].required_skill",
                    f"no manager group has skill '{seg.required_skill}': the segment can only be automated or left",
                )
            )
        service = seg.service or table.get(seg.priority or "B", PriorityPolicy()).service or "all"
        if service == "automated" and seg.levels and not any(lv.automated for lv in seg.levels):
            warnings.append((f"segments[{i}].levels", "service is automated but no level has 0 hours"))
    if scenario.prospects and scenario.team.hunters.upper == 0:
        warnings.append(("team.hunters", "prospect segments are given but no hunter can be employed"))
    return warnings


def model_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the scenario file."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Sales-resource planner scenario, schema version 1"
    return schema


__all__ = [
    "SCHEMA_VERSION",
    "PERIOD_MONTHS",
    "DEFAULT_PRIORITIES",
    "Channel",
    "Current",
    "Goal",
    "HeadCount",
    "Hunters",
    "Level",
    "ManagerGroup",
    "Objective",
    "PriorityPolicy",
    "ProblemList",
    "Prospect",
    "Scenario",
    "Segment",
    "Service",
    "Team",
    "model_json_schema",
    "default_people",
    "scenario_warnings",
]
