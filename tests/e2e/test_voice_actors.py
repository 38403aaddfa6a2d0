"""A designer in the browser records a voice actor's consent with the signed document, then
uploads reference samples: a short one is refused with the reason, a good one is accepted."""

import pytest

from tests.db.voice_recordings import READING, SHORT, recording
from tests.e2e.test_roles_in_browser import MENU_LINK, log_in, wait_until_idle
from tests.voice_rows import CONSENT_PDF

pytestmark = pytest.mark.browser
NAME = "윤서아"


def test_a_designer_adds_a_voice_actor_with_consent_and_reference_samples(
    app_server, browser, screenshot_dir, tmp_path
):
    context = browser.new_context(viewport={"width": 1500, "height": 1300}, locale="ko-KR")
    page = context.new_page()
    log_in(page, app_server, "designer")
    wait_until_idle(page)
    page.locator(f'{MENU_LINK}[href="voice-actors"]').click()
    page.get_by_role("heading", name="성우·동의서").wait_for(timeout=30_000)
    wait_until_idle(page)

    form = page.locator('[data-testid="stForm"]')
    form.get_by_role("textbox", name="성우 이름").fill(NAME)
    form.get_by_role("textbox", name="동의한 사람").fill(NAME)
    form.get_by_role("textbox", name="사용 범위").fill("한빛손해보험 ARS 안내 멘트 음성 합성")
    consent = tmp_path / "동의서.pdf"
    consent.write_bytes(CONSENT_PDF)
    form.locator('input[type="file"]').set_input_files(str(consent))
    wait_until_idle(page)
    form.get_by_role("button", name="동의서와 함께 등록").click()
    page.get_by_text(f"{NAME} 성우를 등록했습니다.").wait_for(timeout=30_000)
    wait_until_idle(page)

    # The new actor is open: upload a sample too short, then a good one.
    page.get_by_role("heading", name=NAME).wait_for(timeout=30_000)
    for name, lines in (("short.wav", SHORT), ("reading.wav", READING)):
        sample = tmp_path / name
        sample.write_bytes(recording(*lines))
        page.locator('[data-testid="stFileUploader"]').filter(has_text="참조 음성").locator(
            'input[type="file"]'
        ).set_input_files(str(sample))
        page.get_by_role("button", name="점검하고 저장").wait_for(timeout=30_000)
        wait_until_idle(page)
        page.get_by_role("button", name="점검하고 저장").click()
        page.get_by_text("참조 음성을 점검했습니다.").wait_for(timeout=30_000)
        wait_until_idle(page)
    assert page.get_by_text("녹음이 너무 짧습니다", exact=False).count() == 1
    assert page.locator('[data-testid="stAudio"]').count() == 1  # the accepted one
    page.screenshot(path=str(screenshot_dir / "voice-5-actor.png"), full_page=True)
    assert page.get_by_text("reading.wav · 승인").count() == 1
    assert page.get_by_text("short.wav · 거부").count() == 1
    page.screenshot(path=str(screenshot_dir / "voice-5-actor.png"), full_page=True)
    context.close()
