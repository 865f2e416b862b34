"""Load and save scenario files: safe YAML or JSON in, atomic YAML out, exact round trips.

Reading is bounded (`planner/document_bounds.py`): a document's size, nesting and expanded
size are measured before it is parsed into objects, so no file can crash or hang the planner.
Validation errors of pydantic are turned into `InputError` problems whose paths read like the
file (`segments[2].levels[0].hours_per_client: must be >= 0`), their messages rendered from the
registry of `models/messages.py` in the reader's language (`planner.i18n`).
"""

from __future__ import annotations

from collections import OrderedDict

import gc
import json
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from models import SCHEMA_VERSION, ProblemList, Scenario
from models import messages as model_messages
from models.base import short_repr
from models.limits import MAX_INT_DIGITS, MAX_SCENARIO_BYTES
from planner.document_bounds import FastParser, check_size, check_text_size, load_json, scan_yaml
from planner.errors import InputError, Problem
from planner.fileio import write_atomic
from planner.i18n import N_, tr

# The models render their warnings through the planner's catalogue (models must not import us).
model_messages.use_translator(tr)

# Older schema versions migrate here, one function per step (none exist yet: v1 is the first).
MIGRATIONS: dict[int, Any] = {}

MAX_PROBLEMS = 200  # problems listed for one file; past it, how many more there are

TEXT = {
    "not_found": N_("file not found"),
    "folder": N_("is a folder, not a scenario file"),
    "not_utf8": N_("not UTF-8 text (byte {byte})"),
    "unreadable": N_("cannot read: {reason}"),
    "syntax": N_("not valid YAML/JSON: {what}"),
    "unsupported_key": N_("unsupported key {key}"),
    "duplicate_key": N_("duplicate key '{key}'"),
    "bad_value": N_("cannot read this value: {reason}"),
    "digits": N_("a whole number of {n:,} digits, larger than any field takes (at most {limit} digits)"),
    "version_missing": N_("missing: add `schema_version: {version}` at the top"),
    "version_type": N_("must be a whole number, got {value}"),
    "version_unsupported": N_("version {version} is not supported: this planner reads version {supported}"),
    "version_newer": N_(
        "version {version} is not supported: this planner reads version {supported} "
        "(the file is newer: upgrade the planner)"
    ),
    "not_mapping": N_("a scenario must be a mapping of keys to values, got {kind}"),
    "empty": N_("a scenario must be a mapping of keys to values, got empty"),
    "more_problems": N_("... and {n:,} more problems (fix these first)"),
}


# ----- reading ------------------------------------------------------------------------------
class _SafeLoader(FastParser):  # type: ignore[misc, valid-type]
    """Safe YAML (libyaml's parser when installed) that refuses duplicate keys (a silent
    overwrite hides a user mistake), whole numbers of more than MAX_INT_DIGITS digits (Python
    cannot even print one of 4,300), and turns a value its constructor cannot read (a date
    2001-13-45, `!!int abc`) into a YAML error with its line instead of a traceback."""

    def construct_document(self, node: yaml.Node) -> Any:
        return _construct_fast(self, node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, tr(TEXT["bad_value"], reason=str(exc)[:120]), node.start_mark
            ) from None


def _construct_mapping(loader: _SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, tr(TEXT["unsupported_key"], key=short_repr(key)), key_node.start_mark
            )
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, tr(TEXT["duplicate_key"], key=short_repr(key, 80).strip("'\"")), key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _construct_int(loader: _SafeLoader, node: yaml.ScalarNode) -> int:
    digits = len(node.value)
    if digits > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, tr(TEXT["digits"], n=digits, limit=MAX_INT_DIGITS), node.start_mark
        )
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_SafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_SafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_SEQ, _MAP = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG


def _construct_fast(loader: _SafeLoader, root: yaml.Node) -> Any:
    """The document's data, built iteratively from its nodes: the same objects as PyYAML's
    constructor (a node an alias repeats is one shared object; keys checked as
    `_construct_mapping` does), four to five times faster, because a scenario of a million
    values is mostly plain strings, numbers, lists and mappings. Any other tag (timestamps,
    `!!binary`, `!!set`, a tag PyYAML refuses) goes through PyYAML's constructor."""
    built: dict[int, Any] = {}
    scalars: dict[tuple[str, str], Any] = {}  # numbers, booleans and nulls read once each
    todo: list[tuple[yaml.Node, bool]] = [(root, False)]
    while todo:
        node, children_built = todo.pop()
        key = id(node)
        if key in built:
            continue
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR:
                built[key] = node.value
            elif tag in (_INT, _FLOAT, _BOOL, _NULL):
                cached = scalars.get((tag, node.value), scalars)
                if cached is scalars:
                    cached = scalars[(tag, node.value)] = loader.construct_object(node, deep=True)
                built[key] = cached
            else:
                built[key] = loader.construct_object(node, deep=True)
        elif tag not in (_SEQ, _MAP):
            built[key] = loader.construct_object(node, deep=True)
        elif not children_built:
            todo.append((node, True))
            children = node.value if tag == _SEQ else [n for pair in node.value for n in pair]
            todo.extend((child, False) for child in reversed(children) if id(child) not in built)
        elif tag == _SEQ:
            built[key] = [built[id(child)] for child in node.value]
        else:
            mapping: dict = {}
            for key_node, value_node in node.value:
                item = built[id(key_node)]
                if not isinstance(item, (str, int, float, bool)) and item is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, tr(TEXT["unsupported_key"], key=short_repr(item)), key_node.start_mark
                    )
                if item in mapping:
                    raise yaml.constructor.ConstructorError(
                        None, None, tr(TEXT["duplicate_key"], key=short_repr(item, 80).strip("'\"")), key_node.start_mark
                    )
                mapping[item] = built[id(value_node)]
            built[key] = mapping
    return built[id(root)]



def _syntax_problem(exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = tr("line {line}, column {column}", line=mark.line + 1, column=mark.column + 1) if mark else ""
        what = exc.problem or exc.context or tr("invalid YAML")
        return Problem(where, tr(TEXT["syntax"], what=what))
    return Problem("", tr(TEXT["syntax"], what=exc))


@contextmanager
def _no_garbage_collection():
    """Pause the cyclic garbage collector while a document is built: a large scenario makes
    hundreds of thousands of objects, none of them cyclic, and each full collection on the way
    walks all of them (loading takes half the time without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_document(text: str, source: str = "<scenario>") -> Any:
    """Parse JSON or YAML with a safe loader, within the limits of `document_bounds`; syntax
    errors name line and column."""
    check_text_size(text, source)
    if text.lstrip().startswith(("{", "[")):
        try:  # real JSON first: YAML mis-reads JSON's surrogate-pair escapes
            return load_json(text, source)
        except ValueError:
            pass
    try:
        scan_yaml(text, source, _SafeLoader)
        with _no_garbage_collection():
            return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - _SafeLoader is a SafeLoader
    except yaml.YAMLError as exc:
        raise InputError(_syntax_problem(exc), source) from None
    except RecursionError:  # pragma: no cover - scan_yaml bounds the depth first
        raise InputError(Problem("", tr(N_("lists and mappings are nested too deeply"))), source) from None


def _migrate(document: dict[str, Any], source: str) -> dict[str, Any]:
    version = document.get("schema_version")
    if version is None:
        raise InputError(Problem("schema_version", tr(TEXT["version_missing"], version=SCHEMA_VERSION)), source)
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError(Problem("schema_version", tr(TEXT["version_type"], value=short_repr(version))), source)
    if version > SCHEMA_VERSION or (version < SCHEMA_VERSION and version not in MIGRATIONS) or version < 1:
        key = "version_newer" if version > SCHEMA_VERSION else "version_unsupported"
        shown = version if abs(version) < 10**15 else short_repr(version)
        raise InputError(Problem("schema_version", tr(TEXT[key], version=shown, supported=SCHEMA_VERSION)), source)
    while document["schema_version"] < SCHEMA_VERSION:
        document = MIGRATIONS[document["schema_version"]](document)
    return document


def scenario_from_data(document: Any, source: str = "<scenario>") -> Scenario:
    """Validate a parsed document into a Scenario, or raise InputError naming every problem."""
    if not isinstance(document, dict):
        if document is None:
            raise InputError(Problem("", tr(TEXT["empty"])), source)
        raise InputError(Problem("", tr(TEXT["not_mapping"], kind=type(document).__name__)), source)
    document = _migrate(dict(document), source)
    try:
        with _no_garbage_collection():
            return Scenario.model_validate(document)
    except ValidationError as exc:
        with _no_garbage_collection():
            problems = problems_from_validation(exc)
        raise InputError(problems, source) from None


def read_document_text(path: str | os.PathLike[str]) -> str:
    """The text of a scenario file, measured before it is read (and never more than the limit
    read, even from a device or a pipe that `stat` cannot measure)."""
    p = Path(path)
    source = str(p)
    try:
        if p.is_dir():
            raise IsADirectoryError(path)
        if p.is_file():
            check_size(p.stat().st_size, source)
        with open(p, "rb") as fh:
            data = fh.read(MAX_SCENARIO_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Problem("", tr(TEXT["not_found"])), source) from None
    except IsADirectoryError:
        raise InputError(Problem("", tr(TEXT["folder"])), source) from None
    except OSError as exc:
        raise InputError(Problem("", tr(TEXT["unreadable"], reason=exc.strerror or exc)), source) from None
    check_size(len(data), source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(Problem("", tr(TEXT["not_utf8"], byte=exc.start)), source) from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file (YAML or JSON). Paths inside stay as written; see `scenario_dir`."""
    source = str(Path(path))
    return scenario_from_data(parse_document(read_document_text(path), source), source)


def loads_scenario(text: str | bytes, source: str = "<upload>") -> Scenario:
    """A scenario from text or bytes (an upload), within the same limits as a file."""
    if isinstance(text, bytes):
        check_size(len(text), source)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(Problem("", tr(TEXT["not_utf8"], byte=exc.start)), source) from None
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


_DUMPED: "OrderedDict[int, tuple[Scenario, str]]" = OrderedDict()
_DUMPED_SIZE = 32
_DUMPED_LOCK = threading.Lock()  # app sessions run in threads


def dumps_scenario(scenario: Scenario) -> str:
    """The scenario's YAML text. A Scenario is frozen, so its text is remembered per object: the
    app asks for it many times per rerun (cache keys of solves, downloads), and a dump of a
    large scenario takes a quarter of a second."""
    with _DUMPED_LOCK:
        entry = _DUMPED.get(id(scenario))
    if entry is not None and entry[0] is scenario:
        return entry[1]
    text = yaml.dump(scenario_to_data(scenario), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    with _DUMPED_LOCK:
        _DUMPED[id(scenario)] = (scenario, text)
        while len(_DUMPED) > _DUMPED_SIZE:
            _DUMPED.popitem(last=False)
    return text


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


_UNION_TAG = re.compile(r"^(constrained-|function-|tuple\[|list\[|dict\[|(str|int|float|bool|none)$)")


def _shown(value: Any) -> Any:
    """A limit as a message shows it: 10000.0 -> 10000 and 1e12 -> 1000000000000 (a limit of
    four digits or more is a whole number; small ones like 1.0 keep today's spelling)."""
    if isinstance(value, float) and value.is_integer() and 1000 <= abs(value) < 1e16:
        return int(value)
    return value


def render_message(kind: str, params: dict[str, Any]) -> str:
    """A registry message (models/messages.py) in the reader's language."""
    template = model_messages.MESSAGES[kind]
    values = {k: _shown(v) for k, v in params.items()}
    try:
        return tr(template, **values)
    except (KeyError, IndexError, ValueError):  # a template and its values that do not fit
        return template


def _message(err: dict[str, Any]) -> str:
    etype = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    original = ctx.get("error")
    if etype in {"float_type", "int_type", "string_type", "bool_type"}:
        ctx["input"] = short_repr(err.get("input"))
    if etype in model_messages.MESSAGES:
        return render_message(etype, ctx)
    if etype in {"value_error", "assertion_error"}:
        return str(original) if original is not None else err.get("msg", "")
    return err.get("msg", etype)


def problems_from_validation(exc: ValidationError) -> list[Problem]:
    """Every problem pydantic found, at the file's path, in the reader's language; at most
    MAX_PROBLEMS of them, then how many more there are."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def add(path: str, message: str) -> None:
        # The same (path, message) can come from several union members; keep one.
        if (path, message) not in seen:
            seen.add((path, message))
            problems.append(Problem(path, message))

    errors = exc.errors(include_url=False, include_input=True)
    for number, err in enumerate(errors):
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem("", tr(TEXT["more_problems"], n=len(errors) - number)))
            break
        loc = tuple(err.get("loc", ()))
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, ProblemList):
            prefix = _path(loc)
            for issue in original.problems:
                full = f"{prefix}.{issue.path}" if prefix and issue.path else (prefix or issue.path)
                add(full, render_message(issue.kind, issue.params))
            continue
        # Tagged-union noise: drop union member names pydantic inserts into the location.
        loc = tuple(p for p in loc if not (isinstance(p, str) and _UNION_TAG.match(p)))
        add(_path(loc), _message(err))
    return problems
