"""Messages of the XTTS v2 engine (voice.xtts.): what an operator must fix to make it run."""

MESSAGES: dict[str, tuple[str, str]] = {
    "voice.xtts.not_configured": (
        "XTTS 음성 모델이 설정되지 않았습니다. TTS 작업 서버에 {setting}로 모델 폴더"
        "(config.json, model.pth, vocab.json)를 지정하거나, Coqui 공개 모델 라이선스(CPML, "
        "비상업적 이용 한정)를 검토·수락한 뒤 {licence_setting}=true로 설정해 첫 사용 시 "
        "내려받게 하세요.",
        "No XTTS voice model is configured. On the TTS worker host, set {setting} to a model "
        "folder (config.json, model.pth, vocab.json), or review Coqui's model licence (CPML, "
        "non-commercial use only) and set {licence_setting}=true to download it on first use.",
    ),
    "voice.xtts.model_missing": (
        "XTTS 모델 폴더 {path}에 필요한 파일이 없습니다: {missing}. {setting} 설정과 "
        "폴더 내용을 확인하세요.",
        "The XTTS model folder {path} lacks {missing}. Check {setting} and the folder's contents.",
    ),
    "voice.xtts.download_failed": (
        "XTTS 모델을 내려받지 못했습니다({error}). 이 서버가 인터넷(Hugging Face)에 접속할 수 "
        "없다면 모델 파일을 서버에 복사하고 {setting}로 그 폴더를 지정하세요.",
        "The XTTS model could not be downloaded ({error}). If this host cannot reach the "
        "internet (Hugging Face), copy the model files to it and set {setting} to that folder.",
    ),
    "voice.xtts.cuda_unavailable": (
        "XTTS 장치가 cuda로 설정되었지만 이 서버에서 GPU(CUDA)를 사용할 수 없습니다. GPU "
        "드라이버와 CUDA용 torch 설치를 확인하거나 {setting}을(를) auto 또는 cpu로 바꾸세요.",
        "The XTTS device is set to cuda but this host has no usable GPU (CUDA). Check the GPU "
        "driver and the CUDA build of torch, or set {setting} to auto or cpu.",
    ),
    "voice.xtts.needs_voice": (
        "XTTS는 성우의 참조 음성을 복제해 말하므로 성우(목소리)를 선택해야 합니다.",
        "XTTS speaks by cloning a voice actor's reference samples: choose a voice actor.",
    ),
    "voice.xtts.no_samples": (
        "성우 #{actor}에게 승인된 참조 음성이 없습니다. 참조 음성을 먼저 등록하세요.",
        "Voice actor #{actor} has no accepted reference samples. Add reference samples first.",
    ),
    "voice.xtts.language_unsupported": (
        "XTTS 모델이 지원하지 않는 언어입니다: {language} (지원: {languages})",
        "The XTTS model does not speak {language} (it speaks: {languages}).",
    ),
    "voice.xtts.empty_text": (
        "읽을 문장이 비어 있습니다.",
        "There is no text to speak.",
    ),
}
