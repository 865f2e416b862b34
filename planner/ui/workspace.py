"""Where the working scenario's tables live, and bundles in and out of the app.

An uploaded table (or a bundle's tables) is never referred to by a server path: the working
scenario names its tables by relative paths (`clients.csv`, `tables/prospects.csv`) inside a
*table folder* that holds every table it reads, private to the session (planner/ui/uploads.py:
0700 folders, 0600 files, deleted with the session). A bundle's table folder is named by its
content (the digest of its members), so the solve caches, which key on the folder's name, never
see two contents under one name. The bundle the app downloads is `planner.bundle`'s: the
working scenario, its tables and the What-if variants as whole scenarios.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Mapping

import streamlit as st

from models import Scenario
from planner.bundle import TABLE_KEYS, bundle_bytes, portable_scenario, read_bundle, scenario_tables
from planner.containment import member_name, shown
from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue, language
from planner.recipes import apply_recipe, recipe_between, without_variants
from planner.scenario_io import dumps_scenario, loads_scenario
from planner.ui import uploads
from planner.ui.markdown import md
from planner.ui.text import t

MAX_BUNDLE_UPLOAD = 50 * 2**20  # the uploader's limit for a bundle

TEXT = catalogue({
    "too_big": N_("file is larger than {limit} MB"),
    "opened": N_("Opened the bundle {name} (what-if variants: {n})."),
    "skipped": N_("Not opened as What-if variants (they change the list of segments, levels or groups, which a variant's edits cannot): {names}."),
    "download": N_("Download scenario with its tables (ZIP)"),
    "download_help": N_("A bundle: the scenario, every table it reads and the What-if variants. Open it again here (upload it as a scenario) or with `planner solve`."),
    "no_bundle": N_("The tables of this scenario cannot be bundled: {detail}"),
})


def bounded_job(func: Callable[..., tuple[Any, tuple[Problem, ...]]], *args: Any) -> tuple[Any, tuple[Problem, ...]]:
    """`func(*args)` in the session's worker (state.bounded); a stopped job as its problem."""
    from planner.ui import state, worker

    try:
        return state.bounded(func, *args)
    except worker.WorkError as exc:
        return None, (state.work_problem(exc),)


def table_folder(key: str, tables: Mapping[str, bytes]) -> Path:
    """A private folder of the session holding `tables` (member path -> bytes), named by their
    content."""
    digest = hashlib.sha256()
    for member in sorted(tables):
        digest.update(member.encode("utf-8") + b"\0" + hashlib.sha256(tables[member]).digest())
    folder = uploads.session_folder(key) / ("bundle-" + digest.hexdigest()[:16])
    folder.mkdir(mode=0o700, exist_ok=True)
    for member, data in tables.items():
        parts = member_name(member, "file").parts
        target = folder
        for part in parts[:-1]:
            target = target / part
            target.mkdir(mode=0o700, exist_ok=True)
        uploads.write_private(target / parts[-1], data)
    return folder


def uses_tables(scenario: Scenario) -> bool:
    return any(getattr(scenario, key) is not None for key in TABLE_KEYS)


def _variant_name(name: str, taken: set[str]) -> str:
    """A file-name-safe variant name (unique)."""
    base = re.sub(r"[\\/\x00-\x1f]+", "-", name).strip(" .-") or "variant"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def bundle_of(scenario: Scenario, base_dir: Path, variants: list[tuple[str, Scenario, Path]]) -> bytes:
    """The bundle of the working scenario and its variants (name, scenario, table folder). A
    variant whose table has the working table's path but other content gets its own member."""
    tables = scenario_tables(scenario, base_dir)
    named: dict[str, Scenario] = {}
    taken: set[str] = set()
    for name, variant, folder in variants:
        vname = _variant_name(name, taken)
        update = {}
        for key in TABLE_KEYS:
            source = getattr(variant, key)
            if source is None:
                continue
            only = variant.model_copy(update={k: None for k in TABLE_KEYS if k != key})
            for member, data in scenario_tables(only, folder).items():
                if member in tables and tables[member] != data:
                    member = f"data/{vname}/{PurePosixPath(member).name}"
                tables.setdefault(member, data)
                update[key] = source.model_copy(update={"file": member})
        named[vname] = portable_scenario(variant).model_copy(update=update) if update else portable_scenario(variant)
    return bundle_bytes(portable_scenario(scenario), base_dir, named, tables=tables)


def open_bundle_bytes(key: str, data: bytes, name: str) -> tuple[Scenario, Path, dict[str, Scenario]]:
    """(scenario, its table folder, variants by name) of an uploaded bundle; InputError when
    the bundle is refused or a scenario in it does not prepare with its tables (checked in the
    session's worker). A refused bundle's folder is deleted at once."""
    bundle = read_bundle(data, name)
    folder = table_folder(key, dict(bundle.tables))
    problems: list[Problem] = []
    for label, scen in (("scenario.yaml", bundle.scenario), *((f"variants/{n}.yaml", v) for n, v in bundle.variants.items())):
        checked = _check(scen, folder)
        problems += [Problem(f"{label}: {p.path}" if p.path else label, p.message) for p in checked]
    if problems:
        uploads.discard(folder)
        raise InputError(problems)
    return bundle.scenario, folder, dict(bundle.variants)


def _check(scen: Scenario, folder: Path) -> tuple[Problem, ...]:
    from planner.ui import jobs, state, worker

    try:
        return tuple(state.bounded(jobs.check_scenario, scen, str(folder), language()))
    except worker.WorkError as exc:
        return (state.work_problem(exc),)


def is_bundle_name(name: str) -> bool:
    return Path(name).suffix.lower() == ".zip"


# ----- the app's side: bundles of the working scenario ---------------------------------------------
def working_variants() -> list[tuple[str, Scenario, Path]]:
    """The What-if variants (recipes) of the working scenario as whole scenarios, as (name,
    scenario, table folder): what a bundle's `variants/<name>.yaml` hold."""
    from planner.ui import state

    working, folder = state.scenario(), state.base_dir()
    out = []
    for v in working.variants:
        try:
            out.append((v.name, without_variants(apply_recipe(working, v)), folder))
        except InputError:
            continue  # an edit that no longer applies: the What-if page says so; not bundled
    return out


@st.cache_data(max_entries=16, show_spinner=False)
def _bundle_cached(yaml_text: str, base: str, variants: tuple[tuple[str, str, str], ...]) -> bytes:
    return bundle_of(loads_scenario(yaml_text), Path(base),
                     [(name, loads_scenario(text), Path(folder)) for name, text, folder in variants])


def working_bundle() -> bytes:
    """The bundle of the working scenario, its tables and its variants (InputError when a table
    cannot be read)."""
    from planner.ui import state

    variants = tuple((name, dumps_scenario(scen), str(folder)) for name, scen, folder in working_variants())
    return _bundle_cached(dumps_scenario(state.scenario()), str(state.base_dir()), variants)


def bundle_button(file_name: str, *, key: str, icon: str, help: str | None = None) -> bool:
    """The download button of the working bundle, or a caption saying why its tables cannot be
    bundled; whether the button is shown."""
    try:
        data = working_bundle()
    except InputError as exc:
        st.caption(TEXT["no_bundle"].format(detail="; ".join(map(str, exc.problems))))
        return False
    st.download_button(TEXT["download"], data=data, file_name=file_name, mime="application/zip", key=key,
                       on_click="ignore", icon=icon, help=help)
    return True


def adopt_bundle_upload(name: str, data: bytes) -> None:
    """Open an uploaded bundle: its scenario becomes the working one (its tables in a table
    folder of their own), its variants the What-if variants; or record why not."""
    from planner.ui import state, whatif

    ss = st.session_state
    if len(data) > MAX_BUNDLE_UPLOAD:
        ss[state.ERRORS]["upload"] = [Problem(shown(name, 80), TEXT["too_big"].format(limit=f"{MAX_BUNDLE_UPLOAD / 2**20:g}"))]
        return
    try:
        scen, folder, variants = open_bundle_bytes(state.session_key(), data, name)
    except InputError as exc:
        shown_name = shown(name, 80)
        ss[state.ERRORS]["upload"] = [Problem(f"{shown_name}: {p.path}" if p.path else shown_name, p.message)
                                      for p in exc.problems]
        return
    ss[state.ERRORS].pop("upload", None)
    uploads.adopted(state.session_key(), folder)
    scen, skipped = with_bundle_variants(scen, variants)
    state.replace_scenario(scen, source=shown(name, 80), base_dir=folder)
    ss[whatif.COMPARE] = [t("whatif.working"), *[v.name for v in scen.variants[:3]]]
    ss.pop(whatif.EDIT_INDEX, None)
    state.notice(TEXT["opened"].format(name=md(shown(name, 80)), n=len(scen.variants)))
    if skipped:
        state.notice(TEXT["skipped"].format(names=", ".join(md(shown(n, 40)) for n in skipped)))


def with_bundle_variants(scen: Scenario, variants: Mapping[str, Scenario]) -> tuple[Scenario, list[str]]:
    """The bundle's scenario with its whole-scenario variants as recipes: a variant its own
    recipes already name is that recipe; another becomes the recipe of its changed fields, or is
    skipped (named) when it differs in structure."""
    recipes = list(scen.variants)
    known = {v.name for v in recipes}
    skipped = []
    for name, other in variants.items():
        if name in known:
            continue
        recipe = recipe_between(scen, other, name)
        if recipe is None:
            skipped.append(name)
        else:
            recipes.append(recipe)
            known.add(name)
    return (scen.model_copy(update={"variants": tuple(recipes)}) if len(recipes) != len(scen.variants) else scen), skipped

__all__ = ["adopt_bundle_upload", "bundle_button", "bounded_job", "bundle_of", "is_bundle_name", "open_bundle_bytes", "table_folder",
           "uses_tables", "with_bundle_variants", "working_bundle", "working_variants"]
