"""Every user-facing message of the models, in one registry keyed by a unique error type.

The models must not import `planner` (the layers go models <- planner), yet their messages are
read in English or Russian. So a model never formats a message: it raises
`error(kind, **params)` (a `PydanticCustomError` whose type is `kind`) or reports an
`Issue(path, kind, params)` inside a `ProblemList`, and the loader
(`planner.scenario_io.problems_from_validation`) renders `tr(MESSAGES[kind], **params)` in the
reader's language, numbers in the language's format. `N_` only marks a template for the
catalogue's extractor (`make messages`); the Russian text is in
`planner/locale/ru/LC_MESSAGES/planner.po`.

Pydantic's own error types (`less_than_equal`, `too_long`, ...) have their templates here too,
so that one table says everything a scenario file can be told.

`render(kind, **params)` writes a message now: in English, or through the translator the
planner installs with `use_translator` (it does so when `planner.scenario_io` is imported), so
that `scenario_warnings` speaks the reader's language without the models knowing of gettext.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from pydantic_core import PydanticCustomError


def N_(message: str) -> str:
    """Mark a message template for translation (it is translated where it is rendered)."""
    return message


MESSAGES: dict[str, str] = {
    # ----- pydantic's own error types ----------------------------------------------------------
    "greater_than_equal": N_("must be >= {ge}"),
    "greater_than": N_("must be > {gt}"),
    "less_than_equal": N_("must be <= {le}"),
    "less_than": N_("must be < {lt}"),
    "extra_forbidden": N_("unknown key (check the spelling; see the scenario format in README.md)"),
    "missing": N_("required"),
    "float_type": N_("must be a number, got {input}"),
    "int_type": N_("must be a whole number, got {input}"),
    "int_from_float": N_("must be a whole number"),
    "string_type": N_("must be text, got {input}"),
    "bool_type": N_("must be true or false, got {input}"),
    "dict_type": N_("must be a mapping (key: value)"),
    "model_type": N_("must be a mapping (key: value)"),
    "tuple_type": N_("must be a list"),
    "list_type": N_("must be a list"),
    "finite_number": N_("must be a finite number"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("must be at most {max_length} characters long"),
    "too_long": N_("may have at most {max_length} entries"),
    "too_short": N_("needs at least {min_length} entries"),
    "literal_error": N_("must be one of {expected}"),
    "string_pattern_mismatch": N_(
        "must be an id: letters, digits, '_', '-' or '.', starting with a letter, digit or '_'"
    ),
    # ----- estimates (models/base.py) ----------------------------------------------------------
    "range_order": N_("needs low <= likely <= high, got low={low}, likely={likely}, high={high}"),
    "estimate_finite": N_("must be a finite number"),
    "estimate_min": N_("must be >= {minimum:g}"),
    "estimate_max": N_("must be <= {maximum}"),
    "estimate_low_min": N_("low must be >= {minimum:g}"),
    "estimate_high_max": N_("high must be <= {maximum}"),
    "estimate_type": N_("must be a number or a range with low, likely and high, got {value}"),
    # ----- levels, segments, head counts (models/scenario.py) ---------------------------------
    "level_hours": N_("give hours_per_client, or contacts and hours_per_contact"),
    "level_hours_derived": N_(
        "contacts x hours_per_contact = {hours:g} hours per client, more than the limit of {limit} "
        "(lower contacts or hours_per_contact, or give hours_per_client)"
    ),
    "level_revenue_both": N_("give revenue_per_client or revenue_index, not both"),
    "level_revenue_missing": N_("give revenue_per_client (or revenue_index with a client table)"),
    "duplicate_id": N_("duplicate id '{id}' (also {other})"),
    "no_segments": N_("a scenario needs at least one segment or prospect segment"),
    "unknown_priority": N_("unknown priority class '{priority}' (known: {known})"),
    "segment_clients_required": N_("required (or name this segment in a clients.segmentation rule)"),
    "segment_margin_required": N_("required: a rate in [0, 1] (or a clients.margin_column)"),
    "revenue_index_needs_table": N_(
        "needs a client table rule for this segment; use revenue_per_client instead"
    ),
    "prospect_pool_required": N_("required (or name this prospect segment in a prospects_data rule)"),
    "prospect_margin_required": N_("required: a rate in [0, 1]"),
    "rule_unknown_segment": N_("unknown segment '{segment}' (known: {known})"),
    "rule_unknown_prospect": N_("unknown prospect segment '{segment}' (known: {known})"),
    "head_count_order": N_(
        "needs min_count <= max_count, got min_count {lower} > max_count {upper} "
        "(a missing min_count is 0, a missing max_count is count)"
    ),
    "people_unique": N_("names must be unique"),
    "people_names_unknown": N_("gives a display name to {person}, who is not one of this group's people ({known})"),
    "people_count": N_("lists {n} names for a count of {count}"),
    "people_decided": N_(
        "lists {n} names; a decided head count needs between count ({count}) and max_count ({upper})"
    ),
    "people_today_above": N_(
        "lists {n} names; today's count ({count}) is above max_count ({upper}), so it needs {count} names"
    ),
    "person_elsewhere": N_("person '{name}' also belongs to group '{group}'"),
    "current_unknown_segment": N_("unknown segment '{segment}' (known: {known})"),
    "current_unknown_level": N_("unknown level '{level}' of segment '{segment}' (known: {known})"),
    "current_too_many": N_("puts {total:g} clients on levels of a segment of {clients}"),
    "seasonality_length": N_("has {n} factors for {periods} periods: give one factor per period"),
    "attrition_loss": N_(
        "attrition x (lead_time + sum of (1 - ramp)) = {loss:.3g} of a person lost per person and period; "
        "it must stay below 1 (lower attrition, the lead time or raise the ramp)"
    ),
    "horizon_priority_first": N_(
        "priority_first is not available with a horizon: use profit, revenue or new_clients "
        "(or remove `horizon` for a single-period plan)"
    ),
    "known_none": N_("none"),
    "known_more": N_("{shown}, ... ({n} in all)"),
    # ----- warnings (scenario_warnings) ----------------------------------------------------------
    "warn_skill": N_("no manager group has skill '{skill}': the segment can only be automated or left"),
    "warn_automated": N_("service is automated but no level has 0 hours"),
    "warn_no_hunters": N_("prospect segments are given but no hunter can be employed"),
    "warn_today_outside": N_(
        "today's count ({count}) is outside [min_count, max_count] = [{lower}, {upper}]: a valid what-if; "
        "the plan decides within the range and the baseline keeps today's {count}"
    ),
    # ----- client tables (models/clients.py) -----------------------------------------------------
    "criterion_column": N_("method {m} needs `column`"),
    "criterion_score_weights": N_("method score needs `weights` (column: weight)"),
    "criterion_score_cuts": N_("method score needs exactly one of `edges` or `q`"),
    "criterion_bins": N_("method bins needs `edges`"),
    "criterion_quantiles": N_("method quantiles needs `q`"),
    "criterion_increasing": N_("`{name}` must be strictly increasing"),
    "criterion_abc_shares": N_("abc `shares` must be two rates with sum <= 1, like [0.8, 0.15]"),
    "criterion_abc_labels": N_("abc `labels` must name 3 classes"),
    "criterion_labels_count": N_(
        "`labels` must have one more entry than the cut points ({n} cuts need {k} labels)"
    ),
    "criterion_category": N_("method category takes no edges, q, shares or weights"),
    "duplicate_criterion": N_("duplicate criterion id {ids}"),
    "unknown_criterion": N_("rules[{i}].when names unknown criterion '{name}' (known: {known})"),
    # ----- response curves (models/response.py) ---------------------------------------------------
    "response_at_zero": N_("must be below 1: revenue with no contact is less than today's (got {value:g})"),
    "response_saturation": N_(
        "must be above 1: unlimited effort brings more than today's revenue (got {value:g})"
    ),
    "response_at_half_low": N_(
        "must be above at_zero ({low:g}): half of today's effort brings more than none (got {value:g})"
    ),
    "response_at_half_high": N_("must be below 1: half of today's effort brings less than today's (got {value:g})"),
    "response_at_one_and_half_low": N_(
        "must be above 1: more effort than today's brings more than today's (got {value:g})"
    ),
    "response_at_one_and_half_high": N_(
        "must be below saturation ({high:g}), the ceiling of the curve (got {value:g})"
    ),
    "response_judged_point": N_(
        "give at_half or at_one_and_half (better both): the curve's shape is fitted to them"
    ),
    "response_max_hours": N_(
        "must be above current_hours_per_client ({current:g}): the levels must reach today's effort"
    ),
    "response_min_hours": N_(
        "must be below current_hours_per_client ({current:g}): today's effort is a contact"
    ),
    "response_hours_limit": N_(
        "the richest generated level would take {hours:g} hours per client (max_hours_per_client, by default "
        "twice current_hours_per_client), more than the limit of {limit}"
    ),
    "response_cost_limit": N_(
        "cost_per_contact_hour x the richest level's hours = {cost:g} per client, more than the limit of {limit}"
    ),
    "response_revenue_limit": N_(
        "revenue_per_client x saturation = {revenue:g} per client, more than the limit of {limit}"
    ),
    "response_both": N_(
        "give either `levels` or `response`, not both: a response curve generates this segment's levels "
        "(remove `levels`, or remove `response` to keep the hand-written levels)"
    ),
    "response_unserved": N_(
        "a response curve sets it (at_zero x revenue per client is the revenue with no contact): "
        "remove `unserved_revenue` or change `response.at_zero`"
    ),
    "response_revenue_missing": N_(
        "required: today's revenue per client and period (or name this segment in a "
        "clients.segmentation rule to use the table's observed mean revenue per client)"
    ),
}

KNOWN_SHOWN = 10  # ids a "(known: ...)" list shows before it says how many there are


class Issue(NamedTuple):
    """One problem a cross-field check found: where, which message, and its values."""

    path: str
    kind: str
    params: dict[str, Any] = {}

    def english(self) -> str:
        return english(self.kind, **self.params)


def english(kind: str, /, **params: Any) -> str:
    """The English text of a message (what a log or `str(exception)` shows)."""
    template = MESSAGES[kind]
    return template.format(**params) if params else template


def error(kind: str, /, **params: Any) -> PydanticCustomError:
    """A pydantic error of type `kind` whose template the loader translates."""
    return PydanticCustomError(kind, MESSAGES[kind], params)


_translator: Callable[..., str] | None = None


def use_translator(translate: Callable[..., str] | None) -> None:
    """Render `render()` messages with `translate(template, **params)` (None: English)."""
    global _translator
    _translator = translate


def render(kind: str, /, **params: Any) -> str:
    """A message in the reader's language (English until the planner installs its translator)."""
    if _translator is None:
        return english(kind, **params)
    return _translator(MESSAGES[kind], **params)


class KnownIds:
    """The ids of a "(known: ...)" list, written when the message is: at most KNOWN_SHOWN of
    them, so that a file with 20,000 segments and as many typos does not print 400 million
    characters; "none" and "(N in all)" in the reader's language."""

    __slots__ = ("ids",)

    def __init__(self, ids: Any):
        self.ids = [str(i) for i in ids]

    def __format__(self, spec: str) -> str:
        if not self.ids:
            return render("known_none")
        if len(self.ids) <= KNOWN_SHOWN:
            return ", ".join(self.ids)
        return render("known_more", shown=", ".join(self.ids[:KNOWN_SHOWN]), n=len(self.ids))

    __str__ = lambda self: self.__format__("")  # noqa: E731

    def __repr__(self) -> str:
        return f"KnownIds({self.ids[:KNOWN_SHOWN]!r}{', ...' if len(self.ids) > KNOWN_SHOWN else ''})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnownIds) and other.ids == self.ids

    __hash__ = None  # type: ignore[assignment]


def known(ids: Any) -> KnownIds:
    """The `known` parameter of an "unknown ... (known: {known})" message."""
    return KnownIds(ids)


__all__ = ["Issue", "KNOWN_SHOWN", "KnownIds", "MESSAGES", "N_", "english", "error", "known", "render", "use_translator"]
