from core.domain import FindingKind
from core.features import FEATURE_NAMES
from core.i18n import CATALOG
from core.pii import PiiKind
from db.call_detail import Finding
from db.default_rules import POLITENESS_RULES
from db.models import Utterance
from ui.call_view import finding_line, with_redaction_badges


def test_every_model_feature_redaction_kind_and_politeness_kind_has_a_label():
    keys = [f"call.feature.{name}" for name in FEATURE_NAMES]
    keys += [f"call.redacted.{kind.value}" for kind in PiiKind]
    keys += [f"call.finding.kind.{kind}" for kind, _, _ in POLITENESS_RULES]
    assert [key for key in keys if key not in CATALOG] == []


def test_a_redacted_span_becomes_a_badge_and_the_rest_stays_literal():
    text = "제 번호는 [전화번호]입니다. *진짜*"
    utterance = Utterance(text=text, redaction_spans=[{"start": 6, "end": 12, "kind": "phone"}])
    assert with_redaction_badges(utterance) == (
        r"제 번호는 :gray-badge[:material/lock: 전화번호]입니다\. \*진짜\*"
    )


def test_a_span_that_does_not_fit_the_text_leaves_the_text_as_it_is():
    utterance = Utterance(text="[전화번호]", redaction_spans=[{"start": 0, "end": 99,
                                                                "kind": "phone"}])  # fmt: skip
    assert with_redaction_badges(utterance) == r"\[전화번호\]"


def test_a_politeness_finding_shows_the_found_words_escaped():
    finding = Finding(1, FindingKind.POLITENESS, "rude", "[클릭](javascript:x)", -5.0, None, 3)
    line = finding_line(finding)
    assert line.startswith(":red[:material/remove_circle:] ")
    assert line.endswith(r"공손성 무례한 표현\: \'\[클릭\]\(javascript\:x\)\' \(\-5점\)")
