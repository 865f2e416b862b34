"""Upper limits of a scenario file (PLANNER.md, "Field rules": sizes).

Every limit exists so that no file, however hostile, can make the planner hang or exhaust
memory, while any real sales team fits far inside it. The models state them as JSON Schema
constraints (`maximum`, `maxItems`, `maxLength`); the loader (`planner/scenario_io.py`) checks
the document-level ones (size, nesting, alias expansion) before anything is built.

Lists inside a segment, a group or a criterion (levels, skills, people, cut points, ...) stop at
their first bad entry (pydantic's `fail_fast`): a file cannot make the planner collect a million
errors, and the first bad entry of such a list says what is wrong with the others. The top-level
lists (segments, manager groups, prospects) report every bad entry.
"""

from __future__ import annotations

# ----- the document as a whole (checked by the loader before parsing it into objects) ---------
MAX_SCENARIO_BYTES = 5 * 1024 * 1024  # a scenario file or upload: 5 MB
MAX_TABLE_BYTES = 200 * 1024 * 1024  # a client or prospect table file or upload: 200 MB
MAX_DEPTH = 64  # nesting of lists and mappings; a scenario needs about 8
MAX_NODES = 1_000_000  # values after expanding YAML aliases (a billion-laughs bomb is far above)
MAX_SCALAR_CHARS = 10_000  # any one value; no field takes more than MAX_TEXT
MAX_INT_DIGITS = 100  # a whole number in the file; no field takes more than 14 digits
MAX_ENTRIES = 20_000  # entries of any one list or mapping: the most any field takes (segments)

# ----- sizes of lists and texts ---------------------------------------------------------------
MAX_SEGMENTS = 20_000
MAX_LEVELS = 20  # service levels per segment
MAX_PROSPECTS = 20_000
MAX_GROUPS = 5_000  # manager groups
MAX_PEOPLE = 10_000  # names in one group's `people`
MAX_SKILLS = 100  # skills of one group
MAX_TEXT_ITEMS = 100  # entries of a level's offer, terms, contact_role, materials
MAX_PRIORITIES = 100  # priority classes
MAX_CRITERIA = 100  # criteria of one segmentation
MAX_RULES = 20_000  # rules of one segmentation (as many as segments)
MAX_CUTS = 1_000  # edges, q, shares or labels of one criterion
MAX_WEIGHTS = 100  # columns of a score criterion, entries of a rule's `when`
MAX_ID = 80  # an id (PLANNER.md allows up to 200; ids were always at most 80)
MAX_NAME = 200  # a name, label, column or currency
MAX_TEXT = 5_000  # a description, offer, terms, file path

# ----- numbers ----------------------------------------------------------------------------------
MAX_HEADCOUNT = 10_000  # count, min_count, max_count, max_headcount, current.hunters
MAX_CLIENTS = 10_000_000  # clients, pool, max_clients, clients on a level, new clients
MAX_MONEY = 1e12  # |revenue|, costs, budgets, targets, per client or per person and period
MAX_HOURS = 10_000.0  # hours per person and per client and period; contacts per period
MIN_EFFICIENCY, MAX_EFFICIENCY = 0.01, 100.0
MAX_CONVERSION = 100.0  # new clients per hunter hour
MAX_MULTIPLE = 1_000.0  # a multiple of today's revenue (response curves, revenue_index)
MAX_WEIGHT = 1e6  # objective weights of segments and prospects, score weights
MAX_TABLE_VALUE = 1e15  # bin edges on a client table's column (revenue in any currency)
MAX_MONTHS = 1_200  # revenue_period_months
MAX_LOCKS = 20_000  # clients locked to a person in the scenario (`clients.locks`; MAX_ENTRIES)
MAX_SHEET = 1_000  # a sheet's position in a workbook
MAX_PERIODS = 120  # periods of a horizon, entries of a ramp, a lead time (ten years of months)
MAX_SEASONALITY = 100.0  # a period's revenue factor

__all__ = [name for name in dir() if name.isupper()]
