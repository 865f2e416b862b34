"""User text inside Streamlit Markdown: shown as it is written, never as formatting.

Streamlit renders `st.markdown`, `st.error`, `st.caption`, labels and captions as Markdown, with
its own extensions: `:smile:` emoji and `:material/icon:` codes, `:red[text]` colours and `$...$`
LaTeX. A segment name, a file name or a message quoting a cell is user text: `md(text)` escapes
what could format it (emphasis, code, links, HTML, maths, tables, strike-through, block markers
at a line's start) and breaks the colon codes with a zero-width space, so `**x**`,
`[link](url)`, `:x:` and `$x$` appear literally. Ordinary text (`segments[0].clients: must be
>= 0`, `revenue_12m`) keeps its look in the page's source.
"""

from __future__ import annotations

import re

_ZERO_WIDTH_SPACE = "\u200b"
_ALWAYS = re.compile(r"([\\`*$~|]|<(?=[A-Za-z/!?]))")
_WORD_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_LINE_START = re.compile(r"^(\s*)([#+=>-])", re.MULTILINE)
_LINE_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_COLON_CODE = re.compile(r":(?=[\w/])")


def md(text: object) -> str:
    """`text` escaped for Streamlit Markdown."""
    out = _ALWAYS.sub(r"\\\1", str(text))
    out = _WORD_EDGE_UNDERSCORE.sub(r"\\_", out)
    out = out.replace("](", "]\\(").replace("[", "\\[") if "](" in out else out
    out = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out)
    out = _LINE_NUMBER.sub(lambda m: m.group(1) + "\\" + m.group(2), out)
    return _COLON_CODE.sub(":" + _ZERO_WIDTH_SPACE, out)


def code(text: object) -> str:
    """`text` as inline code: backticks inside cannot end the span."""
    body = str(text).replace("`", "'")
    return f"`{body}`"


__all__ = ["code", "md"]
