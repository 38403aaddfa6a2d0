"""Files the app serves from its data folder (approved takes, samples, consent documents)."""

from __future__ import annotations

from pathlib import Path


def data_file(stored_path: str | None, data_dir: Path) -> Path | None:
    """The stored file, only when it exists and lies under the app's data folder."""
    if not stored_path:
        return None
    path = Path(stored_path)
    path = (path if path.is_absolute() else data_dir / path).resolve()
    return path if path.is_relative_to(data_dir.resolve()) and path.is_file() else None
