"""Voice actors: their consent records (who, when, to what use, the signed document) and
their reference samples, each checked and accepted (stored normalised) or refused with why."""

from datetime import datetime, time

import streamlit as st

from core.access import Permission
from core.errors import UserError
from core.voice.reference_sample import SampleThresholds
from db import voice_actors
from db.session import transaction
from ui.data_files import data_file
from ui.forms import form_done, form_key
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr
from ui.text import literal
from ui.writes import audited_write

FLASH_KEY = "voice_actors_flash"

actor = current_actor()
rt = runtime()
data_dir = rt.settings.data_dir
can_edit = actor.can(Permission.EDIT_VOICES)
st.title(tr("voice.actors.title"))
st.caption(tr("voice.actors.help"))
if message := st.session_state.pop(FLASH_KEY, None):
    st.success(message)

with transaction(rt.engine) as session:
    rows = voice_actors.list_actors(session=session)
if not rows:
    st.info(tr("voice.actors.empty"))


def state(row: voice_actors.ActorSummary) -> str:
    return tr("voice.actors.active") if row.active else tr("voice.actors.inactive")


by_id = {row.id: row for row in rows}
# ?actor=<id> opens an actor; a new actor is opened after it is created.
wanted = st.query_params.get("actor", "")
chosen = st.selectbox(
    tr("voice.actors.pick"), list(by_id), placeholder=tr("voice.actors.pick_hint"),
    index=list(by_id).index(int(wanted)) if wanted.isdigit() and int(wanted) in by_id else None,
    format_func=lambda i: tr("voice.actors.row", name=by_id[i].name,
                             accepted=by_id[i].accepted_samples, state=state(by_id[i])),
)  # fmt: skip
if chosen is not None:
    row = by_id[chosen]
    st.query_params["actor"] = str(row.id)
    with st.container(border=True):
        st.subheader(literal(row.name))
        st.markdown(
            tr(
                "voice.actors.consent",
                given_by=literal(row.consent_given_by),
                at=row.consent_at.astimezone(rt.zone).date().isoformat(),
                scope=literal(row.consent_scope),
            )
        )
        document = data_file(row.document_path, data_dir)
        if document is None:
            st.warning(tr("voice.actors.no_document"))
        else:
            st.download_button(tr("voice.actors.document"), document.read_bytes(),
                               file_name=f"consent-{row.id}{document.suffix}",
                               key=f"consent_{row.id}", icon=":material/description:")  # fmt: skip
        with transaction(rt.engine) as session:
            samples = voice_actors.samples_of(session=session, actor_id=row.id)
        for sample in samples:
            with st.container(border=True):
                status = tr(f"voice.sample.status.{sample.status.value}")
                st.markdown(f"**{literal(sample.original_filename or '-')}** · {status}")
                if sample.rejection_reason:
                    st.error(tr(sample.rejection_reason,
                                **sample.checks.get("reason_params", {})))  # fmt: skip
                audio = data_file(sample.audio_path, data_dir)
                if audio is not None:
                    st.audio(str(audio))
                duration = f"{sample.duration_s:.1f}" if sample.duration_s else "-"
                st.caption(tr("voice.sample.meta", duration=duration,
                              rate=sample.sample_rate or "-"))  # fmt: skip
                if can_edit and st.button(tr("voice.sample.remove"), key=f"rm_{sample.id}"):
                    audited_write(rt.engine, actor, voice_actors.remove_sample,
                                  tr("voice.sample.removed"), flash_key=FLASH_KEY,
                                  sample_id=sample.id)  # fmt: skip
        if can_edit and row.active:
            upload = st.file_uploader(tr("voice.sample.upload"), key=form_key(f"sample_{row.id}"),
                                      type=["wav", "mp3", "m4a", "flac", "ogg"])  # fmt: skip
            st.caption(tr("voice.sample.rules"))
            if upload is not None and st.button(tr("voice.sample.check"), key=f"add_{row.id}"):
                try:
                    with transaction(rt.engine) as session:
                        voice_actors.add_sample(
                            session=session, actor=actor, data_dir=data_dir, actor_id=row.id,
                            data=upload.getvalue(), filename=upload.name,
                            thresholds=SampleThresholds(),
                        )  # fmt: skip
                except UserError as error:
                    show_error(error)
                else:
                    st.session_state[FLASH_KEY] = tr("voice.sample.checked")
                    form_done(f"sample_{row.id}")  # an empty uploader for the next sample
                    st.rerun()
        if can_edit:
            label = tr("voice.actors.deactivate") if row.active else tr("voice.actors.activate")
            if st.button(label, key=f"active_{row.id}"):
                audited_write(rt.engine, actor, voice_actors.set_active, tr("voice.actors.saved"),
                              flash_key=FLASH_KEY, actor_id=row.id,
                              active=not row.active)  # fmt: skip

if can_edit:
    st.subheader(tr("voice.actors.new"))
    with st.form(form_key("new_voice_actor")):
        name_column, gender_column = st.columns([3, 1])
        name = name_column.text_input(tr("voice.actors.name"), max_chars=80)
        gender = gender_column.selectbox(tr("voice.actors.gender"), ["", "여", "남"],
                                         format_func=lambda g: g or "-")  # fmt: skip
        given_by = st.text_input(tr("voice.consent.given_by"), max_chars=80)
        date_column, _ = st.columns(2)
        consent_day = date_column.date_input(tr("voice.consent.at"),
                                             value=datetime.now(rt.zone).date())  # fmt: skip
        scope = st.text_area(tr("voice.consent.scope"), placeholder=tr("voice.consent.scope_hint"))
        document = st.file_uploader(tr("voice.consent.document"),
                                    type=["pdf", "jpg", "jpeg", "png"])  # fmt: skip
        notes = st.text_area(tr("voice.actors.notes"))
        if st.form_submit_button(tr("voice.actors.create"), type="primary"):
            try:
                if consent_day is None:
                    raise UserError("voice.consent.at_required")
                with transaction(rt.engine) as session:
                    new_id = voice_actors.create_actor(
                        session=session, actor=actor, data_dir=data_dir, name=name,
                        consent_given_by=given_by,
                        consent_at=datetime.combine(consent_day, time(), tzinfo=rt.zone),
                        consent_scope=scope,
                        document=document.getvalue() if document is not None else b"",
                        document_filename=document.name if document is not None else "",
                        gender=gender, notes=notes,
                    )  # fmt: skip
            except UserError as error:
                show_error(error)
            else:
                st.session_state[FLASH_KEY] = tr("voice.actors.created", name=name.strip())
                form_done("new_voice_actor")
                st.query_params["actor"] = str(new_id)
                st.rerun()
