from __future__ import annotations

import pytest

from core.domain import Speaker
from core.errors import UserError
from core.transcript_import import SpeakerNames


def test_default_names_map_both_sides_and_latin_case_does_not_matter() -> None:
    names = SpeakerNames()
    assert names.speaker("상담원") is Speaker.AGENT
    assert names.speaker(" Agent ") is Speaker.AGENT
    assert names.speaker("고객님") is Speaker.CUSTOMER
    assert names.speaker("Customer") is Speaker.CUSTOMER
    assert names.speaker("보호자") is None


def test_configured_names_replace_the_defaults() -> None:
    names = SpeakerNames(agent=("CSR",), customer=("Caller", "보호자"))
    assert names.speaker("csr") is Speaker.AGENT
    assert names.speaker("보호자") is Speaker.CUSTOMER
    assert names.speaker("상담사") is None


def test_unknown_name_is_a_user_error_naming_it_and_the_accepted_names() -> None:
    with pytest.raises(UserError) as caught:
        SpeakerNames().require("보호자")
    assert caught.value.key == "transcript_import.unknown_speaker"
    assert caught.value.params["name"] == "보호자"
    assert caught.value.params["agent"] == "상담사, 상담원, agent, 직원"
    assert "고객님" in caught.value.params["customer"]


def test_a_name_for_both_sides_is_refused_at_configuration() -> None:
    with pytest.raises(ValueError, match="both sides"):
        SpeakerNames(agent=("상담사", "Staff"), customer=("staff",))
