"""Messages of the transcript import page (pages/transcript_import.py) and of imported calls
in the drill-down."""

MESSAGES: dict[str, tuple[str, str]] = {
    "imports.title": ("대화록 가져오기", "Import transcripts"),
    "imports.help": (
        "다른 곳(녹취 서버의 음성 인식, 클라우드 전사 서비스)에서 만든 대화록을 녹음 없이 가져와 "
        "다른 통화처럼 분석합니다: 개인정보 가림, 시간 정보가 있으면 지표, 공손성, 스크립트 준수, "
        "평가표, 예측 결과. CSV, JSON, JSON Lines, Amazon Transcribe / Contact Lens 결과 파일을 "
        "가져올 수 있습니다. 같은 통화 ID는 두 번 가져오지 않습니다.",
        "Bring in transcripts made elsewhere (a call recorder's speech-to-text, a cloud vendor), "
        "without audio, and analyse them like any other call: redaction, metrics where timings "
        "exist, politeness, script compliance, scorecard, predicted outcome. CSV, JSON, JSON "
        "Lines and Amazon Transcribe / Contact Lens output can be imported. A call id is never "
        "imported twice.",
    ),
    "imports.file": ("대화록 파일", "Transcript file"),
    "imports.examples": ("예시 파일", "Example files"),
    "imports.examples_help": (
        "통화마다 한 행(대화는 '상담사: …' 줄로), 발화마다 한 행, 통화마다 JSON 한 줄 중 하나로 "
        "만들면 됩니다. 시간은 없어도 됩니다. 상담사는 사번이나 이름으로 적습니다.",
        "Write one call per row (the transcript as '상담사: …' lines), one utterance per row, or "
        "one call per JSON line. Times are optional. Agents are given by employee number or "
        "name.",
    ),
    "imports.format": ("파일 형식", "File layout"),
    "imports.format_detected": (
        "파일 이름과 첫 부분으로 '{format}' 형식으로 보입니다. 다르면 바꾸세요.",
        "From its name and first lines this looks like '{format}'. Change it if not.",
    ),
    "imports.format.records_json": (
        "JSON — 통화 목록(통화마다 대화 블록)",
        "JSON — a list of calls (a transcript block each)",
    ),
    "imports.format.records_jsonl": (
        "JSON Lines — 한 줄에 통화 하나",
        "JSON Lines — one call per line",
    ),
    "imports.format.records_csv": ("CSV — 한 행에 통화 하나", "CSV — one call per row"),
    "imports.format.utterances_csv": ("CSV — 한 행에 발화 하나", "CSV — one utterance per row"),
    "imports.format.utterances_jsonl": (
        "JSON Lines — 한 줄에 발화 하나",
        "JSON Lines — one utterance per line",
    ),
    "imports.format.aws_transcribe": ("Amazon Transcribe 결과", "Amazon Transcribe output"),
    "imports.format.contact_lens": ("Amazon Connect Contact Lens 결과", "Contact Lens output"),
    "imports.fields_found": ("파일의 열: {fields}", "The file's fields: {fields}"),
    "imports.mapping": ("열 지정 (이름이 다를 때)", "Column mapping (where names differ)"),
    "imports.mapping_help": (
        "'자동'은 보통 쓰는 이름(예: agent, category, started_at)을 찾습니다.",
        "'Automatic' looks for the usual names (e.g. agent, category, started_at).",
    ),
    "imports.auto": ("자동", "Automatic"),
    "imports.auto_found": ("자동: {name}", "Automatic: {name}"),
    "imports.auto_missing": ("자동 (없음)", "Automatic (none)"),
    "imports.field.source_id": ("통화 ID", "Call id"),
    "imports.field.transcript": ("대화 내용", "Transcript"),
    "imports.field.call_id": ("통화 ID", "Call id"),
    "imports.field.speaker": ("화자", "Speaker"),
    "imports.field.start": ("발화 시작(초)", "Utterance start (s)"),
    "imports.field.end": ("발화 끝(초)", "Utterance end (s)"),
    "imports.field.text": ("발화 내용", "Utterance text"),
    "imports.field.agent": ("상담사(사번 또는 이름)", "Agent (employee no. or name)"),
    "imports.field.category": ("상담 유형", "Category"),
    "imports.field.started_at": ("통화 시작 시각", "Call start time"),
    "imports.field.customer_key": ("고객 번호", "Customer number"),
    "imports.field.direction": ("통화 방향", "Direction"),
    "imports.speakers": ("화자 이름", "Speaker names"),
    "imports.agent_names": (
        "상담사를 뜻하는 이름 (쉼표로 구분)",
        "Names meaning the agent (commas)",
    ),
    "imports.customer_names": (
        "고객을 뜻하는 이름 (쉼표로 구분)",
        "Names meaning the customer (commas)",
    ),
    "imports.aws_speakers": (
        "Amazon 결과의 화자 표시는 spk_0/ch_0 = 상담사, spk_1/ch_1 = 고객으로 읽습니다.",
        "Amazon's labels are read as spk_0/ch_0 = agent, spk_1/ch_1 = customer.",
    ),
    "imports.defaults": ("파일에 없을 때 쓸 값", "Values for calls whose file says nothing"),
    "imports.default_agent": ("기본 상담사", "Default agent"),
    "imports.default_category": ("기본 상담 유형", "Default category"),
    "imports.default_direction": ("기본 통화 방향", "Default direction"),
    "imports.default_date": ("기본 통화 날짜", "Default call date"),
    "imports.default_time": ("기본 통화 시각", "Default call time"),
    "imports.none": ("(없음 — 파일 값만)", "(none — the file's only)"),
    "imports.source_name": (
        "출처 이름 (예: 녹취 서버 2024)",
        "Source name (e.g. call recorder 2024)",
    ),
    "imports.submit": ("가져오기 시작", "Start import"),
    "imports.working": (
        "읽는 중 {percent}% · 가져옴 {imported} · 중복 {duplicates} · 거부 {rejected}",
        "Reading {percent}% · imported {imported} · duplicates {duplicates} · rejected {rejected}",
    ),
    "imports.started": (
        "가져오기 {batch}번을 시작했습니다. 아래 목록에서 진행 상황을 볼 수 있습니다.",
        "Import {batch} has started; follow it in the list below.",
    ),
    "imports.finished": (
        "가져오기 {batch}번: 가져옴 {imported}건, 중복 {duplicates}건, 거부 {rejected}건.",
        "Import {batch}: {imported} imported, {duplicates} duplicates, {rejected} rejected.",
    ),
    "imports.failed": ("가져오기 {batch}번 실패: {error}", "Import {batch} failed: {error}"),
    "imports.recent": ("최근 가져오기", "Recent imports"),
    "imports.none_yet": ("아직 가져온 파일이 없습니다.", "Nothing imported yet."),
    "imports.pick": (
        "행을 고르면 거부된 기록과 가져온 통화를 볼 수 있습니다.",
        "Pick a row to see its rejected records and imported calls.",
    ),
    "imports.col.batch": ("번호", "No."),
    "imports.col.when": ("시작", "Started"),
    "imports.col.by": ("실행한 사람", "By"),
    "imports.col.file": ("파일", "File"),
    "imports.col.source": ("출처", "Source"),
    "imports.col.status": ("상태", "Status"),
    "imports.col.read": ("읽기", "Read"),
    "imports.col.analysed": ("분석", "Analysed"),
    "imports.col.imported": ("가져옴", "Imported"),
    "imports.col.duplicates": ("중복", "Duplicates"),
    "imports.col.rejected": ("거부", "Rejected"),
    "imports.status.queued": ("대기", "Queued"),
    "imports.status.running": ("읽는 중", "Reading"),
    "imports.status.done": ("완료", "Done"),
    "imports.status.failed": ("실패", "Failed"),
    "imports.batch_title": ("가져오기 {batch}번 — {file}", "Import {batch} — {file}"),
    "imports.analysed_calls": ("분석 완료", "Analysed"),
    "imports.analysis_failed": ("분석 실패", "Analysis failed"),
    "imports.restart": ("다시 시작", "Start again"),
    "imports.restart_help": (
        "이미 가져온 통화는 다시 만들지 않고 남은 기록을 이어서 가져옵니다.",
        "Calls already imported are not made again; the rest of the file is read.",
    ),
    "imports.rejections": ("거부된 기록", "Rejected records"),
    "imports.rejections_kept": (
        "거부 {total}건 중 처음 {kept}건만 보관합니다. 전체 목록은 명령줄 가져오기"
        "(python -m db.cli import-transcripts)로 확인하세요.",
        "The first {kept} of {total} rejections are kept. The command-line import "
        "(python -m db.cli import-transcripts) lists them all.",
    ),
    "imports.col.line": ("행", "Line"),
    "imports.col.record": ("기록", "Record"),
    "imports.col.call_id": ("통화 ID", "Call id"),
    "imports.col.reason": ("사유", "Reason"),
    "imports.calls": ("가져온 통화", "Imported calls"),
    "imports.calls_pick": (
        "행을 고르면 통화 상세로 갑니다. 처음 {shown}건을 보여 줍니다.",
        "Pick a row to open the call. The first {shown} are shown.",
    ),
    "imports.col.call": ("통화", "Call"),
    "imports.col.agent": ("상담사", "Agent"),
    "imports.col.started_at": ("통화 시작", "Call start"),
    "imports.col.duration": ("길이", "Length"),
    "imports.bad_batch": (
        "주소의 가져오기 번호를 읽을 수 없습니다: {value}",
        "Cannot read the import number: {value}",
    ),
    # the drill-down of an imported call
    "call.imported": (
        "녹음 없이 가져온 대화록입니다 — 출처: {source}, 원본 통화 ID {source_id}, 가져오기 "
        "{batch}번({when}).",
        "An imported transcript without audio — source: {source}, original call id "
        "{source_id}, import {batch} ({when}).",
    ),
}
