"""Content-addressed file storage: a file's path is its sha256, so nothing is overwritten and
the same recording stored twice is one file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from core.errors import UserError

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".flac", ".ogg")
"""Recording formats accepted for upload and import."""

CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class StoredFile:
    path: Path
    sha256: str
    size: int
    created: bool  # False: identical content was already stored


def audio_suffix(filename: str) -> str:
    """The lower-case extension of an uploaded file name, if it is an accepted audio format.

    Only the extension of the last path component is used: whatever the name says
    (``../../etc/passwd.wav``), the stored path is built from the content hash."""
    name = PurePath(filename.replace("\\", "/")).name
    suffix = PurePath(name).suffix.lower()
    if not name or suffix not in AUDIO_SUFFIXES:
        raise UserError("upload.unsupported_extension", name=name or filename,
                        allowed=", ".join(AUDIO_SUFFIXES))  # fmt: skip
    return suffix


def store_by_content(chunks: Iterable[bytes], *, root: Path, suffix: str) -> StoredFile:
    """Write ``chunks`` under ``root/ab/cd/<sha256><suffix>`` unless that content is there.

    The bytes go to a temporary file first and are linked into place atomically, so a
    concurrent store of the same content and a crash halfway both leave a whole file."""
    staging = root / "tmp"
    staging.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(dir=staging, delete=False) as handle:
        temp_path = Path(handle.name)
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    sha = digest.hexdigest()
    final = root / sha[:2] / sha[2:4] / f"{sha}{suffix}"
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(temp_path, final)  # fails if it exists: never overwrite
        created = True
    except FileExistsError:
        created = False
    finally:
        temp_path.unlink(missing_ok=True)
    return StoredFile(path=final, sha256=sha, size=size, created=created)


def read_chunks(path: Path) -> Iterable[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk
