"""Scenario file, schema version 1 (the contract of `shared/design/PLANNER.md`).

Field-level rules live on the fields; rules that relate several parts of a file (unique ids,
references, head-count ranges, `current`) live in `Scenario._ensure_consistent`, which reports
every problem at once with the path of the bad entry.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from models.base import (
    Clients,
    ClientCount,
    ClientsEstimate,
    ConversionEstimate,
    Efficiency,
    HeadCountNumber,
    Hours,
    HoursEstimate,
    Id,
    LongText,
    Money,
    MoneyEstimate,
    MultipleEstimate,
    NonNegativeMoney,
    PositiveClients,
    Rate,
    StrictModel,
    Text,
    Weight,
    likely,
)
from models.clients import ClientsSource, ProspectsSource
from models.limits import (
    MAX_GROUPS,
    MAX_HOURS,
    MAX_LEVELS,
    MAX_PEOPLE,
    MAX_PERIODS,
    MAX_SEASONALITY,
    MAX_PRIORITIES,
    MAX_PROSPECTS,
    MAX_SEGMENTS,
    MAX_SKILLS,
    MAX_TEXT_ITEMS,
)
from models.messages import Issue, error, known, render
from models.people import default_people, person_collisions
from models.response import Response, scenario_response_problems
from models.variants import MAX_VARIANTS, Variant

SCHEMA_VERSION = 1

Objective = Literal["profit", "revenue", "new_clients", "priority_first"]
Service = Literal["all", "automated", "none"]
Channel = Literal["visit", "call", "email", "event", "automated"]
Period = Literal["week", "month", "quarter", "year"]
PeriodCount = Annotated[int, Field(strict=True, ge=0, le=MAX_PERIODS)]
Seasonality = Annotated[float, Field(strict=True, ge=0, le=MAX_SEASONALITY, allow_inf_nan=False)]
TextList = LongText | Annotated[tuple[LongText, ...], Field(max_length=MAX_TEXT_ITEMS, fail_fast=True)]

PERIOD_MONTHS: dict[str, float] = {"week": 12 / 52, "month": 1.0, "quarter": 3.0, "year": 12.0}


class ProblemList(ValueError):
    """Several problems found by a cross-field check, reported together: `Issue(path, kind,
    params)` triples that the loader renders in the reader's language (`models/messages.py`)."""

    def __init__(self, problems: list[Issue]):
        self.problems = [Issue(*p) for p in problems]
        super().__init__("; ".join(f"{p.path}: {p.english()}" if p.path else p.english() for p in self.problems))


class Goal(StrictModel):
    """What to maximise and the targets every plan must meet (on unweighted KPIs)."""

    objective: Objective = "profit"
    min_profit: Money | None = None
    min_revenue: Money | None = None
    min_new_clients: Clients | None = None
    max_cost: NonNegativeMoney | None = None
    # Extension: relative tolerance within which priority_first holds a better class's value.
    priority_tolerance: Rate = 1e-6
    # With a `horizon`: the targets hold for the sums over the periods, not in every period.
    horizon_totals: bool = False


class PriorityPolicy(StrictModel):
    """Default policies a priority class gives its segments; a segment's own fields win."""

    min_coverage: Rate | None = None
    weight: Weight | None = None
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
    hours_per_client: HoursEstimate | None = None
    revenue_per_client: MoneyEstimate | None = None
    revenue_index: MultipleEstimate | None = None
    margin: Rate | None = None
    cost_per_client: NonNegativeMoney = 0.0
    channel: Channel | None = None
    contacts: Hours | None = None
    hours_per_contact: Hours | None = None
    offer: TextList | None = None
    terms: TextList | None = None
    contact_role: TextList | None = None
    materials: TextList | None = None

    @model_validator(mode="after")
    def _ensure_hours_and_revenue(self) -> "Level":
        if self.hours_per_client is None and (self.contacts is None or self.hours_per_contact is None):
            raise error("level_hours")
        if self.revenue_per_client is not None and self.revenue_index is not None:
            raise error("level_revenue_both")
        if self.revenue_per_client is None and self.revenue_index is None:
            raise error("level_revenue_missing")
        if self.hours_per_client is None:
            # A derived number obeys the limit of the field it stands for: 1e308 hours per
            # contact would make the level's hours infinite (and the solver fail).
            hours = float(self.contacts) * float(self.hours_per_contact)  # type: ignore[arg-type]
            if hours > MAX_HOURS:
                raise ProblemList(
                    [Issue("hours_per_contact", "level_hours_derived", {"hours": hours, "limit": MAX_HOURS})]
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
    description: LongText | None = None
    priority: Id | None = None
    clients: ClientCount | None = None
    margin: Rate | None = None
    required_skill: Id | None = None
    unserved_revenue: MoneyEstimate = 0.0
    min_coverage: Rate | None = None
    weight: Weight | None = None
    service: Service | None = None
    levels: tuple[Level, ...] = Field((), max_length=MAX_LEVELS, fail_fast=True)
    # CALLPLAN judgments instead of levels: planner/response.py turns them into levels.
    response: Response | None = None


class Prospect(StrictModel):
    """A prospect segment worked by hunters: new clients won = conversion x hunter hours."""

    id: Id
    name: Text | None = None
    priority: Id | None = None
    pool: ClientsEstimate | None = None
    conversion_per_hour: ConversionEstimate
    revenue_per_client: MoneyEstimate
    margin: Rate | None = None
    acquisition_cost: NonNegativeMoney = 0.0
    weight: Weight = 1.0


class HeadCount(StrictModel):
    """A head count: fixed at `count`, or an integer decision in [min_count, max_count].

    `count` is today's head count (the baseline's). It may lie outside [min_count, max_count]:
    "we have 2 hunters; what if we may keep at most 1?" is a valid what-if that
    `scenario_warnings` points out; only min_count > max_count is an error."""

    count: HeadCountNumber = 1
    min_count: HeadCountNumber | None = None
    max_count: HeadCountNumber | None = None
    # Multi-period plan (PLANNER.md "horizon"); without a `horizon` these have no effect.
    ramp: tuple[Rate, ...] = Field((), max_length=MAX_PERIODS, fail_fast=True)
    lead_time: PeriodCount = 0
    attrition: Rate = 0.0
    hire_cost: NonNegativeMoney = 0.0

    @property
    def seat_loss(self) -> float:
        """Expected share of a person lost per period to attrition: each leaver's replacement
        leaves the seat empty for the lead time, then ramps up."""
        return float(self.attrition) * (self.lead_time + sum(1.0 - r for r in self.ramp))

    def horizon_problems(self, path: str) -> list[Issue]:
        """attrition x (lead_time + sum_k (1 - ramp_k)) < 1: else nobody would ever work."""
        if self.attrition > 0 and self.seat_loss >= 1.0:
            return [Issue(f"{path}.attrition", "attrition_loss", {"loss": self.seat_loss})]
        return []

    @property
    def decided(self) -> bool:
        return self.min_count is not None or self.max_count is not None

    @property
    def lower(self) -> int:
        """The least head count a plan may choose."""
        if not self.decided:
            return self.count
        return self.min_count if self.min_count is not None else 0

    @property
    def upper(self) -> int:
        """The most head count a plan may choose."""
        if not self.decided:
            return self.count
        return self.max_count if self.max_count is not None else self.count

    @property
    def most_people(self) -> int:
        """The most people the group can have, today or in a plan."""
        return max(self.count, self.upper)

    @property
    def today_outside_range(self) -> bool:
        """Today's count lies outside the range the plan decides in (a what-if, not an error)."""
        return self.decided and not (self.lower <= self.count <= self.upper)

    def range_problems(self, path: str) -> list[Issue]:
        """min_count <= max_count (missing min_count = 0, missing max_count = count)."""
        if self.decided and self.lower > self.upper:
            field = "min_count" if self.min_count is not None else "max_count"
            return [Issue(f"{path}.{field}", "head_count_order", {"lower": self.lower, "upper": self.upper})]
        return []


class ManagerGroup(HeadCount):
    """One or more identical account managers."""

    id: Id
    name: Text | None = None
    hours: Hours
    skills: tuple[Id, ...] = Field((), max_length=MAX_SKILLS, fail_fast=True)
    efficiency: Efficiency = 1.0
    cost_per_person: NonNegativeMoney = 0.0
    max_clients: PositiveClients | None = None
    people: tuple[Id, ...] | None = Field(None, max_length=MAX_PEOPLE, fail_fast=True)
    # Extension: display names of people by their id (the id stays the client table's link).
    people_names: dict[Id, Text] | None = Field(None, max_length=MAX_PEOPLE)

    def people_problems(self, path: str) -> list[Issue]:
        """`people` lists unique names, as many as `count` (decided: count..max(count, max_count))."""
        if self.people_names:
            known = set(self.person_names(self.most_people))
            for person in self.people_names:
                if person not in known:
                    names = ", ".join(sorted(known)[:10])
                    return [Issue(f"{path}.people_names", "people_names_unknown", {"person": person, "known": names})]
        if self.people is None:
            return []
        n = len(self.people)
        where = f"{path}.people"
        if len(set(self.people)) != n:
            return [Issue(where, "people_unique")]
        if not self.decided and n != self.count:
            return [Issue(where, "people_count", {"n": n, "count": self.count})]
        if self.decided and not (self.count <= n <= self.most_people):
            if self.count > self.upper:
                return [Issue(where, "people_today_above", {"n": n, "count": self.count, "upper": self.upper})]
            return [Issue(where, "people_decided", {"n": n, "count": self.count, "upper": self.upper})]
        return []

    def person_label(self, person: str) -> str:
        """How a person is shown: their display name, else their id."""
        return (self.people_names or {}).get(person, person)

    def person_names(self, n: int | None = None) -> tuple[str, ...]:
        """Names of the first `n` people (default: the upper head count)."""
        n = self.upper if n is None else n
        given = tuple(self.people or ())
        if self.most_people == 1 and not given:
            return (self.id,)[:n]
        return default_people(self.id, given, n)


class Hunters(HeadCount):
    """Dedicated people who work only on new clients."""

    count: HeadCountNumber = 0
    hours: Hours = 0.0
    cost_per_person: NonNegativeMoney = 0.0


class Horizon(StrictModel):
    """A plan over `periods` consecutive periods (PLANNER.md "Multi-period plan (horizon)")."""

    periods: Annotated[int, Field(strict=True, ge=1, le=MAX_PERIODS)]
    start: Text | None = None
    seasonality: tuple[Seasonality, ...] | None = Field(None, max_length=MAX_PERIODS, fail_fast=True)

    @model_validator(mode="after")
    def _ensure_seasonality_length(self) -> "Horizon":
        if self.seasonality is not None and len(self.seasonality) != self.periods:
            raise ProblemList([Issue("seasonality", "seasonality_length",
                                     {"n": len(self.seasonality), "periods": self.periods})])
        return self

    def factor(self, t: int) -> float:
        """seasonality_t of period t = 1..T (1 without seasonality)."""
        return 1.0 if self.seasonality is None else float(self.seasonality[t - 1])


class Team(StrictModel):
    managers: tuple[ManagerGroup, ...] = Field((), max_length=MAX_GROUPS)
    hunters: Hunters = Field(default_factory=Hunters)
    max_headcount: HeadCountNumber | None = None


class Current(StrictModel):
    """Today's allocation, evaluated as the baseline: clients per segment and level."""

    # The outer limit bounds the segments; a level id must exist, which bounds each inner mapping.
    levels: dict[Id, dict[Id, Clients]] = Field(default_factory=dict, max_length=MAX_SEGMENTS)
    hunters: HeadCountNumber | None = None


class Scenario(StrictModel):
    """A whole planning scenario (schema version 1)."""

    schema_version: Literal[1]
    name: Text
    description: LongText | None = None
    period: Period = "month"
    currency: Text | None = None
    # The language the app opens this scenario in (en, ru); absent: the user's or the system's.
    language: Literal["en", "ru"] | None = None
    goal: Goal = Field(default_factory=Goal)
    priorities: dict[Id, PriorityPolicy] | None = Field(None, max_length=MAX_PRIORITIES)
    segments: tuple[Segment, ...] = Field((), max_length=MAX_SEGMENTS)
    prospects: tuple[Prospect, ...] = Field((), max_length=MAX_PROSPECTS)
    team: Team = Field(default_factory=Team)
    clients: ClientsSource | None = None
    prospects_data: ProspectsSource | None = None
    current: Current | None = None
    horizon: Horizon | None = None
    # What-if variants as recipes on top of this scenario (an extension of the contract: see
    # models/variants.py). They never change this scenario's plan.
    variants: tuple[Variant, ...] = Field((), max_length=MAX_VARIANTS)

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
        problems: list[Issue] = []

        def add(path: str, kind: str, **params: Any) -> None:
            problems.append(Issue(path, kind, params))

        def unique(items, path: str) -> None:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if item.id in seen:
                    add(f"{path}[{i}].id", "duplicate_id", id=item.id, other=f"{path}[{seen[item.id]}]")
                seen.setdefault(item.id, i)

        unique(self.segments, "segments")
        unique(self.prospects, "prospects")
        unique(self.team.managers, "team.managers")
        for i, seg in enumerate(self.segments):
            unique(seg.levels, f"segments[{i}].levels")

        if not self.segments and not self.prospects:
            add("segments", "no_segments")

        table = self.priority_table
        table_segments = self.table_segment_ids()
        has_margin_column = self.clients is not None and self.clients.margin_column is not None
        for i, seg in enumerate(self.segments):
            path = f"segments[{i}]"
            if seg.priority is not None and seg.priority not in table:
                add(f"{path}.priority", "unknown_priority", priority=seg.priority, known=known(table))
            from_table = seg.id in table_segments
            if seg.clients is None and not from_table:
                add(f"{path}.clients", "segment_clients_required")
            if seg.margin is None and not (from_table and has_margin_column):
                if any(lv.margin is None for lv in seg.levels) or not seg.levels:
                    add(f"{path}.margin", "segment_margin_required")
            for j, lv in enumerate(seg.levels):
                if lv.revenue_index is not None and not from_table:
                    add(f"{path}.levels[{j}].revenue_index", "revenue_index_needs_table")
        table_prospects = self.table_prospect_ids()
        for i, pro in enumerate(self.prospects):
            path = f"prospects[{i}]"
            if pro.pool is None and pro.id not in table_prospects:
                add(f"{path}.pool", "prospect_pool_required")
            if pro.margin is None:
                add(f"{path}.margin", "prospect_margin_required")
            if pro.priority is not None and pro.priority not in table:
                add(f"{path}.priority", "unknown_priority", priority=pro.priority, known=known(table))

        segment_ids = {s.id for s in self.segments}
        for source, path, ids, kind in (
            (self.clients, "clients", segment_ids, "rule_unknown_segment"),
            (self.prospects_data, "prospects_data", {p.id for p in self.prospects}, "rule_unknown_prospect"),
        ):
            if source is None:
                continue
            for j, rule in enumerate(source.segmentation.rules):
                if rule.segment not in ids:
                    add(f"{path}.segmentation.rules[{j}].segment", kind, segment=rule.segment, known=known(sorted(ids)))

        problems.extend(self.team.hunters.range_problems("team.hunters"))
        problems.extend(self.team.hunters.horizon_problems("team.hunters"))
        if self.horizon is not None and self.goal.objective == "priority_first":
            add("goal.objective", "horizon_priority_first")
        for i, grp in enumerate(self.team.managers):
            problems.extend(grp.range_problems(f"team.managers[{i}]"))
            problems.extend(grp.horizon_problems(f"team.managers[{i}]"))
            problems.extend(grp.people_problems(f"team.managers[{i}]"))
        problems.extend(person_collisions(self.team.managers))

        if self.current is not None:
            by_id = {s.id: s for s in self.segments}
            for sid, levels in self.current.levels.items():
                seg = by_id.get(sid)
                if seg is None:
                    add(f"current.levels.{sid}", "current_unknown_segment", segment=sid, known=known(by_id))
                    continue
                level_ids = {lv.id for lv in seg.levels}
                for lid in levels:
                    if lid not in level_ids:
                        add(
                            f"current.levels.{sid}.{lid}", "current_unknown_level",
                            level=lid, segment=sid, known=known(level_ids),
                        )
                if seg.clients is not None and sum(levels.values()) > seg.clients + 1e-9:
                    add(f"current.levels.{sid}", "current_too_many", total=sum(levels.values()), clients=seg.clients)

        problems.extend(scenario_response_problems(self))

        if problems:
            raise ProblemList(problems)
        return self


def scenario_warnings(scenario: Scenario) -> list[tuple[str, str]]:
    """Things that are allowed but probably wrong: (path, message) pairs, the message in the
    reader's language (`models.messages.render`)."""
    warnings: list[tuple[str, str]] = []
    skills = {s for g in scenario.team.managers for s in g.skills}
    table = scenario.priority_table
    for i, seg in enumerate(scenario.segments):
        if seg.required_skill is not None and seg.required_skill not in skills:
            warnings.append((f"segments[{i}].required_skill", render("warn_skill", skill=seg.required_skill)))
        service = seg.service or table.get(seg.priority or "B", PriorityPolicy()).service or "all"
        if service == "automated" and seg.levels and not any(lv.automated for lv in seg.levels):
            warnings.append((f"segments[{i}].levels", render("warn_automated")))
    if scenario.prospects and scenario.team.hunters.upper == 0:
        warnings.append(("team.hunters", render("warn_no_hunters")))
    groups = [(f"team.managers[{i}]", g) for i, g in enumerate(scenario.team.managers)]
    for path, hc in [*groups, ("team.hunters", scenario.team.hunters)]:
        if hc.today_outside_range:
            warnings.append(
                (f"{path}.count", render("warn_today_outside", count=hc.count, lower=hc.lower, upper=hc.upper))
            )
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
    "Horizon",
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
