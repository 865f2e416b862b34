"""Books of accounts: every client of the table to a person and a level, keeping relationships.

A plan says how many clients of each segment each *group* serves at each level, in fractions
(an LP). Books turn that into names, in three pure stages:

1. `rounding.integer_counts`: whole clients per person, segment and level (largest remainder
   per segment, an even split of each group's counts over its employed people by free hours,
   then a repair so nobody exceeds hours or span).
2. `assignment.assign_clients`: within a segment, clients sorted by value (descending; ties by
   client id) fill the levels richest first; inside each (segment, level) bucket as many
   clients as possible stay with their current manager, the rest go to the people with the most
   open slots. The number of moves is the minimum for the counts (proof in `assign_clients`).
3. `report.build_books`: locks (`locks`: a client kept with its current manager whatever the
   plan says), the re-solve of the plan without the locked clients, and the report (`Books`),
   whose KPIs are `planner.economics`' (the plan's own, and the integer books').

Level order ("richest first"): manager-served levels before automated ones, each by revenue
per client descending, ties by their order in the file; unserved last. `io` writes the books.
`planner.plan_books.books_for_scenario` runs the whole pipeline from a scenario file. Nothing
here loops over clients in Python; loops run over plan rows, people and locked clients only.
"""

from planner.books.assignment import assign_clients, minimal_moves
from planner.books.io import books_sheets, check_out_path, sheet_names, write_books
from planner.books.report import Books, PlanCounts, Resolver, allocation_kpis, build_books, people_summary
from planner.books.rounding import IntegerCounts, integer_counts, round_segment_counts
from planner.books.locks import reduced_scenario
from planner.books.tables import all_person_names, level_table, people_table, segment_table
from planner.books.text import TEXT

__all__ = [
    "Books",
    "IntegerCounts",
    "PlanCounts",
    "Resolver",
    "TEXT",
    "all_person_names",
    "allocation_kpis",
    "assign_clients",
    "books_sheets",
    "build_books",
    "check_out_path",
    "integer_counts",
    "level_table",
    "minimal_moves",
    "people_summary",
    "people_table",
    "reduced_scenario",
    "round_segment_counts",
    "segment_table",
    "sheet_names",
    "write_books",
]
