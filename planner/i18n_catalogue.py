"""The catalogue as data, for its tests and for `make messages`: every message marked in the
code (Babel's extractor over `planner/`, `models/` and `app.py`) and the Russian `.po` file."""

from __future__ import annotations

from pathlib import Path

from planner.i18n import po_path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("planner", "models")
ENTRY_POINTS = ("app.py",)
# gettext's own keywords plus the planner's: tr(msgid, **values) and ntr(singular, plural, n, ...)
KEYWORDS = {"_": None, "gettext": None, "N_": None, "tr": None, "ngettext": (1, 2), "ntr": (1, 2)}


def extracted_messages() -> dict[str, tuple[str, str | None]]:
    """msgid -> (where it is first marked, its plural msgid or None)."""
    from babel.messages.extract import extract_from_file

    found: dict[str, tuple[str, str | None]] = {}
    files = [p for folder in SOURCES for p in sorted((ROOT / folder).rglob("*.py"))]
    files += [ROOT / name for name in ENTRY_POINTS if (ROOT / name).is_file()]
    for path in files:
        for lineno, message, _comments, _context in extract_from_file("python", str(path), keywords=KEYWORDS):
            singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
            if singular:
                found.setdefault(singular, (f"{path.relative_to(ROOT)}:{lineno}", plural))
    return found


def compile_mo(po: str | Path, mo: str | Path) -> None:
    """Compile a .po into a .mo (`make`). Not `pybabel compile`: its checker reads a msgid with
    `% c` or `(% of base)` as a printf format; the messages here are brace formats, whose
    placeholders tests/planner/test_i18n.py checks."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as fh:
        catalog = read_po(fh)
    with open(mo, "wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)


def russian_catalogue():
    """The Russian catalogue (babel.messages.Catalog)."""
    from babel.messages.pofile import read_po

    with open(po_path("ru"), "rb") as fh:
        return read_po(fh, locale="ru")


__all__ = ["compile_mo", "extracted_messages", "russian_catalogue"]
