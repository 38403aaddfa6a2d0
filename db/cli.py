"""Database commands: ``python -m db.cli migrate|downgrade|create-admin|init|rollups|
import-calls|import-transcripts``."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from core.access import SYSTEM_ACTOR
from core.domain import Role
from core.errors import UserError
from core.i18n import both, say
from core.settings import InsecureSettingsError, get_settings
from db import bootstrap, migrate, rollups, transcript_import_cli, users
from db.default_rules import install_default_rules
from db.session import create_db_engine, transaction


def _engine():  # type: ignore[no-untyped-def]
    return create_db_engine(get_settings().sqlalchemy_url)


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Upgrade the schema and add the default analysis rules that are missing."""
    settings = get_settings()
    engine = _engine()
    migrate.upgrade(engine)
    with transaction(engine) as session:
        installed = install_default_rules(session=session, company_name=settings.company_names[0])
    print(f"schema at {migrate.head_revision()}; default rules added: {installed}")
    return 0


def cmd_downgrade(args: argparse.Namespace) -> int:
    migrate.downgrade(_engine(), args.revision)
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    """The production way to get the first admin: no default password exists."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("repeat: ") != password:
            print(both("error.passwords_differ"), file=sys.stderr)
            return 2
    engine = _engine()
    migrate.upgrade(engine)
    try:
        with transaction(engine) as session:
            users.create_user(
                session=session,
                actor=SYSTEM_ACTOR,
                username=args.username,
                name=args.name,
                email=args.email,
                password=password,
                roles=[Role.ADMIN.value],
            )
    except UserError as error:
        print(f"{say(error, 'ko')} / {say(error, 'en')}", file=sys.stderr)
        return 2
    print(both("admin.created", username=args.username.strip().lower()))
    return 0


def cmd_init(_args: argparse.Namespace) -> int:
    settings = get_settings()

    def show(stage: str, fraction: float) -> None:
        print(f"\r{both(stage)} {fraction:5.0%}", end="", flush=True)

    prepared = bootstrap.prepare_database(_engine(), settings, progress=show)
    print(f"\ndemo users created: {prepared.demo_users_created}, "
          f"demo calls created: {prepared.demo_calls_created}")  # fmt: skip
    return 0


def cmd_rollups(args: argparse.Namespace) -> int:
    settings = get_settings()
    with transaction(_engine()) as session:
        span = rollups.call_day_range(session=session, tz=settings.timezone)
        if span is None:
            print("no calls")
            return 0
        day_from = date.fromisoformat(args.day_from) if args.day_from else span[0]
        day_to = date.fromisoformat(args.day_to) if args.day_to else span[1]
        rows = rollups.rebuild_rollups(
            session=session, day_from=day_from, day_to=day_to, tz=settings.timezone
        )
    print(f"{rows} daily rollup rows for {day_from}..{day_to}")
    return 0


def cmd_import_calls(args: argparse.Namespace) -> int:
    """Bulk import: a folder of recordings and a CSV manifest (see core/manifest.py)."""
    from core.access import SYSTEM_ACTOR
    from core.i18n import t
    from db.bulk_import import import_folder
    from workers.intake import queue_transcription

    settings = get_settings()
    engine = _engine()
    folder = Path(args.folder)
    manifest = Path(args.manifest) if args.manifest else folder / "manifest.csv"
    if not folder.is_dir() or not manifest.is_file():
        print(f"no such folder or manifest: {folder} / {manifest}", file=sys.stderr)
        return 2

    def show(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="", flush=True)

    try:
        summary = import_folder(engine=engine, settings=settings, actor=SYSTEM_ACTOR,
                                folder=folder, manifest=manifest.read_bytes(),
                                manifest_name=manifest.name, progress=show)  # fmt: skip
    except UserError as error:
        print(f"{say(error, 'ko')} / {say(error, 'en')}", file=sys.stderr)
        return 2
    queued = sum(queue_transcription(engine, settings, call_id) for call_id in summary.imported)
    print(f"\nbatch {summary.batch_id}: imported {len(summary.imported)} (queued {queued}), "
          f"duplicates {summary.duplicates}, rejected {len(summary.rejected)}")  # fmt: skip
    for rejection in summary.rejected:
        print(f"  line {rejection.line}: {t(rejection.key, 'ko', **rejection.params)} / "
              f"{t(rejection.key, 'en', **rejection.params)}")  # fmt: skip
    return 1 if summary.rejected else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m db.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the schema to head").set_defaults(run=cmd_migrate)
    down = commands.add_parser("downgrade", help="downgrade the schema")
    down.add_argument("revision", help="target revision, e.g. base or -1")
    down.set_defaults(run=cmd_downgrade)
    admin = commands.add_parser("create-admin", help="create an admin user (first install)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", required=True)
    admin.add_argument("--email", default="")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    admin.set_defaults(run=cmd_create_admin)
    commands.add_parser(
        "init", help="migrate; in demo mode also create demo users and data"
    ).set_defaults(run=cmd_init)
    bulk = commands.add_parser("import-calls", help="import a folder of recordings + manifest")
    bulk.add_argument("folder")
    bulk.add_argument("--manifest", help="CSV manifest (default: FOLDER/manifest.csv)")
    bulk.set_defaults(run=cmd_import_calls)
    transcript_import_cli.add_parser(commands)
    roll = commands.add_parser("rollups", help="rebuild the daily rollups")
    roll.add_argument("--from", dest="day_from")
    roll.add_argument("--to", dest="day_to")
    roll.set_defaults(run=cmd_rollups)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InsecureSettingsError as error:
        print(both("settings.error", error=error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
