"""Voice previews: a line or a library prompt in a voice actor's voice, several seeded takes
side by side with their quality gate, the best one picked, one approved."""

import streamlit as st

from core.errors import UserError
from core.voice.engines import ENGINE_NAMES, engine_class
from core.voice.pronunciation import placeholders
from db import prompt_library, tts_takes, voice_actors
from db.session import transaction
from db.voice_actors import voice_reference
from ui import take_cards
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr
from ui.voice_engines import default_engine, engine_label, model_label
from workers.take_queue import queue_takes

TAKES_KEY = "voice_preview_takes"

actor = current_actor()
rt = runtime()
settings = rt.settings
st.title(tr("voice.studio.title"))
st.caption(tr("voice.studio.help"))

with transaction(rt.engine) as session:
    prompts = prompt_library.list_prompts(session=session)
    voices = voice_actors.list_actors(session=session, include_inactive=False)
by_id = {p.id: p for p in prompts}
# ?prompt=<code>: opened from the prompt library for that prompt.
linked = next((p.id for p in prompts if p.code == st.query_params.get("prompt")), None)

source = st.radio(tr("voice.studio.source"), ["line", "prompt"], horizontal=True,
                  index=0 if linked is None else 1,
                  format_func=lambda s: tr(f"voice.studio.source.{s}"))  # fmt: skip
prompt_id, variables = None, {}
if source == "prompt":
    prompt_id = st.selectbox(tr("voice.studio.prompt"), list(by_id),
                             format_func=lambda i: f"{by_id[i].code} · {by_id[i].text[:40]}",
                             index=None if linked is None else list(by_id).index(linked),
                             placeholder=tr("voice.studio.prompt_pick"))  # fmt: skip
    text = by_id[prompt_id].text if prompt_id is not None else ""
    if text:
        st.text(text)
else:
    text = st.text_area(tr("voice.studio.line"), max_chars=tts_takes.MAX_TEXT,
                        placeholder=tr("voice.studio.line_hint"))  # fmt: skip
names = placeholders(text)
if names:
    st.caption(tr("voice.studio.variables"))
    examples = by_id[prompt_id].examples if prompt_id is not None else {}
    for column, name in zip(st.columns(min(len(names), 4)) * len(names), names, strict=False):
        variables[name] = column.text_input(name, value=examples.get(name, ""), key=f"var_{name}")

engine_column, actor_column = st.columns(2)
engine_name = engine_column.selectbox(
    tr("voice.studio.engine"),
    ENGINE_NAMES,
    index=default_engine(settings),
    format_func=engine_label,
)
clones = engine_class(engine_name).clones_voice
if not clones:
    engine_column.caption(tr("voice.engine.espeak.note"))
elif not settings.xtts_configured:
    engine_column.warning(tr("voice.engine.xtts.not_configured_here"))
voice_ids = [v.id for v in voices]
names_by_id = {v.id: v.name for v in voices}
actor_id = actor_column.selectbox(tr("voice.studio.actor"), voice_ids, disabled=not clones,
                                  format_func=lambda i: names_by_id[i])  # fmt: skip
count_column, speed_column, temperature_column = st.columns(3)
count = count_column.slider(tr("voice.studio.takes"), 1, tts_takes.MAX_TAKES,
                            settings.tts_default_takes)  # fmt: skip
speed = speed_column.slider(tr("voice.studio.speed"), *tts_takes.SPEED_RANGE, 1.0, 0.05)
temperature = temperature_column.slider(tr("voice.studio.temperature"), 0.05, 1.5, 0.7, 0.05,
                                        disabled=not clones)  # fmt: skip

if st.button(tr("voice.studio.generate"), type="primary", icon=":material/graphic_eq:"):
    try:
        request = tts_takes.TakeRequest(text=text, engine=engine_name,
                                        model=model_label(engine_name, settings),
                                        clones_voice=clones, prompt_id=prompt_id,
                                        actor_id=actor_id if clones else None, takes=count,
                                        speed=speed, temperature=temperature,
                                        variables=variables)  # fmt: skip
        with transaction(rt.engine) as session:
            voice = (
                voice_reference(session=session, actor_id=actor_id, data_dir=settings.data_dir)
                if clones and actor_id is not None
                else None
            )
            plan = tts_takes.plan_takes(session=session, actor=actor, request=request, voice=voice)
        with st.spinner(tr("voice.studio.generating")):
            queue_takes(rt.engine, settings, plan.to_synthesise, engine_name=engine_name,
                        requested_by=actor.user_id)  # fmt: skip
        st.session_state[TAKES_KEY] = plan.take_ids
        if plan.cached:
            st.toast(tr("voice.studio.cached"))
    except UserError as error:
        show_error(error)


def preview_views() -> list[tts_takes.TakeView]:
    with transaction(rt.engine) as session:
        return tts_takes.takes(session=session, take_ids=st.session_state.get(TAKES_KEY, ()))


waiting = take_cards.pending(preview_views())


@st.fragment(run_every=2 if waiting else None)
def preview_takes() -> None:
    """Redrawn every 2 s while takes are being made (on the TTS workers)."""
    views = preview_views()
    if waiting and not take_cards.pending(views):
        st.rerun()  # all done: stop polling
    if views:
        st.subheader(tr("voice.studio.result"))
        take_cards.show(views, data_dir=settings.data_dir, engine=rt.engine, actor=actor)


preview_takes()
