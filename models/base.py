"""Shared building blocks of the scenario-file models.

Every model is frozen and forbids unknown keys. Scalars are strict (a string is never a
number, a bool never a number), sequences are tuples so that a loaded scenario is immutable.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

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


# Strict scalars: YAML gives real numbers and booleans, so a quoted "3" is a user mistake.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(strict=True, gt=0, allow_inf_nan=False)]
Rate = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(strict=True, ge=0)]
Text = Annotated[str, Field(strict=True, min_length=1)]
Id = Annotated[str, Field(strict=True, min_length=1, max_length=80, pattern=ID_PATTERN)]


class Range(StrictModel):
    """An uncertain estimate: a plan uses `likely`, the analysis samples a triangle."""

    low: Number
    likely: Number
    high: Number

    @model_validator(mode="after")
    def _ensure_ordered(self) -> "Range":
        if not (self.low <= self.likely <= self.high):
            raise PydanticCustomError(
                "range_order",
                "needs low <= likely <= high, got low={low}, likely={likely}, high={high}",
                {"low": self.low, "likely": self.likely, "high": self.high},
            )
        return self


def _estimate(minimum: float | None):
    """An estimate field: a plain number or a {low, likely, high} range, all >= minimum."""

    def validate(value: Any) -> float | Range:
        cls = type(value)
        if cls is float or cls is int:  # the common case first: a plain number
            number = float(value)
            if not math.isfinite(number):
                raise PydanticCustomError("estimate_finite", "must be a finite number", {})
            if minimum is not None and number < minimum:
                raise PydanticCustomError("estimate_min", "must be >= {minimum}", {"minimum": f"{minimum:g}"})
            return number
        if isinstance(value, Range):
            rng = value
        elif isinstance(value, bool) or value is None:
            raise PydanticCustomError(
                "estimate_type", "must be a number or a range with low, likely and high, got {value}", {"value": repr(value)}
            )
        elif isinstance(value, (int, float)):
            if value != value or value in (float("inf"), float("-inf")):
                raise PydanticCustomError("estimate_finite", "must be a finite number", {})
            if minimum is not None and value < minimum:
                raise PydanticCustomError("estimate_min", "must be >= {minimum}", {"minimum": f"{minimum:g}"})
            return float(value)
        elif isinstance(value, dict):
            rng = Range.model_validate(value)
        else:
            raise PydanticCustomError(
                "estimate_type", "must be a number or a range with low, likely and high, got {value}", {"value": repr(value)}
            )
        if minimum is not None and rng.low < minimum:
            raise PydanticCustomError("estimate_min", "low must be >= {minimum}", {"minimum": f"{minimum:g}"})
        return rng

    def serialize(value: float | Range) -> Any:
        return value.model_dump() if isinstance(value, Range) else value

    number_schema: dict[str, Any] = {"type": "number"}
    if minimum is not None:
        number_schema["minimum"] = minimum
    schema = {
        "anyOf": [
            number_schema,
            {
                "type": "object",
                "properties": {k: {"type": "number"} for k in ("low", "likely", "high")},
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


Estimate = Annotated[float | Range, *_estimate(None)]
NonNegativeEstimate = Annotated[float | Range, *_estimate(0.0)]


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
