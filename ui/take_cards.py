"""Takes side by side: audio (studio quality and as a caller hears it), the quality gate's
checks, the automatically picked best take, and approval."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from core.access import Actor, Permission
from core.domain import TakeStatus
from core.voice.quality import Check
from db import tts_takes
from db.tts_takes import TakeView
from ui.data_files import data_file
from ui.session import tr
from ui.text import literal
from ui.writes import audited_write

FLASH_KEY = "take_cards_flash"
COLUMNS = 3


def pending(views: Sequence[TakeView]) -> int:
    return sum(v.status in (TakeStatus.QUEUED, TakeStatus.RUNNING) for v in views)


def progress(views: Sequence[TakeView]) -> None:
    """A bar while takes are still being made."""
    waiting = pending(views)
    if waiting:
        done = len(views) - waiting
        st.progress(done / len(views), text=tr("voice.take.progress", done=done, total=len(views)))


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return tr("voice.check.not_run")
    return tr("voice.check.passed") if passed else tr("voice.check.failed")


CHECK_ICONS = {
    True: ":green[:material/check_circle:]",
    False: ":red[:material/cancel:]",
    None: ":gray[:material/radio_button_unchecked:]",
}
"""Material icons (the browser may lack an emoji font); not run is grey, never green."""


def _check_line(check: Check) -> str:
    value = (
        tr("voice.check.not_run")
        if check.passed is None
        else ("-" if check.value is None else f"{check.value:.2f}")
    )
    line = literal(f"{tr(f'voice.check.{check.name}')}: {value} ({check.limit})")
    return f"{CHECK_ICONS[check.passed]} {line}"


def _card(view: TakeView, *, best: bool, data_dir: Path, can_approve: bool, engine: Engine,
          actor: Actor) -> None:  # fmt: skip
    trophy = " :orange[:material/emoji_events:]" if best else ""
    st.markdown(f"**{tr('voice.take.title', seed=view.seed)}**{trophy}")
    if best:
        st.caption(tr("voice.take.best"))
    if view.status in (TakeStatus.QUEUED, TakeStatus.RUNNING):
        st.info(tr(f"voice.take.status.{view.status.value}"))
        return
    if view.status is TakeStatus.FAILED:
        st.error(tr("voice.take.synthesis_failed"))
        st.code(view.error_text or "-", language=None)
        return
    audio = data_file(view.audio_path, data_dir)
    telephone = data_file(view.telephone_audio_path, data_dir)
    if audio is not None:
        st.audio(str(audio))
    if telephone is not None:
        st.caption(tr("voice.take.telephone"))
        st.audio(str(telephone))
    duration = f"{view.duration_s:.1f}" if view.duration_s is not None else "-"
    st.caption(tr("voice.take.meta", duration=duration, engine=view.engine, model=view.model))
    gate = _verdict(view.quality_passed)
    if view.quality_passed is False:
        st.error(tr("voice.take.gate", verdict=gate))
    elif view.quality_passed is None:
        st.warning(tr("voice.take.gate", verdict=gate))
    else:
        st.success(tr("voice.take.gate", verdict=gate))
    if view.report is not None:
        st.markdown("  \n".join(_check_line(check) for check in view.report.checks))
        if view.report.asr_text is not None:
            st.caption(tr("voice.take.heard"))
            st.text(view.report.asr_text or "-")
    if view.approved:
        st.success(tr("voice.take.approved"))
    elif (
        can_approve
        and view.prompt_id is not None
        and view.quality_passed is not False
        and st.button(tr("voice.take.approve"), key=f"approve_{view.id}", type="primary")
    ):
        audited_write(engine, actor, tts_takes.approve_take, tr("voice.take.approved_now"),
                      flash_key=FLASH_KEY, take_id=view.id)  # fmt: skip


def show(views: Sequence[TakeView], *, data_dir: Path, engine: Engine, actor: Actor) -> None:
    """The takes in rows of three, the recommended one marked."""
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(message)
    progress(views)
    spoken = {view.text for view in views}
    if len(spoken) == 1:
        st.caption(tr("voice.take.spoken"))
        st.text(spoken.pop())  # what the engine was asked to say, dictionary applied
    best = tts_takes.recommended(list(views))
    if not pending(views) and views and best is None:
        st.warning(tr("voice.take.none_passed"))
    can_approve = actor.can(Permission.EDIT_VOICES)
    for start in range(0, len(views), COLUMNS):
        columns = st.columns(COLUMNS)
        for column, view in zip(columns, views[start : start + COLUMNS], strict=False):
            with column, st.container(border=True):
                _card(view, best=view.id == best, data_dir=data_dir, can_approve=can_approve,
                      engine=engine, actor=actor)  # fmt: skip
