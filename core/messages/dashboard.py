"""Messages of the KPI dashboard."""

MESSAGES: dict[str, tuple[str, str]] = {
    "dashboard.period": (
        "{day_from} ~ {day_to} ({days}일) · 직전 기간({previous_from} ~ {previous_to}) 대비",
        "{day_from} to {day_to} ({days} days), compared with {previous_from} to {previous_to}",
    ),
    "dashboard.empty": (
        "{day_from} ~ {day_to} 기간에 조건에 맞는 통화가 없습니다. 기간이나 조건을 바꿔 보세요.",
        "No calls match in {day_from} to {day_to}. Try another period or fewer conditions.",
    ),
    "dashboard.no_previous": (
        "직전 기간에는 조건에 맞는 통화가 없어 변화량을 표시하지 않습니다.",
        "No calls matched in the previous period, so no changes are shown.",
    ),
    "dashboard.vs_previous": ("직전 기간 대비", "vs previous period"),
    "dashboard.points": ("%p", " pp"),
    "dashboard.open_calls": ("이 조건의 통화 목록", "Calls of this view"),
    "dashboard.click_hint": (
        "막대를 클릭하면 그 조건의 통화 목록으로 이동합니다.",
        "Click a bar to open the matching calls.",
    ),
    "dashboard.section.kpis": ("핵심 지표", "Key figures"),
    "dashboard.section.outcomes": ("예측 결과 구성", "Predicted outcome mix"),
    "dashboard.kpi.calls": ("통화 수", "Calls"),
    "dashboard.kpi.handle_time": ("평균 처리 시간", "Average handle time"),
    "dashboard.kpi.silence": ("무음 비율", "Silence"),
    "dashboard.kpi.overtalk": ("통화당 동시 발화", "Overtalk per call"),
    "dashboard.kpi.politeness": ("공손성 점수", "Politeness score"),
    "dashboard.kpi.compliance": ("스크립트 준수율", "Script compliance"),
    "dashboard.kpi.evaluation": ("평가 점수", "Scorecard score"),
    "dashboard.kpi.repeat_rate": ("재문의율 (7일)", "Repeat calls (7 days)"),
    "dashboard.kpi.transfer_rate": ("호 전환율", "Transfer rate"),
    "dashboard.kpi.satisfied_share": ("만족", "Satisfied"),
    "dashboard.kpi.poor_share": ("미흡", "Poor"),
    "dashboard.kpi.follow_up_share": ("추가상담필요", "Needs follow-up"),
    "dashboard.kpi.unresolvable_share": ("해결불가", "Unresolvable"),
    "dashboard.help.calls": ("기간 안에 시작한 통화 수", "Calls that started in the period"),
    "dashboard.help.handle_time": (
        "통화 길이의 평균 (분:초)",
        "Mean call length (minutes:seconds)",
    ),
    "dashboard.help.silence": (
        "발화 시각이 있는 통화에서 아무도 말하지 않은 시간의 비율",
        "Share of time nobody talked, over calls whose utterance timings are known",
    ),
    "dashboard.help.overtalk": (
        "분석된 통화 한 건당 상담사와 고객이 동시에 말한 횟수",
        "Times agent and customer talked at once, per analysed call",
    ),
    "dashboard.help.politeness": ("공손성 점수(0-100)의 평균", "Mean politeness score (0-100)"),
    "dashboard.help.compliance": (
        "스크립트 필수 항목 준수율(0-100)의 평균",
        "Mean share of required script steps met (0-100)",
    ),
    "dashboard.help.repeat_rate": (
        "같은 고객이 7일 안에 다시 건 통화의 비율",
        "Share of calls whose customer had called within the 7 days before",
    ),
    "dashboard.help.transfer_rate": (
        "다른 부서로 호 전환된 통화의 비율",
        "Share of calls transferred to another queue",
    ),
    "dashboard.help.outcome": (
        "결과가 예측된 통화 중 이 결과로 예측된 비율",
        "Share of the predicted calls predicted to end this way",
    ),
    "dashboard.chart.daily_calls": ("일별 통화 수", "Calls per day"),
    "dashboard.chart.daily_quality": ("일별 품질 지표", "Quality per day"),
    "dashboard.chart.outcomes": ("예측 결과 분포", "Predicted outcomes"),
    "dashboard.chart.teams": ("팀 비교", "Teams compared"),
    "dashboard.chart.heatmap": ("요일 x 시간대 통화량", "Calls by weekday and hour"),
    "dashboard.chart.attention": ("주의가 필요한 상담사", "Agents who most need attention"),
    "dashboard.axis.calls": ("통화 수", "Calls"),
    "dashboard.axis.value": ("점수 / 비율", "Score / share"),
    "dashboard.axis.share": ("비율 (%)", "Share (%)"),
    "dashboard.axis.hour": ("시", "Hour"),
    "dashboard.axis.attention": ("주의 점수", "Attention score"),
    "dashboard.series.current": ("이번 기간", "This period"),
    "dashboard.series.previous": ("직전 기간", "Previous period"),
    "dashboard.weekday.0": ("월", "Mon"),
    "dashboard.weekday.1": ("화", "Tue"),
    "dashboard.weekday.2": ("수", "Wed"),
    "dashboard.weekday.3": ("목", "Thu"),
    "dashboard.weekday.4": ("금", "Fri"),
    "dashboard.weekday.5": ("토", "Sat"),
    "dashboard.weekday.6": ("일", "Sun"),
    "dashboard.attention.rule": (
        "기간 중 통화가 {min_calls}건 이상인 상담사를 공손성·준수율·평가 점수·미흡 예측·"
        "무음·재문의율로 비교합니다. 전체 평균보다 나쁜 정도(표준편차 단위)를 더한 값이 "
        "주의 점수입니다.",
        "Agents with at least {min_calls} calls in the period are compared on politeness, "
        "compliance, scorecard score, poor predictions, silence and repeat calls; the attention "
        "score adds up how many standard deviations worse than the mean each one is.",
    ),
    "dashboard.attention.none": (
        "통화가 {min_calls}건 이상이면서 평균보다 나쁜 지표가 있는 상담사가 없습니다.",
        "No agent with at least {min_calls} calls is worse than the mean on any measure.",
    ),
    "dashboard.attention.no_reason": ("여러 지표가 조금씩 낮음", "Slightly worse on several"),
}
