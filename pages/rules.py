"""Analysis rules (admins): the script-compliance rules per call category and the scored
politeness expressions. Changes apply to calls analysed from then on."""

import streamlit as st

from core.access import Permission
from core.compliance import STAGE_WINDOWS
from core.domain import CallCategory
from core.errors import UserError
from db import rules
from db.session import transaction
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr

SEPARATOR = " | "

actor = current_actor()
actor.require(Permission.MANAGE_RULES)
rt = runtime()
st.title(tr("rules.title"))
st.caption(tr("rules.help"))
if message := st.session_state.pop("rules_flash", None):
    st.success(message)


def save(changes: list[dict], update) -> None:  # type: ignore[no-untyped-def]
    """All edited rows in one transaction: one bad row and nothing is saved."""
    try:
        with transaction(rt.engine) as session:
            for change in changes:
                update(session=session, actor=actor, **change)
    except UserError as error:
        show_error(error)
        return
    st.session_state["rules_flash"] = tr("rules.saved", count=len(changes))
    st.rerun()


compliance_tab, politeness_tab = st.tabs([tr("rules.compliance"), tr("rules.politeness")])

with compliance_tab:
    with transaction(rt.engine) as session:
        compliance = rules.all_compliance_rules(session=session)
    shown = [
        {
            "id": r.id,
            tr("rules.col.category"): r.category.value
            if r.category
            else tr("rules.all_categories"),
            tr("rules.col.code"): r.code,
            tr("rules.col.name"): r.name_ko,
            tr("rules.col.stage"): r.stage,
            tr("rules.col.phrases"): SEPARATOR.join(r.phrases),
            tr("rules.col.similarity"): r.min_similarity,
            tr("rules.col.active"): r.active,
        }
        for r in compliance
    ]
    edited = st.data_editor(
        shown,
        hide_index=True,
        width="stretch",
        key="compliance_editor",
        disabled=[
            "id",
            tr("rules.col.category"),
            tr("rules.col.code"),
            tr("rules.col.name"),
            tr("rules.col.stage"),
        ],
    )
    if st.button(tr("rules.save"), key="save_compliance", type="primary"):
        changes = [
            {
                "rule_id": new["id"],
                "phrases": str(new[tr("rules.col.phrases")]).split("|"),
                "min_similarity": float(new[tr("rules.col.similarity")]),
                "active": bool(new[tr("rules.col.active")]),
            }
            for old, new in zip(shown, edited, strict=True)
            if old != new
        ]
        save(changes, rules.update_compliance_rule)

    with st.form("add_compliance_rule", clear_on_submit=True):
        st.subheader(tr("rules.add"))
        left, right = st.columns(2)
        category = left.selectbox(
            tr("rules.col.category"),
            [None, *CallCategory],
            format_func=lambda c: c.value if c else tr("rules.all_categories"),
        )
        stage = right.selectbox(tr("rules.col.stage"), list(STAGE_WINDOWS))
        code = left.text_input(tr("rules.col.code"))
        name = right.text_input(tr("rules.col.name"))
        phrases = st.text_input(tr("rules.col.phrases"))
        if st.form_submit_button(tr("rules.add")):
            try:
                with transaction(rt.engine) as session:
                    rules.add_compliance_rule(
                        session=session,
                        actor=actor,
                        category=category,
                        code=code,
                        name_ko=name,
                        name_en=name,
                        stage=stage,
                        phrases=phrases.split("|"),
                    )
            except UserError as error:
                show_error(error)
            else:
                st.session_state["rules_flash"] = tr("rules.added", rule=code.strip())
                st.rerun()

with politeness_tab:
    with transaction(rt.engine) as session:
        politeness = rules.all_politeness_rules(session=session)
    shown_p = [
        {
            "id": r.id,
            tr("rules.col.kind"): r.kind,
            tr("rules.col.expression"): r.expression,
            tr("rules.col.delta"): r.score_delta,
            tr("rules.col.active"): r.active,
        }
        for r in politeness
    ]
    edited_p = st.data_editor(
        shown_p,
        hide_index=True,
        width="stretch",
        key="politeness_editor",
        disabled=["id", tr("rules.col.kind"), tr("rules.col.expression")],
    )
    if st.button(tr("rules.save"), key="save_politeness", type="primary"):
        changes = [
            {
                "rule_id": new["id"],
                "score_delta": float(new[tr("rules.col.delta")]),
                "active": bool(new[tr("rules.col.active")]),
            }
            for old, new in zip(shown_p, edited_p, strict=True)
            if old != new
        ]
        save(changes, rules.update_politeness_rule)
