"""What-if variants kept with a scenario: each a *recipe*, a list of edits on top of the working
scenario (not a frozen copy), so a variant follows every later edit of the scenario it sits on.

An edit is `{path, op, value}`: `path` as the command line's `--set` writes it
(`team.managers[juniors].hours`, `[*]` for every item of a list), `op` is `set` (the value
replaces the field), `scale` (the field times the value; a range scales each of its numbers) or
`add` (the value added). Applying and describing recipes lives in `planner/recipes.py`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from models.base import LongText, Number, StrictModel, Text

MAX_VARIANTS = 50
MAX_EDITS = 500

Operation = Literal["set", "scale", "add"]
EditValue = bool | int | Number | LongText | dict[str, Number] | None


class RecipeEdit(StrictModel):
    """One edit of a recipe: the field at `path` set, scaled or shifted by `value`."""

    path: LongText
    op: Operation = "set"
    value: EditValue = None


class Variant(StrictModel):
    """A named what-if variant: the working scenario with these edits applied in order."""

    name: Text
    edits: tuple[RecipeEdit, ...] = Field((), max_length=MAX_EDITS)
