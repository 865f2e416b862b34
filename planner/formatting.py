"""Numbers, money, rates and counts for people to read, in the current language (Babel).

    money(1234567.891, "RUB")            en: 1,234,568 RUB        ru: 1 234 568 ₽
    money(1234567.891, "RUB", digits=2)  en: 1,234,567.89 RUB     ru: 1 234 567,89 ₽
    compact_money(134_250_000, "RUB")    en: 134.25 M RUB         ru: 134,25 млн ₽
    percent(0.125, digits=1)             en: 12.5%                ru: 12,5 %
    number(1640.4, digits=2)             en: 1,640.40             ru: 1 640,40
    count(22.0)                          en: 22                   ru: 22  (a fraction keeps 1 decimal)

Money without a currency is a plain number. Every function takes `signed=True` for a leading
`+` on positive values (deltas). The English output never depends on the machine's locale.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from planner.i18n import language, localise_number

NAN_TEXT = "–"


def _finite(value: float) -> bool:
    return value is not None and not (isinstance(value, float) and not math.isfinite(value))


def _sign(text: str, value: float, signed: bool) -> str:
    return ("+" + text) if signed and value > 0 and not text.startswith("+") else text


def number(value: float | None, digits: int = 0, *, signed: bool = False, grouping: bool = True) -> str:
    """A number with `digits` decimals, grouped by thousands."""
    if not _finite(value):
        return NAN_TEXT
    spec = f"{',' if grouping else ''}.{digits}f"
    value = float(value) + 0.0  # no "-0"
    if round(value, digits) == 0:
        value = 0.0
    return _sign(localise_number(format(value, spec), "f"), value, signed)


def count(value: float | None, *, signed: bool = False) -> str:
    """A count of clients or people: whole where it is whole (to 1e-6), else one decimal."""
    if not _finite(value):
        return NAN_TEXT
    whole = abs(value - round(value)) < 1e-6
    return number(round(value) if whole else value, 0 if whole else 1, signed=signed)


def percent(rate: float | None, digits: int = 0, *, signed: bool = False) -> str:
    """A rate as a percentage: 0.125 -> 12.5% (en), 12,5 % (ru)."""
    if not _finite(rate):
        return NAN_TEXT
    rate = float(rate) + 0.0
    return _sign(localise_number(format(rate, f".{digits}%"), "%"), rate, signed)


@lru_cache(maxsize=64)
def _currency_pattern(lang: str, digits: int) -> str:
    """Babel's currency pattern of `lang` with `digits` decimals; English writes the ISO code
    after the number (the contract: `1,234,567.89 RUB`)."""
    from babel import Locale

    number_part = "#,##0" + ("." + "0" * digits if digits else "")
    if lang == "en":
        return number_part + "\u00a0¤¤"
    positive = Locale.parse(lang).currency_formats["standard"].pattern.split(";")[0]
    return re.sub(r"#,##0(\.0+)?", number_part, positive, count=1)


def money(value: float | None, currency: str | None = None, digits: int = 0, *, signed: bool = False) -> str:
    """An amount of money in the language's format, with its currency when known."""
    if not _finite(value):
        return NAN_TEXT
    value = float(value) + 0.0
    if round(value, digits) == 0:
        value = 0.0
    if not currency:
        return number(value, digits, signed=signed)
    from babel.numbers import UnknownCurrencyError, format_currency

    lang = language()
    try:
        text = format_currency(value, currency, format=_currency_pattern(lang, digits), locale=lang,
                               currency_digits=False)
    except (UnknownCurrencyError, ValueError):
        text = f"{number(value, digits)}\u00a0{currency}"
    return _sign(text, value, signed)


def compact_money(value: float | None, currency: str | None = None, *, signed: bool = False) -> str:
    """Short money for cards: 134,250,000 -> 134.25 M RUB (en), 134,25 млн ₽ (ru)."""
    if not _finite(value):
        return NAN_TEXT
    value = float(value) + 0.0
    if abs(value) < 10_000:
        return money(value, currency, signed=signed)
    from babel.numbers import format_compact_currency, format_compact_decimal

    lang = language()
    digits = 2 if abs(value) >= 1e6 else 1
    if lang == "en":
        text = format_compact_decimal(value, locale=lang, fraction_digits=digits)
        for suffix, spaced in (("K", "\u00a0k"), ("M", "\u00a0M"), ("B", "\u00a0bn"), ("T", "\u00a0tn")):
            if text.endswith(suffix):
                text = text[: -len(suffix)] + spaced
                break
        text = f"{text}\u00a0{currency}" if currency else text
    elif currency:
        try:
            text = format_compact_currency(value, currency, locale=lang, fraction_digits=digits)
        except ValueError:
            text = f"{format_compact_decimal(value, locale=lang, fraction_digits=digits)}\u00a0{currency}"
    else:
        text = format_compact_decimal(value, locale=lang, fraction_digits=digits)
    return _sign(text, value, signed)


def formatted(value: float | None, spec: str) -> str:
    """A number by a Python format spec (`.3g`, `+,.2f`, `+.2%`) in the language's conventions."""
    if not _finite(value):
        return NAN_TEXT
    kind = spec[-1:] if spec[-1:].isalpha() or spec[-1:] == "%" else ""
    return localise_number(format(value, spec), kind)


def hours(value: float | None, digits: int = 1) -> str:
    """Hours with one decimal (as worked, not as counted)."""
    return number(value, digits)


__all__ = ["NAN_TEXT", "compact_money", "count", "formatted", "hours", "money", "number", "percent"]
