"""The language catalogue: every marked message has a Russian translation with the same
placeholders, plural forms are complete, and numbers follow each language's conventions."""

from __future__ import annotations

import pytest

from planner import formatting as fmt
from planner.i18n import N_, catalogue, ngettext, placeholders, po_path, tr, using
from planner.i18n_catalogue import extracted_messages, russian_catalogue


@pytest.fixture(scope="module")
def messages():
    return extracted_messages()


@pytest.fixture(scope="module")
def russian():
    return russian_catalogue()


def test_every_message_has_a_russian_translation_with_the_same_placeholders(messages, russian):
    missing, broken, fuzzy = [], [], []
    for msgid, (where, plural) in messages.items():
        entry = russian.get(msgid)
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            missing.append(f"{where}: {msgid!r}")
            continue
        if entry.fuzzy:
            fuzzy.append(f"{where}: {msgid!r}")
        wanted = placeholders(msgid) | (placeholders(plural) if plural else set())
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for form in forms:
            if placeholders(form) != wanted:
                broken.append(f"{where}: {msgid!r} -> {form!r}")
    assert not missing, f"{len(missing)} messages without a Russian translation:\n" + "\n".join(missing[:40])
    assert not broken, "translations that drop or add a placeholder:\n" + "\n".join(broken[:40])
    assert not fuzzy, "fuzzy (unchecked) translations:\n" + "\n".join(fuzzy[:40])


def test_the_catalogue_holds_no_message_the_code_no_longer_marks(messages, russian):
    """A message whose text changed leaves its old translation behind; stale entries hide which
    translations are live (`python scripts/po_merge.py --prune` deletes them)."""
    stale = [m.id for m in russian if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in messages]
    assert not stale, f"{len(stale)} stale translations (scripts/po_merge.py --prune):\n" + "\n".join(map(repr, stale[:20]))


def test_russian_plurals_have_three_forms(messages, russian):
    for msgid, (where, plural) in messages.items():
        if plural:
            entry = russian.get(msgid)
            assert entry is not None and isinstance(entry.string, tuple) and len(entry.string) == 3, (where, msgid)


def test_the_catalogue_file_parses_and_declares_russian_plural_rules():
    text = po_path("ru").read_text(encoding="utf-8")
    assert "nplurals=3" in text


def test_placeholders_are_read_with_their_format_specs():
    assert placeholders("one more hour of {g} is worth {v:,.2f} per {period}") == {"g", "v", "period"}
    assert placeholders("{{literal}} and {x!r}") == {"x"}


def test_numbers_in_messages_follow_the_language():
    table = catalogue({"m": N_("{v:,.2f} and {r:.1%} and {x:g}")})
    with using("en"):
        assert table["m"].format(v=1234.5, r=0.125, x=0.5) == "1,234.50 and 12.5% and 0.5"
    with using("ru"):
        assert table["m"].format(v=1234.5, r=0.125, x=0.5) == "1\u00a0234,50 and 12,5\u00a0% and 0,5"


def test_money_rates_and_counts_in_both_languages():
    with using("en"):
        assert fmt.money(1234567.891, "RUB", 2) == "1,234,567.89\u00a0RUB"
        assert fmt.percent(0.125, 1) == "12.5%"
        assert fmt.count(22.0) == "22" and fmt.count(22.667) == "22.7"
        assert fmt.compact_money(134_250_000, "RUB") == "134.25\u00a0M\u00a0RUB"
    with using("ru"):
        assert fmt.money(1234567.891, "RUB", 2) == "1\u00a0234\u00a0567,89\u00a0₽"
        assert fmt.percent(0.125, 1) == "12,5\u00a0%"
        assert fmt.number(1640.4, 2) == "1\u00a0640,40"
        assert fmt.compact_money(134_250_000, "RUB") == "134,25\u00a0млн\u00a0₽"


def test_russian_plural_forms_are_chosen_by_the_number():
    with using("ru"):
        forms = [ngettext("{n:,} client", "{n:,} clients", n).format(n=n) for n in (1, 2, 5, 21, 1.5)]
    with using("en"):
        english = [ngettext("{n:,} client", "{n:,} clients", n).format(n=n) for n in (1, 2)]
    assert english == ["1 client", "2 clients"]
    assert forms == ["1 клиент", "2 клиента", "5 клиентов", "21 клиент", "1,5 клиента"]


def test_tr_fills_placeholders_in_the_current_language():
    with using("en"):
        assert tr("{n} client", n=1) == "1 client"
