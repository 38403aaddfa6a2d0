"""The scorecard by an LLM behind any OpenAI-compatible chat completions endpoint.

Only the turns' text is sent, and the turns are the redacted transcript: personal numbers
are already markers such as [전화번호]. Nothing here logs the transcript or the answer.

Retries are ours, not the client's (it is built with ``max_retries=0``), so one ``evaluate``
makes at most ``max_attempts`` requests: network errors, timeouts, 429/5xx answers and
answers that fail validation (not JSON, against the schema, wrong item codes) are retried
after ``backoff_s``, doubled each time; a refused request (400, 401, 404) is not.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import openai
import pydantic

from core.domain import CallCategory, Speaker
from core.scorecard import (
    MAX_SCORE,
    MIN_SCORE,
    Scorecard,
    ScorecardItemsMismatch,
    ScorecardItemSpec,
    in_spec_order,
)
from core.transcript import Turn

log = logging.getLogger(__name__)

NO_API_KEY = "EMPTY"
"""Sent as the key to servers that need none (vLLM's convention); the client requires one."""

SPEAKER_LABELS = {Speaker.AGENT: "상담사", Speaker.CUSTOMER: "고객"}
"""How each speaker's lines are labelled in the transcript the model reads."""

RETRIED_STATUSES = frozenset({408, 409, 429})
"""HTTP statuses below 500 worth another attempt: timeouts, conflicts, rate limits."""

MAX_REASON_ERRORS = 3
"""Validation errors quoted in a failure's reason (field and message, never the input)."""


@dataclass(frozen=True, slots=True)
class LlmSettings:
    """Where the model is and how long to wait for it.

    ``timeout_s`` bounds each phase of one request (connect, each read, write), so with the
    defaults one ``evaluate`` waits at most about ``worst_case_s``.
    """

    base_url: str
    api_key: str
    model: str
    timeout_s: float = 60.0
    max_attempts: int = 3
    backoff_s: float = 1.0

    def __post_init__(self) -> None:
        if not self.base_url or not self.model:
            raise ValueError("an LLM needs a base_url and a model name")
        if self.timeout_s <= 0 or self.max_attempts < 1 or self.backoff_s < 0:
            raise ValueError("timeout_s > 0, max_attempts >= 1 and backoff_s >= 0 are required")

    @property
    def worst_case_s(self) -> float:
        """About the longest one evaluation takes when the server answers nothing."""
        backoffs = sum(self.backoff_s * 2**i for i in range(self.max_attempts - 1))
        return self.max_attempts * self.timeout_s + backoffs


class EvaluationFailed(Exception):
    """No valid scorecard after ``attempts`` requests; ``reason`` says what went wrong."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason, attempts)  # args as given, so it pickles (RQ stores failures)
        self.reason = reason
        self.attempts = attempts

    def __str__(self) -> str:
        return f"LLM evaluation failed after {self.attempts} attempt(s): {self.reason}"


class _Retryable(Exception):
    """One attempt failed in a way another attempt may not."""


class LlmEvaluator:
    """Scores calls against ``specs`` with the model in ``settings``; reusable across calls."""

    def __init__(self, settings: LlmSettings, specs: Sequence[ScorecardItemSpec]) -> None:
        if not specs:
            raise ValueError("a scorecard needs at least one item")
        self.settings = settings
        self.specs = tuple(specs)
        self.system_prompt = system_prompt(self.specs)

    @cached_property
    def _client(self) -> openai.OpenAI:
        return openai.OpenAI(
            api_key=self.settings.api_key or NO_API_KEY,
            base_url=self.settings.base_url,
            timeout=self.settings.timeout_s,
            max_retries=0,  # our loop retries, so the number of requests stays bounded
        )

    def evaluate(self, turns: Sequence[Turn], *, category: CallCategory) -> Scorecard:
        """The scorecard of a redacted call; raises ``EvaluationFailed`` when none is valid."""
        messages = [
            {"role": "system", "content": self.system_prompt},
            {"role": "user", "content": user_prompt(turns, category=category)},
        ]
        failures: list[str] = []
        for attempt in range(1, self.settings.max_attempts + 1):
            if attempt > 1:
                time.sleep(self.settings.backoff_s * 2 ** (attempt - 2))
            try:
                return self._attempt(messages)
            except _Retryable as err:
                failures.append(f"attempt {attempt}: {err}")
                log.warning("LLM evaluation attempt %d/%d failed: %s",
                            attempt, self.settings.max_attempts, err)  # fmt: skip
            except openai.APIStatusError as err:
                failures.append(f"attempt {attempt}: refused with HTTP {err.status_code}")
                raise EvaluationFailed("; ".join(failures), attempt) from err
        raise EvaluationFailed("; ".join(failures), self.settings.max_attempts)

    def _attempt(self, messages: list[dict[str, str]]) -> Scorecard:
        try:
            completion = self._client.chat.completions.parse(
                model=self.settings.model,
                messages=messages,  # type: ignore[arg-type]
                response_format=Scorecard,
            )
        except openai.APITimeoutError as err:
            raise _Retryable(f"no answer within {self.settings.timeout_s:g} s") from err
        except openai.APIConnectionError as err:
            raise _Retryable(f"connection failed ({type(err.__cause__).__name__})") from err
        except openai.APIStatusError as err:
            if err.status_code in RETRIED_STATUSES or err.status_code >= 500:
                raise _Retryable(f"HTTP {err.status_code}") from err
            raise
        except openai.APIResponseValidationError as err:
            raise _Retryable("the answer was not a chat completion") from err
        except openai.LengthFinishReasonError as err:
            raise _Retryable("the answer was cut off at the token limit") from err
        except openai.ContentFilterFinishReasonError as err:
            raise _Retryable("the answer was withheld by a content filter") from err
        except pydantic.ValidationError as err:
            raise _Retryable(f"invalid scorecard: {_describe(err)}") from err
        except (ValueError, TypeError) as err:
            # The client lets a body that is not JSON (JSONDecodeError) or not shaped like a
            # completion (TypeError while reading its choices) escape as plain exceptions.
            raise _Retryable(
                f"the answer was not a chat completion ({type(err).__name__})"
            ) from err
        if not completion.choices:
            raise _Retryable("the answer had no choices")
        message = completion.choices[0].message
        if message.parsed is None:
            raise _Retryable("the model refused" if message.refusal else "the answer was empty")
        try:
            return in_spec_order(message.parsed, self.specs)
        except ScorecardItemsMismatch as err:
            raise _Retryable(f"wrong scorecard items ({err})") from err


def _describe(err: pydantic.ValidationError) -> str:
    """Where and why the answer failed validation, without echoing the answer itself."""
    errors = err.errors(include_input=False, include_url=False)
    said = [
        f"{'.'.join(str(part) for part in e['loc']) or 'answer'}: {e['msg']}"
        for e in errors[:MAX_REASON_ERRORS]
    ]
    more = len(errors) - MAX_REASON_ERRORS
    return "; ".join(said) + (f" (+{more} more)" if more > 0 else "")


def system_prompt(specs: Sequence[ScorecardItemSpec]) -> str:
    """The instructions: the scorecard items, the scale, and the JSON schema to answer in."""
    items = "\n".join(
        f"- {spec.code} ({spec.name_ko}, 가중치 {spec.weight:g}): {spec.description}"
        for spec in specs
    )
    schema = json.dumps(Scorecard.model_json_schema(), ensure_ascii=False)
    return f"""당신은 손해보험사 고객센터의 통화 품질(QA) 평가자입니다.
상담사와 고객의 통화 대화록을 읽고 아래 채점 항목마다 \
{MIN_SCORE}점(미흡)부터 {MAX_SCORE}점(우수)까지 정수로 채점하세요.

채점 항목 (code, 이름, 가중치: 평가 기준):
{items}

규칙:
- items에는 위 항목을 code 그대로 하나씩 모두 넣고, 다른 항목은 넣지 마세요.
- evidence에는 점수의 근거가 된 발화를 대화록에서 글자 그대로 인용하세요 (요약하거나 고치지 마세요).
- reason, summary, intent, coaching은 한국어로 쓰세요. coaching은 상담사에게 직접 건네는 \
구체적인 개선 조언입니다.
- resolution은 "해결", "미해결", "추가상담필요" 중 하나입니다.
- sentiment_start와 sentiment_end는 통화 시작과 끝의 고객 감정이며 \
"positive", "neutral", "negative" 중 하나입니다.
- 대화록의 [전화번호], [주민등록번호] 같은 표시는 개인정보를 가린 것이므로 그대로 두세요.

다음 JSON 스키마에 맞는 JSON 객체 하나만 답하세요:
{schema}"""


def user_prompt(turns: Sequence[Turn], *, category: CallCategory) -> str:
    """The call as the model reads it: its category, then one labelled line per utterance."""
    lines = "\n".join(f"{SPEAKER_LABELS[turn.speaker]}: {turn.text}" for turn in turns)
    return f"통화 유형: {category.value}\n\n대화록:\n{lines}"
