"""Load and save scenario files: safe YAML or JSON in, atomic YAML out, exact round trips.

Validation errors of pydantic are turned into `InputError` problems whose paths read like the
file (`segments[2].levels[0].hours_per_client: must be >= 0`).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from models import SCHEMA_VERSION, ProblemList, Scenario
from planner.errors import InputError, Problem
from planner.fileio import write_atomic

# Older schema versions migrate here, one function per step (none exist yet: v1 is the first).
MIGRATIONS: dict[int, Any] = {}


# ----- reading ------------------------------------------------------------------------------
class _SafeLoader(yaml.SafeLoader):
    """Safe YAML that refuses duplicate keys (a silent overwrite hides a user mistake)."""


def _construct_mapping(loader: _SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"unsupported key {key!r}", key_node.start_mark
            )
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_SafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_document(text: str, source: str = "<scenario>") -> Any:
    """Parse JSON or YAML with a safe loader; syntax errors name line and column."""
    if text.lstrip().startswith(("{", "[")):
        try:  # real JSON first: YAML mis-reads JSON's surrogate-pair escapes
            return json.loads(text)
        except ValueError:
            pass
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - _SafeLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "invalid YAML"
        raise InputError(Problem(where, f"not valid YAML/JSON: {what}"), source) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem("", f"not valid YAML/JSON: {exc}"), source) from None


def _migrate(document: dict[str, Any], source: str) -> dict[str, Any]:
    version = document.get("schema_version")
    if version is None:
        raise InputError(
            Problem("schema_version", f"missing: add `schema_version: {SCHEMA_VERSION}` at the top"), source
        )
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError(Problem("schema_version", f"must be a whole number, got {version!r}"), source)
    if version > SCHEMA_VERSION or (version < SCHEMA_VERSION and version not in MIGRATIONS) or version < 1:
        raise InputError(
            Problem(
                "schema_version",
                f"version {version} is not supported: this planner reads version {SCHEMA_VERSION}"
                + (" (the file is newer: upgrade the planner)" if version > SCHEMA_VERSION else ""),
            ),
            source,
        )
    while document["schema_version"] < SCHEMA_VERSION:
        document = MIGRATIONS[document["schema_version"]](document)
    return document


def scenario_from_data(document: Any, source: str = "<scenario>") -> Scenario:
    """Validate a parsed document into a Scenario, or raise InputError naming every problem."""
    if not isinstance(document, dict):
        kind = "empty" if document is None else type(document).__name__
        raise InputError(Problem("", f"a scenario must be a mapping of keys to values, got {kind}"), source)
    document = _migrate(dict(document), source)
    try:
        return Scenario.model_validate(document)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc), source) from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file (YAML or JSON). Paths inside stay as written; see `scenario_dir`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Problem("", "file not found"), str(p)) from None
    except IsADirectoryError:
        raise InputError(Problem("", "is a folder, not a scenario file"), str(p)) from None
    except UnicodeDecodeError as exc:
        raise InputError(Problem("", f"not UTF-8 text (byte {exc.start})"), str(p)) from None
    except OSError as exc:
        raise InputError(Problem("", f"cannot read: {exc.strerror}"), str(p)) from None
    return scenario_from_data(parse_document(text, str(p)), str(p))


def loads_scenario(text: str | bytes, source: str = "<upload>") -> Scenario:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(Problem("", f"not UTF-8 text (byte {exc.start})"), source) from None
    return scenario_from_data(parse_document(text, source), source)


# ----- writing ------------------------------------------------------------------------------
def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data: fields the author set, plus `schema_version` and `name`."""
    data = scenario.model_dump(mode="json", exclude_unset=True)
    data = {"schema_version": scenario.schema_version, **{k: v for k, v in data.items() if k != "schema_version"}}
    return data


class _Dumper(yaml.SafeDumper):
    pass


_SPECIAL_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Multi-line text as a readable block; anything YAML would fold or normalise (other line
    breaks, control characters) double-quoted with escapes, so it loads back unchanged."""
    if any(c in value for c in _SPECIAL_BREAKS) or not value.replace("\n", "").isprintable():
        style = '"'
    elif "\n" in value:
        style = "|"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dumps_scenario(scenario: Scenario) -> str:
    return yaml.dump(
        scenario_to_data(scenario), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Save as YAML atomically; `load_scenario(path)` then equals `scenario`."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        text = json.dumps(scenario_to_data(scenario), indent=2, ensure_ascii=False) + "\n"
    else:
        text = dumps_scenario(scenario)
    write_atomic(path, text)


def scenario_dir(path: str | os.PathLike[str] | None) -> Path:
    """Folder that relative table paths of a scenario resolve against."""
    return Path(path).resolve().parent if path is not None else Path.cwd()


# ----- pydantic errors to problems ----------------------------------------------------------
def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_FRIENDLY = {
    "greater_than_equal": "must be >= {ge}",
    "greater_than": "must be > {gt}",
    "less_than_equal": "must be <= {le}",
    "less_than": "must be < {lt}",
    "extra_forbidden": "unknown key (check the spelling; see the scenario format in README.md)",
    "missing": "required",
    "float_type": "must be a number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "dict_type": "must be a mapping (key: value)",
    "model_type": "must be a mapping (key: value)",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "finite_number": "must be a finite number",
    "string_too_short": "must not be empty",
}


_UNION_TAG = re.compile(r"^(constrained-|function-|tuple\[|list\[|dict\[|(str|int|float|bool|none)$)")


def problems_from_validation(exc: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        ctx = err.get("ctx") or {}
        original = ctx.get("error")
        if isinstance(original, ProblemList):
            prefix = _path(loc)
            for path, message in original.problems:
                full = f"{prefix}.{path}" if prefix and path else (prefix or path)
                problems.append(Problem(full, message))
            continue
        etype = err.get("type", "")
        # Tagged-union noise: drop union member names pydantic inserts into the location.
        loc = tuple(p for p in loc if not (isinstance(p, str) and _UNION_TAG.match(p)))
        if etype == "literal_error":
            message = f"must be one of {ctx.get('expected', '')}"
        elif etype == "string_pattern_mismatch":
            message = "must be an id: letters, digits, '_', '-' or '.', starting with a letter, digit or '_'"
        elif etype in _FRIENDLY:
            try:
                message = _FRIENDLY[etype].format(**ctx)
            except (KeyError, IndexError):
                message = err.get("msg", etype)
        elif etype in {"value_error", "assertion_error"}:
            message = str(original) if original is not None else err.get("msg", "")
        else:
            message = err.get("msg", etype)
        if etype in {"float_type", "int_type", "string_type", "bool_type"} and "input" in err:
            message += f", got {err['input']!r}"
        problems.append(Problem(_path(loc), message))
    # The same (path, message) can come from several union members; keep one.
    seen: set[tuple[str, str]] = set()
    unique = []
    for p in problems:
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            unique.append(p)
    return unique
