"""Containment: a scenario reads only regular files inside its table folder (planner/containment.py).

A hostile scenario names /proc/self/environ, ../../etc/passwd, a symlink out, a FIFO or a device;
each is refused with a message naming the field and never a byte of the file, on every command
that reads tables. `--data-dir DIR` is the one way to read tables kept elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.containment import contained_file, member_name, read_regular
from planner.errors import InputError
from planner.prepare import prepare_scenario
from planner.scenario_io import load_scenario

CLIENTS = "client_id;revenue_12m;region\n1;1200;Moscow\n2;600;SPb\n3;100;SPb\n"

SCENARIO = """schema_version: 1
name: containment
segments:
  - id: all
    margin: 0.3
    levels: [{{id: std, hours_per_client: 1, revenue_index: 1}}]
team: {{managers: [{{id: olga, hours: 100}}]}}
clients:
  file: {file}
  segmentation:
    criteria: [{{id: region, column: region}}]
    rules: [{{segment: all}}]
"""

SECRET = "PLANNER_TEST_SECRET=do-not-show"


def scenario(folder: Path, file: str) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(SCENARIO.format(file=f"'{file}'"), encoding="utf-8")
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    inside = tmp_path / "work"
    (inside / "data").mkdir(parents=True)
    (inside / "data" / "clients.csv").write_text(CLIENTS, encoding="utf-8")
    (tmp_path / "outside.csv").write_text("client_id;" + SECRET + "\n1;2\n", encoding="utf-8")
    return inside


def refusal(folder: Path, file: str) -> str:
    with pytest.raises(InputError) as caught:
        prepare_scenario(load_scenario(scenario(folder, file)), folder)
    (problem,) = caught.value.problems
    assert problem.path == "clients.file"
    assert SECRET not in problem.message and str(folder.parent) not in problem.message
    return problem.message


def test_a_table_inside_the_folder_is_read(folder):
    prepared = prepare_scenario(load_scenario(scenario(folder, "data/clients.csv")), folder)
    assert prepared.segments[0].clients == 3
    # `..` that stays inside is no escape
    assert prepare_scenario(load_scenario(scenario(folder, "data/../data/clients.csv")), folder).segments[0].clients == 3


@pytest.mark.parametrize(
    "file, expected",
    [
        ("/proc/self/environ", "absolute path"),
        ("../../../../../../../etc/passwd", "leads outside the scenario's folder"),
        ("../outside.csv", "leads outside the scenario's folder"),
        ("data/nothing.csv", "not found in the scenario's folder"),
        ("data", "not a regular file"),
        ("x" * 300 + ".csv", "longer than 255 bytes"),
    ],
)
def test_paths_out_of_the_folder_are_refused_naming_the_field(folder, file, expected):
    assert expected in refusal(folder, file)


def test_a_symlink_out_of_the_folder_is_refused_and_one_inside_is_followed(folder):
    (folder / "data" / "link.csv").symlink_to(folder.parent / "outside.csv")
    assert "leads outside" in refusal(folder, "data/link.csv")
    (folder / "data" / "same.csv").symlink_to(folder / "data" / "clients.csv")
    assert prepare_scenario(load_scenario(scenario(folder, "data/same.csv")), folder).segments[0].clients == 3
    (folder / "proc").symlink_to("/proc/self")
    assert "system location" in refusal(folder, "proc/environ")


def test_a_fifo_and_a_device_are_refused_without_blocking(folder):
    os.mkfifo(folder / "data" / "pipe.csv")
    assert "not a regular file" in refusal(folder, "data/pipe.csv")
    (folder / "data" / "null.csv").symlink_to("/dev/null")
    assert "system location" in refusal(folder, "data/null.csv")
    with pytest.raises(InputError, match="not a regular file"):
        read_regular(folder / "data" / "pipe.csv", field="clients.file", limit=100)  # O_NONBLOCK: no hang


def test_even_a_data_dir_of_root_never_reads_proc(folder):
    with pytest.raises(InputError, match="system location"):
        contained_file("/proc/self/environ", "/", field="clients.file")
    with pytest.raises(InputError, match="system location"):
        contained_file("proc/self/environ", "/", field="clients.file")


def test_a_file_over_the_limit_is_refused_before_reading(folder):
    with pytest.raises(InputError, match="more than the limit of 10 bytes"):
        read_regular(folder / "data" / "clients.csv", field="clients.file", limit=10)


@pytest.mark.parametrize("name", ["/etc/passwd", "../x.csv", "data/../../x.csv", "C:/x.csv", "data\\x.csv", "", "."])
def test_bundle_member_names_are_relative_without_dotdot(name):
    with pytest.raises(InputError):
        member_name(name, "bundle")


def test_bundle_member_names_that_are_plain_pass():
    assert str(member_name("data/clients.csv")) == "data/clients.csv"
    assert str(member_name("./data//clients.csv")) == "data/clients.csv"


# ----- the command line ------------------------------------------------------------------------
HOSTILE = {"environ": "/proc/self/environ", "passwd": "../../../../../../../../etc/passwd"}


@pytest.mark.parametrize("command", ["validate", "solve", "segment", "books"])
@pytest.mark.parametrize("target", sorted(HOSTILE))
def test_cli_refuses_hostile_table_paths_with_exit_2_and_no_content(folder, command, target, monkeypatch):
    monkeypatch.setenv("PLANNER_TEST_SECRET", "do-not-show")
    path = scenario(folder, HOSTILE[target])
    result = CliRunner().invoke(app, [command, str(path)])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 2, output
    assert "clients.file" in output
    for leak in ("PATH=", "root:", "do-not-show", "Traceback"):
        assert leak not in output


def test_data_dir_reads_tables_kept_elsewhere_and_only_there(folder, tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "clients.csv").write_text(CLIENTS, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = scenario(elsewhere, "clients.csv")
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 2  # not next to the scenario
    ok = runner.invoke(app, ["validate", str(path), "--data-dir", str(tables)])
    assert ok.exit_code == 0, ok.output
    absolute = scenario(elsewhere, str(tables / "clients.csv"))
    assert runner.invoke(app, ["segment", str(absolute), "--data-dir", str(tables)]).exit_code == 0
    outside = runner.invoke(app, ["solve", str(scenario(elsewhere, "../outside.csv")), "--data-dir", str(tables)])
    assert outside.exit_code == 2 and SECRET not in outside.output
    missing = runner.invoke(app, ["solve", str(path), "--data-dir", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "--data-dir" in missing.output


@pytest.mark.parametrize(
    "command", [["validate"], ["solve"], ["segment"], ["books"], ["fit"], ["sweep", "--set", "team.managers[0].hours=1"],
                ["marginal", "--group", "olga"], ["montecarlo"], ["compare"]],
)
def test_every_command_has_data_dir(command):
    result = CliRunner().invoke(app, [command[0], "--help"])
    assert "--data-dir" in result.output
