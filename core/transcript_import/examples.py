"""Small example files of each layout a person can write by hand or export to, offered for
download on the import page with one of the centre's own agents in them, so that the example
imports as it is (each reads without a rejection: tests/core/transcript_import)."""

from __future__ import annotations

from core.transcript_import.model import ImportFormat

RECORDS_CSV = """\
source_id,agent,category,started_at,customer_key,direction,transcript
REC-0001,HB230001,사고접수,2025-03-04 09:12:00,010-1234-5678,inbound,"[00:00:01] 상담사: 네
한빛손해보험 상담사 김민준입니다 무엇을 도와드릴까요
[00:00:05] 손님: 아까 접촉 사고가 나서 접수하려고요
[00:00:09] 상담사: 많이 놀라셨겠습니다 다치신 분은 없으신가요"
REC-0002,HB230001,보험금청구,2025-03-04 09:30:00,,inbound,"상담사: 네 한빛손해보험입니다
손님: 치료비 청구 서류를 어디로 보내면 되나요
상담사: 앱에서 사진으로 올리시면 됩니다"
"""
"""One call per row; the transcript a block of speaker lines (times optional)."""

UTTERANCES_CSV = """\
call_id,speaker,start,end,text,agent,category,started_at
UTT-0001,상담사,0.0,3.4,네 한빛손해보험 김민준입니다,HB230001,계약변경,2025-03-05 14:00:00
UTT-0001,손님,3.9,7.2,주소를 바꾸려고 전화했어요,,,
UTT-0001,상담사,7.6,11.0,네 본인 확인 후 변경 도와드리겠습니다,,,
"""
"""One utterance per row, a call's rows together and in time order; the call's details on
its first row."""

RECORDS_JSONL = (
    '{"source_id": "JSN-0001", "agent": "HB230001", "category": "해지문의", '
    '"started_at": "2025-03-06T10:00:00+09:00", "transcript": "상담사: 네 한빛손해보험입니다\\n'
    '손님: 자동차보험 해지하려고요\\n상담사: 네 해지 사유를 여쭤봐도 될까요"}\n'
)
"""One call per line of JSON."""

EXAMPLE_AGENT = "HB230001"
"""The employee number the examples are written with."""

EXAMPLES: dict[ImportFormat, tuple[str, str]] = {
    ImportFormat.RECORDS_CSV: ("calls-example.csv", RECORDS_CSV),
    ImportFormat.UTTERANCES_CSV: ("utterances-example.csv", UTTERANCES_CSV),
    ImportFormat.RECORDS_JSONL: ("calls-example.jsonl", RECORDS_JSONL),
}
"""Layout -> (file name, content) of its example."""


def example_file(import_format: ImportFormat, agent: str | None = None) -> tuple[str, str]:
    """(file name, content) of the layout's example, naming ``agent`` (an employee number)."""
    name, content = EXAMPLES[import_format]
    return name, content.replace(EXAMPLE_AGENT, agent) if agent else content
