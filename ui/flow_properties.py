"""The property panel of the scenario editor: one form for the selected node's fields, its
prompt (library or own text) and where each of its exits goes."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from core.domain import TransferQueue
from core.flow.editing import set_exits, set_menu_options
from core.flow.model import (
    ASKING_KINDS,
    DTMF_KEYS,
    OPERATORS,
    PROMPT_ALLOWED,
    WEEKDAYS,
    ConditionTest,
    Flow,
    MenuOption,
    Node,
    NodeKind,
    allowed_exits,
)
from core.flow.prompts import PromptCatalog
from core.flow.schema import VARIABLE_NAME, FlowSchemaError, parse_flow
from core.i18n import t
from ui.flow_chart import exit_name
from ui.session import lang, tr

SEPARATOR = " · "
EXIT_ORDER = ("", "true", "false", "timeout", "invalid", "limit")
"""The order exits other than keys are listed in."""


def node_choice(node: Node) -> str:
    """How a node is named in pickers: its id first, so the choice maps back to it."""
    return f"{node.id}{SEPARATOR}{node.label}" if node.label else node.id


def show(flow: Flow, node_id: str, *, prompts: PromptCatalog, key: str) -> Flow | None:
    """The form for ``node_id``; the changed flow when it is applied, else None. Field
    problems are shown and give None (nothing changes)."""
    node = flow.node(node_id)
    choices = {node_choice(n): n.id for n in flow.nodes}
    with st.form(f"{key}_{node_id}", border=True):
        st.markdown(f"**{tr(f'flow.kind.{node.kind.value}')}** · `{node.id}`")
        label = st.text_input(tr("studio.field.label"), node.label, max_chars=80)
        changes: dict[str, object] = {"label": label.strip()}
        if node.kind in PROMPT_ALLOWED:
            changes |= _prompt_fields(node, prompts)
        changes |= _kind_fields(node)
        rows = _menu_rows(flow, node, choices) if node.kind is NodeKind.MENU else None
        exits = _exit_fields(flow, node)
        applied = st.form_submit_button(tr("studio.apply"), type="primary")
    if not applied:
        return None
    updated = flow.with_node(replace(node, **changes))
    updated = set_exits(updated, node_id, exits)
    if rows is not None:
        updated, refused = set_menu_options(updated, node_id, rows)
        if refused:
            st.error(tr("studio.error.bad_key", keys=", ".join(refused)))
            return None
    try:
        parse_flow(updated.to_dict())
    except FlowSchemaError as error:
        for problem_key, params in error.problems:
            st.error(t(problem_key, lang(), **params))
        return None
    return updated


def _prompt_fields(node: Node, prompts: PromptCatalog) -> dict[str, object]:
    ids: list[int | None] = [None, *sorted(prompts, key=lambda i: prompts[i].code)]
    if node.prompt_id is not None and node.prompt_id not in prompts:
        ids.append(node.prompt_id)

    def name(prompt_id: int | None) -> str:
        if prompt_id is None:
            return tr("studio.prompt.own_text")
        prompt = prompts.get(prompt_id)
        if prompt is None:
            return tr("studio.prompt.missing", id=prompt_id)
        return f"{prompt.code}{SEPARATOR}{prompt.text[:40]}"

    prompt_id = st.selectbox(
        tr("studio.field.library_prompt"), ids, index=ids.index(node.prompt_id), format_func=name
    )
    text = st.text_area(
        tr("studio.field.prompt_text"),
        node.prompt_text,
        max_chars=1000,
        help=tr("studio.help.prompt_text"),
    )
    if prompt_id is not None and prompt_id in prompts:
        text = prompts[prompt_id].text  # a linked node says the library's words
    return {"prompt_id": prompt_id, "prompt_text": text.strip()}


def _kind_fields(node: Node) -> dict[str, object]:
    fields: dict[str, object] = {}
    if node.kind in ASKING_KINDS:
        left, right = st.columns(2)
        fields["timeout_s"] = left.number_input(
            tr("studio.field.timeout_s"), 1.0, 60.0, float(node.timeout_s), step=1.0
        )
        fields["retries"] = right.number_input(
            tr("studio.field.retries"), 0, 9, node.retries, help=tr("studio.help.retries")
        )
    if node.kind is NodeKind.INPUT:
        fields["variable"] = st.text_input(tr("studio.field.variable"), node.variable).strip()
        left, right = st.columns(2)
        fields["min_length"] = left.number_input(
            tr("studio.field.min_length"), 1, 32, node.min_length
        )
        fields["max_length"] = right.number_input(
            tr("studio.field.max_length"), 1, 32, node.max_length
        )
        terminators = ["#", "*", ""]
        fields["terminator"] = st.selectbox(
            tr("studio.field.terminator"),
            terminators,
            index=terminators.index(node.terminator) if node.terminator in terminators else 0,
            format_func=lambda key: key or tr("studio.terminator.none"),
        )
        fields["pattern"] = st.text_input(
            tr("studio.field.pattern"), node.pattern, help=tr("studio.help.pattern")
        ).strip()
    if node.kind is NodeKind.CONDITION:
        tests = list(ConditionTest)
        fields["test"] = st.radio(
            tr("studio.field.test"),
            tests,
            index=tests.index(node.test),
            format_func=lambda test: tr(f"studio.condition.{test.value}"),
            horizontal=True,
        )
        fields |= _condition_fields(node)
    if node.kind is NodeKind.TRANSFER:
        queues = [queue.value for queue in TransferQueue]
        fields["queue"] = st.selectbox(
            tr("studio.field.queue"),
            queues,
            index=queues.index(node.queue) if node.queue in queues else 0,
        )
    return fields


def _condition_fields(node: Node) -> dict[str, object]:
    st.caption(tr("studio.help.condition"))
    days = st.multiselect(
        tr("studio.field.open_days"),
        list(WEEKDAYS),
        default=[d for d in node.open_days if d in WEEKDAYS],
        format_func=lambda day: tr(f"studio.day.{day}"),
    )
    left, right = st.columns(2)
    open_time = left.text_input(tr("studio.field.open_time"), node.open_time, max_chars=5)
    close_time = right.text_input(tr("studio.field.close_time"), node.close_time, max_chars=5)
    left, middle, right = st.columns(3)
    variable = left.text_input(tr("studio.field.variable"), node.variable)
    operator = middle.selectbox(
        tr("studio.field.operator"),
        OPERATORS,
        index=OPERATORS.index(node.operator) if node.operator in OPERATORS else 0,
    )
    value = right.text_input(tr("studio.field.value"), node.value)
    return {
        "open_days": tuple(days),
        "open_time": open_time.strip(),
        "close_time": close_time.strip(),
        "variable": variable.strip(),
        "operator": operator,
        "value": value.strip(),
    }


def _menu_rows(
    flow: Flow, node: Node, choices: dict[str, str]
) -> list[tuple[str, str, str | None]]:
    """The menu's options as an editable table of key, what it is for and where it goes."""
    names = {node_id: name for name, node_id in choices.items()}
    targets = {e.label: e.target for e in flow.exits(node.id) if e.label in DTMF_KEYS}
    keys = [option.key for option in node.options]
    keys += [key for key in targets if key not in keys]
    labels = {option.key: option.label for option in node.options}
    key_col, label_col, target_col = (
        tr("studio.option.key"),
        tr("studio.option.label"),
        tr("studio.option.target"),
    )
    table = pd.DataFrame(
        {
            key_col: keys,
            label_col: [labels.get(key, "") for key in keys],
            target_col: [names.get(targets.get(key, "")) for key in keys],
        },
        dtype=object,
    )
    st.caption(tr("studio.help.options"))
    edited = st.data_editor(
        table,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            key_col: st.column_config.SelectboxColumn(options=list(DTMF_KEYS), required=True),
            label_col: st.column_config.TextColumn(max_chars=40),
            target_col: st.column_config.SelectboxColumn(options=list(choices)),
        },
    )
    rows = []
    for record in edited.to_dict("records"):
        key = record.get(key_col)
        if key is None or (isinstance(key, float) and pd.isna(key)):
            continue
        target = record.get(target_col)
        label = record.get(label_col)
        rows.append(
            (
                str(key),
                label if isinstance(label, str) else "",
                choices.get(target) if isinstance(target, str) else None,
            )
        )
    return rows


def _exit_fields(flow: Flow, node: Node) -> dict[str, str | None]:
    """A target picker for each exit that is not a menu key."""
    labels = [label for label in allowed_exits(node.kind) if label not in DTMF_KEYS]
    if not labels:
        return {}
    st.markdown(f"**{tr('studio.exits')}**")
    options: list[str | None] = [None, *(n.id for n in flow.nodes)]
    names = {n.id: node_choice(n) for n in flow.nodes}
    targets: dict[str, str | None] = {}
    for label in sorted(labels, key=EXIT_ORDER.index):
        current = flow.exit(node.id, label)
        targets[label] = st.selectbox(
            exit_name(label, lang()),
            options,
            index=options.index(current.target) if current is not None else 0,
            format_func=lambda node_id: names.get(node_id, tr("studio.exit.none")),
        )
    return targets


def variables_form(flow: Flow) -> Flow | None:
    """The call data a flow starts with (an outbound campaign's customer name, say)."""
    with st.form("flow_variables"):
        text = st.text_input(
            tr("studio.field.start_variables"),
            ", ".join(flow.variables),
            help=tr("studio.help.start_variables"),
        )
        applied = st.form_submit_button(tr("studio.apply"))
    if not applied:
        return None
    names = [name.strip() for name in text.replace("\n", ",").split(",") if name.strip()]
    bad = [name for name in names if not VARIABLE_NAME.match(name)]
    if bad:
        st.error(tr("studio.error.variable_name", name=bad[0][:40]))
        return None
    return replace(flow, variables=tuple(dict.fromkeys(names)))


def add_exit_form(flow: Flow, node_id: str) -> Flow | None:
    """One more exit for the node: a free exit (a menu: a free key, with what it is for)
    and where it goes. The changed flow when added, else None."""
    node = flow.node(node_id)
    taken = {edge.label for edge in flow.exits(node_id)}
    free = sorted(allowed_exits(node.kind) - taken, key=_exit_sort)
    if not free:
        return None
    names = {n.id: node_choice(n) for n in flow.nodes}
    with st.form(f"add_exit_{node_id}", border=True):
        st.markdown(f"**{tr('studio.add_exit')}**")
        left, right = st.columns(2)
        label = left.selectbox(
            tr("studio.add_exit.exit"), free, format_func=lambda e: exit_name(e, lang())
        )
        target = right.selectbox(
            tr("studio.option.target"), list(names), format_func=names.__getitem__
        )
        option_label = (
            st.text_input(tr("studio.option.label"), max_chars=40)
            if node.kind is NodeKind.MENU
            else ""
        )
        added = st.form_submit_button(tr("studio.add_exit.button"), icon=":material/add_link:")
    if not added:
        return None
    updated = set_exits(flow, node_id, {label: target})
    if node.kind is NodeKind.MENU and label in DTMF_KEYS:
        options = [o for o in node.options if o.key != label]
        options.append(MenuOption(key=label, label=option_label.strip()))
        updated = updated.with_node(replace(updated.node(node_id), options=tuple(options)))
    return updated


def _exit_sort(label: str) -> tuple[int, int]:
    """Keys in keypad order first (a menu's usual choice), then the other exits."""
    if label in DTMF_KEYS:
        return (0, DTMF_KEYS.index(label))
    return (1, EXIT_ORDER.index(label))
