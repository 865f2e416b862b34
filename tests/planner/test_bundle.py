"""Scenario bundles: written from a scenario and its tables, re-opened in another folder with
the same plan and its variants, taken by every command, members escaping the bundle refused."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from typer.testing import CliRunner

from planner.bundle import SCENARIO_MEMBER, bundle_bytes, open_bundle, portable_path, read_bundle
from planner.cli import app
from planner.errors import InputError
from planner.optimise import plan_scenario
from planner.scenario_io import dumps_scenario, load_scenario, scenario_from_data, scenario_to_data
from tests.paths import ROOT

OWN = ROOT / "tests" / "fixtures" / "own_data"
runner = CliRunner()


@pytest.fixture
def project(tmp_path):
    """The 500-client scenario with its table under a Cyrillic name in a sub-folder."""
    folder = tmp_path / "project"
    (folder / "данные").mkdir(parents=True)
    shutil.copy(OWN / "clients_1c.csv", folder / "данные" / "клиенты_1С.csv")
    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    data["clients"]["file"] = "данные/клиенты_1С.csv"
    (folder / "scenario.yaml").write_text(dumps_scenario(scenario_from_data(data)), encoding="utf-8")
    variant = {**data, "name": "ещё один менеджер"}
    variant["team"] = {**data["team"], "max_headcount": 15}
    (folder / "больше_людей.yaml").write_text(dumps_scenario(scenario_from_data(variant)), encoding="utf-8")
    return folder


def test_the_bundle_solves_in_another_folder_with_the_same_plan_and_its_variants(project, tmp_path):
    out = tmp_path / "bundle.zip"
    result = runner.invoke(app, ["bundle", str(project / "scenario.yaml"), "--out", str(out),
                                 "--variant", str(project / "больше_людей.yaml")])
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(out).namelist()
    assert names == [SCENARIO_MEMBER, "variants/больше_людей.yaml", "данные/клиенты_1С.csv"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = shutil.move(str(out), elsewhere / "bundle.zip")
    shutil.rmtree(project)  # nothing of the original folder is needed any more
    solved = runner.invoke(app, ["solve", str(moved), "--json"])
    assert solved.exit_code == 0, solved.output
    data = json.loads(solved.stdout)
    original = plan_scenario(load_scenario(OWN / "scenario.yaml"), base_dir=OWN)
    assert data["objective"] == pytest.approx(original.objective, rel=1e-9)
    assert data["baseline"]["kind"] == "clients_table"
    bundle = read_bundle(moved)
    assert list(bundle.variants) == ["больше_людей"] and bundle.variants["больше_людей"].team.max_headcount == 15
    for command in (["validate"], ["segment", "--json"], ["books", "--json"], ["sweep", "--set", "team.max_headcount=12,14"]):
        result = runner.invoke(app, [command[0], str(moved), *command[1:]])
        assert result.exit_code == 0, (command, result.output)


def test_absolute_and_parent_table_paths_become_bundle_members(tmp_path):
    assert portable_path("data/clients.csv") == "data/clients.csv"
    assert portable_path("/srv/uploads/клиенты.csv") == "data/клиенты.csv"
    assert portable_path("../shared/clients.csv") == "data/clients.csv"
    shutil.copy(OWN / "clients_1c.csv", tmp_path / "clients_1c.csv")
    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    data["clients"]["file"] = str(tmp_path / "clients_1c.csv")  # as an app upload used to save it
    raw = bundle_bytes(scenario_from_data(data), tmp_path)
    bundle = read_bundle(raw)
    assert bundle.scenario.clients.file == "data/clients_1c.csv"
    assert str(tmp_path) not in zipfile.ZipFile(io.BytesIO(raw)).read(SCENARIO_MEMBER).decode()
    with open_bundle(raw) as (opened, folder):
        assert plan_scenario(opened.scenario, base_dir=folder).ok


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("evil", ["../outside.csv", "/etc/passwd", "data/../../x.csv", "C:/x.csv", "a\\..\\b.csv"])
def test_a_member_escaping_the_bundle_refuses_it(evil):
    scenario = (OWN / "scenario.yaml").read_bytes()
    with pytest.raises(InputError) as err:
        read_bundle(_zip({SCENARIO_MEMBER: scenario, evil: b"x"}))
    assert err.value.problems[0].path == "bundle"


def test_a_scenario_naming_a_table_outside_the_bundle_is_refused_naming_the_field():
    data = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    data["clients"]["file"] = "../clients.csv"
    with pytest.raises(InputError) as err:
        read_bundle(_zip({SCENARIO_MEMBER: dumps_scenario(scenario_from_data(data)).encode()}))
    assert err.value.problems[0].path == "clients.file"
    missing = scenario_to_data(load_scenario(OWN / "scenario.yaml"))
    with pytest.raises(InputError) as err:
        read_bundle(_zip({SCENARIO_MEMBER: dumps_scenario(scenario_from_data(missing)).encode()}))
    assert err.value.problems[0].path == "clients.file" and "clients_1c.csv" in err.value.problems[0].message


def test_bad_bundles_exit_2_with_a_message(tmp_path):
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("hello")
    for path in (not_zip, tmp_path / "missing.zip"):
        result = runner.invoke(app, ["solve", str(path)])
        assert result.exit_code == 2 and "Traceback" not in result.output
    empty = tmp_path / "empty.zip"
    empty.write_bytes(_zip({"readme.txt": b"x"}))
    result = runner.invoke(app, ["validate", str(empty)])
    assert result.exit_code == 2 and "scenario.yaml" in result.output


from hypothesis import assume, given, settings, strategies as st  # noqa: E402

NAMES = st.lists(st.sampled_from(["a", "b", ".", "/", "\\", ":", "~", " ", "д", "..", "%2e", "\x00"]),
                 min_size=1, max_size=8).map("".join)


@settings(max_examples=60, deadline=None)
@given(members=st.dictionaries(NAMES, st.binary(max_size=64), max_size=4), with_scenario=st.booleans())
def test_any_zip_is_a_bundle_or_a_clear_refusal(members, with_scenario):
    """Whatever member names a ZIP holds, reading it gives a Bundle or an InputError, and an
    accepted bundle names only members inside it."""
    if with_scenario:
        members = {**members, SCENARIO_MEMBER: (OWN / "scenario.yaml").read_bytes(),
                   "clients_1c.csv": (OWN / "clients_1c.csv").read_bytes()}
    try:
        data = _zip(members)
    except (IndexError, ValueError):  # names zipfile itself cannot write
        assume(False)
    try:
        bundle = read_bundle(data)
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    for member in bundle.tables:
        assert not member.startswith("/") and ".." not in member.split("/")
