"""The demo dataset: a fictional insurer's contact centre, its calls and reference data.

``seed_demo`` fills an empty install (teams, agents, calls with redacted, timed utterances,
plus the reference data from ``seed_reference``); analysis results are left to the real
analysis code.
"""

from db.demo.load import DemoStage, DemoSummary, seed_demo
from db.demo.reference import ReferenceSummary, seed_reference

__all__ = ["DemoStage", "DemoSummary", "ReferenceSummary", "seed_demo", "seed_reference"]
