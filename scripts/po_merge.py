"""Merge Russian translations into the catalogue: `python scripts/po_merge.py FILE.json [...]`.

Each FILE holds {"English msgid": "Russian msgstr", ...}; a plural entry is
{"msgid": ["one form", "few form", "many form"], "msgid_plural": "..."} written as
{"English singular": {"plural": "English plural", "forms": [..3 Russian forms..]}}. A message
already in the catalogue gets the new translation.
The catalogue is written back sorted by msgid without source locations, so that two branches
that add messages rarely touch the same lines (and `.gitattributes` merges .po files as a union).
`--missing` prints the marked messages that have no translation yet, as a JSON skeleton;
`--prune` deletes the translations of messages the code no longer marks.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po, write_po  # noqa: E402

from planner.i18n import po_path  # noqa: E402
from planner.i18n_catalogue import extracted_messages  # noqa: E402


def load() -> object:
    with open(po_path("ru"), "rb") as fh:
        return read_po(fh, locale="ru")


def save(catalog) -> None:
    with open(po_path("ru"), "wb") as fh:
        write_po(fh, catalog, width=0, no_location=True, sort_output=True, omit_header=False, ignore_obsolete=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--missing", action="store_true", help="print untranslated messages as JSON")
    ap.add_argument("--prune", action="store_true", help="delete translations of messages the code no longer marks")
    args = ap.parse_args()
    catalog = load()
    if args.prune:
        used = extracted_messages()
        stale = [m.id for m in catalog if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in used]
        for msgid in stale:
            catalog.delete(msgid)
        save(catalog)
        print(f"deleted {len(stale)} stale messages")
        return
    if args.missing:
        todo = {}
        for msgid, (_where, plural) in extracted_messages().items():
            entry = catalog.get(msgid)
            if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
                todo[msgid] = {"plural": plural, "forms": ["", "", ""]} if plural else ""
        print(json.dumps(todo, ensure_ascii=False, indent=1))
        return
    for file in args.files:
        for msgid, value in json.loads(file.read_text(encoding="utf-8")).items():
            if msgid in catalog:  # a new translation replaces the old one (Catalog.add would keep it)
                catalog.delete(msgid)
            if isinstance(value, dict):
                catalog.add((msgid, value["plural"]), tuple(value["forms"]))
            else:
                catalog.add(msgid, value)
    save(catalog)


if __name__ == "__main__":
    main()
