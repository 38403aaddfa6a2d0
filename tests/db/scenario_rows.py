"""People, library prompts (with approved audio on disk) and a valid flow for the scenario
tests."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select

from core.access import Actor
from core.domain import Role, TakeStatus
from core.flow.model import Edge, Flow, MenuOption, Node, NodeKind
from db.models import (
    AuditEntry,
    Deployment,
    Prompt,
    Scenario,
    ScenarioDraft,
    ScenarioVersion,
    TtsTake,
    User,
)
from db.session import transaction

APPROVED_AT = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


@dataclass(frozen=True)
class People:
    designer: Actor
    other_designer: Actor
    admin: Actor
    viewer: Actor
    supervisor: Actor


def people(engine: Engine) -> People:
    """One user per role (two designers), as actors whose user ids exist."""
    accounts = {
        "designer": ("park.design", Role.DESIGNER),
        "other_designer": ("choi.design", Role.DESIGNER),
        "admin": ("root", Role.ADMIN),
        "viewer": ("lee.view", Role.VIEWER),
        "supervisor": ("kim.sv", Role.SUPERVISOR),
    }
    actors = {}
    with transaction(engine) as session:
        for field, (username, role) in accounts.items():
            user = User(username=username, name=username, password_hash="-", roles=[role.value])
            session.add(user)
            session.flush()
            actors[field] = Actor(user_id=user.id, username=username, roles=[role])
    return People(**actors)


PROMPTS = {
    "t.welcome": "안녕하십니까, 한빛손해보험입니다.",
    "t.menu": "사고 접수는 1번을 눌러 주세요.",
    "t.transfer": "{queue} 상담원에게 연결해 드리겠습니다.",
    "t.goodbye": "이용해 주셔서 감사합니다.",
}


def add_prompts(engine: Engine) -> dict[str, int]:
    """The library prompts above, by code."""
    with transaction(engine) as session:
        rows = [Prompt(code=code, text=text) for code, text in PROMPTS.items()]
        session.add_all(rows)
        session.flush()
        return {row.code: row.id for row in rows}


def write_wav(path: Path, seconds: float = 0.5, rate: int = 8000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"\x00\x00" * int(seconds * rate))
    return path


def approve_audio(
    engine: Engine,
    data_dir: Path,
    prompt_id: int,
    *,
    name: str | None = None,
    approved_at: datetime = APPROVED_AT,
    duration_s: float = 0.5,
) -> str:
    """An approved, finished take of the prompt with a real wav file under ``data_dir``;
    its stored path (relative to ``data_dir``)."""
    relative = f"tts/{name or f'prompt-{prompt_id}'}.wav"
    write_wav(data_dir / relative, duration_s)
    with transaction(engine) as session:
        session.add(
            TtsTake(prompt_id=prompt_id, engine="test", text=f"prompt {prompt_id}",
                    cache_key=f"k{prompt_id}-{relative}", status=TakeStatus.DONE,
                    audio_path=relative, duration_s=duration_s, approved=True,
                    approved_at=approved_at)
        )  # fmt: skip
    return relative


def approve_all(engine: Engine, data_dir: Path, prompt_ids: dict[str, int]) -> None:
    for offset, prompt_id in enumerate(prompt_ids.values()):
        approve_audio(engine, data_dir, prompt_id, approved_at=APPROVED_AT + timedelta(offset))


def valid_flow(prompt_ids: dict[str, int], *, greeting: str = "") -> Flow:
    """Start, greeting, a one-key menu to a transfer, failures to a goodbye: no errors."""
    return Flow(
        nodes=(
            Node("n1", NodeKind.START, "시작"),
            Node("n2", NodeKind.MESSAGE, "환영 인사", prompt_id=prompt_ids["t.welcome"],
                 prompt_text=greeting or PROMPTS["t.welcome"], y=150),
            Node("n3", NodeKind.MENU, "메인 메뉴", prompt_id=prompt_ids["t.menu"],
                 prompt_text=PROMPTS["t.menu"], options=(MenuOption("1", "사고 접수"),), y=300),
            Node("n4", NodeKind.TRANSFER, "사고접수 연결", prompt_id=prompt_ids["t.transfer"],
                 prompt_text=PROMPTS["t.transfer"], queue="사고접수", y=450),
            Node("n5", NodeKind.END, "종료", prompt_id=prompt_ids["t.goodbye"],
                 prompt_text=PROMPTS["t.goodbye"], x=260, y=450),
        ),
        edges=(
            Edge("e1", "n1", "n2"),
            Edge("e2", "n2", "n3"),
            Edge("e3", "n3", "n4", "1"),
            Edge("e4", "n3", "n5", "timeout"),
            Edge("e5", "n3", "n5", "invalid"),
        ),
    )  # fmt: skip


def broken_flow() -> Flow:
    """A menu with no exits at all: validation errors."""
    return Flow(
        nodes=(Node("n1", NodeKind.START, "시작"),
               Node("n2", NodeKind.MENU, "빈 메뉴", prompt_text="눌러 주세요.")),
        edges=(Edge("e1", "n1", "n2"),),
    )  # fmt: skip


def counts(engine: Engine) -> dict[str, int]:
    """Rows in every table the scenario code writes."""
    tables = {"scenarios": Scenario, "drafts": ScenarioDraft, "versions": ScenarioVersion,
              "deployments": Deployment, "audit": AuditEntry}  # fmt: skip
    with transaction(engine) as session:
        return {
            name: session.scalar(select(func.count()).select_from(model))
            for name, model in tables.items()
        }


def snapshot(engine: Engine) -> tuple:
    """Every scenario row's content, to show that a refused write changed nothing."""
    with transaction(engine) as session:
        return (
            counts(engine),
            [tuple(r) for r in session.execute(
                select(Scenario.id, Scenario.name, Scenario.description, Scenario.archived)
                .order_by(Scenario.id))],
            [tuple(r) for r in session.execute(
                select(ScenarioDraft.scenario_id, ScenarioDraft.revision, ScenarioDraft.flow,
                       ScenarioDraft.based_on_version).order_by(ScenarioDraft.scenario_id))],
            [tuple(r) for r in session.execute(
                select(Deployment.id, Deployment.status, Deployment.approved_by)
                .order_by(Deployment.id))],
        )  # fmt: skip


def run(engine: Engine, action, **kwargs):
    """``action`` in a transaction of its own (committed unless it raises)."""
    with transaction(engine) as session:
        return action(session=session, **kwargs)
