import pytest
from sqlalchemy import select

from core.access import SYSTEM_ACTOR, Actor, PermissionDenied
from core.domain import CallCategory, Role
from core.errors import UserError
from db import rules
from db.default_rules import install_default_rules
from db.models import AuditEntry, ComplianceRule, PolitenessRule
from db.session import transaction


@pytest.fixture
def installed(engine):
    with transaction(engine) as session:
        install_default_rules(session=session, company_name="바른손해보험")
    return engine


def greeting(session) -> ComplianceRule:
    return session.scalars(
        select(ComplianceRule).where(ComplianceRule.code == "greeting_company")
    ).one()


def test_default_rules_use_the_configured_company_name(installed):
    with transaction(installed) as session:
        assert all("바른손해보험" in p for p in greeting(session).phrases)


def test_an_admin_edits_a_rule_and_the_change_is_audited(installed):
    with transaction(installed) as session:
        rule_id = greeting(session).id
        rules.update_compliance_rule(
            session=session,
            actor=SYSTEM_ACTOR,
            rule_id=rule_id,
            phrases=[" 안녕하십니까 바른손해보험 ", ""],
            min_similarity=0.7,
            active=True,
        )
    with transaction(installed) as session:
        assert greeting(session).phrases == ["안녕하십니까 바른손해보험"]
        entry = session.scalars(select(AuditEntry)).one()
        assert entry.action == "rules.compliance.update"
        assert entry.details["after"]["min_similarity"] == 0.7


@pytest.mark.parametrize(("phrases", "similarity"), [([" ", "?!"], 0.8), (["회사명 인사"], 1.5)])
def test_an_invalid_edit_is_refused_and_nothing_changes(installed, phrases, similarity):
    with transaction(installed) as session:
        before = list(greeting(session).phrases)
        rule_id = greeting(session).id
    with pytest.raises(UserError) as raised, transaction(installed) as session:
        rules.update_compliance_rule(
            session=session,
            actor=SYSTEM_ACTOR,
            rule_id=rule_id,
            phrases=phrases,
            min_similarity=similarity,
            active=True,
        )
    assert raised.value.key == "rules.invalid"
    with transaction(installed) as session:
        assert greeting(session).phrases == before
        assert session.scalars(select(AuditEntry)).all() == []


def test_a_new_rule_with_a_taken_code_is_refused(installed):
    with pytest.raises(UserError) as raised, transaction(installed) as session:
        rules.add_compliance_rule(
            session=session,
            actor=SYSTEM_ACTOR,
            category=None,
            code="greeting_company",
            name_ko="중복",
            name_en="dup",
            stage="opening",
            phrases=["안녕하세요"],
        )
    assert raised.value.key == "rules.duplicate"
    with transaction(installed) as session:
        added = rules.add_compliance_rule(
            session=session,
            actor=SYSTEM_ACTOR,
            category=CallCategory.CLAIM,
            code="privacy_notice",
            name_ko="개인정보 고지",
            name_en="",
            stage="notice",
            phrases=["개인정보 수집 | 이용에 동의"],
        )
        assert added.name_en == "개인정보 고지"


def test_only_admins_edit_rules(installed):
    supervisor = Actor(user_id=None, username="qa", roles=[Role.SUPERVISOR])
    with pytest.raises(PermissionDenied), transaction(installed) as session:
        rule = session.scalars(select(PolitenessRule)).first()
        rules.update_politeness_rule(
            session=session, actor=supervisor, rule_id=rule.id, score_delta=-50, active=True
        )
