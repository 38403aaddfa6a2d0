"""The demo contact centre: its teams and agents, and who took which call when.

Pure and deterministic for a seed: nothing here touches the database. Call timings and
words come from ``db.demo.phrases``, rendered by ``db.demo.conversations``; a large dataset
reuses a bounded pool of rendered conversations (see ``ConversationPool``) so that a million
calls generate in seconds.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from core.domain import CallCategory
from db.demo.conversations import AgentStyle, Conversation, render_conversation

SEOUL = ZoneInfo("Asia/Seoul")

CATEGORIES: tuple[CallCategory, ...] = tuple(CallCategory)
"""Call categories in a fixed order; plans store an index into this."""

MIN_AGENTS = 32
"""Agents in the smallest demo centre."""

CALLS_PER_AGENT_DAY = 40
"""Calls an agent takes on a busy day; bigger datasets get more agents, not busier ones."""

AGENTS_PER_TEAM = 20
"""Team size at which a function (e.g. 사고접수) opens another numbered team."""

REPEAT_SHARE = 0.12
"""Share of calls made by a customer who already called within the last 7 days."""

REPEAT_WINDOW_S = 7 * 24 * 3600

MAX_VARIANTS = 40_000
"""Distinct renderings at most; beyond this many calls, conversations are reused."""

SURNAMES = "김김김김이이이박박최정강조윤장임한오서신권황안송류전홍고문양손배백허남심노"
GIVEN_NAMES = (
    "민준", "서연", "지훈", "서윤", "도윤", "지우", "하준", "하은", "예준", "수아", "시우", "지민",
    "주원", "지유", "현우", "채원", "지호", "윤서", "준서", "다은", "건우", "예은", "우진", "수빈",
    "선우", "지아", "민재", "소율", "현준", "예린", "은우", "유나", "정우", "시은", "승현", "하린",
    "민성", "서현", "동현", "지원", "태윤", "은지", "성민", "혜진", "재원", "미경", "영호", "경숙",
    "상훈", "정희", "동욱", "수정", "진혁", "은영", "형준", "미란", "성호", "보람", "재희", "나연",
)  # fmt: skip

DAY_WEIGHTS = (1.3, 1.1, 1.0, 1.0, 1.05, 0.3, 0.12)
"""Relative call volume Monday..Sunday."""

# Calls per Seoul hour: the weekday peaks mid-morning and mid-afternoon; accidents come at night.
WEEKDAY_HOURS = np.array(
    [
        1,
        1,
        0.5,
        0.5,
        0.5,
        1,
        2,
        5,
        12,
        100,
        135,
        125,
        80,
        110,
        125,
        120,
        105,
        85,
        25,
        9,
        6,
        4,
        3,
        2,
    ],
    dtype=float,
)
WEEKEND_HOURS = np.array(
    [2, 1, 1, 1, 1, 1, 2, 5, 10, 60, 75, 70, 50, 20, 15, 12, 10, 8, 6, 5, 4, 3, 3, 2], dtype=float
)


@dataclass(frozen=True, slots=True)
class TeamFunction:
    name: str
    description: str
    category_mix: dict[CallCategory, float]


TEAM_FUNCTIONS = (
    TeamFunction(
        "사고접수",
        "자동차·일반 사고 접수와 긴급출동 연결",
        {CallCategory.ACCIDENT: 0.8, CallCategory.CLAIM: 0.1, CallCategory.GENERAL: 0.1},
    ),
    TeamFunction(
        "보상상담",
        "보험금 청구 서류 안내와 지급 심사 문의",
        {CallCategory.CLAIM: 0.75, CallCategory.ACCIDENT: 0.1, CallCategory.GENERAL: 0.15},
    ),
    TeamFunction(
        "계약관리",
        "주소·수익자·차량 변경과 해지 상담",
        {
            CallCategory.CONTRACT_CHANGE: 0.55,
            CallCategory.CANCELLATION: 0.35,
            CallCategory.GENERAL: 0.1,
        },
    ),
    TeamFunction(
        "수납관리",
        "보험료 납입, 자동이체 변경, 미납 안내",
        {CallCategory.PAYMENT: 0.8, CallCategory.CANCELLATION: 0.05, CallCategory.GENERAL: 0.15},
    ),
    TeamFunction(
        "고객케어",
        "일반 문의와 불만 접수",
        {
            CallCategory.GENERAL: 0.5,
            CallCategory.CLAIM: 0.15,
            CallCategory.CONTRACT_CHANGE: 0.15,
            CallCategory.PAYMENT: 0.1,
            CallCategory.CANCELLATION: 0.1,
        },
    ),
)

# Share of agents with each habit; every habit has at least one agent.
TRAIT_SHARES = {
    "rude": 0.08,
    "skips_greeting": 0.1,
    "skips_identity": 0.12,
    "skips_notice": 0.12,
    "skips_closing": 0.12,
    "talks_over": 0.12,
    "long_silences": 0.1,
}


@dataclass(frozen=True, slots=True)
class DemoTeam:
    name: str
    description: str
    function: int  # index into TEAM_FUNCTIONS


@dataclass(frozen=True, slots=True)
class DemoAgent:
    employee_no: str
    name: str
    team: int  # index into DemoRoster.teams
    hired_on: date
    style: AgentStyle


@dataclass(frozen=True, slots=True)
class DemoRoster:
    teams: tuple[DemoTeam, ...]
    agents: tuple[DemoAgent, ...]


@dataclass(frozen=True, slots=True)
class CallPlan:
    """Who took which call when, one array element per call, in order of ``started_at``."""

    started_at: np.ndarray  # int64 Unix seconds (UTC)
    agent: np.ndarray  # index into DemoRoster.agents
    category: np.ndarray  # index into CATEGORIES
    customer: np.ndarray  # int64 synthetic customer number
    repeat: np.ndarray  # bool: the customer called within the last 7 days
    variant: np.ndarray  # which rendering of (agent style, category, repeat) the call uses

    def __len__(self) -> int:
        return len(self.started_at)


def build_roster(*, calls: int, days: int, seed: int, today: date) -> DemoRoster:
    """Teams and agents sized for ``calls`` over ``days``, each agent with their own habits."""
    rng = random.Random(f"roster:{seed}")
    n_agents = max(MIN_AGENTS, math.ceil(calls / days / CALLS_PER_AGENT_DAY))
    per_function = math.ceil(n_agents / len(TEAM_FUNCTIONS) / AGENTS_PER_TEAM)
    teams = tuple(
        DemoTeam(f"{function.name}{k + 1}팀", function.description, index)
        for index, function in enumerate(TEAM_FUNCTIONS)
        for k in range(per_function)
    )
    names = rng.sample([s + g for s in dict.fromkeys(SURNAMES) for g in GIVEN_NAMES], n_agents)
    habits = {trait: set(rng.sample(range(n_agents), max(1, round(share * n_agents))))
              for trait, share in TRAIT_SHARES.items()}  # fmt: skip
    agents = []
    for i, name in enumerate(names):
        hired_on = today - timedelta(days=rng.randint(60, 12 * 365))
        style = AgentStyle(
            **{trait: i in members for trait, members in habits.items()},
            syllables_per_s=rng.choices((4.4, 5.0, 5.6), weights=(1, 2, 1))[0],
        )
        employee_no = f"HB{hired_on.year % 100:02d}{i + 1:04d}"
        agents.append(DemoAgent(employee_no, name, i % len(teams), hired_on, style))
    return DemoRoster(teams, tuple(agents))


def plan_calls(roster: DemoRoster, *, calls: int, days: int, seed: int, now: datetime) -> CallPlan:
    """Spread ``calls`` over the ``days`` Seoul days ending now, mostly in business hours."""
    rng = np.random.default_rng(seed)
    local_now = now.astimezone(SEOUL)
    # The window ends with the last hour that has passed: no call comes from the future.
    last = local_now - timedelta(hours=1)
    dates = [last.date() - timedelta(days=days - 1 - i) for i in range(days)]
    hour_tables = []
    for day in dates:
        hours = (WEEKDAY_HOURS if day.weekday() < 5 else WEEKEND_HOURS).copy()
        if day == last.date():
            hours[last.hour + 1 :] = 0.0
        hour_tables.append(hours)
    weights = np.array([DAY_WEIGHTS[d.weekday()] * h.sum() / WEEKDAY_HOURS.sum()
                        for d, h in zip(dates, hour_tables, strict=True)])  # fmt: skip
    per_day = rng.multinomial(calls, weights / weights.sum())
    started = np.concatenate(
        [
            int(datetime(d.year, d.month, d.day, tzinfo=SEOUL).timestamp())
            + rng.choice(24, size=n, p=hours / hours.sum()) * 3600
            + rng.integers(0, 3600, size=n)
            for d, hours, n in zip(dates, hour_tables, per_day, strict=True)
            if n
        ]
        or [np.zeros(0, dtype=np.int64)]
    ).astype(np.int64)
    started.sort()

    workload = rng.uniform(0.6, 1.4, size=len(roster.agents))
    agent = rng.choice(len(roster.agents), size=calls, p=workload / workload.sum())
    category = np.zeros(calls, dtype=np.int8)
    function_of_agent = np.array([roster.teams[a.team].function for a in roster.agents])
    for index, function in enumerate(TEAM_FUNCTIONS):
        mine = np.flatnonzero(function_of_agent[agent] == index)
        mix = np.array([function.category_mix.get(c, 0.0) for c in CATEGORIES])
        category[mine] = rng.choice(len(CATEGORIES), size=len(mine), p=mix / mix.sum())

    customer = (seed * 7919 + np.arange(calls, dtype=np.int64)) % 10**8
    repeat = np.zeros(calls, dtype=bool)
    earliest = np.searchsorted(started, started - REPEAT_WINDOW_S, side="left")
    draws = rng.random(calls)
    for i in np.flatnonzero((rng.random(calls) < REPEAT_SHARE) & (earliest < np.arange(calls))):
        earlier = earliest[i] + int(draws[i] * (i - earliest[i]))
        customer[i], category[i], repeat[i] = customer[earlier], category[earlier], True

    key = (_style_ids(roster)[agent] * len(CATEGORIES) + category) * 2 + repeat
    return CallPlan(started, agent, category, customer, repeat, _variants(key, calls))


def _style_ids(roster: DemoRoster) -> np.ndarray:
    ids: dict[AgentStyle, int] = {}
    return np.array([ids.setdefault(a.style, len(ids)) for a in roster.agents], dtype=np.int64)


def _variants(key: np.ndarray, calls: int) -> np.ndarray:
    """Each call's rendering: all distinct up to ``MAX_VARIANTS`` calls, then cycling."""
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    group_start = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    counts = np.diff(np.r_[group_start, len(key)])
    occurrence = np.arange(len(key)) - np.repeat(group_start, counts)
    budget = min(1.0, MAX_VARIANTS / max(calls, 1))
    pool_size = np.maximum(1, np.ceil(counts * budget)).astype(np.int64)
    variant = np.empty(len(key), dtype=np.int64)
    variant[order] = occurrence % np.repeat(pool_size, counts)
    return variant


def customer_key_hash(customer: int) -> str:
    """sha256 of the customer's (synthetic) normalised phone number, as calls store it."""
    return hashlib.sha256(f"010{customer:08d}".encode()).hexdigest()


def customer_name(customer: int) -> str:
    surnames = SURNAMES
    return (
        surnames[customer % len(surnames)]
        + GIVEN_NAMES[customer // len(surnames) % len(GIVEN_NAMES)]
    )


class ConversationPool:
    """Renders each (agent style, category, repeat caller, variant) once, then reuses it."""

    def __init__(self, roster: DemoRoster, plan: CallPlan, *, seed: int) -> None:
        style_ids = _style_ids(roster)
        self._styles = {int(i): a.style for i, a in zip(style_ids, roster.agents, strict=True)}
        self._seed = seed
        self._cache: dict[int, Conversation] = {}
        self._span = int(plan.variant.max(initial=0)) + 1
        self.keys = (
            (style_ids[plan.agent] * len(CATEGORIES) + plan.category) * 2 + plan.repeat
        ) * self._span + plan.variant
        """One int per call naming the rendering it uses."""

    def conversation(self, key: int) -> Conversation:
        conversation = self._cache.get(key)
        if conversation is None:
            rest, variant = divmod(key, self._span)
            rest, repeat = divmod(rest, 2)
            style, category = divmod(rest, len(CATEGORIES))
            conversation = render_conversation(
                style=self._styles[style],
                category=CATEGORIES[category],
                repeat_caller=bool(repeat),
                rng=random.Random(f"{self._seed}:{style}:{category}:{repeat}:{variant}"),
            )
            self._cache[key] = conversation
        return conversation

    @property
    def rendered(self) -> int:
        """Conversations rendered so far."""
        return len(self._cache)
