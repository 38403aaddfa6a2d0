import json
import re

from core.report import Chart, Report, Section, Series, Table, cell, figure, file_name, render_html

HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'


def report(*sections: Section, title: str = "상담사 리포트: 김민준 (A001)") -> Report:
    return Report(title=title, facts=(("기간", "2026-11-01 ~ 2026-11-22"),), sections=sections)


def trend(name: str = "평균 점수") -> Chart:
    return Chart(kind="line", x=("2026-11-20", "2026-11-21"), series=(Series(name, (80.0, None)),))


def test_every_text_people_wrote_is_escaped_in_the_markup_and_the_charts():
    page = render_html(
        Report(
            title=f"상담사 리포트: {HOSTILE}",
            facts=((HOSTILE, HOSTILE),),
            sections=(
                Section(HOSTILE, paragraphs=(f"코칭: {HOSTILE}",)),
                Section("의견", table=Table(("검토자", "의견"), ((HOSTILE, HOSTILE),))),
                Section(
                    "차트",
                    chart=Chart(
                        kind="bar", x=(HOSTILE,), title=HOSTILE, series=(Series(HOSTILE, (1.0,)),)
                    ),
                ),
            ),
        )
    )
    assert "alert(" in page  # the text is there ...
    assert "<script>alert" not in page and "<img" not in page  # ... but never as markup
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)" in page
    # In the chart data the labels are escaped too (plotly reads a few tags in labels).
    assert '"x":["&lt;\\u002fscript&gt;&lt;script&gt;alert(' in page


def test_a_report_is_a_korean_utf8_document_that_needs_no_network():
    page = render_html(report(Section("일별 추이", chart=trend()), Section("항목", chart=trend())))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="ko">' in page and '<meta charset="utf-8">' in page
    assert "<title>상담사 리포트: 김민준 (A001)</title>" in page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", page)
    assert "@media print" in page


def test_plotly_js_is_inlined_once_and_every_chart_is_drawn():
    page = render_html(
        report(
            Section("일별 추이", chart=trend()),
            Section("표만", table=Table(("a",), ((1,),))),
            Section("항목", chart=trend("센터 평균")),
        )
    )
    assert page.count("* plotly.js v") == 1  # the library's banner
    assert page.count("Plotly.newPlot(") == 2
    # plotly writes its data as ASCII JSON.
    assert json.dumps("센터 평균") in page and json.dumps("평균 점수") in page
    assert '<p class="empty">' not in page


def test_tables_show_numbers_with_one_decimal_and_missing_values_as_a_dash():
    page = render_html(report(Section("지표", table=Table(("이름", "점수", "통화"),
                                                          (("김민준", 87.26, 12),
                                                           ("이서연", None, 0)))),
                              Section("빈 섹션", empty="검토할 통화가 없습니다.")))  # fmt: skip
    assert '<td class="num">87.3</td>' in page
    assert '<td class="num">12</td>' in page
    assert "<td>-</td>" in page
    assert '<p class="empty">검토할 통화가 없습니다.</p>' in page
    assert [cell(None), cell(3.14159), cell(7), cell("가")] == ["-", "3.1", "7", "가"]


def test_figures_for_the_pages_keep_their_labels_and_those_for_reports_escape_them():
    chart = Chart(kind="bar", x=("<b>첫인사</b>",), series=(Series("상담사", (4.5,)),),
                  y_range=(0, 5))  # fmt: skip
    assert list(figure(chart).data[0].x) == ["<b>첫인사</b>"]
    assert list(figure(chart, escape=True).data[0].x) == ["&lt;b&gt;첫인사&lt;/b&gt;"]
    assert tuple(figure(chart).layout.yaxis.range) == (0, 5)


def test_download_names_keep_only_safe_characters():
    assert (
        file_name("agent-report", "HB180001", "2026-11-01")
        == "agent-report-HB180001-2026-11-01.html"
    )
    assert file_name("team", "../../etc/passwd", "") == "team-etcpasswd.html"


def test_report_charts_keep_their_colours_where_streamlit_changed_plotlys_default(monkeypatch):
    import plotly.io as pio
    import streamlit.elements.plotly_chart  # noqa: F401  (registers the "streamlit" template)

    # Streamlit makes its own template plotly's default; outside Streamlit it has no colours.
    monkeypatch.setattr(pio.templates, "default", "streamlit")
    page = render_html(report(Section("일별 추이", chart=trend())))
    assert '"colorway":["#636efa"' in page  # plotly_white's colours
