"""XTTS v2 (coqui-tts): speaks in a voice actor's voice, cloned from their reference samples.

Runs only on the TTS worker, the one process with torch and coqui-tts (requirements-tts.txt);
the app reads this class's attributes without them, so they are imported inside methods.
Reference audio is read here (soundfile, or av for what libsndfile cannot open) rather than by
coqui's ``load_audio``: that calls ``torchaudio.load``, which needs a torchcodec/FFmpeg build
that matches the host. The conditioning then goes through the model's tensor-level methods,
exactly as coqui's ``get_conditioning_latents`` does after loading.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import textwrap
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from core.domain import QueueName
from core.errors import UserError
from core.voice.engines.base import SynthesisRequest, SynthesizedAudio, TtsSettings, VoiceReference

if TYPE_CHECKING:
    from collections.abc import Iterator

    import torch

XTTS_MODEL_NAME = "tts_models/multilingual/multi-dataset/xtts_v2"
"""coqui-tts's catalogue name of the model downloaded when the operator accepted its licence."""

MODEL_FILES = ("config.json", "model.pth", "vocab.json")
"""What a model folder must hold for ``Xtts.load_checkpoint`` (speakers_xtts.pth is optional)."""

MODEL_DIR_VARIABLE = "FEPLE_TTS_XTTS_MODEL_DIR"
LICENCE_VARIABLE = "FEPLE_TTS_XTTS_ACCEPT_LICENCE"
DEVICE_VARIABLE = "FEPLE_TTS_XTTS_DEVICE"
"""The settings an operator uses to point at a model, allow its download, or pick the device."""

CONDITIONING_SAMPLE_RATE = 22050
"""XTTS computes its GPT conditioning at 22.05 kHz (the speaker encoder resamples to 16 kHz)."""

OUTPUT_SAMPLE_RATE = 24000
"""XTTS v2's HiFi-GAN decoder writes 24 kHz audio."""

CONDITIONING_CACHE_SIZE = 32
"""Voices whose conditioning a worker keeps: a studio session uses a handful of actors."""

_SENTENCE_END = re.compile(r"(?<=[.!?。？！…])\s+")


@dataclass(frozen=True, slots=True)
class ConditioningCacheInfo:
    """How often a voice's conditioning was reused (hits) or computed (misses)."""

    hits: int
    misses: int
    size: int


@dataclass(frozen=True, slots=True)
class _Conditioning:
    gpt_latent: torch.Tensor
    speaker_embedding: torch.Tensor


class XttsEngine:
    name: ClassVar[str] = "xtts"
    clones_voice: ClassVar[bool] = True
    queue: ClassVar[QueueName] = QueueName.TTS

    def __init__(self, settings: TtsSettings) -> None:
        model_dir = _model_dir(settings)
        self._model_id = "xtts_v2:" + _model_fingerprint(model_dir)
        self._device = _device(settings.xtts_device)
        self._model, self._config = _load_model(model_dir, self._device)
        self._conditioning: OrderedDict[str, _Conditioning] = OrderedDict()
        self._hits = 0
        self._misses = 0
        # The seed is process-global torch state: one synthesis at a time keeps takes repeatable.
        self._lock = threading.Lock()

    def model_id(self) -> str:
        return self._model_id

    def synthesize(self, request: SynthesisRequest) -> SynthesizedAudio:
        if request.voice is None:
            raise UserError("voice.xtts.needs_voice")
        language = request.language
        if language not in self._config.languages:
            raise UserError(
                "voice.xtts.language_unsupported",
                language=language,
                languages=", ".join(self._config.languages),
            )
        limit = self._model.tokenizer.char_limits.get(language, 250)
        pieces = split_text(request.text, limit)
        if not pieces:
            raise UserError("voice.xtts.empty_text")
        config = self._config
        with self._lock:
            conditioning = self._conditioning_for(request.voice)
            _seed(request.seed)
            wavs = [
                self._model.inference(
                    piece,
                    language,
                    conditioning.gpt_latent,
                    conditioning.speaker_embedding,
                    temperature=request.temperature,
                    speed=request.speed,
                    # The rest as coqui's own synthesize() tunes them, from the model's config.
                    length_penalty=config.length_penalty,
                    repetition_penalty=config.repetition_penalty,
                    top_k=config.top_k,
                    top_p=config.top_p,
                )["wav"]
                for piece in pieces
            ]
        samples = np.concatenate([np.asarray(wav, dtype=np.float32).reshape(-1) for wav in wavs])
        return SynthesizedAudio(samples=samples, sample_rate=OUTPUT_SAMPLE_RATE)

    def conditioning_cache_info(self) -> ConditioningCacheInfo:
        return ConditioningCacheInfo(self._hits, self._misses, len(self._conditioning))

    def _conditioning_for(self, voice: VoiceReference) -> _Conditioning:
        cached = self._conditioning.get(voice.fingerprint)
        if cached is not None:
            self._hits += 1
            self._conditioning.move_to_end(voice.fingerprint)
            return cached
        self._misses += 1
        conditioning = self._compute_conditioning(voice)
        self._conditioning[voice.fingerprint] = conditioning
        if len(self._conditioning) > CONDITIONING_CACHE_SIZE:
            self._conditioning.popitem(last=False)
        return conditioning

    def _compute_conditioning(self, voice: VoiceReference) -> _Conditioning:
        """coqui's get_conditioning_latents, on audio we read: a speaker embedding per sample
        (averaged) and GPT latents from the samples joined end to end."""
        import torch
        import torchaudio

        if not voice.sample_paths:
            raise UserError("voice.xtts.no_samples", actor=voice.actor_id)
        config = self._config
        rate = CONDITIONING_SAMPLE_RATE
        audios = []
        embeddings = []
        for path in voice.sample_paths:
            samples, sample_rate = read_mono(path)
            audio = torch.from_numpy(samples).unsqueeze(0)
            if sample_rate != rate:
                # The resampler coqui's load_audio uses, so latents match what it would compute.
                audio = torchaudio.functional.resample(audio, sample_rate, rate)
            audio = audio[:, : rate * config.max_ref_len].to(self._device)
            if config.sound_norm_refs:
                audio = audio / audio.abs().max() * 0.75
            embeddings.append(self._model.get_speaker_embedding(audio, rate))
            audios.append(audio)
        gpt_latent = self._model.get_gpt_cond_latents(
            torch.cat(audios, dim=-1),
            rate,
            length=config.gpt_cond_len,
            chunk_length=config.gpt_cond_chunk_len,
        )
        return _Conditioning(gpt_latent, torch.stack(embeddings).mean(dim=0))


def split_text(text: str, limit: int) -> list[str]:
    """Sentences packed into pieces of at most ``limit`` characters (a longer sentence is cut
    at spaces). XTTS truncates or refuses longer input, and coqui's own splitter needs spaCy."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        for part in textwrap.wrap(sentence, width=limit, break_on_hyphens=False):
            if pieces and len(pieces[-1]) + 1 + len(part) <= limit:
                pieces[-1] += " " + part
            else:
                pieces.append(part)
    return pieces


def read_mono(path: Path) -> tuple[np.ndarray, int]:
    """A reference sample as mono float32 samples and their sample rate."""
    import soundfile

    try:
        samples, sample_rate = soundfile.read(path, dtype="float32", always_2d=True)
    except soundfile.LibsndfileError:
        # libsndfile reads WAV/FLAC/OGG/MP3; av decodes the rest (AAC, say).
        from core.audio import load_channels

        channels = load_channels(path, sample_rate=CONDITIONING_SAMPLE_RATE)
        return np.mean(channels, axis=0, dtype=np.float32), CONDITIONING_SAMPLE_RATE
    return np.ascontiguousarray(samples.mean(axis=1), dtype=np.float32), sample_rate


def _model_dir(settings: TtsSettings) -> Path:
    if settings.xtts_model_dir:
        folder = Path(settings.xtts_model_dir).expanduser()
        missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
        if missing:
            raise UserError(
                "voice.xtts.model_missing",
                path=str(folder),
                missing=", ".join(missing),
                setting=MODEL_DIR_VARIABLE,
            )
        return folder
    if settings.xtts_licence_accepted:
        return _download(settings.xtts_download_root)
    raise UserError(
        "voice.xtts.not_configured", setting=MODEL_DIR_VARIABLE, licence_setting=LICENCE_VARIABLE
    )


def _download(root: str) -> Path:
    """The model folder, downloaded on first use (later calls find it in the cache).

    coqui-tts 0.28 fetches xtts_v2 from the Hugging Face Hub, so the weights land in the Hub
    cache (HF_HOME); ``root`` holds coqui's own folder for the model (its licence marker).
    """
    from TTS.utils.manage import ModelManager

    manager = ModelManager(output_prefix=root or None, progress_bar=False)
    # Any failure here (no route to the Hub, a refused or partial download) is one the operator
    # fixes the same way, so it is reported with its cause rather than sorted by type.
    try:
        with _licence_agreed():
            _, config_path, _ = manager.download_model(XTTS_MODEL_NAME)
    except Exception as error:
        raise UserError(
            "voice.xtts.download_failed",
            error=f"{type(error).__name__}: {error}",
            setting=MODEL_DIR_VARIABLE,
        ) from error
    return Path(config_path).parent


@contextmanager
def _licence_agreed() -> Iterator[None]:
    """COQUI_TOS_AGREED=1 for the download only: the operator accepted the CPML in settings,
    and nothing else in the process should inherit that answer."""
    previous = os.environ.get("COQUI_TOS_AGREED")
    os.environ["COQUI_TOS_AGREED"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["COQUI_TOS_AGREED"]
        else:
            os.environ["COQUI_TOS_AGREED"] = previous


def _model_fingerprint(model_dir: Path) -> str:
    """Changes when the model is replaced, so takes cached from the old one are not reused.
    model.pth is ~1.8 GB: its size and mtime stand in for its content."""
    digest = hashlib.sha256()
    for name in ("config.json", "vocab.json"):
        digest.update((model_dir / name).read_bytes())
    checkpoint = (model_dir / "model.pth").stat()
    digest.update(f"{checkpoint.st_size}:{checkpoint.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _device(setting: str) -> str:
    import torch

    if setting == "cpu":
        return "cpu"
    if setting == "cuda":
        if not torch.cuda.is_available():
            raise UserError("voice.xtts.cuda_unavailable", setting=DEVICE_VARIABLE)
        return "cuda"
    if setting == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    raise ValueError(f"xtts_device must be 'auto', 'cpu' or 'cuda', not {setting!r}")


def _load_model(model_dir: Path, device: str) -> tuple[Any, Any]:
    """The model loaded the way coqui-tts documents for inference, and its config.
    (``Xtts(config)``: coqui-tts 0.28 deprecates ``Xtts.init_from_config``, which does the same.)"""
    from TTS.tts.configs.xtts_config import XttsConfig
    from TTS.tts.models.xtts import Xtts

    config = XttsConfig()
    config.load_json(str(model_dir / "config.json"))
    model = Xtts(config)
    model.load_checkpoint(config, checkpoint_dir=str(model_dir), eval=True)
    return model.to(device), config


def _seed(seed: int) -> None:
    """Seeds every generator XTTS's sampling may draw from (torch also seeds CUDA)."""
    import torch

    torch.manual_seed(seed)
    np.random.seed(seed % 2**32)
    random.seed(seed)
