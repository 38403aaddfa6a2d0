"""Reference data a fresh install needs: scorecard, rules, prompts, scenarios, voice actors.

``seed_reference`` inserts what is missing, matched on each table's unique key, and leaves
rows that are already there alone (an admin may have edited them since).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.domain import DeploymentStatus, Environment, TransferQueue
from core.flow.model import Flow
from db.default_rules import add_missing, install_default_rules
from db.demo.phrases import COMPANY_NAME
from db.models import (
    Deployment,
    Prompt,
    PronunciationEntry,
    Scenario,
    ScenarioDraft,
    ScenarioVersion,
    VoiceActor,
)

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

# What takes read in place of the variables above.
PROMPT_EXAMPLES = {
    "queue": "사고접수", "wait_minutes": "3", "callback_time": "30분",
    "customer_name": "홍길동", "amount": "35,000", "due_date": "3월 25일",
}  # fmt: skip

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
    rules = install_default_rules(session=session, company_name=COMPANY_NAME)
    prompts = []
    for code, text, tags, description in PROMPTS:
        variables = re.findall(r"\{(\w+)\}", text)
        prompts.append(Prompt(code=code, text=text, tags=tags, variables=variables,
                              examples={name: PROMPT_EXAMPLES[name] for name in variables},
                              description=description))  # fmt: skip
    actors = [VoiceActor(name=name, gender=gender, notes=notes, consent_given_by=name, consent_at=at,
                         consent_scope=CONSENT_SCOPE)
              for name, gender, notes, at in VOICE_ACTORS]  # fmt: skip
    summary = ReferenceSummary(
        scorecard_items=rules.scorecard_items,
        compliance_rules=rules.compliance_rules,
        politeness_rules=rules.politeness_rules,
        prompts=add_missing(session, [Prompt.code], prompts),
        pronunciations=add_missing(session, [PronunciationEntry.term],
                                    [PronunciationEntry(term=t, reading=r) for t, r in PRONUNCIATIONS]),
        scenarios=0,
        voice_actors=add_missing(session, [VoiceActor.name], actors),
    )  # fmt: skip
    session.flush()  # the scenarios refer to the prompts by id
    return dataclasses.replace(summary, scenarios=_seed_scenarios(session))


def _seed_scenarios(session: Session) -> int:
    prompts = session.execute(select(Prompt.code, Prompt.id, Prompt.text)).all()
    prompt_ids = {code: prompt_id for code, prompt_id, _ in prompts}
    prompt_texts = {code: text for code, _, text in prompts}
    have = set(session.scalars(select(Scenario.name)))
    added = 0
    for name, description, variables, nodes, edges, deploy in SCENARIOS:
        if name in have:
            continue
        flow = {
            "variables": list(variables),
            "nodes": [_node(n, prompt_ids, prompt_texts) for n in nodes],
            "edges": [
                {"id": f"e{i}", "source": s, "target": t, "label": label}
                for i, (s, t, label) in enumerate(edges, 1)
            ],
        }
        flow = Flow.from_dict(flow).to_dict()  # stored as the editor saves; malformed fails here
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


def _menu(*options: tuple[str, str], timeout_s: float = 5, retries: int = 2) -> dict:
    """A menu's fields: its options as (key, what it is for), each with an exit edge."""
    return {"options": [{"key": key, "label": label} for key, label in options],
            "timeout_s": timeout_s, "retries": retries}  # fmt: skip


BUSINESS_HOURS = {"test": "business_hours", "open_days": ["mon", "tue", "wed", "thu", "fri"],
                  "open_time": "09:00", "close_time": "18:00"}  # fmt: skip

# name, description, variables given by the call (on top of the system ones), nodes (id, kind,
# label, prompt code, position, kind-specific fields), edges (source, target, exit), deployed to
# dev. The main menu bounds its retry loop with a "limit" exit; the accident menu does not, so
# the demo shows the loop warning.
SCENARIOS = (
    ("대표번호 메인 메뉴", "1588 대표번호 인입: 운영 시간 확인 후 사고접수·보험금청구·계약·상담원 분기", (), (
        ("n1", "start", "시작", None, (0, 0), {}),
        ("n2", "message", "환영 인사", "main.welcome", (0, 150), {}),
        ("n3", "condition", "상담 시간인가", None, (0, 300), BUSINESS_HOURS),
        ("n4", "menu", "메인 메뉴", "main.menu", (0, 450),
         _menu(("1", "사고 접수"), ("2", "보험금 청구"), ("3", "계약 조회·변경"), ("0", "상담원 연결"))),
        ("n5", "transfer", "사고접수 연결", "common.transfer", (-520, 600), {"queue": TransferQueue.ACCIDENT.value}),
        ("n6", "input", "증권번호 입력", "claim.policy_input", (-260, 600),
         {"variable": "policy_no", "min_length": 10, "max_length": 10, "timeout_s": 10, "retries": 2}),
        ("n7", "message", "청구 서류 안내", "claim.documents", (-260, 750), {}),
        ("n8", "transfer", "보험 상담 연결", "common.transfer", (0, 900), {"queue": TransferQueue.INSURANCE.value}),
        ("n9", "transfer", "상담원 연결", "common.transfer", (260, 600), {"queue": TransferQueue.GENERAL.value}),
        ("n10", "message", "잘못 누름", "common.invalid", (520, 450), {}),
        ("n11", "message", "입력 시간 초과", "common.timeout", (520, 750), {}),
        ("n12", "message", "업무 시간 외 안내", "hours.closed", (520, 300), {}),
        ("n13", "end", "종료", "common.goodbye", (520, 900), {}),
    ), (
        ("n1", "n2", ""), ("n2", "n3", ""), ("n3", "n4", "true"), ("n3", "n12", "false"),
        ("n4", "n5", "1"), ("n4", "n6", "2"), ("n4", "n8", "3"), ("n4", "n9", "0"),
        ("n4", "n10", "invalid"), ("n4", "n11", "timeout"), ("n4", "n9", "limit"), ("n10", "n4", ""),
        ("n6", "n7", ""), ("n6", "n11", "timeout"), ("n6", "n10", "invalid"), ("n7", "n8", ""),
        ("n11", "n13", ""), ("n12", "n13", ""),
    ), True),
    ("사고접수·긴급출동", "24시간 사고 접수: 긴급출동은 차량 확인 후 위치 문자, 사고 접수는 상담원 연결", ("customer_name",), (
        ("n1", "start", "시작", None, (0, 0), {}),
        ("n2", "menu", "사고·긴급출동 메뉴", "accident.menu", (0, 150),
         _menu(("1", "긴급출동"), ("2", "사고 접수 상담원 연결"))),
        ("n3", "input", "차량 번호 뒤 네 자리", "accident.car_input", (-260, 300),
         {"variable": "car_no_last4", "min_length": 4, "max_length": 4, "terminator": "",
          "timeout_s": 8, "retries": 2}),
        ("n4", "message", "위치 확인 문자 안내", "accident.location_sms", (-260, 450), {}),
        ("n5", "transfer", "긴급출동 연결", "common.transfer", (-260, 600), {"queue": TransferQueue.EMERGENCY.value}),
        ("n6", "transfer", "사고접수 상담원", "common.transfer", (260, 300), {"queue": TransferQueue.ACCIDENT.value}),
        ("n7", "message", "잘못 누름", "common.invalid", (260, 150), {}),
        ("n8", "message", "입력 시간 초과", "common.timeout", (0, 600), {}),
        ("n9", "end", "종료", "common.goodbye", (0, 750), {}),
    ), (
        ("n1", "n2", ""), ("n2", "n3", "1"), ("n2", "n6", "2"), ("n2", "n7", "invalid"),
        ("n2", "n8", "timeout"), ("n7", "n2", ""), ("n3", "n4", ""), ("n3", "n8", "timeout"),
        ("n3", "n7", "invalid"), ("n4", "n5", ""), ("n8", "n9", ""),
    ), False),
    ("보험료 납입 안내(아웃바운드)", "출금 예정 안내 후 가상계좌 납부 또는 상담원 연결", ("customer_name", "amount", "due_date"), (
        ("n1", "start", "시작", None, (0, 0), {}),
        ("n2", "message", "납입 예정 안내", "payment.due", (0, 150), {}),
        ("n3", "menu", "납입 메뉴", "payment.menu", (0, 300), _menu(("1", "가상계좌 납부"), ("0", "상담원 연결"))),
        ("n4", "message", "가상계좌 문자 발송", None, (-260, 450),
         {"prompt_text": "가상계좌 번호를 문자로 보내 드렸습니다. 감사합니다."}),
        ("n5", "transfer", "수납 상담원 연결", "common.transfer", (260, 450), {"queue": TransferQueue.GENERAL.value}),
        ("n6", "end", "종료", "common.goodbye", (0, 600), {}),
        ("n7", "message", "잘못 누름", "common.invalid", (260, 300), {}),
    ), (
        ("n1", "n2", ""), ("n2", "n3", ""), ("n3", "n4", "1"), ("n3", "n5", "0"),
        ("n3", "n7", "invalid"), ("n7", "n3", ""), ("n3", "n6", "timeout"), ("n3", "n6", "limit"),
        ("n4", "n6", ""),
    ), False),
)  # fmt: skip
