"""My account: interface language and password."""

import streamlit as st

from core.errors import UserError
from core.i18n import LANGUAGES
from db import users
from db.session import transaction
from ui.runtime import runtime
from ui.session import current_actor, lang, set_lang, show_error, tr

LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}

actor = current_actor()
rt = runtime()
st.title(tr("account.title"))
if message := st.session_state.pop("account_flash", None):
    st.success(message)

with st.form("language"):
    choice = st.radio(
        tr("account.language"),
        LANGUAGES,
        index=LANGUAGES.index(lang()),
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
    )
    if st.form_submit_button(tr("account.save")):
        with transaction(rt.engine) as session:
            users.set_language(session=session, actor=actor, language=choice)
        set_lang(choice)
        st.session_state["account_flash"] = tr("account.language_saved")
        st.rerun()

with st.form("password", clear_on_submit=True):
    st.subheader(tr("account.change_password"))
    current = st.text_input(tr("account.current_password"), type="password")
    new = st.text_input(tr("account.new_password"), type="password")
    repeated = st.text_input(tr("account.repeat_password"), type="password")
    if st.form_submit_button(tr("account.save")):
        try:
            with transaction(rt.engine) as session:
                users.change_own_password(
                    session=session, actor=actor, current=current, new=new, repeated=repeated
                )
        except UserError as error:
            show_error(error)
        else:
            st.session_state["account_flash"] = tr("account.password_changed")
            st.rerun()
