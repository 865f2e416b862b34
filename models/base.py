"""Shared building blocks of the scenario-file models.

Every model is frozen and forbids unknown keys. Scalars are strict (a string is never a
number, a bool never a number), sequences are tuples so that a loaded scenario is immutable.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema, model_validator

from models.limits import (
    MAX_CLIENTS,
    MAX_CONVERSION,
    MAX_EFFICIENCY,
    MAX_HEADCOUNT,
    MAX_HOURS,
    MAX_ID,
    MAX_MONEY,
    MAX_MULTIPLE,
    MAX_NAME,
    MAX_TEXT,
    MAX_WEIGHT,
    MIN_EFFICIENCY,
)
from models.messages import error

ID_PATTERN = r"^[\w][\w.\-]*$"


class StrictModel(BaseModel):
    """Base of every scenario model: frozen, unknown keys refused, defaults validated."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        str_strip_whitespace=True,
        populate_by_name=True,
    )


# Strict scalars: YAML gives real numbers and booleans, so a quoted "3" is a user mistake. Every
# number is finite and bounded (models/limits.py), so that no file can overflow the solver.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(strict=True, gt=0, allow_inf_nan=False)]
Rate = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(strict=True, ge=0)]
Money = Annotated[float, Field(strict=True, ge=-MAX_MONEY, le=MAX_MONEY, allow_inf_nan=False)]
NonNegativeMoney = Annotated[float, Field(strict=True, ge=0, le=MAX_MONEY, allow_inf_nan=False)]
PositiveMoney = Annotated[float, Field(strict=True, gt=0, le=MAX_MONEY, allow_inf_nan=False)]
Hours = Annotated[float, Field(strict=True, ge=0, le=MAX_HOURS, allow_inf_nan=False)]
PositiveHours = Annotated[float, Field(strict=True, gt=0, le=MAX_HOURS, allow_inf_nan=False)]
Efficiency = Annotated[float, Field(strict=True, ge=MIN_EFFICIENCY, le=MAX_EFFICIENCY, allow_inf_nan=False)]
Weight = Annotated[float, Field(strict=True, ge=0, le=MAX_WEIGHT, allow_inf_nan=False)]
HeadCountNumber = Annotated[int, Field(strict=True, ge=0, le=MAX_HEADCOUNT)]
ClientCount = Annotated[int, Field(strict=True, ge=0, le=MAX_CLIENTS)]
Clients = Annotated[float, Field(strict=True, ge=0, le=MAX_CLIENTS, allow_inf_nan=False)]
PositiveClients = Annotated[float, Field(strict=True, gt=0, le=MAX_CLIENTS, allow_inf_nan=False)]
Text = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_NAME)]
LongText = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_TEXT)]
Id = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_ID, pattern=ID_PATTERN)]


def _bounded(minimum: float | None, maximum: float) -> dict[str, Any]:
    """The JSON Schema of a number in [minimum, maximum]."""
    schema: dict[str, Any] = {"type": "number", "maximum": maximum}
    if minimum is not None:
        schema["minimum"] = minimum
    return schema


def _check_number(value: int | float, minimum: float | None, maximum: float, where: str = "") -> float:
    """A plain number of an estimate, checked on the exact value before it becomes a float (an
    integer of 2**70 digits would overflow `float`)."""
    if type(value) is float and not math.isfinite(value):
        raise error("estimate_finite")
    if minimum is not None and value < minimum:
        raise error("estimate_low_min" if where else "estimate_min", minimum=minimum)
    if value > maximum:
        raise error("estimate_high_max" if where else "estimate_max", maximum=maximum)
    return float(value)


class Range(StrictModel):
    """An uncertain estimate: a plan uses `likely`, the analysis samples a triangle."""

    low: Number
    likely: Number
    high: Number

    @model_validator(mode="after")
    def _ensure_ordered(self) -> "Range":
        if not (self.low <= self.likely <= self.high):
            raise error("range_order", low=self.low, likely=self.likely, high=self.high)
        return self


def _estimate(minimum: float | None, maximum: float):
    """An estimate field: a plain number or a {low, likely, high} range, all within
    [minimum, maximum] (the bounds of the field, PLANNER.md)."""

    def validate(value: Any) -> float | Range:
        cls = type(value)
        if cls is float or cls is int:  # the common case first: a plain number
            return _check_number(value, minimum, maximum)
        if isinstance(value, Range):
            rng = value
        elif isinstance(value, bool) or value is None:
            raise error("estimate_type", value=short_repr(value))
        elif isinstance(value, (int, float)):
            return _check_number(value, minimum, maximum)
        elif isinstance(value, dict):
            rng = Range.model_validate(value)
        else:
            raise error("estimate_type", value=short_repr(value))
        _check_number(rng.low, minimum, maximum, "low")
        _check_number(rng.high, minimum, maximum, "high")
        return rng

    def serialize(value: float | Range) -> Any:
        return value.model_dump() if isinstance(value, Range) else value

    number_schema = _bounded(minimum, maximum)
    schema = {
        "anyOf": [
            number_schema,
            {
                "type": "object",
                "properties": {k: dict(number_schema) for k in ("low", "likely", "high")},
                "required": ["low", "likely", "high"],
                "additionalProperties": False,
            },
        ]
    }
    return (
        PlainValidator(validate),
        PlainSerializer(serialize),
        WithJsonSchema(schema),
    )


def short_repr(value: Any, limit: int = 60) -> str:
    """`repr(value)` cut to `limit` characters, in no language: a message never echoes a 4 MB
    string, and an integer of more than 4,300 digits (which `repr` refuses) is written as its
    power of ten."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"{'-' if value < 0 else ''}~10^{int(value.bit_length() * 0.30103)}"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"...({len(value)})"
    if isinstance(value, (list, tuple, dict, set)) and len(value) > 10:
        return f"{type(value).__name__}({len(value)})"
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # pragma: no cover - a value repr cannot write
        return type(value).__name__
    return text if len(text) <= limit else text[:limit] + "..."


# An estimate of a money amount, of hours per client, of a rate per hour ...
MoneyEstimate = Annotated[float | Range, *_estimate(0.0, MAX_MONEY)]
HoursEstimate = Annotated[float | Range, *_estimate(0.0, MAX_HOURS)]
MultipleEstimate = Annotated[float | Range, *_estimate(0.0, MAX_MULTIPLE)]
ConversionEstimate = Annotated[float | Range, *_estimate(0.0, MAX_CONVERSION)]
ClientsEstimate = Annotated[float | Range, *_estimate(0.0, MAX_CLIENTS)]
Estimate = Annotated[float | Range, *_estimate(-MAX_MONEY, MAX_MONEY)]
NonNegativeEstimate = MoneyEstimate


def likely(value: float | Range | None) -> float | None:
    """The planning value of an estimate: the number itself or the range's `likely`."""
    if value is None:
        return None
    return value.likely if isinstance(value, Range) else float(value)


def low_high(value: float | Range) -> tuple[float, float, float]:
    """(low, likely, high) of an estimate; a plain number is a zero-width range."""
    if isinstance(value, Range):
        return value.low, value.likely, value.high
    v = float(value)
    return v, v, v
