"""Personal data in transcripts: the kinds the redaction pipeline removes, and what it leaves."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum


class PiiKind(StrEnum):
    """A kind of personal data the redaction pipeline removes from what was said."""

    RRN = "rrn"  # 주민등록번호, the resident registration number
    PHONE = "phone"
    CARD = "card"
    ACCOUNT = "account"
    EMAIL = "email"
    MASKED = "masked"  # masked before it reached us (▲▲▲, ***, [이름]): the kind is unknown


REDACTION_MARKERS: dict[PiiKind, str] = {
    PiiKind.RRN: "[주민등록번호]",
    PiiKind.PHONE: "[전화번호]",
    PiiKind.CARD: "[카드번호]",
    PiiKind.ACCOUNT: "[계좌번호]",
    PiiKind.EMAIL: "[이메일]",
}
"""What a redacted transcript holds in place of each kind of personal data. MASKED has none:
the token masked upstream is kept as it was written."""


def customer_key_hash(customer_key: str, *, secret: str) -> str:
    """A stable pseudonym for a customer (their phone or customer number), for repeat-call
    counting without keeping the number. Keyed (HMAC-SHA256): a plain hash of a phone number
    is reversed by trying all 10^8 mobile numbers. Digits only, so "010-1234-5678" and
    "01012345678" are the same customer; keys without digits are used as typed."""
    digits = "".join(ch for ch in customer_key if ch.isdigit())
    material = digits or customer_key.strip()
    if not material:
        raise ValueError("empty customer key")
    return hmac.new(secret.encode(), material.encode(), hashlib.sha256).hexdigest()
