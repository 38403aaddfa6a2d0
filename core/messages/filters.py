"""Messages of the shared call filter (dashboard, call list, exports)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "filters.bad.from": (
        "주소의 시작일(from)을 읽을 수 없어 기본 기간을 씁니다.",
        "The start date (from) in the address could not be read; the default period is used.",
    ),
    "filters.bad.to": (
        "주소의 종료일(to)을 읽을 수 없어 기본 기간을 씁니다.",
        "The end date (to) in the address could not be read; the default period is used.",
    ),
    "filters.bad.period": (
        "기간이 올바르지 않아(시작일이 종료일보다 늦거나 3년 초과) 조정했습니다.",
        "The period was not valid (start after end, or over 3 years) and was adjusted.",
    ),
    "filters.bad.team": (
        "주소의 팀 조건을 읽을 수 없어 무시했습니다.",
        "The team filter in the address could not be read and was ignored.",
    ),
    "filters.bad.agent": (
        "주소의 상담사 조건을 읽을 수 없어 무시했습니다.",
        "The agent filter in the address could not be read and was ignored.",
    ),
    "filters.bad.category": (
        "알 수 없는 상담 유형이 있어 유형 조건을 무시했습니다.",
        "An unknown call category was in the address; the category filter was ignored.",
    ),
    "filters.bad.direction": (
        "알 수 없는 통화 방향이 있어 방향 조건을 무시했습니다.",
        "An unknown call direction was in the address; the direction filter was ignored.",
    ),
    "filters.bad.status": (
        "알 수 없는 처리 상태가 있어 상태 조건을 무시했습니다.",
        "An unknown status was in the address; the status filter was ignored.",
    ),
    "filters.bad.outcome": (
        "알 수 없는 예측 결과가 있어 결과 조건을 무시했습니다.",
        "An unknown outcome was in the address; the outcome filter was ignored.",
    ),
    "filters.bad.score": (
        "평가 점수 범위(0-100)를 읽을 수 없어 무시했습니다.",
        "The score range (0-100) could not be read and was ignored.",
    ),
    "filters.bad.polite": (
        "공손성 점수 범위(0-100)를 읽을 수 없어 무시했습니다.",
        "The politeness range (0-100) could not be read and was ignored.",
    ),
    "filters.bad.compliance": (
        "스크립트 준수율 범위(0-100)를 읽을 수 없어 무시했습니다.",
        "The compliance range (0-100) could not be read and was ignored.",
    ),
    "filters.bad.q": (
        "검색어는 100자까지입니다. 앞부분만 검색합니다.",
        "Search text is limited to 100 characters; only the start is searched.",
    ),
    "filters.period": ("기간", "Period"),
    "filters.team": ("팀", "Team"),
    "filters.agent": ("상담사", "Agent"),
    "filters.category": ("상담 유형", "Category"),
    "filters.direction": ("방향", "Direction"),
    "filters.status": ("처리 상태", "Status"),
    "filters.outcome": ("예측 결과", "Predicted outcome"),
    "filters.score": ("평가 점수", "Score"),
    "filters.polite": ("공손성 점수", "Politeness"),
    "filters.compliance": ("스크립트 준수율", "Script compliance"),
    "filters.q": ("대화 내용 검색", "Search transcripts"),
    "filters.repeat": ("재문의 통화만", "Repeat calls only"),
    "filters.transferred": ("호 전환 통화만", "Transferred calls only"),
    "filters.reset": ("조건 초기화", "Reset filters"),
}
