"""RQ job functions (importable by dotted path, taking ids) and the worker entry point."""
