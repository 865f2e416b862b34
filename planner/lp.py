"""What the model needs of PuLP, kept out of the model's mathematics.

- `nonnegative_variables(prefix, n)`: many continuous x >= 0 made fast;
- `Row`: a named constraint record (family, subject, sense, rhs) beside its PuLP constraint;
- `RowBook`: the accumulator `add(name, family, subject, pairs, sense, rhs)` that the model's
  `define_*` functions write to, and that builds the PuLP problem in one pass;
- `MatrixForm`: a built problem as arrays (objective, bounds, integrality, CSR rows), the form
  the solver, the certificate and the post-solve stage read. It is a copy: reading or
  re-solving it never changes the PuLP problem it came from.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pulp

try:  # PuLP 3.3 warns on every LpVariable(...) about its v4 API; the warning costs build time.
    pulp.v4_migration.set_v4_migration_warnings(False)
except AttributeError:  # pragma: no cover - older PuLP has no such switch
    pass
warnings.filterwarnings("ignore", module="pulp")

LE, GE, EQ = pulp.LpConstraintLE, pulp.LpConstraintGE, pulp.LpConstraintEQ


def nonnegative_variables(prefix: str, n: int) -> list:
    """`[LpVariable(f"{prefix}{k}", 0) for k in range(n)]`, made several times faster.

    The first variable goes through PuLP's constructor (its checks); the others are copies of
    its attributes with their own name and hash (PuLP keys dicts on `hash`, which must be
    unique: the constructor sets it to `id(self)` too). Names here have no character PuLP would
    replace."""
    if n <= 0:
        return []
    first = pulp.LpVariable(f"{prefix}0", 0)
    attrs = first.__dict__
    new, cls = object.__new__, pulp.LpVariable
    out = [first]
    append = out.append
    for k in range(1, n):
        v = new(cls)
        d = v.__dict__
        d.update(attrs)
        d["_LpElement__name"] = f"{prefix}{k}"
        d["hash"] = id(v)
        append(v)
    return out


def register_variables(prob: pulp.LpProblem, variables: list) -> None:
    """`prob.addVariables(variables)` in one pass: PuLP 3.3 registers a variable with a method
    call each (its list and its dict by hash); falls back to that where its internals differ."""
    known = getattr(prob, "_variable_ids", None)
    listed = getattr(prob, "_variables", None)
    if not isinstance(known, dict) or not isinstance(listed, list):
        prob.addVariables(variables)
        return
    new = {v.hash: v for v in variables if v.hash not in known}
    listed.extend(new.values())
    known.update(new)


@dataclass(frozen=True)
class Row:
    """One named constraint of the model: `sum pairs  sense  rhs`, about `subject` of `family`."""

    name: str
    family: str
    subject: str
    sense: int
    rhs: float


@dataclass
class RowBook:
    """The rows of a model as they are defined, then added to the PuLP problem in one call."""

    rows: dict[str, Row] = field(default_factory=dict)
    constraints: dict[str, pulp.LpConstraint] = field(default_factory=dict)

    def add(self, name: str, family: str, subject: str, pairs: Iterable, sense: int, rhs: float) -> Row:
        row = Row(name, family, subject, sense, float(rhs))
        self.rows[name] = row
        self.constraints[name] = pulp.LpConstraint(pulp.LpAffineExpression(list(pairs)), sense, name, float(rhs))
        return row

    def extend(self, prob: pulp.LpProblem) -> None:
        prob.extend(self.constraints)


@dataclass(frozen=True)
class MatrixForm:
    """A problem as arrays (a copy; the order of `variables` is the column order).

    objective: maximise (or minimise) `cost @ x + constant`; `lower <= x <= upper`; `x[integer]`
    whole; `row_lower <= A @ x <= row_upper` with row `names`."""

    variables: tuple
    names: tuple[str, ...]
    maximize: bool
    cost: np.ndarray
    constant: float
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @property
    def n(self) -> int:
        return len(self.variables)

    @property
    def m(self) -> int:
        return len(self.names)

    @property
    def is_mip(self) -> bool:
        return bool(self.integer.any())

    def row_index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names)}

    def column_index(self) -> dict[int, int]:
        """id(variable) -> column."""
        return {id(v): j for j, v in enumerate(self.variables)}

    def activity(self, x: np.ndarray) -> np.ndarray:
        """A @ x, row by row (CSR product without scipy)."""
        if not self.m:
            return np.zeros(0)
        rows = np.repeat(np.arange(self.m), np.diff(self.indptr))
        return np.bincount(rows, self.data * x[self.indices], minlength=self.m)

    def with_bounds(self, lower: np.ndarray, upper: np.ndarray, integer: np.ndarray | None = None) -> "MatrixForm":
        """The same problem with other column bounds (and integrality): a new copy."""
        from dataclasses import replace

        return replace(self, lower=np.asarray(lower, float), upper=np.asarray(upper, float),
                       integer=self.integer if integer is None else np.asarray(integer, bool))

    def with_row_bounds(self, row_lower: np.ndarray, row_upper: np.ndarray) -> "MatrixForm":
        from dataclasses import replace

        return replace(self, row_lower=np.asarray(row_lower, float), row_upper=np.asarray(row_upper, float))


def matrix_form(prob: pulp.LpProblem, variables: list | None = None, constant: float = 0.0) -> MatrixForm:
    """The arrays of a PuLP problem. `variables` fixes the column order (default: every
    variable of the problem, in PuLP's order); `constant` is an objective constant kept
    outside PuLP's objective (the model's `objective_constant`)."""
    if variables is None:
        variables = prob.variables()
    columns = {id(v): j for j, v in enumerate(variables)}
    if len(columns) != len(variables):
        raise ValueError("a variable is listed twice")
    n = len(variables)
    cost = np.zeros(n)
    for v, c in prob.objective.items():
        j = columns.get(id(v))
        if j is None:
            if c:
                raise ValueError(f"objective uses variable {v.name}, which is not in the column list")
            continue
        cost[j] += c
    constant = float(constant) + float(getattr(prob.objective, "constant", 0.0) or 0.0)
    lower = np.array([-np.inf if v.lowBound is None else float(v.lowBound) for v in variables], dtype=float)
    upper = np.array([np.inf if v.upBound is None else float(v.upBound) for v in variables], dtype=float)
    integer = np.array([v.cat == pulp.LpInteger for v in variables], dtype=bool)
    names, starts, index, value, row_lo, row_up = [], [0], [], [], [], []
    for name, c in prob.constraints.items():
        names.append(name)
        for v, coef in c.items():
            if coef:
                j = columns.get(id(v))
                if j is None:
                    raise ValueError(f"row {name} uses variable {v.name}, which is not in the column list")
                index.append(j)
                value.append(coef)
        starts.append(len(index))
        lb, ub = c.getLb(), c.getUb()
        row_lo.append(-np.inf if lb is None else float(lb))
        row_up.append(np.inf if ub is None else float(ub))
    return MatrixForm(
        variables=tuple(variables), names=tuple(names), maximize=prob.sense == pulp.LpMaximize, cost=cost,
        constant=constant, lower=lower, upper=upper, integer=integer,
        row_lower=np.array(row_lo, dtype=float), row_upper=np.array(row_up, dtype=float),
        indptr=np.array(starts, dtype=np.int64), indices=np.array(index, dtype=np.int64),
        data=np.array(value, dtype=float),
    )


def assign_values(form: MatrixForm, x: np.ndarray | None) -> None:
    """Write a solution into the PuLP variables (`varValue`), for code that reads them."""
    values = [None] * form.n if x is None else np.asarray(x, float).tolist()
    for v, value in zip(form.variables, values):
        v.varValue = value


def values_of(variables: Iterable[Any]) -> np.ndarray:
    """`varValue` of PuLP variables as floats (no value: NaN)."""
    vals = [v.varValue for v in variables]
    return np.array([np.nan if x is None else float(x) for x in vals], dtype=float)


__all__ = ["EQ", "GE", "LE", "MatrixForm", "Row", "RowBook", "assign_values", "matrix_form",
           "nonnegative_variables", "register_variables", "values_of"]
