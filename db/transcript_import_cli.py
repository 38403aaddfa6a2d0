"""``python -m db.cli import-transcripts FILE``: import calls transcribed elsewhere from a
large file, streaming it in place, with progress on standard error and every rejected record
on standard output (Korean / English). Exit status: 0 all imported (or duplicates), 1 some
records rejected, 2 the file or the options could not be used."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from core.access import SYSTEM_ACTOR
from core.domain import ImportStatus
from core.errors import UserError
from core.i18n import say
from core.settings import Settings, get_settings
from core.transcript_import import ImportFormat, Rejection, detect_format, rejection_message
from core.transcript_import.plan import BatchDefaults, ImportPlan
from core.transcript_import.streams import HEAD_BYTES
from core.transcript_import.values import category, direction, started_at
from db.session import create_db_engine, transaction
from db.transcript_import import BatchSummary, create_batch

PROGRESS_EVERY_S = 0.5
"""How often the progress line is rewritten."""


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "import-transcripts", help="import calls transcribed elsewhere (CSV, JSON, JSON Lines)"
    )
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--format",
        default="auto",
        choices=["auto", *(f.value for f in ImportFormat)],
        help="the file's layout (default: told from its name and first lines)",
    )
    parser.add_argument(
        "--agent-names",
        help="speaker names meaning the agent, comma separated "
        "(default: 상담사, 상담원, agent, 직원)",
    )
    parser.add_argument(
        "--customer-names",
        help="speaker names meaning the customer (default: 손님, 고객, customer, 고객님)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OURS=THEIRS",
        help="the file's name for one of our fields, e.g. agent=상담원사번 "
        "(fields: source_id transcript category agent started_at customer_key "
        "direction call_id speaker start end text)",
    )
    parser.add_argument("--agent", help="agent (employee number) of calls that name none")
    parser.add_argument("--category", help="category of calls that name none, e.g. 사고접수")
    parser.add_argument("--direction", default="inbound", help="of calls that name none")
    parser.add_argument(
        "--started-at",
        help="start time of calls that name none, "
        "e.g. '2025-03-01 09:00' (the contact centre's time zone)",
    )
    parser.add_argument("--source-name", help="the system the file came from, shown on calls")
    parser.set_defaults(run=cmd_import_transcripts)  # fmt: skip


def cmd_import_transcripts(args: argparse.Namespace) -> int:
    from workers.transcript_import import run_import

    settings = get_settings()
    path: Path = args.file.resolve()
    if not path.is_file():
        print(f"no such file: {args.file} / 파일이 없습니다: {args.file}", file=sys.stderr)
        return 2
    try:
        plan = _plan(args, path, settings)
    except UserError as error:
        print(f"{say(error, 'ko')} / {say(error, 'en')}", file=sys.stderr)
        return 2
    engine = create_db_engine(settings.sqlalchemy_url)
    with transaction(engine) as session:
        batch_id = create_batch(session=session, actor=SYSTEM_ACTOR, filename=path.name,
                                plan=plan, file_path=path,
                                source_name=args.source_name)  # fmt: skip
    print(f"batch {batch_id}: {path.name} as {plan.format.value}", file=sys.stderr)
    meter = _Meter()
    summary = run_import(engine, settings, batch_id, progress=meter.show,
                         rejected=_print_rejections)  # fmt: skip
    meter.show(summary, final=True)
    print(f"batch {batch_id}: {summary.status.value}, imported {summary.imported}, "
          f"duplicates {summary.duplicates}, rejected {summary.rejected}")  # fmt: skip
    if summary.status is ImportStatus.FAILED:
        print(summary.error_text, file=sys.stderr)
        return 2
    return 1 if summary.rejected else 0


def _plan(args: argparse.Namespace, path: Path, settings: Settings) -> ImportPlan:
    """The plan the options describe; UserError for an option that cannot work."""
    if args.format == "auto":
        with path.open("rb") as head:
            import_format = detect_format(path.name, head.read(HEAD_BYTES))
    else:
        import_format = ImportFormat(args.format)
    mapping = {}
    for pair in args.map:
        ours, sep, theirs = pair.partition("=")
        if not sep or not theirs.strip():
            raise UserError("transcript_import.bad_map_option", value=pair)
        mapping[ours.strip()] = theirs.strip()
    zone = ZoneInfo(settings.timezone)
    defaults = BatchDefaults(
        agent=(args.agent or "").strip() or None,
        category=category(args.category.strip()) if args.category else None,
        direction=direction(args.direction.strip()),
        started_at=started_at(args.started_at.strip(), zone) if args.started_at else None,
    )
    return ImportPlan.build(import_format, agent_names=_names(args.agent_names),
                            customer_names=_names(args.customer_names), mapping=mapping,
                            defaults=defaults, tz=settings.timezone)  # fmt: skip


def _names(option: str | None) -> tuple[str, ...] | None:
    return None if option is None else tuple(option.split(","))


def _print_rejections(rejections: list[Rejection]) -> None:
    for rejection in rejections:
        print(f"  {rejection_message(rejection, 'ko')} / {rejection_message(rejection, 'en')}")


class _Meter:
    """The progress line: how far into the file, what became of the calls, and the rate."""

    def __init__(self) -> None:
        self.began = self.shown = time.monotonic()

    def show(self, summary: BatchSummary, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.shown < PROGRESS_EVERY_S:
            return
        self.shown = now
        handled = summary.imported + summary.duplicates + summary.rejected
        rate = handled / max(now - self.began, 1e-9)
        print(f"\r{summary.fraction:6.1%}  imported {summary.imported:,}  duplicates "
              f"{summary.duplicates:,}  rejected {summary.rejected:,}  {rate:,.0f} calls/s",
              end="\n" if final else "", file=sys.stderr, flush=True)  # fmt: skip
