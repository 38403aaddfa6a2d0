"""A QA supervisor's day in the browser: filter the dashboard, open the filtered calls, open a
call, read its transcript and scorecard, save a review, and download the list as CSV."""

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.test_roles_in_browser import MENU_LINK, log_in, open_logged_in, wait_until_idle

pytestmark = pytest.mark.browser


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_a_supervisor_filters_opens_a_call_reviews_it_and_downloads_the_list(
    app_server, browser, screenshot_dir
):
    context = browser.new_context(
        viewport={"width": 1440, "height": 1100}, locale="ko-KR", accept_downloads=True
    )
    page = context.new_page()
    log_in(page, app_server, "supervisor")

    # The dashboard, narrowed to claims; the filter goes into the address.
    page.locator(f'{MENU_LINK}[href="dashboard"]').click()
    page.get_by_text("핵심 지표").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    page.locator('[data-testid="stMultiSelect"]').filter(has_text="상담 유형").click()
    page.get_by_role("option", name="보험금청구").click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.location.search.includes('category=')", timeout=30_000)
    wait_until_idle(page)
    assert query(page)["category"] == ["보험금청구"]
    page.screenshot(path=str(screenshot_dir / "flow-1-dashboard.png"), full_page=True)

    # Through to the call list of that view.
    page.get_by_role("button", name="이 조건의 통화 목록").click()
    page.wait_for_url("**/calls?**", timeout=30_000)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    wait_until_idle(page)
    assert query(page)["category"] == ["보험금청구"]
    list_url = page.url
    page.screenshot(path=str(screenshot_dir / "flow-2-calls.png"), full_page=True)

    # Download the filtered list as CSV: every row is a claim.
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("button", name="CSV 내려받기").click()
    content = download_info.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads the Korean right
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows and {row["상담 유형"] for row in rows} == {"보험금청구"}

    # A row opens the call (the first column of the grid is the row selector).
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.wait_for_url("**/call?id=*", timeout=30_000)
    call_id = query(page)["id"][0]
    page.get_by_role("heading", name=f"통화 #{call_id}").wait_for(timeout=30_000)
    wait_until_idle(page)
    # Its transcript, as speaker turns.
    assert page.get_by_text("상담사 ·").count() > 0 and page.get_by_text("고객 ·").count() > 0
    page.screenshot(path=str(screenshot_dir / "flow-3-call.png"), full_page=True)

    # Its automatic scorecard.
    page.get_by_role("tab", name="평가·예측").click()
    page.get_by_text("자동 평가").first.wait_for(timeout=15_000)
    page.get_by_text("총점 (0-100)").first.wait_for(timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "flow-4-scorecard.png"), full_page=True)

    # A review: every item scored, an outcome, a comment.
    page.get_by_role("tab", name="검토·보정").click()
    form = page.locator('[data-testid="stForm"]').first
    form.wait_for(timeout=15_000)
    selects = form.locator('[data-testid="stSelectbox"]')

    def choose(select, option: str) -> None:
        select.scroll_into_view_if_needed()
        select.click()
        page.get_by_role("option", name=option, exact=True).click()

    for index in range(selects.count() - 1):
        choose(selects.nth(index), "4")
    choose(selects.nth(selects.count() - 1), "만족")
    form.get_by_label("의견").fill("첫 인사와 본인 확인이 명확했습니다.")
    form.get_by_role("button", name="검토 저장").click()
    page.get_by_text("검토를 저장했습니다.").wait_for(timeout=30_000)
    wait_until_idle(page)
    page.get_by_role("tab", name="검토·보정").click()
    assert page.get_by_text("첫 인사와 본인 확인이 명확했습니다.").count() > 0
    page.screenshot(path=str(screenshot_dir / "flow-5-review.png"), full_page=True)

    # Back to the list: the filter is still the one chosen on the dashboard.
    open_logged_in(page, list_url)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    assert query(page)["category"] == ["보험금청구"]
    context.close()
