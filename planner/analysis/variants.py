"""What-if variants: a base scenario plus a few broad tweaks (the app's What-if sliders).

`tweaks` keys: hours_pct, conversion_pct, revenue_pct (percent of today's estimates: every
group's hours, every prospect's conversion, every revenue estimate incl. ranges), counts
({group id: (lo, hi)}), hunters ((lo, hi)), budget (max_cost; 0 or None removes it).
"""

from __future__ import annotations

import copy
from typing import Any

from models import Scenario
from planner.scenario_io import scenario_from_data, scenario_to_data


def _scale(value: Any, factor: float) -> Any:
    if isinstance(value, dict):
        return {k: v * factor for k, v in value.items()}
    return value * factor


def tweak_scenario(base: Scenario, tweaks: dict[str, Any], source: str = "<what-if>") -> Scenario:
    """A new Scenario: hours, conversions and revenue estimates scaled by their percentages, head
    counts set (a (lo, hi) range with lo < hi is a decision, lo == hi a fixed count), budget set.
    Raises InputError naming the field when the result is invalid."""
    data = copy.deepcopy(scenario_to_data(base))
    hours = tweaks.get("hours_pct", 100.0) / 100.0
    conversion = tweaks.get("conversion_pct", 100.0) / 100.0
    revenue = tweaks.get("revenue_pct", 100.0) / 100.0
    team = data.setdefault("team", {})
    for group in team.get("managers", []):
        if hours != 1.0:
            group["hours"] = group["hours"] * hours
        if group["id"] in tweaks.get("counts", {}):
            _set_range(group, tweaks["counts"][group["id"]], default_count=1)
    if "hunters" in tweaks:
        _set_range(team.setdefault("hunters", {}), tweaks["hunters"], default_count=0)
    for prospect in data.get("prospects", []):
        if conversion != 1.0:
            prospect["conversion_per_hour"] = _scale(prospect["conversion_per_hour"], conversion)
        if revenue != 1.0:
            prospect["revenue_per_client"] = _scale(prospect["revenue_per_client"], revenue)
    if revenue != 1.0:
        for segment in data.get("segments", []):
            for level in segment.get("levels", []):
                for key in ("revenue_per_client", "revenue_index"):
                    if key in level:
                        level[key] = _scale(level[key], revenue)
    if "budget" in tweaks:
        goal = data.setdefault("goal", {})
        if tweaks["budget"]:
            goal["max_cost"] = float(tweaks["budget"])
        else:
            goal.pop("max_cost", None)
    return scenario_from_data(data, source=source)


def _set_range(block: dict[str, Any], bounds: tuple[int, int], *, default_count: int) -> None:
    """Head count from a (lo, hi) slider; named people are dropped when they no longer fit."""
    lo, hi = int(bounds[0]), int(bounds[1])
    count = min(max(int(block.get("count", default_count)), lo), hi)
    block["count"] = count
    if lo == hi:
        block.pop("min_count", None)
        block.pop("max_count", None)
    else:
        block["min_count"], block["max_count"] = lo, hi
    people = block.get("people")
    if people is not None:
        fits = len(people) == count if lo == hi else count <= len(people) <= hi
        if not fits:
            block.pop("people")


__all__ = ["tweak_scenario"]
