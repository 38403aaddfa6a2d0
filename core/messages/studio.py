"""Messages of the ARS scenario studio's pages: list, editor, test, versions and deployments."""

MESSAGES: dict[str, tuple[str, str]] = {
    "nav.section.scenarios": ("ARS 시나리오", "ARS scenarios"),
    "nav.scenarios": ("시나리오 목록", "Scenarios"),
    "nav.scenario_editor": ("편집기", "Editor"),
    "nav.scenario_test": ("시뮬레이션", "Simulation"),
    "nav.scenario_versions": ("버전·배포", "Versions & deployment"),
    # list
    "studio.list.title": ("ARS 시나리오", "ARS scenarios"),
    "studio.list.help": (
        "대표번호·사고접수 등 ARS 콜 플로우입니다. 초안을 편집하고 시뮬레이션으로 확인한 뒤, "
        "버전으로 게시해 개발·스테이징·운영 환경에 배포합니다.",
        "The ARS call flows (main number, accident line, ...). Edit a draft, test it in the "
        "simulator, publish it as a version and deploy it to dev, staging and prod.",
    ),
    "studio.list.show_archived": ("보관된 시나리오 보기", "Show archived scenarios"),
    "studio.list.empty": ("시나리오가 없습니다.", "There are no scenarios."),
    "studio.list.state": (
        "초안 r{revision} · 최신 버전 {version}  \n개발 {dev} · 스테이징 {staging} · 운영 {prod}",
        "Draft r{revision} · latest version {version}  \ndev {dev} · staging {staging} · "
        "prod {prod}",
    ),
    "studio.list.pending": ("승인 대기 {count}건", "{count} waiting for approval"),
    "studio.list.open": ("편집기 열기", "Open editor"),
    "studio.list.create": ("새 시나리오", "New scenario"),
    "studio.list.create_button": ("만들기", "Create"),
    "studio.field.name": ("이름", "Name"),
    "studio.field.description": ("설명", "Description"),
    "studio.import.title": ("플로우 JSON 가져오기", "Import a flow JSON"),
    "studio.import.help": (
        "내보낸 배포 묶음의 flow.json 또는 플로우 JSON 파일을 새 시나리오나 기존 시나리오의 "
        "초안으로 가져옵니다. 형식이 잘못되면 아무것도 바뀌지 않습니다.",
        "Import an exported bundle's flow.json, or a flow JSON file, as a new scenario or as an "
        "existing scenario's draft. If the file is malformed nothing changes.",
    ),
    "studio.import.file": ("JSON 파일", "JSON file"),
    "studio.import.target": ("가져올 곳", "Import into"),
    "studio.import.as_new": ("새 시나리오로", "A new scenario"),
    "studio.import.new_name": ("새 시나리오 이름", "New scenario's name"),
    "studio.import.button": ("가져오기", "Import"),
    "studio.import.no_file": ("가져올 JSON 파일을 선택하세요.", "Choose a JSON file to import."),
    "studio.import.done": ("'{name}'(으)로 가져왔습니다.", "Imported as '{name}'."),
    # shared header
    "studio.pick_scenario": (
        "시나리오 목록에서 시나리오를 고르세요.",
        "Choose a scenario from the list.",
    ),
    "studio.bad_id": (
        "주소의 시나리오 번호 '{value}'를 읽을 수 없습니다.",
        "The scenario number '{value}' in the address cannot be read.",
    ),
    "studio.not_found": ("그런 시나리오가 없습니다.", "There is no such scenario."),
    # editor
    "studio.draft_caption": (
        "초안 r{revision} · 마지막 저장 {by}, {at}",
        "Draft r{revision} · last saved by {by}, {at}",
    ),
    "studio.read_only": (
        "보기 전용입니다. 편집은 시나리오 설계자 권한이 필요합니다.",
        "Read only: editing needs the scenario designer role.",
    ),
    "studio.unsaved": ("저장하지 않은 변경 사항이 있습니다.", "You have unsaved changes."),
    "studio.auto_layout": ("자동 정렬", "Auto layout"),
    "studio.save": ("저장", "Save"),
    "studio.saved": ("초안을 r{revision}(으)로 저장했습니다.", "Draft saved as r{revision}."),
    "studio.discard": ("변경 취소", "Discard changes"),
    "studio.stale_help": (
        "다른 사람이 먼저 저장한 변경 사항은 그대로 있습니다. 최신 초안을 불러와 다시 "
        "편집하거나, 내 작업을 JSON으로 받아 두세요.",
        "The other person's saved changes are kept. Load the latest draft and edit again, or "
        "download your work as JSON first.",
    ),
    "studio.reload_latest": (
        "최신 초안 불러오기(내 변경 버림)",
        "Load the latest draft (drops my changes)",
    ),
    "studio.download_mine": ("내 작업 JSON 받기", "Download my work as JSON"),
    "studio.selected_node": ("선택한 노드", "Selected node"),
    "studio.no_selection": ("(노드를 고르세요)", "(choose a node)"),
    "studio.delete_node": ("노드 삭제", "Delete node"),
    "studio.apply": ("적용", "Apply"),
    "studio.chart.marks": (
        "오류 {errors} · 경고 {warnings}",
        "{errors} errors · {warnings} warnings",
    ),
    "studio.field.label": ("이름", "Label"),
    "studio.field.library_prompt": ("라이브러리 멘트", "Library prompt"),
    "studio.prompt.own_text": ("(직접 입력)", "(own text)"),
    "studio.prompt.missing": ("없는 멘트 #{id}", "Missing prompt #{id}"),
    "studio.field.prompt_text": ("멘트 문구", "Prompt text"),
    "studio.help.prompt_text": (
        "라이브러리 멘트를 고르면 그 문구가 쓰입니다. {customer_name}처럼 중괄호로 변수를 "
        "넣을 수 있습니다.",
        "A library prompt's own text is used when one is chosen. Put variables in braces, "
        "such as {customer_name}.",
    ),
    "studio.field.timeout_s": ("입력 대기(초)", "Wait for input (s)"),
    "studio.field.retries": ("재시도 횟수", "Retries"),
    "studio.help.retries": (
        "잘못 누름·시간 초과가 통화 중 이 횟수를 넘으면 '재시도 초과' 연결로 나갑니다.",
        "When invalid input and timeouts in a call exceed this, the call takes the "
        "'retries exceeded' exit.",
    ),
    "studio.field.variable": ("변수 이름", "Variable"),
    "studio.field.min_length": ("최소 자릿수", "Min digits"),
    "studio.field.max_length": ("최대 자릿수", "Max digits"),
    "studio.field.terminator": ("입력 종료 키", "Terminator key"),
    "studio.terminator.none": ("없음(최대 자릿수에서 종료)", "None (ends at max digits)"),
    "studio.field.pattern": ("검증 패턴(정규식)", "Validation pattern (regex)"),
    "studio.help.pattern": (
        "예: 증권번호 10자리 ^[0-9]{10}$. 비우면 자릿수만 봅니다.",
        "For example ^[0-9]{10}$ for a 10-digit policy number. Empty: only the length counts.",
    ),
    "studio.field.test": ("조건", "Condition"),
    "studio.condition.business_hours": ("상담 시간", "Business hours"),
    "studio.condition.compare": ("변수 비교", "Compare a variable"),
    "studio.help.condition": (
        "상담 시간: 요일과 시간(한국 시간)으로 판단합니다. 변수 비교: 변수 이름, 연산자, 값을 "
        "채우세요.",
        "Business hours: by weekday and time (Korean time). Compare: fill in the variable, "
        "operator and value.",
    ),
    "studio.field.open_days": ("운영 요일", "Open days"),
    "studio.field.open_time": ("시작(HH:MM)", "Opens (HH:MM)"),
    "studio.field.close_time": ("종료(HH:MM)", "Closes (HH:MM)"),
    "studio.field.operator": ("연산자", "Operator"),
    "studio.field.value": ("값", "Value"),
    "studio.field.queue": ("연결 대기열", "Queue"),
    "studio.day.mon": ("월", "Mon"),
    "studio.day.tue": ("화", "Tue"),
    "studio.day.wed": ("수", "Wed"),
    "studio.day.thu": ("목", "Thu"),
    "studio.day.fri": ("금", "Fri"),
    "studio.day.sat": ("토", "Sat"),
    "studio.day.sun": ("일", "Sun"),
    "studio.option.key": ("키", "Key"),
    "studio.option.label": ("안내", "Option"),
    "studio.option.target": ("연결 노드", "Goes to"),
    "studio.help.options": (
        "메뉴 번호마다 안내와 연결할 노드를 정하세요. 행을 지우면 그 번호의 연결도 지워집니다.",
        "For each key, say what it is for and where it goes. Deleting a row deletes its exit.",
    ),
    "studio.exits": ("연결", "Exits"),
    "studio.add_exit": ("연결 추가", "Add an exit"),
    "studio.add_exit.exit": ("출구(키)", "Exit (key)"),
    "studio.add_exit.button": ("연결 추가", "Add exit"),
    "studio.exit.none": ("(연결 없음)", "(no exit)"),
    "studio.error.bad_key": (
        "전화 키가 아닌 값은 메뉴 키로 쓸 수 없습니다: {keys}",
        "These are not phone keys: {keys}",
    ),
    "studio.field.start_variables": ("시작 변수(통화 데이터)", "Start variables (call data)"),
    "studio.help.start_variables": (
        "통화가 시작될 때 이미 알고 있는 값입니다(예: 아웃바운드의 customer_name, amount). "
        "쉼표로 구분하세요.",
        "Values known when the call starts (an outbound campaign's customer_name, amount). "
        "Separate them with commas.",
    ),
    "studio.error.variable_name": (
        "변수 이름 '{name}'은(는) 영문자나 _로 시작하는 영문·숫자·_만 쓸 수 있습니다.",
        "The variable name '{name}' may hold only letters, digits and _, starting with a "
        "letter or _.",
    ),
    "studio.validation": ("검증", "Validation"),
    "studio.valid": ("검증 통과: 오류와 경고가 없습니다.", "Valid: no errors or warnings."),
    "studio.valid_with_warnings": (
        "게시할 수 있습니다. 경고 {warnings}건을 확인하세요.",
        "Ready to publish; check the {warnings} warning(s).",
    ),
    "studio.invalid": (
        "오류 {errors}건, 경고 {warnings}건. 오류를 고쳐야 게시·배포할 수 있습니다.",
        "{errors} error(s), {warnings} warning(s). Fix the errors to publish or deploy.",
    ),
    # test page
    "studio.test.source": ("시험할 플로우", "Flow to test"),
    "studio.test.source.working": (
        "편집 중인 내용(저장 전)",
        "What you are editing (unsaved)",
    ),
    "studio.test.source.draft": ("저장된 초안 r{revision}", "Saved draft r{revision}"),
    "studio.test.source.version": ("버전 v{number}", "Version v{number}"),
    "studio.test.interactive": ("대화형 시뮬레이션", "Interactive"),
    "studio.test.automatic": ("자동 경로 탐색", "All paths"),
    "studio.test.setup": ("통화 조건", "Call setup"),
    "studio.test.day": ("통화 날짜", "Call date"),
    "studio.test.time": ("통화 시각", "Call time"),
    "studio.test.start": ("전화 걸기", "Place the call"),
    "studio.test.not_started": (
        "통화 조건을 정하고 '전화 걸기'를 누르세요.",
        "Set up the call and press 'Place the call'.",
    ),
    "studio.test.waiting.menu": (
        "메뉴 선택을 기다립니다. 번호를 누르세요.",
        "Waiting for a menu choice: press a key.",
    ),
    "studio.test.waiting.input": (
        "번호 입력을 기다립니다. 숫자를 누르고 종료 키나 '입력 완료'를 누르세요.",
        "Waiting for digits: press them, then the terminator or 'Done'.",
    ),
    "studio.test.typed": ("입력 중: {digits}", "Typed: {digits}"),
    "studio.test.timeout": ("시간 초과", "Time out"),
    "studio.test.invalid": ("잘못된 키", "Wrong key"),
    "studio.test.submit_digits": ("입력 완료", "Done"),
    "studio.test.finished": (
        "통화 종료: {outcome} (약 {seconds}초)",
        "Call finished: {outcome} (about {seconds} s)",
    ),
    "studio.test.log": ("통화 진행", "Call so far"),
    "studio.test.no_audio": (
        "승인된 음성이 없어 문구만 표시합니다.",
        "No approved audio yet: text only.",
    ),
    "studio.test.caller_did": ("발신자: {action}", "Caller: {action}"),
    "studio.test.action.digits": ("{digits} 입력", "entered {digits}"),
    "studio.test.variables": ("변수", "Variables"),
    "studio.test.path": ("경로", "Path"),
    "studio.test.elapsed": ("경과 약 {seconds}초", "About {seconds} s so far"),
    "studio.test.rate_note": (
        "예상 시간은 승인된 음성의 길이로, 음성이 없는 멘트는 초당 {rate}음절로 계산합니다.",
        "Times use approved audio durations; prompts without audio are counted at {rate} "
        "syllables per second.",
    ),
    "studio.test.paths": ("경로 수", "Paths"),
    "studio.test.coverage": ("분기 커버리지", "Branch coverage"),
    "studio.test.truncated": (
        "단계 한도를 넘는 경로가 있어 일부는 끝까지 탐색하지 않았습니다.",
        "Some paths ran past the step limit and were not followed to the end.",
    ),
    "studio.test.listed": (
        "경로가 모두 {total}개입니다. 바로 응답한 경로부터 {shown}개를 보여 줍니다. 개수, "
        "커버리지, 대기 시간 경고는 모든 경로를 기준으로 합니다.",
        "There are {total} paths; the {shown} listed start with callers who answer at once. "
        "Counts, coverage and wait warnings take in every path.",
    ),
    "studio.test.clean_paths": ("바로 응답한 경로", "Paths that answer at once"),
    "studio.test.loops": (
        "반복 구간에서 멈춘 경로 {count}개는 목록에서 뺐습니다.",
        "{count} path(s) stopped on a repeat and are not listed.",
    ),
    "studio.test.col.outcome": ("결과", "Outcome"),
    "studio.test.col.node": ("도착 노드", "Ends at"),
    "studio.test.col.keys": ("누른 키", "Keys"),
    "studio.test.col.seconds": ("예상 시간(초)", "Estimated time (s)"),
    "studio.test.col.slow": ("대기 60초 초과", "Waits too long"),
    "studio.test.uncovered": ("어떤 경로도 지나지 않는 연결", "Exits no path takes"),
    # versions
    "studio.versions.unsaved_edits": (
        "편집기에 저장하지 않은 변경 사항이 있습니다. 게시되는 것은 저장된 초안입니다.",
        "The editor has unsaved changes: publishing takes the saved draft.",
    ),
    "studio.publish.title": ("초안 게시", "Publish the draft"),
    "studio.publish.blocked": (
        "초안에 오류 {errors}건이 있어 게시할 수 없습니다. 편집기에서 고치세요.",
        "The draft has {errors} error(s) and cannot be published: fix them in the editor.",
    ),
    "studio.publish.comment": ("변경 설명", "What changed"),
    "studio.publish.button": ("초안 r{revision} 게시", "Publish draft r{revision}"),
    "studio.publish.done": ("버전 v{number}을(를) 게시했습니다.", "Published version v{number}."),
    "studio.versions.list": ("버전", "Versions"),
    "studio.versions.none": ("게시된 버전이 없습니다.", "No version has been published."),
    "studio.versions.col.number": ("버전", "Version"),
    "studio.versions.col.comment": ("설명", "Comment"),
    "studio.versions.col.author": ("게시자", "Published by"),
    "studio.versions.col.created": ("게시 시각", "Published"),
    "studio.restore.title": ("초안을 이전 버전으로 되돌리기", "Roll the draft back to a version"),
    "studio.restore.help": (
        "초안이 고른 버전의 내용으로 바뀝니다(새 리비전). 버전 기록은 그대로 남습니다.",
        "The draft becomes the chosen version (as a new revision). The versions stay as they are.",
    ),
    "studio.restore.version": ("버전", "Version"),
    "studio.restore.button": ("초안 되돌리기", "Roll the draft back"),
    "studio.restore.done": (
        "초안을 v{number} 내용으로 되돌렸습니다(r{revision}).",
        "The draft is now v{number} (r{revision}).",
    ),
    "studio.diff.title": ("버전 비교", "Compare versions"),
    "studio.diff.from": ("이전", "From"),
    "studio.diff.to": ("이후", "To"),
    "studio.diff.draft": ("현재 초안", "Current draft"),
    "studio.diff.same": ("두 플로우가 같습니다.", "The two flows are the same."),
    "studio.diff.added": ("추가됨", "added"),
    "studio.diff.changed": ("변경됨", "changed"),
    "studio.diff.removed": ("삭제됨", "removed"),
    "studio.diff.node_added": ("노드 추가: {node}", "Node added: {node}"),
    "studio.diff.node_removed": ("노드 삭제: {node}", "Node removed: {node}"),
    "studio.diff.node_changed": ("노드 변경: {node} - {fields}", "Node changed: {node} - {fields}"),
    "studio.diff.field": ("{field} {before} → {after}", "{field} {before} → {after}"),
    "studio.diff.prompt_changed": (
        "멘트 변경: {node} '{before}' → '{after}'",
        "Prompt changed: {node} '{before}' → '{after}'",
    ),
    "studio.diff.edge_added": ("연결 추가: {edge}", "Exit added: {edge}"),
    "studio.diff.edge_removed": ("연결 삭제: {edge}", "Exit removed: {edge}"),
    "studio.diff.edge_retargeted": (
        "연결 대상 변경: {edge} (이전 {before})",
        "Exit retargeted: {edge} (was {before})",
    ),
    "studio.diff.variables_added": ("시작 변수 추가: {names}", "Start variables added: {names}"),
    "studio.diff.variables_removed": (
        "시작 변수 삭제: {names}",
        "Start variables removed: {names}",
    ),
    # deployments
    "studio.deploy.title": ("배포", "Deployment"),
    "studio.deploy.nothing": ("없음", "None"),
    "studio.deploy.since": ("{at}부터", "Since {at}"),
    "studio.deploy.version": ("버전", "Version"),
    "studio.deploy.env": ("환경", "Environment"),
    "studio.deploy.note": ("메모", "Note"),
    "studio.deploy.rules": (
        "배포하려면 검증을 통과해야 합니다. 운영 배포는 모든 멘트에 승인된 음성이 있어야 하며, "
        "관리자가 아니면 다른 담당자의 승인이 필요합니다.",
        "Deploying needs a passing validation. Prod also needs approved audio for every "
        "prompt and, unless an admin deploys, a second person's approval.",
    ),
    "studio.deploy.button": ("배포", "Deploy"),
    "studio.deploy.done": ("v{number}을(를) {env}에 배포했습니다.", "Deployed v{number} to {env}."),
    "studio.deploy.requested": (
        "v{number}의 {env} 배포를 요청했습니다. 다른 담당자가 승인하면 반영됩니다.",
        "Requested v{number} for {env}: it goes live once someone else approves it.",
    ),
    "studio.deploy.history": ("배포 이력", "Deployment history"),
    "studio.deploy.no_history": ("배포 이력이 없습니다.", "Nothing has been deployed."),
    "studio.deploy.col.when": ("요청 시각", "Requested"),
    "studio.deploy.col.env": ("환경", "Environment"),
    "studio.deploy.col.version": ("버전", "Version"),
    "studio.deploy.col.status": ("상태", "Status"),
    "studio.deploy.col.by": ("요청자", "Requested by"),
    "studio.deploy.col.approved_by": ("승인자", "Approved by"),
    "studio.deploy.col.note": ("메모", "Note"),
    "studio.deploy.status.pending_approval": ("승인 대기", "Waiting for approval"),
    "studio.deploy.status.active": ("운영 중", "Live"),
    "studio.deploy.status.superseded": ("교체됨", "Superseded"),
    "studio.deploy.status.rejected": ("반려", "Rejected"),
    "studio.rollback.title": ("환경 롤백", "Roll an environment back"),
    "studio.rollback.help": (
        "선택한 환경을 직전에 배포되어 있던 버전으로 되돌립니다(배포 규칙은 같습니다).",
        "Puts the version that was live before back into the environment (the same rules apply).",
    ),
    "studio.rollback.button": ("직전 버전으로 롤백", "Roll back to the previous version"),
    "studio.rollback.done": (
        "{env}을(를) v{number}(으)로 되돌렸습니다.",
        "{env} is back on v{number}.",
    ),
    "studio.approve.title": ("승인 대기 중인 운영 배포", "Prod deployments waiting for approval"),
    "studio.approve.request": (
        "v{number} → {env} (요청: {by})",
        "v{number} → {env} (requested by {by})",
    ),
    "studio.approve.own": (
        "내가 요청한 배포는 다른 담당자가 승인해야 합니다.",
        "Someone else must approve your own request.",
    ),
    "studio.approve.button": ("승인", "Approve"),
    "studio.approve.reject": ("반려", "Reject"),
    "studio.approve.done": ("v{number} 운영 배포를 승인했습니다.", "Approved v{number} for prod."),
    "studio.approve.rejected": ("v{number} 배포 요청을 반려했습니다.", "Rejected v{number}."),
    "studio.export.title": ("배포 묶음 내보내기", "Export a deployment bundle"),
    "studio.export.help": (
        "플로우 JSON과 멘트 음성 파일을 zip으로 받습니다.",
        "Download the flow JSON and the prompts' audio as a zip.",
    ),
    "studio.export.deployment": ("배포", "Deployment"),
    "studio.export.button": ("zip 받기", "Download zip"),
}
