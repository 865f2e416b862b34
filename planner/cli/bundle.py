"""`planner bundle FILE --out FILE.zip [--variant VARIANT.yaml ...]`: one ZIP file with the
scenario, every table it names and its what-if variants, that re-opens anywhere."""

from __future__ import annotations

from pathlib import Path

import typer

from planner.cli.common import console, data_dir_option, handles_errors, open_scenario, styled
from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue

TEXT = catalogue({
    "help": N_("Write a bundle: the scenario, every table it names and its variants in one ZIP file that "
               "re-opens anywhere (every command takes it)."),
    "file": N_("Scenario file (YAML or JSON), or a bundle to write again."),
    "out": N_("The bundle to write (FILE.zip)."),
    "variant": N_("A what-if variant to include (a whole scenario file; its name is the file's name); repeatable."),
    "not_zip": N_("'{out}': a bundle is a .zip file"),
    "written": N_("wrote {path}: the scenario, {tables} table(s), {variants} variant(s)"),
})


def register(app: typer.Typer) -> None:
    app.command("bundle", help=TEXT.msgid("help"))(bundle)


@handles_errors
def bundle(
    file: Path = typer.Argument(..., help=TEXT.msgid("file"), show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help=TEXT.msgid("out"), show_default=False),
    variant: list[Path] = typer.Option([], "--variant", help=TEXT.msgid("variant"), show_default=False),
    data_dir: Path | None = data_dir_option(),
) -> None:
    from planner.bundle import bundle_bytes, is_bundle, read_bundle, scenario_tables
    from planner.fileio import write_atomic

    if not is_bundle(out):
        raise InputError(Problem("--out", TEXT["not_zip"].format(out=out.name)))
    scenario, folder = open_scenario(file, data_dir)
    variants = dict(read_bundle(file).variants) if is_bundle(file) else {}
    for path in variant:
        variants[path.stem], _ = open_scenario(path, data_dir)
    tables = scenario_tables(scenario, folder)
    for sc in variants.values():
        for member, data in scenario_tables(sc, folder).items():
            tables.setdefault(member, data)
    write_atomic(out, bundle_bytes(scenario, folder, variants, tables))
    console.print(styled(TEXT["written"].format(path=out.name, tables=len(tables), variants=len(variants)), "green"))
