"""Feple Studio: log in, then the pages the user's roles allow."""

import streamlit as st

from core.settings import InsecureSettingsError
from ui import auth, nav, runtime
from ui.session import lang, tr

st.set_page_config(page_title="Feple Studio", page_icon=":material/headset_mic:", layout="wide")

try:
    rt = runtime.runtime()
except InsecureSettingsError as error:
    st.error(tr("settings.error", error=error))
    st.stop()

runtime.ensure_ready(rt, lang())
if not auth.logged_in():
    # Logging in (from the form or the cookie) reruns the script without the page asked for.
    nav.remember_requested_page()
actor = auth.login_gate(rt)
if actor is None:
    st.stop()

navigation = nav.navigation(actor)
nav.resume_requested_page(actor)
nav.sidebar_menu(actor)
with st.sidebar:
    st.caption(f"{tr('app.name')} · {st.session_state.get('name', actor.username)}")
    auth.logout_button()
navigation.run()
