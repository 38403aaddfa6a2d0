"""The analysis rules every install starts with: the QA scorecard, the script-compliance rules
and the politeness rules. Admins edit them afterwards; installing again only adds rows that are
missing (matched on each table's unique key) and never overwrites an edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.domain import CallCategory
from core.scorecard import ScorecardItemSpec
from db.models import ComplianceRule, PolitenessRule, ScorecardItem

DEFAULT_COMPANY = "한빛손해보험"
"""The company name written in the default greeting phrases; replaced by the configured one."""

# code, 한국어, English, weight (the weights add up to 100), what a reviewer looks for
SCORECARD_ITEMS = (
    ("greeting", "첫인사", "Greeting", 10, "회사명과 상담사 이름을 밝히며 인사했는가"),
    (
        "identity_check",
        "본인 확인",
        "Identity check",
        15,
        "업무 처리 전에 계약자 본인인지 확인했는가",
    ),
    (
        "needs_discovery",
        "니즈 파악",
        "Needs discovery",
        15,
        "문의 목적을 정확히 파악하고 재확인했는가",
    ),
    ("accuracy", "안내 정확성", "Accuracy", 20, "약관과 절차에 맞게 정확히 안내했는가"),
    ("empathy", "공감 표현", "Empathy", 10, "고객의 상황에 공감하고 감정을 배려했는가"),
    ("politeness", "언어 예절", "Politeness", 15, "존댓말과 쿠션어를 쓰고 무례한 표현이 없었는가"),
    (
        "hold_etiquette",
        "대기 예절",
        "Hold etiquette",
        5,
        "대기 전 양해를 구하고 대기 후 감사 인사를 했는가",
    ),
    ("closing", "끝인사", "Closing", 10, "추가 문의를 확인하고 상담사 이름으로 마무리했는가"),
)

# category (None: every call), code, 한국어, English, stage, phrases an agent says to meet it
COMPLIANCE_RULES = (
    (None, "greeting_company", "회사명 인사", "Greets with the company name", "opening",
     ["안녕하십니까, 한빛손해보험", "감사합니다, 한빛손해보험", "한빛손해보험 상담사"]),
    (None, "self_introduction", "상담사 소개", "Agent gives their name", "opening", ["상담사"]),
    (None, "identity_verification", "본인 확인", "Verifies the caller's identity", "identity",
     ["본인 확인을 위해", "본인 확인 도와드리겠습니다", "본인 확인되었습니다"]),
    (None, "closing_offer", "추가 문의 확인", "Offers further help before closing", "closing",
     ["더 궁금하신 점은 없으신가요", "다른 문의 사항은 없으실까요", "추가로 궁금하신 점 있으신가요"]),
    (CallCategory.ACCIDENT, "injury_check", "부상자 확인", "Asks about injuries", "notice",
     ["다치신 분은 없으신가요", "다치신 분 계신가요", "다치신 분은 없으시죠"]),
    (CallCategory.ACCIDENT, "accident_number_notice", "접수번호 안내", "Gives the claim number",
     "notice", ["접수번호는 문자로 보내 드리고", "사고 접수번호는 문자로 안내해 드리겠습니다"]),
    (CallCategory.CLAIM, "required_documents", "구비 서류 안내", "Lists the documents needed",
     "notice", ["진료비 영수증과 진료비 세부내역서가 필요하고요"]),
    (CallCategory.CLAIM, "payout_timeline", "지급 예정일 안내", "Says when the claim is paid",
     "notice", ["영업일 기준 3일 이내에 지급 예정"]),
    (CallCategory.CONTRACT_CHANGE, "recording_notice", "녹취 고지", "Announces the recording",
     "notice", ["계약 변경 확인을 위해 녹취됩니다", "통화 내용이 녹취되는 점 양해 부탁드립니다"]),
    (CallCategory.CANCELLATION, "refund_notice", "해지환급금 안내", "Warns about the surrender value",
     "notice", ["해지환급금이 납입하신 보험료보다 적거나 없을 수 있습니다",
                "환급금은 납입하신 보험료보다 적거나 없을 수 있다"]),
    (CallCategory.CANCELLATION, "recording_notice", "녹취 고지", "Announces the recording", "notice",
     ["해지 의사 확인을 위해 지금부터 통화 내용이 녹취됩니다"]),
    (CallCategory.PAYMENT, "payment_date_notice", "출금일 안내", "States the debit date", "notice",
     ["보험료는 매월", "일에 출금됩니다"]),
)  # fmt: skip

# kind, score change, expressions
POLITENESS_RULES = (
    ("cushion", 2.0, ("실례지만", "괜찮으시다면", "번거로우시겠지만", "죄송하지만", "양해 부탁드립니다")),
    ("apology", 2.0, ("죄송합니다", "불편을 드려", "오래 기다리셨습니다")),
    ("empathy", 3.0, ("많이 놀라셨겠습니다", "답답하셨겠습니다", "충분히 이해합니다", "그러셨군요")),
    ("rude", -5.0, ("아니 그러니까요", "아까 말씀드렸잖아요", "제 담당 아니", "빨리 말씀하세요",
                    "홈페이지 보세요", "어쩔 수 없어요", "잠깐만")),
    ("forbidden", -10.0, ("몰라요", "규정이 그래", "알았어", "해 줄게요", "끊을게요")),
    # Speech-level penalties: one row each; the expression only names them for admins.
    ("banmal", -5.0, ("반말",)),
    ("no_honorific", -2.0, ("존칭 누락",)),
)  # fmt: skip


DEFAULT_SCORECARD = tuple(
    ScorecardItemSpec(code=c, name_ko=ko, name_en=en, description=d, weight=w)
    for c, ko, en, w, d in SCORECARD_ITEMS
)
"""The default scorecard as the evaluators take it (before an admin edits the table)."""


@dataclass(frozen=True, slots=True)
class RulesInstalled:
    scorecard_items: int
    compliance_rules: int
    politeness_rules: int


def install_default_rules(*, session: Session, company_name: str) -> RulesInstalled:
    """Add the default rules that are missing; the caller commits."""
    scorecard = [ScorecardItem(code=c, name_ko=ko, name_en=en, weight=w, description=d, sort_order=i)
                 for i, (c, ko, en, w, d) in enumerate(SCORECARD_ITEMS)]  # fmt: skip
    compliance = [
        ComplianceRule(category=cat, code=c, name_ko=ko, name_en=en, stage=st,
                       phrases=[p.replace(DEFAULT_COMPANY, company_name) for p in phrases])
        for cat, c, ko, en, st, phrases in COMPLIANCE_RULES
    ]  # fmt: skip
    politeness = [PolitenessRule(kind=kind, expression=e, score_delta=delta)
                  for kind, delta, expressions in POLITENESS_RULES for e in expressions]  # fmt: skip
    return RulesInstalled(
        scorecard_items=add_missing(session, [ScorecardItem.code], scorecard),
        compliance_rules=add_missing(session, [ComplianceRule.category, ComplianceRule.code],
                                     compliance),
        politeness_rules=add_missing(session, [PolitenessRule.kind, PolitenessRule.expression],
                                     politeness),
    )  # fmt: skip


def add_missing(session: Session, key: list[InstrumentedAttribute], rows: list[Any]) -> int:
    """Add the rows whose unique ``key`` is not in the table yet; returns how many."""
    have = {tuple(row) for row in session.execute(select(*key))}
    missing = [row for row in rows if tuple(getattr(row, c.key) for c in key) not in have]
    session.add_all(missing)
    return len(missing)
