"""Writing a call's search terms (``CallSearchTerms``, computed by ``core.search_terms``)
wherever its transcript is stored or replaced, in the same transaction as the utterances."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from core.search_terms import call_terms
from db.models import CallSearchTerms


def store_terms(*, session: Session, call_id: int, texts: Iterable[str]) -> None:
    """Make the terms of ``texts`` (all the call's utterances) the call's search terms."""
    session.execute(delete(CallSearchTerms).where(CallSearchTerms.call_id == call_id))
    session.execute(
        insert(CallSearchTerms), [{"call_id": call_id, "terms": sorted(call_terms(texts))}]
    )
