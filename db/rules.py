"""The analysis rules as the database holds them (admins edit them), for the analysis stages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.compliance import ComplianceRuleSpec
from core.politeness import PolitenessRule
from core.scorecard import ScorecardItemSpec
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
