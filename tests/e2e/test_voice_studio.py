"""A designer in the browser: generate a preview of a library prompt with the offline engine,
find the takes' audio players and their quality gate, and approve one."""

import pytest

from tests.e2e.test_roles_in_browser import MENU_LINK, log_in, wait_until_idle

pytestmark = pytest.mark.browser


def test_a_designer_generates_a_preview_hears_its_takes_and_approves_one(
    app_server, browser, screenshot_dir
):
    context = browser.new_context(viewport={"width": 1500, "height": 1300}, locale="ko-KR")
    page = context.new_page()
    log_in(page, app_server, "designer")
    wait_until_idle(page)  # the login cookie is written by then
    page.locator(f'{MENU_LINK}[href="voice-studio"]').click()
    page.get_by_role("heading", name="음성 미리듣기").wait_for(timeout=30_000)
    wait_until_idle(page)

    # A library prompt, read by espeak-ng (the demo has no XTTS model).
    page.get_by_text("라이브러리 멘트", exact=True).click()
    wait_until_idle(page)
    select = page.locator('[data-testid="stSelectbox"]').filter(has_text="멘트").first
    select.click()
    page.get_by_role("option").filter(has_text="main.menu").first.click()
    wait_until_idle(page)
    page.get_by_role("button", name="테이크 만들기").click()
    players = page.locator('[data-testid="stAudio"]')
    players.nth(5).wait_for(timeout=60_000)  # 3 takes, each as recorded and by telephone
    wait_until_idle(page)
    assert players.count() == 6
    assert page.locator("audio").first.get_attribute("src")
    assert page.get_by_text("품질 점검: 실행 안 됨").count() == 3  # no STT model: not run
    page.screenshot(path=str(screenshot_dir / "voice-1-takes.png"), full_page=True)

    page.get_by_role("button", name="이 테이크 승인").first.click()
    page.get_by_text("테이크를 승인했습니다.").wait_for(timeout=30_000)
    wait_until_idle(page)
    assert page.get_by_text("승인된 테이크").count() == 1
    page.screenshot(path=str(screenshot_dir / "voice-2-approved.png"), full_page=True)

    def choose(label: str, option: str) -> None:
        select = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        select.scroll_into_view_if_needed()
        select.click()
        page.get_by_role("option").filter(has_text=option).first.click()
        wait_until_idle(page)

    # The library shows the prompt's approved audio and where the scenarios use it.
    page.locator(f'{MENU_LINK}[href="prompts"]').click()
    page.get_by_role("heading", name="멘트 라이브러리").wait_for(timeout=30_000)
    wait_until_idle(page)
    choose("멘트 상세", "main.menu")
    page.get_by_text("승인된 음성", exact=True).wait_for(timeout=30_000)
    assert page.get_by_text("대표번호 메인 메뉴 · v1 · n4 메인 메뉴").count() >= 1
    assert page.locator('[data-testid="stAudio"]').count() >= 1
    page.screenshot(path=str(screenshot_dir / "voice-3-library.png"), full_page=True)

    # Takes for every prompt of a scenario version, in one go.
    page.get_by_role("tab", name="시나리오 일괄 생성").click()
    choose("시나리오", "대표번호 메인 메뉴")
    page.get_by_role("button", name="일괄 생성").click()
    page.get_by_text("완료", exact=False).filter(has_text="전체").first.wait_for(timeout=120_000)
    wait_until_idle(page)
    page.screenshot(path=str(screenshot_dir / "voice-4-batch.png"), full_page=True)
    context.close()
