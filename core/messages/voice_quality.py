"""Messages of the voice studio's audio checks: the take quality gate and reference samples."""

MESSAGES: dict[str, tuple[str, str]] = {
    "voice.audio.unreadable": (
        "오디오 파일을 읽을 수 없습니다. WAV, MP3, M4A, FLAC 파일을 올려 주세요.",
        "The audio file cannot be read. Upload a WAV, MP3, M4A or FLAC file.",
    ),
    # check names (core.voice.quality.Check.name, core.voice.reference_sample checks)
    "voice.check.speech_present": ("음성 있음", "Speech present"),
    "voice.check.clipping": ("클리핑", "Clipping"),
    "voice.check.loudness": ("음량", "Loudness"),
    "voice.check.duration": ("길이", "Duration"),
    "voice.check.asr_round_trip": ("음성 인식 대조", "ASR round trip"),
    "voice.check.sample_rate": ("샘플레이트", "Sample rate"),
    "voice.check.speech_ratio": ("음성 비율", "Speech ratio"),
    "voice.check.passed": ("통과", "Passed"),
    "voice.check.failed": ("실패", "Failed"),
    "voice.check.not_run": ("실행 안 됨", "Not run"),
    # reference samples: why one was refused
    "voice.sample.unreadable": (
        "녹음 파일을 읽을 수 없습니다. WAV, MP3, M4A, FLAC 파일을 올려 주세요.",
        "The recording cannot be read. Upload a WAV, MP3, M4A or FLAC file.",
    ),
    "voice.sample.rate_too_low": (
        "샘플레이트가 너무 낮습니다({rate}Hz). {min_rate}Hz 이상으로 녹음해 주세요. "
        "전화 녹음(8kHz)은 쓸 수 없습니다.",
        "The sample rate is too low ({rate} Hz). Record at {min_rate} Hz or more; telephone "
        "recordings (8 kHz) cannot be used.",
    ),
    "voice.sample.clipped": (
        "녹음이 찌그러졌습니다(클리핑 {percent}%). 입력 음량을 낮춰 다시 녹음해 주세요.",
        "The recording is distorted ({percent}% clipped). Lower the input gain and record again.",
    ),
    "voice.sample.silent": (
        "녹음에서 소리를 찾지 못했습니다. 마이크를 확인하고 다시 녹음해 주세요.",
        "The recording is silent. Check the microphone and record again.",
    ),
    "voice.sample.too_quiet": (
        "녹음이 너무 작습니다({lufs} LUFS). 마이크에 가까이에서 다시 녹음해 주세요.",
        "The recording is too quiet ({lufs} LUFS). Record again closer to the microphone.",
    ),
    "voice.sample.too_loud": (
        "녹음이 너무 큽니다({lufs} LUFS). 입력 음량을 낮춰 다시 녹음해 주세요.",
        "The recording is too loud ({lufs} LUFS). Lower the input gain and record again.",
    ),
    "voice.sample.no_speech": (
        "녹음에 말소리가 너무 적습니다(음성 {percent}%). 잡음이나 음악 없이 또렷하게 읽어 주세요.",
        "The recording holds too little speech ({percent}% speech). Read clearly, without noise "
        "or music.",
    ),
    "voice.sample.too_short": (
        "녹음이 너무 짧습니다({duration_s}초). {min_s:g}초 이상 {max_s:g}초 이하로 올려 주세요.",
        "The recording is too short ({duration_s} s). Upload {min_s:g} to {max_s:g} seconds.",
    ),
    "voice.sample.too_long": (
        "녹음이 너무 깁니다({duration_s}초). {min_s:g}초 이상 {max_s:g}초 이하로 올려 주세요.",
        "The recording is too long ({duration_s} s). Upload {min_s:g} to {max_s:g} seconds.",
    ),
}
