"""Voice studio rows for tests: a voice actor with consent, a library prompt."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from core.access import Actor, Role
from db import prompt_library, voice_actors

DESIGNER = Actor(user_id=None, username="designer", roles=[Role.DESIGNER])
VIEWER = Actor(user_id=None, username="viewer", roles=[Role.VIEWER])
CONSENT_PDF = b"%PDF-1.4\n% signed consent form\n%%EOF\n"


def voice_actor(session: Session, data_dir: Path, name: str = "김하늘") -> int:
    return voice_actors.create_actor(
        session=session, actor=DESIGNER, data_dir=data_dir, name=name,
        consent_given_by=name, consent_at=datetime(2026, 3, 2, tzinfo=UTC),
        consent_scope="ARS 안내 멘트 음성 합성", document=CONSENT_PDF,
        document_filename="동의서.pdf",
    )  # fmt: skip


def prompt(session: Session, code: str = "main.menu", text: str = "") -> int:
    return prompt_library.create_prompt(
        session=session, actor=DESIGNER, code=code,
        text=text or "사고 접수는 1번, 상담원 연결은 0번을 눌러 주세요.", tags=["메뉴"],
    )  # fmt: skip
