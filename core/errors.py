"""Errors a user can cause: they carry a catalog key so the UI can say them in ko or en."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input or a refused action, shown to the user; nothing was changed."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params
