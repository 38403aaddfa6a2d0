import subprocess
import sys

import numpy as np
from sqlalchemy import select

from core.settings import PROJECT_ROOT
from db.models import Call, ImportBatch
from db.session import transaction
from tests import factories, services
from tests.fixtures.speech import write_wav

MANIFEST = (
    "file,agent,category,direction,customer_key,started_at,source_id\n"
    "a.wav,A001,사고접수,inbound,010-1111-2222,2026-11-20T10:30:00,REC-1\n"
    "b.wav,A001,보험금청구,outbound,010-3333-4444,2026-11-20T11:00:00,REC-2\n"
    "empty.wav,A001,사고접수,inbound,010-5555-6666,2026-11-20T12:00:00,REC-3\n"
    "c.wav,Z999,사고접수,inbound,010-5555-6666,2026-11-20T12:00:00,REC-4\n"
    "../x.wav,A001,사고접수,inbound,010,2026-11-20T12:00:00,REC-5\n"
)


def make_folder(tmp_path):
    folder = tmp_path / "recordings"
    folder.mkdir()
    for name, hz in (("a.wav", 300), ("b.wav", 500), ("c.wav", 700)):
        tone = 0.1 * np.sin(np.linspace(0, hz * 2 * np.pi * 2, 16000)).astype(np.float32)
        write_wav(folder / name, [tone, tone], 8000)
    (folder / "empty.wav").write_bytes(b"")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return folder


def run_import(pg_database_url, folder, data_dir):
    env = services.production_env(pg_database_url) | {
        "FEPLE_DATA_DIR": str(data_dir), "FEPLE_STT_MODEL": "/nonexistent-model"}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "db.cli", "import-calls", str(folder)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip


def test_good_rows_import_bad_rows_are_listed_and_a_rerun_imports_nothing_twice(
    pg_engine, pg_database_url, tmp_path
):
    with transaction(pg_engine) as session:
        factories.agent(session, factories.team(session), employee_no="A001")
    folder = make_folder(tmp_path)
    first = run_import(pg_database_url, folder, tmp_path / "data")
    assert first.returncode == 1, first.stderr  # some rows were rejected
    assert "imported 2" in first.stdout and "rejected 3" in first.stdout
    assert "line 4:" in first.stdout and "is empty" in first.stdout
    assert "line 5:" in first.stdout and "Unknown agent: Z999" in first.stdout
    assert "line 6:" in first.stdout and "폴더 안의 파일 이름만" in first.stdout
    second = run_import(pg_database_url, folder, tmp_path / "data")
    assert "imported 0" in second.stdout and "duplicates 2" in second.stdout
    with transaction(pg_engine) as session:
        calls = session.scalars(select(Call).order_by(Call.source_ref)).all()
        assert [c.source_ref for c in calls] == ["REC-1", "REC-2"]
        # No Redis configured: queued inline, and the missing model fails them clearly.
        assert all("FEPLE_STT_MODEL" in (c.error_text or "") for c in calls)
        batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
        assert [(b.imported, b.duplicates, b.rejected) for b in batches] == [(2, 0, 3), (0, 2, 3)]
        assert batches[0].rejections[0]["line"] == 4 and batches[0].rejections[0]["ko"]
