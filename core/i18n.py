"""The message catalog: every user-facing string, in Korean (default) and English."""

from __future__ import annotations

from typing import Any

from core.errors import UserError
from core.messages import merged

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"

CATALOG: dict[str, tuple[str, str]] = {
    # key: (한국어, English)
    "app.name": ("Feple Studio", "Feple Studio"),
    "app.tagline": (
        "상담 품질·ARS 시나리오·음성 안내 스튜디오",
        "Call QA, ARS scenario and voice studio",
    ),
    "lang.label": ("언어", "Language"),
    "lang.switch": ("언어 / Language", "Language / 언어"),
    "settings.error": ("설정 오류: {error}", "Settings error: {error}"),
    # navigation
    "nav.home": ("홈", "Home"),
    "nav.admin": ("관리자", "Admin"),
    "nav.upload": ("통화 업로드", "Upload calls"),
    "nav.transcript_import": ("대화록 가져오기", "Import transcripts"),
    "nav.account": ("내 계정", "My account"),
    "nav.section.main": ("메뉴", "Menu"),
    "nav.section.admin": ("관리", "Administration"),
    "nav.section.qa": ("상담 품질", "Call QA"),
    "nav.section.account": ("계정", "Account"),
    "nav.dashboard": ("대시보드", "Dashboard"),
    "nav.calls": ("통화 목록", "Calls"),
    "nav.call": ("통화 상세", "Call detail"),
    "nav.politeness": ("공손성 분석", "Politeness"),
    "nav.agents": ("상담사·팀", "Agents & teams"),
    "nav.agent": ("상담사 스코어카드", "Agent scorecard"),
    "nav.jobs": ("작업 모니터", "Job monitor"),
    # roles
    "role.admin": ("관리자", "Admin"),
    "role.supervisor": ("QA 슈퍼바이저", "QA supervisor"),
    "role.designer": ("시나리오·음성 디자이너", "Scenario & voice designer"),
    "role.viewer": ("조회 전용", "Viewer (read-only)"),
    # login
    "login.title": ("로그인", "Log in"),
    "login.username": ("아이디", "Username"),
    "login.password": ("비밀번호", "Password"),
    "login.submit": ("로그인", "Log in"),
    "login.logout": ("로그아웃", "Log out"),
    "login.wrong": ("아이디 또는 비밀번호가 올바르지 않습니다.", "Wrong username or password."),
    "login.locked": (
        "로그인 실패가 {max}회를 넘어 계정이 {until}까지 잠겼습니다. 관리자에게 문의하세요.",
        "Too many failed logins ({max}): the account is locked until {until}. Ask an admin.",
    ),
    "login.locked_already": (
        "로그인 실패가 너무 많아 잠긴 계정입니다. "
        "최대 {minutes}분 뒤 다시 시도하거나 관리자에게 문의하세요.",
        "This account is locked after too many failed logins. Try again within {minutes} minutes "
        "or ask an admin.",
    ),
    "login.disabled": (
        "비활성화된 계정입니다. 관리자에게 문의하세요.",
        "This account is disabled. Ask an admin.",
    ),
    "login.session_ended": (
        "계정 상태가 바뀌어 로그아웃되었습니다.",
        "Your account changed; you have been logged out.",
    ),
    "login.demo_users": ("데모 계정", "Demo accounts"),
    "login.demo_hint": (
        "데모 모드입니다. 아래 계정으로 로그인할 수 있습니다.",
        "Demo mode: log in with one of these accounts.",
    ),
    # first start
    "setup.title": ("처음 시작: 데이터베이스 준비 중", "First start: preparing the database"),
    "setup.migrating": ("스키마 생성", "Creating the schema"),
    "setup.users": ("데모 사용자 생성", "Creating demo users"),
    "setup.demo": ("데모 데이터 생성", "Generating demo data"),
    "setup.analysis": ("데모 통화 분석", "Analysing the demo calls"),
    "setup.model": ("결과 예측 모델 학습", "Training the outcome model"),
    "setup.rollups": ("일별 집계 계산", "Computing daily rollups"),
    "setup.done": ("준비 완료", "Ready"),
    # home
    "home.welcome": ("{name}님, 안녕하세요", "Hello, {name}"),
    "home.roles": ("권한", "Roles"),
    "home.calls_by_status": ("상태별 통화", "Calls by status"),
    "home.scenarios_by_env": ("환경별 배포된 시나리오", "Deployed scenarios by environment"),
    "home.scenarios_total": ("시나리오", "Scenarios"),
    "home.scenarios_undeployed": ("미배포", "Not deployed"),
    "home.prompts": ("멘트 라이브러리", "Prompt library"),
    "home.prompts_without_audio": ("승인된 음성이 없는 멘트", "Prompts without approved audio"),
    "home.prompts_total": ("멘트 전체", "Prompts in library"),
    "home.calls_total": ("전체 통화", "Calls in total"),
    "home.calls_last_7d": ("최근 7일 통화", "Calls in the last 7 days"),
    "home.your_pages": ("사용할 수 있는 화면", "Your pages"),
    "home.locked_users": ("잠긴 계정", "Locked accounts"),
    "home.users_total": ("사용자", "Users"),
    "home.audit_today": ("오늘 감사 기록", "Audit entries today"),
    # statuses and vocab
    "status.uploaded": ("업로드됨", "Uploaded"),
    "status.queued": ("대기", "Queued"),
    "status.transcribing": ("음성 인식 중", "Transcribing"),
    "status.analyzing": ("분석 중", "Analyzing"),
    "status.done": ("완료", "Done"),
    "status.failed": ("실패", "Failed"),
    "env.dev": ("개발", "Dev"),
    "env.staging": ("스테이징", "Staging"),
    "env.prod": ("운영", "Prod"),
    # admin: users
    "admin.users": ("사용자", "Users"),
    "admin.audit": ("감사 로그", "Audit log"),
    "admin.create_user": ("사용자 추가", "Add a user"),
    "admin.username": ("아이디", "Username"),
    "admin.name": ("이름", "Name"),
    "admin.email": ("이메일", "E-mail"),
    "admin.password": ("초기 비밀번호", "Initial password"),
    "admin.roles": ("권한", "Roles"),
    "admin.create": ("추가", "Add"),
    "admin.created": ("사용자 {username}을(를) 추가했습니다.", "Added user {username}."),
    "admin.edit_user": ("사용자 수정", "Edit a user"),
    "admin.pick_user": ("사용자 선택", "Pick a user"),
    "admin.save_roles": ("권한 저장", "Save roles"),
    "admin.roles_saved": ("{username}의 권한을 저장했습니다.", "Saved roles of {username}."),
    "admin.disable": ("비활성화", "Disable"),
    "admin.enable": ("활성화", "Enable"),
    "admin.disabled_done": ("{username}을(를) 비활성화했습니다.", "Disabled {username}."),
    "admin.enabled_done": ("{username}을(를) 활성화했습니다.", "Enabled {username}."),
    "admin.unlock": ("잠금 해제", "Unlock"),
    "admin.unlocked": ("{username}의 잠금을 해제했습니다.", "Unlocked {username}."),
    "admin.new_password": ("새 비밀번호", "New password"),
    "admin.reset_password": ("비밀번호 재설정", "Reset password"),
    "admin.password_reset_done": (
        "{username}의 비밀번호를 재설정했습니다.",
        "Reset the password of {username}.",
    ),
    "admin.col.state": ("상태", "State"),
    "admin.col.failed": ("로그인 실패", "Failed logins"),
    "admin.col.last_login": ("마지막 로그인", "Last login"),
    "admin.state.active": ("사용 중", "Active"),
    "admin.state.disabled": ("비활성", "Disabled"),
    "admin.state.locked": ("잠김", "Locked"),
    "admin.audit.from": ("시작일", "From"),
    "admin.audit.to": ("종료일", "To"),
    "admin.audit.user": ("사용자", "User"),
    "admin.audit.action": ("작업", "Action"),
    "admin.audit.target": ("대상", "Target"),
    "admin.audit.details": ("세부 내용", "Details"),
    "admin.audit.at": ("시각", "When"),
    "admin.audit.any": ("전체", "Any"),
    "admin.audit.count": ("{total}건 중 {shown}건 표시", "Showing {shown} of {total}"),
    "admin.audit.page": ("페이지", "Page"),
    # account
    "account.title": ("내 계정", "My account"),
    "account.language": ("화면 언어", "Interface language"),
    "account.language_saved": ("언어를 저장했습니다.", "Language saved."),
    "account.change_password": ("비밀번호 변경", "Change password"),
    "account.current_password": ("현재 비밀번호", "Current password"),
    "account.new_password": ("새 비밀번호", "New password"),
    "account.repeat_password": ("새 비밀번호 확인", "Repeat new password"),
    "account.save": ("저장", "Save"),
    "account.password_changed": ("비밀번호를 변경했습니다.", "Password changed."),
    # errors a user can cause
    "error.permission": (
        "이 작업을 할 권한이 없습니다. ({permission})",
        "You are not allowed to do this. ({permission})",
    ),
    "error.username_invalid": (
        "아이디는 영문 소문자, 숫자, . _ - 로 3~32자여야 합니다.",
        "Usernames are 3-32 characters: lowercase letters, digits, . _ -",
    ),
    "error.username_taken": (
        "이미 있는 아이디입니다: {username}",
        "Username already taken: {username}",
    ),
    "error.name_required": ("이름을 입력하세요.", "Enter a name."),
    "error.email_invalid": (
        "이메일 형식이 올바르지 않습니다: {email}",
        "Not an e-mail address: {email}",
    ),
    "error.roles_required": ("권한을 하나 이상 고르세요.", "Pick at least one role."),
    "error.user_not_found": ("사용자를 찾을 수 없습니다: {username}", "No such user: {username}"),
    "error.last_admin": (
        "마지막 관리자는 비활성화하거나 관리자 권한을 뺄 수 없습니다.",
        "The last active admin cannot be disabled or lose the admin role.",
    ),
    "error.self_disable": (
        "자기 계정은 비활성화할 수 없습니다.",
        "You cannot disable your own account.",
    ),
    "error.wrong_current_password": ("현재 비밀번호가 틀립니다.", "The current password is wrong."),
    "error.passwords_differ": ("새 비밀번호가 서로 다릅니다.", "The new passwords differ."),
    "error.date_range": ("시작일이 종료일보다 늦습니다.", "The start date is after the end date."),
    "password.too_short": (
        "비밀번호는 {min}자 이상이어야 합니다.",
        "Passwords need at least {min} characters.",
    ),
    "password.too_long": (
        "비밀번호는 {max}바이트 이하여야 합니다.",
        "Passwords can have at most {max} bytes.",
    ),
    "password.contains_username": (
        "비밀번호에 아이디를 넣을 수 없습니다.",
        "The password must not contain the username.",
    ),
    # uploads and calls
    "upload.unsupported_extension": (
        "지원하지 않는 파일 형식입니다: {name} (가능한 형식: {allowed})",
        "Unsupported file type: {name} (accepted: {allowed})",
    ),
    "call.unknown_agent": ("등록되지 않은 상담사입니다: {agent}", "Unknown agent: {agent}"),
    "call.inactive_agent": (
        "비활성화된 상담사입니다: {agent}",
        "This agent is deactivated: {agent}",
    ),
    "call.started_at_without_zone": (
        "통화 시작 시각에 시간대가 없습니다.",
        "The call start time has no time zone.",
    ),
    "call.started_at_in_future": (
        "통화 시작 시각이 미래입니다.",
        "The call start time is in the future.",
    ),
    "call.customer_key_required": (
        "고객 식별값(전화번호 또는 고객번호)을 입력하세요.",
        "Enter the customer key (phone or customer number).",
    ),
    # recordings
    "audio.empty": ("'{name}' 파일이 비어 있습니다.", "'{name}' is empty."),
    "audio.not_audio": (
        "'{name}'은(는) 오디오 파일이 아닙니다. WAV, MP3, M4A, FLAC, OGG 녹음 파일을 올려 주세요.",
        "'{name}' is not an audio file. Upload a WAV, MP3, M4A, FLAC or OGG recording.",
    ),
    "audio.truncated": (
        "'{name}' 파일이 중간에 잘렸거나 손상되었습니다. 원본 녹음 파일을 다시 올려 주세요.",
        "'{name}' is cut short or damaged. Upload the original recording again.",
    ),
    "audio.unsupported_format": (
        "'{name}'의 형식({format})은 지원하지 않습니다. 지원 형식: {accepted}",
        "'{name}' is in a format we do not accept ({format}). Accepted: {accepted}.",
    ),
    "audio.unsupported_codec": (
        "'{name}'의 오디오 코덱({codec})을 읽을 수 없습니다. "
        "녹음기에서 WAV(PCM) 또는 MP3로 내보내 주세요.",
        "The audio codec of '{name}' ({codec}) cannot be decoded. "
        "Export it from the recorder as WAV (PCM) or MP3.",
    ),
    "audio.zero_length": (
        "'{name}'에 녹음된 소리가 없습니다(길이 0초).",
        "'{name}' contains no audio (zero length).",
    ),
    "audio.too_long": (
        "'{name}'의 길이({minutes}분)가 최대 {max_minutes}분을 넘습니다.",
        "'{name}' is {minutes} minutes long; the limit is {max_minutes} minutes.",
    ),
    "audio.too_many_channels": (
        "'{name}'의 채널이 {channels}개입니다. "
        "모노 또는 스테레오(상담사·고객 각 1채널) 녹음만 분석할 수 있습니다.",
        "'{name}' has {channels} channels; only mono or stereo (one channel per speaker) "
        "recordings can be analysed.",
    ),
    "stt.model_missing": (
        "음성 인식 모델 '{model}'을(를) 찾을 수 없고 내려받지도 못했습니다. "
        "모델을 서버에 복사한 뒤 {setting}에 그 폴더 경로를 지정하세요.",
        "Speech-recognition model '{model}' is not on disk and could not be downloaded. "
        "Copy the model to the server and set {setting} to its folder.",
    ),
    "stt.drop.hallucination_phrase": (
        "무음·대기음에서 생긴 환각 문구",
        "Phrase hallucinated on silence or hold music",
    ),
    "stt.drop.repetition_loop": ("반복 루프", "Repetition loop"),
    "stt.drop.no_speech": ("음성 없는 구간", "No speech"),
    "stt.drop.past_end": ("녹음 길이를 벗어난 시간", "Timestamps past the end of the recording"),
    # outcome model
    "outcome_model.too_few_labels": (
        "라벨이 있는 통화가 {count}건뿐입니다. "
        "결과 예측 모델을 학습하려면 최소 {minimum}건이 필요합니다.",
        "Only {count} labelled calls; training the outcome model needs at least {minimum}.",
    ),
    "outcome_model.one_class": (
        "모든 라벨이 '{outcome}'입니다. "
        "결과 예측 모델을 학습하려면 두 가지 이상의 결과가 필요합니다.",
        "Every label is '{outcome}': training the outcome model needs at least two different "
        "outcomes.",
    ),
    "model.not_found": (
        "모델 버전을 찾을 수 없습니다: {version}",
        "No such model version: {version}",
    ),
    # upload page
    "upload.title": ("통화 녹음 업로드", "Upload call recordings"),
    "upload.help": (
        "녹음 파일({formats}, 모노 또는 스테레오)을 올리면 음성 인식과 분석이 이어서 진행됩니다. "
        "여러 파일을 한 번에 올릴 때는 아래 정보가 모든 파일에 적용됩니다.",
        "Upload recordings ({formats}, mono or stereo); speech-to-text and analysis follow. "
        "The details below apply to every file of one upload.",
    ),
    "upload.files": ("녹음 파일", "Recordings"),
    "upload.agent": ("상담사", "Agent"),
    "upload.category": ("상담 유형", "Category"),
    "upload.direction": ("통화 방향", "Direction"),
    "upload.customer_key": ("고객 전화번호 또는 고객번호", "Customer phone or number"),
    "upload.date": ("통화 날짜", "Call date"),
    "upload.time": ("통화 시작 시각", "Start time"),
    "upload.submit": ("업로드", "Upload"),
    "upload.no_files": ("올릴 파일을 고르세요.", "Choose files to upload."),
    "upload.no_agents": ("등록된 상담사가 없습니다.", "There are no agents yet."),
    "upload.working": ("처리 중: {name}", "Working on {name}"),
    "upload.done": ("{count}개 파일 처리 완료", "{count} file(s) processed"),
    "upload.duplicate": (
        "이미 올린 녹음입니다 (통화 #{call}). 새로 만들지 않았습니다.",
        "Already uploaded (call #{call}); nothing new was created.",
    ),
    "upload.queued": (
        "통화 #{call}: 음성 인식 대기열에 넣었습니다.",
        "Call #{call}: queued for speech-to-text.",
    ),
    "upload.analysed": (
        "통화 #{call}: 음성 인식과 분석을 마쳤습니다.",
        "Call #{call}: transcribed and analysed.",
    ),
    "upload.failed": (
        "통화 #{call}: 처리하지 못했습니다 — {error}",
        "Call #{call}: failed — {error}",
    ),
    "upload.waiting": (
        "통화 #{call}: 저장했습니다. 작업 대기열에 연결할 수 없어 연결되면 자동으로 진행합니다.",
        "Call #{call}: saved. The job queue is unreachable; "
        "it is queued automatically when it is back.",
    ),
    "upload.mark.accepted": ("접수", "Accepted"),
    "upload.mark.waiting": ("대기", "Waiting"),
    "upload.mark.failed": ("실패", "Failed"),
    "upload.mark.refused": ("거부", "Refused"),
    "upload.mark.duplicate": ("중복", "Duplicate"),
    "upload.col.file": ("파일", "File"),
    "upload.col.result": ("결과", "Result"),
    "upload.col.when": ("올린 시각", "Uploaded"),
    "upload.col.status": ("상태", "Status"),
    "upload.col.error": ("오류", "Error"),
    "upload.col.progress": ("진행률", "Progress"),
    "upload.col.dropped": ("인식에서 제외된 구간", "Segments left out of the transcript"),
    "upload.recent": ("최근 업로드", "Recent uploads"),
    "upload.none_yet": ("아직 올린 통화가 없습니다.", "No uploads yet."),
    "direction.inbound": ("수신", "Inbound"),
    "direction.outbound": ("발신", "Outbound"),
    # call categories (core.domain.CallCategory, by member name)
    "category.accident": ("사고접수", "Accident report"),
    "category.claim": ("보험금청구", "Claim"),
    "category.contract_change": ("계약변경", "Contract change"),
    "category.cancellation": ("해지문의", "Cancellation"),
    "category.general": ("일반문의", "General enquiry"),
    "category.payment": ("납입문의", "Payment"),
    # outcome models (admin)
    "nav.models": ("예측 모델", "Outcome models"),
    "models.title": ("결과 예측 모델", "Outcome models"),
    "models.help": (
        "상담 결과(만족·미흡·추가상담필요·해결불가)를 예측하는 LightGBM 모델입니다. "
        "검증 정확도는 같은 데이터에서 가장 많은 결과만 고르는 기준선과 비교하세요.",
        "LightGBM models that predict a call's outcome. Compare the validation accuracy with "
        "the baseline (always guessing the most common outcome).",
    ),
    "models.none": (
        "아직 학습한 모델이 없습니다. 검토 결과가 30건 이상이면 학습할 수 있습니다.",
        "No model has been trained yet; training needs at least 30 reviewed calls.",
    ),
    "models.col.version": ("버전", "Version"),
    "models.col.active": ("사용 중", "Active"),
    "models.col.trained": ("학습 시각", "Trained"),
    "models.col.rows": ("학습 통화", "Training calls"),
    "models.col.labels": ("라벨", "Labels"),
    "models.col.accuracy": ("검증 정확도", "Validation accuracy"),
    "models.col.baseline": ("기준선", "Baseline"),
    "models.col.macro_f1": ("Macro F1", "Macro F1"),
    "models.labels.reviews": ("슈퍼바이저 검토", "Supervisor reviews"),
    "models.labels.demo": ("데모 라벨", "Demo labels"),
    "models.choose": ("사용할 모델", "Model to use"),
    "models.activate": ("이 모델 사용", "Use this model"),
    "models.activated": (
        "{version} 모델을 사용합니다. 분석된 통화를 다시 예측합니다.",
        "Now using {version}; analysed calls are being predicted again.",
    ),
    "models.train": ("지금 학습", "Train now"),
    "models.train_started": ("학습을 시작했습니다.", "Training has started."),
    "models.train_failed": ("학습하지 못했습니다: {error}", "Training failed: {error}"),
    # analysis rules (admin)
    "nav.rules": ("분석 규칙", "Analysis rules"),
    "rules.title": ("분석 규칙", "Analysis rules"),
    "rules.help": (
        "바꾼 규칙은 다음에 분석하는 통화부터 적용됩니다. 문구는 ' | '로 구분합니다.",
        "Changed rules apply to calls analysed from now on. Separate phrases with ' | '.",
    ),
    "rules.compliance": ("스크립트 준수 규칙", "Script compliance rules"),
    "rules.politeness": ("정중성 규칙", "Politeness rules"),
    "rules.save": ("변경 저장", "Save changes"),
    "rules.saved": ("{count}개 규칙을 저장했습니다.", "Saved {count} rule(s)."),
    "rules.add": ("규칙 추가", "Add a rule"),
    "rules.added": ("규칙 {rule}을(를) 추가했습니다.", "Added rule {rule}."),
    "rules.all_categories": ("모든 유형", "Every category"),
    "rules.col.category": ("상담 유형", "Category"),
    "rules.col.code": ("코드", "Code"),
    "rules.col.name": ("이름", "Name"),
    "rules.col.stage": ("단계", "Stage"),
    "rules.col.phrases": ("인정 문구", "Accepted phrases"),
    "rules.col.similarity": ("최소 유사도", "Min. similarity"),
    "rules.col.active": ("사용", "Active"),
    "rules.col.kind": ("종류", "Kind"),
    "rules.col.expression": ("표현", "Expression"),
    "rules.col.delta": ("점수 변화", "Score change"),
    "rules.invalid": ("규칙이 올바르지 않습니다: {reason}", "The rule is not valid: {reason}"),
    "rules.not_found": ("규칙을 찾을 수 없습니다: {rule}", "No such rule: {rule}"),
    "rules.duplicate": (
        "같은 유형에 이미 있는 규칙 코드입니다: {rule}",
        "That code already exists for the category: {rule}",
    ),
    "rules.code_and_name_required": ("코드와 이름을 입력하세요.", "Enter a code and a name."),
    "rules.bad_delta": (
        "점수 변화는 -100에서 100 사이여야 합니다.",
        "The score change must be between -100 and 100.",
    ),
    # bulk import manifest
    "manifest.not_utf8": (
        "목록 파일이 UTF-8이 아닙니다({position}바이트 부근). "
        "Excel에서는 'CSV UTF-8'로 저장하세요.",
        "The manifest is not UTF-8 (near byte {position}). In Excel, save as 'CSV UTF-8'.",
    ),
    "manifest.missing_columns": (
        "목록 파일에 필요한 열이 없습니다: {columns}",
        "The manifest lacks required columns: {columns}",
    ),
    "manifest.too_many_rows": (
        "목록 파일이 {max}행을 넘습니다. 나누어 가져오세요.",
        "The manifest has more than {max} rows; split it.",
    ),
    "manifest.extra_fields": ("열 개수가 머리글보다 많습니다.", "More fields than the header has."),
    "manifest.missing_value": ("'{column}' 값이 비어 있습니다.", "'{column}' is empty."),
    "manifest.bad_direction": (
        "통화 방향을 알 수 없습니다: {value} (inbound/outbound, 수신/발신)",
        "Unknown direction: {value} (inbound/outbound)",
    ),
    "manifest.bad_category": (
        "상담 유형을 알 수 없습니다: {value} (가능한 값: {allowed})",
        "Unknown category: {value} (allowed: {allowed})",
    ),
    "manifest.bad_started_at": (
        "통화 시작 시각 형식이 잘못되었습니다: {value} (예: 2026-11-20T10:30:00)",
        "Bad start time: {value} (e.g. 2026-11-20T10:30:00)",
    ),
    "manifest.bad_file_name": (
        "파일 이름은 폴더 안의 파일 이름만 쓸 수 있습니다: {value}",
        "File names must name a file inside the folder: {value}",
    ),
    "manifest.file_missing": (
        "폴더에 없는 파일입니다: {value}",
        "No such file in the folder: {value}",
    ),
    "manifest.duplicate_file": (
        "같은 파일이 {first}행에 이미 있습니다: {value}",
        "The same file is already on line {first}: {value}",
    ),
    "common.none": ("없음", "None"),
    "common.choose": ("선택하세요", "Choose"),
    "common.yes": ("예", "Yes"),
    "common.no": ("아니오", "No"),
}
CATALOG = merged(CATALOG)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The message ``key`` in ``lang``; a missing key is a developer error."""
    korean, english = CATALOG[key]
    text = english if lang == "en" else korean
    return text.format(**params) if params else text


def say(error: UserError, lang: str = DEFAULT_LANGUAGE) -> str:
    return t(error.key, lang, **error.params)


def both(key: str, **params: Any) -> str:
    """Korean and English together, for the CLI and logs."""
    return f"{t(key, 'ko', **params)} / {t(key, 'en', **params)}"


def describe(error: BaseException) -> str:
    """An error as the job monitor shows it: a user-caused one in both languages, anything
    else as its type and message."""
    if isinstance(error, UserError):
        return f"{say(error, 'ko')} / {say(error, 'en')}"
    return f"{type(error).__name__}: {error}"
