"""Reading an uploaded file as text, a line at a time, without holding the whole file.

Encoding: UTF-8, with or without BOM. Korean Excel saves CSV as CP949 by default, so a file
whose first 64 KiB are not UTF-8 but are CP949 is read as CP949 (Korean text in CP949 is
practically never valid UTF-8, so the test is reliable when the head has any Korean in it).
A file that is neither is refused. A line that later fails to decode, or is longer than the
limit, is reported as broken (its record is rejected); the lines after it still read.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from typing import IO, AnyStr

from core.errors import UserError

HEAD_BYTES = 64 * 1024
"""How much of a file is looked at to tell its encoding."""

BROKEN_LINE = "\n"
"""What a broken line is read as (an empty line), so that parsing goes on past it."""


class Lines:
    """The lines of a stream, numbered from 1, with the broken ones noted.

    Iterating yields each line as text (with its newline); ``line`` is the number of the line
    last yielded, and ``broken`` maps line numbers to the (key, params) of why they broke."""

    def __init__(self, stream: IO[bytes] | IO[str], *, max_line_bytes: int) -> None:
        self._max = max_line_bytes
        self.line = 0
        self.broken: dict[int, tuple[str, dict[str, str]]] = {}
        head = stream.read(HEAD_BYTES)
        if isinstance(head, str):
            self.encoding = "utf-8"
            self._text: IO[str] | None = _TextReplay(head, stream)  # type: ignore[arg-type]
            self._bytes: IO[bytes] | None = None
        else:
            self.encoding = sniff_encoding(head)
            self._text = None
            self._bytes = io.BufferedReader(_Replay(head, stream))  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[str]:
        return self._text_lines() if self._text is not None else self._byte_lines()

    def _byte_lines(self) -> Iterator[str]:
        assert self._bytes is not None
        readline, limit = self._bytes.readline, self._max
        encoding = self.encoding
        while raw := readline(limit + 1):
            self.line += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                _skip_rest(readline, limit, b"\n")
                self.broken[self.line] = ("transcript_import.line_too_long", {"max": str(limit)})
                yield BROKEN_LINE
                continue
            if self.line == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                self.broken[self.line] = ("transcript_import.line_not_text", {})
                yield BROKEN_LINE

    def _text_lines(self) -> Iterator[str]:
        assert self._text is not None
        readline, limit = self._text.readline, self._max
        while text := readline(limit + 1):
            self.line += 1
            if len(text) > limit and not text.endswith("\n"):
                _skip_rest(readline, limit, "\n")
                self.broken[self.line] = ("transcript_import.line_too_long", {"max": str(limit)})
                yield BROKEN_LINE
                continue
            yield text.removeprefix("\ufeff") if self.line == 1 else text


def _skip_rest(readline: Callable[[int], AnyStr], limit: int, newline: AnyStr) -> None:
    """Read past the rest of an overlong line without keeping it."""
    while (chunk := readline(limit)) and not chunk.endswith(newline):
        pass


def sniff_encoding(head: bytes) -> str:
    """``utf-8`` or ``cp949`` for a file starting with ``head``; neither raises UserError."""
    for encoding in ("utf-8", "cp949"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UserError("transcript_import.not_text")


def read_document(stream: IO[bytes] | IO[str], *, max_bytes: int) -> str:
    """A whole (JSON) document as text; one larger than ``max_bytes`` is refused."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UserError("transcript_import.document_too_large", max_mb=str(max_bytes >> 20))
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    encoding = sniff_encoding(data[:HEAD_BYTES])
    try:
        return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        raise UserError("transcript_import.not_text_at", position=str(error.start)) from error


class _Replay(io.RawIOBase):
    """``head`` (already read) and then the rest of ``stream``, as one raw byte stream."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _TextReplay(io.TextIOBase):
    """``head`` (already read) and then the rest of the text ``stream``, for ``readline``."""

    def __init__(self, head: str, stream: IO[str]) -> None:
        self._head = io.StringIO(head)
        self._stream = stream
        self._in_head = True

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        if self._in_head:
            text = self._head.readline(size)
            if text.endswith("\n") or (size >= 0 and len(text) >= size):
                return text
            self._in_head = False
            rest = self._stream.readline(size - len(text) if size >= 0 else -1)
            return text + rest
        return self._stream.readline(size)
