"""Each demo role logs in through the real login form and sees only its pages."""

import pytest

from db.bootstrap import DEMO_PASSWORD

pytestmark = pytest.mark.browser

EXPECTED = {
    "admin": {"홈", "내 계정", "관리자"},
    "supervisor": {"홈", "내 계정"},
    "designer": {"홈", "내 계정"},
    "viewer": {"홈", "내 계정"},
}


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_text("안녕하세요").first.wait_for(timeout=30_000)


def visible_nav_labels(page) -> set[str]:
    labels = page.locator('[data-testid="stSidebarNavLink"] span[label]')
    labels.first.wait_for(timeout=15_000)
    return {labels.nth(i).get_attribute("label") for i in range(labels.count())}


@pytest.mark.parametrize("username", list(EXPECTED))
def test_each_demo_role_sees_its_pages(app_server, browser, screenshot_dir, username):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    log_in(page, app_server, username)
    assert visible_nav_labels(page) == EXPECTED[username]
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshot_dir / f"home-{username}.png"), full_page=True)
    if "관리자" in EXPECTED[username]:
        page.locator('[data-testid="stSidebarNav"] a', has_text="관리자").click()
        page.get_by_role("tab", name="감사 로그").wait_for(timeout=15_000)
        page.wait_for_timeout(800)
        page.screenshot(path=str(screenshot_dir / f"admin-{username}.png"), full_page=True)
    else:
        # Typing the admin URL does not reach it: the page is not in this user's navigation.
        page.goto(f"{app_server}/admin")
        page.get_by_text("안녕하세요").first.wait_for(timeout=30_000)
        assert page.get_by_role("tab", name="감사 로그").count() == 0
        page.screenshot(path=str(screenshot_dir / f"admin-url-{username}.png"), full_page=True)
    context.close()
