"""A scenario designer in the browser: build a small menu flow in the editor, publish it,
simulate pressing 1, and deploy it to dev."""

import pytest

from tests.e2e.test_roles_in_browser import MENU_LINK, log_in, wait_until_idle

pytestmark = pytest.mark.browser

NAME = "자동차 사고 안내 테스트"


def test_a_designer_builds_publishes_simulates_and_deploys_a_menu_flow(
    app_server, browser, screenshot_dir
):
    context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="ko-KR")
    page = context.new_page()
    log_in(page, app_server, "designer")
    page.locator(f'{MENU_LINK}[href="scenarios"]').click()
    page.get_by_role("heading", name="ARS 시나리오").wait_for(timeout=30_000)
    wait_until_idle(page)
    page.screenshot(path=str(screenshot_dir / "designer-1-scenarios.png"), full_page=True)

    def choose(label: str, option: str, scope=page) -> None:
        select = scope.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        select.scroll_into_view_if_needed()
        select.click()
        page.get_by_role("option", name=option, exact=True).click()
        wait_until_idle(page)

    def click(name: str) -> None:
        page.get_by_role("button", name=name, exact=True).first.click()
        wait_until_idle(page)

    # A new scenario starts as start -> end and opens in the editor.
    page.get_by_role("textbox", name="이름", exact=True).fill(NAME)
    click("만들기")
    page.get_by_role("heading", name=NAME).wait_for(timeout=30_000)
    wait_until_idle(page)

    # A menu that says its options, and a transfer for key 1.
    click("메뉴")
    page.get_by_role("textbox", name="멘트 문구").fill("상담원 연결은 1번을 눌러 주세요.")
    click("적용")
    click("상담원 연결")
    choose("선택한 노드", "n3 · 메뉴")
    exits = page.locator('[data-testid="stForm"]').filter(has_text="연결 추가")
    for exit_name, target in (("1", "n4 · 상담원 연결"), ("시간 초과", "n2 · 종료"),
                              ("잘못된 입력", "n2 · 종료")):  # fmt: skip
        choose("출구(키)", exit_name, exits)
        choose("연결 노드", target, exits)
        exits.get_by_role("button", name="연결 추가").click()
        wait_until_idle(page)
    # The start now leads to the menu.
    choose("선택한 노드", "n1 · 시작")
    choose("다음", "n3 · 메뉴")
    click("적용")
    page.get_by_text("검증 통과").first.wait_for(timeout=15_000)
    click("저장")
    page.get_by_text("초안을 r2(으)로 저장했습니다.").wait_for(timeout=15_000)
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_timeout(1_500)  # the chart draws inside its frame
    page.screenshot(path=str(screenshot_dir / "designer-2-editor.png"), full_page=True)

    # Publish it as version 1.
    page.get_by_role("link", name="버전·배포").click()
    page.get_by_text("초안 게시").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    page.get_by_role("textbox", name="변경 설명").fill("첫 메뉴: 상담원 연결")
    click("초안 r2 게시")
    page.get_by_text("버전 v1을(를) 게시했습니다.").wait_for(timeout=15_000)

    # Simulate the call: press 1, reach an agent.
    page.get_by_role("link", name="시뮬레이션").click()
    page.get_by_role("tab", name="대화형 시뮬레이션").wait_for(timeout=30_000)
    wait_until_idle(page)
    choose("시험할 플로우", "버전 v1")
    click("전화 걸기")
    page.get_by_text("메뉴 선택을 기다립니다").wait_for(timeout=15_000)
    click("1")
    page.get_by_text("통화 종료: 상담원 연결").wait_for(timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "designer-3-simulation.png"), full_page=True)
    page.get_by_role("tab", name="자동 경로 탐색").click()
    page.get_by_text("분기 커버리지").wait_for(timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "designer-4-paths.png"), full_page=True)

    # Deploy version 1 to dev.
    page.get_by_role("link", name="버전·배포").click()
    page.get_by_role("heading", name="배포", exact=True).wait_for(timeout=30_000)
    wait_until_idle(page)
    deploy_form = page.locator('[data-testid="stForm"]').filter(has_text="메모")
    choose("환경", "개발", deploy_form)
    deploy_form.get_by_role("button", name="배포").click()
    page.get_by_text("v1을(를) 개발에 배포했습니다.").wait_for(timeout=15_000)
    wait_until_idle(page)
    history = page.locator('[data-testid="stDataFrame"]').last
    history.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "designer-5-deployed.png"), full_page=True)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="개발")
    assert "v1" in metric.inner_text()
    context.close()
