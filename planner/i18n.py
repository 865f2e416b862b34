"""Languages of the planner: gettext catalogues (Babel) and locale-aware numbers in messages.

Every user-facing string is a gettext message id in English, marked where it is written:

    from planner.i18n import N_, _, catalogue, ngettext, tr

    TEXT = catalogue({"hour": N_("one more hour of {g} is worth {v:,.2f} per {period}")})
    TEXT["hour"].format(g="juniors", v=1234.5, period=tr("month"))
    # en: one more hour of juniors is worth 1,234.50 per month
    # ru: ещё один час juniors стоит 1 234,50 за месяц

- `_(msgid)` / `ngettext(singular, plural, n)` translate into the current language and return a
  `Text`, a `str` whose `.format()` writes numbers by the language's conventions: the Python
  format spec says how many decimals and whether to group (`{v:,.2f}`, `{r:.1%}`, `{x:g}`), the
  language says with which symbols (ru: `1 234,50`, `12,5 %`). English output is exactly
  Python's own formatting.
- `N_(msgid)` only marks a string for extraction (tables of messages defined at import time);
  `catalogue({...})` is such a table whose look-ups translate.
- `tr(msgid, **values)` is `_(msgid).format(**values)`; `ntr` the same with a plural.

The language is `set_language`/`using` (the command line's `--lang`, the app's switch), else the
app session's (`set_session_language`, for widget callbacks), else the `PLANNER_LANG`
environment variable, else Russian when the system locale is Russian, else English. It lives in
a context variable, so each app session (thread) has its own.

Catalogues: `planner/locale/<lang>/LC_MESSAGES/planner.po`, edited by hand or with Babel
(`make messages` extracts every marked string into planner.pot and updates the .po files). A
compiled `.mo` next to the `.po` is used when it is current (`make install` compiles them);
otherwise the `.po` is compiled in memory once per process, so a fresh clone works either way.
"""

from __future__ import annotations

import gettext as _gettext
import io
import locale as _locale
import os
import re
import string
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import lru_cache
from numbers import Number
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"
DOMAIN = "planner"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV_VARIABLE = "PLANNER_LANG"

_language: ContextVar[str | None] = ContextVar("planner_language", default=None)


# ----- which language -------------------------------------------------------------------------
def normalise(value: str | None) -> str | None:
    """`ru`, `ru_RU.UTF-8`, `RU-ru` -> `ru`; an unsupported or empty value -> None."""
    if not value:
        return None
    code = re.split(r"[_.@\-]", value.strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else None


def system_language() -> str:
    """Russian when the system locale is Russian, else English (`PLANNER_LANG` first)."""
    chosen = normalise(os.environ.get(ENV_VARIABLE))
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ru" if normalise(value) == "ru" else DEFAULT_LANGUAGE
    try:
        code = _locale.getlocale()[0]
    except (ValueError, TypeError):  # pragma: no cover - a broken locale setting
        code = None
    return "ru" if normalise(code) == "ru" else DEFAULT_LANGUAGE


_session_language: list[Callable[[], str | None]] = []


def set_session_language(resolver: Callable[[], str | None] | None) -> None:
    """Where the language comes from when this context has none set (the app: the session's
    choice, for code that runs outside a script run, such as a widget's callback)."""
    _session_language[:] = [resolver] if resolver is not None else []


def language() -> str:
    """The language messages are written in now."""
    chosen = _language.get()
    if chosen:
        return chosen
    for resolver in _session_language:
        session = normalise(resolver())
        if session:
            return session
    return system_language()


def set_language(value: str | None) -> Token:
    """Set the language of this context (None: back to the environment's default)."""
    if value is not None and normalise(value) is None:
        raise ValueError(f"unknown language {value!r}: use one of {', '.join(LANGUAGES)}")
    return _language.set(normalise(value))


@contextmanager
def using(value: str | None) -> Iterator[str]:
    """Write messages in `value` inside the block."""
    token = set_language(value)
    try:
        yield language()
    finally:
        _language.reset(token)


# ----- catalogues -----------------------------------------------------------------------------
def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language (English: the message ids themselves)."""
    po = po_path(lang)
    if lang == DEFAULT_LANGUAGE or not po.is_file():
        return _gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with open(mo, "rb") as fh:
            return _gettext.GNUTranslations(fh)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def N_(msgid: str) -> str:
    """Mark a message for extraction without translating it (translate where it is used)."""
    return msgid


def gettext(msgid: str) -> "Text":
    """`msgid` in the current language."""
    return Text(translations(language()).gettext(msgid))


_ = gettext


def ngettext(singular: str, plural: str, n: int | float) -> "Text":
    """The plural form for `n` in the current language (ru: 1 клиент, 2 клиента, 5 клиентов)."""
    count = int(abs(n)) if float(n).is_integer() else 2  # a fraction takes the general form
    return Text(translations(language()).ngettext(singular, plural, count))


def tr(msgid: str, /, **values: Any) -> str:
    """Translate `msgid` and fill in its `{placeholders}` (numbers in the language's format)."""
    text = gettext(msgid)
    return text.format(**values) if values else str(text)


def ntr(singular: str, plural: str, n: int | float, /, **values: Any) -> str:
    """`ngettext` then `.format(n=n, **values)`."""
    return ngettext(singular, plural, n).format(n=n, **values)


class Catalogue(Mapping[str, "Text"]):
    """A read-only table of messages (key -> English message id) that translates on look-up."""

    def __init__(self, messages: Mapping[str, str]):
        self._messages = dict(messages)

    def __getitem__(self, key: str) -> "Text":
        return gettext(self._messages[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def msgid(self, key: str) -> str:
        """The English message id of `key` (for tests and extraction)."""
        return self._messages[key]


def catalogue(messages: Mapping[str, str]) -> Catalogue:
    return Catalogue(messages)


# ----- numbers in messages --------------------------------------------------------------------
_NUMERIC_TYPES = set("eEfFgGdn%") | {""}


@lru_cache(maxsize=8)
def _symbols(lang: str) -> tuple[str, str, bool]:
    """(decimal mark, group separator, space before %) of a language, from Babel's CLDR data."""
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = Locale.parse(lang)
    pattern = loc.percent_formats[None].pattern
    spaced = bool(re.search(r"[\s\u00a0\u202f]%", pattern))
    return get_decimal_symbol(loc), get_group_symbol(loc), spaced


def localise_number(formatted: str, spec_type: str, lang: str | None = None) -> str:
    """Python's formatting of a number (`1,234.5`, `12.5%`) in the conventions of `lang`."""
    lang = lang or language()
    if lang == DEFAULT_LANGUAGE:
        return formatted
    decimal, group, spaced = _symbols(lang)
    out = formatted.translate({ord(","): "\0", ord("."): decimal}).replace("\0", group)
    if spec_type == "%" and spaced:
        out = re.sub(r"%$", "\u00a0%", out.rstrip()) if out.rstrip().endswith("%") else out
    return out


class LocaleFormatter(string.Formatter):
    """`str.format` that writes numbers in the current language's conventions."""

    def format_field(self, value: Any, format_spec: str) -> str:
        formatted = super().format_field(value, format_spec)
        if isinstance(value, bool) or not isinstance(value, Number) and not _is_numpy_number(value):
            return formatted
        spec_type = format_spec[-1:] if format_spec[-1:].isalpha() or format_spec[-1:] == "%" else ""
        if spec_type not in _NUMERIC_TYPES:
            return formatted
        return localise_number(formatted, spec_type)


def _is_numpy_number(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "dtype") and value.dtype.kind in "iuf"


_FORMATTER = LocaleFormatter()


class Text(str):
    """A translated message: `.format()` fills placeholders with numbers in the language's format."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return _FORMATTER.vformat(str(self), args, kwargs)

    def format_map(self, mapping: Mapping[str, Any]) -> str:  # type: ignore[override]
        return _FORMATTER.vformat(str(self), (), mapping)


PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(message: str) -> set[str]:
    """The named placeholders of a message (`{g}`, `{v:,.2f}` -> {"g", "v"})."""
    return {m.group(1) for m in PLACEHOLDER.finditer(message.replace("{{", "").replace("}}", ""))}


__all__ = [
    "Catalogue",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "Text",
    "catalogue",
    "gettext",
    "language",
    "localise_number",
    "ngettext",
    "normalise",
    "ntr",
    "placeholders",
    "set_language",
    "set_session_language",
    "system_language",
    "tr",
    "translations",
    "using",
]
