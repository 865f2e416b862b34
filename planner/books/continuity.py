"""The continuity price: keep today's owner unless moving the client earns more than a price
per client and period (`clients.continuity_price`, an extension of PLANNER.md's books).

For a client the books move (to another person, or released to automation or no service),
the **gain of the move** is what the client earns where the plan puts it minus what it would
earn kept with today's owner, each net of the manager hours it takes at the plan's value of an
hour of that group (its shadow price, `Plan.groups.value_of_hour`):

    gain = [profit(l_new) - h(l_new) / e_new x lambda_new] - [profit(l_keep) - h(l_keep) / e_old x lambda_old]

where `profit(l)` is a client's margin minus cost at level `l` (`planner.economics` through
`books.tables.level_table`; an unserved client earns the segment's unserved profit), `l_keep`
is the client's planned level when manager-served, else the lightest manager-served level its
segment allows (so today's owner still works with it), and an automated or unserved client
takes no hours. A client whose gain is below the price is locked to today's owner and the plan
is re-solved around the locks (`build_books`), so the price trades moves for profit: price 0
keeps nobody extra, a large price keeps everyone who can be kept. A client cannot be kept
when today's owner is not employed by the plan, lacks the skill its segment requires, or its
segment has no manager-served level it allows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from planner.books.report import Books


def move_gains(books: Books, levels: pd.DataFrame, people: pd.DataFrame,
               hour_value: Mapping[str, float], required_skill: Mapping[str, str | None]) -> pd.DataFrame:
    """client, previous_person, gain (NaN: cannot be kept) of every moved or released client.
    `people`: the employed people (person, group, efficiency, skills); `required_skill`: per
    segment (a client is never kept with a person lacking it)."""
    a = books.assignments
    moved = a[a["change"].isin(["moved", "released"])]
    if not len(moved):
        return pd.DataFrame({"client": [], "previous_person": [], "gain": []})
    lv = levels.set_index(["segment", "level"])
    unserved = levels.groupby("segment")["unserved_profit"].first()
    manager = levels[~levels["automated"] & levels["allowed"]].sort_values(["segment", "hours", "rank"])
    lightest = manager.groupby("segment")["level"].first()
    group_of = dict(zip(people["person"], people["group"]))
    efficiency = dict(zip(people["person"], people["efficiency"]))
    skills = dict(zip(people["person"], people["skills"]))

    def earns(segment: str, level: str | None, person: str | None) -> float:
        if level is None:
            return float(unserved.get(segment, 0.0))
        row = lv.loc[(segment, level)]
        if person is None or bool(row["automated"]):
            return float(row["profit"])
        lam = float(hour_value.get(group_of[person], 0.0) or 0.0)
        lam = 0.0 if np.isnan(lam) else max(lam, 0.0)
        return float(row["profit"]) - float(row["hours"]) / float(efficiency[person]) * lam

    gains = []
    for row in moved.itertuples(index=False):
        old = row.previous_person
        new_level = row.level if isinstance(row.level, str) else None
        new_person = row.person if isinstance(row.person, str) else None
        keep_level = new_level if new_level is not None and not bool(lv.loc[(row.segment, new_level), "automated"]) \
            else lightest.get(row.segment)
        skill = required_skill.get(row.segment) if isinstance(row.segment, str) else None
        if old not in group_of or keep_level is None or not isinstance(row.segment, str) \
                or (skill is not None and skill not in skills[old]):
            gains.append(np.nan)
            continue
        gains.append(earns(row.segment, new_level, new_person) - earns(row.segment, keep_level, old))
    return pd.DataFrame({"client": moved["client"].to_numpy(), "previous_person": moved["previous_person"].to_numpy(),
                         "gain": np.asarray(gains, dtype=float)})


def kept_by_price(gains: pd.DataFrame, price: float) -> pd.DataFrame:
    """The clients the price keeps with today's owner: gain below the price (and keepable)."""
    keep = gains["gain"].notna() & (gains["gain"] < price)
    return gains.loc[keep, ["client", "previous_person"]]


__all__ = ["kept_by_price", "move_gains"]
