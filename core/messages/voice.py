"""Messages of the voice studio: previews and takes, voice actors and consent, the prompt
library, batch generation and the pronunciation dictionary."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.section.voice": ("음성 스튜디오", "Voice studio"),
    "nav.voice_studio": ("음성 미리듣기", "Voice previews"),
    "nav.prompt_library": ("멘트 라이브러리", "Prompt library"),
    "nav.voice_actors": ("성우·동의서", "Voice actors & consent"),
    # engines
    "voice.engine.xtts": ("XTTS v2 · 성우 목소리 복제", "XTTS v2 · voice actor's cloned voice"),
    "voice.engine.espeak": (
        "espeak-ng · 오프라인 기계음 (복제 없음)",
        "espeak-ng · offline robotic voice (no cloning)",
    ),
    "voice.engine.espeak.note": (
        "오프라인 대체 엔진입니다. 성우 목소리가 아닌 기계음으로 읽으며, "
        "문구·길이·품질 점검용입니다.",
        "The offline fallback engine: a robotic voice, not the actor's. For checking wording, "
        "length and quality.",
    ),
    "voice.engine.xtts.not_configured_here": (
        "이 서버에는 XTTS 모델이 설정되어 있지 않습니다(FEPLE_TTS_XTTS_MODEL_DIR 또는 "
        "FEPLE_TTS_XTTS_ACCEPT_LICENCE). TTS 작업 서버에 설정이 없으면 테이크가 실패로 표시됩니다.",
        "No XTTS model is configured here (FEPLE_TTS_XTTS_MODEL_DIR or "
        "FEPLE_TTS_XTTS_ACCEPT_LICENCE). If the TTS workers lack it too, takes fail with why.",
    ),
    "voice.engine.not_installed": (
        "이 엔진의 라이브러리가 설치되어 있지 않습니다. TTS 작업 서버(requirements-tts.txt)에서 "
        "실행해야 합니다: {error}",
        "This engine's libraries are not installed: it runs on the TTS workers "
        "(requirements-tts.txt): {error}",
    ),
    "voice.espeak.missing": (
        "espeak-ng가 설치되어 있지 않습니다(apt-get install espeak-ng).",
        "espeak-ng is not installed (apt-get install espeak-ng).",
    ),
    "voice.espeak.unknown_voice": (
        "espeak-ng에 '{voice}' 음성이 없습니다(FEPLE_TTS_ESPEAK_VOICE). 예: ko",
        "espeak-ng has no voice '{voice}' (FEPLE_TTS_ESPEAK_VOICE), e.g. ko",
    ),
    "voice.queue.unreachable": (
        "작업 대기열(Redis)에 연결할 수 없어 테이크를 만들지 못했습니다. "
        "잠시 후 다시 요청해 주세요.",
        "The job queue (Redis) cannot be reached, so the take was not made. Ask again shortly.",
    ),
    # previews
    "voice.studio.title": ("음성 미리듣기", "Voice previews"),
    "voice.studio.help": (
        "멘트를 성우 목소리로 여러 번 합성해 나란히 들어 보고, 자동 품질 점검을 통과한 테이크 중 "
        "하나를 승인합니다. 같은 요청은 저장된 결과로 바로 답합니다.",
        "Synthesise a line several times in a voice actor's voice, audition the takes side by "
        "side and approve one that passed the automatic quality gate. A repeated request is "
        "answered from the cache at once.",
    ),
    "voice.studio.source": ("문구", "Text"),
    "voice.studio.source.line": ("직접 입력", "Type a line"),
    "voice.studio.source.prompt": ("라이브러리 멘트", "Library prompt"),
    "voice.studio.prompt": ("멘트", "Prompt"),
    "voice.studio.prompt_pick": ("멘트를 고르세요", "Pick a prompt"),
    "voice.studio.line": ("읽을 문구", "Line to read"),
    "voice.studio.line_hint": (
        "사고 접수는 1번, 보험금 청구는 2번을 눌러 주세요.",
        "사고 접수는 1번, 보험금 청구는 2번을 눌러 주세요.",
    ),
    "voice.studio.variables": (
        "변수 자리에 넣어 읽을 예시 값",
        "Example values read in place of the variables",
    ),
    "voice.studio.engine": ("엔진", "Engine"),
    "voice.studio.actor": ("성우", "Voice actor"),
    "voice.studio.takes": ("테이크 수", "Takes"),
    "voice.studio.speed": ("속도", "Speed"),
    "voice.studio.temperature": ("다양성(temperature)", "Variety (temperature)"),
    "voice.studio.generate": ("테이크 만들기", "Generate takes"),
    "voice.studio.generating": ("합성하고 품질을 점검하는 중…", "Synthesising and checking…"),
    "voice.studio.cached": ("저장된 테이크로 바로 답했습니다.", "Answered from the cache."),
    "voice.studio.result": ("테이크", "Takes"),
    "voice.preview.unknown_engine": ("알 수 없는 엔진입니다: {engine}", "Unknown engine: {engine}"),
    "voice.preview.text_required": ("읽을 문구를 입력해 주세요.", "Type the line to read."),
    "voice.preview.text_too_long": (
        "문구가 너무 깁니다({limit}자 이하).",
        "The line is too long ({limit} characters at most).",
    ),
    "voice.preview.takes_range": (
        "테이크는 1~{limit}개까지 만들 수 있습니다.",
        "Takes: from 1 to {limit}.",
    ),
    "voice.preview.speed_range": (
        "속도는 {low}~{high} 사이여야 합니다.",
        "Speed must be between {low} and {high}.",
    ),
    "voice.preview.temperature_range": (
        "temperature는 {low}~{high} 사이여야 합니다.",
        "Temperature must be between {low} and {high}.",
    ),
    "voice.preview.variables_missing": (
        "변수 예시 값을 입력해 주세요: {names}",
        "Give example values for: {names}",
    ),
    "voice.preview.actor_required": (
        "목소리를 복제할 성우를 고르세요.",
        "Pick the voice actor whose voice to clone.",
    ),
    "voice.preview.no_samples": (
        "{name} 성우의 승인된 참조 음성이 없습니다. 성우·동의서 화면에서 먼저 올려 주세요.",
        "{name} has no accepted reference sample. Upload one on the voice actors page first.",
    ),
    # takes
    "voice.take.title": ("테이크 {seed}", "Take {seed}"),
    "voice.take.best": (
        "자동 추천: 품질 점검 결과가 가장 좋은 테이크",
        "Picked: the best gate result",
    ),
    "voice.take.status.queued": ("대기 중", "Queued"),
    "voice.take.status.running": ("합성 중", "Synthesising"),
    "voice.take.progress": ("{done}/{total}개 완료", "{done} of {total} done"),
    "voice.take.synthesis_failed": ("합성 실패", "Synthesis failed"),
    "voice.take.telephone": ("전화로 들리는 소리 (8kHz μ-law)", "As callers hear it (8 kHz μ-law)"),
    "voice.take.meta": ("{duration}초 · {engine} · {model}", "{duration} s · {engine} · {model}"),
    "voice.take.gate": ("품질 점검: {verdict}", "Quality gate: {verdict}"),
    "voice.take.spoken": (
        "엔진에 보낸 문구 (발음 사전·숫자 읽기 적용)",
        "Sent to the engine (pronunciation applied)",
    ),
    "voice.take.heard": ("음성 인식으로 다시 들은 문구", "What speech-to-text heard"),
    "voice.take.approved": ("승인된 테이크", "Approved take"),
    "voice.take.approve": ("이 테이크 승인", "Approve this take"),
    "voice.take.approved_now": ("테이크를 승인했습니다.", "The take is approved."),
    "voice.take.none_passed": (
        "품질 점검을 통과한 테이크가 없습니다. 문구나 설정을 바꿔 다시 만들어 보세요.",
        "No take passed the quality gate. Change the line or the settings and try again.",
    ),
    "voice.take.not_found": ("테이크 {id}를 찾을 수 없습니다.", "Take {id} was not found."),
    "voice.take.not_done": (
        "합성이 끝난 테이크만 승인할 수 있습니다.",
        "Only a finished take can be approved.",
    ),
    "voice.take.failed_gate": (
        "품질 점검에 실패한 테이크는 승인할 수 없습니다.",
        "A take that failed the quality gate cannot be approved.",
    ),
    "voice.take.no_prompt": (
        "라이브러리 멘트의 테이크만 승인할 수 있습니다. 문구를 멘트로 먼저 등록하세요.",
        "Only a library prompt's take can be approved: add the line to the library first.",
    ),
    "voice.take.stale_text": (
        "멘트 문구가 바뀌어 이 테이크는 더 이상 맞지 않습니다. 새로 만들어 주세요.",
        "The prompt's text has changed since this take: generate a new one.",
    ),
    # voice actors and consent
    "voice.actors.title": ("성우·동의서", "Voice actors & consent"),
    "voice.actors.help": (
        "목소리 복제에는 성우 본인의 동의가 필요합니다. 동의자, 동의 일자, 사용 범위, 서명한 "
        "동의서를 기록하고 참조 음성(3~30초)을 올립니다.",
        "Cloning a voice needs the actor's consent: record who consented, when, to what use, "
        "with the signed document, then upload reference samples (3-30 s).",
    ),
    "voice.actors.pick": ("성우", "Voice actor"),
    "voice.actors.pick_hint": (
        "성우를 고르면 동의 기록과 참조 음성이 열립니다.",
        "Pick an actor for their consent record and samples.",
    ),
    "voice.actors.empty": ("등록된 성우가 없습니다.", "No voice actors yet."),
    "voice.actors.row": (
        "{name} · 참조 음성 {accepted}개 · {state}",
        "{name} · {accepted} reference sample(s) · {state}",
    ),
    "voice.actors.active": ("활성", "active"),
    "voice.actors.inactive": ("비활성", "inactive"),
    "voice.actors.consent": (
        "**동의자** {given_by} · **동의 일자** {at}  \n**사용 범위** {scope}",
        "**Consented** {given_by} · **on** {at}  \n**Use** {scope}",
    ),
    "voice.actors.no_document": (
        "서명한 동의서 파일이 없습니다.",
        "There is no signed consent document on file.",
    ),
    "voice.actors.document": ("서명한 동의서 내려받기", "Download the signed consent"),
    "voice.actors.activate": ("다시 활성화", "Reactivate"),
    "voice.actors.deactivate": (
        "비활성화(동의 철회·계약 종료): 승인된 테이크도 취소됩니다",
        "Deactivate (consent withdrawn): its approved takes are withdrawn",
    ),
    "voice.actors.saved": ("저장했습니다.", "Saved."),
    "voice.actors.new": ("성우 등록", "Add a voice actor"),
    "voice.actors.name": ("성우 이름", "Name"),
    "voice.actors.gender": ("성별", "Gender"),
    "voice.actors.notes": ("메모", "Notes"),
    "voice.actors.create": ("동의서와 함께 등록", "Add with the consent record"),
    "voice.actors.created": ("{name} 성우를 등록했습니다.", "{name} was added."),
    "voice.actor.name_required": ("성우 이름을 입력해 주세요.", "Enter the actor's name."),
    "voice.actor.name_taken": ("이미 등록된 이름입니다: {name}", "That name is taken: {name}"),
    "voice.actor.too_long": ("{limit}자 이하로 입력해 주세요.", "Use {limit} characters at most."),
    "voice.actor.not_found": ("성우 {id}를 찾을 수 없습니다.", "Voice actor {id} was not found."),
    "voice.actor.inactive": (
        "{name} 성우는 비활성 상태입니다(동의 철회·계약 종료).",
        "{name} is inactive (consent withdrawn or contract ended).",
    ),
    "voice.consent.given_by": ("동의한 사람", "Consent given by"),
    "voice.consent.at": ("동의 일자", "Consent date"),
    "voice.consent.scope": ("사용 범위", "Use consented to"),
    "voice.consent.scope_hint": (
        "예: 한빛손해보험 ARS 안내 멘트 음성 합성, 계약 기간 2026-2028",
        "e.g. speech synthesis of the insurer's ARS prompts, contract 2026-2028",
    ),
    "voice.consent.document": (
        "서명한 동의서 (PDF·이미지)",
        "Signed consent document (PDF, image)",
    ),
    "voice.consent.given_by_required": (
        "동의한 사람을 입력해 주세요.",
        "Enter who gave the consent.",
    ),
    "voice.consent.at_required": ("동의 일자를 입력해 주세요.", "Enter the consent date."),
    "voice.consent.scope_required": (
        "동의한 사용 범위를 입력해 주세요.",
        "Enter the use consented to.",
    ),
    "voice.consent.document_required": (
        "서명한 동의서 파일을 올려 주세요.",
        "Upload the signed consent document.",
    ),
    "voice.consent.document_too_big": (
        "동의서 파일은 {mb}MB 이하여야 합니다.",
        "The document must be {mb} MB at most.",
    ),
    "voice.consent.bad_document": (
        "동의서는 다음 형식만 받습니다: {allowed}",
        "Consent documents must be one of: {allowed}",
    ),
    "voice.sample.status.accepted": ("승인", "accepted"),
    "voice.sample.status.rejected": ("거부", "refused"),
    "voice.sample.meta": ("{duration}초 · {rate}Hz", "{duration} s · {rate} Hz"),
    "voice.sample.upload": ("참조 음성 올리기", "Upload a reference sample"),
    "voice.sample.rules": (
        "3~30초, 16kHz 이상, 잡음·음악 없이 또박또박 읽은 음성. 통과하면 음량을 맞춰 저장합니다.",
        "3-30 s, 16 kHz or more, clear speech without noise or music. Accepted samples are "
        "stored loudness-normalised.",
    ),
    "voice.sample.check": ("점검하고 저장", "Check and save"),
    "voice.sample.checked": (
        "참조 음성을 점검했습니다. 결과를 확인하세요.",
        "The sample was checked: see the result.",
    ),
    "voice.sample.remove": ("삭제", "Remove"),
    "voice.sample.removed": ("참조 음성을 삭제했습니다.", "The sample was removed."),
    "voice.sample.too_big": ("파일은 {mb}MB 이하여야 합니다.", "The file must be {mb} MB at most."),
    "voice.sample.not_found": ("참조 음성 {id}를 찾을 수 없습니다.", "Sample {id} was not found."),
    # prompt library
    "voice.library.title": ("멘트 라이브러리", "Prompt library"),
    "voice.library.help": (
        "시나리오에서 재사용하는 안내 멘트입니다. 어디에 쓰이는지, 승인된 음성이 있는지 보고 "
        "테이크를 만들어 승인합니다.",
        "Prompts reused across scenarios: where each is used, whether it has approved audio; "
        "generate and approve takes.",
    ),
    "voice.library.tab.prompts": ("멘트", "Prompts"),
    "voice.library.tab.batch": ("시나리오 일괄 생성", "Batch for a scenario"),
    "voice.library.tab.dictionary": ("발음 사전", "Pronunciation"),
    "voice.library.search": ("검색 (코드·문구·설명)", "Search (code, text, description)"),
    "voice.library.tag": ("태그", "Tag"),
    "voice.library.all_tags": ("모든 태그", "All tags"),
    "voice.library.col.code": ("코드", "Code"),
    "voice.library.col.text": ("문구", "Text"),
    "voice.library.col.tags": ("태그", "Tags"),
    "voice.library.col.audio": ("승인 음성", "Approved audio"),
    "voice.library.col.uses": ("사용처", "Uses"),
    "voice.library.generate": (
        "음성 미리듣기에서 이 멘트의 테이크 만들기",
        "Generate takes of this prompt",
    ),
    "voice.library.has_audio": ("있음", "yes"),
    "voice.library.pick": ("멘트 상세", "Prompt details"),
    "voice.library.pick_row": (
        "멘트를 고르면 사용처·테이크·수정 화면이 열립니다.",
        "Pick a prompt for its uses, takes and edit form.",
    ),
    "voice.library.approved_audio": ("승인된 음성", "Approved audio"),
    "voice.library.no_audio": (
        "승인된 음성이 없습니다. 운영(prod) 배포 전에 테이크를 승인해야 합니다.",
        "No approved audio: approve a take before a prod deployment.",
    ),
    "voice.library.where_used": (
        "사용처 (시나리오 · 버전 · 노드)",
        "Used in (scenario, version, node)",
    ),
    "voice.library.unused": ("어느 시나리오에서도 쓰이지 않습니다.", "Not used in any scenario."),
    "voice.library.draft": ("초안", "draft"),
    "voice.library.takes": ("테이크", "Takes"),
    "voice.library.no_takes": ("아직 만든 테이크가 없습니다.", "No takes yet."),
    "voice.library.edit": ("멘트 수정", "Edit the prompt"),
    "voice.library.new": ("새 멘트", "New prompt"),
    "voice.library.tags_input": ("태그 (쉼표로 구분)", "Tags (comma-separated)"),
    "voice.library.description": ("설명", "Description"),
    "voice.library.examples": (
        "변수 예시 값 (한 줄에 이름=값)",
        "Variable examples (name=value per line)",
    ),
    "voice.library.examples_help": (
        "{amount} 같은 변수를 테이크에서 읽을 예시 값입니다. 예: amount=35,000",
        "What a take reads in place of a variable such as {amount}, e.g. amount=35,000",
    ),
    "voice.library.examples_missing": (
        "예시 값이 없는 변수: {names} (일괄 생성에서 빠집니다)",
        "Variables without an example: {names} (left out of batches)",
    ),
    "voice.library.save": ("저장", "Save"),
    "voice.library.saved": (
        "멘트를 저장했습니다. 문구가 바뀌었으면 승인된 음성은 취소됩니다.",
        "Saved. If the text changed, its approved audio was withdrawn.",
    ),
    "voice.library.created": ("멘트 {code}를 추가했습니다.", "Prompt {code} was added."),
    "voice.prompt.bad_code": (
        "코드는 영문 소문자·숫자·._- 로 64자 이하입니다: {code}",
        "A code is lower-case letters, digits and ._- (64 at most): {code}",
    ),
    "voice.prompt.code_taken": ("이미 있는 코드입니다: {code}", "That code exists: {code}"),
    "voice.prompt.not_found": ("멘트 {id}를 찾을 수 없습니다.", "Prompt {id} was not found."),
    "voice.prompt.text_required": ("멘트 문구를 입력해 주세요.", "Enter the prompt's text."),
    "voice.prompt.too_many_tags": ("태그는 {limit}개까지입니다.", "{limit} tags at most."),
    "voice.prompt.in_use": (
        "{code} 멘트는 시나리오 {count}곳에서 쓰이고 있어 삭제할 수 없습니다.",
        "{code} is used in {count} place(s) in scenarios and cannot be deleted.",
    ),
    # batch
    "voice.batch.help": (
        "시나리오 버전이 재생하는 모든 라이브러리 멘트의 테이크를 한 번에 만듭니다.",
        "Generate takes for every library prompt a scenario version plays.",
    ),
    "voice.batch.read_only": ("일괄 생성 권한이 없습니다.", "You may not generate takes."),
    "voice.batch.scenario": ("시나리오", "Scenario"),
    "voice.batch.pick": ("시나리오를 고르세요", "Pick a scenario"),
    "voice.batch.version": ("버전", "Version"),
    "voice.batch.no_versions": ("게시된 버전이 없습니다.", "No published version."),
    "voice.batch.takes": ("멘트당 테이크 수", "Takes per prompt"),
    "voice.batch.generate": ("일괄 생성", "Generate all"),
    "voice.batch.planned": (
        "멘트 {prompts}개, 테이크 {takes}개 (새로 만들 테이크 {new}개)",
        "{prompts} prompt(s), {takes} take(s) ({new} new)",
    ),
    "voice.batch.skipped": (
        "변수 예시 값이 없어 건너뛴 멘트: {codes}",
        "Left out (variables without examples): {codes}",
    ),
    "voice.batch.status": (
        "완료 {done} · 실패 {failed} · 전체 {total}",
        "Done {done} · failed {failed} · all {total}",
    ),
    "voice.batch.col.done": ("완료", "Done"),
    "voice.batch.col.failed": ("실패", "Failed"),
    "voice.batch.col.waiting": ("대기", "Waiting"),
    "voice.batch.col.best": ("추천 테이크 품질 점검", "Best take's gate"),
    "voice.batch.no_best": ("통과한 테이크 없음", "No take passed"),
    "voice.batch.version_not_found": (
        "시나리오 버전 {id}를 찾을 수 없습니다.",
        "Scenario version {id} was not found.",
    ),
    # pronunciation
    "voice.dictionary.help": (
        "합성 전에 적용되는 읽는 법입니다(예: KB → 케이비). 숫자는 자동으로 한국어로 읽습니다.",
        "How terms are read before synthesis (e.g. KB -> 케이비). Numbers are read in Korean "
        "automatically.",
    ),
    "voice.dictionary.term": ("표기", "Term"),
    "voice.dictionary.reading": ("읽는 법", "Reading"),
    "voice.dictionary.note": ("메모", "Note"),
    "voice.dictionary.save": ("저장", "Save"),
    "voice.dictionary.saved": ("{term}의 읽는 법을 저장했습니다.", "Saved how {term} is read."),
    "voice.dictionary.remove": ("삭제할 표기", "Term to remove"),
    "voice.dictionary.pick": ("표기를 고르세요", "Pick a term"),
    "voice.dictionary.remove_button": ("삭제", "Remove"),
    "voice.dictionary.removed": ("{term}을(를) 삭제했습니다.", "{term} was removed."),
    "voice.pronunciation.required": (
        "표기와 읽는 법을 모두 입력해 주세요.",
        "Enter both the term and its reading.",
    ),
    "voice.pronunciation.too_long": (
        "표기는 64자, 읽는 법은 128자 이하입니다.",
        "Terms: 64 characters, readings: 128 at most.",
    ),
}
