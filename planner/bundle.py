"""Scenario bundles (PLANNER.md, "Scenario bundles"): one ZIP file that re-opens anywhere.

A bundle holds `scenario.yaml` at its root, every table the scenario names under the relative
path its `clients.file` / `prospects_data.file` give (`data/clients.csv`), and what-if variants
as `variants/<name>.yaml` (each a whole scenario, its tables in the bundle too).

Writing (`bundle_bytes`, `write_bundle`): each table is read from the scenario's folder
(`planner.containment`: only regular files inside it). A table path that is not a plain
relative path inside the folder (absolute, or with `..`) is rewritten to `data/<file name>`
in the bundled scenario, so the bundle never names a server path (`portable_scenario`).

Reading (`read_bundle`, `open_bundle`): every member name must be a relative POSIX path
without `..` (`containment.member_name`); one that is not refuses the whole bundle, naming
it. Sizes are bounded while reading (the ZIP's own size fields are not trusted): at most
`MAX_MEMBERS` members, `MAX_MEMBER_BYTES` per table, `MAX_SCENARIO_BYTES` per scenario.
`open_bundle` extracts into a fresh temporary folder and yields the scenario, that folder
(the table folder every stage resolves against) and the variants; the folder is removed after.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from models import Scenario
from models.limits import MAX_SCENARIO_BYTES
from planner.containment import contained_file, member_name, read_regular, shown
from planner.errors import InputError, Problem
from planner.fileio import write_atomic
from planner.i18n import N_, catalogue

SCENARIO_MEMBER = "scenario.yaml"
VARIANTS_FOLDER = "variants"
TABLES_FOLDER = "data"
MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 200 * 2**20  # one table
MAX_BUNDLE_BYTES = 1024 * 2**20  # everything, uncompressed
TABLE_KEYS = ("clients", "prospects_data")

TEXT = catalogue({
    "not_zip": N_("'{file}' is not a ZIP bundle"),
    "no_scenario": N_("the bundle has no scenario.yaml at its root"),
    "missing_table": N_("the bundle has no member '{member}' that {field} names"),
    "too_many": N_("the bundle has {n:,} members, more than {limit:,}"),
    "too_big": N_("member '{member}' is larger than {limit:,} bytes"),
    "duplicate": N_("the bundle holds '{member}' twice"),
    "bad_variant": N_("'{name}' is not usable as a variant name: no '/', '\\\\' or '..'"),
    "not_text": N_("member '{member}' is not UTF-8 text"),
})


@dataclass(frozen=True)
class Bundle:
    """A bundle's content: the scenario, the tables by member path, the variants by name."""

    scenario: Scenario
    tables: Mapping[str, bytes]
    variants: Mapping[str, Scenario] = field(default_factory=dict)


def _member(path: str, field_name: str) -> str:
    return member_name(path, field_name).as_posix()


def portable_path(file: str) -> str:
    """The member path a table gets in a bundle: its own path when that is a plain relative
    path without `..`, else `data/<file name>`."""
    try:
        return _member(file, "file")
    except InputError:
        return f"{TABLES_FOLDER}/{PurePosixPath(file.replace(chr(92), '/')).name or 'table.csv'}"


def portable_scenario(scenario: Scenario) -> Scenario:
    """The scenario with every table path a bundle member path (see `portable_path`)."""
    update = {}
    for key in TABLE_KEYS:
        source = getattr(scenario, key)
        if source is not None:
            new = portable_path(source.file)
            if new != source.file:
                update[key] = source.model_copy(update={"file": new})
    return scenario.model_copy(update=update) if update else scenario


def scenario_tables(scenario: Scenario, base_dir: Path | None) -> dict[str, bytes]:
    """Member path -> bytes of every table the scenario names, read from its folder."""
    tables: dict[str, bytes] = {}
    for key in TABLE_KEYS:
        source = getattr(scenario, key)
        if source is None:
            continue
        path = contained_file(source.file, base_dir, field=f"{key}.file")
        tables[portable_path(source.file)] = read_regular(path, field=f"{key}.file", limit=MAX_MEMBER_BYTES,
                                                          shown_as=shown(source.file))
    return tables


def variant_member(name: str) -> str:
    """`variants/<name>.yaml`, the name checked (no folder parts)."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise InputError(Problem("variants", TEXT["bad_variant"].format(name=shown(name))))
    return _member(f"{VARIANTS_FOLDER}/{name}.yaml", "variants")


def bundle_bytes(scenario: Scenario, base_dir: Path | None,
                 variants: Mapping[str, Scenario] | None = None, tables: Mapping[str, bytes] | None = None) -> bytes:
    """The bundle of a scenario (its tables read from `base_dir` unless `tables` gives them by
    member path) and its variants, as ZIP bytes. Deterministic: the same input, the same bytes."""
    from planner.scenario_io import dumps_scenario

    all_tables = dict(tables) if tables is not None else scenario_tables(scenario, base_dir)
    members: dict[str, bytes] = {SCENARIO_MEMBER: dumps_scenario(portable_scenario(scenario)).encode("utf-8")}
    for name, variant in (variants or {}).items():
        if tables is None:
            for path, data in scenario_tables(variant, base_dir).items():
                all_tables.setdefault(path, data)
        members[variant_member(name)] = dumps_scenario(portable_scenario(variant)).encode("utf-8")
    for path, data in all_tables.items():
        members[_member(path, "bundle")] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(members, key=lambda p: (p != SCENARIO_MEMBER, p)):
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[path])
    return buffer.getvalue()


def write_bundle(out: str | os.PathLike[str], scenario: Scenario, base_dir: Path | None,
                 variants: Mapping[str, Scenario] | None = None) -> Path:
    """Write the bundle atomically to `out`."""
    data = bundle_bytes(scenario, base_dir, variants)
    write_atomic(out, data)
    return Path(out)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(Problem("bundle", TEXT["too_big"].format(member=shown(info.filename), limit=limit)))
    return data


def _text(data: bytes, member: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(Problem("bundle", TEXT["not_text"].format(member=shown(member)))) from None


def read_bundle(source: str | os.PathLike[str] | bytes, name: str = "bundle.zip") -> Bundle:
    """The content of a bundle (a path or its bytes), every member name and size checked."""
    from planner.scenario_io import loads_scenario

    shown_name = shown(Path(name).name if isinstance(source, bytes) else Path(source).name)
    try:
        if isinstance(source, bytes):
            zf = zipfile.ZipFile(io.BytesIO(source))
        else:
            zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(Problem("bundle", TEXT["not_zip"].format(file=shown_name))) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise InputError(Problem("bundle", TEXT["too_many"].format(n=len(infos), limit=MAX_MEMBERS)))
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            clean = _member(info.filename, "bundle")  # refuses absolute paths and `..`
            if info.is_dir():
                continue
            if clean in by_name:
                raise InputError(Problem("bundle", TEXT["duplicate"].format(member=shown(clean))))
            by_name[clean] = info
        if SCENARIO_MEMBER not in by_name:
            raise InputError(Problem("bundle", TEXT["no_scenario"]))
        total = 0

        def read(member: str, limit: int) -> bytes:
            nonlocal total
            data = _read_member(zf, by_name[member], limit)
            total += len(data)
            if total > MAX_BUNDLE_BYTES:
                raise InputError(Problem("bundle", TEXT["too_big"].format(member=shown(member), limit=MAX_BUNDLE_BYTES)))
            return data

        def scenario_of(member: str) -> Scenario:
            return loads_scenario(_text(read(member, MAX_SCENARIO_BYTES), member), source=member)

        scenario = scenario_of(SCENARIO_MEMBER)
        variants = {}
        prefix = f"{VARIANTS_FOLDER}/"
        for member in sorted(by_name):
            if member.startswith(prefix) and member.endswith(".yaml") and "/" not in member[len(prefix):]:
                variants[member[len(prefix):-len(".yaml")]] = scenario_of(member)
        tables: dict[str, bytes] = {}
        for sc in (scenario, *variants.values()):
            for key in TABLE_KEYS:
                src = getattr(sc, key)
                if src is None:
                    continue
                member = _member(src.file, f"{key}.file")
                if member not in by_name:
                    raise InputError(Problem(f"{key}.file", TEXT["missing_table"].format(member=shown(member),
                                                                                           field=f"{key}.file")))
                if member not in tables:
                    tables[member] = read(member, MAX_MEMBER_BYTES)
    return Bundle(scenario=scenario, tables=tables, variants=variants)


def extract(bundle: Bundle, folder: Path) -> Path:
    """Write the bundle's scenario, tables and variants into `folder`; the scenario's path."""
    from planner.scenario_io import save_scenario

    folder = Path(folder)
    for member, data in bundle.tables.items():
        target = folder.joinpath(*PurePosixPath(_member(member, "bundle")).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for name, variant in bundle.variants.items():
        target = folder.joinpath(*PurePosixPath(variant_member(name)).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        save_scenario(variant, target)
    path = folder / SCENARIO_MEMBER
    save_scenario(bundle.scenario, path)
    return path


@contextmanager
def open_bundle(source: str | os.PathLike[str] | bytes, name: str = "bundle.zip") -> Iterator[tuple[Bundle, Path]]:
    """(the bundle, the temporary folder its tables are extracted to: the scenario's base_dir)."""
    bundle = read_bundle(source, name)
    folder = Path(tempfile.mkdtemp(prefix="planner-bundle-"))
    try:
        extract(bundle, folder)
        yield bundle, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def is_bundle(path: str | os.PathLike[str]) -> bool:
    """A `.zip` file name (the commands' test for a bundle)."""
    return Path(path).suffix.lower() == ".zip"


__all__ = ["Bundle", "SCENARIO_MEMBER", "bundle_bytes", "extract", "is_bundle", "open_bundle", "portable_path",
           "portable_scenario", "read_bundle", "scenario_tables", "variant_member", "write_bundle"]
