"""Counting English words in text meant to be Russian (the app's pages, its tables): what is
left after the ids, keys and values the user wrote, field paths, numbers and the names of file
formats and solvers. Used by the browser walk and the app's table checks."""

from __future__ import annotations

import re
from pathlib import Path

from tests.paths import ROOT

# Names of file formats on buttons ("Скачать сценарий (YAML)") and of the solvers (the
# certificate names HiGHS): written so in Russian too.
FORMAT_NAMES = {"YAML", "JSON", "CSV", "XLSX", "ZIP", "highs", "cbc"}
LATIN = re.compile(r"[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*")
# Field paths and file names: segments[ключевые].levels[программа].revenue_per_client, README.md
PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\s]*\])+")
NUMBER = re.compile(r"[-+]?\d[\d\u00a0\u202f ,.]*(?:e[-+]?\d+)?")


def scenario_words(path: Path, keys: bool = True) -> set[str]:
    """Every Latin token the user wrote in the scenario file (ids and values; with `keys` also
    its keys and the names of the scenario format's fields and choices: JSON keys), and the
    file's name."""
    import json

    import yaml

    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if keys:
                    found.update(LATIN.findall(str(key)))
                walk(value)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.update(LATIN.findall(node))

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    schema = json.loads((ROOT / "models" / "scenario.schema.json").read_text(encoding="utf-8"))

    def schema_keys(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    found.update(value)
                if key in ("enum", "const"):
                    found.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
                schema_keys(value)
        elif isinstance(node, list):
            for item in node:
                schema_keys(item)

    if keys:
        schema_keys(schema)
    found.update(LATIN.findall(path.name))
    return found


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The Latin-alphabet words of `text` that are not ids, paths, keys, numbers or format names."""
    text = PATH.sub(" ", text)
    text = NUMBER.sub(" ", text)
    return [w for w in LATIN.findall(text) if w not in allowed and w not in FORMAT_NAMES]
