"""Every message of the books, in one catalogue (English message ids, Russian in the .po)."""

from __future__ import annotations

from planner.i18n import N_, catalogue

TEXT = catalogue({
    "no_clients": N_("books need a client table: add a `clients:` block (file, id_column, "
    "manager_column, segmentation) to the scenario"),
    "no_manager_column": N_("books keep relationships through `clients.manager_column`; without it "
    "every client is treated as new (no current manager)"),
    "lock_no_manager": N_("client {client} is locked but has no current manager: the lock is ignored"),
    "lock_unknown_person": N_("client {client} is locked to '{person}', who is not a person of the team "
    "(known: {known}): the lock is ignored; name the person in a group's `people:` or fix the table"),
    "lock_not_employed": N_("client {client} is locked to '{person}', beyond the plan's head count of "
    "group '{group}' ({count}): the head count is raised to {needed} to honour the lock"),
    "lock_unassigned": N_("client {client} is locked to '{person}' but no segmentation rule matches it: "
    "kept with '{person}' without a segment or level"),
    "lock_no_manager_level": N_("client {client} is locked to '{person}' but segment '{segment}' has no "
    "manager-served level it may use: kept with '{person}' at level '{level}'"),
    "lock_no_skill": N_("client {client} is locked to '{person}', whose group '{group}' lacks skill "
    "'{skill}' that segment '{segment}' requires: kept anyway"),
    "lock_over_hours": N_("person '{person}' has {hours:,.1f} h of locked clients, over {capacity:,.1f} h "
    "available: unlock some of their clients or raise group '{group}' hours"),
    "lock_over_span": N_("person '{person}' has {clients} locked clients, over max_clients {span:g} of "
    "group '{group}': unlock some of their clients or raise max_clients"),
    "locks_infeasible": N_("with the locked clients fixed to their managers the plan has no solution "
    "(unlock some clients or relax the limits): {message}"),
    "repair_peer": N_("{person}: 1 client of {segment}/{level} handed to {peer} ({reason})"),
    "repair_downgrade": N_("{person}: 1 client of {segment} down from {level} to {target} ({reason})"),
    "repair_drop": N_("{person}: 1 client of {segment}/{level} to {target} ({reason})"),
    "repair_nobody": N_("{units} client(s) of {segment}/{level} not served ({reason})"),
    "reason_nobody": N_("group '{group}' employs nobody"),
    "reason_hours": N_("rounding put {load:,.2f} h over {capacity:,.2f} h"),
    "reason_span": N_("rounding put {count} clients over max_clients {span:g}"),
    "unserved": N_("not served"),
    "bad_out": N_("'{out}' is neither a .xlsx workbook nor a folder: give BOOKS.xlsx, or a folder name for CSV files"),
    "sheet_summary": N_("Summary"),
    "sheet_people": N_("People"),
    "sheet_transfers": N_("Transfers"),
    "sheet_unassigned": N_("Automated or not served"),
    "sheet_kpis": N_("Integer vs plan"),
    "sheet_conflicts": N_("Conflicts"),
    # the summary sheet
    "sum.clients": N_("clients"),
    "sum.with_person": N_("clients with a person"),
    "sum.automated": N_("automated"),
    "sum.not_served": N_("not served"),
    "sum.moves": N_("moves"),
    "sum.minimal_moves": N_("minimal moves for these counts"),
    "sum.transfers": N_("transfers between people"),
    "sum.released": N_("released to automation or not served"),
    "sum.new": N_("new owner (had no manager)"),
    "sum.kept": N_("kept with their manager"),
    "sum.locked": N_("locked"),
    "sum.revenue_moved": N_("revenue moved"),
    "sum.revenue_all": N_("revenue of all clients"),
    "sum.idle": N_("people with an empty book"),
    "sum.over": N_("people over their hours or max clients"),
    # a person's status, in the workbook (the data keeps idle, over, ok)
    "status.idle": N_("empty book"),
    "status.over": N_("over their hours"),
    "status.ok": N_("ok"),
    # a client's change, in the workbook (the data keeps kept, moved, released, new)
    "change.kept": N_("kept by their manager"),
    "change.moved": N_("moved to another person"),
    "change.released": N_("released from managers"),
    "change.new": N_("first manager"),
    "change.none": N_("no manager before or now"),
    "none": N_("none"),
})

EPS = 1e-9

__all__ = ["EPS", "TEXT"]
