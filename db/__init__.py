"""Persistence: SQLAlchemy models, sessions, query functions, migrations, demo data."""
