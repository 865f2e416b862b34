"""The app's language: `?lang=ru` or the sidebar's switch (kept in the session, so it survives
reruns and page changes), else the working scenario's `language` (scenarios/ru-distributor.yaml
opens in Russian), else the system locale.

`choose()` runs at the start of every script run (app.py, before anything renders) and sets
`planner.i18n`'s language for the run; `switch()` draws the sidebar's selector. A chosen
language is written back to the URL (`?lang=ru`), so a reload or a shared link keeps it.
"""

from __future__ import annotations

import streamlit as st

from planner import i18n
from planner.ui.text import t

LANG = "lang"                  # session state: the language the user chose (URL or switch)
SEEN = "lang.query_seen"       # the last `?lang=` value taken from the URL
WIDGET = "side.lang"           # the sidebar's selector (not a "w." key: a new scenario keeps it)
SCENARIO = "scenario"          # planner.ui.state's working scenario (its `language`, if any)
CURRENT = "lang.current"       # the language of the session's last run (for widget callbacks)
NAMES = {"en": "English", "ru": "Русский"}  # each language in its own words


def choose() -> str:
    """The language of this run: `?lang=` or the switch (the session's choice), else the working
    scenario's `language`, else the system's. Only a choice is written back to the URL."""
    ss = st.session_state
    asked = st.query_params.get(LANG)
    chosen = i18n.normalise(asked)
    if chosen is not None and asked != ss.get(SEEN):
        ss[LANG] = chosen
    ss[SEEN] = asked
    explicit = i18n.normalise(ss.get(LANG))
    scenario = ss.get(SCENARIO)
    lang = explicit or getattr(scenario, "language", None) or i18n.system_language()
    i18n.set_language(lang)
    ss[CURRENT] = lang
    if explicit is not None and asked != explicit:
        st.query_params[LANG] = explicit
        ss[SEEN] = explicit
    return lang


def _session_language() -> str | None:
    """The language of the session whose script thread runs this (None outside a session)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    try:
        return ctx.session_state[CURRENT]
    except KeyError:
        return None


# A widget's callback runs before the script run sets the language: it reads the session's.
i18n.set_session_language(_session_language)


def _switched() -> None:
    ss = st.session_state
    value = ss.get(WIDGET)
    if value in i18n.LANGUAGES:
        ss[LANG] = value
        ss[SEEN] = value
        ss[CURRENT] = value
        st.query_params[LANG] = value
        i18n.set_language(value)


# Streamlit writes its file uploader's button and size note in English only; in another
# language they are redrawn by CSS (the widget's key names its container: `st-key-<key>`).
UPLOADERS = {"side.upload_scenario": ("MAX_SCENARIO_BYTES", "YAML, JSON"), "side.upload_table": ("MAX_TABLE_BYTES", "CSV, XLSX")}


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_css() -> str:
    """CSS that writes the uploaders' English button and note in the current language."""
    from planner.ui import state

    if i18n.language() == i18n.DEFAULT_LANGUAGE:
        return ""
    zone = '[data-testid="stFileUploaderDropzone"]'
    rules = [
        f'{zone} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p {{display: none}}',
        f'{zone} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]::after '
        f'{{content: {_css_text(t("side.upload_button"))}}}',
        f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span {{display: none}}',
    ]
    for key, (limit, types) in UPLOADERS.items():
        note = t("side.upload_limit", mb=f"{getattr(state, limit) / 2**20:g}", types=types)
        rules.append(f'.st-key-{key.replace(".", "-")} [data-testid="stFileUploaderDropzoneInstructions"] > div::after '
                     f'{{content: {_css_text(note)}; font-size: 0.875rem}}')
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def switch() -> None:
    """The sidebar's language selector (and the uploaders' texts in the language)."""
    css = uploader_css()
    if css:
        st.html(css)
    ss = st.session_state
    current = i18n.language()
    if ss.get(WIDGET) != current:
        ss[WIDGET] = current
    st.selectbox(
        t("side.language"),
        list(i18n.LANGUAGES),
        key=WIDGET,
        format_func=lambda code: NAMES.get(code, code),
        on_change=_switched,
    )


__all__ = ["choose", "switch"]
