"""Batch generation: takes for every prompt of a scenario version, with progress."""

from __future__ import annotations

import streamlit as st

from core.access import Actor, Permission
from core.errors import UserError
from core.settings import Settings
from core.voice.engines import ENGINE_NAMES, engine_class
from db import prompt_library, scenario_versions, scenarios, tts_takes, voice_actors
from db.session import transaction
from ui import take_cards
from ui.runtime import Runtime
from ui.session import show_error, tr
from ui.voice_engines import default_engine, engine_label, model_label
from workers.take_queue import queue_takes

BATCH_KEY = "prompt_batch_takes"


def _version_choice(rt: Runtime) -> int | None:
    with transaction(rt.engine) as session:
        rows = scenarios.list_scenarios(session=session)
    names = {row.id: row.name for row in rows}
    scenario_column, version_column = st.columns(2)
    scenario_id = scenario_column.selectbox(tr("voice.batch.scenario"), list(names),
                                            format_func=lambda i: names[i], index=None,
                                            placeholder=tr("voice.batch.pick"))  # fmt: skip
    if scenario_id is None:
        return None
    with transaction(rt.engine) as session:
        versions = scenario_versions.list_versions(session=session, scenario_id=scenario_id)
    if not versions:
        version_column.caption(tr("voice.batch.no_versions"))
        return None
    by_id = {v.id: v for v in reversed(versions)}
    return version_column.selectbox(tr("voice.batch.version"), list(by_id),
                                    format_func=lambda i: f"v{by_id[i].number} · "
                                    f"{by_id[i].comment[:40]}")  # fmt: skip


def _template(settings: Settings, engine_name: str, actor_id: int | None, count: int):
    clones = engine_class(engine_name).clones_voice
    return tts_takes.TakeRequest(text="-", engine=engine_name,
                                 model=model_label(engine_name, settings), clones_voice=clones,
                                 actor_id=actor_id if clones else None, takes=count)  # fmt: skip


def batch_form(rt: Runtime, actor: Actor) -> None:
    st.caption(tr("voice.batch.help"))
    if not actor.can(Permission.EDIT_VOICES):
        st.info(tr("voice.batch.read_only"))
        return
    version_id = _version_choice(rt)
    with transaction(rt.engine) as session:
        voices = voice_actors.list_actors(session=session, include_inactive=False)
    names = {v.id: v.name for v in voices}
    engine_column, actor_column, count_column = st.columns(3)
    engine_name = engine_column.selectbox(tr("voice.studio.engine"), ENGINE_NAMES,
                                          index=default_engine(rt.settings),
                                          format_func=engine_label, key="batch_engine")  # fmt: skip
    actor_id = actor_column.selectbox(tr("voice.studio.actor"), list(names), key="batch_actor",
                                      format_func=lambda i: names[i])  # fmt: skip
    count = count_column.number_input(tr("voice.batch.takes"), 1, tts_takes.MAX_TAKES, 1)
    if st.button(tr("voice.batch.generate"), type="primary", disabled=version_id is None):
        try:
            template = _template(rt.settings, engine_name, actor_id, int(count))
            with transaction(rt.engine) as session:
                voice = (
                    voice_actors.voice_reference(session=session, actor_id=actor_id,
                                                 data_dir=rt.settings.data_dir)
                    if template.clones_voice and actor_id is not None
                    else None
                )  # fmt: skip
                prompt_ids = prompt_library.version_prompt_ids(session=session,
                                                               version_id=version_id)  # fmt: skip
                plan = tts_takes.plan_version_batch(session=session, actor=actor,
                                                    prompt_ids=prompt_ids, template=template,
                                                    voice=voice)  # fmt: skip
            with st.spinner(tr("voice.studio.generating")):
                queue_takes(rt.engine, rt.settings, plan.to_synthesise, engine_name=engine_name,
                            requested_by=actor.user_id)  # fmt: skip
            st.session_state[BATCH_KEY] = plan.take_ids
            st.success(tr("voice.batch.planned", prompts=plan.prompts, takes=len(plan.take_ids),
                          new=len(plan.to_synthesise)))  # fmt: skip
            if plan.skipped:
                st.warning(tr("voice.batch.skipped", codes=", ".join(plan.skipped)))
        except UserError as error:
            show_error(error)
    _batch_progress(rt)


def _batch_progress(rt: Runtime) -> None:
    take_ids = st.session_state.get(BATCH_KEY)
    if not take_ids:
        return
    with transaction(rt.engine) as session:
        views = tts_takes.takes(session=session, take_ids=take_ids)
    waiting = take_cards.pending(views)

    @st.fragment(run_every=2 if waiting else None)
    def progress() -> None:
        with transaction(rt.engine) as session:
            now = tts_takes.takes(session=session, take_ids=take_ids)
        if waiting and not take_cards.pending(now):
            st.rerun()
        take_cards.progress(now)
        done = sum(v.quality_passed is not False and v.audio_path is not None for v in now)
        failed = len(now) - done - take_cards.pending(now)
        st.caption(tr("voice.batch.status", done=done, failed=failed, total=len(now)))
        st.dataframe(_per_prompt(rt, now), hide_index=True)

    progress()


def _per_prompt(rt: Runtime, views: list[tts_takes.TakeView]) -> list[dict[str, object]]:
    """One row per prompt: its takes' states and its recommended take's gate."""
    with transaction(rt.engine) as session:
        codes = prompt_library.prompt_codes(
            session=session, prompt_ids={v.prompt_id for v in views}
        )
    by_prompt: dict[int | None, list[tts_takes.TakeView]] = {}
    for view in views:
        by_prompt.setdefault(view.prompt_id, []).append(view)
    rows = []
    for prompt_id, takes in by_prompt.items():
        best = tts_takes.recommended(takes)
        gate = next((t.quality_passed for t in takes if t.id == best), False)
        rows.append({
            tr("voice.library.col.code"): codes.get(prompt_id, "-"),
            tr("voice.batch.col.done"): sum(t.status.value == "done" for t in takes),
            tr("voice.batch.col.failed"): sum(t.status.value == "failed" for t in takes),
            tr("voice.batch.col.waiting"): take_cards.pending(takes),
            tr("voice.batch.col.best"): tr("voice.batch.no_best") if best is None else (
                tr("voice.check.passed") if gate else tr("voice.check.not_run")
            ),
        })  # fmt: skip
    return rows
