"""An imported conversation made into a call to store: the file's metadata, else the batch's
defaults, checked. Whatever is still missing or impossible rejects the call, naming it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.domain import CallCategory, CallDirection
from core.errors import UserError
from core.transcript import Turn
from core.transcript_import.model import ImportedConversation, Rejection
from core.transcript_import.plan import BatchDefaults
from core.transcript_import.rejecting import rejection

MAX_SOURCE_ID = 128
"""The longest call id kept (``calls.source_ref``)."""


@dataclass(frozen=True, slots=True)
class CallToStore:
    source_id: str
    agent: str
    """The agent's employee number or name, as the file or the batch gives it."""
    category: CallCategory
    direction: CallDirection
    started_at: datetime
    customer_key: str | None
    duration_s: float | None
    """The last utterance's end where it is known; None for an untimed transcript."""
    turns: tuple[Turn, ...]
    line: int | None
    record: int

    def rejected(self, error: UserError) -> Rejection:
        return rejection(error, line=self.line, record=self.record, source_id=self.source_id)


def call_to_store(
    conversation: ImportedConversation, defaults: BatchDefaults, *, now: datetime
) -> CallToStore:
    """The call ``conversation`` becomes; UserError for what it lacks or gets wrong."""
    metadata = conversation.metadata
    if len(conversation.source_id) > MAX_SOURCE_ID:
        raise UserError("transcript_import.source_id_too_long", max=str(MAX_SOURCE_ID))
    agent = metadata.agent or defaults.agent
    if not agent:
        raise UserError("transcript_import.no_agent")
    category = metadata.category or defaults.category
    if category is None:
        raise UserError("transcript_import.no_category")
    started_at = metadata.started_at or defaults.started_at
    if started_at is None:
        raise UserError("transcript_import.no_started_at")
    if started_at > now:
        raise UserError("transcript_import.started_in_future", started_at=started_at.isoformat())
    return CallToStore(
        source_id=conversation.source_id,
        agent=agent,
        category=category,
        direction=metadata.direction or defaults.direction,
        started_at=started_at,
        customer_key=metadata.customer_key,
        duration_s=conversation.duration_s,
        turns=conversation.turns,
        line=metadata.line,
        record=metadata.record,
    )


def conversation_rejected(conversation: ImportedConversation, error: UserError) -> Rejection:
    metadata = conversation.metadata
    return rejection(
        error, line=metadata.line, record=metadata.record, source_id=conversation.source_id
    )
