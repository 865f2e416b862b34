"""Every user-facing string of the app, in one place: English message ids of the language
catalogue (`planner.i18n`), looked up by key with `t(key, **values)`; the Russian is in
planner/locale/ru/LC_MESSAGES/planner.po."""

from __future__ import annotations

from planner import headings
from planner.i18n import N_, catalogue

TEXT = catalogue({
    # app and navigation
    "app.title": N_("Sales-resource planner"),
    "nav.steps": N_("Plan in six steps"),
    "nav.results": N_("Results"),
    "page.goal": N_("1 · Goal"),
    "page.clients": N_("2–3 · Clients & segments"),
    "page.priorities": N_("4–5 · Priorities & work algorithms"),
    "page.team": N_("6 · Team"),
    "page.plan": N_("Plan"),
    "page.whatif": N_("What-if"),
    "page.sensitivity": N_("Sensitivity"),
    "page.export": N_("Export"),
    "page.books": N_("Books"),
    "books.title": N_("Books of accounts"),
    "page.year": N_("Year plan"),
    # the year plan (planner/ui/horizon_edit.py, planner/ui/year.py)
    "hz.title": N_("Year plan: hiring, ramp-up, attrition, seasonality"),
    "hz.on": N_("Plan several periods (a year plan)"),
    "hz.on_help": N_("Plans every period of the horizon: whom to hire and when, with lead time, ramp-up and attrition."),
    "hz.periods": N_("Periods"),
    "hz.start": N_("First period (YYYY-MM)"),
    "hz.seasonality": N_("Seasonality: each period's revenue as a multiple of the typical period"),
    "hz.totals": N_("Targets on the sums over the periods (not in every period)"),
    "hz.team": N_("Hiring over the year plan"),
    "hz.team_intro": N_(
        "Ramp: a new person's speed in the 1st, 2nd, ... period at work, in %, like 30/60/90. Lead time: "
        "periods between deciding a hire and the first day at work. Attrition: share of the people "
        "leaving each period (they are replaced). Hire cost: one-off cost of a hire."
    ),
    "hz.ramp_bad": N_("ramp '{text}': write percentages separated by '/', like 30/60/90"),
    "hz.none": N_("This scenario plans one period. Switch on a year plan on the Goal page to see the year here."),
    "hz.headcount": N_("Head count by period"),
    "hz.moves": N_("Hires and expected leavers by period"),
    "hz.money": N_("Revenue and profit by period"),
    "hz.calendar": N_("Hiring calendar"),
    "hz.team_table": N_("Team by period"),
    "hz.download": N_("Download the year plan (XLSX)"),
    "hz.total_revenue": N_("Revenue over the horizon"),
    "hz.total_profit": N_("Profit over the horizon"),
    "hz.last_headcount": N_("Head count at the end"),
    "hz.no_plan": N_("No year plan for this scenario:"),
    # sidebar
    "side.scenario": N_("Working scenario: **{name}**"),
    "side.source": N_("from `{source}`"),
    "side.pick": N_("Shipped scenario"),
    "side.pick_help": N_("Load one of the scenarios in the scenarios/ folder (your edits are dropped)."),
    "side.upload_scenario": N_("Upload a scenario (YAML, JSON or a ZIP bundle)"),
    "side.upload_table": N_("Upload a client table (CSV or XLSX)"),
    "side.upload_table_help": N_("Replaces the working scenario's client table; its segmentation rules are kept."),
    "side.download": N_("Download scenario (YAML)"),
    "side.reset": N_("Undo all edits"),
    "side.reset_help": N_("Load the shipped scenario file again."),
    "side.profit": N_("Profit of the plan"),
    "side.language": N_("Language"),
    "side.upload_button": N_("Choose a file"),
    "side.upload_limit": N_("up to {mb} MB per file · {types}"),
    "side.vs_baseline": N_("{delta} vs baseline"),
    "side.no_plan": N_("No plan for this scenario: see the Plan page."),
    "side.start_failed": N_("Could not open the start scenario; opened the worked example instead."),
    "upload.too_big": N_("file is larger than {limit} MB"),
    "upload.no_clients_block": (
        N_("this scenario has no `clients` block (criteria and rules), so a table cannot be segmented: "
        "load a scenario with one, such as default.yaml")
    ),
    "upload.scenario_done": N_("Loaded scenario {name}."),
    "upload.table_done": N_("Segmented the client table {name}."),
    "upload.current_dropped": (
        N_("Today's allocation (`current.levels`) described the previous table, so it was removed: the "
        "baseline is now the even-spread heuristic.")
    ),
    "upload.rejected": N_("The upload was not used:"),
    # editing
    "edit.source": N_("your edit"),
    "edit.rejected": N_("This change was not applied (the plan shown is the last good one):"),
    "unexpected": N_("Something went wrong while planning ({detail}). Your scenario is unchanged."),
    "unexpected_page": N_("Something went wrong on this page ({detail}). Your scenario is unchanged."),
    "unexpected_detail": N_("an internal error; the details are in the server's log"),
    # bounded work (planner/ui/worker.py)
    "work.time": N_("This took longer than the app's limit of {seconds:g} seconds and was stopped. Make the "
                    "scenario smaller (fewer segments, groups or people), or run it with `planner solve`."),
    "work.memory": N_("This needed more memory than the app's limit of {mb:,} MB and was stopped. Make the "
                      "scenario smaller, or run it with `planner solve`."),
    "work.crashed": N_("The planner failed on this scenario (an internal error; the details are in the server's log)."),
    "upload.tables_hint": N_("An uploaded scenario reads only tables uploaded in this session: upload its client "
                             "table with the scenario's clients block first, or open a bundle."),
    "stale_plan": N_("The working scenario cannot be planned (see below); showing the last good plan."),
    # goal page
    "goal.title": N_("Step 1 · The goal"),
    "goal.intro": (
        N_("What should the plan maximise, and which targets must it meet? Targets are on the plain "
        "KPIs; leave a field empty for no target.")
    ),
    "goal.objective": N_("Maximise"),
    "goal.objective.profit": N_("Profit (gross margin − cost)"),
    "goal.objective.revenue": N_("Revenue"),
    "goal.objective.new_clients": N_("New clients"),
    "goal.objective.priority_first": N_("Priority classes in order (A first, then B, …)"),
    "goal.min_profit": N_("Profit at least"),
    "goal.min_revenue": N_("Revenue at least"),
    "goal.min_new_clients": N_("New clients at least"),
    "goal.max_cost": N_("Budget: cost at most"),
    "goal.name": N_("Scenario name"),
    "goal.period": N_("Planning period"),
    "goal.summary": N_("In this scenario"),
    # clients page
    "clients.title": N_("Steps 2–3 · Clients and segments"),
    "clients.intro": (
        N_("Criteria turn columns of the client table into labels; rules map labels to segments, the "
        "first matching rule wins.")
    ),
    "clients.no_table": (
        N_("This scenario gives segment sizes directly (no client table). Load a scenario with a "
        "`clients` block, or upload a client table, to segment real data.")
    ),
    "clients.table": N_("Client table: `{file}` · {rows:,} clients"),
    "clients.rules": N_("Segmentation (criteria and rules, YAML)"),
    "clients.rules_help": N_("Edit and press Apply; a mistake is shown with its place and the old rules stay."),
    "clients.apply": N_("Apply rules"),
    "clients.current_dropped": (
        N_("The new rules change the segments' sizes, so today's allocation (`current.levels`) no longer "
        "fits and was removed: the baseline is now the even-spread heuristic.")
    ),
    "clients.profiles": N_("Segment profiles"),
    "clients.unassigned": N_("{n} clients match no rule (they are reported, never dropped)."),
    "clients.pareto": N_("Pareto: share of clients vs share of revenue"),
    "clients.margin": N_("Gross margin by segment"),
    "clients.from_scenario": N_("Segments as given in the scenario"),
    "clients.profile_failed": N_("The client table could not be segmented:"),
    # priorities page
    "prio.title": N_("Steps 4–5 · Priorities and work algorithms"),
    "prio.intro": (
        N_("Each segment has a priority class; a class gives default policies (minimum coverage, "
        "weight, service). Each level is a work algorithm: hours, revenue and cost per client.")
    ),
    "prio.segments": N_("Segments"),
    "prio.levels": N_("Service levels (work algorithms)"),
    "prio.classes": N_("Priority classes and their policies"),
    "prio.classes_help": N_("service: all, automated (only 0-hour levels) or none (not served)."),
    "prio.in_effect": N_("Policies in effect (own fields over the class defaults)"),
    "prio.service.all": N_("any level"),
    "prio.service.automated": N_("automated levels only"),
    "prio.service.none": N_("not served"),
    "prio.prospects": N_("Prospect segments (worked by hunters)"),
    # team page
    "team.title": N_("Step 6 · The team"),
    "team.intro": (
        N_("Manager groups (one or more identical people) with their hours, skills and costs. A group "
        "with a min or max count lets the optimiser choose its head count.")
    ),
    "team.groups": N_("Manager groups"),
    "team.hunters": N_("Hunters (work only on new clients)"),
    "team.hunters.count": N_("Hunters today"),
    "team.hunters.min": N_("Hunters at least"),
    "team.hunters.max": N_("Hunters at most"),
    "team.hunters.hours": N_("Hours per hunter"),
    "team.hunters.cost": N_("Cost per hunter"),
    "team.max_headcount": N_("Max head count (empty: no limit)"),
    "team.skills_help": N_("Comma-separated skill ids"),
    # plan page
    "plan.title": N_("The plan"),
    "plan.caption": N_("{status} · solved in {seconds:.2f} s · {scenario}"),
    "plan.kpi.revenue": N_("Revenue"),
    "plan.kpi.gross_margin": N_("Gross margin"),
    "plan.kpi.cost": N_("Cost"),
    "plan.kpi.profit": N_("Profit"),
    "plan.kpi.new_clients": N_("New clients"),
    "plan.kpi.hunters": N_("Hunters"),
    "plan.kpi.headcount": N_("Head count"),
    "plan.kpi.manager_hours_used": N_("Manager hours used"),
    "plan.kpi_help": N_("Delta: this plan against the baseline (today's allocation or an even spread)."),
    "plan.heatmap": N_("Manager hours by group and segment"),
    "plan.levels": N_("Clients per segment by level"),
    "plan.unserved": N_("unserved"),
    "plan.utilisation": N_("Utilisation per group"),
    "plan.prospects": N_("Hunters and new clients by prospect segment"),
    "plan.shadow": N_("What an extra unit is worth"),
    "plan.shadow.none": N_("No limit binds at the margin."),
    "plan.allocation": N_("Allocation table"),
    "plan.infeasible": N_("No plan meets every limit of this scenario."),
    "plan.diagnosis": N_("What conflicts, and by how much each limit must move"),
    "plan.apply_suggestions": N_("Apply the suggested changes"),
    "plan.suggestions_applied": N_("Moved the conflicting limits to the suggested values."),
    "plan.no_diagnosis": N_("The solver found no plan; no diagnosis is available."),
    "plan.explanations": N_("Why this plan"),
    "plan.baseline_infeasible": N_("The baseline breaks some limits: {violations}"),
    "plan.baseline_kind": N_("Baseline ({kind}): {description}"),
    "plan.check_books": N_("Check each person's book (empty or over their hours)"),
    "plan.books_ok": N_("Every person's book has clients and fits their hours."),
    "plan.idle_people": N_("Empty books (nobody to serve in this plan): {people}"),
    "plan.over_people": N_("Books over the person's hours or max clients: {people}"),
    "plan.baseline.current": N_("today's allocation in the scenario"),
    "plan.baseline.clients_table": N_("today's owners in the client table"),
    "plan.baseline.even_spread": N_("even spread"),
    "plan.no_prospects": N_("No prospect segments in this scenario."),
    "plan.groups_table": N_("Workload per group"),
    "plan.segments_table": N_("Segments: coverage, revenue and profit"),
    "plan.certificate": (
        N_("Certified optimum: {solver} · objective recomputed from the plan {objective:,.2f} · largest "
        "violation {violation} · MIP gap {gap}")
    ),
    "plan.certificate_resolved": (
        N_("Certified optimum after a re-solve: {solver} · objective recomputed from the plan {objective:,.2f} · "
        "largest violation {violation} · MIP gap {gap}")
    ),
    # what-if page
    "whatif.title": N_("What if…?"),
    "whatif.intro": (
        N_("A variant is a recipe: a list of edits on top of the working scenario, so it follows every later "
        "edit of the working scenario. Compare up to four side by side; every variant is solved live.")
    ),
    "whatif.new": N_("Add a variant"),
    "whatif.edits": N_("**Edits of this variant** (applied to the working scenario as it is now):"),
    "whatif.no_edits": N_("No edits yet: this variant is the working scenario. Add an edit below."),
    "whatif.drop_edit": N_("Remove"),
    "whatif.path": N_("Field"),
    "whatif.path_help": N_("A field of the scenario, like team.managers[juniors].hours; [*] means every item of a list."),
    "whatif.op": N_("Change"),
    "whatif.op.set": N_("set to"),
    "whatif.op.scale": N_("multiply by"),
    "whatif.op.add": N_("add"),
    "whatif.value": N_("Value"),
    "whatif.add_edit": N_("Add edit"),
    "whatif.changes_of": N_("**{name}** against **{base}**:"),
    "whatif.adopted_nothing": N_("nothing changed"),
    "chart.change": N_("change"),
    "plan.ways": N_("**Every way out**, best plan first (each one click to apply):"),
    "plan.apply_way": N_("Apply this way"),
    "sens.unreachable": N_("No plan at {n} of the head counts asked for, and why:"),
    "chart.scenario": N_("scenario"),
    "whatif.none": N_("No variants yet: add one, then give it edits."),
    "whatif.edit": N_("Variant to edit"),
    "whatif.rename": N_("Name"),
    "whatif.delete": N_("Delete this variant"),
    "whatif.copy": N_("Duplicate this variant"),
    "whatif.copy_name": N_("{name} (copy)"),
    "whatif.adopt": N_("Make this the working scenario"),
    "whatif.adopted": N_("Variant {name} applied to the working scenario (later edits kept):"),
    "whatif.hours": N_("Team hours per person (% of base)"),
    "whatif.count": N_("Head count of {group}"),
    "whatif.count_range": N_("Head count range of {group}"),
    "whatif.hunters": N_("Hunters (range)"),
    "whatif.conversion": N_("Conversion of prospects (% of base)"),
    "whatif.revenue": N_("Revenue estimates (% of base)"),
    "whatif.budget": N_("Budget: cost at most (0: no budget)"),
    "whatif.compare": N_("Compare (2 to 4)"),
    "whatif.working": N_("Working scenario"),
    "whatif.pick_two": N_("Pick at least two scenarios to compare."),
    "whatif.too_many": N_("Compare at most four at a time; the first four are shown."),
    "whatif.kpis": N_("KPIs (delta against the first column)"),
    "whatif.chart": N_("KPIs side by side"),
    "whatif.changes": N_("Every difference in the plan, against the first column"),
    "whatif.no_changes": N_("The allocation is the same."),
    "whatif.failed": N_("{name}: {status}"),
    "whatif.variant_name": N_("Variant {n}"),
    "whatif.bad_tweak": N_("This tweak makes the scenario invalid:"),
    # sensitivity page
    "sens.title": N_("Sensitivity"),
    "sens.intro": N_("How the plan responds to one number, and how uncertain estimates spread the profit."),
    "sens.sweep": N_("Sweep one value"),
    "sens.path": N_("Scenario path"),
    "sens.values": N_("Values (comma-separated)"),
    "sens.run_sweep": N_("Run sweep"),
    "sens.mc": N_("Monte Carlo over uncertain estimates"),
    "sens.samples": N_("Samples"),
    "sens.run_mc": N_("Run Monte Carlo"),
    "sens.no_ranges": N_("No estimate of this scenario is a range, so every sample would be the same plan."),
    "sens.marginal": N_("Marginal value of one more person"),
    "sens.target": N_("Group or hunters"),
    "sens.run_marginal": N_("Compute curve"),
    "sens.failed": N_("The analysis could not run:"),
    "sens.stale": N_("These results are of the scenario before your last edit: run again to update them."),
    "sens.progress": N_("{done} of {total} solves"),
    "sens.counts": N_("Head counts to try"),
    "sens.count_of": N_("head count of {target}"),
    "sens.best": (
        N_("The most profitable head count of **{target}** is **{best}**; profit stays within "
        "tolerance from {low} to {high}.")
    ),
    "sens.seed": N_("Seed"),
    "sens.reoptimise": N_("Re-optimise each sample"),
    "sens.reoptimise_help": (
        N_("On: the best plan for each sampled world (and the regret of the nominal plan). "
        "Off: only the nominal plan evaluated under each sample (faster).")
    ),
    "sens.mc_done": N_("{n} samples in {seconds:.1f} s"),
    "sens.hist_title": N_("profit over the samples"),
    "sens.tornado": N_("Which estimates move the profit most (each at its low and high end):"),
    # export page
    "export.title": N_("Export"),
    "export.intro": N_("Download the plan, the books of accounts and the scenario file."),
    "export.plan_xlsx": N_("Plan workbook (XLSX)"),
    "export.books_xlsx": N_("Books of accounts (XLSX)"),
    "export.allocation_csv": N_("Allocation (CSV)"),
    "export.scenario_yaml": N_("Scenario file (YAML)"),
    "export.scenario_yaml_help": N_("The working scenario with every edit; open it again here or with `planner solve`."),
    "export.allocation_csv_help": N_("Group, segment, level, clients and hours of the plan."),
    "export.plan_xlsx_help": (
        N_("Summary against the baseline, allocation, segments, groups, prospects, shadow prices and "
        "the playbook of work algorithms per segment.")
    ),
    "export.books_xlsx_help": (
        N_("Each client of the table with its manager and level: one sheet per person, transfers and "
        "the clients left to automation (built when you click: a few seconds).")
    ),
    "export.no_books": N_("Books need a client table in the scenario."),
    "export.no_plan": N_("There is no plan to export (see the Plan page)."),
    "export.failed": N_("Could not build this file: {detail}"),
    # charts and tables
    "chart.hours": N_("hours"),
    "chart.clients": N_("clients"),
    "chart.level": N_("level"),
    "chart.utilisation": N_("utilisation"),
    "chart.new_clients": N_("new clients"),
    "chart.share_clients": N_("share of clients (cumulative)"),
    "chart.share_revenue": N_("share of revenue (cumulative)"),
    "chart.gross_margin": N_("gross margin (12 months)"),
    "chart.margin_rate": N_("margin rate"),
    "chart.samples": N_("samples"),
    "table.delta": N_("Δ {name}"),
    "table.segment_or_group": N_("segment / group"),
    "table.level": N_("level"),
    # names of things that have no name of their own
    "names.hunters": N_("Hunters"),
    "names.goal": N_("Goal"),
    # generic
    "solving": N_("Solving…"),
    "unit.billion": N_("bn"),
    "unit.million": N_("M"),
    "unit.thousand": N_("k"),
    "kpi": N_("KPI"),
    "status.optimal": N_("Optimal"),
    "status.infeasible": N_("Infeasible"),
    "status.unbounded": N_("Unbounded"),
    "status.time_limit_feasible": N_("Time limit (best plan found)"),
    "status.time_limit_no_solution": N_("Time limit (no plan)"),
    "status.error": N_("Solver error"),
})


# Headings of the editors' columns where they differ from the result tables' (planner.headings).
EDITOR_COLUMNS = catalogue({
    "level": N_("segment / level"),
    "hours": N_("hours per person"),
    "count": N_("people today"),
    "min_coverage": N_("min share served by managers"),
    "plan_range": N_("head count the plan may choose"),
})

ICON = "📈"


def column(name: str) -> str:
    """The heading of an editor's column (planner.headings unless the editor says otherwise)."""
    return EDITOR_COLUMNS[name] if name in EDITOR_COLUMNS else headings.heading(name)


def t(key: str, **values: object) -> str:
    """The text of `key` in the current language, with `{placeholders}` filled in (numbers in
    the language's format)."""
    text = TEXT[key]
    return text.format(**values) if values else str(text)
