"""Reading the hand-written sample files under samples/."""

from __future__ import annotations

from pathlib import Path

from core.transcript_import import ImportedConversation, ImportFormat, Rejection, read_transcripts

SAMPLES = Path(__file__).parent / "samples"


def read_sample(name: str, fmt: ImportFormat, **kwargs) -> list[ImportedConversation | Rejection]:
    with (SAMPLES / name).open("rb") as stream:
        return list(read_transcripts(stream, format=fmt, **kwargs))


def by_id(items: list) -> dict[str, ImportedConversation]:
    return {item.source_id: item for item in items if isinstance(item, ImportedConversation)}


def rejections(items: list) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]
