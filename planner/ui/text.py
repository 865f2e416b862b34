"""Every user-facing English string of the app, in one place (a Russian edition will follow:
translate this dict, keep the keys and the `{placeholders}`)."""

from __future__ import annotations

TEXT: dict[str, str] = {
    # app and navigation
    "app.title": "Sales-resource planner",
    "app.icon": "📈",
    "nav.steps": "Plan in six steps",
    "nav.results": "Results",
    "page.goal": "1 · Goal",
    "page.clients": "2–3 · Clients & segments",
    "page.priorities": "4–5 · Priorities & work algorithms",
    "page.team": "6 · Team",
    "page.plan": "Plan",
    "page.whatif": "What-if",
    "page.sensitivity": "Sensitivity",
    "page.export": "Export",
    # sidebar
    "side.scenario": "Working scenario: **{name}**",
    "side.source": "from `{source}`",
    "side.pick": "Shipped scenario",
    "side.pick_help": "Load one of the scenarios in the scenarios/ folder (your edits are dropped).",
    "side.upload_scenario": "Upload a scenario (YAML or JSON)",
    "side.upload_table": "Upload a client table (CSV or XLSX)",
    "side.upload_table_help": "Replaces the working scenario's client table; its segmentation rules are kept.",
    "side.download": "Download scenario (YAML)",
    "side.reset": "Undo all edits",
    "side.reset_help": "Load the shipped scenario file again.",
    "side.profit": "Profit of the plan",
    "side.vs_baseline": "{delta} vs baseline",
    "side.no_plan": "No plan for this scenario: see the Plan page.",
    "side.start_failed": "Could not open the start scenario; opened the worked example instead.",
    "upload.too_big": "file is larger than {limit} MB",
    "upload.no_clients_block": (
        "this scenario has no `clients` block (criteria and rules), so a table cannot be segmented: "
        "load a scenario with one, such as default.yaml"
    ),
    "upload.scenario_done": "Loaded scenario {name}.",
    "upload.table_done": "Segmented the client table {name}.",
    "upload.current_dropped": (
        "Today's allocation (`current.levels`) described the previous table, so it was removed: the "
        "baseline is now the even-spread heuristic."
    ),
    "upload.rejected": "The upload was not used:",
    # editing
    "edit.source": "your edit",
    "edit.rejected": "This change was not applied (the plan shown is the last good one):",
    "unexpected": "Something went wrong while planning ({detail}). Your scenario is unchanged.",
    "unexpected_page": "Something went wrong on this page ({detail}). Your scenario is unchanged.",
    "stale_plan": "The working scenario cannot be planned (see below); showing the last good plan.",
    # goal page
    "goal.title": "Step 1 · The goal",
    "goal.intro": (
        "What should the plan maximise, and which targets must it meet? Targets are on the plain "
        "KPIs; leave a field empty for no target."
    ),
    "goal.objective": "Maximise",
    "goal.objective.profit": "Profit (gross margin − cost)",
    "goal.objective.revenue": "Revenue",
    "goal.objective.new_clients": "New clients",
    "goal.objective.priority_first": "Priority classes in order (A first, then B, …)",
    "goal.min_profit": "Profit at least",
    "goal.min_revenue": "Revenue at least",
    "goal.min_new_clients": "New clients at least",
    "goal.max_cost": "Budget: cost at most",
    "goal.name": "Scenario name",
    "goal.period": "Planning period",
    "goal.summary": "In this scenario",
    # clients page
    "clients.title": "Steps 2–3 · Clients and segments",
    "clients.intro": (
        "Criteria turn columns of the client table into labels; rules map labels to segments, the "
        "first matching rule wins."
    ),
    "clients.no_table": (
        "This scenario gives segment sizes directly (no client table). Load a scenario with a "
        "`clients` block, or upload a client table, to segment real data."
    ),
    "clients.table": "Client table: `{file}` · {rows} clients",
    "clients.rules": "Segmentation (criteria and rules, YAML)",
    "clients.rules_help": "Edit and press Apply; a mistake is shown with its place and the old rules stay.",
    "clients.apply": "Apply rules",
    "clients.current_dropped": (
        "The new rules change the segments' sizes, so today's allocation (`current.levels`) no longer "
        "fits and was removed: the baseline is now the even-spread heuristic."
    ),
    "clients.profiles": "Segment profiles",
    "clients.unassigned": "{n} clients match no rule (they are reported, never dropped).",
    "clients.pareto": "Pareto: share of clients vs share of revenue",
    "clients.margin": "Gross margin by segment",
    "clients.from_scenario": "Segments as given in the scenario",
    "clients.profile_failed": "The client table could not be segmented:",
    # priorities page
    "prio.title": "Steps 4–5 · Priorities and work algorithms",
    "prio.intro": (
        "Each segment has a priority class; a class gives default policies (minimum coverage, "
        "weight, service). Each level is a work algorithm: hours, revenue and cost per client."
    ),
    "prio.segments": "Segments",
    "prio.levels": "Service levels (work algorithms)",
    "prio.classes": "Priority classes and their policies",
    "prio.classes_help": "service: all, automated (only 0-hour levels) or none (not served).",
    "prio.in_effect": "Policies in effect (own fields over the class defaults)",
    "prio.service.all": "any level",
    "prio.service.automated": "automated levels only",
    "prio.service.none": "not served",
    "prio.prospects": "Prospect segments (worked by hunters)",
    # team page
    "team.title": "Step 6 · The team",
    "team.intro": (
        "Manager groups (one or more identical people) with their hours, skills and costs. A group "
        "with a min or max count lets the optimiser choose its head count."
    ),
    "team.groups": "Manager groups",
    "team.hunters": "Hunters (work only on new clients)",
    "team.hunters.count": "Hunters today",
    "team.hunters.min": "Hunters at least",
    "team.hunters.max": "Hunters at most",
    "team.hunters.hours": "Hours per hunter",
    "team.hunters.cost": "Cost per hunter",
    "team.max_headcount": "Max head count (empty: no limit)",
    "team.skills_help": "Comma-separated skill ids",
    # plan page
    "plan.title": "The plan",
    "plan.caption": "{status} · solved in {seconds:.2f} s · {scenario}",
    "plan.kpi.revenue": "Revenue",
    "plan.kpi.gross_margin": "Gross margin",
    "plan.kpi.cost": "Cost",
    "plan.kpi.profit": "Profit",
    "plan.kpi.new_clients": "New clients",
    "plan.kpi.hunters": "Hunters",
    "plan.kpi.headcount": "Head count",
    "plan.kpi.manager_hours_used": "Manager hours used",
    "plan.kpi_help": "Delta: this plan against the baseline (today's allocation or an even spread).",
    "plan.heatmap": "Manager hours by group and segment",
    "plan.levels": "Clients per segment by level",
    "plan.unserved": "unserved",
    "plan.utilisation": "Utilisation per group",
    "plan.prospects": "Hunters and new clients by prospect segment",
    "plan.shadow": "What an extra unit is worth",
    "plan.shadow.none": "No limit binds at the margin.",
    "plan.allocation": "Allocation table",
    "plan.infeasible": "No plan meets every limit of this scenario.",
    "plan.diagnosis": "What conflicts, and by how much each limit must move",
    "plan.apply_suggestions": "Apply the suggested changes",
    "plan.suggestions_applied": "Moved the conflicting limits to the suggested values.",
    "plan.no_diagnosis": "The solver found no plan; no diagnosis is available.",
    "plan.explanations": "Why this plan",
    "plan.baseline_infeasible": "The baseline breaks some limits: {violations}",
    "plan.no_prospects": "No prospect segments in this scenario.",
    "plan.groups_table": "Workload per group",
    "plan.segments_table": "Segments: coverage, revenue and profit",
    "plan.certificate": (
        "Certified optimum: {solver} · objective recomputed from the plan {objective:,.2f} · largest "
        "violation {violation} · MIP gap {gap}"
    ),
    "plan.certificate_resolved": (
        "Certified optimum after a re-solve: {solver} · objective recomputed from the plan {objective:,.2f} · "
        "largest violation {violation} · MIP gap {gap}"
    ),
    # what-if page
    "whatif.title": "What if…?",
    "whatif.intro": (
        "Make variants of the working scenario, tweak them, and compare up to four side by side. "
        "Every variant is solved live."
    ),
    "whatif.new": "Duplicate the working scenario as a variant",
    "whatif.none": "No variants yet: duplicate the working scenario to start.",
    "whatif.edit": "Variant to tweak",
    "whatif.rename": "Name",
    "whatif.delete": "Delete this variant",
    "whatif.copy": "Duplicate this variant",
    "whatif.copy_name": "{name} (copy)",
    "whatif.adopt": "Make this the working scenario",
    "whatif.adopted": "Variant {name} is now the working scenario.",
    "whatif.hours": "Team hours per person (% of base)",
    "whatif.count": "Head count of {group}",
    "whatif.count_range": "Head count range of {group}",
    "whatif.hunters": "Hunters (range)",
    "whatif.conversion": "Conversion of prospects (% of base)",
    "whatif.revenue": "Revenue estimates (% of base)",
    "whatif.budget": "Budget: cost at most (0: no budget)",
    "whatif.compare": "Compare (2 to 4)",
    "whatif.working": "Working scenario",
    "whatif.pick_two": "Pick at least two scenarios to compare.",
    "whatif.too_many": "Compare at most four at a time; the first four are shown.",
    "whatif.kpis": "KPIs (delta against the first column)",
    "whatif.chart": "KPIs side by side",
    "whatif.changes": "What changed in the allocation (clients, against the first column)",
    "whatif.no_changes": "The allocation is the same.",
    "whatif.failed": "{name}: {status}",
    "whatif.variant_name": "Variant {n}",
    "whatif.bad_tweak": "This tweak makes the scenario invalid:",
    # sensitivity page
    "sens.title": "Sensitivity",
    "sens.intro": "How the plan responds to one number, and how uncertain estimates spread the profit.",
    "sens.sweep": "Sweep one value",
    "sens.path": "Scenario path",
    "sens.values": "Values (comma-separated)",
    "sens.run_sweep": "Run sweep",
    "sens.mc": "Monte Carlo over uncertain estimates",
    "sens.samples": "Samples",
    "sens.run_mc": "Run Monte Carlo",
    "sens.no_ranges": "No estimate of this scenario is a range, so every sample would be the same plan.",
    "sens.marginal": "Marginal value of one more person",
    "sens.target": "Group or hunters",
    "sens.run_marginal": "Compute curve",
    "sens.failed": "The analysis could not run:",
    "sens.stale": "These results are of the scenario before your last edit: run again to update them.",
    "sens.progress": "{done} of {total} solves",
    "sens.counts": "Head counts to try",
    "sens.count_of": "head count of {target}",
    "sens.best": (
        "The most profitable head count of **{target}** is **{best}**; profit stays within "
        "tolerance from {low} to {high}."
    ),
    "sens.seed": "Seed",
    "sens.reoptimise": "Re-optimise each sample",
    "sens.reoptimise_help": (
        "On: the best plan for each sampled world (and the regret of the nominal plan). "
        "Off: only the nominal plan evaluated under each sample (faster)."
    ),
    "sens.mc_done": "{n} samples in {seconds:.1f} s",
    "sens.hist_title": "profit over the samples",
    "sens.tornado": "Which estimates move the profit most (each at its low and high end):",
    # export page
    "export.title": "Export",
    "export.intro": "Download the plan, the books of accounts and the scenario file.",
    "export.plan_xlsx": "Plan workbook (XLSX)",
    "export.books_xlsx": "Books of accounts (XLSX)",
    "export.allocation_csv": "Allocation (CSV)",
    "export.scenario_yaml": "Scenario file (YAML)",
    "export.scenario_yaml_help": "The working scenario with every edit; open it again here or with `planner solve`.",
    "export.allocation_csv_help": "Group, segment, level, clients and hours of the plan.",
    "export.plan_xlsx_help": (
        "Summary against the baseline, allocation, segments, groups, prospects, shadow prices and "
        "the playbook of work algorithms per segment."
    ),
    "export.books_xlsx_help": (
        "Each client of the table with its manager and level: one sheet per person, transfers and "
        "the clients left to automation (built when you click: a few seconds)."
    ),
    "export.no_books": "Books need a client table in the scenario.",
    "export.no_plan": "There is no plan to export (see the Plan page).",
    "export.failed": "Could not build this file: {detail}",
    # charts and tables
    "chart.hours": "hours",
    "chart.clients": "clients",
    "chart.level": "level",
    "chart.utilisation": "utilisation",
    "chart.new_clients": "new clients",
    "chart.share_clients": "share of clients (cumulative)",
    "chart.share_revenue": "share of revenue (cumulative)",
    "chart.gross_margin": "gross margin (12 months)",
    "chart.margin_rate": "margin rate",
    "chart.samples": "samples",
    "table.delta": "Δ {name}",
    "table.segment_or_group": "segment / group",
    "table.level": "level",
    # generic
    "solving": "Solving…",
    "unit.billion": "bn",
    "unit.million": "M",
    "unit.thousand": "k",
    "kpi": "KPI",
    "status.optimal": "Optimal",
    "status.infeasible": "Infeasible",
    "status.unbounded": "Unbounded",
    "status.time_limit_feasible": "Time limit (best plan found)",
    "status.time_limit_no_solution": "Time limit (no plan)",
    "status.error": "Solver error",
}


# Column headings of tables: scenario fields and result columns in words (missing ones show as is).
COLUMNS: dict[str, str] = {
    "segment": "segment",
    "name": "name",
    "priority": "priority",
    "clients": "clients",
    "margin": "margin",
    "required_skill": "required skill",
    "min_coverage": "min coverage",
    "weight": "weight",
    "service": "service",
    "unserved_revenue": "revenue if unserved",
    "level": "segment / level",
    "channel": "channel",
    "hours_per_client": "hours per client",
    "revenue_per_client": "revenue per client",
    "revenue_index": "revenue index",
    "cost_per_client": "cost per client",
    "class": "class",
    "prospect": "prospect segment",
    "pool": "pool",
    "conversion_per_hour": "new clients per hour",
    "acquisition_cost": "acquisition cost",
    "group": "group",
    "count": "head count",
    "min_count": "at least",
    "max_count": "at most",
    "hours": "hours per person",
    "skills": "skills",
    "efficiency": "efficiency",
    "cost_per_person": "cost per person",
    "max_clients": "max clients per person",
    "people": "people",
    "share_of_clients": "share of clients",
    "share_of_revenue": "share of revenue",
    "revenue": "revenue",
    "mean_revenue": "mean revenue per client",
    "gross_margin": "gross margin",
    "margin_rate": "margin rate",
}


def column(name: str) -> str:
    """The heading of a table column (the field name when there is no entry)."""
    return COLUMNS.get(name, name.replace("_", " "))


def t(key: str, **values: object) -> str:
    """The English text of `key`, with `{placeholders}` filled in."""
    text = TEXT[key]
    return text.format(**values) if values else text
