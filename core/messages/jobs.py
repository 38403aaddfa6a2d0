"""Messages of the job monitor."""

MESSAGES: dict[str, tuple[str, str]] = {
    "jobs.title": ("작업 모니터", "Job monitor"),
    "jobs.help": (
        "음성 인식·분석·모델 학습 작업의 상태입니다. 실시간으로 갱신되며, 실패한 작업은 다시 "
        "실행하고 대기·실행 중인 작업은 취소할 수 있습니다.",
        "The state of speech-to-text, analysis and model jobs, updated live. Failed jobs can be "
        "run again; queued and running jobs can be canceled.",
    ),
    "jobs.inline": (
        "이 설치는 큐 없이 작업을 바로 실행합니다(내장 기본 모드). 취소할 대기 작업이 없습니다.",
        "This install runs jobs at once, without a queue (embedded default): nothing waits to "
        "be canceled.",
    ),
    "jobs.redis_down": (
        "작업 큐(Redis)에 연결할 수 없습니다: {error}. 업로드는 저장되고 연결되면 대기열에 "
        "들어갑니다.",
        "The job queue (Redis) cannot be reached: {error}. Uploads are kept and queued once it "
        "is back.",
    ),
    "jobs.workers": ("작업자(워커)", "Workers"),
    "jobs.workers_on": (
        "{queue} 큐: 작업자 {workers}명, 대기 {waiting}건",
        "{queue} queue: {workers} worker(s), {waiting} waiting",
    ),
    "jobs.live": ("실시간 갱신", "Update live"),
    "jobs.updated": ("{time} 기준", "As of {time}"),
    "jobs.status_filter": ("상태", "Status"),
    "jobs.queue_filter": ("큐", "Queue"),
    "jobs.none": ("조건에 맞는 작업이 없습니다.", "No jobs match."),
    "jobs.col.id": ("번호", "No."),
    "jobs.col.job": ("작업", "Job"),
    "jobs.col.target": ("대상", "Target"),
    "jobs.col.queue": ("큐", "Queue"),
    "jobs.col.status": ("상태", "Status"),
    "jobs.col.attempt": ("시도", "Attempt"),
    "jobs.col.progress": ("진행률", "Progress"),
    "jobs.col.requested_by": ("요청자", "Requested by"),
    "jobs.col.created": ("등록", "Created"),
    "jobs.col.ended": ("종료", "Ended"),
    "jobs.col.error": ("오류", "Error"),
    "jobs.choose": ("작업 선택", "Choose a job"),
    "jobs.retry": ("다시 실행", "Retry"),
    "jobs.cancel": ("취소", "Cancel"),
    "jobs.retried": (
        "작업 {id}번을 다시 실행하도록 새 작업 {new_id}번으로 등록했습니다.",
        "Job {id} was queued again as job {new_id}.",
    ),
    "jobs.canceled_ok": ("작업 {id}번을 취소했습니다.", "Job {id} was canceled."),
    "jobs.open_call": ("통화 {id} 열기", "Open call {id}"),
    "jobs.target.call": ("통화 {id}", "Call {id}"),
    "jobs.target.model": ("예측 모델", "Outcome model"),
    "jobs.target.import": ("대화록 가져오기 {id}", "Transcript import {id}"),
    "jobs.target.other": ("{type} {id}", "{type} {id}"),
    "jobs.name.transcribe_call": ("음성 인식", "Speech-to-text"),
    "jobs.name.analyze_call": ("통화 분석", "Call analysis"),
    "jobs.name.analyze_calls": ("통화 분석(여러 통화)", "Call analysis (several calls)"),
    "jobs.name.import_transcripts": ("대화록 가져오기", "Transcript import"),
    "jobs.name.train_model": ("모델 학습", "Model training"),
    "jobs.name.predict_calls": ("결과 예측", "Outcome prediction"),
    "jobs.status.queued": ("대기", "Queued"),
    "jobs.status.running": ("실행 중", "Running"),
    "jobs.status.finished": ("완료", "Finished"),
    "jobs.status.failed": ("실패", "Failed"),
    "jobs.status.canceled": ("취소됨", "Canceled"),
    "jobs.not_found": ("작업 {id}번이 없습니다.", "There is no job {id}."),
    "jobs.retry_not_ended": (
        "작업 {id}번은 아직 끝나지 않았거나 성공했습니다. 실패하거나 취소된 작업만 다시 실행할 수 "
        "있습니다.",
        "Job {id} has not ended or it succeeded: only failed or canceled jobs can be retried.",
    ),
    "jobs.retry_unknown": (
        "이 종류의 작업({function})은 다시 실행할 수 없습니다.",
        "This kind of job ({function}) cannot be retried.",
    ),
    "jobs.retry_already_active": (
        "작업 {id}번과 같은 작업이 이미 대기 중이거나 실행 중입니다.",
        "The same work as job {id} is already queued or running.",
    ),
    "jobs.target_gone": (
        "작업 {id}번의 대상이 더 이상 없어 다시 실행할 수 없습니다.",
        "The target of job {id} no longer exists, so it cannot be retried.",
    ),
    "jobs.cancel_not_active": (
        "작업 {id}번은 이미 끝났습니다. 대기 중이거나 실행 중인 작업만 취소할 수 있습니다.",
        "Job {id} has already ended: only queued or running jobs can be canceled.",
    ),
    "jobs.canceled_by": ("{username}님이 작업을 취소했습니다.", "Canceled by {username}."),
    "jobs.canceled": ("작업이 취소되었습니다.", "The job was canceled."),
}
