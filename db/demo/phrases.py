"""The demo phrase bank: what agents and customers say, category by category.

Each template's ``{fields}`` are filled per call by ``db.demo.conversations``: ``{A}`` and
``{C}`` are the agent's and the customer's name slots, a kind of personal data (``{rrn}``,
``{phone}``, ...) becomes its redaction marker, ``{plate}`` a made-up number plate, and the
other fields a word from ``FILL_VALUES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.domain import CallCategory, TransferQueue

COMPANY_NAME = "한빛손해보험"
"""The fictional insurer every demo agent works for."""

Turn = tuple[str, ...]  # ("A" | "C" | "-", alternative, alternative, ...)
Exchange = tuple[Turn, ...]
Step = tuple[Exchange, ...]  # one of the exchanges is said


# A(...) and C(...) read like a script: who speaks, then the ways they may say it.
def A(*alternatives: str) -> Turn:
    return ("A", *alternatives)


def C(*alternatives: str) -> Turn:
    return ("C", *alternatives)


def say(*turns: Turn) -> Step:
    """A step with one way of saying it."""
    return (turns,)


def either(*exchanges: Exchange) -> Step:
    """A step said one of several ways."""
    return exchanges


HOLD_MARK: Turn = ("-", "hold")
"""Where a hold (20-90 s of music, nobody speaking) falls within an exchange."""

# The phrase bank: kept as written, one sentence per line, however wide Korean makes it.
# fmt: off

FILL_VALUES: dict[str, tuple[str, ...]] = {
    "place": ("강남역 사거리", "올림픽대로 잠실 방향", "판교 IC", "분당 서현역", "송도 센트럴파크", "둔산동 시청 교차로",
              "해운대 마린시티 입구", "인계동 대형마트 주차장", "일산 킨텍스", "상무지구 먹자골목", "경부고속도로 서초 IC",
              "동탄 호수공원"),
    "when": ("삼십 분 전", "한 시간 전", "오늘 아침 여덟 시", "출근길 일곱 시 반", "조금 전"),
    "vehicle": ("쏘나타", "아반떼", "그랜저", "K5", "카니발", "투싼", "모닝", "스포티지", "레이", "싼타페"),
    "ailment": ("허리 디스크", "급성 장염", "발목 골절", "백내장 수술", "대상포진", "교통사고 후 목 통증"),
    "hospital": ("동네 정형외과", "서울아산병원", "삼성서울병원", "분당서울대병원", "세브란스병원", "집 근처 내과"),
    "stay": ("사흘", "닷새", "일주일", "열흘"),
    "bank": ("국민은행", "신한은행", "우리은행", "하나은행", "농협", "카카오뱅크", "기업은행"),
    "product": ("한빛 다이렉트 자동차보험", "한빛 튼튼 실손의료보험", "한빛 안심 운전자보험", "한빛 든든 종합보험",
                "한빛 아이사랑 어린이보험"),
    "district": ("서울 마포구", "경기 용인시 수지구", "인천 연수구", "대구 수성구", "부산 해운대구", "세종시",
                 "경기 고양시 일산동구", "대전 서구", "광주 북구", "수원 영통구"),
    "amount": ("184,000", "326,500", "512,000", "1,284,000", "97,400", "2,150,000", "743,200"),
    "premium": ("38,400", "52,100", "67,900", "84,300", "121,000"),
    "month": ("3", "4", "5", "6", "7", "8", "9", "10", "11"),
    "payday": ("5", "10", "15", "20", "25"),
}
"""Words the templates' ``{fields}`` are filled with; one value per field per call."""

GREETINGS_INBOUND = (
    "안녕하십니까, 한빛손해보험 상담사 {A}입니다. 무엇을 도와드릴까요?",
    "감사합니다, 한빛손해보험 상담사 {A}입니다. 무엇을 도와드릴까요?",
    "반갑습니다, 고객님. 한빛손해보험 상담사 {A}입니다. 어떤 업무로 전화 주셨을까요?",
    "안녕하세요, 고객님. 한빛손해보험 상담사 {A}입니다. 무엇을 도와드릴까요?",
)
GREETINGS_OUTBOUND = (
    "안녕하십니까, 한빛손해보험 상담사 {A}입니다. {C} 고객님 되시죠? 지금 통화 괜찮으신가요?",
    "안녕하세요, 한빛손해보험 상담사 {A}입니다. 요청하신 상담 건으로 연락드렸는데 잠시 통화 가능하실까요?",
)
CURT_OPENINGS = ("네, 말씀하세요.", "네, 여보세요.", "네.", "네, 한빛이요.")
OUTBOUND_ACCEPT = say(C("네, 괜찮아요.", "네, 말씀하세요.", "아 네, 기다리고 있었어요."))
OUTBOUND_PURPOSE = ("지난번에 문의하신 {topic} 건 진행 상황 안내드리려고 연락드렸습니다.",
                    "접수하신 {topic} 건 관련해서 몇 가지 확인드릴 게 있어서 연락드렸습니다.")
OUTBOUND_REPLY = say(C("아 네, 어떻게 됐어요?", "네, 그렇지 않아도 궁금했어요."))
POLITE_REPEAT = ("지난주에 한 번 전화드렸던 건인데요, 다시 여쭤보려고요.",
                 "며칠 전에 상담받았던 건 때문에 다시 전화드렸어요.")
ANGRY_OPENINGS = (
    "지난번에도 전화했는데 왜 아직 처리가 안 됐어요?",
    "벌써 세 번째 전화하는 거예요. 도대체 언제 처리되는 거예요?",
    "어제도 전화했는데 담당자가 연락 준다더니 연락이 없네요.",
)
ANGRY_REMARKS = ("아니 그건 지난번에도 들었다니까요.", "매번 똑같은 말만 하시네요.", "이번에는 확실하게 처리해 주시는 거죠?",
                 "책임자 바꿔 주세요.")
POLITE_ANSWERS_TO_ANGRY = ("불편을 드려 정말 죄송합니다, 고객님.", "네, 이번에는 제가 직접 끝까지 챙기겠습니다.",
                           "충분히 이해합니다. 정말 죄송합니다.")
RUDE_ANSWERS_TO_ANGRY = ("아니 그러니까요, 아까 말씀드렸잖아요.", "저한테 그러셔도 어쩔 수 없어요.", "그건 제 담당 아니라니까요.")
APOLOGY_TO_ANGRY = say(
    A("여러 번 연락 주시게 해서 정말 죄송합니다. 이번에는 제가 끝까지 확인해서 처리해 드리겠습니다.",
      "불편을 드려 죄송합니다. 많이 답답하셨겠습니다. 바로 확인해 드리겠습니다."),
    C("네, 이번엔 꼭 좀 부탁드려요.", "빨리 좀 확인해 주세요."),
)
RUDE_REPLY_TO_ANGRY = say(
    A("아니 그러니까요, 저도 지금 확인하고 있잖아요.", "그건 제 담당 아니에요. 저한테 그러셔도 소용없어요."),
    C("말씀을 왜 그렇게 하세요?", "지금 저한테 짜증 내시는 거예요?"),
)
RUDE_REMARKS = ("아니 그러니까요, 아까 말씀드렸잖아요.", "그건 제 담당 아니에요.", "빨리 말씀하세요, 뒤에 대기 많아요.",
                "그거 안 돼. 규정이 그래.", "알았어요, 알았어. 해 줄게요.", "몰라요, 그건 홈페이지 보세요.")
IDENTITY = either(
    (A("본인 확인을 위해 계약자분 성함과 주민등록번호 말씀 부탁드립니다."),
     C("{C}이고요, 주민번호는 {rrn}입니다.", "네, {C}입니다. 주민번호는 {rrn}이요."),
     A("네, {C} 고객님 본인 확인되었습니다. 감사합니다.", "확인 감사합니다, {C} 고객님.")),
    (A("먼저 본인 확인 도와드리겠습니다. 성함과 휴대폰 번호 말씀해 주시겠어요?"),
     C("{C}입니다. 번호는 {phone}이에요.", "네, 연락처는 {phone}이고 이름은 {C}입니다."),
     A("확인 감사합니다, {C} 고객님.", "네, {C} 고객님 본인 확인되었습니다.")),
)
HOLD = say(
    A("확인해 보겠습니다. 잠시만 기다려 주시겠습니까?", "전산 조회가 필요해서요, 잠시만 기다려 주시겠습니까?",
      "담당 부서에 확인해 보고 말씀드리겠습니다. 잠시만 기다려 주시겠습니까?"),
    C("네.", "네, 기다릴게요."),
    HOLD_MARK,
    A("기다려 주셔서 감사합니다.", "오래 기다리셨습니다. 확인 결과 말씀드리겠습니다."),
)
RUDE_HOLD = say(A("잠깐만요.", "잠깐만, 찾아볼게요."), C("네..."), HOLD_MARK, A("네, 보니까요.", "찾았어요."))
GENERIC_EXTRAS: tuple[Step, ...] = (
    say(C("그럼 처리되면 문자로 알려 주시는 거죠?"), A("네, 처리되는 대로 문자로 안내해 드리겠습니다.")),
    say(C("앱에서도 확인할 수 있나요?"), A("네, 한빛손해보험 앱에 로그인하시면 '나의 계약' 메뉴에서 확인하실 수 있습니다.")),
    say(C("시간이 얼마나 걸려요?", "오래 걸리나요?"), A("보통 영업일 기준 3일에서 5일 정도 소요됩니다.")),
    say(C("담당자분 직통 번호를 알 수 있을까요?"), A("담당자 배정되면 문자로 연락처를 보내 드리겠습니다.")),
    say(C("상담 내용을 이메일로도 받을 수 있나요?"), A("네, 이메일 주소 말씀해 주시겠어요?"),
        C("{email}입니다.", "네, {email}로 보내 주세요."), A("네, 오늘 중으로 발송해 드리겠습니다.")),
)
TRANSFERS = ("말씀하신 건은 {queue} 담당 부서에서 도와드릴 수 있습니다. 지금 바로 연결해 드리겠습니다. 잠시만 기다려 주십시오.",
             "정확한 안내를 위해 {queue} 담당자에게 연결해 드리겠습니다. 연결되는 동안 잠시만 기다려 주세요.")
RUDE_TRANSFERS = ("그건 제 담당 아니에요. {queue} 쪽으로 돌려 드릴게요.",)
TRANSFER_ACCEPT = say(C("네, 연결해 주세요.", "네, 알겠습니다.", "또 돌리시는 거예요?"))
QUEUE_NAMES = {TransferQueue.GENERAL: "일반 상담", TransferQueue.INSURANCE: "보험 상품",
               TransferQueue.ACCIDENT: "사고접수", TransferQueue.EMERGENCY: "긴급출동"}
CLOSING = say(
    A("더 궁금하신 점은 없으신가요?", "다른 문의 사항은 없으실까요?", "혹시 추가로 궁금하신 점 있으신가요?"),
    C("아니요, 없어요. 감사합니다.", "네, 없습니다. 수고하세요.", "네, 그렇게 해 주세요. 고맙습니다."),
    A("감사합니다, 상담사 {A}이었습니다. 좋은 하루 되십시오.", "오늘도 안전 운전하십시오. 상담사 {A}이었습니다.",
      "이용해 주셔서 감사합니다. 지금까지 상담사 {A}이었습니다."),
)
ANGRY_CLOSING = say(A("더 궁금하신 점은 없으신가요?"), C("됐어요. 이번엔 꼭 처리해 주세요."),
                    A("네, 불편을 드려 죄송합니다. 상담사 {A}이었습니다."))
CURT_CLOSING = say(C("네, 알겠습니다."), A("네, 끊을게요.", "네.", "네, 수고하세요."))

# fmt: on


@dataclass(frozen=True, slots=True)
class Script:
    """One kind of matter within a category, e.g. a change of address."""

    requests: tuple[str, ...]
    follow_ups: tuple[str, ...]  # what a repeat caller says about the same matter
    core: tuple[tuple[Step, float], ...]  # each step with the share of calls it appears in


@dataclass(frozen=True, slots=True)
class CategoryScript:
    topic: str
    scripts: tuple[Script, ...]
    notices: tuple[Step, ...]  # what the compliance rules of the category require
    extras: tuple[Step, ...]
    hold_share: float
    transfer_share: float
    transfer_queues: tuple[TransferQueue, ...]


def _script(
    requests: tuple[str, ...], follow_ups: tuple[str, ...], *core: Step | tuple[Step, float]
) -> Script:
    steps = tuple(s if len(s) == 2 and isinstance(s[1], float) else (s, 1.0) for s in core)
    return Script(requests, follow_ups, steps)  # type: ignore[arg-type]


# fmt: off
_INJURY = say(A("많이 놀라셨겠습니다. 먼저 다치신 분은 없으신가요?", "우선 고객님 몸은 괜찮으신가요? 다치신 분 계신가요?"),
              C("다친 사람은 없는 것 같아요.", "목이 좀 뻐근하긴 한데 괜찮아요.", "상대방 운전자분이 허리가 아프다고 하세요."))
_ACCOUNT_ANSWER = C("{bank} {account}입니다.", "{bank}이고요, 계좌번호는 {account}입니다.")
_PAYOUT_ACCOUNT = say(A("보험금 받으실 계좌 말씀해 주시겠어요?", "보험금 받으실 계좌는 본인 명의로 말씀 부탁드립니다."), _ACCOUNT_ANSWER)
_REFUND_ACCOUNT = say(A("환급금 받으실 계좌 말씀해 주시겠어요?", "해지환급금은 본인 명의 계좌로만 받으실 수 있습니다. 계좌 말씀해 주시겠어요?"), _ACCOUNT_ANSWER)

SCRIPTS: dict[CallCategory, CategoryScript] = {
    CallCategory.ACCIDENT: CategoryScript(
        topic="사고 접수",
        scripts=(
            _script(("{place}에서 접촉사고가 났는데요, 사고 접수 좀 하려고요.", "방금 {place}에서 뒤차가 제 차를 박았어요. 어떻게 해야 돼요?",
                     "{place}에서 신호 대기 중에 추돌 사고가 났습니다. 접수 부탁드려요."),
                    ("어제 사고 접수했는데 아직 담당자 연락이 없어서요.", "지난주에 접수한 사고 건이 어떻게 되고 있는지 궁금해서요."),
                    _INJURY,
                    say(A("사고 장소와 시간을 말씀해 주시겠어요?", "사고 나신 곳이 정확히 어디신가요?"),
                        C("{place}이고요, {when}쯤이었어요.", "{place} 근처예요. {when}쯤 났어요.")),
                    (say(A("운전하신 차량 차종과 번호 말씀해 주시겠어요?"), C("차는 {vehicle}이고 번호는 {plate}입니다.")), 0.9),
                    (either((A("상대 차량 보험사는 확인하셨을까요?"), C("네, 상대방도 자기 보험사에 접수한다고 했어요.")),
                            (A("상대방 운전자분 연락처는 받아 두셨어요?"), C("네, 명함 받아 뒀어요.", "아니요, 경황이 없어서 못 받았어요."))), 0.7),
                    (say(A("차량 운행은 가능하신가요? 견인이 필요하시면 긴급출동 보내 드리겠습니다."),
                         C("운행은 할 수 있을 것 같아요.", "범퍼가 떨어져서 견인 불러 주셔야 할 것 같아요.")), 0.5),
                    (say(A("담당 보상 직원이 연락드릴 번호가 지금 거신 번호 맞으실까요?"),
                         C("아니요, 다른 번호로 연락 주세요. {phone}입니다.", "네, 이 번호로 주시면 돼요.")), 0.6)),
            _script(("주차해 둔 차를 누가 긁고 도망갔어요. 사고 접수하려고요.", "아파트 주차장에 세워 둔 차가 찌그러져 있어서요."),
                    ("주차장 사고 접수한 건 CCTV 확인이 어떻게 됐는지 궁금해서요.",),
                    say(A("혹시 다치신 분은 없으시죠?"), C("네, 차만 긁혔어요.")),
                    say(A("차량 파손 부위가 어디신가요?"), C("운전석 문 쪽이 길게 긁혔어요.", "뒤 범퍼가 움푹 들어갔어요.")),
                    say(A("주변 CCTV나 블랙박스 영상은 있으신가요?"), C("관리사무소에 CCTV 요청해 놨어요.", "제 블랙박스엔 안 찍혔어요.")),
                    (say(A("가해 차량을 찾지 못하면 자기차량손해 담보로 처리하실 수 있습니다."), C("그럼 자기부담금은 내야 하는 거죠?")), 0.8)),
        ),
        notices=(say(A("사고 접수 완료되었습니다. 접수번호는 문자로 보내 드리고, 담당 보상 직원이 오늘 중으로 연락드릴 예정입니다.",
                       "접수 처리되었습니다. 사고 접수번호는 문자로 안내해 드리겠습니다."), C("네, 알겠습니다.", "네, 감사합니다.")),),
        extras=(say(C("제 보험료가 올라가나요?"), A("사고 처리 결과에 따라 다음 갱신 때 할증될 수 있습니다. 정확한 금액은 갱신 시점에 안내드리겠습니다.")),
                say(C("렌터카도 지원되나요?"), A("상대방 과실이 있는 경우 수리 기간 동안 대차 서비스를 받으실 수 있습니다.")),
                say(C("과실 비율은 언제 정해져요?"), A("양측 보험사 담당자가 블랙박스 영상 확인 후 협의하게 됩니다. 보통 1~2주 걸립니다.")),
                say(C("블랙박스 영상은 어떻게 보내요?"), A("담당자 배정 후 문자로 업로드 링크를 보내 드립니다."))),
        hold_share=0.3, transfer_share=0.12, transfer_queues=(TransferQueue.EMERGENCY, TransferQueue.ACCIDENT),
    ),
    CallCategory.CLAIM: CategoryScript(
        topic="보험금 청구",
        scripts=(
            _script(("병원 치료비 보험금 청구하려고 하는데요.", "실손보험 청구는 어떻게 하나요?",
                     "지난달에 입원했던 거 보험금 받을 수 있나 해서요.", "아이가 다쳐서 치료받았는데 보험 청구가 되는지 궁금해서요."),
                    ("서류를 다 보냈는데 아직도 보험금이 안 들어왔어요.", "보험금 청구한 지 일주일이 넘었는데 심사 중이라고만 나와요.",
                     "추가 서류 내라고 문자가 왔는데 뭘 더 내야 하는 건지 모르겠어요."),
                    say(A("어떤 치료를 받으셨는지 말씀해 주시겠어요?", "언제, 어떤 치료를 받으셨을까요?"),
                        C("{ailment} 때문에 {hospital}에서 {stay} 입원했어요.", "{ailment} 때문에 {hospital}에서 통원 치료를 받았어요.")),
                    say(A("청구하실 때는 진료비 영수증과 진료비 세부내역서가 필요하고요, 입원하셨으면 입퇴원 확인서도 같이 보내 주셔야 합니다."),
                        C("서류는 어떻게 보내요?", "병원에서 다 떼 왔어요. 어디로 보내면 돼요?"),
                        A("한빛손해보험 앱이나 홈페이지에서 사진으로 올리시거나 팩스로 보내 주시면 됩니다.")),
                    (_PAYOUT_ACCOUNT, 0.8),
                    (say(A("확인해 보니 청구 가능 금액은 약 {amount}원으로 예상됩니다."), C("생각보다 적네요.", "네, 알겠습니다.")), 0.5)),
        ),
        notices=(say(A("서류 접수 후 영업일 기준 3일 이내에 지급 예정이며, 심사 결과는 문자로 안내드립니다."),
                     C("네, 알겠습니다.", "3일이요? 네, 기다릴게요.")),),
        extras=(say(C("영수증을 잃어버렸는데 어떡하죠?"), A("병원 원무과에서 재발급받으실 수 있습니다. 사본도 괜찮습니다.")),
                say(C("작년에 치료받은 것도 청구할 수 있나요?"), A("네, 보험금 청구는 사고일로부터 3년 이내에 하시면 됩니다.")),
                say(C("비급여 항목도 보장되나요?"), A("가입하신 {product}은 비급여 항목도 자기부담금을 제외하고 보장됩니다."))),
        hold_share=0.45, transfer_share=0.05, transfer_queues=(TransferQueue.INSURANCE,),
    ),
    CallCategory.CONTRACT_CHANGE: CategoryScript(
        topic="계약 변경",
        scripts=(
            _script(("이사를 해서 주소 변경하려고요.", "주소가 바뀌어서 변경하려고 전화했어요."), ("지난번에 주소 변경 신청했는데 우편물이 아직 예전 주소로 와요.",),
                    say(A("새 주소 말씀해 주시겠어요?"), C("{district}로 이사했어요. 상세 주소는 문자로 보내 드릴게요.")),
                    say(A("네, 주소 변경 처리해 드렸습니다. 우편물은 새 주소로 발송됩니다."), C("네, 감사합니다."))),
            _script(("사망보험금 수익자를 배우자로 바꾸고 싶은데요.",), ("수익자 변경 동의서 보냈는데 처리가 됐는지 궁금해서요.",),
                    say(A("수익자 변경은 피보험자분의 서면 동의가 필요합니다. 동의서 양식을 문자로 보내 드릴까요?"), C("네, 보내 주세요.")),
                    say(A("작성하셔서 앱으로 올려 주시면 처리해 드리겠습니다."), C("네, 오늘 올릴게요."))),
            _script(("차를 바꿔서 자동차보험 차량 변경하려고요.",), ("차량 변경 신청했는데 보험증권에 예전 차로 나와서요.",),
                    say(A("새로 구입하신 차량 차종과 번호 말씀해 주시겠어요?"), C("{vehicle}이고요, 번호는 {plate}입니다.")),
                    say(A("차량 변경에 따라 보험료가 {premium}원 추가로 발생합니다."), C("네, 그렇게 해 주세요.", "생각보다 많이 오르네요."))),
            _script(("연락처가 바뀌어서 변경하려고요.",), ("번호 바꿨는데 문자가 아직 예전 번호로 가나 봐요.",),
                    say(A("변경하실 번호 말씀해 주시겠어요?"), C("{phone}로 바꿔 주세요.")),
                    say(A("네, 연락처 변경되었습니다. 변경 확인 문자가 발송됩니다."), C("네, 확인할게요."))),
        ),
        notices=(say(A("지금부터 말씀하시는 내용은 계약 변경 확인을 위해 녹취됩니다.",
                       "계약 변경 확인을 위해 통화 내용이 녹취되는 점 양해 부탁드립니다."), C("네.", "네, 괜찮아요.")),),
        extras=(say(C("변경된 증권은 언제 받을 수 있어요?"), A("변경 처리 후 이메일로 바로 발송되고, 우편은 일주일 정도 걸립니다.")),),
        hold_share=0.3, transfer_share=0.04, transfer_queues=(TransferQueue.INSURANCE,),
    ),
    CallCategory.CANCELLATION: CategoryScript(
        topic="해지 상담",
        scripts=(
            _script(("보험료가 너무 부담돼서 해지하려고요.", "보험 해지하려고 하는데요."), ("해지 신청한 건 환급금이 아직 안 들어와서요.",),
                    say(A("혹시 보험료가 부담되시면 감액 완납이나 납입 일시중지 제도도 있습니다. 안내해 드릴까요?"),
                        C("아니요, 그냥 해지할게요.", "그런 게 있어요? 그럼 그걸로 알아볼게요.")),
                    (_REFUND_ACCOUNT, 0.6)),
            _script(("다른 보험사로 옮기려고 하는데 해지하면 얼마 돌려받아요?",), ("지난번에 해지 환급금 물어봤던 건인데요.",),
                    say(A("확인해 보니 현재 예상 해지환급금은 {amount}원입니다."), C("낸 거에 비하면 너무 적네요.", "네, 그 정도면 괜찮네요.")),
                    (_REFUND_ACCOUNT, 0.6)),
            _script(("차를 팔아서 자동차보험 해지하려고요.",), ("차량 매도로 해지 신청했는데 서류가 부족하다고 연락이 왔어요.",),
                    say(A("차량을 매도하셨으면 남은 기간 보험료는 일할 계산해서 환급됩니다. 매매 계약서나 이전 등록증을 보내 주셔야 합니다."),
                        C("네, 앱으로 올리면 되죠?")),
                    (_REFUND_ACCOUNT, 0.7)),
        ),
        notices=(say(A("중도에 해지하시면 해지환급금이 납입하신 보험료보다 적거나 없을 수 있습니다.",
                       "해지 시 환급금은 납입하신 보험료보다 적거나 없을 수 있다는 점 꼭 안내드립니다."),
                     C("네, 알고 있어요.", "그래요? 얼마나 적은데요?")),
                 say(A("해지 의사 확인을 위해 지금부터 통화 내용이 녹취됩니다. 해지를 원하시는 게 맞으실까요?"), C("네, 맞습니다."))),
        extras=(say(C("나중에 다시 가입할 수 있나요?"), A("네, 가능하지만 그때 나이와 건강 상태로 다시 심사하게 되어 보험료가 달라질 수 있습니다.")),),
        hold_share=0.35, transfer_share=0.05, transfer_queues=(TransferQueue.INSURANCE,),
    ),
    CallCategory.PAYMENT: CategoryScript(
        topic="보험료 납입",
        scripts=(
            _script(("이번 달 보험료가 두 번 빠져나간 것 같아요.",), ("중복 출금된 보험료 환불이 아직 안 됐어요.",),
                    say(A("불편을 드려 죄송합니다. 출금 내역 확인해 보겠습니다."), C("네.")),
                    say(A("확인해 보니 {month}월분이 중복 출금되었습니다. 영업일 기준 2일 안에 환불해 드리겠습니다."), C("네, 꼭 부탁드려요."))),
            _script(("자동이체 계좌를 바꾸고 싶어요.",), ("계좌 변경했는데 예전 계좌에서 또 빠져나갔어요.",),
                    say(A("변경하실 은행과 계좌번호 말씀해 주시겠어요?"), C("{bank} {account}로 바꿔 주세요.")),
                    say(A("네, 다음 달 출금분부터 변경된 계좌에서 출금됩니다."), C("네, 알겠습니다."))),
            _script(("보험료를 카드로 낼 수 있나요?",), ("카드 납부로 바꿨는데 승인이 안 됐다고 문자가 왔어요.",),
                    say(A("네, 카드 납부 가능합니다. 카드번호 불러 주시겠어요?"), C("{card}입니다.", "네, {card}이요.")),
                    say(A("등록되었습니다. 다음 회차부터 카드로 결제됩니다."), C("네, 감사합니다."))),
            _script(("보험료 미납 안내 문자를 받았는데요.",), ("미납 보험료 냈는데 또 미납 문자가 왔어요.",),
                    say(A("확인해 보니 {month}월분 보험료 {premium}원이 미납 상태입니다."), C("통장 잔액이 부족했나 봐요. 지금 바로 낼 수 있어요?")),
                    say(A("가상계좌로 납부 가능하고요, 계좌번호는 문자로 보내 드리겠습니다."), C("네, 보내 주세요."))),
        ),
        notices=(say(A("참고로 보험료는 매월 {payday}일에 출금됩니다.", "보험료는 매월 {payday}일에 출금되는 점 참고 부탁드립니다."), C("네.", "네, 알겠어요.")),),
        extras=(say(C("밀린 보험료 때문에 계약이 해지되지는 않죠?"), A("납입 유예 기간 안에 내시면 계약은 그대로 유지됩니다.")),),
        hold_share=0.4, transfer_share=0.03, transfer_queues=(TransferQueue.GENERAL,),
    ),
    CallCategory.GENERAL: CategoryScript(
        topic="문의",
        scripts=(
            _script(("제 보험이 어디까지 보장되는지 알고 싶어서요.",), ("지난번에 보장 내용 물어봤는데 다시 확인하고 싶어서요.",),
                    say(A("가입하신 {product}은 상해 입원과 수술비, 일상생활배상책임까지 보장됩니다."), C("운동하다 다친 것도 되나요?")),
                    say(A("네, 상해로 인한 치료라면 보장 대상입니다."), C("아 다행이네요."))),
            _script(("보험 가입 증명서를 발급받고 싶은데요.",), ("증명서 보내 주신다고 했는데 아직 못 받았어요.",),
                    say(A("이메일로 보내 드릴까요, 우편으로 보내 드릴까요?"), C("이메일로 보내 주세요. {email}입니다.")),
                    say(A("네, 오늘 중으로 발송해 드리겠습니다."), C("네, 감사합니다."))),
            _script(("가까운 고객센터가 어디 있나요?",), ("고객센터 위치 물어봤었는데 다시 여쭤볼게요.",),
                    say(A("고객님 계신 곳이 어디신가요?"), C("{district}에 살아요.")),
                    say(A("{district}에도 한빛손해보험 고객센터가 있고요, 평일 오전 9시부터 오후 6시까지 운영합니다."), C("네, 알겠습니다."))),
            _script(("운전자보험이랑 자동차보험이 뭐가 다른 거예요?",), ("운전자보험 문의했던 사람인데요.",),
                    say(A("자동차보험은 상대방 피해와 차량 손해를 보상하고요, 운전자보험은 벌금이나 형사합의금 같은 운전자 본인의 비용을 보장합니다."),
                        C("아 그렇구나. 그럼 둘 다 있어야겠네요."))),
        ),
        notices=(),
        extras=(say(C("보험료 할인받을 수 있는 방법은 없나요?"), A("블랙박스 장착이나 마일리지 특약에 가입하시면 할인받으실 수 있습니다.")),),
        hold_share=0.25, transfer_share=0.08,
        transfer_queues=(TransferQueue.GENERAL, TransferQueue.INSURANCE, TransferQueue.ACCIDENT),
    ),
}
# fmt: on
