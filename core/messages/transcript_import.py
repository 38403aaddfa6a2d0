"""Messages of importing calls transcribed elsewhere: why a file or a record was not read."""

MESSAGES: dict[str, tuple[str, str]] = {
    # where a rejected record is, and the whole line
    "transcript_import.at_line": ("{line}행", "Line {line}"),
    "transcript_import.at_record": ("{record}번째 기록", "Record {record}"),
    "transcript_import.of_call": ("{where}(통화 {source_id})", "{where} (call {source_id})"),
    "transcript_import.rejected": ("{where}: {reason}", "{where}: {reason}"),
    # the whole file
    "transcript_import.not_text": (
        "파일을 글자로 읽을 수 없습니다. UTF-8 또는 CP949(Excel 기본) 텍스트 파일만 가져올 수 "
        "있습니다. Excel에서는 'CSV UTF-8'로 저장하세요.",
        "The file cannot be read as text: only UTF-8 or CP949 (Excel's Korean default) text "
        "files can be imported. In Excel, save as 'CSV UTF-8'.",
    ),
    "transcript_import.not_text_at": (
        "파일의 {position}바이트 부근을 글자로 읽을 수 없습니다. 'CSV UTF-8'로 다시 저장하세요.",
        "Near byte {position} the file cannot be read as text. Save it again as 'CSV UTF-8'.",
    ),
    "transcript_import.document_too_large": (
        "JSON 파일이 {max_mb}MB를 넘어 한 번에 읽을 수 없습니다. JSON Lines(한 줄에 통화 "
        "하나)나 CSV로 내보내 주세요.",
        "The JSON file is larger than {max_mb} MB and cannot be read at once. Export it as "
        "JSON Lines (one call per line) or CSV.",
    ),
    "transcript_import.bad_json_document": (
        "JSON 형식이 잘못되었습니다({line}행 {column}열 부근). 파일 전체를 읽지 못했습니다.",
        "The JSON is malformed (near line {line}, column {column}); nothing was read.",
    ),
    "transcript_import.no_record_list": (
        "JSON에서 통화 목록을 찾지 못했습니다. 배열이거나 다음 키 중 하나에 배열이 있어야 "
        "합니다: {keys}",
        "No list of calls found in the JSON: it must be an array, or hold one under one of: {keys}",
    ),
    "transcript_import.empty_file": ("빈 파일입니다.", "The file is empty."),
    "transcript_import.missing_columns": (
        "파일 첫 행(머리글)에 필요한 열이 없습니다: {columns}",
        "The file's first row (header) lacks required columns: {columns}",
    ),
    "transcript_import.unknown_format": (
        "파일 형식을 알 수 없습니다: {name} (.csv, .json, .jsonl 파일을 가져올 수 있습니다)",
        "Unknown file type: {name} (.csv, .json and .jsonl files can be imported)",
    ),
    "transcript_import.unknown_format_jsonl": (
        "JSON Lines 파일의 첫 줄이 JSON 객체가 아닙니다.",
        "The first line of the JSON Lines file is not a JSON object.",
    ),
    # one line or record
    "transcript_import.line_too_long": (
        "줄이 너무 깁니다({max}바이트 초과). 이 줄은 읽지 않았습니다.",
        "The line is too long (over {max} bytes) and was not read.",
    ),
    "transcript_import.line_not_text": (
        "이 줄을 글자로 읽을 수 없습니다(파일의 다른 부분과 인코딩이 다릅니다).",
        "This line cannot be read as text (its encoding differs from the rest of the file).",
    ),
    "transcript_import.bad_json_line": (
        "JSON 형식이 잘못되었습니다({column}열 부근).",
        "Malformed JSON (near column {column}).",
    ),
    "transcript_import.bad_csv_row": (
        "CSV 행을 읽을 수 없습니다: {detail}",
        "The CSV row cannot be read: {detail}",
    ),
    "transcript_import.wrong_field_count": (
        "열 개수가 머리글과 다릅니다(머리글 {expected}개, 이 행 {found}개). 쉼표가 든 값은 "
        "큰따옴표로 감싸야 합니다.",
        "The row has {found} fields where the header has {expected}. Values with commas must "
        "be in double quotes.",
    ),
    "transcript_import.not_an_object": (
        "기록이 JSON 객체(중괄호로 묶은 필드 목록)가 아닙니다.",
        "The record is not a JSON object (fields in curly braces).",
    ),
    "transcript_import.not_a_text": (
        "'{field}' 값이 글자나 숫자가 아닙니다.",
        "'{field}' is not text or a number.",
    ),
    "transcript_import.missing_source_id": (
        "통화 ID가 없습니다(찾은 필드: {fields}). 중복 확인에 필요합니다.",
        "No call id (fields looked at: {fields}); it is needed to tell duplicates.",
    ),
    "transcript_import.missing_call_id": (
        "통화 ID가 없습니다(찾은 열: {fields}).",
        "No call id (columns looked at: {fields}).",
    ),
    "transcript_import.duplicate_line": (
        "통화 ID가 같은 기록이 {first}행에 이미 있어 이 기록은 가져오지 않았습니다: {source_id}",
        "Call id {source_id} is already on line {first}; this record was not imported.",
    ),
    "transcript_import.duplicate_record": (
        "통화 ID가 같은 기록이 {first}번째 기록에 이미 있어 이 기록은 가져오지 않았습니다: "
        "{source_id}",
        "Call id {source_id} is already in record {first}; this record was not imported.",
    ),
    "transcript_import.empty_transcript": (
        "대화 내용이 비어 있습니다(찾은 필드: {fields}).",
        "The transcript is empty (fields looked at: {fields}).",
    ),
    "transcript_import.empty_call": (
        "이 통화에는 내용이 있는 발화가 없습니다.",
        "The call has no utterance with any text.",
    ),
    "transcript_import.bad_category": (
        "상담 유형을 알 수 없습니다: {value} (가능한 값: {allowed})",
        "Unknown category: {value} (allowed: {allowed})",
    ),
    "transcript_import.bad_direction": (
        "통화 방향을 알 수 없습니다: {value} (inbound/outbound, 수신/발신)",
        "Unknown direction: {value} (inbound/outbound)",
    ),
    "transcript_import.bad_started_at": (
        "통화 시작 시각 형식이 잘못되었습니다: {value} (예: 2026-11-20 10:30:00)",
        "Bad start time: {value} (e.g. 2026-11-20 10:30:00)",
    ),
    # speakers and timings
    "transcript_import.unknown_speaker": (
        "화자 '{name}'를 상담사/고객으로 알 수 없습니다 (상담사: {agent} / 고객: {customer})",
        "Speaker '{name}' is neither agent nor customer (agent: {agent} / customer: {customer})",
    ),
    "transcript_import.unknown_speaker_in_text": (
        "대화 {row}번째 줄: 화자 '{name}'를 상담사/고객으로 알 수 없습니다 "
        "(상담사: {agent} / 고객: {customer})",
        "Transcript line {row}: speaker '{name}' is neither agent nor customer "
        "(agent: {agent} / customer: {customer})",
    ),
    "transcript_import.no_speaker_in_text": (
        "대화 {row}번째 줄: 화자가 없습니다. 첫 줄은 '상담사: ...'처럼 화자로 시작해야 합니다.",
        "Transcript line {row}: no speaker. The first line must start with one, as in "
        "'상담사: ...'.",
    ),
    "transcript_import.bad_time": (
        "'{column}' 시간을 읽을 수 없습니다: {value} (초 단위 숫자, 분:초 또는 시:분:초)",
        "Cannot read the '{column}' time: {value} (seconds, mm:ss or hh:mm:ss)",
    ),
    "transcript_import.end_before_start": (
        "발화가 끝나는 시각({end}초)이 시작({start}초)보다 앞섭니다. 통화 전체를 가져오지 "
        "않았습니다.",
        "The utterance ends ({end} s) before it starts ({start} s); the call was not imported.",
    ),
    "transcript_import.out_of_order": (
        "발화 시작({start}초)이 {before_line}행의 발화({before}초)보다 앞섭니다. 한 통화의 행은 "
        "시간 순이어야 합니다. 통화 전체를 가져오지 않았습니다.",
        "The utterance starts ({start} s) before the one on line {before_line} ({before} s); "
        "a call's rows must be in time order. The call was not imported.",
    ),
    "transcript_import.broken_line_in_call": (
        "이 통화의 행 사이에 읽을 수 없는 줄이 있어, 빠진 발화가 없도록 통화 전체를 가져오지 "
        "않았습니다.",
        "A line between this call's rows could not be read, so the call was not imported "
        "(no call is imported with utterances missing).",
    ),
    "transcript_import.call_not_contiguous": (
        "이 통화의 행이 다른 통화 뒤에 다시 나옵니다(처음: {first}행). 앞쪽 행들만 이 통화로 "
        "읽혔고 여기부터는 가져오지 않았습니다. 파일을 통화 ID 순으로 정렬해 주세요.",
        "This call's rows come back after another call (first on line {first}). Only the "
        "earlier rows were read as this call; these were not. Sort the file by call id.",
    ),
    # Amazon Transcribe / Contact Lens
    "transcript_import.not_transcribe": (
        "Amazon Transcribe 결과 파일이 아닙니다(results.items가 없습니다).",
        "Not an Amazon Transcribe output (no results.items).",
    ),
    "transcript_import.not_contact_lens": (
        "Contact Lens 결과 파일이 아닙니다(Transcript 목록이 없습니다).",
        "Not a Contact Lens output (no Transcript list).",
    ),
    "transcript_import.bad_aws_item": (
        "시간이 없는 단어가 있습니다: {content}",
        "A word without times: {content}",
    ),
    "transcript_import.no_aws_label": (
        "화자나 채널이 표시되지 않은 단어가 있습니다: {content} (화자 구분 또는 채널 구분을 켜고 "
        "전사한 파일이어야 합니다)",
        "A word without a speaker or channel label: {content} (transcribe with speaker or "
        "channel identification on)",
    ),
    "transcript_import.unknown_aws_label": (
        "화자 표시 '{label}'를 상담사/고객으로 알 수 없습니다 (설정된 표시: {labels})",
        "Speaker label '{label}' is neither agent nor customer (labels set: {labels})",
    ),
    # the call a record becomes
    "transcript_import.source_id_too_long": (
        "통화 ID가 너무 깁니다({max}자 초과).",
        "The call id is too long (over {max} characters).",
    ),
    "transcript_import.no_agent": (
        "상담사가 없습니다. 파일의 상담사 열을 지정하거나 기본 상담사를 고르세요.",
        "No agent: map the file's agent column or choose a default agent.",
    ),
    "transcript_import.unknown_agent": (
        "등록되지 않은 상담사입니다: {agent} (사번이나 이름으로 찾습니다. 상담사·팀 화면에서 "
        "먼저 등록하세요)",
        "Unknown agent: {agent} (looked up by employee number or name; add them on the Agents "
        "page first)",
    ),
    "transcript_import.ambiguous_agent": (
        "이름이 '{agent}'인 상담사가 여러 명입니다. 파일에 사번을 써 주세요.",
        "More than one agent is called '{agent}'; give the employee number in the file.",
    ),
    "transcript_import.no_category": (
        "상담 유형이 없습니다. 파일의 유형 열을 지정하거나 기본 유형을 고르세요.",
        "No category: map the file's category column or choose a default category.",
    ),
    "transcript_import.no_started_at": (
        "통화 시작 시각이 없습니다. 파일의 시작 시각 열을 지정하거나 기본 날짜를 정하세요.",
        "No start time: map the file's start time column or set a default date.",
    ),
    "transcript_import.started_in_future": (
        "통화 시작 시각이 미래입니다: {started_at}",
        "The call starts in the future: {started_at}",
    ),
    "transcript_import.no_such_batch": (
        "가져오기 {batch}번이 없습니다.",
        "There is no import {batch}.",
    ),
    "transcript_import.queue_unreachable": (
        "작업 대기열(Redis)에 연결할 수 없어 가져오기를 시작하지 못했습니다. 잠시 뒤 다시 "
        "시작하세요.",
        "The job queue (Redis) cannot be reached, so the import did not start. Start it again "
        "in a while.",
    ),
    # how the file is read
    "transcript_import.unknown_mapping": (
        "알 수 없는 항목에 열을 지정했습니다: {fields} (가능한 항목: {allowed})",
        "Columns mapped to unknown fields: {fields} (fields: {allowed})",
    ),
    "transcript_import.bad_map_option": (
        "열 지정은 '항목=파일의 열 이름' 형식이어야 합니다: {value}",
        "A column mapping must read 'field=the file's column name': {value}",
    ),
    "transcript_import.speaker_on_both_sides": (
        "같은 화자 이름이 상담사와 고객 양쪽에 있습니다: {names}",
        "The same speaker name is given for both agent and customer: {names}",
    ),
    "transcript_import.no_agent_names": (
        "상담사 화자 이름이 비어 있습니다. 쉼표로 구분해 하나 이상 적어 주세요.",
        "No speaker names for the agent: give at least one, separated by commas.",
    ),
    "transcript_import.no_customer_names": (
        "고객 화자 이름이 비어 있습니다. 쉼표로 구분해 하나 이상 적어 주세요.",
        "No speaker names for the customer: give at least one, separated by commas.",
    ),
}
