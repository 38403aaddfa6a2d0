"""The prompt (멘트) library: prompts with tags and variables, where each is used, its takes
and approved audio, batch generation for a scenario version, the pronunciation dictionary."""

import streamlit as st

from core.access import Permission
from db import prompt_library, tts_takes
from db.session import transaction
from ui import take_cards
from ui.data_files import data_file
from ui.prompt_batch import batch_form
from ui.prompt_form import prompt_form, pronunciation_editor
from ui.runtime import runtime
from ui.session import current_actor, tr
from ui.text import literal

FLASH_KEY = "prompt_library_flash"

actor = current_actor()
rt = runtime()
can_edit = actor.can(Permission.EDIT_VOICES)
st.title(tr("voice.library.title"))
st.caption(tr("voice.library.help"))
if message := st.session_state.pop(FLASH_KEY, None):
    st.success(message)

prompts_tab, batch_tab, dictionary_tab = st.tabs(
    [
        tr("voice.library.tab.prompts"),
        tr("voice.library.tab.batch"),
        tr("voice.library.tab.dictionary"),
    ]
)
with prompts_tab:
    with transaction(rt.engine) as session:
        tags = prompt_library.all_tags(session=session)
    search_column, tag_column = st.columns([3, 1])
    search = search_column.text_input(tr("voice.library.search"))
    tag = tag_column.selectbox(tr("voice.library.tag"), ["", *tags],
                               format_func=lambda t: t or tr("voice.library.all_tags"))  # fmt: skip
    with transaction(rt.engine) as session:
        rows = prompt_library.list_prompts(session=session, search=search, tag=tag)
    table = [
        {
            tr("voice.library.col.code"): row.code,
            tr("voice.library.col.text"): row.text,
            tr("voice.library.col.tags"): ", ".join(row.tags),
            tr("voice.library.col.audio"): tr("voice.library.has_audio")
            if row.approved_audio_path
            else "-",
            tr("voice.library.col.uses"): row.uses,
        }
        for row in rows
    ]
    st.dataframe(table, hide_index=True)
    by_code = {row.code: row for row in rows}
    wanted = st.query_params.get("prompt")
    code = st.selectbox(tr("voice.library.pick"), list(by_code),
                        index=list(by_code).index(wanted) if wanted in by_code else None,
                        format_func=lambda c: f"{c} · {by_code[c].text[:50]}",
                        placeholder=tr("voice.library.pick_row"))  # fmt: skip
    if code is not None:
        st.query_params["prompt"] = code
        row = by_code[code]
        st.subheader(literal(row.code))
        audio = data_file(row.approved_audio_path, rt.settings.data_dir)
        if audio is not None:
            st.markdown(f"**{tr('voice.library.approved_audio')}**")
            st.audio(str(audio))
        else:
            st.warning(tr("voice.library.no_audio"))
        with transaction(rt.engine) as session:
            uses = prompt_library.where_used(session=session, prompt_id=row.id)
            views = tts_takes.prompt_takes(session=session, prompt_id=row.id)
        st.markdown(f"**{tr('voice.library.where_used')}**")
        if not uses:
            st.caption(tr("voice.library.unused"))
        for use in uses:
            place = f"v{use.version}" if use.version is not None else tr("voice.library.draft")
            st.markdown(literal(f"{use.scenario_name} · {place} · {use.node_id} {use.node_label}"))
        if can_edit:
            prompt_form(rt, actor, row, flash_key=FLASH_KEY)
        st.markdown(f"**{tr('voice.library.takes')}**")
        st.page_link("pages/voice_studio.py", label=tr("voice.library.generate"),
                     icon=":material/graphic_eq:", query_params={"prompt": row.code})  # fmt: skip
        if views:
            take_cards.show(views, data_dir=rt.settings.data_dir, engine=rt.engine, actor=actor)
        else:
            st.caption(tr("voice.library.no_takes"))
    if can_edit:
        prompt_form(rt, actor, None, flash_key=FLASH_KEY)
with batch_tab:
    batch_form(rt, actor)
with dictionary_tab:
    pronunciation_editor(rt, actor, can_edit=can_edit, flash_key=FLASH_KEY)
