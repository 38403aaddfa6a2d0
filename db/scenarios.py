"""ARS scenarios and their drafts: the list page, creating and renaming, saving the working copy,
and the prompt library as the flow editor sees it.

Every write checks ``Permission.EDIT_SCENARIOS``, validates its input before touching a row
(bad input raises ``UserError`` and changes nothing) and writes an audit row in the caller's
transaction. A draft is saved with one conditional UPDATE on its revision, so of two people
saving from the same revision exactly one wins and the other is told who saved first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NoReturn
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import DeploymentStatus, Environment, TakeStatus
from core.errors import UserError
from core.flow.model import Edge, Flow, Node, NodeKind
from core.flow.prompts import PromptAudio
from db import audit
from db.models import (
    Deployment,
    Prompt,
    Scenario,
    ScenarioDraft,
    ScenarioVersion,
    TtsTake,
    User,
)
from db.types import utcnow

NAME_MAX = 120  # scenarios.name
DESCRIPTION_MAX = 1000
DISPLAY_TZ = "Asia/Seoul"
"""The zone of the times said in messages (who saved a draft first, and when)."""
_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def default_flow() -> Flow:
    """A new scenario's first draft: a start straight into a goodbye."""
    start = Node("n1", NodeKind.START, "시작")
    goodbye = Node("n2", NodeKind.END, "종료", y=150.0, prompt_text="이용해 주셔서 감사합니다.")
    return Flow(nodes=(start, goodbye), edges=(Edge("e1", "n1", "n2"),))


class StaleDraftError(UserError):
    """The draft was saved by someone else since the revision the editor started from."""

    def __init__(self, *, revision: int, by: str, at: datetime) -> None:
        text = at.astimezone(ZoneInfo(DISPLAY_TZ)).strftime("%Y-%m-%d %H:%M")
        super().__init__("scenario.error.stale_draft", revision=revision, by=by, at=text)
        self.revision = revision
        self.updated_at = at


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScenarioSummary:
    id: int
    name: str
    description: str
    revision: int  # the draft's
    updated_at: datetime  # when the draft was last saved
    updated_by: str | None  # by whom (username); None for seeded rows
    latest_version: int | None
    active_versions: dict[Environment, int]  # the version live in each environment
    pending_approvals: int
    archived: bool


def list_scenarios(*, session: Session, include_archived: bool = False) -> list[ScenarioSummary]:
    """Every scenario by name, with its draft, latest version and what is live where."""
    stmt = (
        select(Scenario, ScenarioDraft.revision, ScenarioDraft.updated_at, User.username)
        .join(ScenarioDraft, ScenarioDraft.scenario_id == Scenario.id)
        .outerjoin(User, User.id == ScenarioDraft.updated_by)
        .order_by(Scenario.archived, Scenario.name)
    )
    if not include_archived:
        stmt = stmt.where(Scenario.archived.is_(False))
    rows = session.execute(stmt).all()
    latest = dict(
        session.execute(
            select(ScenarioVersion.scenario_id, func.max(ScenarioVersion.number)).group_by(
                ScenarioVersion.scenario_id
            )
        ).all()
    )
    active: dict[int, dict[Environment, int]] = {}
    for scenario_id, environment, number in session.execute(
        select(Deployment.scenario_id, Deployment.environment, ScenarioVersion.number)
        .join(ScenarioVersion, ScenarioVersion.id == Deployment.version_id)
        .where(Deployment.status == DeploymentStatus.ACTIVE)
    ):
        active.setdefault(scenario_id, {})[environment] = number
    pending = dict(
        session.execute(
            select(Deployment.scenario_id, func.count(Deployment.id))
            .where(Deployment.status == DeploymentStatus.PENDING_APPROVAL)
            .group_by(Deployment.scenario_id)
        ).all()
    )
    return [
        ScenarioSummary(
            id=scenario.id,
            name=scenario.name,
            description=scenario.description,
            revision=revision,
            updated_at=updated_at,
            updated_by=username,
            latest_version=latest.get(scenario.id),
            active_versions=active.get(scenario.id, {}),
            pending_approvals=pending.get(scenario.id, 0),
            archived=scenario.archived,
        )
        for scenario, revision, updated_at, username in rows
    ]


@dataclass(frozen=True, slots=True)
class DraftView:
    scenario_id: int
    name: str
    description: str
    flow: Flow
    revision: int
    based_on_version: int | None
    updated_by: str | None  # username
    updated_at: datetime
    archived: bool


def get_draft(*, session: Session, scenario_id: int) -> DraftView | None:
    """The scenario's working copy; None when there is no such scenario."""
    row = session.execute(
        select(
            Scenario.name,
            Scenario.description,
            Scenario.archived,
            ScenarioDraft.flow,
            ScenarioDraft.revision,
            ScenarioDraft.based_on_version,
            User.username,
            ScenarioDraft.updated_at,
        )
        .join(ScenarioDraft, ScenarioDraft.scenario_id == Scenario.id)
        .outerjoin(User, User.id == ScenarioDraft.updated_by)
        .where(Scenario.id == scenario_id)
    ).one_or_none()
    if row is None:
        return None
    name, description, archived, flow, revision, based_on, username, updated_at = row
    return DraftView(
        scenario_id=scenario_id,
        name=name,
        description=description,
        flow=Flow.from_dict(flow),
        revision=revision,
        based_on_version=based_on,
        updated_by=username,
        updated_at=updated_at,
        archived=archived,
    )


# -- the prompt library as the editor sees it -------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromptChoice:
    id: int
    code: str
    text: str
    tags: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.code} · {self.text}"


def prompt_choices(*, session: Session) -> list[PromptChoice]:
    """The library for the editor's prompt picker, by code."""
    return [
        PromptChoice(prompt_id, code, text, tuple(tags or ()))
        for prompt_id, code, text, tags in session.execute(
            select(Prompt.id, Prompt.code, Prompt.text, Prompt.tags).order_by(Prompt.code)
        )
    ]


def prompt_catalog(
    *, session: Session, prompt_ids: Iterable[int] | None = None
) -> dict[int, PromptAudio]:
    """Library text and the newest approved take's audio for ``prompt_ids`` (all if None).

    An approved take counts only when its synthesis finished and left a file."""
    prompts = select(Prompt.id, Prompt.code, Prompt.text)
    takes = select(
        TtsTake.prompt_id, TtsTake.audio_path, TtsTake.duration_s, TtsTake.approved_at, TtsTake.id
    ).where(
        TtsTake.approved.is_(True),
        TtsTake.status == TakeStatus.DONE,
        TtsTake.audio_path.is_not(None),
        TtsTake.prompt_id.is_not(None),
    )
    if prompt_ids is not None:
        wanted = sorted(set(prompt_ids))
        if not wanted:
            return {}
        prompts = prompts.where(Prompt.id.in_(wanted))
        takes = takes.where(TtsTake.prompt_id.in_(wanted))
    newest: dict[int, tuple] = {}
    for prompt_id, path, duration, approved_at, take_id in session.execute(takes):
        order = (approved_at or _LONG_AGO, take_id)
        if prompt_id not in newest or order > newest[prompt_id][0]:
            newest[prompt_id] = (order, path, duration)
    catalog = {}
    for prompt_id, code, text in session.execute(prompts):
        _, path, duration = newest.get(prompt_id, (None, None, None))
        catalog[prompt_id] = PromptAudio(prompt_id, code, text, path, duration)
    return catalog


# -- writes ----------------------------------------------------------------------------------


def _clean_name(session: Session, name: str, scenario_id: int | None = None) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("scenario.error.name_required")
    if len(cleaned) > NAME_MAX:
        raise UserError("scenario.error.name_too_long", max=NAME_MAX)
    taken = select(Scenario.id).where(func.lower(Scenario.name) == cleaned.lower())
    if scenario_id is not None:
        taken = taken.where(Scenario.id != scenario_id)
    if session.scalar(taken) is not None:
        raise UserError("scenario.error.name_taken", name=cleaned)
    return cleaned


def _clean_description(description: str) -> str:
    cleaned = description.strip()
    if len(cleaned) > DESCRIPTION_MAX:
        raise UserError("scenario.error.description_too_long", max=DESCRIPTION_MAX)
    return cleaned


def scenario_for_update(session: Session, scenario_id: int, *, editable: bool = True) -> Scenario:
    """The scenario, locked until the transaction ends (on PostgreSQL) so that writes to one
    scenario's versions and deployments happen one after another; an archived one is
    read-only unless ``editable`` is False."""
    scenario = session.scalar(select(Scenario).where(Scenario.id == scenario_id).with_for_update())
    if scenario is None:
        raise UserError("scenario.error.not_found")
    if editable and scenario.archived:
        raise UserError("scenario.error.archived", name=scenario.name)
    return scenario


def stored_form(flow: Flow) -> dict:
    """``flow`` as a draft or version row stores it, refused (``FlowSchemaError``) unless it
    reads back: an editor may build what the schema would not accept, such as a bad pattern."""
    document = flow.to_dict()
    Flow.from_dict(document)
    return document


def _audit(session: Session, actor: Actor, scenario_id: int, action: str, **details) -> None:
    audit.record(session=session, actor=actor, action=f"scenario.{action}",
                 target_type="scenario", target_id=scenario_id, **details)  # fmt: skip


def create_scenario(
    *,
    session: Session,
    actor: Actor,
    name: str,
    description: str = "",
    flow: Flow | None = None,
) -> int:
    """A new scenario whose draft is ``flow`` (by default a start and a goodbye); its id."""
    actor.require(Permission.EDIT_SCENARIOS)
    name, description = _clean_name(session, name), _clean_description(description)
    flow = flow if flow is not None else default_flow()
    document = stored_form(flow)
    scenario = Scenario(name=name, description=description, created_by=actor.user_id)
    session.add(scenario)
    session.flush()
    session.add(ScenarioDraft(scenario_id=scenario.id, flow=document, revision=1,
                              updated_by=actor.user_id, updated_at=utcnow()))  # fmt: skip
    session.flush()
    _audit(session, actor, scenario.id, "create", name=name, nodes=len(flow.nodes))
    return scenario.id


def update_scenario(
    *, session: Session, actor: Actor, scenario_id: int, name: str, description: str
) -> None:
    """Rename a scenario or change its description (archived ones too)."""
    actor.require(Permission.EDIT_SCENARIOS)
    scenario = scenario_for_update(session, scenario_id, editable=False)
    values = {"name": _clean_name(session, name, scenario_id),
              "description": _clean_description(description)}  # fmt: skip
    changes = {
        field: {"from": getattr(scenario, field), "to": value}
        for field, value in values.items()
        if getattr(scenario, field) != value
    }
    if not changes:
        return
    for field, change in changes.items():
        setattr(scenario, field, change["to"])
    session.flush()
    _audit(session, actor, scenario_id, "update", changes=changes)


def set_archived(*, session: Session, actor: Actor, scenario_id: int, archived: bool) -> None:
    """Archive a scenario (hidden from the list, read-only; what is deployed stays deployed)
    or bring it back."""
    actor.require(Permission.EDIT_SCENARIOS)
    scenario = scenario_for_update(session, scenario_id, editable=False)
    if scenario.archived == archived:
        return
    scenario.archived = archived
    session.flush()
    _audit(session, actor, scenario_id, "archive" if archived else "unarchive", name=scenario.name)


def replace_draft(
    session: Session,
    actor: Actor,
    scenario_id: int,
    flow: Flow,
    base_revision: int,
    *,
    based_on_version: int | None = None,
) -> int:
    """Put ``flow`` in the draft if it is still at ``base_revision``; the new revision.

    One conditional UPDATE: the database's row lock (PostgreSQL) or write lock (SQLite) makes
    a concurrent save from the same revision match no row, and so fail, instead of
    overwriting. Used by saving, restoring a version and importing."""
    scenario_for_update(session, scenario_id)
    values = {
        "flow": stored_form(flow),
        "revision": ScenarioDraft.revision + 1,
        "updated_by": actor.user_id,
        "updated_at": utcnow(),
    }
    if based_on_version is not None:
        values["based_on_version"] = based_on_version
    result = session.execute(
        update(ScenarioDraft)
        .where(ScenarioDraft.scenario_id == scenario_id, ScenarioDraft.revision == base_revision)
        .values(**values)
        .execution_options(synchronize_session="fetch")  # a draft already loaded follows
    )
    if result.rowcount != 1:
        raise_stale(session, scenario_id)
    return base_revision + 1


def raise_stale(session: Session, scenario_id: int) -> NoReturn:
    """Raise ``StaleDraftError`` saying who saved the draft last, and when."""
    row = session.execute(
        select(ScenarioDraft.revision, ScenarioDraft.updated_at, User.username)
        .outerjoin(User, User.id == ScenarioDraft.updated_by)
        .where(ScenarioDraft.scenario_id == scenario_id)
    ).one_or_none()
    if row is None:
        raise UserError("scenario.error.not_found")
    revision, updated_at, username = row
    raise StaleDraftError(revision=revision, by=username or "system", at=updated_at)


def save_draft(
    *, session: Session, actor: Actor, scenario_id: int, flow: Flow, base_revision: int
) -> int:
    """Save the editor's flow over the draft it was loaded from; the new revision.

    Raises ``StaleDraftError`` (and changes nothing) when someone saved in between."""
    actor.require(Permission.EDIT_SCENARIOS)
    revision = replace_draft(session, actor, scenario_id, flow, base_revision)
    _audit(session, actor, scenario_id, "save_draft", revision=revision,
           nodes=len(flow.nodes), edges=len(flow.edges))  # fmt: skip
    return revision
