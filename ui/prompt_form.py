"""Forms of the prompt library: a prompt (new or edited) and the pronunciation dictionary."""

from __future__ import annotations

import streamlit as st

from core.access import Actor
from core.errors import UserError
from core.voice.pronunciation import placeholders
from db import prompt_library
from db.prompt_library import PromptRow
from db.session import transaction
from ui.forms import form_done, form_key
from ui.runtime import Runtime
from ui.session import show_error, tr
from ui.writes import audited_write


def prompt_form(rt: Runtime, actor: Actor, row: PromptRow | None, *, flash_key: str) -> None:
    """Edit ``row``, or add a new prompt when it is None."""
    key = f"prompt_{row.id}" if row is not None else form_key("prompt_new")
    title = tr("voice.library.edit") if row is not None else tr("voice.library.new")
    with st.expander(title, expanded=False), st.form(key):
        code = st.text_input(tr("voice.library.col.code"), value=row.code if row else "",
                             disabled=row is not None, max_chars=64)  # fmt: skip
        text = st.text_area(tr("voice.library.col.text"), value=row.text if row else "",
                            max_chars=prompt_library.MAX_TEXT)  # fmt: skip
        tags = st.text_input(tr("voice.library.tags_input"),
                             value=", ".join(row.tags) if row else "")  # fmt: skip
        description = st.text_input(tr("voice.library.description"),
                                    value=row.description if row else "")  # fmt: skip
        examples_text = st.text_area(
            tr("voice.library.examples"),
            value="\n".join(f"{k}={v}" for k, v in (row.examples if row else {}).items()),
            help=tr("voice.library.examples_help"),
        )
        if not st.form_submit_button(tr("voice.library.save"), type="primary"):
            return
    examples = dict(line.split("=", 1) for line in examples_text.splitlines() if "=" in line)
    examples = {k.strip(): v.strip() for k, v in examples.items()}
    tag_list = [t for t in tags.split(",")]
    if row is None:
        try:
            with transaction(rt.engine) as session:
                prompt_library.create_prompt(session=session, actor=actor, code=code, text=text,
                                             tags=tag_list, description=description,
                                             examples=examples)  # fmt: skip
        except UserError as error:
            show_error(error)
            return
        st.session_state[flash_key] = tr("voice.library.created", code=code.strip())
        form_done("prompt_new")
        st.rerun()
    missing = [n for n in placeholders(text) if not examples.get(n)]
    if missing:
        st.warning(tr("voice.library.examples_missing", names=", ".join(missing)))
    audited_write(rt.engine, actor, prompt_library.update_prompt, tr("voice.library.saved"),
                  flash_key=flash_key, prompt_id=row.id, text=text, tags=tag_list,
                  description=description, examples=examples)  # fmt: skip


def pronunciation_editor(rt: Runtime, actor: Actor, *, can_edit: bool, flash_key: str) -> None:
    st.caption(tr("voice.dictionary.help"))
    with transaction(rt.engine) as session:
        entries = [(e.term, e.reading, e.note)
                   for e in prompt_library.pronunciations(session=session)]  # fmt: skip
    st.dataframe(
        [
            {
                tr("voice.dictionary.term"): term,
                tr("voice.dictionary.reading"): reading,
                tr("voice.dictionary.note"): note,
            }
            for term, reading, note in entries
        ],
        hide_index=True,
    )
    if not can_edit:
        return
    with st.form(form_key("pronunciation")):
        term_column, reading_column = st.columns(2)
        term = term_column.text_input(tr("voice.dictionary.term"), max_chars=64)
        reading = reading_column.text_input(tr("voice.dictionary.reading"), max_chars=128)
        note = st.text_input(tr("voice.dictionary.note"))
        save = st.form_submit_button(tr("voice.dictionary.save"), type="primary")
    if save:
        try:
            with transaction(rt.engine) as session:
                prompt_library.save_pronunciation(session=session, actor=actor, term=term,
                                                  reading=reading, note=note)  # fmt: skip
        except UserError as error:
            show_error(error)
        else:
            st.session_state[flash_key] = tr("voice.dictionary.saved", term=term.strip())
            form_done("pronunciation")
            st.rerun()
    terms = [term for term, _, _ in entries]
    remove = st.selectbox(tr("voice.dictionary.remove"), terms, index=None,
                          placeholder=tr("voice.dictionary.pick"))  # fmt: skip
    if remove is not None and st.button(tr("voice.dictionary.remove_button")):
        audited_write(rt.engine, actor, prompt_library.delete_pronunciation,
                      tr("voice.dictionary.removed", term=remove), flash_key=flash_key,
                      term=remove)  # fmt: skip
