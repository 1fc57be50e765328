"""A deep link with values the view does not know says so, in a real browser (walk 8, defect 3).

One fresh server for the module: the first request it sees is the link with unknown values, with no
warm-up visit before it, as when a reader opens a link from an e-mail. The notice stands above the page,
in the reader's language, names the parameter, shows a stranger's value as typed (markup and Markdown
inert) and goes with the reader's next click.

A link whose value is valid but not offered by the page under the link's own filters (a programme outside those
chosen, the programme beside itself, a theme outside the theme filter, a task the search leaves out) says so once,
right above the widget it belongs to, naming the value as the widget does
(test_a_link_to_a_choice_the_page_does_not_offer_says_so_beside_its_widget); the programme page's two pickers stay level
whatever is said above them, and two programmes not chosen are named in one warning above both
(test_the_two_programme_pickers_stay_level_whatever_is_said_above_them).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from analytics import paths
from serving import CHROMIUM, PAGE_DRAWN, shown
from ui.report.i18n import t

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/setup.sh installs it)")
SHOTS = paths.ROOT / "test-artifacts" / "screenshots"
NOTICE = "[data-testid=stMain] [data-testid=stAlertContentWarning]"
HOSTILE = "<img src=x onerror=alert(1)>"


def open_drawn(context, path: str):
    """A new tab on `path`, once its page is drawn; the JavaScript dialogs it tried to open are in page.dialogs."""
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path)
    page.wait_for_function(PAGE_DRAWN)
    return page


@pytest.mark.parametrize("lang, query, title, expected", [
    ("en", f"theme=nonexistent&scope={quote(HOSTILE)}", "Themes",
     ["The address parameter theme has a value that was not recognised, “nonexistent”: the default is shown.",
      f"The address parameter scope has a value that was not recognised, “{HOSTILE}”: the default is shown."]),
    ("zh", "theme=red_culture,**x**", "主题比较",
     ["网址参数 theme 中的“**x**”无法识别，已略去，其余照常显示。"]),
    # a parameter name no parameter has, and a value holding a character that shows as nothing (an attack: both unsaid,
    # and "sc-yq" with a right-to-left override said as "sc-yq", a valid id)
    ("en", "thme=education&prog=sc-yq%E2%80%AE", "Themes",
     ["The address's parameter “thme” is not one of this site's, so it was left out; did you mean theme?",
      "The address parameter prog has a value that was not recognised, “sc-yq⟨U+202E⟩”: the default is shown."]),
    ("zh", "Lang=en&prog=sc-yq%E3%85%A4", "主题比较",  # a Hangul filler (U+3164), which draws nothing
     ["网址中的参数名“Lang”不是本站的参数，已略去；是否应为 lang？",
      "网址参数 prog 的值“sc-yq⟨U+3164⟩”无法识别，显示的是默认值。"]),
])
def test_a_deep_link_with_unknown_values_shows_one_notice_until_the_next_click(context, server, lang, query, title, expected):
    page = open_drawn(context, f"{server}/themes?lang={lang}&{query}")
    notice = page.locator(NOTICE)
    assert notice.count() == 1
    text = notice.locator("[data-testid=stMarkdownContainer]").inner_text()  # the words, not the icon
    assert [line.strip() for line in text.splitlines() if line.strip()] == expected  # as typed
    assert notice.locator("img, strong, a").count() == 0 and page.dialogs == []  # markup and Markdown inert
    assert page.locator("h1").first.inner_text() == title
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"url-notice-{lang}.png"))
    page.locator("[data-testid=stSidebar]").get_by_text(t("measure_count", lang), exact=True).click()
    page.wait_for_function("location.search.includes('measure=count')", timeout=60_000)
    page.wait_for_function(PAGE_DRAWN)
    assert page.locator(NOTICE).count() == 0


# A VALID ID THE PAGE DOES NOT OFFER (a reviewer): a link from an e-mail names a programme, theme or task that is real
# but not among what the page offers under the link's own filters. The page shows the widget's first option and says
# so once, right above that widget, in the reader's language, naming the value as the widget names it (wording not that
# of an unknown value: tests/test_pages.py test_a_valid_id_the_page_does_not_offer_is_named_above_its_widget_once).
# Names: data/programmes (short_zh, short_en), data/registry/themes.yaml; 上海—三明's first item is 1 (data/programmes/sh-sm.yaml).
NOT_CHOSEN = {"zh": "链接中的“{}”不在侧栏所选的方案中，这里未显示；在侧栏加选它，再在此处的选择框中选它即可查看。",
              "en": "The link's “{}” is not among the programmes chosen in the sidebar, so it is not shown here; add it there, then choose it here."}
SH_SM = {"zh": "上海—三明实施方案", "en": "Shanghai–Sanming plan"}
FEI = {"zh": "市中区—费县实施方案", "en": "Shizhong–Fei County plan"}
GAOTANG = {"zh": "市中区—高唐县产业帮扶方案", "en": "Shizhong–Gaotang industrial assistance plan"}
NOT_OFFERED = [  # (address, widget key, what the warning says, what the widget shows) per language
    ("programme?prog=szq-fx,szq-gt&p1=sh-sm", "p1", {lang: NOT_CHOSEN[lang].format(SH_SM[lang]) for lang in NOT_CHOSEN}, FEI),
    ("programme?p1=szq-gt&p2=szq-gt", "p2",
     {"zh": f"链接中的“{GAOTANG['zh']}”已是第一个显示的方案，不与自身并列显示。",
      "en": f"The link's “{GAOTANG['en']}” is already the first programme shown, so it is not shown beside itself."}, {"zh": "—", "en": "—"}),
    ("themes?prog=szq-fx,szq-gt&cell_prog=sh-sm", "cell_prog", {lang: NOT_CHOSEN[lang].format(SH_SM[lang]) for lang in NOT_CHOSEN}, FEI),
    ("themes?theme=red_culture&cell_theme=industry", "cell_theme",
     {"zh": "链接中的主题“产业合作”不在侧栏所选的主题中，这里未显示；在侧栏加选它，再在此处的选择框中选它即可查看。",
      "en": "The link's theme “Industrial cooperation” is not among the themes chosen in the sidebar, so it is not shown here; add it "
            "there, then choose it here."}, {"zh": "红色文化", "en": "Red culture"}),
    # the task's programme, 费县's, is not chosen: the sidebar is the cause, not the search
    ("explorer?prog=sh-sm&task=szq-fx/01", "task",
     {"zh": f"链接中的任务“{FEI['zh']} · 01”所属的方案“{FEI['zh']}”不在侧栏所选的方案中，任务卡片未显示它；在侧栏加选该方案，再在任务卡片中选它即可查看。",
      "en": f"The link's task “{FEI['en']} · 01” belongs to “{FEI['en']}”, which is not among the programmes chosen in the sidebar, so "
            "the task card does not show it; add that programme there, then choose the task in the task card."},
     {"zh": "1 加强红色遗址保护合作", "en": "1 加强红色遗址保护合作"}),
    # a function while the ranking is by body (an attack: said to have no tasks, where it had 56); the picker shows the
    # busiest body, 临沂市发改委's 34 tasks (analytics.workload.department_workload by unit)
    ("departments?by=unit&bar=development_reform", "bar",
     {"zh": "链接中的“发展改革”是职能，而排名现为“按具体单位”，这里未显示；将上方的“排名依据”改为“按职能”即可查看。",
      "en": "The link's “Development & reform” is a function, while the ranking is “By body”, so it is not shown here; set “Rank by” "
            "above to “By function” to see it."}, {"zh": "临沂市发展和改革委员会", "en": "临沂市发展和改革委员会"}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("link, key, said, shows", NOT_OFFERED, ids=[case[1] for case in NOT_OFFERED])
def test_a_link_to_a_choice_the_page_does_not_offer_says_so_beside_its_widget(context, server, link, key, said, shows, lang):
    page = context.new_page()
    page.goto(f"{server}/{link}" + ("&lang=en" if lang == "en" else ""))
    widget = page.locator(f"[data-testid=stMain] .st-key-{key}")
    picker = widget.locator("[data-testid=stSelectbox]")
    picker.wait_for()
    notice = page.locator(NOTICE)
    notice.first.wait_for()
    assert notice.count() == 1
    assert notice.locator("[data-testid=stMarkdownContainer]").inner_text().strip() == said[lang]
    # right above its widget: the element before the widget's is the warning's
    before = widget.locator("xpath=preceding-sibling::*[1]")
    assert before.locator("[data-testid=stAlertContentWarning]").count() == 1
    page.wait_for_function("([box, text]) => box.innerText.includes(text) || [...box.querySelectorAll('input')].some(i => i.value.includes(text))",
                           arg=[picker.element_handle(), shows[lang]])
    assert shows[lang] in shown(picker)
    assert page.locator("[data-testid=stException]").count() == 0
    widget.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"link-not-offered-{key}-{lang}.png"))


# Presentation mode hides the sidebar and every picker: the same links say what they asked for and that it is not shown,
# without sending the room to a sidebar it cannot see (ui/report/i18n.py, link_not_chosen_programme_presenting).
PRESENTED = {"zh": f"链接中的“{SH_SM['zh']}”不在所选的方案中，这里未显示。",
             "en": f"The link's “{SH_SM['en']}” is not among the programmes chosen, so it is not shown here."}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_presented_link_says_what_it_does_not_show_without_pointing_to_the_sidebar(context, server, lang):
    page = context.new_page()
    page.goto(f"{server}/programme?prog=szq-fx,szq-gt&p1=sh-sm&mode=present" + ("&lang=en" if lang == "en" else ""))
    page.get_by_role("button", name=t("exit_present", lang)).wait_for()
    notice = page.locator(NOTICE)
    notice.first.wait_for()
    assert notice.count() == 1
    assert notice.locator("[data-testid=stMarkdownContainer]").inner_text().strip() == PRESENTED[lang]
    assert notice.is_visible() and not page.locator("[data-testid=stSidebar]").is_visible()
    assert not page.locator("[data-testid=stMain] .st-key-p1 [data-testid=stSelectbox]").is_visible()  # its picker hidden
    assert page.locator("[data-testid=stException]").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"link-not-offered-presented-{lang}.png"))


PAGE_IDLE = "document.querySelectorAll('[data-testid=stStatusWidget]').length === 0"


def test_the_advice_of_a_link_not_offered_works_as_said(context, server):
    """The warning says to add the programme in the sidebar, then choose it in this picker: a reader who does exactly
    that sees it profiled (the link's value is not kept waiting: the widget showed its first option meanwhile)."""
    page = context.new_page()
    page.goto(f"{server}/programme?prog=szq-fx,szq-gt&p1=sh-sm")
    notice = page.locator(NOTICE)
    notice.first.wait_for()
    assert notice.locator("[data-testid=stMarkdownContainer]").inner_text().strip() == NOT_CHOSEN["zh"].format(SH_SM["zh"])
    programmes = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    programmes.locator("input").click()
    page.keyboard.type("上海")
    page.get_by_role("option", name=SH_SM["zh"], exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function("location.search.includes('sh-sm')", timeout=60_000)
    picker = page.locator("[data-testid=stMain] .st-key-p1 [data-testid=stSelectbox]")
    picker.click()
    page.get_by_role("option", name=SH_SM["zh"], exact=True).click()
    page.wait_for_function("new URLSearchParams(location.search).get('p1') === 'sh-sm'", timeout=60_000)
    page.wait_for_function(PAGE_IDLE)
    page.get_by_role("heading", name=SH_SM["zh"]).first.wait_for()  # the profile's heading
    assert SH_SM["zh"] in shown(picker)
    assert page.locator(NOTICE).count() == 0
    assert page.locator("[data-testid=stException]").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "link-not-offered-advice-followed.png"))


# THE PROGRAMME PAGE'S TWO PICKERS STAY LEVEL (a reviewer): a warning above the left picker pushed it below the right one,
# and two programmes not chosen were named in the same words twice. The columns are aligned at their foot, and two
# programmes not chosen are named in one warning above both pickers. Each link opened in a new session.
SC_YQ = {"zh": "上城区—埇桥区工作方案（征求意见稿）", "en": "Shangcheng–Yongqiao pairing plan (draft)"}
TOGETHER = {"zh": "链接中的“{}”和“{}”都不在侧栏所选的方案中，这里未显示；在侧栏加选它们，再在下方的选择框中选它们即可查看。",
            "en": "The link's “{}” and “{}” are not among the programmes chosen in the sidebar, so they are not shown here; add them "
                  "there, then choose them in the pickers below."}
LEVEL = [  # (address, what is said above the pickers: one warning, over the left, the right or both)
    ("programme?prog=szq-fx,szq-gt&p1=sh-sm", "p1", {lang: NOT_CHOSEN[lang].format(SH_SM[lang]) for lang in NOT_CHOSEN}),
    ("programme?prog=szq-fx,szq-gt&p1=szq-gt&p2=sh-sm", "p2", {lang: NOT_CHOSEN[lang].format(SH_SM[lang]) for lang in NOT_CHOSEN}),
    ("programme?prog=szq-gt&p1=sh-sm&p2=sc-yq", "both", {lang: TOGETHER[lang].format(SH_SM[lang], SC_YQ[lang]) for lang in TOGETHER}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("link, over, said", LEVEL, ids=[case[1] for case in LEVEL])
def test_the_two_programme_pickers_stay_level_whatever_is_said_above_them(context, server, link, over, said, lang):
    page = context.new_page()
    page.goto(f"{server}/{link}" + ("&lang=en" if lang == "en" else ""))
    page.wait_for_function(PAGE_DRAWN)
    notice = page.locator(NOTICE)
    notice.first.wait_for()
    assert notice.count() == 1
    assert notice.locator("[data-testid=stMarkdownContainer]").inner_text().strip() == said[lang]
    pickers = [page.locator(f"[data-testid=stMain] .st-key-{key} [role=group]").bounding_box() for key in ("p1", "p2")]
    labels = [page.locator(f"[data-testid=stMain] .st-key-{key} label").first.bounding_box() for key in ("p1", "p2")]
    assert abs(pickers[0]["y"] - pickers[1]["y"]) <= 2, pickers  # level, whichever picker the warning stands over
    assert abs(labels[0]["y"] - labels[1]["y"]) <= 2, labels
    warned = notice.locator("xpath=ancestor::*[@data-testid='stAlert'][1]").bounding_box()  # the alert, its icon with it
    assert warned["y"] + warned["height"] <= min(box["y"] for box in labels)  # above the pickers, not beside them
    columns = {"p1": (pickers[0],), "p2": (pickers[1],), "both": pickers}[over]
    assert all(warned["x"] < box["x"] + box["width"] and box["x"] < warned["x"] + warned["width"] for box in columns)  # over them
    if over == "both":  # across the two columns
        assert warned["x"] <= pickers[0]["x"] + 2 and warned["x"] + warned["width"] >= pickers[1]["x"] + pickers[1]["width"] - 2
    assert page.locator("[data-testid=stException]").count() == 0
    page.locator("[data-testid=stMain] .st-key-p1").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"programme-pickers-level-{over}-{lang}.png"))


# A link writing its search twice (an attack: ?q=园区&q=招商 searched "园区,招商" and found nothing, unsaid): the words
# are searched together, as typed in the box with a space. In 费县's plan one task holds both 红色 and 旅游, szq-fx/02
# (推动红色旅游融合发展, data/programmes/szq-fx.yaml); a list parameter written twice takes both values.
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_search_written_twice_in_a_link_searches_both_words(context, server, lang):
    page = context.new_page()
    page.goto(f"{server}/explorer?lang={lang}&prog=szq-fx&q={quote('红色')}&q={quote('旅游')}&theme=red_culture&theme=tourism")
    page.locator("[data-testid=stMain] [data-testid=stTextInput]").first.wait_for(timeout=240_000)  # the explorer draws no chart
    page.wait_for_function("document.querySelectorAll('[data-testid=stStatusWidget]').length === 0")
    search = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
    assert search.input_value() == "红色 旅游"
    found = {"zh": "检索结果 1 条：任务 1 项", "en": "1 result: 1 task"}[lang]  # szq-fx/02 alone
    assert page.locator("[data-testid=stMain]").get_by_text(found, exact=True).count() == 1
    assert page.locator(NOTICE).count() == 0  # nothing in it unrecognised
    themes = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").nth(1).inner_text()
    assert all(name in themes for name in {"zh": ("红色文化", "文化旅游"), "en": ("Red culture", "Culture & tourism")}[lang]), themes
