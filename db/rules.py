"""The analysis rules as the database holds them (admins edit them), for the analysis stages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.compliance import ComplianceRuleSpec
from core.domain import CallCategory
from core.errors import UserError
from core.metrics import MetricThresholds
from core.pipeline import Rules
from core.politeness import PolitenessRule
from core.scorecard import ScorecardItemSpec
from db import audit
from db.models import ComplianceRule, ScorecardItem
from db.models import PolitenessRule as PolitenessRuleRow


def compliance_rules(*, session: Session) -> tuple[ComplianceRuleSpec, ...]:
    rows = session.scalars(
        select(ComplianceRule).where(ComplianceRule.active.is_(True)).order_by(ComplianceRule.id)
    )
    return tuple(
        ComplianceRuleSpec(
            code=row.code,
            category=row.category,
            stage=row.stage,
            phrases=tuple(row.phrases),
            min_similarity=row.min_similarity,
        )
        for row in rows
    )


def politeness_rules(*, session: Session) -> tuple[PolitenessRule, ...]:
    rows = session.scalars(
        select(PolitenessRuleRow)
        .where(PolitenessRuleRow.active.is_(True))
        .order_by(PolitenessRuleRow.id)
    )
    return tuple(PolitenessRule(row.kind, row.expression, row.score_delta) for row in rows)


def scorecard_specs(*, session: Session) -> tuple[ScorecardItemSpec, ...]:
    rows = session.scalars(
        select(ScorecardItem)
        .where(ScorecardItem.active.is_(True))
        .order_by(ScorecardItem.sort_order, ScorecardItem.id)
    )
    return tuple(
        ScorecardItemSpec(row.code, row.name_ko, row.name_en, row.description, row.weight)
        for row in rows
    )


def compliance_rule_names(*, session: Session) -> dict[str, tuple[str, str]]:
    """code -> (Korean name, English name), for showing missed rules."""
    rows = session.execute(
        select(ComplianceRule.code, ComplianceRule.name_ko, ComplianceRule.name_en)
    )
    return {code: (ko, en) for code, ko, en in rows}


# --- editing (admins) ----------------------------------------------------------------------


def _valid_compliance(row: ComplianceRule) -> None:
    """The same checks the analysis makes when it loads the rule, as a user-facing message."""
    try:
        ComplianceRuleSpec(
            code=row.code,
            category=row.category,
            stage=row.stage,
            phrases=tuple(row.phrases),
            min_similarity=row.min_similarity,
        )
    except ValueError as error:
        raise UserError("rules.invalid", reason=str(error)) from error


def update_compliance_rule(
    *,
    session: Session,
    actor: Actor,
    rule_id: int,
    phrases: list[str],
    min_similarity: float,
    active: bool,
) -> ComplianceRule:
    actor.require(Permission.MANAGE_RULES)
    row = session.get(ComplianceRule, rule_id)
    if row is None:
        raise UserError("rules.not_found", rule=str(rule_id))
    before = {
        "phrases": list(row.phrases),
        "min_similarity": row.min_similarity,
        "active": row.active,
    }
    row.phrases = [p.strip() for p in phrases if p.strip()]
    row.min_similarity = min_similarity
    row.active = active
    _valid_compliance(row)
    after = {"phrases": row.phrases, "min_similarity": row.min_similarity, "active": row.active}
    if after != before:
        audit.record(
            session=session,
            actor=actor,
            action="rules.compliance.update",
            target_type="compliance_rule",
            target_id=row.id,
            code=row.code,
            before=before,
            after=after,
        )
    return row


def add_compliance_rule(
    *,
    session: Session,
    actor: Actor,
    category: CallCategory | None,
    code: str,
    name_ko: str,
    name_en: str,
    stage: str,
    phrases: list[str],
    min_similarity: float = 0.8,
) -> ComplianceRule:
    actor.require(Permission.MANAGE_RULES)
    code = code.strip()
    if not code or not name_ko.strip():
        raise UserError("rules.code_and_name_required")
    taken = session.scalar(
        select(ComplianceRule.id).where(
            ComplianceRule.category == category, ComplianceRule.code == code
        )
    )
    if taken is not None:
        raise UserError("rules.duplicate", rule=code)
    row = ComplianceRule(
        category=category,
        code=code,
        name_ko=name_ko.strip(),
        name_en=name_en.strip() or name_ko.strip(),
        stage=stage,
        phrases=[p.strip() for p in phrases if p.strip()],
        min_similarity=min_similarity,
    )
    _valid_compliance(row)
    session.add(row)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="rules.compliance.add",
        target_type="compliance_rule",
        target_id=row.id,
        code=code,
    )
    return row


def update_politeness_rule(
    *, session: Session, actor: Actor, rule_id: int, score_delta: float, active: bool
) -> PolitenessRuleRow:
    actor.require(Permission.MANAGE_RULES)
    row = session.get(PolitenessRuleRow, rule_id)
    if row is None:
        raise UserError("rules.not_found", rule=str(rule_id))
    if not -100 <= score_delta <= 100:
        raise UserError("rules.bad_delta")
    before = {"score_delta": row.score_delta, "active": row.active}
    row.score_delta, row.active = score_delta, active
    if before != {"score_delta": score_delta, "active": active}:
        audit.record(
            session=session,
            actor=actor,
            action="rules.politeness.update",
            target_type="politeness_rule",
            target_id=row.id,
            expression=row.expression,
            before=before,
            after={"score_delta": score_delta, "active": active},
        )
    return row


def all_compliance_rules(*, session: Session) -> list[ComplianceRule]:
    return list(session.scalars(select(ComplianceRule).order_by(ComplianceRule.id)))


def all_politeness_rules(*, session: Session) -> list[PolitenessRuleRow]:
    return list(session.scalars(select(PolitenessRuleRow).order_by(PolitenessRuleRow.id)))


def load_rules(*, session: Session, thresholds: MetricThresholds) -> Rules:
    """Everything the analysis pipeline needs from the rule tables, in one value."""
    return Rules(
        compliance=compliance_rules(session=session),
        scorecard=scorecard_specs(session=session),
        compliance_names={
            code: ko for code, (ko, _) in compliance_rule_names(session=session).items()
        },
        thresholds=thresholds,
    )
