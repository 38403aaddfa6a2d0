"""Messages of the call list (search, sort, pages) and its CSV/Excel export."""

MESSAGES: dict[str, tuple[str, str]] = {
    "calls.title": ("통화 목록", "Calls"),
    "calls.help": (
        "조건에 맞는 통화를 찾습니다. 주소(URL)에 조건이 담기므로 그대로 공유할 수 있습니다. "
        "행을 선택하면 통화 상세가 열립니다.",
        "Find calls by any condition. The address (URL) holds the conditions, so a view can be "
        "shared as it is. Select a row to open the call.",
    ),
    "calls.more_filters": ("점수·기타 조건", "Scores and more"),
    "calls.q_help": (
        "통화 중 어느 발화에든 들어 있는 글자를 찾습니다(띄어쓰기 포함, 영문 대소문자 무시). "
        "두 글자 이상 입력하세요(예: 해지, 민원).",
        "Finds text in any utterance of the call (spaces count, Latin case ignored). Enter "
        "two characters or more (e.g. 해지, 민원).",
    ),
    "calls.search_too_short": (
        "검색어는 두 글자 이상 입력해 주세요(예: 해지, 민원). 한 글자로는 찾을 수 없습니다.",
        "Enter two characters or more (e.g. 해지, 민원): a single character cannot be searched.",
    ),
    "calls.range_help": (
        "0-100 전체이면 조건 없음(점수 없는 통화 포함). 범위를 좁히면 점수 있는 통화만 남습니다.",
        "The full 0-100 means no condition (calls without a score included); a narrower range "
        "keeps only calls with a score in it.",
    ),
    "calls.sort": ("정렬", "Sort by"),
    "calls.sort.started": ("통화 시각", "Start time"),
    "calls.sort.compliance": ("스크립트 준수율", "Compliance"),
    "calls.order": ("순서", "Order"),
    "calls.order.desc": ("내림차순", "Descending"),
    "calls.order.asc": ("오름차순", "Ascending"),
    "calls.bad.sort": (
        "주소의 정렬 조건을 읽을 수 없어 최신순으로 보여 줍니다.",
        "The sort order in the address could not be read; newest first is shown.",
    ),
    "calls.bad.page": (
        "주소의 페이지 번호를 읽을 수 없어 첫 페이지를 보여 줍니다.",
        "The page number in the address could not be read; the first page is shown.",
    ),
    "calls.search_slow": (
        "검색이 {seconds}초 안에 끝나지 않았습니다. 검색어를 더 구체적으로 하거나 기간을 줄여 "
        "주세요.",
        "The search did not finish within {seconds} seconds. Use more specific words or a "
        "shorter period.",
    ),
    "calls.total": ("{total}건", "{total} calls"),
    "calls.total_unknown": (
        "건수는 세지 않았습니다(오래 걸려 생략). 검색어를 더 구체적으로 하거나 기간을 줄이면 셀 수 "
        "있습니다.",
        "The calls were not counted (it took too long). More specific words or a shorter "
        "period get a count.",
    ),
    "calls.total_capped": ("{total}건 이상", "More than {total} calls"),
    "calls.page": ("{page} / {pages} 페이지", "Page {page} of {pages}"),
    "calls.page_capped": ("{page} 페이지", "Page {page}"),
    "calls.previous": ("이전", "Previous"),
    "calls.next": ("다음", "Next"),
    "calls.none": (
        "조건에 맞는 통화가 없습니다. 기간을 늘리거나 조건을 줄여 보세요.",
        "No call matches. Try a longer period or fewer conditions.",
    ),
    "calls.past_end": (
        "{page} 페이지에는 통화가 없어 첫 페이지로 돌아갑니다.",
        "Page {page} has no calls; back to the first page.",
    ),
    "calls.col.id": ("통화 ID", "Call ID"),
    "calls.col.started": ("시작 시각", "Started"),
    "calls.col.duration": ("통화 시간", "Duration"),
    "calls.col.duration_s": ("통화 시간(초)", "Duration (s)"),
    "calls.col.politeness": ("공손성", "Politeness"),
    "calls.col.compliance": ("준수율", "Compliance"),
    "calls.col.source": ("출처", "Source"),
    "calls.col.reviewed": ("검토", "Reviewed"),
    "calls.outcome.satisfied": ("만족", "Satisfied"),
    "calls.outcome.poor": ("미흡", "Poor"),
    "calls.outcome.needs_follow_up": ("추가상담필요", "Needs follow-up"),
    "calls.outcome.unresolvable": ("해결불가", "Unresolvable"),
    "calls.source.upload": ("업로드", "Upload"),
    "calls.source.batch_import": ("일괄 가져오기", "Bulk import"),
    "calls.source.transcript_import": ("대화록", "Transcript"),
    "calls.source.demo": ("데모", "Demo"),
    "calls.export.title": ("내보내기", "Export"),
    "calls.export.csv": ("CSV 내려받기", "Download CSV"),
    "calls.export.xlsx": ("Excel 내려받기", "Download Excel"),
    "calls.export.cap": (
        "조건에 맞는 통화 전체를 현재 정렬 순서로 내보냅니다. 한 번에 최대 {cap}건까지이며, "
        "더 많으면 앞의 {cap}건만 담깁니다(기간을 나눠 내보내세요).",
        "Exports every matching call in the current order, at most {cap} calls at a time; "
        "past that only the first {cap} are included (export the period in parts).",
    ),
    "calls.export.sheet": ("통화 목록", "Calls"),
}
