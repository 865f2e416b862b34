"""Stage 3: every default of the contract resolved once, and a missing number named by path."""

from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.inputs import build_inputs
from planner.scenario_io import loads_scenario

BASE = """
schema_version: 1
name: inputs
priorities: {B: {min_coverage: 0.25}}
segments:
  - id: plain
    clients: 10
    margin: 0.3
    levels:
      - {id: visit, contacts: 4, hours_per_contact: 1.5, revenue_per_client: 900, margin: 0.5}
      - {id: mail, hours_per_client: 0, revenue_per_client: 100, cost_per_client: 5}
  - id: tail
    priority: C
    clients: 5
    margin: 0.2
    weight: 2
    levels:
      - {id: call, hours_per_client: 1, revenue_per_client: 300}
      - {id: mail, hours_per_client: 0, revenue_per_client: 80}
team:
  managers:
    - {id: a, hours: 100, efficiency: 0.8, skills: [x]}
    - {id: b, count: 2, min_count: 1, max_count: 4, hours: 50}
"""


def test_defaults_are_resolved_once():
    inputs = build_inputs(loads_scenario(BASE))
    seg = inputs.segments
    assert seg.at["plain", "min_coverage"] == 0.25 and seg.at["plain", "priority"] == "B"  # class override
    assert seg.at["tail", "service"] == "automated" and seg.at["tail", "weight"] == 2.0
    lv = inputs.levels.set_index(["segment", "level"])
    assert lv.at[("plain", "visit"), "hours"] == 6.0  # contacts x hours per contact
    assert lv.at[("plain", "visit"), "margin"] == 0.5 and lv.at[("plain", "mail"), "margin"] == 0.3
    assert not lv.at[("tail", "call"), "allowed"] and lv.at[("tail", "mail"), "allowed"]
    gr = inputs.groups
    assert gr.at["a", "effective_hours"] == 80.0 and not gr.at["a", "decided"]
    assert (gr.at["b", "lower"], gr.at["b", "upper"], gr.at["b", "count"]) == (1, 4, 2)
    assert inputs.may_serve("a", "plain") and inputs.serve.all()


def test_the_arrays_are_the_tables():
    inputs = build_inputs(loads_scenario(BASE))
    A = inputs.arrays
    assert A.seg_ids == ["plain", "tail"] and A.lv_ids == ["visit", "mail", "call", "mail"]
    assert list(A.lv_hours) == list(inputs.levels["hours"]) and list(A.grp_effective) == [80.0, 50.0]
    fresh = type(inputs).arrays.func(inputs)  # the same numbers read back from the tables
    assert fresh.lv_allowed.tolist() == A.lv_allowed.tolist() and fresh.seg_weight.tolist() == A.seg_weight.tolist()


def test_missing_numbers_after_preparation_name_the_field():
    text = BASE.replace("    margin: 0.2\n", "    unserved_revenue: 10\n").replace("clients: 5", "clients: 5")
    with pytest.raises(InputError) as err:
        build_inputs(loads_scenario(text.replace("      - {id: call, hours_per_client: 1, revenue_per_client: 300}\n"
                                                 "      - {id: mail, hours_per_client: 0, revenue_per_client: 80}\n",
                                                 "      - {id: call, hours_per_client: 1, revenue_per_client: 300, margin: 0.1}\n")))
    assert [p.path for p in err.value.problems] == ["segments[1].margin"]
