"""The nastiest documents the loader fuzzer knows (`make fuzz`), as a fixed sample in `make test`.

Each one crashed (RecursionError, OverflowError, a solver IndexError) or hung (alias bombs,
huge head counts, 20-million-character names) the planner before its limits existed. Now each
`planner validate FILE` exits 2 naming the field or the limit, with no traceback, and the
in-process load answers quickly. Small files live in tests/fixtures/hostile/; the large ones
are generated here (a 20 MB file does not belong in git).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from models.limits import MAX_DEPTH, MAX_ENTRIES, MAX_NODES, MAX_SCENARIO_BYTES
from planner.errors import InputError
from planner.scenario_io import load_scenario, loads_scenario
from tests.conftest import FIXTURES, run_planner, validate_each

HOSTILE = FIXTURES / "hostile"
# Seconds of this process's CPU time (not wall time, which other processes on a shared machine
# stretch): a generous bound for "well under a second"; tests/fuzz/bench_hostile.py measures
# the real console script's wall time for the record.
QUICK = 2.0

SMALL_SEGMENT = "  - {id: s, clients: 10, margin: 0.3, levels: [{id: l, hours_per_client: 1, revenue_per_client: 100}]}\n"

# file -> a piece of the message: the field's path or the limit it breaks
EXPECTED = {
    "alias_bomb_9x9.yaml": "YAML aliases would expand the document to more than 1,000,000 values",
    "alias_bomb_12x6.yaml": "YAML aliases would expand the document to more than 1,000,000 values",
    "recursive_alias.yaml": "segments[0]: the alias *s is inside its own anchor",
    "count_2_70.yaml": "team.managers[0].count: must be <= 10000",
    "hours_per_contact_1e308.yaml": "segments[0].levels[0].hours_per_contact: must be <= 10000",
    "nan_margin.yaml": "segments[0].margin: must be a finite number",
    "revenue_2_70.yaml": "segments[0].levels[0].revenue_per_client: must be <= 1000000000000",
    "int_5000_digits.yaml": "a whole number of 5,000 digits, larger than any field takes (at most 100 digits)",
    "bad_date.yaml": "line 3, column 7: not valid YAML/JSON: cannot read this value: month must be in 1..12",
    "json_duplicate_key.json": "segments[0]: duplicate key 'clients'",
    "response_revenue_x_saturation.yaml": "segments[0].response.saturation: revenue_per_client x saturation = 1.08e+12",
}


def _generated() -> dict[str, tuple[str, str]]:
    """name -> (text, expected piece of the message) of the documents too large to commit."""
    head = "schema_version: 1\nname: {name}\nsegments:\n"
    return {
        "deep_flow_list.yaml": (
            "schema_version: 1\nname: deep\nsegments: " + "[" * 100_000 + "]" * 100_000 + "\n",
            f"nested deeper than {MAX_DEPTH} levels",
        ),
        "deep_block_list.yaml": (
            "schema_version: 1\nname: deep\nsegments:\n" + "".join(" " * i + "-\n" for i in range(1, 1_001)),
            f"nested deeper than {MAX_DEPTH} levels",
        ),
        "deep_flow_mapping.yaml": (
            "schema_version: 1\nname: deep\nsegments: " + "{a: " * 1_000 + "1" + "}" * 1_000 + "\n",
            f"nested deeper than {MAX_DEPTH} levels",
        ),
        "deep_json_list.json": (
            '{"schema_version": 1, "name": "deep", "segments": ' + "[" * 5_000 + "]" * 5_000 + "}",
            f"nested deeper than {MAX_DEPTH} levels",
        ),
        "name_20M.yaml": (
            head.format(name="x" * 20_000_000) + SMALL_SEGMENT,
            f"more than the limit of {MAX_SCENARIO_BYTES:,} bytes",
        ),
        "name_4M.yaml": (
            head.format(name="x" * 4_000_000) + SMALL_SEGMENT,
            "name: a value of 4,000,000 characters, longer than any field takes (at most 5,000 characters)",
        ),
        "description_6000.yaml": (
            head.format(name="long text") + SMALL_SEGMENT.replace("{id: s,", "{id: s, description: " + "d" * 6_000 + ","),
            "segments[0].description: must be at most 5000 characters long",
        ),
        "many_values.yaml": (
            head.format(name="many") + SMALL_SEGMENT + "team: {managers: [{id: g, hours: 1, skills: ["
            + ", ".join(["[" + ", ".join(["1"] * MAX_ENTRIES) + "]"] * (MAX_NODES // MAX_ENTRIES + 1)) + "]}]}\n",
            f"the document has more than {MAX_NODES:,} values",
        ),
        "long_list.yaml": (
            head.format(name="long") + SMALL_SEGMENT + "team: {managers: [{id: g, hours: 1, skills: ["
            + ", ".join(["1"] * (MAX_ENTRIES + 1)) + "]}]}\n",
            f"team.managers[0].skills: more than {MAX_ENTRIES:,} entries in one list or mapping",
        ),
    }


GENERATED = _generated()


def test_every_hostile_fixture_has_an_expectation():
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(EXPECTED)


@pytest.fixture(scope="module")
def hostile_run():
    """Every hostile file in one `planner validate`: each is refused within its bounds, so all
    of them together still finish well inside the timeout."""
    return validate_each([HOSTILE / name for name in sorted(EXPECTED)], timeout=60)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_exits_2_naming_the_field_or_the_limit(name, hostile_run):
    result, parts = hostile_run
    assert result.returncode == 2, result.stdout + result.stderr
    assert EXPECTED[name] in parts.get(name, "").replace("\n", " "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused_quickly_in_process(name):
    start = time.process_time()
    with pytest.raises(InputError) as info:
        load_scenario(HOSTILE / name)
    assert time.process_time() - start < QUICK
    assert EXPECTED[name] in info.value.render()


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_document_is_refused_quickly_as_file_and_upload(name, tmp_path):
    text, expected = GENERATED[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for load in (lambda: load_scenario(path), lambda: loads_scenario(text), lambda: loads_scenario(text.encode())):
        start = time.process_time()
        with pytest.raises(InputError) as info:
            load()
        assert time.process_time() - start < QUICK, name
        assert expected in info.value.render(), info.value.render()[:500]


@pytest.mark.parametrize("name", ["deep_flow_list.yaml", "name_20M.yaml", "deep_json_list.json"])
def test_generated_hostile_file_exits_2_from_the_command_line(name, tmp_path):
    text, expected = GENERATED[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_planner("validate", str(path), timeout=30)
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr.replace("\n", " ")
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr) < 2_000  # the message never echoes the document


def test_a_device_is_read_no_further_than_the_limit():
    """`planner validate /dev/zero` used to read forever; stat cannot measure a device."""
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero on this system")
    start = time.process_time()
    with pytest.raises(InputError) as info:
        load_scenario(zero)
    assert time.process_time() - start < QUICK
    assert "more than the limit" in info.value.render()


def test_a_large_valid_team_validates_quickly():
    """5,000 groups of 10,000 people: the person-name check must not build 50 million names."""
    groups = "".join(f"    - {{id: g{i}, count: 10000, hours: 100}}\n" for i in range(5_000))
    text = "schema_version: 1\nname: big team\nsegments:\n" + SMALL_SEGMENT + "team:\n  managers:\n" + groups
    start = time.process_time()
    scenario = loads_scenario(text)
    assert time.process_time() - start < 5 * QUICK
    assert len(scenario.team.managers) == 5_000


def test_levels_a_response_curve_generates_past_a_limit_are_an_input_error():
    """A table's mean revenue is not checked by the models: the generated levels are, and a
    level past the revenue limit is refused at its segment (the fuzzer found a traceback)."""
    from planner.response import expand_responses

    scenario = loads_scenario((HOSTILE / "response_revenue_x_saturation.yaml").read_text().replace("9.0e+11", "9.0e+10"))
    data = scenario.model_dump(mode="json", exclude_unset=True)
    data["segments"][0]["response"].pop("revenue_per_client")
    data["segments"][0]["description"] = "d" * 5_000  # the generated note must still fit
    from planner.scenario_io import scenario_from_data

    table_segment = scenario_from_data({**data, "clients": {"file": "c.csv", "segmentation": {"rules": [{"segment": "growth"}]}}})
    with pytest.raises(InputError) as info:
        expand_responses(table_segment, {"growth": 9.0e11})
    assert "segments[0].response: revenue_per_client: must be <= 1000000000000" in info.value.render()
    expanded = expand_responses(table_segment, {"growth": 1000.0})
    assert len(expanded.segments[0].description) == 5_000


# ----- issue 12: markup, odd tables, long names, paths: a message or a plan, never a traceback ----
TABLE_SCENARIO = """schema_version: 1
name: {name}
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
{extra}"""

GOOD_TABLE = b"client_id;revenue_12m;region\n1;1200;Moscow\n2;600;SPb\n"

# name -> (table bytes or None for no file, scenario `file`, extra YAML, exit code, piece of the output)
ODD = {
    "trailing_delimiters": (b"client_id;revenue_12m;region;\n1;1200;Moscow;\n2;600;SPb;\n", "t.csv", "", 0, "all"),
    "trailing_delimiter_rows_only": (b"client_id;revenue_12m;region\n1;1200;Moscow;\n2;600;SPb;\n", "t.csv", "", 0, "all"),
    "extra_field": (b"client_id;revenue_12m;region\n1;1200;Moscow\n2;600;x;SPb\n", "t.csv", "", 2, "t.csv line 3: 4 fields"),
    "short_row": (b"client_id;revenue_12m;region\n1;1200\n", "t.csv", "", 2, "t.csv line 2: 2 fields"),
    "ambiguous_thousands": (b"client_id;revenue_12m;region\n1;1.000;Moscow\n2;2.000;SPb\n", "t.csv", "", 2, "is ambiguous"),
    "thousands_dot_decimal_comma": (b"client_id;revenue_12m;region\n1;1.000,50;Moscow\n2;0,5;SPb\n", "t.csv", "", 0, "all"),
    "empty_file": (b"", "t.csv", "", 2, "clients"),
    "header_only": (b"client_id;revenue_12m;region\n", "t.csv", "", 2, "clients"),
    "binary": (bytes(range(256)) * 40, "t.csv", "", 2, "clients"),
    "unclosed_quote": (b'client_id;revenue_12m;region\n1;"1200;Moscow\n2;600;SPb\n', "t.csv", "", 2, "clients"),
    "huge_cell": (b"client_id;revenue_12m;region\n1;1200;" + b"M" * 2_000_000 + b"\n", "t.csv", "", 2, "a cell longer than"),
    "not_xlsx": (b"PK\x03\x04 not a workbook", "t.xlsx", "", 2, "not a readable Excel workbook"),
    "long_file_name": (None, "'" + "n" * 300 + ".csv'", "", 2, "longer than 255 bytes"),
    "nul_in_file_name": (None, '"a\\0b.csv"', "", 2, "NUL"),
    "folder_as_table": (None, "sub", "", 2, "not a regular file"),
    "markup_unknown_key": (GOOD_TABLE, "t.csv", "'[/]': 1\n", 2, "unknown key"),
    "markup_key": (GOOD_TABLE, "t.csv", "'[bold red]x': 1\n", 2, "[bold red]x"),
    "markup_column": (GOOD_TABLE, "t.csv", "", 2, "[/]"),  # revenue_column '[/]' (below)
}


def _odd_case(tmp_path: Path, name: str) -> Path:
    table, file, extra, _code, _piece = ODD[name]
    (tmp_path / "sub").mkdir()
    if table is not None:
        (tmp_path / file).write_bytes(table)
    scenario_name = "'name :x: [bold]b[/]'"
    text = TABLE_SCENARIO.format(name=scenario_name, file=file, extra=extra)
    if name == "markup_column":
        text = text.replace("clients:\n  file:", "clients:\n  revenue_column: '[/]'\n  file:")
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# Every case through `validate` and `segment`; through `solve` those that plan and a few refusals.
ODD_RUNS = [(c, n) for n in sorted(ODD) for c in ("validate", "segment")] + [
    ("solve", n) for n in sorted(ODD) if ODD[n][3] == 0 or n in ("extra_field", "markup_key", "long_file_name")
]


@pytest.mark.parametrize("command, name", ODD_RUNS)
def test_odd_tables_and_markup_give_a_message_or_a_plan_never_a_traceback(tmp_path, name, command):
    from typer.testing import CliRunner

    from planner.cli import app

    path = _odd_case(tmp_path, name)
    result = CliRunner().invoke(app, [command, str(path)])
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    _table, _file, _extra, code, piece = ODD[name]
    assert result.exit_code == code, output
    if command == "validate" or code == 2:
        assert piece in output, output
    if command == "validate" and code == 0:
        assert "name :x: [bold]b[/]" in output  # user text is shown as written: no emoji, no style
        assert "❌" not in output
