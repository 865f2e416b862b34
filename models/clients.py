"""The `clients` and `prospects_data` blocks: a real table and the rules that segment it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from models.base import Id, Number, Positive, Rate, StrictModel, Text

Method = Literal["category", "bins", "abc", "quantiles", "score"]
LabelValue = Text | tuple[Text, ...]


class Criterion(StrictModel):
    """Turns one column (or, for `score`, several) into a label per client.

    - `category`: the value itself.
    - `bins`: right-open intervals between `edges` (v < e0 -> labels[0], e0 <= v < e1 -> labels[1], ...).
    - `abc`: rank by `column` descending (ties by id ascending); A while the cumulative share
      *before* the client is below shares[0], B while below shares[0] + shares[1], else C.
    - `quantiles`: edges at the `q` quantiles of the column, then as `bins`.
    - `score`: sum of `weights[col] x (min-max normalised col)`, then cut by `edges` (on the
      0..sum-of-weights scale) or `q`, as `bins`.
    A missing value gets the label `missing`.
    """

    id: Id
    column: Text | None = None
    method: Method = "category"
    shares: tuple[Rate, ...] | None = None
    edges: tuple[Number, ...] | None = None
    q: tuple[Rate, ...] | None = None
    labels: tuple[Text, ...] | None = None
    weights: dict[Text, Number] | None = None

    @model_validator(mode="after")
    def _ensure_method_fields(self) -> "Criterion":
        m = self.method
        if m != "score" and self.column is None:
            raise PydanticCustomError("criterion", "method {m} needs `column`", {"m": m})
        if m == "score":
            if not self.weights:
                raise PydanticCustomError("criterion", "method score needs `weights` (column: weight)", {})
            if (self.edges is None) == (self.q is None):
                raise PydanticCustomError("criterion", "method score needs exactly one of `edges` or `q`", {})
        if m == "bins" and not self.edges:
            raise PydanticCustomError("criterion", "method bins needs `edges`", {})
        if m == "quantiles" and not self.q:
            raise PydanticCustomError("criterion", "method quantiles needs `q`", {})
        for name in ("edges", "q"):
            cuts = getattr(self, name)
            if cuts is not None and any(b <= a for a, b in zip(cuts, cuts[1:])):
                raise PydanticCustomError("criterion", "`{name}` must be strictly increasing", {"name": name})
        if m == "abc":
            shares = self.shares or (0.8, 0.15)
            if len(shares) != 2 or sum(shares) > 1 + 1e-12:
                raise PydanticCustomError(
                    "criterion", "abc `shares` must be two rates with sum <= 1, like [0.8, 0.15]", {}
                )
            if self.labels is not None and len(self.labels) != 3:
                raise PydanticCustomError("criterion", "abc `labels` must name 3 classes", {})
        cuts = self.edges if self.edges is not None else self.q
        if m in ("bins", "quantiles", "score") and self.labels is not None and cuts is not None:
            if len(self.labels) != len(cuts) + 1:
                raise PydanticCustomError(
                    "criterion",
                    "`labels` must have one more entry than the cut points ({n} cuts need {k} labels)",
                    {"n": len(cuts), "k": len(cuts) + 1},
                )
        if m in ("category",) and any(v is not None for v in (self.edges, self.q, self.shares, self.weights)):
            raise PydanticCustomError("criterion", "method category takes no edges, q, shares or weights", {})
        return self

    @property
    def abc_shares(self) -> tuple[float, float]:
        s = self.shares or (0.8, 0.15)
        return float(s[0]), float(s[1])

    @property
    def columns(self) -> tuple[str, ...]:
        """Every table column this criterion reads."""
        if self.method == "score":
            return tuple(self.weights or ())
        return (self.column,) if self.column else ()


class Rule(StrictModel):
    """Clients whose labels match every `when` entry go to `segment`; the first match wins."""

    segment: Id
    when: dict[Id, LabelValue] = Field(default_factory=dict)

    def accepted(self, criterion: str) -> tuple[str, ...]:
        v = self.when[criterion]
        return (v,) if isinstance(v, str) else tuple(v)


class Segmentation(StrictModel):
    criteria: tuple[Criterion, ...] = ()
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ensure_references(self) -> "Segmentation":
        ids = [c.id for c in self.criteria]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise PydanticCustomError("duplicate", "duplicate criterion id {ids}", {"ids": ", ".join(dup)})
        for i, rule in enumerate(self.rules):
            for name in rule.when:
                if name not in ids:
                    raise PydanticCustomError(
                        "unknown_criterion",
                        "rules[{i}].when names unknown criterion '{name}' (known: {known})",
                        {"i": i, "name": name, "known": ", ".join(ids) or "none"},
                    )
        return self


class TableSource(StrictModel):
    """A CSV or XLSX table with one row per company; `file` is relative to the scenario."""

    file: Text
    sheet: Text | int | None = None
    delimiter: Literal[",", ";", "\t"] | None = None
    encoding: Text | None = None
    decimal: Literal[".", ","] | None = None
    id_column: Text = "client_id"
    segmentation: Segmentation


class ClientsSource(TableSource):
    """The existing-client table (`clients:` block)."""

    revenue_column: Text = "revenue_12m"
    margin_column: Text | None = None
    manager_column: Text | None = None
    value_column: Text | None = None
    lock_column: Text | None = None
    revenue_period_months: Positive = 12


class ProspectsSource(TableSource):
    """The prospect table (`prospects_data:` block): rules name prospect segments, whose `pool` it sets."""

    id_column: Text = "prospect_id"
