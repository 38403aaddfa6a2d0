"""Which speaker names in an imported transcript mean the agent and which the customer."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.domain import Speaker
from core.errors import UserError

DEFAULT_AGENT_NAMES = ("상담사", "상담원", "agent", "AGENT", "직원")
DEFAULT_CUSTOMER_NAMES = ("손님", "고객", "customer", "CUSTOMER", "고객님")


@dataclass(frozen=True, slots=True)
class SpeakerNames:
    """The names a file uses for each side; Latin letters match in any case, and spaces
    around a name do not count."""

    agent: tuple[str, ...] = DEFAULT_AGENT_NAMES
    customer: tuple[str, ...] = DEFAULT_CUSTOMER_NAMES
    _lookup: dict[str, Speaker] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        both = {name.strip().casefold() for name in self.agent} & {
            name.strip().casefold() for name in self.customer
        }
        if both:
            raise ValueError(f"speaker names for both sides: {sorted(both)}")
        lookup = {name.strip().casefold(): Speaker.AGENT for name in self.agent}
        lookup |= {name.strip().casefold(): Speaker.CUSTOMER for name in self.customer}
        object.__setattr__(self, "_lookup", lookup)

    def speaker(self, name: str) -> Speaker | None:
        """The side ``name`` stands for, or None when it is none of the configured names."""
        return self._lookup.get(name.strip().casefold())

    def require(self, name: str) -> Speaker:
        """The side ``name`` stands for; an unknown name is the record's fault."""
        speaker = self.speaker(name)
        if speaker is None:
            raise UserError(
                "transcript_import.unknown_speaker",
                name=name.strip(),
                agent=", ".join(_unique(self.agent)),
                customer=", ".join(_unique(self.customer)),
            )
        return speaker


def _unique(names: tuple[str, ...]) -> list[str]:
    """Names as a person would list them: AGENT and agent once."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.strip().casefold(), name.strip())
    return list(seen.values())
