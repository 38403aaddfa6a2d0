"""Personal data in transcripts: the kinds the redaction pipeline removes, and what it leaves."""

from __future__ import annotations

from enum import StrEnum


class PiiKind(StrEnum):
    """A kind of personal data the redaction pipeline removes from what was said."""

    RRN = "rrn"  # 주민등록번호, the resident registration number
    PHONE = "phone"
    CARD = "card"
    ACCOUNT = "account"
    EMAIL = "email"


REDACTION_MARKERS: dict[PiiKind, str] = {
    PiiKind.RRN: "[주민등록번호]",
    PiiKind.PHONE: "[전화번호]",
    PiiKind.CARD: "[카드번호]",
    PiiKind.ACCOUNT: "[계좌번호]",
    PiiKind.EMAIL: "[이메일]",
}
"""What a redacted transcript holds in place of each kind of personal data."""
