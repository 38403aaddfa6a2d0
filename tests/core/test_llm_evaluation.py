"""The LLM evaluator, run with the real openai client against a scripted local server."""

from __future__ import annotations

import logging
import pickle
import socket
import time

import pytest

from core.domain import (
    CallCategory,
    EvaluationSource,
    EvaluationStatus,
    Resolution,
    Sentiment,
    Speaker,
)
from core.evaluation import EvaluationInputs, evaluate_call
from core.evaluation.llm import EvaluationFailed, LlmEvaluator, LlmSettings
from core.pii import REDACTION_MARKERS, PiiKind
from core.scorecard import total_score
from core.transcript import RedactionSpan, Turn
from db.default_rules import DEFAULT_SCORECARD
from tests.openai_server import OpenAICompatibleServer, Reply

SPECS = DEFAULT_SCORECARD
PHONE = REDACTION_MARKERS[PiiKind.PHONE]
TURNS = (
    Turn(0, Speaker.AGENT, "안녕하십니까, 한빛손해보험 상담사 김민준입니다. 무엇을 도와드릴까요?"),
    Turn(1, Speaker.CUSTOMER, "보험료 출금일을 바꾸고 싶어서요."),
    Turn(2, Speaker.AGENT, "본인 확인 도와드리겠습니다. 성함과 휴대폰 번호 말씀해 주시겠어요?"),
    Turn(3, Speaker.CUSTOMER, f"박서연이고 번호는 {PHONE}이에요.",
         redactions=(RedactionSpan(12, 12 + len(PHONE), PiiKind.PHONE),)),
    Turn(4, Speaker.AGENT, "네, 보험료는 매월 25일에 출금됩니다. 더 궁금하신 점은 없으신가요?"),
    Turn(5, Speaker.CUSTOMER, "아니요, 감사합니다."),
)  # fmt: skip
MODEL = "qa-scorer-test"


def _settings(server: OpenAICompatibleServer, **overrides) -> LlmSettings:
    values = dict(base_url=server.base_url, api_key="test-key", model=MODEL, timeout_s=5.0,
                  max_attempts=3, backoff_s=0.01)  # fmt: skip
    return LlmSettings(**(values | overrides))


def _answer(**overrides) -> dict:
    """A valid scorecard answer, items in reverse order (the evaluator puts them in order)."""
    answer = {
        "items": [
            {"code": s.code, "score": 4, "evidence": [TURNS[0].text], "reason": "기준 충족"}
            for s in reversed(SPECS)
        ],
        "summary": "고객이 보험료 출금일 변경을 문의했고 상담사가 안내했다.",
        "intent": "보험료 출금일 변경",
        "resolution": "해결",
        "sentiment_start": "neutral",
        "sentiment_end": "positive",
        "coaching": "변경 후 적용 시점도 함께 안내해 주세요.",
    }
    return answer | overrides


def test_a_valid_answer_becomes_the_scorecard_in_spec_order(openai_server):
    openai_server.reply(Reply.completion(_answer()))
    scorecard = LlmEvaluator(_settings(openai_server), SPECS).evaluate(
        TURNS, category=CallCategory.PAYMENT
    )
    assert [item.code for item in scorecard.items] == [s.code for s in SPECS]
    assert all(item.score == 4 and item.evidence == [TURNS[0].text] for item in scorecard.items)
    assert scorecard.resolution is Resolution.RESOLVED
    assert (scorecard.sentiment_start, scorecard.sentiment_end) == (
        Sentiment.NEUTRAL,
        Sentiment.POSITIVE,
    )
    assert scorecard.intent == "보험료 출금일 변경"
    assert len(openai_server.requests) == 1


def test_the_request_names_the_model_asks_for_the_schema_and_sends_only_the_redacted_lines(
    openai_server,
):
    openai_server.reply(Reply.completion(_answer()))
    LlmEvaluator(_settings(openai_server), SPECS).evaluate(TURNS, category=CallCategory.PAYMENT)
    [request] = openai_server.requests
    body = request.json
    assert request.headers["authorization"] == "Bearer test-key"
    assert body["model"] == MODEL
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "Scorecard"
    assert response_format["json_schema"]["strict"] is True
    system, user = body["messages"]
    assert system["role"] == "system"
    assert all(f"- {s.code} ({s.name_ko}" in system["content"] for s in SPECS)
    assert user["role"] == "user"
    transcript = user["content"].split("대화록:\n", 1)[1].splitlines()
    labels = {Speaker.AGENT: "상담사", Speaker.CUSTOMER: "고객"}
    assert transcript == [f"{labels[t.speaker]}: {t.text}" for t in TURNS]
    assert PHONE in user["content"]
    # Nothing but the text went out: no timings, no redaction offsets.
    assert '"start"' not in request.raw_body and "redaction" not in request.raw_body


def test_a_malformed_answer_is_retried_and_the_second_answer_is_used(openai_server):
    openai_server.reply(
        Reply.completion('{"items": [{"code": "greeting", "score": 5'),  # cut-off JSON
        Reply.completion(_answer()),
    )
    scorecard = LlmEvaluator(_settings(openai_server), SPECS).evaluate(
        TURNS, category=CallCategory.PAYMENT
    )
    assert len(scorecard.items) == len(SPECS)
    assert len(openai_server.requests) == 2


def test_an_answer_that_always_breaks_the_schema_fails_after_max_attempts(openai_server):
    bad = _answer()
    bad["items"][0]["score"] = 7
    bad["resolution"] = "모름"
    openai_server.reply_always(Reply.completion(bad))
    with pytest.raises(EvaluationFailed) as raised:
        LlmEvaluator(_settings(openai_server, max_attempts=3), SPECS).evaluate(
            TURNS, category=CallCategory.PAYMENT
        )
    assert raised.value.attempts == 3
    assert len(openai_server.requests) == 3
    assert "items.0.score" in raised.value.reason and "resolution" in raised.value.reason
    assert "모름" not in raised.value.reason  # says where it failed, never echoes the answer


def test_an_answer_with_the_wrong_items_fails_validation(openai_server):
    wrong = _answer()
    wrong["items"] = [item for item in wrong["items"] if item["code"] != "closing"]
    wrong["items"].append({"code": "tone", "score": 3, "evidence": [], "reason": ""})
    openai_server.reply_always(Reply.completion(wrong))
    with pytest.raises(EvaluationFailed) as raised:
        LlmEvaluator(_settings(openai_server, max_attempts=2), SPECS).evaluate(
            TURNS, category=CallCategory.PAYMENT
        )
    assert raised.value.attempts == 2
    assert "missing items: closing" in raised.value.reason
    assert "unknown items: tone" in raised.value.reason


def test_a_server_that_never_answers_in_time_fails_within_a_bounded_time(openai_server):
    openai_server.reply_always(Reply.completion(_answer(), delay_s=10.0))
    settings = _settings(openai_server, timeout_s=0.5, max_attempts=2, backoff_s=0.05)
    started = time.monotonic()
    with pytest.raises(EvaluationFailed) as raised:
        LlmEvaluator(settings, SPECS).evaluate(TURNS, category=CallCategory.PAYMENT)
    elapsed = time.monotonic() - started
    assert raised.value.attempts == 2
    assert len(openai_server.requests) == 2  # the client did not retry on its own
    assert "no answer within 0.5 s" in raised.value.reason
    assert elapsed < settings.worst_case_s + 1.5 < 3.0


def test_a_slow_first_answer_is_retried_and_a_prompt_one_used(openai_server):
    openai_server.reply(
        Reply.completion(_answer(), delay_s=10.0), Reply.completion(_answer(resolution="미해결"))
    )
    scorecard = LlmEvaluator(_settings(openai_server, timeout_s=0.5), SPECS).evaluate(
        TURNS, category=CallCategory.PAYMENT
    )
    assert scorecard.resolution is Resolution.UNRESOLVED


@pytest.mark.parametrize("body", ["<html>Bad Gateway</html>", '{"id": "x", "choices": null}'])
def test_a_reply_that_is_not_a_chat_completion_is_retried(openai_server, body: str):
    openai_server.reply(Reply(raw_body=body), Reply.completion(_answer()))
    LlmEvaluator(_settings(openai_server), SPECS).evaluate(TURNS, category=CallCategory.PAYMENT)
    assert len(openai_server.requests) == 2


def test_a_server_error_is_retried(openai_server):
    openai_server.reply(Reply.error(500), Reply.error(429), Reply.completion(_answer()))
    LlmEvaluator(_settings(openai_server), SPECS).evaluate(TURNS, category=CallCategory.PAYMENT)
    assert len(openai_server.requests) == 3


def test_a_refused_key_fails_at_once_without_retrying(openai_server):
    openai_server.reply_always(Reply.error(401, "invalid api key"))
    with pytest.raises(EvaluationFailed) as raised:
        LlmEvaluator(_settings(openai_server), SPECS).evaluate(TURNS, category=CallCategory.PAYMENT)
    assert raised.value.attempts == 1
    assert "HTTP 401" in raised.value.reason
    assert len(openai_server.requests) == 1


def test_an_unreachable_server_fails_after_max_attempts():
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = LlmSettings(base_url=f"http://127.0.0.1:{port}/v1", api_key="k", model=MODEL,
                           timeout_s=0.5, max_attempts=2, backoff_s=0.01)  # fmt: skip
    with pytest.raises(EvaluationFailed) as raised:
        LlmEvaluator(settings, SPECS).evaluate(TURNS, category=CallCategory.PAYMENT)
    assert raised.value.attempts == 2
    assert "connection failed" in raised.value.reason


def test_a_failure_survives_pickling_as_a_job_result():
    failure = pickle.loads(pickle.dumps(EvaluationFailed("attempt 1: HTTP 500", 1)))
    assert (failure.reason, failure.attempts) == ("attempt 1: HTTP 500", 1)


def test_the_transcript_is_never_logged(openai_server, caplog):
    caplog.set_level(logging.DEBUG)
    openai_server.reply(Reply.completion("not json"), Reply.completion(_answer()))
    evaluator = LlmEvaluator(_settings(openai_server), SPECS)
    evaluator.evaluate(TURNS, category=CallCategory.PAYMENT)
    openai_server.reply_always(Reply.completion(_answer(items=[])))
    with pytest.raises(EvaluationFailed):
        evaluator.evaluate(TURNS, category=CallCategory.PAYMENT)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "attempt 1/3 failed" in logged  # the failures are logged...
    for turn in TURNS:
        assert turn.text not in logged  # ...and never what was said


def test_a_failed_llm_evaluation_is_a_result_not_an_exception(openai_server):
    openai_server.reply_always(Reply.completion("I cannot help with that."))
    inputs = EvaluationInputs(category=CallCategory.PAYMENT, turns=TURNS)
    llm = LlmEvaluator(_settings(openai_server, max_attempts=2), SPECS)
    result = evaluate_call(inputs, SPECS, llm=llm)
    assert (result.source, result.status, result.model) == (
        EvaluationSource.LLM,
        EvaluationStatus.FAILED,
        MODEL,
    )
    assert result.scorecard is None and result.total_score is None
    assert result.error_text.startswith("attempt 1: invalid scorecard")


def test_a_successful_llm_evaluation_records_its_model_and_total(openai_server):
    openai_server.reply(Reply.completion(_answer()))
    inputs = EvaluationInputs(category=CallCategory.PAYMENT, turns=TURNS)
    result = evaluate_call(inputs, SPECS, llm=LlmEvaluator(_settings(openai_server), SPECS))
    assert (result.source, result.status, result.model) == (
        EvaluationSource.LLM,
        EvaluationStatus.OK,
        MODEL,
    )
    assert result.total_score == total_score(result.scorecard.items, SPECS) == 75.0
