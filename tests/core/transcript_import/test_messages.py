from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.i18n import CATALOG
from core.transcript_import import ImportFormat, Rejection, detect_format, rejection_message
from tests.core.transcript_import.reading import SAMPLES, read_sample

SOURCES = Path(__file__).parents[3] / "core" / "transcript_import"


def test_every_key_the_importer_raises_is_in_the_catalog() -> None:
    used = set()
    for module in SOURCES.glob("*.py"):
        used |= set(re.findall(r'"(transcript_import\.[a-z_]+)"', module.read_text()))
    used |= {"transcript_import.duplicate_line", "transcript_import.duplicate_record"}
    assert used - set(CATALOG) == set()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_sample_rejection_reads_as_a_sentence_with_its_place(lang: str) -> None:
    messages = []
    for sample in sorted(SAMPLES.iterdir()):
        fmt = detect_format(sample.name, sample.read_bytes()[:4096])
        items = read_sample(sample.name, fmt)
        messages += [rejection_message(i, lang) for i in items if isinstance(i, Rejection)]
    assert len(messages) >= 10
    assert all("{" not in message for message in messages)


def test_unknown_speaker_message_names_the_line_the_speaker_and_accepted_names() -> None:
    items = read_sample("utterances.csv", ImportFormat.UTTERANCES_CSV)
    unknown = next(i for i in items if isinstance(i, Rejection) and "speaker" in i.key)
    assert rejection_message(unknown) == (
        "9행(통화 U-3): 화자 '보호자'를 상담사/고객으로 알 수 없습니다 "
        "(상담사: 상담사, 상담원, agent, 직원 / 고객: 손님, 고객, customer, 고객님)"
    )
    assert rejection_message(unknown, "en").startswith("Line 9 (call U-3): Speaker '보호자'")
