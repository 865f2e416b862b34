"""The `clients` and `prospects_data` blocks: a real table and the rules that segment it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from models.base import Id, LongText, NonNegativeMoney, Rate, StrictModel, Text
from models.limits import (
    MAX_CRITERIA,
    MAX_CUTS,
    MAX_LOCKS,
    MAX_MONTHS,
    MAX_RULES,
    MAX_SHEET,
    MAX_TABLE_VALUE,
    MAX_WEIGHT,
    MAX_WEIGHTS,
)
from models.messages import error, known

Method = Literal["category", "bins", "abc", "quantiles", "score"]
LabelValue = Text | Annotated[tuple[Text, ...], Field(max_length=MAX_CUTS, fail_fast=True)]
# A cut point on a table's column (revenue in any currency) and a score weight.
TableValue = Annotated[float, Field(strict=True, ge=-MAX_TABLE_VALUE, le=MAX_TABLE_VALUE, allow_inf_nan=False)]
ScoreWeight = Annotated[float, Field(strict=True, ge=-MAX_WEIGHT, le=MAX_WEIGHT, allow_inf_nan=False)]
Months = Annotated[float, Field(strict=True, gt=0, le=MAX_MONTHS, allow_inf_nan=False)]


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
    shares: tuple[Rate, ...] | None = Field(None, max_length=MAX_CUTS, fail_fast=True)
    edges: tuple[TableValue, ...] | None = Field(None, max_length=MAX_CUTS, fail_fast=True)
    q: tuple[Rate, ...] | None = Field(None, max_length=MAX_CUTS, fail_fast=True)
    labels: tuple[Text, ...] | None = Field(None, max_length=MAX_CUTS, fail_fast=True)
    weights: dict[Text, ScoreWeight] | None = Field(None, max_length=MAX_WEIGHTS)

    @model_validator(mode="after")
    def _ensure_method_fields(self) -> "Criterion":
        m = self.method
        if m != "score" and self.column is None:
            raise error("criterion_column", m=m)
        if m == "score":
            if not self.weights:
                raise error("criterion_score_weights")
            if (self.edges is None) == (self.q is None):
                raise error("criterion_score_cuts")
        if m == "bins" and not self.edges:
            raise error("criterion_bins")
        if m == "quantiles" and not self.q:
            raise error("criterion_quantiles")
        for name in ("edges", "q"):
            cuts = getattr(self, name)
            if cuts is not None and any(b <= a for a, b in zip(cuts, cuts[1:])):
                raise error("criterion_increasing", name=name)
        if m == "abc":
            shares = self.shares or (0.8, 0.15)
            if len(shares) != 2 or sum(shares) > 1 + 1e-12:
                raise error("criterion_abc_shares")
            if self.labels is not None and len(self.labels) != 3:
                raise error("criterion_abc_labels")
        cuts = self.edges if self.edges is not None else self.q
        if m in ("bins", "quantiles", "score") and self.labels is not None and cuts is not None:
            if len(self.labels) != len(cuts) + 1:
                raise error("criterion_labels_count", n=len(cuts), k=len(cuts) + 1)
        if m in ("category",) and any(v is not None for v in (self.edges, self.q, self.shares, self.weights)):
            raise error("criterion_category")
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
    when: dict[Id, LabelValue] = Field(default_factory=dict, max_length=MAX_WEIGHTS)

    def accepted(self, criterion: str) -> tuple[str, ...]:
        v = self.when[criterion]
        return (v,) if isinstance(v, str) else tuple(v)


class Segmentation(StrictModel):
    criteria: tuple[Criterion, ...] = Field((), max_length=MAX_CRITERIA, fail_fast=True)
    rules: tuple[Rule, ...] = Field(min_length=1, max_length=MAX_RULES, fail_fast=True)

    @model_validator(mode="after")
    def _ensure_references(self) -> "Segmentation":
        ids = [c.id for c in self.criteria]
        counted: dict[str, int] = {}
        for i in ids:
            counted[i] = counted.get(i, 0) + 1
        dup = sorted(i for i, n in counted.items() if n > 1)
        if dup:
            raise error("duplicate_criterion", ids=", ".join(dup))
        for i, rule in enumerate(self.rules):
            for name in rule.when:
                if name not in counted:
                    raise error("unknown_criterion", i=i, name=name, known=known(ids))
        return self


class TableSource(StrictModel):
    """A CSV or XLSX table with one row per company; `file` is relative to the scenario."""

    file: LongText
    sheet: Text | Annotated[int, Field(strict=True, ge=0, le=MAX_SHEET)] | None = None
    delimiter: Literal[",", ";", "\t"] | None = None
    encoding: Text | None = None
    decimal: Literal[".", ","] | None = None
    id_column: Text = "client_id"
    segmentation: Segmentation


class ClientsSource(TableSource):
    """The existing-client table (`clients:` block).

    The column mapping: `id_column`, `revenue_column`, `margin_column`, `manager_column` (today's
    owner: books and the `clients_table` baseline), `name_column` (the client's name, carried
    into the books), `level_column` (today's service level of the client, by level id: the
    baseline), `lock_column` (yes/no: keep the client with today's manager), and the columns
    each criterion reads. Extensions for the books: `locks` (client id -> person, a lock kept
    in the scenario instead of the table) and `continuity_price` (keep today's owner unless
    moving the client earns more than this per client and period).
    """

    revenue_column: Text = "revenue_12m"
    margin_column: Text | None = None
    manager_column: Text | None = None
    name_column: Text | None = None
    level_column: Text | None = None
    value_column: Text | None = None
    lock_column: Text | None = None
    locks: dict[Text, Text] = Field(default_factory=dict, max_length=MAX_LOCKS)
    continuity_price: NonNegativeMoney | None = None
    revenue_period_months: Months = 12


class ProspectsSource(TableSource):
    """The prospect table (`prospects_data:` block): rules name prospect segments, whose `pool` it sets."""

    id_column: Text = "prospect_id"
