"""How an import batch reads its file, kept on the batch as JSON so a worker can run it:
the format, speaker names, which fields hold what, and the batch's defaults for what the
file does not say (the utterance and AWS formats name no agent, category or start time).

``ImportPlan.from_json`` checks everything a person could have typed (on the page or the
command line) and raises UserError naming the field, so a bad setting is refused before a
batch starts rather than rejecting every record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from core.domain import CallCategory, CallDirection
from core.errors import UserError
from core.transcript_import.model import (
    ImportFormat,
    ImportOptions,
    RecordFields,
    UtteranceColumns,
)
from core.transcript_import.speakers import SpeakerNames

RECORD_FIELDS = ("source_id", "transcript", "category", "agent", "started_at", "customer_key",
                 "direction")  # fmt: skip
"""Our fields a record's (or an utterance row's) column can be mapped to."""
UTTERANCE_COLUMNS = ("call_id", "speaker", "start", "end", "text")
"""Our columns of the one-row-per-utterance formats."""


@dataclass(frozen=True, slots=True)
class BatchDefaults:
    """What a call gets where its file says nothing. A call that still lacks an agent, a
    category or a start time is rejected, naming what is missing."""

    agent: str | None = None
    """An agent's employee number (or name)."""
    category: CallCategory | None = None
    direction: CallDirection = CallDirection.INBOUND
    started_at: datetime | None = None
    """Time-zone aware."""


@dataclass(frozen=True, slots=True)
class ImportPlan:
    format: ImportFormat
    options: ImportOptions = field(default_factory=ImportOptions)
    defaults: BatchDefaults = field(default_factory=BatchDefaults)
    mapping: dict[str, str] = field(default_factory=dict)
    """Our field or column -> the file's name for it, where it differs from the usual names."""

    @classmethod
    def build(
        cls,
        format: ImportFormat,
        *,
        agent_names: tuple[str, ...] | None = None,
        customer_names: tuple[str, ...] | None = None,
        mapping: dict[str, str] | None = None,
        defaults: BatchDefaults | None = None,
        tz: str = "Asia/Seoul",
    ) -> ImportPlan:
        """A plan from what a person chose; UserError for names that cannot work."""
        mapping = {ours: theirs.strip() for ours, theirs in (mapping or {}).items() if theirs}
        unknown = sorted(set(mapping) - set(RECORD_FIELDS) - set(UTTERANCE_COLUMNS))
        if unknown:
            raise UserError("transcript_import.unknown_mapping", fields=", ".join(unknown),
                            allowed=", ".join(RECORD_FIELDS + UTTERANCE_COLUMNS))  # fmt: skip
        speakers = SpeakerNames()
        if agent_names is not None or customer_names is not None:
            agent = _names(agent_names, speakers.agent, "agent")
            customer = _names(customer_names, speakers.customer, "customer")
            try:
                speakers = SpeakerNames(agent=agent, customer=customer)
            except ValueError as error:
                both = sorted({n.casefold() for n in agent} & {n.casefold() for n in customer})
                raise UserError("transcript_import.speaker_on_both_sides",
                                names=", ".join(both)) from error  # fmt: skip
        options = ImportOptions(
            speakers=speakers,
            fields=_mapped(RecordFields(), mapping, RECORD_FIELDS),
            columns=_mapped(UtteranceColumns(), mapping, UTTERANCE_COLUMNS),
            tz=tz,
        )
        return cls(format, options, defaults or BatchDefaults(), mapping)

    def as_json(self) -> dict[str, Any]:
        defaults = self.defaults
        return {
            "format": self.format.value,
            "agent_names": list(self.options.speakers.agent),
            "customer_names": list(self.options.speakers.customer),
            "mapping": dict(self.mapping),
            "tz": self.options.tz,
            "defaults": {
                "agent": defaults.agent,
                "category": defaults.category.value if defaults.category else None,
                "direction": defaults.direction.value,
                "started_at": defaults.started_at.isoformat() if defaults.started_at else None,
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportPlan:
        defaults = data.get("defaults") or {}
        started = defaults.get("started_at")
        return cls.build(
            ImportFormat(data["format"]),
            agent_names=tuple(data["agent_names"]),
            customer_names=tuple(data["customer_names"]),
            mapping=data.get("mapping") or {},
            tz=data.get("tz") or "Asia/Seoul",
            defaults=BatchDefaults(
                agent=defaults.get("agent"),
                category=CallCategory(defaults["category"]) if defaults.get("category") else None,
                direction=CallDirection(defaults.get("direction") or CallDirection.INBOUND),
                started_at=datetime.fromisoformat(started) if started else None,
            ),
        )


def _names(given: tuple[str, ...] | None, usual: tuple[str, ...], side: str) -> tuple[str, ...]:
    if given is None:
        return usual
    names = tuple(dict.fromkeys(name.strip() for name in given if name.strip()))
    if not names:
        raise UserError(f"transcript_import.no_{side}_names")
    return names


_Names = TypeVar("_Names", RecordFields, UtteranceColumns)


def _mapped(names: _Names, mapping: dict[str, str], ours: tuple[str, ...]) -> _Names:
    """``names`` with each mapped field looked up under the file's name only."""
    chosen = {field: (mapping[field],) for field in ours if field in mapping}
    return replace(names, **chosen) if chosen else names
