"""The books of a scenario end to end: client table -> plan (`planner.optimise`) -> books.

`books_for_scenario(scenario, base_dir)` is what `planner books` and the app's Export page
call; the books themselves are `planner.books` (pure stages on tables). Here the table's
clients get what the books need of them: the client's name and criterion columns (carried
into every book), the locks of the table's `lock_column` and of the scenario's
`clients.locks` (client id -> person), and the locks the continuity price adds
(`planner.books.continuity`). `continuity_tradeoff` gives the moves-vs-profit curve over
several prices, for the app to chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from models import Scenario
from planner.books import Books, PlanCounts, build_books, level_table, people_table
from planner.books.continuity import kept_by_price, move_gains
from planner.books.text import EPS, TEXT
from planner.errors import InputError, PlanningError, Problem
from planner.i18n import N_, catalogue

NOTES = catalogue({
    "unknown_client": N_("clients.locks names client '{client}', which is not in the table: the lock is ignored"),
    "continuity": N_("continuity price {price:,.0f}: {n:,} clients kept with today's owner because moving them "
                     "earns less than that"),
})


def plan_counts(plan: Any) -> PlanCounts:
    """A Plan of `planner.optimise` -> PlanCounts: its manager allocations (group, segment,
    level, clients), its automated clients per segment and level (from `segment_levels`, group
    missing), each group's employed head count, its hunters and hunter hours, and its KPIs."""
    alloc = plan.allocations[["group", "segment", "level", "clients"]].copy()
    levels = plan.segment_levels
    if len(levels):
        auto = levels.loc[levels["automated"].astype(bool) & (levels["clients"] > EPS), ["segment", "level", "clients"]]
        alloc = pd.concat([alloc, auto.assign(group=None)[["group", "segment", "level", "clients"]]],
                          ignore_index=True)
    head = {str(g): int(round(float(n))) for g, n in plan.groups[["group", "head_count"]].itertuples(index=False)}
    hours = {}
    if len(plan.prospects):
        hours = {str(p): float(h) for p, h in plan.prospects[["prospect", "hunter_hours"]].itertuples(index=False)}
    return PlanCounts(allocations=alloc, head_counts=head, hunters=float(plan.kpis["hunters"]), hunter_hours=hours,
                      kpis=dict(plan.kpis))


@dataclass(frozen=True)
class BookInputs:
    """What every books run of one scenario shares: the plan, the clients, their details."""

    plan: Any
    clients: pd.DataFrame
    details: tuple[str, ...]
    notes: tuple[str, ...]
    resolve: Any


def book_inputs(scenario: Scenario, base_dir: Path | None, *, solver: str = "highs",
                time_limit: float | None = None, hour_values: bool = False) -> BookInputs:
    """Plan the scenario and prepare its clients for `build_books` (locks of the table and of
    `clients.locks`, the name and criterion columns)."""
    if scenario.clients is None:
        raise InputError(Problem("clients", TEXT["no_clients"]))
    from planner.optimise import plan_scenario
    from planner.segmentation import load_client_table

    base = Path(base_dir) if base_dir is not None else None
    table = load_client_table(scenario, base)
    kwargs: dict[str, Any] = {"solver": solver, "details": hour_values}
    if time_limit is not None:
        kwargs["time_limit"] = time_limit
    plan = plan_scenario(scenario, base_dir=base, **kwargs)
    clients = table.frame.copy()
    details = ["name"] if scenario.clients.name_column else []
    for column in table.columns.columns:
        if column not in clients.columns:
            clients[column] = table.columns[column].to_numpy()
            details.append(column)
    notes = []
    if scenario.clients.locks:
        known = set(clients["client"].astype(str))
        pins = {str(k): v for k, v in scenario.clients.locks.items()}
        notes += [NOTES["unknown_client"].format(client=c) for c in pins if c not in known]
        pinned = clients["client"].astype(str).map(pins)
        clients["lock_person"] = pinned.astype(object).where(pinned.notna(), None)
        clients["locked"] = clients["locked"].to_numpy(bool) | pinned.notna().to_numpy()

    def resolve(reduced: Scenario) -> PlanCounts:
        try:
            return plan_counts(plan_scenario(reduced, base_dir=base, **{**kwargs, "details": False}))
        except PlanningError as exc:
            raise PlanningError(TEXT["locks_infeasible"].format(message=exc), exc.plan) from None

    return BookInputs(plan, clients, tuple(details), tuple(notes), resolve)


def _books(inputs: BookInputs, clients: pd.DataFrame, notes: Sequence[str] = ()) -> Books:
    # plan.scenario is the prepared scenario: table counts applied, response curves expanded.
    books = build_books(inputs.plan.scenario, clients, plan_counts(inputs.plan), inputs.resolve, inputs.details)
    extra = (*inputs.notes, *notes)
    return replace(books, conflicts=(*books.conflicts, *extra)) if extra else books


def _gains(inputs: BookInputs, free: Books) -> pd.DataFrame:
    plan = inputs.plan
    counts = plan_counts(plan).head_counts
    hour_value = dict(zip(plan.groups["group"], plan.groups["value_of_hour"])) if "value_of_hour" in plan.groups else {}
    skills = {seg.id: seg.required_skill for seg in plan.scenario.segments}
    return move_gains(free, level_table(plan.scenario), people_table(plan.scenario, counts), hour_value, skills)


def _with_kept(inputs: BookInputs, kept: pd.DataFrame) -> pd.DataFrame:
    """The clients with the continuity price's locks added (to today's owner)."""
    clients = inputs.clients.copy()
    keep = clients["client"].isin(kept["client"]).to_numpy(copy=True)  # written below
    if "lock_person" in clients:  # a pin of the scenario wins over continuity
        keep &= ~clients["locked"].to_numpy(bool)
    clients["locked"] = clients["locked"].to_numpy(bool) | keep
    return clients


def books_for_scenario(scenario: Scenario, base_dir: Path | None = None, *, solver: str = "highs",
                       time_limit: float | None = None, continuity_price: float | None = None) -> Books:
    """Client table -> plan -> books for a scenario as loaded from its file (`base_dir` is the
    folder its table paths resolve against). `continuity_price` (default the scenario's
    `clients.continuity_price`) keeps today's owner unless a move earns more. Raises InputError
    when the scenario has no client table, PlanningError when there is no plan (with or
    without the locked clients)."""
    price = continuity_price
    if price is None and scenario.clients is not None:
        price = scenario.clients.continuity_price
    inputs = book_inputs(scenario, base_dir, solver=solver, time_limit=time_limit, hour_values=price is not None)
    books = _books(inputs, inputs.clients)
    if price is None:
        return books
    kept = kept_by_price(_gains(inputs, books), float(price))
    if not len(kept):
        return books
    note = NOTES["continuity"].format(price=float(price), n=len(kept))
    return _books(inputs, _with_kept(inputs, kept), (note,))


def people_flags(scenario: Scenario, base_dir: Path | str | None) -> tuple[list[str], list[str]] | None:
    """(people with an empty book, people over their hours) of the scenario's books; None when
    there are none (no client table, a bad table, no plan). For the Plan page (picklable)."""
    from planner.errors import PlannerError

    if scenario.clients is None:
        return None
    try:
        books = books_for_scenario(scenario, Path(base_dir) if base_dir is not None else None)
    except PlannerError:
        return None
    return books.idle, books.over_hours


def continuity_tradeoff(scenario: Scenario, base_dir: Path | None, prices: Sequence[float], *,
                        solver: str = "highs", time_limit: float | None = None) -> pd.DataFrame:
    """The moves-vs-profit trade-off: per price, the clients it keeps, the books' moves and
    integer profit, and the profit given up against the books without a price (price 0 row
    first). Columns: price, kept, moves, profit, profit_change."""
    inputs = book_inputs(scenario, base_dir, solver=solver, time_limit=time_limit, hour_values=True)
    free = _books(inputs, inputs.clients)
    gains = _gains(inputs, free)

    def profit(books: Books) -> float:
        return float(books.kpis.set_index("kpi").loc["profit", "integer"])

    base = profit(free)
    rows = [(0.0, 0, free.moves, base)]
    for price in sorted({float(p) for p in prices if float(p) > 0}):
        kept = kept_by_price(gains, price)
        books = _books(inputs, _with_kept(inputs, kept)) if len(kept) else free
        rows.append((price, len(kept), books.moves, profit(books)))
    table = pd.DataFrame(rows, columns=["price", "kept", "moves", "profit"])
    table["profit_change"] = table["profit"] - base
    return table


__all__ = ["BookInputs", "book_inputs", "books_for_scenario", "continuity_tradeoff", "people_flags", "plan_counts"]
