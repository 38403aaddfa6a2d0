"""Showing untrusted text (transcripts, LLM output, comments) in Streamlit's Markdown safely.

``st.markdown`` reads Markdown, Streamlit's own directives (``:red[...]``, ``:material/x:``,
emoji shortcodes) and ``$...$`` LaTeX. ``literal`` backslash-escapes every ASCII punctuation
character, which CommonMark defines as "this character, as itself": links, emphasis, HTML
tags, directives and formulas in the text all come out as the characters they are.
"""

from __future__ import annotations

import string

_PUNCTUATION = frozenset(string.punctuation)
"""CommonMark's escapable characters: exactly the ASCII punctuation."""


def literal(text: str) -> str:
    """``text`` as Markdown source that renders as exactly ``text``: lines stay lines, their
    leading blanks are dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Indentation would make a code block; a lone newline would join two lines, while two
    # trailing spaces make it a line break.
    return "  \n".join(
        "".join(f"\\{ch}" if ch in _PUNCTUATION else ch for ch in line.lstrip(" \t"))
        for line in lines
    )


def clock(seconds: float | None) -> str:
    """mm:ss from the start of the call (minutes go past 59 rather than adding hours)."""
    if seconds is None:
        return "-"
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"
