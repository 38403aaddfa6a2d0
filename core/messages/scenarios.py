"""Messages of the scenario data layer: refused edits, publishes, deployments and bundles."""

MESSAGES: dict[str, tuple[str, str]] = {
    # scenarios and drafts
    "scenario.error.not_found": ("해당 시나리오가 없습니다.", "There is no such scenario."),
    "scenario.error.name_required": ("시나리오 이름을 입력하세요.", "Enter a scenario name."),
    "scenario.error.name_too_long": (
        "시나리오 이름은 {max}자 이내로 입력하세요.",
        "A scenario name can be at most {max} characters.",
    ),
    "scenario.error.name_taken": (
        "'{name}' 시나리오가 이미 있습니다. 다른 이름을 쓰세요.",
        "A scenario called '{name}' already exists: choose another name.",
    ),
    "scenario.error.description_too_long": (
        "설명은 {max}자 이내로 입력하세요.",
        "The description can be at most {max} characters.",
    ),
    "scenario.error.archived": (
        "'{name}' 시나리오는 보관되어 있어 바꿀 수 없습니다. 먼저 보관을 해제하세요.",
        "The scenario '{name}' is archived and cannot be changed: restore it first.",
    ),
    "scenario.error.stale_draft": (
        "{by} 님이 {at}에 초안을 먼저 저장했습니다(r{revision}). 최신 초안을 불러와 다시 "
        "작업하세요. 저장하지 못한 내용은 그대로 남아 있습니다.",
        "{by} saved the draft first, at {at} (r{revision}). Load the latest draft and redo "
        "your change; nothing of yours was saved.",
    ),
    # versions
    "scenario.error.comment_required": (
        "무엇을 바꿨는지 변경 설명을 적어 주세요.",
        "Say what changed in a comment.",
    ),
    "scenario.error.comment_too_long": (
        "변경 설명은 {max}자 이내로 적어 주세요.",
        "The comment can be at most {max} characters.",
    ),
    "scenario.error.invalid_flow": (
        "플로우에 오류가 {count}건 있어 게시할 수 없습니다(첫 오류: {node}). 편집기에서 "
        "검증 결과를 확인하세요.",
        "The flow has {count} error(s) and cannot be published (first at: {node}). See the "
        "validation in the editor.",
    ),
    "scenario.error.nothing_to_publish": (
        "초안이 최신 버전 v{version}과 같아 새로 게시할 내용이 없습니다.",
        "The draft is the same as the latest version v{version}: there is nothing to publish.",
    ),
    "scenario.error.version_not_found": (
        "버전 v{number}이(가) 없습니다.",
        "There is no version v{number}.",
    ),
    "scenario.error.audio_file_missing": (
        "'{code}' 멘트의 승인된 음성 파일을 찾을 수 없습니다. 음성을 다시 만들어 승인하세요.",
        "The approved audio file of prompt '{code}' is missing: synthesize and approve it again.",
    ),
    # deployments
    "deploy.error.not_found": ("해당 배포가 없습니다.", "There is no such deployment."),
    "deploy.error.note_too_long": (
        "메모는 {max}자 이내로 적어 주세요.",
        "The note can be at most {max} characters.",
    ),
    "deploy.error.invalid_flow": (
        "v{version}에 검증 오류가 {count}건 있어 배포할 수 없습니다(첫 오류: {node}). 오류를 "
        "고친 새 버전을 게시하세요.",
        "v{version} has {count} validation error(s) and cannot be deployed (first at: "
        "{node}). Publish a version with the errors fixed.",
    ),
    "deploy.error.audio_missing": (
        "운영 배포에는 모든 멘트에 승인된 음성이 필요합니다. 음성이 없는 노드 {count}개: {nodes}",
        "Prod needs approved audio for every prompt. {count} node(s) have none: {nodes}",
    ),
    "deploy.error.already_active": (
        "v{version}은(는) 이미 {environment} 환경에서 운영 중입니다.",
        "v{version} is already live in {environment}.",
    ),
    "deploy.error.already_pending": (
        "{environment} 환경에 {by} 님이 요청한 v{version} 배포가 승인을 기다리고 있습니다. "
        "먼저 승인하거나 반려하세요.",
        "A request by {by} to deploy v{version} to {environment} is waiting for approval: "
        "approve or reject it first.",
    ),
    "deploy.error.not_pending": (
        "이미 처리된 배포 요청입니다.",
        "This deployment request has already been dealt with.",
    ),
    "deploy.error.self_approval": (
        "직접 요청한 배포는 승인할 수 없습니다. 다른 담당자의 승인이 필요합니다.",
        "You cannot approve your own request: someone else must approve it.",
    ),
    "deploy.error.nothing_live": (
        "{environment} 환경에 배포된 버전이 없어 되돌릴 수 없습니다.",
        "Nothing is live in {environment}, so there is nothing to roll back.",
    ),
    "deploy.error.no_previous": (
        "{environment} 환경에 이전에 배포된 다른 버전이 없습니다.",
        "No other version was live in {environment} before this one.",
    ),
}
