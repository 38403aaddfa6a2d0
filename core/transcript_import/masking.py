"""Tokens masked before a transcript reached us, kept as redaction marks; ours run on the rest.

Masked tokens (``MASK``): a run of two or more mask symbols (▲▲▲, ***, ＊＊＊, ○○○, ■■ ...),
a whole word of three or more X (XXX, xxxx), and a bracketed label without digits ([이름],
[고객명], [PII] as Contact Lens writes it). A bracketed label that is one of our own markers
([전화번호]) is left to ``redact``, which reports it with its kind (PHONE rather than MASKED).
A single masked letter inside a name (홍*동) is not recognised: it may be a star said aloud.

Each masked token stands in for one placeholder character while ``redact`` runs, so that a
number is never joined across it and our markers' offsets can be moved back past it.
"""

from __future__ import annotations

import re

from core.pii import REDACTION_MARKERS, PiiKind
from core.redaction import Redacted, redact
from core.transcript import RedactionSpan

_SYMBOLS = "▲△▼▽■□●○◯◆◇★☆*＊"
MASK = re.compile(
    rf"[{re.escape(_SYMBOLS)}]{{2,}}"
    r"|(?<![A-Za-z0-9])[Xx]{3,}(?![A-Za-z0-9])"
    r"|\[[^\[\]\d\n]{1,20}\]"
)
"""A token masked upstream."""

_PLACEHOLDER = "\ue000"
"""A private-use character: not a digit, letter or separator, so no number runs across it."""
_OURS = frozenset(REDACTION_MARKERS.values())


def masked_tokens(text: str) -> list[re.Match[str]]:
    """The tokens of ``text`` masked upstream, in order (our own markers excluded)."""
    return [m for m in MASK.finditer(text) if m.group() not in _OURS]


def redact_imported(text: str) -> Redacted:
    """``text`` with upstream masks kept as MASKED spans and our redaction run over the rest;
    spans in order, offsets into the returned text."""
    text = text.replace(_PLACEHOLDER, "")  # no meaning in a transcript; would confuse the merge
    masks = masked_tokens(text)
    if not masks:
        return redact(text)
    parts: list[str] = []
    at = 0
    for mask in masks:
        parts += (text[at : mask.start()], _PLACEHOLDER)
        at = mask.end()
    parts.append(text[at:])
    ours = redact("".join(parts))
    return _put_back(ours, [mask.group() for mask in masks])


def _put_back(ours: Redacted, tokens: list[str]) -> Redacted:
    """``ours`` with each placeholder replaced by its token again, and the spans merged."""
    pieces = ours.text.split(_PLACEHOLDER)
    if len(pieces) != len(tokens) + 1:
        raise AssertionError(f"redaction removed a placeholder: {ours.text!r}")
    text_parts: list[str] = []
    spans: list[RedactionSpan] = []
    pending = list(ours.spans)
    shift = 0  # how much longer the final text is than ``ours.text`` so far
    placeholder_at = 0  # offset in ``ours.text``
    for i, piece in enumerate(pieces):
        piece_end = placeholder_at + len(piece)
        while pending and pending[0].start < piece_end:
            span = pending.pop(0)
            spans.append(RedactionSpan(span.start + shift, span.end + shift, span.kind))
        text_parts.append(piece)
        if i < len(tokens):
            start = piece_end + shift
            spans.append(RedactionSpan(start, start + len(tokens[i]), PiiKind.MASKED))
            text_parts.append(tokens[i])
            shift += len(tokens[i]) - 1
        placeholder_at = piece_end + 1
    return Redacted("".join(text_parts), tuple(spans))
