"""Message catalogs by area of the app, merged into core.i18n.CATALOG.

Each module here holds ``MESSAGES: dict[str, tuple[str, str]]`` (key: (한국어, English)); a key
defined twice anywhere is an import-time error, so two areas never silently shadow each other.
"""

from __future__ import annotations

import importlib
import pkgutil

Catalog = dict[str, tuple[str, str]]


def merged(base: Catalog) -> Catalog:
    catalog = dict(base)
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, value in module.MESSAGES.items():
            if key in catalog:
                raise KeyError(f"message key defined twice: {key} ({module_info.name})")
            catalog[key] = value
    return catalog
