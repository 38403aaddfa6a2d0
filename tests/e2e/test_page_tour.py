"""Every page, opened in Chromium by each role that uses it, draws without an error.

Screenshots of each go to FEPLE_TEST_SCREENSHOTS when it is set (to look at them).
"""

import pytest

from tests.e2e.test_roles_in_browser import (
    MENU_LINK,
    log_in,
    open_logged_in,
    wait_until_idle,
)

pytestmark = pytest.mark.browser

TOUR = {
    "supervisor": ["dashboard", "calls", "call?id=1", "politeness", "agents", "agent?id=1",
                   "upload", "transcript-import", "jobs", "voice-studio", "prompts",
                   "voice-actors"],
    "viewer": ["dashboard", "calls", "call?id=1", "politeness", "agents", "agent?id=1",
               "scenarios", "scenario-editor?id=1"],
    "designer": ["scenarios", "scenario-editor?id=1", "scenario-test?id=2",
                 "scenario-versions?id=1", "voice-studio", "prompts", "voice-actors"],
    "admin": ["dashboard", "agents", "transcript-import", "jobs", "scenario-versions?id=3"],
}  # fmt: skip


@pytest.mark.parametrize("username", list(TOUR))
def test_each_page_draws_without_an_error_for_the_roles_that_use_it(
    app_server, browser, screenshot_dir, username
):
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="ko-KR")
    page = context.new_page()
    log_in(page, app_server, username)
    page.locator(MENU_LINK).first.wait_for(timeout=30_000)
    wait_until_idle(page)  # the login cookie is written by then
    for path in TOUR[username]:
        open_logged_in(page, f"{app_server}/{path}")
        name = path.replace("?id=", "-")
        page.screenshot(path=str(screenshot_dir / f"tour-{username}-{name}.png"), full_page=True)
        errors = page.locator('[data-testid="stException"]')
        assert errors.count() == 0, f"{path}: {errors.first.inner_text()}"
        # The page itself, not Home (where a page the user may not open falls back to).
        assert "안녕하세요" not in page.locator("h1").first.inner_text(), path
    context.close()
