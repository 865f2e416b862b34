"""Stage 2 of the books: each client to a level and a person, with the fewest moves."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

def assign_clients(clients: pd.DataFrame, counts: pd.DataFrame, levels: pd.DataFrame,
                   people: pd.DataFrame) -> pd.DataFrame:
    """Each client to a level and (for manager levels) a person, with the fewest moves.

    `clients`: client, segment (missing = unassigned), value, current_person (missing = none).
    `counts`: person, segment, level, clients (person missing on automated levels).

    Buckets. In each segment the clients sorted by value descending (ties: client id
    ascending) fill the levels in rank order (richest first), each level taking its total
    count; the rest are not served. So the set B_sl of clients at each level is fixed by the
    counts and the value rule.

    Minimal moves. Inside B_sl person p has c_p slots (sum_p c_p = |B_sl|) and a_p of the
    bucket's clients are p's today. A client stays only with its current manager, and p can keep
    at most min(a_p, c_p) of them, so kept <= K = sum_p min(a_p, c_p). Letting every p keep
    min(a_p, c_p) of its clients (its most valuable ones) reaches K, and the |B_sl| - K others
    exactly fill the sum_p (c_p - min(a_p, c_p)) = |B_sl| - K open slots. So the moves,
    |B_sl| - K among clients with a manager, are the minimum for these counts: the
    transportation problem between current and new owners has this closed-form optimum.

    Movers, most valuable first, go to the person with the most open slots left in the bucket
    (ties: team order). Returns client, segment, level, rank, person, previous_person, kept,
    value (and `revenue`, `locked` when the clients have them), in segment / value order.
    """
    people = people.sort_values("order").reset_index(drop=True)
    names = people["person"].to_numpy(dtype=object)
    person_code = {p: i for i, p in enumerate(names)}
    n_people = len(names)

    extra = [col for col in ("revenue", "locked") if col in clients.columns]
    c = clients[["client", "segment", "value", "current_person", *extra]].copy()
    c["value"] = pd.to_numeric(c["value"], errors="coerce").fillna(0.0)
    has_segment = c["segment"].notna()
    segs = sorted(c.loc[has_segment, "segment"].unique().tolist())
    seg_code = {s: i for i, s in enumerate(segs)}
    c["_seg"] = c["segment"].map(seg_code).fillna(len(segs)).astype(np.int64)
    c = c.sort_values(["_seg", "value", "client"], ascending=[True, False, True], kind="mergesort")
    c = c.reset_index(drop=True)
    seg_arr = c["_seg"].to_numpy()
    sizes = np.bincount(seg_arr, minlength=len(segs) + 1)[: len(segs)]
    seg_start = np.concatenate([[0], np.cumsum(sizes)])

    # Buckets: per segment its levels with a positive total (rank order), then "not served".
    totals = counts.groupby(["segment", "level"], sort=False)["clients"].sum()
    lv = levels[levels["segment"].isin(seg_code)][["segment", "level", "rank", "automated"]].copy()
    lv["total"] = [int(totals.get((s, l), 0)) for s, l in zip(lv["segment"], lv["level"])]
    lv = lv[lv["total"] > 0]
    lv["_seg"] = lv["segment"].map(seg_code)
    unserved = pd.DataFrame({"segment": segs, "level": None, "rank": 10**6, "automated": True,
                             "total": 0, "_seg": range(len(segs))})
    buckets = pd.concat([lv, unserved], ignore_index=True).sort_values(["_seg", "rank"], kind="mergesort")
    buckets = buckets.reset_index(drop=True).astype({"_seg": np.int64, "total": np.int64, "rank": np.int64})
    buckets["automated"] = buckets["automated"].astype(bool)
    placed = buckets.groupby("_seg")["total"].sum().reindex(range(len(segs)), fill_value=0).to_numpy()
    over = placed > sizes
    if over.any():
        bad = [segs[i] for i in np.nonzero(over)[0]]
        raise ValueError(f"counts exceed the clients of segment(s) {bad}")
    unserved_mask = buckets["level"].isna().to_numpy()
    buckets.loc[unserved_mask, "total"] = (sizes - placed)[buckets.loc[unserved_mask, "_seg"].to_numpy()]
    ends = seg_start[buckets["_seg"].to_numpy()] + buckets.groupby("_seg")["total"].cumsum().to_numpy()
    in_table = seg_arr < len(segs)
    position = np.arange(len(c))
    bucket = np.full(len(c), -1, dtype=np.int64)
    bucket[in_table] = np.searchsorted(ends, position[in_table], side="right")
    n_buckets = len(buckets)
    manager_bucket = ~buckets["automated"].to_numpy(bool)

    # Slots per (bucket, person).
    bucket_of = {(s, l): i for i, (s, l) in enumerate(zip(buckets["segment"], buckets["level"])) if l is not None}
    m_counts = counts[counts["person"].notna()]
    slots = np.zeros(n_buckets * max(n_people, 1), dtype=np.int64)
    if len(m_counts):
        b_idx = np.array([bucket_of[(s, l)] for s, l in zip(m_counts["segment"], m_counts["level"])], dtype=np.int64)
        p_idx = m_counts["person"].map(person_code).to_numpy(np.int64)
        np.add.at(slots, b_idx * n_people + p_idx, m_counts["clients"].to_numpy(np.int64))

    # Keep: each owner keeps its most valuable min(a_p, c_p) clients of the bucket.
    owner = c["current_person"].map(person_code)
    owner_code = owner.fillna(-1).to_numpy(np.int64)
    in_manager = (bucket >= 0) & manager_bucket[np.clip(bucket, 0, None)] if n_buckets else np.zeros(len(c), bool)
    candidate = in_manager & (owner_code >= 0)
    key = np.where(candidate, bucket * max(n_people, 1) + owner_code, -1)
    rank_in_key = pd.Series(key).groupby(key).cumcount().to_numpy()
    kept = candidate & (rank_in_key < slots[np.clip(key, 0, None)])
    person = np.full(len(c), -1, dtype=np.int64)
    person[kept] = owner_code[kept]

    # Movers fill the open slots, person with the most open slots first.
    open_slots = slots - np.bincount(key[kept], minlength=len(slots))
    movers = np.nonzero(in_manager & ~kept)[0]  # already in (bucket, value) order
    slot_keys = np.nonzero(open_slots > 0)[0]
    repeat = open_slots[slot_keys]
    slot_key = np.repeat(slot_keys, repeat)
    first = np.repeat(np.cumsum(repeat) - repeat, repeat)
    room = np.repeat(repeat, repeat) - (np.arange(len(slot_key)) - first)
    slot_bucket, slot_person = slot_key // max(n_people, 1), slot_key % max(n_people, 1)
    order = np.lexsort((slot_person, -room, slot_bucket))
    if len(order) != len(movers) or not np.array_equal(slot_bucket[order], bucket[movers]):
        raise ValueError("internal: open slots do not match the movers bucket by bucket")
    person[movers] = slot_person[order]

    level_arr = buckets["level"].to_numpy(dtype=object)
    rank_arr = buckets["rank"].to_numpy()
    out = pd.DataFrame({
        "client": c["client"].to_numpy(),
        "segment": objects(c["segment"]),
        "level": objects(np.where(bucket >= 0, level_arr[np.clip(bucket, 0, None)] if n_buckets else None, None)),
        "rank": np.where(bucket >= 0, rank_arr[np.clip(bucket, 0, None)] if n_buckets else -1, -1),
        "person": objects(np.where(person >= 0, names[np.clip(person, 0, None)] if n_people else None, None)),
        "previous_person": objects(c["current_person"]),
        "kept": kept,
        "value": c["value"].to_numpy(float),
    })
    for col in extra:  # carried along for the report
        out[col] = c[col].to_numpy()
    return out


def objects(values: Any) -> pd.Series:
    """An object column with None (never NaN or pd.NA) for missing values; pandas 3 would
    otherwise infer a string column with NaN."""
    s = pd.Series(np.asarray(values, dtype=object), dtype=object)
    return pd.Series(np.where(s.notna().to_numpy(), s.to_numpy(), None), dtype=object)


def minimal_moves(clients_with_bucket: pd.DataFrame, counts: pd.DataFrame) -> int:
    """The lower bound |B| - sum_p min(a_p, c_p) summed over manager buckets (see
    `assign_clients`), recomputed independently from the assignment's levels."""
    m = counts[counts["person"].notna()].groupby(["segment", "level", "person"])["clients"].sum()
    served = clients_with_bucket[clients_with_bucket["person"].notna()]
    held = served[served["previous_person"].notna()].groupby(["segment", "level", "previous_person"]).size()
    held.index = held.index.set_names(["segment", "level", "person"])
    both = pd.concat([m.rename("c"), held.rename("a")], axis=1).fillna(0)
    kept = np.minimum(both["c"], both["a"]).sum()
    with_owner = int(served["previous_person"].notna().sum())
    return int(with_owner - kept)


__all__ = ["assign_clients", "minimal_moves", "objects"]
