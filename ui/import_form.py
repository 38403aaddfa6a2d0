"""The transcript import page's form (pages/transcript_import.py): the file's layout, which of
its columns hold what, the speaker names, and the batch's defaults, read back as an
``ImportPlan``. Field names come from the file and are shown as plain text."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, time

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from core.domain import CallCategory, CallDirection
from core.errors import UserError
from core.transcript_import import ImportFormat, RecordFields, UtteranceColumns, detect_format
from core.transcript_import.detect import file_fields
from core.transcript_import.examples import EXAMPLES, example_file
from core.transcript_import.plan import (
    RECORD_FIELDS,
    UTTERANCE_COLUMNS,
    BatchDefaults,
    ImportPlan,
)
from core.transcript_import.speakers import DEFAULT_AGENT_NAMES, DEFAULT_CUSTOMER_NAMES
from core.transcript_import.streams import HEAD_BYTES
from db.agents import AgentChoice
from ui.runtime import Runtime
from ui.session import show_error, tr
from ui.text import literal

IMPORT_SUFFIXES = ("csv", "txt", "json", "jsonl", "ndjson")
"""The file types the uploader takes (``core.transcript_import.detect`` tells them apart)."""

AWS_FORMATS = frozenset({ImportFormat.AWS_TRANSCRIBE, ImportFormat.CONTACT_LENS})
UTTERANCE_FORMATS = frozenset({ImportFormat.UTTERANCES_CSV, ImportFormat.UTTERANCES_JSONL})
METADATA_FIELDS = ("agent", "category", "started_at", "customer_key", "direction")
"""Record fields an utterance row may carry too (read from a call's first row)."""


@dataclass(frozen=True, slots=True)
class ImportRequest:
    plan: ImportPlan
    source_name: str


def show(
    upload: UploadedFile, agents: list[AgentChoice], rt: Runtime, *, key: str
) -> ImportRequest | None:
    """The form for ``upload``; the request once it is submitted with usable settings."""
    head = upload.getvalue()[:HEAD_BYTES]
    try:
        detected = detect_format(upload.name, head)
    except UserError as error:
        show_error(error)
        return None
    formats = list(ImportFormat)
    chosen = st.selectbox(tr("imports.format"), formats, index=formats.index(detected),
                          format_func=lambda f: tr(f"imports.format.{f.value}"),
                          key=f"{key}_format_{upload.file_id}")  # fmt: skip
    st.caption(tr("imports.format_detected", format=tr(f"imports.format.{detected.value}")))
    found = file_fields(head, chosen)
    if found:
        st.caption(literal(tr("imports.fields_found", fields=", ".join(found))))
    with st.form(f"{key}_form"):
        mapping = _mapping(chosen, found, key)
        agent_names, customer_names = _speakers(chosen, key)
        st.markdown(f"**{tr('imports.defaults')}**")
        left, middle, right = st.columns(3)
        agent = left.selectbox(tr("imports.default_agent"), [None, *agents],
                               format_func=lambda a: a.label if a else tr("imports.none"),
                               key=f"{key}_agent")  # fmt: skip
        category = middle.selectbox(tr("imports.default_category"), [None, *CallCategory],
                                    format_func=lambda c: str(c) if c else tr("imports.none"),
                                    key=f"{key}_category")  # fmt: skip
        direction = right.radio(tr("imports.default_direction"), list(CallDirection),
                                horizontal=True, key=f"{key}_direction",
                                format_func=lambda d: tr(f"direction.{d.value}"))  # fmt: skip
        day = left.date_input(tr("imports.default_date"), value=None, key=f"{key}_date")
        clock = middle.time_input(tr("imports.default_time"), time(9, 0), key=f"{key}_time")
        source_name = right.text_input(tr("imports.source_name"), max_chars=255,
                                       key=f"{key}_source")  # fmt: skip
        submitted = st.form_submit_button(tr("imports.submit"), type="primary")
    if not submitted:
        return None
    defaults = BatchDefaults(
        agent=agent.employee_no if agent else None,
        category=category,
        direction=direction,
        started_at=datetime.combine(day, clock, rt.zone) if day else None,
    )
    try:
        plan = ImportPlan.build(chosen, agent_names=agent_names, customer_names=customer_names,
                                mapping=mapping, defaults=defaults,
                                tz=rt.settings.timezone)  # fmt: skip
    except UserError as error:
        show_error(error)
        return None
    return ImportRequest(plan, source_name)


def examples(agents: list[AgentChoice], *, key: str) -> None:
    """Example files of the layouts a person can write, naming one of the centre's agents,
    to download, try and fill in."""
    agent = agents[0].employee_no if agents else None
    with st.expander(tr("imports.examples"), icon=":material/download:"):
        st.caption(tr("imports.examples_help"))
        for column, example_format in zip(st.columns(len(EXAMPLES)), EXAMPLES, strict=True):
            name, content = example_file(example_format, agent)
            # With a BOM, so that Excel reads the Korean right.
            column.download_button(tr(f"imports.format.{example_format.value}"),
                                   content.encode("utf-8-sig"), file_name=name,
                                   key=f"{key}_example_{example_format.value}")  # fmt: skip


def _mapping(chosen: ImportFormat, found: list[str], key: str) -> dict[str, str]:
    """Our field -> the file's column, for the fields the person mapped (others automatic)."""
    if chosen in AWS_FORMATS or not found:
        return {}
    if chosen in UTTERANCE_FORMATS:
        ours, usual = (
            UTTERANCE_COLUMNS + METADATA_FIELDS,
            _usual(UtteranceColumns(), RecordFields()),
        )
    else:
        ours, usual = RECORD_FIELDS, _usual(RecordFields())
    mapping: dict[str, str] = {}
    with st.expander(tr("imports.mapping")):
        st.caption(tr("imports.mapping_help"))
        columns = st.columns(3)
        for index, field in enumerate(ours):
            automatic = next((name for name in usual.get(field, ()) if name in found), None)
            auto_label = (tr("imports.auto_found", name=automatic) if automatic
                          else tr("imports.auto_missing"))  # fmt: skip
            picked = columns[index % 3].selectbox(
                tr(f"imports.field.{field}"), ["", *found], key=f"{key}_map_{field}",
                format_func=lambda name, auto=auto_label: name or auto,
            )  # fmt: skip
            if picked:
                mapping[field] = picked
    return mapping


def _usual(*names: RecordFields | UtteranceColumns) -> dict[str, tuple[str, ...]]:
    """The names each field is looked up under when not mapped (first holder wins)."""
    usual: dict[str, tuple[str, ...]] = {}
    for holder in names:
        for field in fields(holder):
            usual.setdefault(field.name, getattr(holder, field.name))
    return usual


def _speakers(chosen: ImportFormat, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if chosen in AWS_FORMATS:
        st.caption(tr("imports.aws_speakers"))
        return DEFAULT_AGENT_NAMES, DEFAULT_CUSTOMER_NAMES
    st.markdown(f"**{tr('imports.speakers')}**")
    left, right = st.columns(2)
    agent = left.text_input(tr("imports.agent_names"), ", ".join(DEFAULT_AGENT_NAMES),
                            key=f"{key}_agent_names")  # fmt: skip
    customer = right.text_input(tr("imports.customer_names"), ", ".join(DEFAULT_CUSTOMER_NAMES),
                                key=f"{key}_customer_names")  # fmt: skip
    return tuple(agent.split(",")), tuple(customer.split(","))
