"""Planning TTS takes (validation, the cache, pronunciation), approving them, the recommended
take and batches for a scenario version, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from sqlalchemy import func, select, update

from core.access import PermissionDenied
from core.domain import TakeStatus
from core.errors import UserError
from core.flow.model import Edge, Flow, Node, NodeKind
from core.voice.quality import QualityThresholds, run_gate
from core.voice.reference_sample import SampleThresholds
from db import prompt_library, tts_takes, voice_actors
from db.models import AuditEntry, Prompt, Scenario, ScenarioVersion, TtsTake
from db.scenarios import prompt_catalog
from db.session import transaction
from tests.db.scenario_rows import run
from tests.db.voice_recordings import OTHER_READING, READING, recording
from tests.fixtures.speech import speak
from tests.voice_rows import DESIGNER, VIEWER, prompt, voice_actor

LINE = "사고 접수는 1번, 상담원 연결은 0번을 눌러 주세요."
ESPEAK = tts_takes.TakeRequest(text=LINE, engine="espeak", model="espeak-ng 1.51 ko",
                               clones_voice=False, takes=2)  # fmt: skip
XTTS = tts_takes.TakeRequest(text=LINE, engine="xtts", model="xtts_v2 test", clones_voice=True,
                             takes=1)  # fmt: skip


def plan(engine, request, voice=None, actor=DESIGNER) -> tts_takes.TakePlan:
    return run(engine, tts_takes.plan_takes, actor=actor, request=request, voice=voice)


def take_rows(engine) -> list[TtsTake]:
    with transaction(engine) as session:
        return list(session.scalars(select(TtsTake).order_by(TtsTake.id)))


def finish(engine, take_id, *, passed=None, audio=True) -> None:
    """As the synthesis job leaves a take: done, with its audio and the gate's verdict."""
    with transaction(engine) as session:
        session.execute(update(TtsTake).where(TtsTake.id == take_id).values(
            status=TakeStatus.DONE, audio_path=f"voice/takes/{take_id}.wav" if audio else None,
            duration_s=3.2, quality_passed=passed))  # fmt: skip


def approve(engine, take_id, actor=DESIGNER) -> None:
    run(engine, tts_takes.approve_take, actor=actor, take_id=take_id)


def approved_audio(engine, prompt_id) -> str | None:
    with transaction(engine) as session:
        return prompt_catalog(session=session, prompt_ids=[prompt_id])[prompt_id].audio_path


def new_prompt(engine, code="main.menu", text=LINE, examples=None) -> int:
    return run(engine, prompt_library.create_prompt, actor=DESIGNER, code=code, text=text,
               tags=[], examples=examples)  # fmt: skip


# -- validation --------------------------------------------------------------------------------

BAD_REQUESTS = [
    ({"text": " \n "}, "voice.preview.text_required"),
    ({"text": "가" * 501}, "voice.preview.text_too_long"),
    ({"takes": 0}, "voice.preview.takes_range"),
    ({"takes": 7}, "voice.preview.takes_range"),
    ({"speed": 0.45}, "voice.preview.speed_range"),
    ({"speed": 2.1}, "voice.preview.speed_range"),
    ({"speed": float("nan")}, "voice.preview.speed_range"),
    ({"temperature": 0.0}, "voice.preview.temperature_range"),
    ({"temperature": 1.6}, "voice.preview.temperature_range"),
    ({"engine": "festival"}, "voice.preview.unknown_engine"),
    ({"text": "{customer_name} 고객님, {amount}원입니다."}, "voice.preview.variables_missing"),
    ({"text": "{customer_name} 고객님, {amount}원입니다.",
      "variables": {"customer_name": "홍길동", "amount": "  "}},
     "voice.preview.variables_missing"),
    ({"prompt_id": 424242}, "voice.prompt.not_found"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "key"), BAD_REQUESTS, ids=[f"{k}-{i}" for i, (_, k) in enumerate(BAD_REQUESTS)]
)
def test_a_bad_request_is_refused_with_its_reason_and_plans_nothing(engine, change, key):
    with pytest.raises(UserError) as refused:
        plan(engine, replace(ESPEAK, **change))
    assert refused.value.key == key
    assert take_rows(engine) == []


def test_a_missing_variable_is_named_in_the_refusal(sqlite_engine):
    request = replace(ESPEAK, text="{customer_name} 고객님, {amount}원입니다.",
                      variables={"amount": "35,000"})  # fmt: skip
    with pytest.raises(UserError) as refused:
        plan(sqlite_engine, request)
    assert refused.value.params == {"names": "customer_name"}


def test_a_viewer_can_neither_plan_nor_approve_takes(engine):
    with transaction(engine) as session:
        prompt_id = prompt(session, text=LINE)
    with pytest.raises(PermissionDenied):
        plan(engine, ESPEAK, actor=VIEWER)
    [take_id, _] = plan(engine, replace(ESPEAK, prompt_id=prompt_id)).take_ids
    finish(engine, take_id)
    with pytest.raises(PermissionDenied):
        approve(engine, take_id, actor=VIEWER)
    with pytest.raises(PermissionDenied):
        run(engine, tts_takes.plan_version_batch, actor=VIEWER, prompt_ids=[],
            template=ESPEAK, voice=None)  # fmt: skip
    assert approved_audio(engine, prompt_id) is None


def test_cloning_needs_an_active_actor_with_accepted_samples(engine, tmp_path):
    data_dir = tmp_path / "data"
    with transaction(engine) as session:
        actor_id = voice_actor(session, data_dir, "김하늘")
        retired_id = voice_actor(session, data_dir, "이바다")

    def add_sample(who: int, lines: tuple[str, ...]) -> None:
        run(engine, voice_actors.add_sample, actor=DESIGNER, data_dir=data_dir, actor_id=who,
            data=recording(*lines), filename="reading.wav",
            thresholds=SampleThresholds())  # fmt: skip

    def voice(of: int = actor_id):
        return run(engine, voice_actors.voice_reference, actor_id=of, data_dir=data_dir)

    add_sample(retired_id, READING)
    retired_voice = voice(retired_id)
    run(engine, voice_actors.set_active, actor=DESIGNER, actor_id=retired_id, active=False)
    refusals = [
        (replace(XTTS, actor_id=None), None, "voice.preview.actor_required"),
        (replace(XTTS, actor_id=424242), None, "voice.actor.not_found"),
        (replace(XTTS, actor_id=actor_id), voice(), "voice.preview.no_samples"),
        (replace(XTTS, actor_id=retired_id), retired_voice, "voice.actor.inactive"),
    ]
    for request, reference, key in refusals:
        with pytest.raises(UserError) as refused:
            plan(engine, request, reference)
        assert refused.value.key == key
    assert take_rows(engine) == []
    with pytest.raises(ValueError, match="voice reference"):  # a caller's mix-up, not a user's
        plan(engine, replace(XTTS, actor_id=actor_id), retired_voice)

    add_sample(actor_id, READING)
    request = replace(XTTS, actor_id=actor_id)
    first = plan(engine, request, voice())
    assert plan(engine, request, voice()).take_ids == first.take_ids
    [take] = take_rows(engine)
    assert (take.actor_id, take.engine, take.model) == (actor_id, "xtts", "xtts_v2 test")
    # Another sample changes the voice: the same line in it is a new take.
    add_sample(actor_id, OTHER_READING)
    again = plan(engine, request, voice())
    assert again.to_synthesise and not set(again.take_ids) & set(first.take_ids)


def test_an_engine_that_does_not_clone_ignores_the_actor(engine, tmp_path):
    with transaction(engine) as session:
        actor_id = voice_actor(session, tmp_path / "data")
    first = plan(engine, ESPEAK)
    assert plan(engine, replace(ESPEAK, actor_id=actor_id)).take_ids == first.take_ids
    assert {t.actor_id for t in take_rows(engine)} == {None}


# -- the cache ---------------------------------------------------------------------------------


def test_the_same_request_gets_the_same_takes_and_plans_nothing_new(engine):
    first = plan(engine, ESPEAK)
    assert len(first.take_ids) == 2 and first.to_synthesise == first.take_ids
    assert not first.cached
    again = plan(engine, replace(ESPEAK, text=f"  {LINE}\n", speed=1.0004))
    assert again.take_ids == first.take_ids and again.cached and again.to_synthesise == ()
    rows = take_rows(engine)
    assert [(t.seed, t.status) for t in rows] == [(1, TakeStatus.QUEUED), (2, TakeStatus.QUEUED)]
    assert rows[0].cache_key != rows[1].cache_key
    assert rows[0].parameters == {"speed": 1.0, "temperature": 0.7, "source_text": LINE}


@pytest.mark.parametrize(
    "change",
    [{"speed": 1.3}, {"temperature": 0.3}, {"model": "espeak-ng 1.52 ko"},
     {"text": "사고 접수는 2번을 눌러 주세요."}],
    ids=["speed", "temperature", "model", "text"],
)  # fmt: skip
def test_a_different_parameter_makes_new_takes(engine, change):
    first = plan(engine, ESPEAK)
    other = plan(engine, replace(ESPEAK, **change))
    assert len(other.to_synthesise) == 2 and not set(other.take_ids) & set(first.take_ids)
    assert len(take_rows(engine)) == 4


def test_more_takes_add_new_seeds_and_fewer_reuse_the_first_ones(engine):
    two = plan(engine, ESPEAK)
    three = plan(engine, replace(ESPEAK, takes=3))
    assert three.take_ids[:2] == two.take_ids and three.to_synthesise == three.take_ids[2:]
    one = plan(engine, replace(ESPEAK, takes=1))
    assert one.take_ids == two.take_ids[:1] and one.cached
    assert [t.seed for t in take_rows(engine)] == [1, 2, 3]


def test_a_failed_take_is_not_reused_but_retried(engine):
    first = plan(engine, ESPEAK)
    with transaction(engine) as session:
        session.execute(
            update(TtsTake).where(TtsTake.id == first.take_ids[0])
            .values(status=TakeStatus.FAILED, error_text="espeak-ng crashed")
        )  # fmt: skip
    retry = plan(engine, ESPEAK)
    assert retry.take_ids[1] == first.take_ids[1]
    assert retry.take_ids[0] not in first.take_ids
    assert retry.to_synthesise == retry.take_ids[:1]


def test_a_free_line_take_becomes_the_take_of_a_prompt_of_that_text(engine):
    free = plan(engine, ESPEAK)
    assert {t.prompt_id for t in take_rows(engine)} == {None}
    prompt_id = new_prompt(engine)
    claimed = plan(engine, replace(ESPEAK, prompt_id=prompt_id))
    assert claimed.take_ids == free.take_ids and claimed.cached
    rows = take_rows(engine)
    assert {t.prompt_id for t in rows} == {prompt_id}
    assert {t.parameters["source_text"] for t in rows} == {LINE}
    finish(engine, free.take_ids[1])
    approve(engine, free.take_ids[1])
    assert approved_audio(engine, prompt_id) == f"voice/takes/{free.take_ids[1]}.wav"


def test_two_prompts_of_the_same_text_each_keep_their_own_cached_takes(engine):
    welcome = new_prompt(engine, code="a.welcome")
    repeat = new_prompt(engine, code="b.welcome")
    first = plan(engine, replace(ESPEAK, prompt_id=welcome))
    other = plan(engine, replace(ESPEAK, prompt_id=repeat))
    assert not set(other.take_ids) & set(first.take_ids)
    assert plan(engine, replace(ESPEAK, prompt_id=welcome)).take_ids == first.take_ids
    assert plan(engine, replace(ESPEAK, prompt_id=repeat)).take_ids == other.take_ids
    assert len(take_rows(engine)) == 4


# -- pronunciation -----------------------------------------------------------------------------


def test_the_dictionary_and_variables_are_applied_to_the_text_sent_to_the_engine(engine):
    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term="KB", reading="케이비")
    source = "{customer_name} 고객님, KB 사고 접수는 1번을 눌러 주세요."
    planned = plan(engine, replace(ESPEAK, text=source, takes=1,
                                   variables={"customer_name": "홍길동"}))  # fmt: skip
    [take] = take_rows(engine)
    assert take.text == "홍길동 고객님, 케이비 사고 접수는 일번을 눌러 주세요."
    assert take.parameters["source_text"] == source
    # Another reading is another spoken text: a new take.
    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term="KB", reading="국민")
    reread = plan(engine, replace(ESPEAK, text=source, takes=1,
                                  variables={"customer_name": "홍길동"}))  # fmt: skip
    assert reread.take_ids != planned.take_ids
    assert take_rows(engine)[-1].text == "홍길동 고객님, 국민 사고 접수는 일번을 눌러 주세요."


def test_a_prompt_rewritten_to_its_reading_gets_its_cached_take_back_and_can_approve_it(engine):
    run(engine, prompt_library.save_pronunciation, actor=DESIGNER, term="KB", reading="케이비")
    prompt_id = new_prompt(engine, text="KB 자동차보험 안내입니다.")
    [take_id] = plan(engine, replace(ESPEAK, text="KB 자동차보험 안내입니다.", takes=1,
                                     prompt_id=prompt_id)).take_ids  # fmt: skip
    finish(engine, take_id)
    approve(engine, take_id)
    assert run(engine, prompt_library.update_prompt, actor=DESIGNER, prompt_id=prompt_id,
               text="케이비 자동차보험 안내입니다.", tags=[], description="",
               examples={}) is True  # fmt: skip
    assert approved_audio(engine, prompt_id) is None
    # It says exactly what the new text says: the cache answers with it, and it is approvable.
    again = plan(engine, replace(ESPEAK, text="케이비 자동차보험 안내입니다.", takes=1,
                                 prompt_id=prompt_id))  # fmt: skip
    assert again.take_ids == (take_id,) and again.cached
    approve(engine, take_id)
    assert approved_audio(engine, prompt_id) == f"voice/takes/{take_id}.wav"


# -- approval ----------------------------------------------------------------------------------


def test_a_take_that_is_not_finished_passed_and_of_the_prompts_text_cannot_be_approved(engine):
    prompt_id = new_prompt(engine)
    queued, no_audio, failed_gate, current = plan(
        engine, replace(ESPEAK, prompt_id=prompt_id, takes=4)).take_ids  # fmt: skip
    finish(engine, no_audio, audio=False)
    finish(engine, failed_gate, passed=False)
    finish(engine, current, passed=True)
    [free_line] = plan(engine, replace(ESPEAK, text="감사합니다.", takes=1)).take_ids
    finish(engine, free_line)
    refusals = [
        (queued, "voice.take.not_done"),
        (no_audio, "voice.take.not_done"),
        (failed_gate, "voice.take.failed_gate"),
        (free_line, "voice.take.no_prompt"),
        (424242, "voice.take.not_found"),
    ]
    for take_id, key in refusals:
        with pytest.raises(UserError) as refused:
            approve(engine, take_id)
        assert refused.value.key == key, take_id
    with transaction(engine) as session:
        session.execute(update(Prompt).values(text="사고 접수는 2번을 눌러 주세요."))
    with pytest.raises(UserError) as stale:
        approve(engine, current)
    assert stale.value.key == "voice.take.stale_text"
    assert not any(t.approved for t in take_rows(engine))
    assert approved_audio(engine, prompt_id) is None


def test_approving_a_take_replaces_the_prompts_earlier_approval(engine):
    prompt_id = new_prompt(engine)
    gate_passed, gate_not_run = plan(engine, replace(ESPEAK, prompt_id=prompt_id)).take_ids
    finish(engine, gate_passed, passed=True)
    finish(engine, gate_not_run, passed=None)  # no speech-to-text here: a person decides
    approve(engine, gate_passed)
    assert approved_audio(engine, prompt_id) == f"voice/takes/{gate_passed}.wav"
    approve(engine, gate_not_run)
    assert approved_audio(engine, prompt_id) == f"voice/takes/{gate_not_run}.wav"
    assert [(t.id, t.approved) for t in take_rows(engine)] == [
        (gate_passed, False), (gate_not_run, True)]  # fmt: skip
    views = run(engine, tts_takes.prompt_takes, prompt_id=prompt_id)
    assert [v.id for v in views] == [gate_not_run, gate_passed]  # the approved one first
    assert views[0].approved_at is not None
    with transaction(engine) as session:
        approvals = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "voice.take.approve")
            .order_by(AuditEntry.id)).all()  # fmt: skip
    assert [(a.target_id, a.details["take_id"]) for a in approvals] == [
        (str(prompt_id), gate_passed), (str(prompt_id), gate_not_run)]  # fmt: skip


def test_takes_are_read_back_in_the_order_asked_for(engine):
    first, second = plan(engine, ESPEAK).take_ids
    views = run(engine, tts_takes.takes, take_ids=[second, 424242, first])
    assert [(v.id, v.seed, v.status, v.report) for v in views] == [
        (second, 2, TakeStatus.QUEUED, None), (first, 1, TakeStatus.QUEUED, None)]  # fmt: skip


# -- the recommended take ----------------------------------------------------------------------


def test_the_recommended_take_is_never_a_failed_one(engine):
    """Reports from the real gate on espeak-ng audio, heard right or wrong by a recogniser."""
    samples, rate = speak(LINE)
    heard_right = run_gate(samples, rate, LINE, recognise=lambda _: LINE,
                           thresholds=QualityThresholds())  # fmt: skip
    heard_wrong = run_gate(samples, rate, LINE, recognise=lambda _: "보험료 납입 안내입니다",
                           thresholds=QualityThresholds())  # fmt: skip
    assert heard_right.report.passed is True and heard_wrong.report.passed is False
    synthesis_failed, gate_failed, good = plan(engine, replace(ESPEAK, takes=3)).take_ids
    with transaction(engine) as session:
        for take_id, status, report in [
            (synthesis_failed, TakeStatus.FAILED, heard_right.report),  # lowest id wins a tie
            (gate_failed, TakeStatus.DONE, heard_wrong.report),
            (good, TakeStatus.DONE, heard_right.report),
        ]:
            session.execute(update(TtsTake).where(TtsTake.id == take_id).values(
                status=status, quality=report.to_json(), quality_passed=report.passed))  # fmt: skip

    def recommended(*take_ids):
        return tts_takes.recommended(run(engine, tts_takes.takes, take_ids=take_ids))

    assert recommended(synthesis_failed, gate_failed, good) == good
    assert recommended(synthesis_failed, gate_failed) is None
    assert recommended(gate_failed) is None


# -- batches for a scenario version ------------------------------------------------------------


def version_playing(engine, *prompt_ids: int) -> int:
    nodes = [Node("n1", NodeKind.START, "시작")] + [
        Node(f"n{i}", NodeKind.MESSAGE, f"멘트 {i}", prompt_id=p, prompt_text="-")
        for i, p in enumerate(prompt_ids, start=2)
    ]
    edges = [Edge(f"e{i}", a.id, b.id) for i, (a, b) in enumerate(itertools.pairwise(nodes), 1)]
    with transaction(engine) as session:
        scenario = Scenario(name="보험료 납입 안내")
        session.add(scenario)
        session.flush()
        flow = Flow(nodes=tuple(nodes), edges=tuple(edges)).to_dict()
        version = ScenarioVersion(scenario_id=scenario.id, number=1, comment="v1", flow=flow)
        session.add(version)
        session.flush()
        return version.id


def test_a_version_batch_plans_every_prompt_with_examples_and_skips_the_others(engine):
    welcome = new_prompt(engine, code="t.welcome", text="안녕하십니까, 한빛손해보험입니다.")
    transfer = new_prompt(engine, code="t.transfer", text="{queue} 상담원에게 연결해 드리겠습니다.")
    notice_text = "{customer_name} 고객님, 보험료 {amount}원이 납입되었습니다."
    notice = new_prompt(engine, code="t.notice", text=notice_text,
                        examples={"customer_name": "홍길동", "amount": "35,000"})  # fmt: skip
    version_id = version_playing(engine, welcome, transfer, notice, welcome)
    prompt_ids = run(engine, prompt_library.version_prompt_ids, version_id=version_id)

    def batch():
        return run(engine, tts_takes.plan_version_batch, actor=DESIGNER, prompt_ids=prompt_ids,
                   template=replace(ESPEAK, text="-"), voice=None)  # fmt: skip

    planned = batch()
    assert (planned.prompts, planned.skipped) == (3, ("t.transfer",))
    assert len(planned.take_ids) == 4 and planned.to_synthesise == planned.take_ids
    rows = take_rows(engine)
    assert [(t.prompt_id, t.seed, t.text) for t in rows] == [
        (welcome, 1, "안녕하십니까, 한빛손해보험입니다."),
        (welcome, 2, "안녕하십니까, 한빛손해보험입니다."),
        (notice, 1, "홍길동 고객님, 보험료 삼만 오천 원이 납입되었습니다."),
        (notice, 2, "홍길동 고객님, 보험료 삼만 오천 원이 납입되었습니다."),
    ]
    assert rows[2].parameters["source_text"] == notice_text
    again = batch()
    assert again.take_ids == planned.take_ids and again.to_synthesise == ()


def test_a_version_batch_that_fails_on_one_prompt_plans_none(engine):
    welcome = new_prompt(engine, code="t.welcome", text="안녕하십니까, 한빛손해보험입니다.")
    with transaction(engine) as session:  # imported before the library limited its length
        legacy = Prompt(code="t.legacy", text="약관 안내입니다. " * 60)
        session.add(legacy)
        session.flush()
        legacy_id = legacy.id
    with pytest.raises(UserError) as refused:
        run(engine, tts_takes.plan_version_batch, actor=DESIGNER, prompt_ids=[welcome, legacy_id],
            template=ESPEAK, voice=None)  # fmt: skip
    assert refused.value.key == "voice.preview.text_too_long"
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(TtsTake)) == 0


def test_withdrawn_consent_withdraws_the_actors_approved_takes_and_refuses_new_approvals(
    engine, tmp_path
):
    with transaction(engine) as session:
        actor_id = voice_actor(session, tmp_path)
        prompt_id = prompt(session)
        text = "사고 접수는 1번, 상담원 연결은 0번을 눌러 주세요."
        takes = [TtsTake(prompt_id=prompt_id, actor_id=actor_id, engine="xtts", model="m",
                         text=text, parameters={"source_text": text}, seed=seed,
                         cache_key=f"k{seed}", status=TakeStatus.DONE, audio_path=f"{seed}.wav",
                         quality={}, quality_passed=True) for seed in (1, 2)]  # fmt: skip
        session.add_all(takes)
        session.flush()
        first, second = (t.id for t in takes)
        tts_takes.approve_take(session=session, actor=DESIGNER, take_id=first)
    with transaction(engine) as session:
        voice_actors.set_active(session=session, actor=DESIGNER, actor_id=actor_id, active=False)
    with transaction(engine) as session:
        assert prompt_catalog(session=session, prompt_ids=[prompt_id])[prompt_id].audio_path is None
    with pytest.raises(UserError) as refused, transaction(engine) as session:
        tts_takes.approve_take(session=session, actor=DESIGNER, take_id=second)
    assert refused.value.key == "voice.actor.inactive"
