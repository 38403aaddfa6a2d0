"""Every table of Feple Studio. Import models from here."""

from db.models.audit import AuditEntry
from db.models.base import Base
from db.models.calls import (
    Call,
    CallFinding,
    CallMetrics,
    CallSearchTerms,
    ImportBatch,
    JobRun,
    Utterance,
)
from db.models.people import Agent, Team, User
from db.models.quality import (
    ComplianceRule,
    Evaluation,
    EvaluationItem,
    ModelVersion,
    PolitenessRule,
    Prediction,
    Review,
    ScorecardItem,
)
from db.models.rollups import DailyRollup, HourlyCallCount
from db.models.scenarios import Deployment, Scenario, ScenarioDraft, ScenarioVersion
from db.models.voice import Prompt, PronunciationEntry, TtsTake, VoiceActor, VoiceSample

__all__ = [
    "Agent",
    "AuditEntry",
    "Base",
    "Call",
    "CallFinding",
    "CallMetrics",
    "CallSearchTerms",
    "ComplianceRule",
    "DailyRollup",
    "Deployment",
    "Evaluation",
    "EvaluationItem",
    "HourlyCallCount",
    "ImportBatch",
    "JobRun",
    "ModelVersion",
    "PolitenessRule",
    "Prediction",
    "Prompt",
    "PronunciationEntry",
    "Review",
    "Scenario",
    "ScenarioDraft",
    "ScenarioVersion",
    "ScorecardItem",
    "Team",
    "TtsTake",
    "User",
    "Utterance",
    "VoiceActor",
    "VoiceSample",
]
