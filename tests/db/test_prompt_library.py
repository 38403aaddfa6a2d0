"""The prompt library: prompts with variables and examples, where scenarios use them, their
approved audio and the pronunciation dictionary, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import delete, func, select, update

from core.access import PermissionDenied
from core.domain import TakeStatus
from core.errors import UserError
from core.flow.model import Edge, Flow, Node, NodeKind
from db import prompt_library, tts_takes
from db.models import (
    AuditEntry,
    Prompt,
    PronunciationEntry,
    Scenario,
    ScenarioDraft,
    ScenarioVersion,
    TtsTake,
)
from db.scenarios import prompt_catalog
from db.session import transaction
from tests.db.scenario_rows import run
from tests.voice_rows import DESIGNER, VIEWER, prompt

NOTICE = (
    "{customer_name} 고객님, 이번 달 보험료 {amount}원이 납입되었습니다. "
    "{customer_name} 고객님 감사합니다."
)


def create(engine, code="main.menu", text="사고 접수는 1번을 눌러 주세요.", tags=("메뉴",), **kw):
    return run(engine, prompt_library.create_prompt, actor=DESIGNER, code=code, text=text,
               tags=list(tags), **kw)  # fmt: skip


def update_text(engine, prompt_id, text, tags=("메뉴",), examples=None) -> bool:
    return run(engine, prompt_library.update_prompt, actor=DESIGNER, prompt_id=prompt_id,
               text=text, tags=list(tags), description="", examples=examples or {})  # fmt: skip


def done_take(engine, prompt_id, text, name="take") -> int:
    """A finished take of ``text`` for the prompt, as the synthesis job leaves it."""
    with transaction(engine) as session:
        take = TtsTake(prompt_id=prompt_id, engine="espeak", model="espeak-ng test", text=text,
                       parameters={"source_text": text}, seed=1, cache_key=f"key-{name}",
                       status=TakeStatus.DONE, audio_path=f"voice/takes/{name}.wav",
                       duration_s=2.5, quality={})  # fmt: skip
        session.add(take)
        session.flush()
        return take.id


def approve(engine, take_id) -> None:
    run(engine, tts_takes.approve_take, actor=DESIGNER, take_id=take_id)


def flow_playing(*prompts: tuple[str, int | None]) -> dict:
    """A stored flow: a start, then a message node per (label, prompt id), n2, n3, ..."""
    nodes = [Node("n1", NodeKind.START, "시작")]
    nodes += [
        Node(f"n{i}", NodeKind.MESSAGE, label, prompt_id=prompt_id, prompt_text="-")
        for i, (label, prompt_id) in enumerate(prompts, start=2)
    ]
    edges = [Edge(f"e{i}", a.id, b.id) for i, (a, b) in enumerate(itertools.pairwise(nodes), 1)]
    return Flow(nodes=tuple(nodes), edges=tuple(edges)).to_dict()


def scenario(engine, name, draft: dict, *versions: dict) -> tuple[int, list[int]]:
    """A scenario with ``draft`` and versions 1, 2, ... of ``versions``; its id and version ids."""
    with transaction(engine) as session:
        row = Scenario(name=name)
        session.add(row)
        session.flush()
        session.add(ScenarioDraft(scenario_id=row.id, flow=draft, revision=1))
        rows = [ScenarioVersion(scenario_id=row.id, number=n, flow=flow, comment=f"v{n}")
                for n, flow in enumerate(versions, start=1)]  # fmt: skip
        session.add_all(rows)
        session.flush()
        return row.id, [v.id for v in rows]


def counts(engine) -> tuple[int, int, int]:
    with transaction(engine) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Prompt, PronunciationEntry, AuditEntry)
        )


# -- prompts -----------------------------------------------------------------------------------


def test_a_prompt_keeps_its_variables_in_order_and_examples_only_for_them(engine):
    prompt_id = create(engine, code="notice.paid", text=f"  {NOTICE} ",
                       tags=[" 안내 ", "납입", "안내", ""], description=" 월 납입 확인 ",
                       examples={"amount": " 35,000 ", "policy_no": "A-1"})  # fmt: skip
    with transaction(engine) as session:
        row = session.get(Prompt, prompt_id)
        audit = session.scalars(select(AuditEntry)).one()
    assert (row.code, row.text, row.description) == ("notice.paid", NOTICE, "월 납입 확인")
    assert row.tags == ["안내", "납입"]
    assert row.variables == ["customer_name", "amount"]
    assert row.examples == {"customer_name": "", "amount": "35,000"}
    assert (audit.action, audit.target_id, audit.details) == (
        "voice.prompt.create", str(prompt_id), {"code": "notice.paid"})  # fmt: skip


BAD_PROMPTS = [
    ({"code": "Main.Menu"}, "voice.prompt.bad_code"),
    ({"code": "   "}, "voice.prompt.bad_code"),
    ({"code": "-menu"}, "voice.prompt.bad_code"),
    ({"code": "메뉴"}, "voice.prompt.bad_code"),
    ({"code": "m" * 65}, "voice.prompt.bad_code"),
    ({"code": " taken.code "}, "voice.prompt.code_taken"),
    ({"text": " \n "}, "voice.prompt.text_required"),
    ({"text": "가" * 501}, "voice.preview.text_too_long"),
    ({"tags": [f"태그{i}" for i in range(11)]}, "voice.prompt.too_many_tags"),
]


@pytest.mark.parametrize(
    ("change", "key"), BAD_PROMPTS, ids=[f"{k}-{i}" for i, (_, k) in enumerate(BAD_PROMPTS)]
)
def test_a_bad_prompt_is_refused_and_nothing_is_added(engine, change, key):
    create(engine, code="taken.code")
    before = counts(engine)
    with pytest.raises(UserError) as refused:
        create(engine, **({"code": "new.code"} | change))
    assert refused.value.key == key
    assert counts(engine) == before


def test_a_64_character_code_of_lowercase_digits_dots_dashes_and_underscores_is_accepted(engine):
    code = "claim.docs_2-" + "x" * 51
    assert len(code) == 64
    prompt_id = create(engine, code=code)
    assert [(row.id, row.code) for row in run(engine, prompt_library.list_prompts)] == [
        (prompt_id, code)
    ]


def test_changing_a_prompts_text_withdraws_its_approved_take_and_keeping_it_does_not(engine):
    text = "사고 접수는 1번을 눌러 주세요."
    prompt_id = create(engine, text=text)
    take_id = done_take(engine, prompt_id, text)
    approve(engine, take_id)

    # The tags change; the text (but for spaces around it) does not.
    assert update_text(engine, prompt_id, f" {text} ", tags=["메뉴", "사고"]) is False
    with transaction(engine) as session:
        assert session.get(TtsTake, take_id).approved is True
        assert prompt_catalog(session=session)[prompt_id].audio_path == "voice/takes/take.wav"
        assert session.get(Prompt, prompt_id).tags == ["메뉴", "사고"]

    assert update_text(engine, prompt_id, "사고 접수는 2번을 눌러 주세요.") is True
    with transaction(engine) as session:
        assert session.get(TtsTake, take_id).approved is False
        assert prompt_catalog(session=session)[prompt_id].audio_path is None
    with pytest.raises(UserError) as stale:  # that take says the old text
        approve(engine, take_id)
    assert stale.value.key == "voice.take.stale_text"
    with transaction(engine) as session:
        details = [e.details for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "voice.prompt.update")
            .order_by(AuditEntry.id))]  # fmt: skip
    assert [d["text_changed"] for d in details] == [False, True]
    with pytest.raises(UserError) as missing:
        update_text(engine, 424242, text)
    assert missing.value.key == "voice.prompt.not_found"


def test_an_update_rederives_variables_and_drops_examples_of_removed_ones(engine):
    prompt_id = create(engine, code="notice.paid", text=NOTICE,
                       examples={"customer_name": "홍길동", "amount": "35,000"})  # fmt: skip
    update_text(engine, prompt_id, "{amount}원이 {due_date}까지 납입되어야 합니다.",
                examples={"customer_name": "홍길동", "amount": "35,000",
                          "due_date": "3월 25일"})  # fmt: skip
    with transaction(engine) as session:
        row = session.get(Prompt, prompt_id)
        assert row.variables == ["amount", "due_date"]
        assert row.examples == {"amount": "35,000", "due_date": "3월 25일"}


def test_a_prompt_cannot_be_deleted_while_a_draft_or_a_version_plays_it(engine):
    used = create(engine, code="t.welcome", text="안녕하십니까.")
    other = create(engine, code="t.goodbye", text="감사합니다.")
    _, [version_id] = scenario(
        engine, "대표번호", flow_playing(("환영", used)), flow_playing(("환영", used))
    )
    with pytest.raises(UserError) as refused:
        run(engine, prompt_library.delete_prompt, actor=DESIGNER, prompt_id=used)
    assert (refused.value.key, refused.value.params) == (
        "voice.prompt.in_use", {"code": "t.welcome", "count": 2})  # fmt: skip

    with transaction(engine) as session:  # the draft stops playing it; version 1 still does
        session.execute(update(ScenarioDraft).values(flow=flow_playing(("환영", other))))
    with pytest.raises(UserError) as still:
        run(engine, prompt_library.delete_prompt, actor=DESIGNER, prompt_id=used)
    assert still.value.params["count"] == 1

    with transaction(engine) as session:
        session.execute(delete(ScenarioVersion).where(ScenarioVersion.id == version_id))
    run(engine, prompt_library.delete_prompt, actor=DESIGNER, prompt_id=used)
    with transaction(engine) as session:
        assert session.scalars(select(Prompt.code)).all() == ["t.goodbye"]
        last_action = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()))
        assert last_action.first() == "voice.prompt.delete"
    with pytest.raises(UserError) as gone:
        run(engine, prompt_library.delete_prompt, actor=DESIGNER, prompt_id=used)
    assert gone.value.key == "voice.prompt.not_found"


def test_deleting_a_prompt_keeps_its_takes_but_no_longer_approved(engine):
    text = "이용해 주셔서 감사합니다."
    prompt_id = create(engine, code="t.goodbye", text=text)

    def plan(for_prompt: int) -> tuple[int, ...]:
        request = tts_takes.TakeRequest(
            text=text, engine="espeak", model="espeak-ng test", clones_voice=False,
            prompt_id=for_prompt, takes=1,
        )  # fmt: skip
        with transaction(engine) as session:
            return tts_takes.plan_takes(session=session, actor=DESIGNER, request=request,
                                        voice=None).take_ids  # fmt: skip

    [take_id] = plan(prompt_id)
    with transaction(engine) as session:  # as the synthesis job leaves it
        session.execute(update(TtsTake).values(status=TakeStatus.DONE,
                                               audio_path="voice/takes/take.wav"))  # fmt: skip
    approve(engine, take_id)
    run(engine, prompt_library.delete_prompt, actor=DESIGNER, prompt_id=prompt_id)
    with transaction(engine) as session:
        take = session.get(TtsTake, take_id)
        assert (take.prompt_id, take.approved, take.audio_path) == (
            None, False, "voice/takes/take.wav")  # fmt: skip
    # A new prompt of the same text gets the take from the cache, but not the old approval.
    again = create(engine, code="t.goodbye", text=text)
    assert plan(again) == (take_id,)
    with transaction(engine) as session:
        assert prompt_catalog(session=session)[again].audio_path is None


def test_where_used_lists_every_draft_and_version_node_with_its_label(engine):
    welcome = create(engine, code="t.welcome", text="안녕하십니까.")
    menu = create(engine, code="t.menu", text="사고 접수는 1번을 눌러 주세요.")
    unused = create(engine, code="t.unused", text="쓰이지 않는 멘트입니다.")
    scenario(
        engine,
        "사고 접수",
        flow_playing(("첫 인사", welcome), ("메뉴", menu)),
        flow_playing(("인사", welcome)),
        flow_playing(("인사", welcome), ("다시 인사", welcome)),
    )
    scenario(engine, "납입 안내", flow_playing(("안내", menu), ("안내 없음", None)))
    uses = run(engine, prompt_library.where_used, prompt_id=welcome)
    assert [(u.scenario_name, u.version, u.node_id, u.node_label) for u in uses] == [
        ("사고 접수", None, "n2", "첫 인사"),
        ("사고 접수", 2, "n2", "인사"),
        ("사고 접수", 2, "n3", "다시 인사"),
        ("사고 접수", 1, "n2", "인사"),
    ]
    assert [(u.scenario_name, u.version, u.node_id, u.node_label)
            for u in run(engine, prompt_library.where_used, prompt_id=menu)] == [
        ("납입 안내", None, "n2", "안내"), ("사고 접수", None, "n3", "메뉴")]  # fmt: skip
    assert run(engine, prompt_library.where_used, prompt_id=unused) == []


def test_the_list_filters_by_search_and_tag_and_shows_approved_audio_and_uses(engine):
    welcome = create(engine, code="t.welcome", text="안녕하십니까, 한빛손해보험입니다.",
                     tags=["인사"], description="대표번호 첫 멘트")  # fmt: skip
    menu = create(engine, code="t.menu", text="사고 접수는 1번을 눌러 주세요.", tags=["메뉴"])
    create(engine, code="t.bye", text="감사합니다.", tags=["인사", "종료"])
    approve(engine, done_take(engine, welcome, "안녕하십니까, 한빛손해보험입니다.", "welcome"))
    done_take(engine, menu, "사고 접수는 1번을 눌러 주세요.", "menu")  # not approved
    scenario(
        engine,
        "대표번호",
        flow_playing(("인사", welcome), ("메뉴", menu)),
        flow_playing(("인사", welcome)),
    )

    rows = {row.code: row for row in run(engine, prompt_library.list_prompts)}
    assert list(rows) == ["t.bye", "t.menu", "t.welcome"]
    assert (rows["t.welcome"].approved_audio_path, rows["t.welcome"].approved_duration_s,
            rows["t.welcome"].uses) == ("voice/takes/welcome.wav", 2.5, 2)  # fmt: skip
    assert (rows["t.menu"].approved_audio_path, rows["t.menu"].uses) == (None, 1)
    assert rows["t.bye"].uses == 0 and rows["t.bye"].tags == ("인사", "종료")

    def codes(**filters) -> list[str]:
        return [row.code for row in run(engine, prompt_library.list_prompts, **filters)]

    assert codes(tag="인사") == ["t.bye", "t.welcome"]
    assert codes(search="  한빛 ") == ["t.welcome"]
    assert codes(search="첫 멘트") == ["t.welcome"]  # the description
    assert codes(search="T.MENU") == ["t.menu"]
    assert codes(search="감사", tag="메뉴") == []
    assert codes(tag="없는 태그") == []
    assert run(engine, prompt_library.all_tags) == ["메뉴", "인사", "종료"]


def test_a_versions_prompts_come_in_node_order_each_once(engine):
    first = create(engine, code="a.first", text="첫째입니다.")
    second = create(engine, code="b.second", text="둘째입니다.")
    _, [version_id] = scenario(
        engine, "순서", flow_playing(),
        flow_playing(("둘", second), ("없음", None), ("하나", first), ("다시 둘", second)),
    )  # fmt: skip
    assert run(engine, prompt_library.version_prompt_ids, version_id=version_id) == [
        second, first]  # fmt: skip
    with pytest.raises(UserError) as missing:
        run(engine, prompt_library.version_prompt_ids, version_id=424242)
    assert missing.value.key == "voice.batch.version_not_found"


# -- pronunciation dictionary ------------------------------------------------------------------


def test_a_pronunciation_is_added_then_overwritten_then_deleted(engine):
    def entries() -> list[tuple[str, str, str]]:
        with transaction(engine) as session:
            return [(e.term, e.reading, e.note)
                    for e in prompt_library.pronunciations(session=session)]  # fmt: skip

    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term=" KB ",
        reading=" 케이 비 ", note=" 회사명 ")  # fmt: skip
    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term="ARS", reading="에이알에스")
    assert entries() == [("ARS", "에이알에스", ""), ("KB", "케이 비", "회사명")]
    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term="KB", reading="케이비")
    assert entries() == [("ARS", "에이알에스", ""), ("KB", "케이비", "")]
    run(engine, prompt_library.delete_pronunciation, actor=DESIGNER, term="ARS")
    assert entries() == [("KB", "케이비", "")]
    with transaction(engine) as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["voice.pronunciation.save"] * 3 + ["voice.pronunciation.delete"]


BAD_PRONUNCIATIONS = [
    ({"term": "  "}, "voice.pronunciation.required"),
    ({"reading": "\t"}, "voice.pronunciation.required"),
    ({"term": "K" * 65}, "voice.pronunciation.too_long"),
    ({"reading": "케" * 129}, "voice.pronunciation.too_long"),
]


@pytest.mark.parametrize(("change", "key"), BAD_PRONUNCIATIONS)
def test_a_pronunciation_without_term_or_reading_or_too_long_is_refused(engine, change, key):
    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term="KB", reading="케이비")
    before = counts(engine)
    with pytest.raises(UserError) as refused:
        run(engine, prompt_library.save_pronunciation, actor=DESIGNER,
            **({"term": "KB", "reading": "국민"} | change))  # fmt: skip
    assert refused.value.key == key
    assert counts(engine) == before
    with transaction(engine) as session:
        assert [e.reading for e in prompt_library.pronunciations(session=session)] == ["케이비"]


def test_a_viewer_can_change_nothing_in_the_library(engine):
    with transaction(engine) as session:
        prompt_id = prompt(session)
    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term="KB", reading="케이비")
    before = counts(engine)
    writes = [
        (prompt_library.create_prompt, {"code": "x.y", "text": "문구", "tags": []}),
        (prompt_library.update_prompt, {"prompt_id": prompt_id, "text": "문구", "tags": [],
                                        "description": "", "examples": {}}),
        (prompt_library.delete_prompt, {"prompt_id": prompt_id}),
        (prompt_library.save_pronunciation, {"term": "KB", "reading": "국민"}),
        (prompt_library.delete_pronunciation, {"term": "KB"}),
    ]  # fmt: skip
    for write, kwargs in writes:
        with pytest.raises(PermissionDenied):
            run(engine, write, actor=VIEWER, **kwargs)
    assert counts(engine) == before
    with transaction(engine) as session:
        assert session.get(Prompt, prompt_id).text.startswith("사고 접수는")
