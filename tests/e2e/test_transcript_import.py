"""A supervisor imports a file of transcripts in the browser and opens one of its calls."""

import json
import re

import pytest

from tests.e2e.test_roles_in_browser import MENU_LINK, log_in, wait_until_idle

pytestmark = pytest.mark.browser

RECORDS = [
    {"source_id": "NICE-20261120-0001", "category": "사고접수", "started_at": "2026-11-20 10:02",
     "customer_key": "010-3333-4444",
     "transcript": "[00:00:01] 상담사: 네 고객님 안녕하십니까 한빛손해보험 상담사 ▲▲▲입니다\n"
                   "[00:00:06] 손님: 네 사고 접수하려고요 제 번호는 010-3333-4444예요\n"
                   "[00:00:12] 상담사: 많이 놀라셨겠습니다 다치신 분은 없으신가요"},
    {"source_id": "NICE-20261120-0002", "category": "보험금청구",
     "transcript": "상담사: 무엇을 도와드릴까요\n손님: 보험금 청구요 [이름] 명의로요"},
    {"source_id": "NICE-20261120-0003", "transcript": "상담사: 네\n보호자: 제가 대신 말할게요"},
]  # fmt: skip


def test_a_supervisor_imports_transcripts_and_opens_an_imported_call(
    app_server, browser, screenshot_dir, tmp_path
):
    export = tmp_path / "nice-export.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS),
                      encoding="utf-8")  # fmt: skip
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="ko-KR")
    page = context.new_page()
    log_in(page, app_server, "supervisor")
    page.locator(f'{MENU_LINK}[href="transcript-import"]').click()
    page.get_by_role("heading", name="대화록 가져오기").first.wait_for(timeout=30_000)
    wait_until_idle(page)

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(export))
    page.get_by_text("형식으로 보입니다").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    # The file names no agent for its calls: the batch's default agent stands in.
    page.locator('[data-testid="stSelectbox"]').filter(has_text="기본 상담사").click()
    page.get_by_role("option").nth(1).click()
    page.get_by_label("출처 이름 (예: 녹취 서버 2024)").fill("NICE 녹취 서버")
    page.get_by_role("spinbutton", name="year, 기본 통화 날짜").click()
    page.keyboard.type("20261119")
    page.screenshot(path=str(screenshot_dir / "import-1-form.png"), full_page=True)
    page.get_by_role("button", name="가져오기 시작").click()
    done = page.get_by_text(re.compile(r"가져오기 \d+번: 가져옴 2건, 중복 0건, 거부 1건"))
    done.wait_for(timeout=120_000)
    wait_until_idle(page)
    # Grid cells are drawn on a canvas; their text is in the page for screen readers.
    page.get_by_text("화자 '보호자'를 상담사/고객으로 알 수 없습니다").first.wait_for(
        state="attached"
    )
    page.screenshot(path=str(screenshot_dir / "import-2-result.png"), full_page=True)

    # The imported calls' grid is the last one; its first row opens the call.
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "import-3-calls.png"))
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.wait_for_url("**/call?id=*", timeout=30_000)
    page.get_by_text("녹음 없이 가져온 대화록입니다").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    shown = page.locator('[data-testid="stMain"]').inner_text()
    assert "NICE 녹취 서버" in shown and "NICE-20261120-0001" in shown
    assert "010-3333-4444" not in shown  # redacted before it was stored
    assert page.locator("audio").count() == 0
    page.screenshot(path=str(screenshot_dir / "import-4-call.png"), full_page=True)
    page.get_by_role("tab", name="타임라인").click()
    page.get_by_text("측정 불가").first.wait_for(timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "import-5-timeline.png"), full_page=True)
    context.close()
