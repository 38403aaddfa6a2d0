from datetime import date

import pytest

from core.domain import CallCategory, CallStatus, Outcome
from core.filters import CallFilter, ScoreRange, default_filter, from_query

TODAY = date(2026, 11, 22)


def test_a_filter_survives_the_round_trip_through_the_query_string():
    original = CallFilter(
        day_from=date(2026, 10, 1),
        day_to=date(2026, 10, 31),
        team_ids=(2, 5),
        agent_ids=(17,),
        categories=(CallCategory.CLAIM, CallCategory.ACCIDENT),
        statuses=(CallStatus.DONE,),
        outcomes=(Outcome.POOR,),
        score=ScoreRange(40, None),
        politeness=ScoreRange(None, 70.5),
        compliance=ScoreRange(10, 90),
        text="해지 환급금",
        repeat_only=True,
        transferred_only=True,
    )
    params = original.to_query()
    assert params["category"] == "보험금청구,사고접수"
    assert params["score"] == "40-" and params["polite"] == "-70.5"
    parsed, problems = from_query(params, today=TODAY)
    assert problems == []
    assert parsed == original


def test_no_parameters_mean_the_last_thirty_days():
    parsed, problems = from_query({}, today=TODAY)
    assert problems == []
    assert parsed == default_filter(TODAY)
    assert (parsed.day_from, parsed.day_to, parsed.days) == (date(2026, 10, 24), TODAY, 30)
    assert parsed.is_default_except_dates()


def test_the_previous_period_is_as_long_and_ends_the_day_before():
    current = CallFilter(day_from=date(2026, 11, 1), day_to=date(2026, 11, 7), team_ids=(3,))
    previous = current.previous_period()
    assert (previous.day_from, previous.day_to) == (date(2026, 10, 25), date(2026, 10, 31))
    assert previous.team_ids == (3,)


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"from": "2026-13-01"}, "filters.bad.from"),
        ({"to": "yesterday"}, "filters.bad.to"),
        ({"from": "2026-11-10", "to": "2026-11-01"}, "filters.bad.period"),
        ({"from": "2010-01-01", "to": "2026-11-01"}, "filters.bad.period"),
        ({"team": "1,x"}, "filters.bad.team"),
        ({"agent": "-4"}, "filters.bad.agent"),
        ({"category": "보험금청구,pizza"}, "filters.bad.category"),
        ({"direction": "sideways"}, "filters.bad.direction"),
        ({"status": "lost"}, "filters.bad.status"),
        ({"outcome": "great"}, "filters.bad.outcome"),
        ({"score": "80-20"}, "filters.bad.score"),
        ({"polite": "abc"}, "filters.bad.polite"),
        ({"compliance": "0-101"}, "filters.bad.compliance"),
        ({"q": "가" * 101}, "filters.bad.q"),
    ],
)
def test_an_unreadable_parameter_is_named_and_the_rest_still_applies(params, problem):
    parsed, problems = from_query({**params, "category": params.get("category", "일반문의")},
                                  today=TODAY)  # fmt: skip
    assert problems == [problem]
    if problem != "filters.bad.category":
        assert parsed.categories == (CallCategory.GENERAL,)
    assert parsed.day_from <= parsed.day_to
    assert parsed.days <= 366 * 3


def test_a_start_date_alone_runs_to_today_and_an_end_date_alone_covers_thirty_days():
    only_from, _ = from_query({"from": "2026-11-15"}, today=TODAY)
    assert (only_from.day_from, only_from.day_to) == (date(2026, 11, 15), TODAY)
    only_to, _ = from_query({"to": "2026-09-30"}, today=TODAY)
    assert (only_to.day_from, only_to.day_to) == (date(2026, 9, 1), date(2026, 9, 30))


def test_repeated_values_and_list_valued_parameters_are_read_once():
    parsed, problems = from_query({"team": ["9", "1,1,2"]}, today=TODAY)
    assert problems == [] and parsed.team_ids == (1, 2)
