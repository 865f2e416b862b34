"""Bounded parsing: a scenario document is measured before anything is built from it.

A hostile or broken file must be refused in well under a second with the limit it breaks,
never crash (RecursionError on a list nested 100,000 deep) or hang (a YAML "billion laughs" of
9 levels of 9 aliases expands to 387 million values). So, before `yaml.load` / `json.loads`:

- its size is at most `MAX_SCENARIO_BYTES` (a file is measured before it is read);
- YAML is scanned as an event stream (iterative, libyaml's C parser when installed): nesting
  depth, the length of every value, the entries of every list and mapping, and the number of
  values the document has once every alias is expanded are counted as the events arrive, so an
  alias bomb is refused at its first few hundred events, before a single alias is expanded;
- JSON's depth is measured on the text with its strings blanked out (C-speed passes of `re`),
  and its values counted the same way; after parsing (fast, in C) the entries of its lists and
  mappings are counted; a duplicate key is refused as YAML refuses one.

The entries limit matters beyond memory: pydantic validates every item of a list before it says
the list is too long, so a list of a million wrong values would take seconds to be refused.

The limits are in `models/limits.py`. Each refusal is an `InputError` whose message names the
limit and, where the scan knows it, the path or line of the offending value.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from models.limits import (
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_INT_DIGITS,
    MAX_NODES,
    MAX_SCALAR_CHARS,
    MAX_SCENARIO_BYTES,
    MAX_TEXT,
)
from planner.errors import InputError, Problem
from planner.i18n import N_, tr

# The C parser when PyYAML was built with libyaml (the wheels are): 15 to 50 times faster.
FastParser = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

TEXT = {
    "size": N_(
        "the document has {size:,} bytes, more than the limit of {limit:,} bytes ({mb:g} MB, MAX_SCENARIO_BYTES)"
    ),
    "depth": N_(
        "lists and mappings are nested deeper than {limit} levels (the nesting limit); a scenario needs about 8"
    ),
    "nodes": N_(
        "the document has more than {limit:,} values (the limit of values, YAML aliases expanded)"
    ),
    "alias_bomb": N_(
        "YAML aliases would expand the document to more than {limit:,} values (the limit of values): "
        "write the repeated parts out, or use fewer aliases"
    ),
    "entries": N_(
        "more than {limit:,} entries in one list or mapping: no field of a scenario takes more (the entries limit)"
    ),
    "recursive_alias": N_("the alias *{anchor} is inside its own anchor: a scenario cannot contain itself"),
    "scalar": N_(
        "a value of {n:,} characters, longer than any field takes (at most {limit:,} characters)"
    ),
    "digits": N_(
        "a whole number of {n:,} digits, larger than any field takes (at most {limit} digits)"
    ),
    "duplicate_key": N_("duplicate key '{key}'"),
}

MARK = N_("line {line}, column {column}")


def check_size(n_bytes: int, source: str) -> None:
    """Refuse a document larger than MAX_SCENARIO_BYTES (before it is read or parsed)."""
    if n_bytes > MAX_SCENARIO_BYTES:
        message = tr(TEXT["size"], size=n_bytes, limit=MAX_SCENARIO_BYTES, mb=MAX_SCENARIO_BYTES / 2**20)
        raise InputError(Problem("", message), source)


def check_text_size(text: str, source: str) -> None:
    """`check_size` for text already in memory (an upload): its UTF-8 length."""
    if len(text) > MAX_SCENARIO_BYTES:
        check_size(len(text), source)
    elif len(text) * 4 > MAX_SCENARIO_BYTES:  # only then can the UTF-8 bytes exceed the limit
        check_size(len(text.encode("utf-8", "surrogatepass")), source)


def _where(mark: Any) -> str:
    return tr(MARK, line=mark.line + 1, column=mark.column + 1) if mark is not None else ""


# ----- YAML -----------------------------------------------------------------------------------
class _Frame:
    """An open list or mapping while scanning: its expanded size so far and where we are in it."""

    __slots__ = ("mapping", "size", "anchor", "index", "key", "at_key")

    def __init__(self, mapping: bool, anchor: str | None):
        self.mapping = mapping
        self.size = 1
        self.anchor = anchor
        self.index = 0  # next item of a list
        self.key: str | None = None  # key of the value being read in a mapping
        self.at_key = True

    def label(self) -> str:
        if not self.mapping:
            return f"[{self.index}]"
        return "" if self.at_key or self.key is None else f".{self.key}"


def _path(stack: list[_Frame], shown: int = 12) -> str:
    """The path of the value being read; past `shown` levels only its start and its depth."""
    labels = [frame.label() for frame in stack]
    text = "".join(labels[:shown]).lstrip(".")
    return text if len(labels) <= shown else f"{text}...({len(labels)})"


def scan_yaml(text: str, source: str, parser: type = FastParser) -> None:
    """Measure a YAML document from its events; raise InputError at the first limit it breaks.

    Syntax errors are left to the loader (it uses the same parser and says where). The loop is
    written for speed (about a microsecond an event): a refusal at the values limit reads a
    million events."""
    stack: list[_Frame] = []
    sizes: dict[str, int] = {}  # expanded size of each completed anchored node
    total = 0

    def refuse(message: str, mark: Any, levels: int | None = None) -> None:
        path = _path(stack[:levels])
        where = path or _where(mark)
        raise InputError(Problem(where, message), source)

    scalar_event, alias_event, mapping_start = yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent
    starts = (yaml.SequenceStartEvent, mapping_start)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    loader = parser(text)
    try:
        next_event = loader.get_event
        while True:
            event = next_event()
            if event is None:
                break
            kind = type(event)
            key = None
            if kind is scalar_event:
                key = event.value
                if len(key) > MAX_SCALAR_CHARS:
                    refuse(tr(TEXT["scalar"], n=len(key), limit=MAX_TEXT), event.start_mark)
                size = grow = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif kind in starts:
                total += 1
                stack.append(_Frame(kind is mapping_start, event.anchor))
                if len(stack) > MAX_DEPTH:
                    refuse(tr(TEXT["depth"], limit=MAX_DEPTH), event.start_mark)
                continue
            elif kind in ends:
                frame = stack.pop()
                size, grow = frame.size, 0  # its values were counted as they came
                if frame.anchor is not None:
                    sizes[frame.anchor] = size
            elif kind is alias_event:
                size = sizes.get(event.anchor)
                if size is None:
                    if any(f.anchor == event.anchor for f in stack):
                        refuse(tr(TEXT["recursive_alias"], anchor=event.anchor), event.start_mark)
                    size = 1  # an undefined alias: the loader says so
                if total + size > MAX_NODES:
                    refuse(tr(TEXT["alias_bomb"], limit=MAX_NODES), event.start_mark)
                grow = size
            else:
                continue  # stream and document events
            total += grow
            if total > MAX_NODES:
                refuse(tr(TEXT["nodes"], limit=MAX_NODES), event.start_mark)
            if stack:  # the node is complete: count it in its parent and move on in the parent
                parent = stack[-1]
                parent.size += size
                if parent.mapping:
                    if parent.at_key:
                        parent.key = key if key is not None else "?"
                    else:
                        parent.index += 1
                    parent.at_key = not parent.at_key
                else:
                    parent.index += 1
                if parent.index > MAX_ENTRIES:  # named by the list's path, not its entry's
                    refuse(tr(TEXT["entries"], limit=MAX_ENTRIES), event.start_mark, len(stack) - 1)
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own guard, met before ours in flow lists
            raise InputError(Problem(_where(getattr(exc, "problem_mark", None)), tr(TEXT["depth"], limit=MAX_DEPTH)), source) from None
        return  # the loader reports the syntax error with its line and column
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()


# ----- JSON -----------------------------------------------------------------------------------
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def scan_json(text: str, source: str) -> None:
    """Depth and number of values of a JSON text, measured without parsing it: strings are
    blanked out, then each pass deletes the innermost pairs of brackets (C-speed `re`)."""
    bare = _JSON_STRING.sub('""', text)
    values = bare.count(",") + bare.count(":") + 1
    if values > MAX_NODES:
        raise InputError(Problem("", tr(TEXT["nodes"], limit=MAX_NODES)), source)
    brackets = _NOT_BRACKET.sub("", bare)
    for _ in range(MAX_DEPTH):
        if not brackets:
            return
        shorter = _INNERMOST.sub("", brackets)
        if shorter == brackets:
            return  # unbalanced: the parser reports it
        brackets = shorter
    if _INNERMOST.search(brackets):
        raise InputError(Problem("", tr(TEXT["depth"], limit=MAX_DEPTH)), source)


class _Duplicate(dict):
    """A JSON object that repeated a key (found again after parsing to name its path)."""

    duplicate: str = ""


class _TooManyDigits(Exception):
    def __init__(self, digits: int):
        self.digits = digits


def _pairs_hook(found: list[str]):
    """An `object_pairs_hook` that keeps the first value of a repeated key and notes the key."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                marked = _Duplicate(obj)
                marked.duplicate = key
                found.append(key)
                return marked
            obj[key] = value
        return obj

    return pairs


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _TooManyDigits(len(digits.lstrip("-")))
    return int(digits)


def _check_entries(document: Any, source: str) -> None:
    """Refuse a list or mapping of more than MAX_ENTRIES entries (iterative; depth is bounded)."""
    todo: list[tuple[str, Any]] = [("", document)]
    while todo:
        path, node = todo.pop()
        if isinstance(node, dict):
            if len(node) > MAX_ENTRIES:
                raise InputError(Problem(path, tr(TEXT["entries"], limit=MAX_ENTRIES)), source)
            todo.extend((f"{path}.{k}" if path else str(k), v) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            if len(node) > MAX_ENTRIES:
                raise InputError(Problem(path, tr(TEXT["entries"], limit=MAX_ENTRIES)), source)
            todo.extend((f"{path}[{i}]", v) for i, v in enumerate(node) if isinstance(v, (dict, list)))


def _find_duplicate(document: Any) -> tuple[str, str] | None:
    """(path, key) of the first object that repeated a key; iterative (depth is bounded)."""
    todo: list[tuple[str, Any]] = [("", document)]
    while todo:
        path, node = todo.pop()
        if isinstance(node, _Duplicate):
            return path, node.duplicate
        if isinstance(node, dict):
            todo.extend((f"{path}.{k}" if path else str(k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            todo.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(node))))
    return None


def load_json(text: str, source: str) -> Any:
    """Parse JSON within the limits; ValueError (not JSON at all) lets the caller try YAML."""
    scan_json(text, source)
    repeated: list[str] = []
    try:
        document = json.loads(text, object_pairs_hook=_pairs_hook(repeated), parse_int=_parse_int)
    except _TooManyDigits as exc:
        raise InputError(Problem("", tr(TEXT["digits"], n=exc.digits, limit=MAX_INT_DIGITS)), source) from None
    except RecursionError:  # pragma: no cover - scan_json bounds the depth first
        raise InputError(Problem("", tr(TEXT["depth"], limit=MAX_DEPTH)), source) from None
    found = _find_duplicate(document) if repeated else None
    if found is not None:
        raise InputError(Problem(found[0], tr(TEXT["duplicate_key"], key=found[1])), source)
    _check_entries(document, source)
    return document


__all__ = ["FastParser", "check_size", "check_text_size", "load_json", "scan_json", "scan_yaml"]
