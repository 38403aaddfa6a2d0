"""Reference data a fresh install needs: scorecard, rules, prompts, scenarios, voice actors.

``seed_reference`` inserts what is missing, matched on each table's unique key, and leaves
rows that are already there alone (an admin may have edited them since).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.domain import CallCategory, DeploymentStatus, Environment, TransferQueue
from db.models import (
    ComplianceRule,
    Deployment,
    PolitenessRule,
    Prompt,
    PronunciationEntry,
    Scenario,
    ScenarioDraft,
    ScenarioVersion,
    ScorecardItem,
    VoiceActor,
)

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

# code, text ({variables} are filled at call time), tags, what it is for
PROMPTS = (
    ("main.welcome", "안녕하십니까, 한빛손해보험입니다. 상담 품질 향상을 위해 통화 내용이 녹음됩니다.", ["대표번호", "인사"], "대표번호 첫 안내"),
    ("main.menu", "사고 접수는 1번, 보험금 청구는 2번, 계약 조회·변경은 3번, 상담원 연결은 0번을 눌러 주세요.", ["대표번호", "메뉴"], "메인 메뉴"),
    ("common.invalid", "잘못 누르셨습니다. 다시 선택해 주세요.", ["공통", "오류"], "메뉴에 없는 번호"),
    ("common.timeout", "입력 시간이 초과되었습니다. 처음부터 다시 이용해 주세요.", ["공통", "오류"], "입력 없음"),
    ("common.transfer", "{queue} 상담원에게 연결해 드리겠습니다. 잠시만 기다려 주십시오.", ["공통", "연결"], "상담원 연결"),
    ("common.wait", "지금은 통화량이 많아 연결이 지연되고 있습니다. 예상 대기 시간은 {wait_minutes}분입니다.", ["공통", "대기"], "대기 안내"),
    ("common.callback", "기다리지 않고 전화를 받으시려면 1번을 눌러 주세요. {callback_time} 안에 연락드리겠습니다.", ["공통", "콜백"], "콜백 예약"),
    ("common.goodbye", "이용해 주셔서 감사합니다. 오늘도 안전 운전하십시오.", ["공통", "종료"], "끝인사"),
    ("claim.policy_input", "증권번호 열 자리를 입력하신 후 우물 정자를 눌러 주세요.", ["보험금청구", "입력"], "증권번호 입력"),
    ("claim.documents", "보험금 청구 서류는 한빛손해보험 앱이나 홈페이지에서 사진으로 접수하실 수 있습니다.", ["보험금청구", "안내"], "청구 서류 안내"),
    ("accident.menu", "긴급출동은 1번, 사고 접수 상담원 연결은 2번을 눌러 주세요.", ["사고접수", "메뉴"], "사고·긴급출동 메뉴"),
    ("accident.car_input", "차량 번호 뒤 네 자리를 눌러 주세요.", ["사고접수", "입력"], "차량 번호 입력"),
    ("accident.location_sms", "{customer_name} 고객님 휴대폰으로 위치 확인 문자를 보내 드렸습니다. 링크를 눌러 위치를 보내 주세요.", ["사고접수", "긴급출동"], "위치 확인 문자"),
    ("hours.closed", "지금은 상담 시간이 아닙니다. 상담 시간은 평일 오전 9시부터 오후 6시까지입니다. 사고 접수와 긴급출동은 24시간 가능합니다.", ["운영시간"], "업무 시간 외"),
    ("payment.due", "{customer_name} 고객님, 이번 달 보험료 {amount}원이 {due_date}에 출금될 예정입니다.", ["납입", "아웃바운드"], "납입 예정 안내"),
    ("payment.menu", "지금 가상계좌로 납부하시려면 1번, 상담원 연결은 0번을 눌러 주세요.", ["납입", "메뉴"], "납입 메뉴"),
)  # fmt: skip

PRONUNCIATIONS = (
    ("KB", "케이비"), ("ARS", "에이알에스"), ("SMS", "에스엠에스"), ("CCTV", "씨씨티비"),
    ("IC", "아이씨"), ("K5", "케이파이브"), ("CI", "씨아이"), ("1588", "일오팔팔"),
    ("#", "우물 정자"), ("*", "별표"), ("㈜", "주식회사"), ("km", "킬로미터"),
)  # fmt: skip

SEOUL = ZoneInfo("Asia/Seoul")
VOICE_ACTORS = (
    ("서지원", "female", "밝고 또렷한 안내 톤, 대표번호 메뉴 녹음 담당",
     datetime(2025, 3, 14, 10, 30, tzinfo=SEOUL)),
    ("한도윤", "male", "차분한 저음, 사고접수·긴급출동 안내 담당", datetime(2025, 4, 2, 15, 0, tzinfo=SEOUL)),
)  # fmt: skip
CONSENT_SCOPE = (
    "한빛손해보험 ARS 안내 멘트 합성에 한하여 본인 음성의 녹음, 음성 복제 모델 학습 및 합성음 사용에 "
    "동의함. 광고·외부 판매 사용 불가. 계약 종료 시 복제 모델 폐기."
)


@dataclass(frozen=True, slots=True)
class ReferenceSummary:
    """Rows ``seed_reference`` inserted (zero where they were all there already)."""

    scorecard_items: int
    compliance_rules: int
    politeness_rules: int
    prompts: int
    pronunciations: int
    scenarios: int
    voice_actors: int


def seed_reference(*, session: Session) -> ReferenceSummary:
    """Insert the reference rows that are missing; the caller commits."""
    scorecard = [ScorecardItem(code=c, name_ko=ko, name_en=en, weight=w, description=d, sort_order=i)
                 for i, (c, ko, en, w, d) in enumerate(SCORECARD_ITEMS)]  # fmt: skip
    compliance = [ComplianceRule(category=cat, code=c, name_ko=ko, name_en=en, stage=st, phrases=ph)
                  for cat, c, ko, en, st, ph in COMPLIANCE_RULES]  # fmt: skip
    politeness = [PolitenessRule(kind=kind, expression=e, score_delta=delta)
                  for kind, delta, expressions in POLITENESS_RULES for e in expressions]  # fmt: skip
    prompts = [Prompt(code=c, text=t, tags=tags, variables=re.findall(r"\{(\w+)\}", t), description=d)
               for c, t, tags, d in PROMPTS]  # fmt: skip
    actors = [VoiceActor(name=name, gender=gender, notes=notes, consent_given_by=name, consent_at=at,
                         consent_scope=CONSENT_SCOPE)
              for name, gender, notes, at in VOICE_ACTORS]  # fmt: skip
    summary = ReferenceSummary(
        scorecard_items=_add_missing(session, [ScorecardItem.code], scorecard),
        compliance_rules=_add_missing(session, [ComplianceRule.category, ComplianceRule.code], compliance),
        politeness_rules=_add_missing(session, [PolitenessRule.kind, PolitenessRule.expression], politeness),
        prompts=_add_missing(session, [Prompt.code], prompts),
        pronunciations=_add_missing(session, [PronunciationEntry.term],
                                    [PronunciationEntry(term=t, reading=r) for t, r in PRONUNCIATIONS]),
        scenarios=0,
        voice_actors=_add_missing(session, [VoiceActor.name], actors),
    )  # fmt: skip
    session.flush()  # the scenarios refer to the prompts by id
    return dataclasses.replace(summary, scenarios=_seed_scenarios(session))


def _add_missing(session: Session, key: list[InstrumentedAttribute], rows: list[Any]) -> int:
    """Add the rows whose unique ``key`` is not in the table yet; returns how many."""
    have = {tuple(row) for row in session.execute(select(*key))}
    missing = [row for row in rows if tuple(getattr(row, c.key) for c in key) not in have]
    session.add_all(missing)
    return len(missing)


def _seed_scenarios(session: Session) -> int:
    prompts = session.execute(select(Prompt.code, Prompt.id, Prompt.text)).all()
    prompt_ids = {code: prompt_id for code, prompt_id, _ in prompts}
    prompt_texts = {code: text for code, _, text in prompts}
    have = set(session.scalars(select(Scenario.name)))
    added = 0
    for name, description, nodes, edges, deploy in SCENARIOS:
        if name in have:
            continue
        flow = {
            "nodes": [_node(n, prompt_ids, prompt_texts) for n in nodes],
            "edges": [
                {"id": f"e{i}", "source": s, "target": t, "label": label}
                for i, (s, t, label) in enumerate(edges, 1)
            ],
        }
        scenario = Scenario(name=name, description=description)
        session.add(scenario)
        session.flush()
        version = ScenarioVersion(scenario_id=scenario.id, number=1, flow=flow, comment="최초 버전")
        session.add_all([ScenarioDraft(scenario_id=scenario.id, flow=flow, revision=1,
                                       based_on_version=1), version])  # fmt: skip
        session.flush()
        if deploy:
            session.add(Deployment(scenario_id=scenario.id, version_id=version.id,
                                   environment=Environment.DEV, status=DeploymentStatus.ACTIVE,
                                   note="데모 초기 배포"))  # fmt: skip
        added += 1
    session.flush()
    return added


def _node(spec: tuple, prompt_ids: dict[str, int], prompt_texts: dict[str, str]) -> dict:
    node_id, kind, label, prompt, (x, y), extra = spec
    return {
        "id": node_id,
        "kind": kind,
        "label": label,
        "prompt_id": prompt_ids.get(prompt) if prompt else None,
        "prompt_text": prompt_texts.get(prompt, "") if prompt else "",
        "position": {"x": x, "y": y},
        **extra,
    }


_MENU = {"timeout_s": 5, "retries": 2}

# name, description, nodes (id, kind, label, prompt code, position, kind-specific fields),
# edges (source, target, label), deployed to dev
SCENARIOS = (
    ("대표번호 메인 메뉴", "1588 대표번호 인입: 운영 시간 확인 후 사고접수·보험금청구·계약·상담원 분기", (
        ("n1", "start", "시작", None, (0, 0), {}),
        ("n2", "message", "환영 인사", "main.welcome", (0, 120), {}),
        ("n3", "condition", "상담 시간인가", None, (0, 240), {"variable": "is_business_hours"}),
        ("n4", "menu", "메인 메뉴", "main.menu", (0, 360), _MENU),
        ("n5", "transfer", "사고접수 연결", "common.transfer", (-420, 520), {"queue": TransferQueue.ACCIDENT.value}),
        ("n6", "input", "증권번호 입력", "claim.policy_input", (-140, 520),
         {"variable": "policy_no", "min_length": 10, "max_length": 10, "timeout_s": 10, "retries": 2}),
        ("n7", "message", "청구 서류 안내", "claim.documents", (-140, 660), {}),
        ("n8", "transfer", "보험 상담 연결", "common.transfer", (140, 520), {"queue": TransferQueue.INSURANCE.value}),
        ("n9", "transfer", "상담원 연결", "common.transfer", (420, 520), {"queue": TransferQueue.GENERAL.value}),
        ("n10", "message", "잘못 누름", "common.invalid", (300, 360), {}),
        ("n11", "message", "입력 시간 초과", "common.timeout", (300, 660), {}),
        ("n12", "message", "업무 시간 외 안내", "hours.closed", (300, 240), {}),
        ("n13", "end", "종료", "common.goodbye", (0, 800), {}),
    ), (
        ("n1", "n2", ""), ("n2", "n3", ""), ("n3", "n4", "true"), ("n3", "n12", "false"),
        ("n4", "n5", "1"), ("n4", "n6", "2"), ("n4", "n8", "3"), ("n4", "n9", "0"),
        ("n4", "n10", "invalid"), ("n4", "n11", "timeout"), ("n10", "n4", ""),
        ("n6", "n7", ""), ("n6", "n11", "timeout"), ("n6", "n10", "invalid"), ("n7", "n8", ""),
        ("n11", "n13", ""), ("n12", "n13", ""),
    ), True),
    ("사고접수·긴급출동", "24시간 사고 접수: 긴급출동은 차량 확인 후 위치 문자, 사고 접수는 상담원 연결", (
        ("n1", "start", "시작", None, (0, 0), {}),
        ("n2", "menu", "사고·긴급출동 메뉴", "accident.menu", (0, 120), _MENU),
        ("n3", "input", "차량 번호 뒤 네 자리", "accident.car_input", (-200, 260),
         {"variable": "car_no_last4", "min_length": 4, "max_length": 4, "timeout_s": 8, "retries": 2}),
        ("n4", "message", "위치 확인 문자 안내", "accident.location_sms", (-200, 400), {}),
        ("n5", "transfer", "긴급출동 연결", "common.transfer", (-200, 540), {"queue": TransferQueue.EMERGENCY.value}),
        ("n6", "transfer", "사고접수 상담원", "common.transfer", (200, 260), {"queue": TransferQueue.ACCIDENT.value}),
        ("n7", "message", "잘못 누름", "common.invalid", (200, 120), {}),
        ("n8", "message", "입력 시간 초과", "common.timeout", (0, 540), {}),
        ("n9", "end", "종료", "common.goodbye", (0, 680), {}),
    ), (
        ("n1", "n2", ""), ("n2", "n3", "1"), ("n2", "n6", "2"), ("n2", "n7", "invalid"),
        ("n2", "n8", "timeout"), ("n7", "n2", ""), ("n3", "n4", ""), ("n3", "n8", "timeout"),
        ("n3", "n7", "invalid"), ("n4", "n5", ""), ("n8", "n9", ""),
    ), False),
    ("보험료 납입 안내(아웃바운드)", "출금 예정 안내 후 가상계좌 납부 또는 상담원 연결", (
        ("n1", "start", "시작", None, (0, 0), {}),
        ("n2", "message", "납입 예정 안내", "payment.due", (0, 120), {}),
        ("n3", "menu", "납입 메뉴", "payment.menu", (0, 240), _MENU),
        ("n4", "message", "가상계좌 문자 발송", None, (-200, 380),
         {"prompt_text": "가상계좌 번호를 문자로 보내 드렸습니다. 감사합니다."}),
        ("n5", "transfer", "수납 상담원 연결", "common.transfer", (200, 380), {"queue": TransferQueue.GENERAL.value}),
        ("n6", "end", "종료", "common.goodbye", (0, 520), {}),
    ), (
        ("n1", "n2", ""), ("n2", "n3", ""), ("n3", "n4", "1"), ("n3", "n5", "0"),
        ("n3", "n6", "timeout"), ("n3", "n6", "invalid"), ("n4", "n6", ""),
    ), False),
)  # fmt: skip
