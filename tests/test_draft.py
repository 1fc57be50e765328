"""The drafting assistant (analytics/draft): clause forms, numbering styles, unit resolution, metadata,
.docx and .pdf input made from a seed, the YAML validating with the upload rules, and the CLI.

Expectations are worked out by hand from the seed passages (or from variants of them written here).
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

import pytest

from analytics import paths
from analytics.draft import DraftInputError, draft_bytes, draft_text, load_knowledge
from analytics.draft.clauses import parse_clause, trailing_clause
from analytics.draft.units import UnitIndex, resolve_part
from analytics.draft.writer import check_draft, to_yaml
from analytics.corpus import normalise_for_matching
from ui.report.i18n import draft_error_text
from hostile import UNMAPPED_FONT, pdf_of_stream

SEEDS = paths.SEEDS_DIR


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


# ------------------------------------------------------------------------------------------------
# Responsibility clauses: every printed form of the issue, as (text end, clause, parts, carries)
# ------------------------------------------------------------------------------------------------

CLAUSES = [
    ("加强学生爱国主义教育。〔牵头部门：两地区（县）委党校（行政学院）；参与部门：两地区（县）委组织部、教育体育局〕",
     "牵头部门：两地区（县）委党校（行政学院）；参与部门：两地区（县）委组织部、教育体育局",
     [("两地区（县）委党校（行政学院）", "lead"), ("两地区（县）委组织部、教育体育局", "support")], False),
    ("推动费县全域旅游产业升级。（牵头单位：两地文化和旅游局；参与单位：两地商务局）",
     "牵头单位：两地文化和旅游局；参与单位：两地商务局",
     [("两地文化和旅游局", "lead"), ("两地商务局", "support")], False),
    ("共同探索生态产品价值实现机制。(牵头部门:两地生态环境部门;配合部门:两地发展改革局)",
     "牵头部门:两地生态环境部门;配合部门:两地发展改革局",
     [("两地生态环境部门", "lead"), ("两地发展改革局", "support")], False),
    ("助力红色文化传播。（两市市委宣传部牵头，两市市委组织部、文化和旅游局分工负责）",
     "两市市委宣传部牵头，两市市委组织部、文化和旅游局分工负责",
     [("两市市委宣传部", "lead"), ("两市市委组织部、文化和旅游局", "support")], False),
    ("促进产业优势互补、联动发展。（济南市明水经济技术开发区管委会、临沂市沂河新区管委会分工负责)",
     "济南市明水经济技术开发区管委会、临沂市沂河新区管委会分工负责",
     [("济南市明水经济技术开发区管委会、临沂市沂河新区管委会", "responsible")], False),
    ("明晰双方产业耦合关系。（责任单位：两地发展改革局）", "责任单位：两地发展改革局",
     [("两地发展改革局", "responsible")], False),
    ("研究重大帮扶事项。〔责任单位：两地区（县）政府办公室、发展改革局〕", "责任单位：两地区（县）政府办公室、发展改革局",
     [("两地区（县）政府办公室、发展改革局", "responsible")], False),
    ("搭建优势特色农产品销售和配送体系。[责任单位:区商务局、区农业农村局]", "责任单位:区商务局、区农业农村局",
     [("区商务局、区农业农村局", "responsible")], False),
    ("推进两地行业协会、商会建立合作关系。(由区工商联负责)", "由区工商联负责", [("区工商联", "responsible")], False),
    ("培育一批特色产业基地。（临沂市乡村振兴局负责）", "临沂市乡村振兴局负责", [("临沂市乡村振兴局", "responsible")], False),
    ("推进埇桥区成为绿色农产品供应基地。（责任单位：区商务局，下同）", "责任单位：区商务局，下同",
     [("区商务局", "responsible")], True),
    ("加强沟通协调。（两市教育局牵头，两市科技局参与）", "两市教育局牵头，两市科技局参与",
     [("两市教育局", "lead"), ("两市科技局", "support")], False),
    # a walk: a labelled clause printed without brackets as the item's last sentence drafted no body
    ("共建高唐县特色产业园区。牵头单位：区发改局；责任单位：区商务局、区工信局。", "牵头单位：区发改局；责任单位：区商务局、区工信局",
     [("区发改局", "lead"), ("区商务局、区工信局", "support")], False),  # beside a lead, as parse_clause codes it
]


@pytest.mark.parametrize("text,inner,parts,carries", CLAUSES, ids=[c[1][:12] for c in CLAUSES])
def test_clause_forms(text, inner, parts, carries):
    cut = trailing_clause(text)
    assert cut is not None and cut[1] == inner
    assert cut[0].endswith("。")
    clause = parse_clause(cut[1])
    assert [(p.printed, p.role) for p in clause.parts] == parts
    assert clause.carries is carries


@pytest.mark.parametrize("text", [
    "上海市与三明市对口合作实施方案(2023—2025年)",
    "推进落实工作方案（征求意见稿）",
    "围绕市中区“十大产业链群”（含总部经济）",
    "各单位按照牵头单位：的要求办理。",  # a label inside a sentence, not after one
    "推进建设。责任单位：区商务局。另行通知。",  # a labelled sentence that is not the last
    "责任单位：区商务局。",  # a clause alone is no task text
])
def test_brackets_that_are_not_clauses(text):
    assert trailing_clause(text) is None


# ------------------------------------------------------------------------------------------------
# Numbering styles, written as variants of seed passages
# ------------------------------------------------------------------------------------------------

NOTICE = "济南市市中区人民政府办公室\n临沂市费县人民政府办公室\n市中政办字〔2024〕7号\n关于印发测试方案的通知\n2024年3月5日\n\n"
TITLE = "济南市市中区—临沂市费县对口合作实施方案\n\n为深入贯彻落实对口合作有关部署要求，制定实施方案如下。\n\n"

STYLES = {
    # name: (body, [(kind, section, subsection, number, heading, text start)])
    "paren_cn_tasks": (
        "一、弘扬传承红色文化\n（一）传承践行红色精神。深入挖掘沂蒙精神丰富内涵。（牵头部门：两地区（县）委党校（行政学院））\n"
        "（二）推动红色旅游融合发展。协同开发一批精品旅游线路。（牵头部门：两地文化和旅游局）\n",
        [("task", "一", None, "（一）", "传承践行红色精神", "深入挖掘"), ("task", "一", None, "（二）", "推动红色旅游融合发展", "协同开发")],
    ),
    "subheadings_and_dot_tasks": (
        "一、弘扬传承红色文化\n### （一）传承践行红色精神。\n1. 深入挖掘沂蒙精神丰富内涵和时代价值，组织开展红色文化论坛。（两市市委宣传部牵头，两市文化和旅游局分工负责）\n"
        "(二) 保护利用烈士纪念设施。\n2. 联合开展烈士纪念设施修缮管理维护“五年行动”。（两市退役军人局分工负责）\n",
        [("task", "一", "（一）", "1", None, "深入挖掘"), ("task", "一", "(二)", "2", None, "联合开展")],
    ),
    "dun_tasks": (
        "一、因地制宜，落实落地重点任务\n1、围绕两地产业链，梳理产业链全景图，明晰双方产业耦合关系。（责任单位：两地发展改革局）\n"
        "2、建立联席会议制度。每季度召开1次联席会议。（责任单位：两地发展改革局）\n",
        [("task", "一", None, "1", None, "围绕两地"), ("task", "一", None, "2", "建立联席会议制度", "每季度召")],
    ),
    "paren_arabic_tasks": (
        "一、强化产业务实合作\n（1）联合做强优势产业。整合两地优质产业资源，打造产业合作升级版。（牵头部门：两地发展改革局）\n"
        "(2)共同培育新兴产业。推动两地在新一代信息技术领域开展需求对接。（牵头部门：两地工业和信息化局）\n",
        [("task", "一", None, "（1）", "联合做强优势产业", "整合两地"), ("task", "一", None, "(2)", "共同培育新兴产业", "推动两地")],
    ),
    "restart_inside_subheadings": (
        "一、总体要求\n(一)指导思想\n以习近平新时代中国特色社会主义思想为指导。\n二、重点任务\n(一)传承弘扬红色文化,推动文旅康养发展\n"
        "1.加强红色遗址保护合作。共同发掘红色资源。\n2.推动红色文化交流合作。深入开展红色文化研究。\n(二)有效衔接乡村振兴\n"
        "1.建设优质农产品供应基地。引导企业建设优质农产品供给基地。\n三、保障措施\n(一)加强组织领导\n两地建立对口合作工作机制,各司其职。\n",
        [("task", "二", "(一)", "1", "加强红色遗址保护合作", "共同发掘"), ("task", "二", "(一)", "2", "推动红色文化交流合作", "深入开展"),
         ("task", "二", "(二)", "1", "建设优质农产品供应基地", "引导企业"), ("safeguard", "三", None, "(一)", "加强组织领导", "两地建立")],
    ),
    "odd_section_number_and_page_breaks": (
        "一、总体要求\n（一）指导思想\n坚持优势互补、合作共赢。\n2、 重点工作\n**（一）推进一产“两强一增”**\n"
        "1.构建农产品产销新体系。发挥两地农产品产与销比较优势，推进埇桥区成为绿色农产品\n\n生产加工供应基地。\n"
        "（责任单位：区商务局、区农业农村局）\n三、保障措施\n（一）建立区级对接机制。设立区级结对合作帮扶工作领导小组。\n",
        [("task", "二", "（一）", "1", "构建农产品产销新体系", "发挥两地"), ("safeguard", "三", None, "（一）", "建立区级对接机制", "设立区级")],
    ),
}


@pytest.mark.parametrize("name", list(STYLES))
def test_numbering_styles(knowledge, name):
    body, expected = STYLES[name]
    [doc] = draft_text(NOTICE + TITLE + body, knowledge)
    got = [(t.kind, t.section, t.subsection, t.number, t.heading, t.text[:4]) for t in doc.tasks]
    assert got == expected
    assert not any(s.kind == "general" for s in doc.sections) or "总体要求" in body
    assert all(t.section != "一" for t in doc.tasks) or "总体要求" not in body  # 总体要求 never holds tasks


def test_restarting_numbers_get_subheading_ids(knowledge):
    [doc] = draft_text(NOTICE + TITLE + STYLES["restart_inside_subheadings"][0], knowledge)
    assert [t.id.split("/")[1] for t in doc.tasks] == ["1.1", "1.2", "2.1", "S1"]


def test_page_break_clause_on_its_own_line_and_markup(knowledge):
    [doc] = draft_text(NOTICE + TITLE + STYLES["odd_section_number_and_page_breaks"][0], knowledge)
    task = doc.tasks[0]
    assert task.text == "发挥两地农产品产与销比较优势，推进埇桥区成为绿色农产品生产加工供应基地。"
    assert task.units_printed == "责任单位：区商务局、区农业农村局"
    assert [s.title for s in doc.sections] == ["总体要求", "重点工作", "保障措施"]
    assert doc.sections[1].subsections == [("（一）", "推进一产“两强一增”")]


def test_xiatong_carries_the_clause_to_later_items(knowledge):
    body = ("一、推进一产\n1.构建农产品产销新体系。推动上城区大型超市与埇桥区开展合作。（责任单位：区商务局，下同）\n"
            "2.推动农业产业链协同。组织开展农业产业化龙头企业对接活动。\n"
            "3.合作共推科技强农。推进农业科技攻关项目。（责任单位：区科技局）\n")
    text = "推进落实杭州市上城区结对合作帮扶宿州市埇桥区工作方案\n为深入贯彻落实，制定本方案。\n" + body
    [doc] = draft_text(text, knowledge)
    assert [t.units_printed for t in doc.tasks] == ["责任单位：区商务局，下同", "责任单位：区商务局，下同", "责任单位：区科技局"]
    assert [c.bodies for t in doc.tasks for c in t.clauses] == [["yongqiao.commerce"], ["yongqiao.commerce"],
                                                                ["yongqiao.science_tech"]]
    assert doc.tasks[1].clause_carried_from == doc.tasks[0].id
    assert any(r.kind == "clause" and r.task == doc.tasks[1].id for r in doc.review)


# ------------------------------------------------------------------------------------------------
# Units: prefixes distribute and resolve to the registry; unknown bodies are proposed
# ------------------------------------------------------------------------------------------------

UNITS = [
    ("两市发展改革委、人力资源社会保障局、乡村振兴局及济南市民营经济局、临沂市中小企业发展服务中心", "jinan", "linyi",
     ["jinan.development_reform", "linyi.development_reform", "jinan.hr_social", "linyi.hr_social",
      "jinan.rural_revitalization", "linyi.rural_revitalization", "jinan.private_economy", "linyi.sme_center"]),
    ("两地区（县）委组织部、教育体育局", "shizhong", "feixian",
     ["shizhong.organization", "feixian.organization", "shizhong.education", "feixian.education"]),
    ("两地区（县）委党校（行政学院）", "shizhong", "feixian", ["shizhong.party_school", "feixian.party_school"]),
    ("市中区投资促进局，高唐县商务和投资促进局、经济发展服务中心", "shizhong", "gaotang",
     ["shizhong.investment_promotion", "gaotang.commerce_investment", "gaotang.economic_service"]),
    ("两市各区县政府和功能区管委会", "jinan", "linyi", ["jinan.counties", "linyi.counties", "jinan.zones", "linyi.zones"]),
    ("两市住房城乡建设局、城市建设投融资平台", "jinan", "linyi",
     ["jinan.housing_construction", "linyi.housing_construction", "jinan.urban_investment", "linyi.urban_investment"]),
    ("两市市委组织部、市委党校及沂蒙干部学院", "jinan", "linyi",
     ["jinan.organization", "linyi.organization", "jinan.party_school", "linyi.party_school", "linyi.yimeng_cadre_college"]),
    ("区委组织部、区委党校、区人力资源社会保障局", "shangcheng", "yongqiao",
     ["yongqiao.organization", "yongqiao.party_school", "yongqiao.hr_social"]),
    ("两地金融部门", "shizhong", "feixian", ["shizhong.financial_regulation", "feixian.financial_regulation"]),
]


@pytest.mark.parametrize("printed,helper,recipient,bodies", UNITS, ids=[u[0][:10] for u in UNITS])
def test_units_resolve(knowledge, printed, helper, recipient, bodies):
    index = UnitIndex.build(knowledge.registries)
    mentions = resolve_part(index, printed, [helper], [recipient], 1)
    assert sorted(b for m in mentions for b in m.bodies) == sorted(bodies)
    assert not index.proposed


def test_unknown_body_is_proposed_with_place_and_function(knowledge):
    index = UnitIndex.build(knowledge.registries)
    mentions = resolve_part(index, "两地应急管理局", ["shizhong"], ["feixian"], 7)
    ids = [b for m in mentions for b in m.bodies]
    known = {u.id for u in knowledge.registries.units}
    assert len(ids) == 2 and not set(ids) & known
    assert [i.split(".")[0] for i in ids] == ["shizhong", "feixian"]
    assert [p.name for p in index.proposed.values()] == ["济南市市中区应急管理局", "临沂市费县应急管理局"]
    assert all(p.line == 7 for p in index.proposed.values())


# ------------------------------------------------------------------------------------------------
# Whole seed documents: metadata, and the drafts validate with the upload rules
# ------------------------------------------------------------------------------------------------

METADATA = [
    # seed, document index, title, 文号, issuers, date, status, pairing, level, items
    ("szq-fx.txt", 0, "济南市市中区—临沂市费县对口合作实施方案", "市中政办字〔2023〕13号",
     ["济南市市中区人民政府办公室", "临沂市费县人民政府办公室"], "2023-10-19", "正式", "shizhong-feixian", "district_county", 17),
    ("jn-ly.txt", 0, "贯彻落实《济南—临沂对口合作实施方案》重点任务分工方案", "济政办字〔2023〕28号",
     ["济南市人民政府办公厅", "临沂市人民政府办公室"], "2023-06-29", "正式", "jinan-linyi", "city_city", 53),
    ("jn-ly.txt", 1, "济南—临沂对口合作2023年工作要点", "济政办字〔2023〕28号",
     ["济南市人民政府办公厅", "临沂市人民政府办公室"], "2023-06-29", "正式", "jinan-linyi", "city_city", 43),
    ("szq-gt.txt", 0, "济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案", None,
     ["济南市市中区人民政府办公室", "聊城市高唐县人民政府办公室"], "2025-01-24", "正式", "shizhong-gaotang", "district_county", 18),
    ("sc-yq.txt", 0, "推进落实杭州市上城区结对合作帮扶宿州市埇桥区工作方案（征求意见稿）", None, [], None, "征求意见稿",
     "shangcheng-yongqiao", "district_county", 24),
    ("sh-sm.txt", 0, "上海市与三明市对口合作实施方案(2023—2025年)", None, ["上海市人民政府"], "2023-01-19", "正式",
     "shanghai-sanming", "province_city", 29),
]


@pytest.mark.parametrize("seed,index,title,number,issuers,issued,status,pairing,level,items", METADATA,
                         ids=[f"{m[0]}#{m[1]}" for m in METADATA])
def test_seed_metadata(knowledge, seed, index, title, number, issuers, issued, status, pairing, level, items):
    doc = draft_bytes((SEEDS / seed).read_bytes(), seed, knowledge)[index]
    assert (doc.title, doc.doc_number, doc.issuers, doc.issued, doc.status, doc.pairing, doc.level) == (
        title, number, issuers, issued, status, pairing, level)
    assert len(doc.tasks) == items


def test_basis_documents_and_parents(knowledge):
    gt = draft_bytes((SEEDS / "szq-gt.txt").read_bytes(), "szq-gt.txt", knowledge)[0]
    assert gt.citations == [("鲁政办字〔2024〕125号", "山东省人民政府办公厅印发〈关于支持强县产业帮扶弱县推动跨越提升的若干措施〉的通知")]
    division = draft_bytes((SEEDS / "jn-ly.txt").read_bytes(), "jn-ly.txt", knowledge)[0]
    assert division.parent_programmes == ["jn-ly-provincial"]  # named by 鲁政办字〔2023〕31号, and in the corpus
    assert division.notice_lines == (3, 23)
    sh = draft_bytes((SEEDS / "sh-sm.txt").read_bytes(), "sh-sm.txt", knowledge)[0]
    assert sh.period == "2023—2025" and sh.target_years == [2025]
    assert {r.line for r in sh.review if r.kind == "dropped"} >= {3, 5, 109, 113, 122}


@pytest.mark.parametrize("seed", ["szq-fx.txt", "jn-ly.txt", "szq-gt.txt", "sc-yq.txt", "sh-sm.txt"])
def test_seed_drafts_validate_as_uploads(knowledge, seed):
    for doc in draft_bytes((SEEDS / seed).read_bytes(), seed, knowledge):
        problems = check_draft(to_yaml(doc, knowledge.registries), f"{doc.programme_id}.yaml")
        assert [p for p in problems if p.severity == "error"] == []


def test_new_places_are_proposed_and_validate(knowledge):
    text = ("济南市历下区—菏泽市曹县对口合作实施方案\n为推动两地合作，制定本方案。\n一、产业合作\n"
            "1.共建产业园区。支持两地共建产业园区。（责任单位：两地发展改革局）\n")
    [doc] = draft_text(text, knowledge)
    assert doc.helper == ["lixia"] and doc.recipient[0] not in {p.id for p in knowledge.registries.places.places}
    assert doc.new_places[0].level == "county" and doc.new_pairing
    assert doc.tasks[0].clauses[0].bodies[1].startswith(doc.recipient[0] + ".")
    problems = check_draft(to_yaml(doc, knowledge.registries))
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("title", [
    "乙市—乙市对口合作实施方案",  # an attack: read as one city paired with itself, and it validated
    "临沂市对口合作实施方案",  # a title naming one place (in the registry)
    "济南市市中区帮扶济南市市中区推动跨越提升工作方案",  # an attack: a second 济南市 ("jinanx") was proposed, and it validated
])
def test_a_title_naming_one_place_drafts_but_does_not_validate(knowledge, title):
    from ui.report.i18n import problem_text

    [doc] = draft_text(f"{title}\n为推动两地合作，制定本方案。\n一、产业合作\n1.共建产业园区。支持两地共建产业园区。\n", knowledge)
    assert doc.helper == doc.recipient and "only one place" in " ".join(r.message for r in doc.review)
    errors = [p for p in check_draft(to_yaml(doc, knowledge.registries)) if p.severity == "error"]
    assert "place_both_sides" in [p.code for p in errors]
    [shown] = [problem_text(p, "zh") for p in errors if p.code == "place_both_sides"]
    assert "同时列为帮扶方和受援方" in shown and doc.helper[0] in shown
    assert doc.new_pairing  # the pairing it proposes pairs the place with itself, refused where it stands
    [same] = [p for p in errors if p.code == "pairing_same_place"]
    assert f"把“{doc.helper[0]}”与其自身结对" in problem_text(same, "zh")


@pytest.mark.parametrize("text, found, words", [
    ("沂蒙精神，传承弘扬", ["沂蒙精", "精神", "弘扬"], ["沂蒙精神", "弘扬"]),  # overlapping pieces joined, placed by the strongest
    ("红色文化", ["文化", "红色"], ["红色文化"]),  # touching pieces joined, the strongest ranking the stretch
    ("共建园区|园区", ["园区"], ["园区"]),  # a piece is looked for where it first stands
    ("共建园区", ["招商", "园区"], ["招商", "园区"]),  # one from the section's title, not in the text, as it is
    ("", [], []),
])
def test_evidence_words_are_the_words_the_task_prints(text, found, words):
    from analytics.draft.classify import stretches

    assert stretches(text, found) == words


def test_theme_guess_is_explained(knowledge):
    [doc] = draft_text(NOTICE + TITLE + STYLES["paren_cn_tasks"][0], knowledge)
    guess = doc.tasks[0].theme
    assert guess.primary == "red_culture"
    assert any("沂蒙" in w or "红色" in w or "精神" in w for w in guess.words)
    assert len(guess.neighbours) == 3 and all(n[0].count("/") == 1 for n in guess.neighbours)


def test_parent_suggestions_for_the_county_plan(knowledge):
    doc = draft_bytes((SEEDS / "szq-fx.txt").read_bytes(), "szq-fx.txt", knowledge,
                      parents=["jn-ly-provincial", "jn-ly-division"])[0]
    first = {p.task for p in doc.tasks[0].parents}
    assert {"jn-ly-provincial/K01", "jn-ly-division/01", "jn-ly-division/02"} <= first  # curated parents of （一）
    assert {p.relation for t in doc.tasks for p in t.parents} == {"carries_down"}


@pytest.mark.parametrize("clause, bodies, said", [
    ("牵头单位：两地发展改革局；参与单位：两地商务局。", True, False),
    ("", False, True),  # no task prints a clause: said once, at the title (a walk: nothing said so)
])
def test_a_plan_printing_no_clause_says_so(knowledge, clause, bodies, said):
    text = ("甲市—乙市对口合作实施方案\n为推动两地合作，制定本方案。\n一、产业合作\n"
            f"1.共建产业园区。支持两地共建产业园区。{clause}\n2.协同招商。联合开展招商推介。{clause}\n")
    [doc] = draft_text(text, knowledge)
    assert all(bool(t.clauses) == bodies for t in doc.tasks)
    assert [r.line for r in doc.review if r.code == "no_clause_any"] == ([doc.title_line] if said else [])


def test_work_points_are_matched_against_the_division_plan_of_the_plan_they_name(knowledge):
    """jn-ly.txt's second document, the 2023 work points, names the provincial plan (鲁政办字〔2023〕31号); its curated
    tasks advance the division plan's tasks (data/programmes/jn-ly-2023.yaml: 01 → division 01, 03 → division 04 and
    05). The drafter matched them against the provincial key tasks (implements), none of which the curator linked."""
    division, points = draft_bytes((SEEDS / "jn-ly.txt").read_bytes(), "jn-ly.txt", knowledge)
    assert points.parent_programmes == ["jn-ly-provincial"]  # the plan it names stays its parent programme
    suggested = [p for t in points.tasks for p in t.parents]
    assert {p.task.split("/")[0] for p in suggested} == {"jn-ly-division"} and {p.relation for p in suggested} == {"advances"}
    by_number = {t.number: [p.task for p in t.parents] for t in points.tasks}
    assert by_number["1"][0] == "jn-ly-division/01"
    assert {"jn-ly-division/04", "jn-ly-division/05"} <= set(by_number["3"])
    [said] = [r for r in points.review if r.code == "parent_division"]
    assert dict(said.params) == {"plan": "jn-ly-provincial", "divisions": "jn-ly-division"}
    # the division plan itself still implements the provincial key tasks
    assert {p.task.split("/")[0] for t in division.tasks for p in t.parents} == {"jn-ly-provincial"}
    # a plan the curator gives is matched as given
    given = draft_bytes((SEEDS / "jn-ly.txt").read_bytes(), "jn-ly.txt", knowledge, parents=["jn-ly-provincial"])[1]
    assert {p.task.split("/")[0] for t in given.tasks for p in t.parents} == {"jn-ly-provincial"}
    assert not [r for r in given.review if r.code == "parent_division"]


@pytest.mark.parametrize("programme_links, task_links, expected", [
    # the corpus: the division plan and the work points both implement the provincial plan; only the division plan's
    # tasks implement its key tasks (the work points' advance the division plan's)
    ([("div", "prov", "implements"), ("pts", "prov", "implements")],
     [("div/01", "prov/K01", "implements"), ("pts/01", "div/01", "advances")], (("prov", "div"),)),
    ([("div", "prov", "implements")], [], ()),  # no task of it implements the plan's: not a division
    ([("cty", "div", "mandated_by")], [("cty/01", "div/01", "implements")], ()),  # mandated, not implementing
    ([("div", "prov", "implements")], [("div/01", "other/01", "implements")], ()),  # its tasks implement another plan's
])
def test_a_division_plan_implements_a_plan_and_its_key_tasks(programme_links, task_links, expected):
    import pandas as pd

    from analytics.draft.knowledge import division_pairs

    tasks = pd.DataFrame({"task_id": ["prov/K01", "div/01", "pts/01", "cty/01", "other/01"],
                          "programme_id": ["prov", "div", "pts", "cty", "other"]})
    assert division_pairs(pd.DataFrame(programme_links, columns=["programme_id", "parent_programme_id", "relation"]),
                          pd.DataFrame(task_links, columns=["task_id", "parent_task_id", "relation"]), tasks) == expected


# ------------------------------------------------------------------------------------------------
# .docx and .pdf made from a seed
# ------------------------------------------------------------------------------------------------


def _curated(programme_id):
    """The curated extract, as validated (its tasks with their units)."""
    from analytics.corpus import check_data_dir

    return next(p.model for p in check_data_dir(paths.DATA_DIR, SEEDS).programmes if p.model.programme.id == programme_id)


def _assert_like_curated(doc, programme_id):
    curated = _curated(programme_id)
    assert [t.number for t in doc.tasks] == [t.number for t in curated.tasks]
    for mine, theirs in zip(doc.tasks, curated.tasks):
        assert normalise_for_matching(mine.text) == normalise_for_matching(theirs.text), theirs.id
        assert {b for c in mine.clauses for b in c.bodies} == {b for u in theirs.units for b in u.bodies}, theirs.id


def test_docx_from_a_seed(knowledge):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (SEEDS / "szq-fx.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    [doc] = draft_bytes(buffer.getvalue(), "费县方案.docx", knowledge)
    assert doc.title == "济南市市中区—临沂市费县对口合作实施方案" and doc.doc_number == "市中政办字〔2023〕13号"
    _assert_like_curated(doc, "szq-fx")


@pytest.mark.parametrize("where, comment", [
    (b"<w:body>", b"<!-- generated -->"),  # between paragraphs (a browser test's Word file was refused as "drafting failed")
    (b"<w:r>", b"<?pi here?>"),  # a processing instruction inside a paragraph
])
def test_docx_text_reads_past_comments_and_processing_instructions(where, comment):
    import zipfile

    docx = pytest.importorskip("docx")
    from analytics.draft.reading import docx_text

    document = docx.Document()
    for line in ("甲市—乙市对口合作实施方案", "一、产业合作"):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "表中文字"
    plain, out = io.BytesIO(), io.BytesIO()
    document.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, data.replace(where, where + comment, 1) if info.filename == "word/document.xml" else data)
    assert docx_text(out.getvalue()) == "甲市—乙市对口合作实施方案\n一、产业合作\n表中文字"


MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


@pytest.mark.parametrize("body, lines", [
    # an attack: lines pasted from the web, one paragraph with line breaks, drafted as one 2,872-character title
    (f"<w:p>{_run('甲')}<w:r><w:br/></w:r>{_run('乙')}<w:r><w:cr/><w:t>丙</w:t><w:tab/><w:t>丁</w:t></w:r></w:p>",
     ["甲", "乙", "丙\t丁"]),
    # an attack: five tasks inside a content control vanished without a word
    (f"<w:p>{_run('一')}</w:p><w:sdt><w:sdtContent><w:p>{_run('二')}</w:p><w:p>{_run('三')}</w:p></w:sdtContent></w:sdt>"
     f"<w:p>{_run('四')}</w:p>", ["一", "二", "三", "四"]),
    # a text box is written twice, as a choice and as its fallback: read once
    (f"<w:p>{_run('前')}<w:r><mc:AlternateContent {MC}><mc:Choice Requires=\"wps\"><w:t>框</w:t></mc:Choice>"
     f"<mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>", ["前框"]),
    # a table in a cell: the outer cell's own text, then the inner cells, each once
    (f"<w:tbl><w:tr><w:tc><w:p>{_run('外')}</w:p><w:tbl><w:tr><w:tc><w:p>{_run('内一')}</w:p></w:tc>"
     f"<w:tc><w:p>{_run('内二')}</w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>", ["外", "内一", "内二"]),
    # an attack: six tasks in one text box were read as one line, one task; each of its paragraphs is a line, after
    # the text of the paragraph holding it (VML or DrawingML alike: both keep the box's text in w:txbxContent)
    (f"<w:p>{_run('前')}<w:r><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox><w:txbxContent>"
     f"<w:p>{_run('1.甲')}</w:p><w:p>{_run('2.乙')}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>{_run('后')}</w:p>"
     f"<w:p>{_run('下')}</w:p>", ["前后", "1.甲", "2.乙", "下"]),
    # an attack: hidden text (w:vanish) came into a task's text, words the printed plan does not show; a run whose
    # w:vanish is switched off is shown
    (f"<w:p>{_run('薄')}<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr>"
     f"<w:t>弱</w:t></w:r>{_run('环节')}</w:p>", ["薄弱环节"]),
    # tracked changes: deleted text left out, inserted text kept, moved text read where it was moved to
    # an attack: a text box in a hidden run or a deletion was read; two mc:Choice were both read; a paragraph's tab stops
    # (w:pPr/w:tabs/w:tab) were read as tab characters
    (f"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox>"
     f"<w:txbxContent><w:p>{_run('隐藏框')}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>{_run('见')}</w:p>",
     ["见"]),
    (f"<w:p><w:r><mc:AlternateContent {MC}><mc:Choice Requires=\"wps\"><w:t>一</w:t></mc:Choice>"
     f"<mc:Choice Requires=\"wpg\"><w:t>二</w:t></mc:Choice></mc:AlternateContent></w:r></w:p>", ["一"]),
    (f"<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>{_run('甲')}</w:p>", ["甲"]),
    (f"<w:p>{_run('甲')}<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>删</w:delText></w:r></w:del>"
     f"<w:ins w:id=\"2\" w:author=\"a\">{_run('增')}</w:ins><w:moveFrom w:id=\"3\" w:author=\"a\">{_run('移')}</w:moveFrom>"
     f"</w:p><w:p><w:moveTo w:id=\"4\" w:author=\"a\">{_run('移')}</w:moveTo></w:p>", ["甲增", "移"]),
])
def test_docx_lines_come_in_document_order_as_a_reader_sees_them(body, lines):
    from analytics.draft.reading import docx_text

    assert [line for line in docx_text(_docx_with(body)).split("\n") if line] == lines


def _docx_with(body: str, numbering: str | None = None, styles: str = "", hidden_by_default: bool = False,
               normal: str = "") -> bytes:
    """A Word file of python-docx's template with `body` as its document's body (and `numbering` as its numbering.xml),
    `styles` added to its styles.xml, `normal` to its default paragraph style (Normal), and its default run properties
    hidden if `hidden_by_default`."""
    import zipfile

    docx = pytest.importorskip("docx")
    plain, out = io.BytesIO(), io.BytesIO()
    docx.Document().save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                start, end = data.index(b"<w:body>") + len(b"<w:body>"), data.index(b"<w:sectPr")
                data = data[:start] + body.encode() + data[end:]
            elif info.filename == "word/numbering.xml" and numbering is not None:
                data = (f'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{numbering}'
                        "</w:numbering>").encode()
            elif info.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
                if hidden_by_default:
                    data = data.replace(b"<w:rPrDefault><w:rPr>", b"<w:rPrDefault><w:rPr><w:vanish/>", 1)
                data = data.replace(b'<w:name w:val="Normal"/>', b'<w:name w:val="Normal"/>' + normal.encode(), 1)
            target.writestr(info.filename, data)
    return out.getvalue()


def _level(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            "</w:lvl>")


def _numbered(text: str, num: int, ilvl: int = 0) -> str:
    return f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{_run(text)}</w:p>'


# A plan's lists as Word numbers them: sections 一、 (chineseCounting), tasks 1. restarting under each section, and
# sub-items （一） of a list of their own; list 3 shares list 1's levels but starts its first level at 五 (startOverride).
NUMBERING = (f'<w:abstractNum w:abstractNumId="0">{_level(0, "chineseCounting", "%1、")}{_level(1, "decimal", "%2.")}'
             f'{_level(2, "decimal", "%2.%3")}</w:abstractNum>'
             f'<w:abstractNum w:abstractNumId="1">{_level(0, "chineseCounting", "（%1）")}</w:abstractNum>'
             f'<w:abstractNum w:abstractNumId="2">{_level(0, "bullet", "•")}</w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
             '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>'
             '</w:lvlOverride></w:num><w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>')


@pytest.mark.parametrize("body, lines", [
    ("".join([_numbered("产业合作", 1), _numbered("共建园区。", 1, 1), _numbered("协同招商。", 1, 1), _numbered("细项", 1, 2),
              _numbered("人才交流", 1), _numbered("互派干部。", 1, 1)]),
     ["一、产业合作", "1.共建园区。", "2.协同招商。", "2.1细项", "二、人才交流", "1.互派干部。"]),
    ("".join([_numbered("甲", 2), _numbered("乙", 2), _numbered("丙", 3), _numbered("丁", 4), _numbered("戊", 0)]),
     ["（一）甲", "（二）乙", "五、丙", "丁", "戊"]),  # numId 0 and bullets: no number
    ("".join(_numbered("项", 2) for _ in range(21)), [f"（{n}）项" for n in
                                                   ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
                                                    "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一"]]),
    (_numbered("无表", 1), ["无表"]),  # a list the file does not define
])
def test_docx_reads_the_numbers_word_writes_before_a_paragraph(body, lines):
    """An attack: a plan whose tasks Word numbered (w:numPr, the number not in the text) drafted no task at all, and
    ended in a schema error. The number Word shows is read before the text, as the reader sees it."""
    from analytics.draft.reading import docx_text

    numbering = NUMBERING if "无表" not in body else ""
    assert [line for line in docx_text(_docx_with(body, numbering)).split("\n") if line] == lines


def _cell(text: str, merge: str | None = None) -> str:
    merged = "" if merge is None else ("<w:vMerge/>" if merge == "continue" else f'<w:vMerge w:val="{merge}"/>')
    return f"<w:tc><w:tcPr>{merged}</w:tcPr><w:p>{_run(text) if text else ''}</w:p></w:tc>"


def _table(*rows) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(row) + "</w:tr>" for row in rows) + "</w:tbl>"


# An attack: a plan laid out as a task table (序号 | 重点任务 | 责任单位), one body cell merged down over two rows, a row
# with no body: every body was glued to the task texts and none drafted.
TASK_TABLE = _table([_cell("序号"), _cell("重点任务"), _cell("责任单位")],
                    [_cell("1."), _cell("共建产业园区。"), _cell("两地发展改革局", "restart")],
                    [_cell("2"), _cell("协同招商。"), _cell("", "continue")],
                    [_cell("3、"), _cell("联合培训。"), _cell("")])


@pytest.mark.parametrize("body, lines", [
    (TASK_TABLE, ["序号 重点任务 责任单位", "1.共建产业园区。（责任单位：两地发展改革局）", "2.协同招商。（责任单位：两地发展改革局）",
                  "3.联合培训。"]),
    # two columns of bodies, named by their headers; no number column
    (_table([_cell("任务"), _cell("牵头单位"), _cell("配合单位")], [_cell("共建园区。"), _cell("甲局"), _cell("乙局")]),
     ["任务 牵头单位 配合单位", "共建园区。（牵头单位：甲局；配合单位：乙局）"]),
    # a table whose header names no bodies is read cell by cell, as before
    (_table([_cell("项目"), _cell("说明")], [_cell("甲"), _cell("乙")]), ["项目", "说明", "甲", "乙"]),
])
def test_a_task_table_is_read_one_row_a_line_with_its_bodies_as_a_clause(body, lines):
    from analytics.draft.reading import docx_text

    assert [line for line in docx_text(_docx_with(body)).split("\n") if line] == lines


def test_a_plan_laid_out_as_a_task_table_drafts_its_bodies(knowledge):
    body = "".join(f"<w:p>{_run(line)}</w:p>" for line in ["甲市—乙市对口合作实施方案", "为推动两地合作，制定本方案。",
                                                           "一、产业合作"]) + TASK_TABLE
    [doc] = draft_bytes(_docx_with(body), "plan.docx", knowledge)
    assert [(t.number, [c.printed for c in t.clauses]) for t in doc.tasks] == [
        ("1", ["两地发展改革局"]), ("2", ["两地发展改革局"]), ("3", [])]
    assert [r.task.split("/")[-1] for r in doc.review if r.code == "no_clause"] == ["03"]


@pytest.mark.parametrize("numbering, body, lines", [
    # an attack: a level numbered "x" crashed the reader; 9,999 levels took 26 s (Word has nine, 0-8)
    ('<w:abstractNum w:abstractNumId="0">' + _level(0, "decimal", "%1.").replace('w:ilvl="0"', 'w:ilvl="x"')
     + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>', _numbered("甲", 1), ["1.甲"]),
    (f'<w:abstractNum w:abstractNumId="0">{"".join(_level(i, "decimal", f"%{min(i, 8) + 1}.") for i in range(12))}'
     '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>', _numbered("甲", 1, 8) + _numbered("乙", 1, 11),
     ["1.甲", "乙"]),
    # a start of 0 is written, as Word writes it ("0."; there was a stray ".")
    (f'<w:abstractNum w:abstractNumId="0">{_level(0, "decimal", "%1.", start=0)}</w:abstractNum>'
     '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>', _numbered("甲", 1) + _numbered("乙", 1), ["0.甲", "1.乙"]),
    # a table that is no task table is read cell by cell once, its header's numbers counted once (they were twice)
    (NUMBERING, _table([_cell("项")], [_cell("甲")]).replace("<w:p>", '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/>'
                                                           '<w:numId w:val="1"/></w:numPr></w:pPr>', 1) + _numbered("后", 1, 1),
     ["1.项", "甲", "2.后"]),
])
def test_word_numbering_holds_against_odd_files(numbering, body, lines):
    from analytics.draft.reading import docx_text

    assert [line for line in docx_text(_docx_with(body, numbering)).split("\n") if line] == lines


def _style(kind: str, style_id: str, based_on: str | None = None, inner: str = "") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{style_id}"/>{based}{inner}</w:style>'


VANISH, SHOWN = "<w:rPr><w:vanish/></w:rPr>", '<w:rPr><w:vanish w:val="0"/></w:rPr>'
# A character style that hides (批注), one based on it (批注二: hidden by inheritance), one based on it that shows again
# (显示), a paragraph style that hides (隐段), a list style based on a numbered one (子列表: numbered by inheritance), and a
# cycle of two styles based on each other (环甲 ↔ 环乙: ended, nothing inherited).
WORD_STYLES = "".join([
    _style("character", "批注", inner=VANISH), _style("character", "批注二", "批注"), _style("character", "显示", "批注", SHOWN),
    _style("paragraph", "隐段", inner=VANISH),
    _style("paragraph", "列表", inner='<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>'),
    _style("paragraph", "子列表", "列表"), _style("character", "环甲", "环乙"), _style("character", "环乙", "环甲"),
    _style("table", "隐表", inner=VANISH), _style("table", "隐表二", "隐表"),
])


def _styled_run(text: str, style: str) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:t>{text}</w:t></w:r>'


def _styled_paragraph(style: str, runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>'


def _styled_table(style: str, *rows) -> str:
    return _table(*rows).replace("<w:tbl>", f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr>', 1)


@pytest.mark.parametrize("body, hidden_by_default, lines", [
    # an attack: text hidden through a character style was read into a task
    (f"<w:p>{_run('共建')}{_styled_run('（内部意见）', '批注')}{_styled_run('（又一意见）', '批注二')}{_styled_run('园区', '显示')}"
     f"{_styled_run('。', '环甲')}</w:p>", False, ["共建园区。"]),
    # a paragraph style that hides: its runs are hidden, unless a run's own properties show it, or a character style
    # hiding too toggles it back (w:vanish is a toggle: an attack found both hiding read as hidden, which Word shows);
    # a style saying w:vanish off changes nothing
    (_styled_paragraph("隐段", f"{_run('整段隐藏')}<w:r>{SHOWN}<w:t>显</w:t></w:r>{_styled_run('示', '批注')}"
                              f"{_styled_run('不显', '显示')}")
     + f"<w:p>{_run('下一段')}</w:p>", False, ["显示", "下一段"]),
    # the document's defaults hide every run no style or run shows (Word shows nothing: neither is read)
    (f"<w:p>{_run('默认隐藏')}<w:r>{SHOWN}<w:t>仍显示</w:t></w:r></w:p>", True, ["仍显示"]),
    # an attack: text hidden through a table style (its run properties, w:tblStyle) was read; the style's own or
    # inherited, in a task table or not, in a table inside a cell too; a run's own properties show it, a paragraph or
    # character style hiding too toggles it back; a table naming a style the file does not have takes the default
    # table style (python-docx's template: Normal Table, which hides nothing); an inner table of another style shows
    (_styled_table("隐表", [_cell("序号"), _cell("重点任务"), _cell("责任单位")], [_cell("1"), _cell("内部"), _cell("甲局")])
     + _styled_table("隐表二", [_cell("藏")])
     + _styled_table("隐表", ["<w:tc>" + _styled_paragraph("隐段", _run("段显")) + f"<w:p><w:r>{SHOWN}<w:t>自显</w:t></w:r>"
                              + _styled_run("字显", "批注") + "</w:p>" + _styled_table("无此样式", [_cell("内表")]) + "</w:tc>"])
     + _styled_table("无此样式", [_cell("表外可见")]), False, ["段显", "自显字显", "内表", "表外可见"]),
    # a paragraph style based on a numbered style is numbered as it is
    ("".join(_styled_paragraph(style, _run(text)) for style, text in [("列表", "共建园区。"), ("子列表", "协同招商。")]),
     False, ["1.共建园区。", "2.协同招商。"]),
])
def test_docx_follows_its_styles_for_hidden_text_and_numbers(body, hidden_by_default, lines):
    from analytics.draft.reading import docx_text

    raw = _docx_with(body, NUMBERING, styles=WORD_STYLES, hidden_by_default=hidden_by_default)
    assert [line for line in docx_text(raw).split("\n") if line] == lines


def _spanning(text: str, span: int) -> str:
    return f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p>{_run(text)}</w:p></w:tc>'


@pytest.mark.parametrize("rows, lines", [
    # an attack: a header's number cell spanning two grid columns over two body cells put the task text under 责任单位
    # and the body in the task's text ("1.甲局（责任单位：共建园区。）")
    ([[_spanning("序号", 2), _cell("重点任务"), _cell("责任单位")], [_cell("1"), _cell(""), _cell("共建园区。"), _cell("甲局")]],
     ["序号 重点任务 责任单位", "1.共建园区。（责任单位：甲局）"]),
    # a header cell spanning two columns over two body cells: both are the task's text, in order
    ([[_cell("序号"), _spanning("重点任务", 2), _cell("牵头单位")], [_cell("2"), _cell("协同招商"), _cell("（续）"), _cell("乙局")]],
     ["序号 重点任务 牵头单位", "2.协同招商；（续）（牵头单位：乙局）"]),
    # a row beginning late (w:gridBefore: no number) and a row ending early (no body): each cell under its own header
    ([[_cell("序号"), _cell("重点任务"), _cell("责任单位")],
      ['<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _cell("联合培训。") + _cell("丙局")], [_cell("4"), _cell("互派干部。")]],
     ["序号 重点任务 责任单位", "联合培训。（责任单位：丙局）", "4.互派干部。"]),
    # a row longer than its header: the cell past it is read as text, not as a body
    ([[_cell("任务"), _cell("责任单位")], [_cell("甲。"), _cell("丁局"), _cell("备注")]],
     ["任务 责任单位", "甲。；备注（责任单位：丁局）"]),
])
def test_a_task_table_keeps_its_cells_under_their_headers_by_the_grid(rows, lines):
    from analytics.draft.reading import docx_text

    assert [line for line in docx_text(_docx_with(_table(*rows))).split("\n") if line] == lines


def test_a_long_word_file_is_refused_before_the_rest_is_read(monkeypatch, knowledge):
    """An attack: 250,000 short paragraphs in a 750 kB file were all read (6 s) before the line count refused them.
    Reading stops at the first line past the limit: no more paragraphs are read than the limit and one."""
    from analytics.draft import reading

    read = []
    real = reading._paragraph_text
    monkeypatch.setattr(reading, "_paragraph_text", lambda paragraph, at: read.append(1) or real(paragraph, at))
    raw = _docx_with(f"<w:p>{_run('一')}</w:p>" * (3 * reading.MAX_LINES))
    with pytest.raises(DraftInputError) as caught:
        draft_bytes(raw, "long.docx", knowledge)
    assert caught.value.code == "past_line_limit" and len(read) == reading.MAX_LINES + 1


def _merged(text: str, merge: str, span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merged = "<w:vMerge/>" if merge == "continue" else f'<w:vMerge w:val="{merge}"/>'
    return f"<w:tc><w:tcPr>{grid}{merged}</w:tcPr><w:p>{_run(text) if text else ''}</w:p></w:tc>"


HEADER = [_cell("序号"), _cell("重点任务"), _cell("责任单位")]


# An attack on the task-table reader, each layout as a plan prints it and what Word shows.
@pytest.mark.parametrize("rows, lines", [
    # the header repeated on a later page: task 2's body was "责任单位", its real body in its text
    ([HEADER, [_cell("1"), _cell("共建园区。"), _cell("甲局")], HEADER, [_cell("2"), _cell("协同招商。"), _cell("乙局")]],
     ["序号 重点任务 责任单位", "1.共建园区。（责任单位：甲局）", "2.协同招商。（责任单位：乙局）"]),
    # a task cell merged down over two rows of bodies: one task naming both (its second body was its only one)
    ([HEADER, [_merged("1", "restart"), _merged("共建园区。", "restart"), _cell("两地发展改革局")],
      [_merged("", "continue"), _merged("", "continue"), _cell("两地商务局")], [_cell("2"), _cell("协同招商。"), _cell("乙局")]],
     ["序号 重点任务 责任单位", "1.共建园区。（责任单位：两地发展改革局、两地商务局）", "2.协同招商。（责任单位：乙局）"]),
    # a row of bodies under empty, unmerged task and number cells ("as above", without Word's merge): the task above
    # names them too (it was a line of the clause alone, "（责任单位：两地商务局）", drafted as a task without text)
    ([HEADER, [_cell("1"), _cell("共建园区。"), _cell("两地发展改革局")], [_cell(""), _cell(""), _cell("两地商务局")],
      [_cell("2"), _cell("协同招商。"), _cell("乙局")]],
     ["序号 重点任务 责任单位", "1.共建园区。（责任单位：两地发展改革局、两地商务局）", "2.协同招商。（责任单位：乙局）"]),
    # a header in two rows: 责任单位 over 牵头单位 | 配合单位 (a fake line of headers; every body coded responsible)
    ([[_merged("序号", "restart"), _merged("重点任务", "restart"), _spanning("责任单位", 2)],
      [_merged("", "continue"), _merged("", "continue"), _cell("牵头单位"), _cell("配合单位")],
      [_cell("1"), _cell("共建园区。"), _cell("甲局"), _cell("乙局")]],
     ["序号 重点任务 牵头单位 配合单位", "1.共建园区。（牵头单位：甲局；配合单位：乙局）"]),
    # a column of bodies two grid columns wide, its second merged down: the row below repeats that cell alone
    ([[_cell("序号"), _cell("重点任务"), _spanning("责任单位", 2)],
      [_cell("1"), _cell("甲任务。"), _cell("甲局"), _merged("乙局", "restart")],
      [_cell("2"), _cell("乙任务。"), _cell("丙局"), _merged("", "continue")]],
     ["序号 重点任务 责任单位", "1.甲任务。（责任单位：甲局、乙局）", "2.乙任务。（责任单位：丙局、乙局）"]),
    # a title row above the header, and a header spaced out (责 任 单 位)
    ([[_spanning("重点任务分工表", 3)], [_cell("序 号"), _cell("重点任务"), _cell("责 任 单 位")],
      [_cell("1"), _cell("共建园区。"), _cell("甲局")]],
     ["重点任务分工表", "序号 重点任务 责任单位", "1.共建园区。（责任单位：甲局）"]),
    # a table and a text box inside a task table's cells are part of their text (they were left out)
    ([HEADER, [_cell("1"), "<w:tc><w:p>" + _run("共建园区。") + "</w:p>" + _table([_cell("内表文字")]) + "</w:tc>",
               "<w:tc><w:p>" + _run("甲局") + "</w:p>" + _table([_cell("乙局")]) + "</w:tc>"],
      [_cell("2"), "<w:tc><w:p>" + _run("协同") + '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
       "<w:txbxContent><w:p>" + _run("招商。") + "</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p></w:tc>",
       _cell("丙局")]],
     ["序号 重点任务 责任单位", "1.共建园区。内表文字（责任单位：甲局、乙局）", "2.协同招商。（责任单位：丙局）"]),
    # a table of labels and values, 牵头单位 in its second row, is no task table: read cell by cell (a second attack: it
    # was read as one, naming 完成时限 a lead body)
    ([[_cell("项目名称"), _cell("园区共建")], [_cell("牵头单位"), _cell("市发改委")], [_cell("完成时限"), _cell("2024年底")]],
     ["项目名称", "园区共建", "牵头单位", "市发改委", "完成时限", "2024年底"]),
    # a number column printing 一: "一、" as a plan prints it (it was glued: 一共建园区); a field merged over two tasks
    # (领域) is read once, with the first (it was repeated: "2.产业协作；协同招商。")
    ([[_cell("序号"), _cell("领域"), _cell("重点任务"), _cell("责任单位")],
      [_cell("一"), _merged("产业协作", "restart"), _cell("共建园区。"), _cell("甲局")],
      [_cell("二"), _merged("", "continue"), _cell("协同招商。"), _cell("乙局")]],
     ["序号 领域 重点任务 责任单位", "一、产业协作；共建园区。（责任单位：甲局）", "二、协同招商。（责任单位：乙局）"]),
])
def test_a_task_table_reads_as_word_shows_it(rows, lines):
    from analytics.draft.reading import docx_text

    assert [line for line in docx_text(_docx_with(_table(*rows))).split("\n") if line] == lines


def test_a_plan_laid_out_in_one_table_cell_reads_one_line_a_paragraph(knowledge):
    """An attack: a plan's tasks in one cell of a layout table were read as one line, one task with the last body."""
    from analytics.draft.reading import docx_text

    cell = "<w:tc>" + "".join(f"<w:p>{_run(text)}</w:p>" for text in
                              ["1.共建园区。（牵头单位：两地发展改革局）", "2.协同招商。（牵头单位：两地商务局）"]) + "</w:tc>"
    assert docx_text(_docx_with(_table([cell]))).split("\n") == [
        "1.共建园区。（牵头单位：两地发展改革局）", "2.协同招商。（牵头单位：两地商务局）"]


@pytest.mark.parametrize("styles, body, numbering, lines", [
    # a style without an id is no style: hiding, it hid the whole document (every style based on nothing inherited it)
    ('<w:style w:type="character"><w:name w:val="x"/><w:rPr><w:vanish/></w:rPr></w:style>',
     f"<w:p>{_run('共建园区。')}</w:p>", None, ["共建园区。"]),
    ('<w:style w:type="paragraph"><w:name w:val="x"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
     "</w:pPr></w:style>", f"<w:p>{_run('甲')}</w:p><w:p>{_run('乙')}</w:p>", NUMBERING, ["甲", "乙"]),
    # a paragraph whose number and text are hidden (its mark hidden too) shows nothing; it made a phantom task "1."
    ("", '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:rPr><w:vanish/></w:rPr></w:pPr>'
         f'<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏任务</w:t></w:r></w:p>{_numbered("可见任务", 1, 1)}', NUMBERING,
     ["2.可见任务"]),
    # two lists of one abstract numbering count on from each other, as Word numbers them: （一）（二）（三）
    ("", _numbered("甲", 2) + _numbered("乙", 7) + _numbered("丙", 2),
     NUMBERING + '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>', ["（一）甲", "（二）乙", "（三）丙"]),
])
def test_word_styles_and_lists_hold_against_odd_files(styles, body, numbering, lines):
    from analytics.draft.reading import docx_text

    assert [line for line in docx_text(_docx_with(body, numbering, styles=styles)).split("\n") if line] == lines


def test_a_paragraph_naming_a_style_the_file_lacks_has_the_default_style():
    """As Word falls back: here the default paragraph style (Normal) numbers its paragraphs, and so this one."""
    from analytics.draft.reading import docx_text

    normal = '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    body = '<w:p><w:pPr><w:pStyle w:val="无此样式"/></w:pPr>' + _run("甲") + "</w:p>"
    assert docx_text(_docx_with(body, NUMBERING, normal=normal)) == "1.甲"


@pytest.mark.parametrize("root_first", [True, False])
def test_a_long_chain_of_styles_reads_the_same_in_either_order(root_first):
    """An attack: in a chain of 40 styles, one based on the next, the last hiding, a style nine steps from it was hidden
    or shown depending on which the file listed first (a cap on the chain cached "nothing" half way)."""
    from analytics.draft.reading import docx_text

    chain = [_style("character", f"s{i}", f"s{i + 1}" if i < 39 else None, VANISH if i == 39 else "") for i in range(40)]
    styles = "".join(chain if root_first else reversed(chain))
    body = f"<w:p>{_run('见')}{_styled_run('隐', 's30')}{_styled_run('藏', 's0')}</w:p>"
    assert docx_text(_docx_with(body, styles=styles)) == "见"


@pytest.mark.parametrize("body", [
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
])
def test_a_word_file_without_a_body_is_refused_not_failed(knowledge, body):
    """An attack: a document part without a body, or a body as the part, raised TypeError and AttributeError."""
    import zipfile

    plain, out = io.BytesIO(), io.BytesIO()
    pytest.importorskip("docx").Document().save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, body.encode() if info.filename == "word/document.xml" else source.read(info))
    with pytest.raises(DraftInputError) as caught:
        draft_bytes(out.getvalue(), "odd.docx", knowledge)
    assert caught.value.code in {"empty", "docx"}


def test_a_word_file_of_elements_that_make_no_line_is_refused(knowledge):
    """An attack: 400,000 empty text boxes made no line, so the line count never refused them (36 s); the elements
    visited are counted too."""
    from analytics.draft import reading

    with pytest.raises(DraftInputError) as caught:  # empty runs: the smallest element that makes no line (4M took 5.4 s)
        draft_bytes(_docx_with("<w:p>" + "<w:r/>" * (reading.MAX_ELEMENTS + 1) + "</w:p>"), "runs.docx", knowledge)
    assert caught.value.code == "docx_elements" and "1,000,000 elements" in str(caught.value)


def test_a_body_cell_of_two_paragraphs_names_two_bodies():
    """An attack: 丙局 and 丁局 on two lines of one cell read as one body, 丙局丁局."""
    from analytics.draft.reading import docx_text

    two = "<w:tc><w:tcPr/><w:p>" + _run("丙局") + "</w:p><w:p>" + _run("丁局") + "</w:p></w:tc>"
    body = _table([_cell("序号"), _cell("任务"), _cell("责任单位")], [_cell("1"), _cell("甲。"), two])
    assert docx_text(_docx_with(body)).split("\n")[-1] == "1.甲。（责任单位：丙局、丁局）"


def test_a_plan_numbered_by_word_styles_drafts_its_tasks(knowledge):
    """python-docx's "List Number" style numbers by the style's w:numPr, as a plan typed in Word does."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ["甲市—乙市对口合作实施方案", "为推动两地合作，制定本方案。", "一、产业合作"]:
        document.add_paragraph(line)
    for task in ["共建产业园区。支持两地共建产业园区。（牵头单位：两地发展改革局）", "协同招商。联合开展招商推介。"]:
        document.add_paragraph(task, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    [doc] = draft_bytes(buffer.getvalue(), "plan.docx", knowledge)
    assert [(t.number, t.heading) for t in doc.tasks] == [("1", "共建产业园区"), ("2", "协同招商")]


def test_a_long_pdf_is_refused_at_the_page_that_passes_the_limit(monkeypatch, knowledge):
    """A PDF's pages are read one by one and counted: the page taking the text past the limit is the last read (here
    a limit of 50 lines, ten pages of 20: the third)."""
    pdfgen = pytest.importorskip("reportlab.pdfgen.canvas")
    pdfplumber = pytest.importorskip("pdfplumber")
    from analytics.draft import reading

    buffer = io.BytesIO()
    canvas = pdfgen.Canvas(buffer)
    for page in range(10):
        for line in range(20):
            canvas.drawString(72, 800 - 30 * line, f"page {page} line {line}")
        canvas.showPage()
    canvas.save()
    read, real = [], pdfplumber.page.Page.extract_text
    monkeypatch.setattr(pdfplumber.page.Page, "extract_text", lambda page, *a, **k: read.append(1) or real(page, *a, **k))
    monkeypatch.setattr(reading, "MAX_LINES", 50)
    with pytest.raises(DraftInputError) as caught:
        draft_bytes(buffer.getvalue(), "long.pdf", knowledge)
    assert caught.value.code == "past_line_limit" and "50 lines" in str(caught.value) and len(read) == 3


def test_pdf_from_a_seed(knowledge):
    pytest.importorskip("pdfplumber")
    pdfgen = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    canvas = pdfgen.Canvas(buffer)
    y = 800
    for line in (SEEDS / "szq-gt.txt").read_text(encoding="utf-8").splitlines():
        # printed lines of 38 characters: sentences run over line and page breaks as in a real PDF
        for start in range(0, max(len(line.strip()), 1), 38):
            if y < 60:
                canvas.showPage()
                y = 800
            canvas.setFont("STSong-Light", 10)
            canvas.drawString(40, y, line.strip()[start : start + 38])
            y -= 14
    canvas.showPage()
    canvas.save()
    [doc] = draft_bytes(buffer.getvalue(), "高唐方案.pdf", knowledge)
    assert doc.title == "济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案"
    assert doc.issued == "2025-01-24"
    _assert_like_curated(doc, "szq-gt")


def blank_pdf() -> bytes:
    """One page with no text layer, as a scan without OCR is."""
    pdfgen = pytest.importorskip("reportlab.pdfgen.canvas")
    buffer = io.BytesIO()
    canvas = pdfgen.Canvas(buffer)
    canvas.rect(100, 100, 200, 200)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """One page of text, opened only with its password ("secret"), as a PDF saved with a password to open it is."""
    pdfgen = pytest.importorskip("reportlab.pdfgen.canvas")
    buffer = io.BytesIO()
    canvas = pdfgen.Canvas(buffer, encrypt="secret")
    canvas.drawString(72, 720, "1. plan text")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def docx_bomb() -> bytes:
    """A zip of 36 kB whose text part unpacks to 36 MB (an attack on the drafting page held its worker at 3.7 GB)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:p><w:r><w:t>一</w:t></w:r></w:p>" * 1_000_000)
    return buffer.getvalue()


BAD_INPUTS = [  # raw, name, what the message must say, its code, the Chinese wording's gist
    (b"", "empty.txt", "the file is empty", "empty_file", "文件为空"),
    (b"\n \n\t\n", "blank.txt", "the file is empty", "empty_file", "文件为空"),
    # a walk: an empty Word file was "not a readable .docx file (BadZipFile)"; no exception's name reaches the reader
    (b"", "empty.docx", "the file is empty", "empty_file", "文件为空"),
    (b"", "empty.pdf", "the file is empty", "empty_file", "文件为空"),
    ("- 3 -\n".encode(), "page-number.txt", "the text is empty", "empty", "文本为空"),  # nothing left once cleaned
    (b"PK\x03\x04 not really", "broken.docx", "not a readable Word (.docx) file: save it again from Word", "docx",
     "不是可读的 Word（.docx）文件：请用 Word 重新保存"),
    (b"%PDF-1.4 nothing", "broken.pdf", "not a readable PDF: export it again as PDF", "pdf", "不是可读的 PDF：请重新导出为 PDF"),
    (b"hello", "plan.xlsx", "'.xlsx' files are not read: use one of .txt, .docx, .pdf", "suffix",
     "不读取“.xlsx”文件：请使用 .txt, .docx, .pdf 之一"),
    (b"\xff\xfe\x00\xd8" * 10, "bad.txt", "neither UTF-8 nor GB18030", "encoding", "既不是 UTF-8 也不是 GB18030"),
    (b"a" * 5_000_001, "big.txt", "the file is 5.0 MB; the limit is 5 MB", "too_large", "文件为 5.0 MB，上限为 5 MB"),
    (b"x\n" * 20_001, "long.txt", "the text has 20,001 lines; the limit is 20,000", "too_many_lines",
     "文本共 20,001 行，上限为 20,000 行"),
    ("blank", "scan.pdf", "the PDF has no text layer", "no_text_layer", "没有文字层"),
    # an attack: a PDF opened only with a password was "not a readable PDF: export it again"
    ("encrypted", "locked.pdf", "the PDF is password-protected: remove the password and upload it again", "pdf_encrypted",
     "此 PDF 设有打开密码"),
    # a Word file is refused as it is read, at its 20,001st line: how many more it holds is not counted
    ("long", "long.docx", "the text runs past 20,000 lines, the limit", "past_line_limit", "文本超过 20,000 行的上限"),
    # 36 bytes a paragraph × 1,000,000 + 8: refused from the zip's directory, before any XML is parsed
    ("bomb", "plan.docx", "the Word file unpacks to 36 MB, more than the 30 MB a plan takes", "docx_unpacked",
     "Word 文件解压后为 36 MB，超过一份方案的上限 30 MB"),
]
MADE = {"blank": blank_pdf, "bomb": docx_bomb, "encrypted": encrypted_pdf,
        "long": lambda: _docx_with(f"<w:p>{_run('一')}</w:p>" * 20_001)}


@pytest.mark.parametrize("raw,name,message,code,zh", BAD_INPUTS)
def test_bad_input_says_why_in_both_languages(knowledge, raw, name, message, code, zh):
    """The English is the command line's message; the dashboard words the same code in Chinese (never the
    "（英文说明）" fallback) with the same particulars."""
    from ui.report.i18n import draft_error_text

    with pytest.raises(DraftInputError) as caught:
        draft_bytes(MADE[raw]() if isinstance(raw, str) else raw, name, knowledge)
    error = caught.value
    assert message in str(error) and error.code == code
    assert draft_error_text(error, "en") == str(error)
    assert zh in draft_error_text(error, "zh") and "英文说明" not in draft_error_text(error, "zh")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-8", "gb18030"])
def test_a_text_file_is_read_in_the_encodings_windows_saves(knowledge, encoding):
    """A walk: a .txt Notepad saved as "Unicode" (UTF-16 with its byte-order mark) was refused as neither UTF-8 nor
    GB18030. The seed of 市中区—高唐县 drafts the same whichever way it is saved."""
    from analytics.draft.reading import decode_text

    text = (SEEDS / "szq-gt.txt").read_text("utf-8")
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + raw
    assert decode_text(raw) == text
    assert [doc.title for doc in draft_bytes(raw, "plan.txt", knowledge)] == [d.title for d in draft_text(text, knowledge)]


def test_cli_writes_the_draft_and_prints_the_review_list(tmp_path, capsys):
    from analytics.__main__ import main

    out = tmp_path / "fx.yaml"
    code = main(["draft", str(SEEDS / "szq-fx.txt"), "--parent", "jn-ly-division", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0 and out.is_file()
    assert "17 items" in printed and "validates as an upload" in printed
    assert "szq-fx.txt:30: [unit]" in printed  # 两地区（县）委党校（行政学院） matched by similarity, to be read
    assert out.read_text(encoding="utf-8").startswith("# 起草助手草稿")


def test_cli_two_documents_two_files(tmp_path, capsys):
    from analytics.__main__ import main

    code = main(["draft", str(SEEDS / "jn-ly.txt"), "--out", str(tmp_path / "jl.yaml")])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jl-2.yaml", "jl.yaml"]
    assert Path(tmp_path / "jl-2.yaml").read_text(encoding="utf-8").count("- id: jinan-linyi-draft-2/") == 43


def test_worker_drafts_and_keeps_its_deadline():
    from analytics.draft.isolated import draft_in_worker

    drafts = draft_in_worker((SEEDS / "szq-gt.txt").read_bytes(), "szq-gt.txt", [])
    assert [len(d.tasks) for d in drafts] == [18]
    with pytest.raises(DraftInputError, match="empty") as caught:
        draft_in_worker(b"", "empty.txt", [])
    assert caught.value.code == "empty_file"  # the code crosses from the worker, so the page words it
    with pytest.raises(DraftInputError, match="longer than") as caught:
        draft_in_worker((SEEDS / "jn-ly.txt").read_bytes(), "jn-ly.txt", [], deadline=0.01)
    assert (caught.value.code, caught.value.params) == ("overrun", {"s": "0"})
    assert draft_error_text(caught.value, "en") == str(caught.value)
    assert draft_error_text(caught.value, "zh") == "起草超过 0 秒，已停止：只粘贴方案本身，或把长文本分开起草"


def test_a_pdf_that_unpacks_to_far_more_than_it_shows_is_refused_within_the_workers_memory(monkeypatch):
    """An attack: a PDF of under 1 MB whose one page's content is 1 GB of spaces held the worker at 2.0 GB. The worker
    reads with its address space held to READING_MEMORY_MB more than it had (here 100 MB, against 400 MB of spaces in a
    PDF of about 400 kB), and says why in both languages; a plan's PDF reads within it."""
    import zlib

    from analytics.draft import isolated

    packer = zlib.compressobj(9)
    content = b"".join(packer.compress(b" " * 2**20) for _ in range(400)) + packer.flush()
    monkeypatch.setattr(isolated, "READING_MEMORY_MB", 100)
    with pytest.raises(DraftInputError) as caught:
        isolated.draft_in_worker(pdf_of_stream(content), "bomb.pdf", [])
    assert (caught.value.code, caught.value.params) == ("too_heavy", {"limit": 100})
    assert "需内存超过 100 MB" in draft_error_text(caught.value, "zh")
    plan = pdf_of_stream(zlib.compress(b"BT /F1 12 Tf 72 720 Td (Jinan Linyi plan) Tj ET"))
    assert isolated.read_bounded(plan, "plan.pdf", 100) == [("Jinan Linyi plan", 1)]


@pytest.mark.parametrize("content, refused", [
    # letters: 10 lines of 100 (1,000 bytes shown) against a limit of 1,000, then 1,100 past it
    (b"BT /F1 12 Tf 72 720 Td " + (b"0 -14 Td (" + b"A" * 100 + b") Tj ") * 10 + b"ET", False),
    (b"BT /F1 12 Tf 72 720 Td " + (b"0 -14 Td (" + b"A" * 100 + b") Tj ") * 11 + b"ET", True),
    # shapes: 1,001 squares painted, and no text at all
    (b"0 0 1 1 re f " * 1001, True),
])
def test_a_pdf_drawing_far_more_than_a_plan_is_refused_before_it_is_laid_out(monkeypatch, content, refused):
    """Pages of letters (a 1 kB page drawing 200,000: 6 s of CPU and 550 MB; twenty of them 80 s and 4.2 GB) spent the
    whole drafting deadline: what a PDF draws is counted on each page before it is laid out, and refused past
    MAX_PDF_DRAWN (here 1,000), in both languages."""
    import zlib

    from analytics.draft import reading

    monkeypatch.setattr(reading, "MAX_PDF_DRAWN", 1000)
    raw = pdf_of_stream(zlib.compress(content))
    if not refused:
        assert reading.pdf_pages(raw)[0].count("A") == 1000
        return
    with pytest.raises(DraftInputError) as caught:
        reading.pdf_pages(raw)
    assert (caught.value.code, caught.value.params) == ("pdf_drawn", {"limit": 1000})
    assert draft_error_text(caught.value, "zh") == ("PDF 绘出的字符和图形超过 1,000 个，远多于一份方案的文字所需：请只把方案本身导出为 PDF，"
                                                    "或粘贴文本")
    assert draft_error_text(caught.value, "en").startswith("the PDF draws more than 1,000 characters and shapes")


@pytest.mark.parametrize("returncode, said, code", [
    # out of memory inside a library's C code while reading: a segmentation fault, or a fatal error naming MemoryError
    (-11, "{reading}Exception ignored in: <object repr() failed>\n", "too_heavy"),
    (-6, "{reading}Fatal Python error: Cannot recover from MemoryErrors while normalizing exceptions.\n", "too_heavy"),
    # the same after the reading: not the reading's memory
    (-11, "{reading}{read}", "failed"),
    (1, "{reading}{read}Traceback (most recent call last):\nValueError: odd\n", "failed"),
])
def test_a_worker_that_dies_reading_under_its_memory_bound_says_so(monkeypatch, returncode, said, code):
    """A PDF page of 600,000 characters in a 1 kB file ran the worker out of its reading memory inside pdfminer: one run
    in two ended on a segmentation fault, worded "drafting failed (no message)"."""
    import subprocess

    from analytics.draft import isolated

    said = said.format(reading=isolated.READING, read=isolated.READ).encode()
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, returncode, b"", said))
    with pytest.raises(DraftInputError) as caught:
        isolated.draft_in_worker(b"%PDF", "plan.pdf", [])
    assert caught.value.code == code


def test_worker_waits_for_a_turn_shared_with_upload_checks(monkeypatch):
    """Drafts and upload checks share analytics.isolated.MAX_WORKERS turns: with the one turn allowed held by an
    upload check, a draft waits its deadline and is refused, saying why; once the turn is free it drafts."""
    import threading

    from analytics import isolated
    from analytics.draft.isolated import draft_in_worker

    monkeypatch.setattr(isolated, "_WORKERS", threading.BoundedSemaphore(1))
    with isolated.worker_turn(1) as held:
        assert held
        with pytest.raises(DraftInputError, match="no room for this one within 0.2 s") as caught:
            draft_in_worker((SEEDS / "szq-gt.txt").read_bytes(), "szq-gt.txt", [], deadline=0.2)
        assert (caught.value.code, caught.value.params) == ("busy", {"s": "0.2"})
        assert draft_error_text(caught.value, "en") == str(caught.value)
        assert "0.2 秒内未能轮到此文件" in draft_error_text(caught.value, "zh")
    assert [len(d.tasks) for d in draft_in_worker((SEEDS / "szq-gt.txt").read_bytes(), "szq-gt.txt", [])] == [18]


def test_unreadable_registries_are_worded_in_both_languages(tmp_path):
    import shutil

    from ui.report.i18n import draft_error_text

    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    (data / "registry" / "themes.yaml").write_text("themes: [\n", encoding="utf-8")
    with pytest.raises(DraftInputError) as caught:
        load_knowledge(data, SEEDS)
    assert caught.value.code == "registries"
    assert draft_error_text(caught.value, "en") == str(caught.value)
    assert draft_error_text(caught.value, "zh").startswith("登记表无法读取")


@pytest.mark.parametrize("raw, cleaned", [
    ("（一）示例\ufffe任务\uffff", "（一）示例任务"),  # noncharacters no extract may hold (an attack's draft carried one)
    ("\ufeff甲\x07乙\x1b[31m丙", "甲乙[31m丙"),  # a byte-order mark and control characters
    ("甲\t乙", "甲\t乙"),  # a tab stays
    # invisible formatting characters (an attack: "区商务局\u200b" was proposed as a new body): zero-width space and
    # joiner, word joiner, soft hyphen, bidi override and isolate, a tag character (past U+FFFF)
    ("区商务局\u200b、区农业\u200d农村局\u2060\u00ad", "区商务局、区农业农村局"),
    ("\u202e上城区\u202c—埇桥区\u2066方案\U000e0041", "上城区—埇桥区方案"),
    ("甲\u3000乙", "甲 乙"),  # the ideographic space is a space, as before
    ("Word 文档ᄋ", "Word 文档ᄋ"),  # a class written \u110bd would take U+110B and "d"
])
def test_reading_removes_invisible_characters_no_extract_may_hold(raw, cleaned):
    from analytics.draft.reading import clean_text

    assert clean_text(raw) == cleaned


def test_every_invisible_formatting_character_is_declared():
    """FORMAT holds every character of Unicode's category Cf this Python knows, and the reader drops each."""
    import unicodedata

    from analytics.corpus.characters import FORMAT, characters
    from analytics.draft.reading import clean_text

    declared = set(characters(FORMAT))
    assert [hex(p) for p in range(0x110000) if unicodedata.category(chr(p)) == "Cf" and chr(p) not in declared] == []
    assert clean_text("甲" + "".join(sorted(declared)) + "乙") == "甲乙"


@pytest.mark.parametrize("invisible", ["\u200b", "\u202e", "\u00ad", "\u2060", "\U000e0041"])
def test_a_known_body_with_an_invisible_character_is_known(knowledge, invisible):
    """An attack: the seed of 上城区—埇桥区 with a zero-width space after 区商务局 proposed "区商务局\u200b" as a new body
    (and named 上城区's commerce bureau beside 埇桥区's). It drafts as the seed does."""
    text = (SEEDS / "sc-yq.txt").read_text(encoding="utf-8")
    [plain] = draft_text(text, knowledge)
    [doc] = draft_text(text.replace("区商务局", "区商务局" + invisible).replace("工作方案", "工作" + invisible + "方案", 1),
                       knowledge)
    assert doc.new_units == [] and doc.title == plain.title
    assert [[c.bodies for c in t.clauses] for t in doc.tasks] == [[c.bodies for c in t.clauses] for t in plain.tasks]


REVIEWED = [  # texts whose drafts flag most kinds of review item, with the codes each must raise
    ((SEEDS / "jn-ly.txt").read_text(encoding="utf-8"), {"weak_parent"}),  # 11 division tasks, K16 at 0.093 …
    ("乙市—乙市对口合作实施方案\n为推动两地合作，制定本方案。\n一、产业合作\n导语一段。\n1.共建产业园区。\n2.共建园区。（牵头单位：两市火星局）\n- 3 -\n",
     {"place_proposed", "one_place", "pairing_proposed", "no_issuers", "no_date", "before_first_item",
      "dropped_page_number", "no_clause", "unit_proposed", "title_no_text", "instrument_unsure"}),
    ("一些文字\n一、产业合作\n1.共建产业园区。支持两地共建产业园区。\n", {"no_title", "no_place"}),
]


@pytest.mark.parametrize(("text", "codes"), REVIEWED, ids=["seed", "invented", "untitled"])
def test_review_items_are_worded_in_both_languages_and_say_what_the_command_line_says(knowledge, text, codes):
    """The drafting page showed the review list in English on the Chinese page; each item now carries a code the
    catalogue words in both languages, and its English wording is the command line's, word for word."""
    from ui.report.i18n import coded_text

    items = [r for doc in draft_text(text, knowledge) for r in doc.review]
    assert codes <= {r.code for r in items}
    for r in items:
        assert coded_text("review", r.code, dict(r.params), r.message, "en") == r.message
        chinese = coded_text("review", r.code, dict(r.params), r.message, "zh")
        assert "英文说明" not in chinese and re.search(r"[\u4e00-\u9fff]", chinese), r


def test_every_review_code_in_the_drafting_code_is_worded():
    from ui.report.i18n import LABELS

    source = "".join(p.read_text(encoding="utf-8") for p in (paths.ROOT / "analytics" / "draft").glob("*.py"))
    codes = set(re.findall(r'code="(\w+)"', source)) - {"failed"}  # DraftInputError's codes are worded apart
    codes |= {f"dropped_{reason}" for reason in re.findall(r'Dropped\(\w+, \w+, "(\w+)"\)', source)}
    assert len(codes) >= 20
    assert not [c for c in codes if f"review_{c}" not in LABELS]


# An attack: a plan numbering its tasks 1. to 1100. drafted 999 of them, tasks 1000–1100 glued into 999's text, and
# nothing said so. Numbers of four digits are read as tasks too; a line starting with a year and 、 stays text (the
# next character a digit: "2023、2024年"), as does a decimal ("2025.5").
@pytest.mark.parametrize("last", [1000, 1100])
def test_tasks_numbered_past_999_are_each_drafted(knowledge, last):
    body = "一、产业合作\n" + "".join(f"{n}.共建产业园区，推进招商引资。（牵头单位：市发展改革委）\n" for n in range(1, last + 1))
    [doc] = draft_text(NOTICE + TITLE + body, knowledge)
    assert [t.number for t in doc.tasks] == [str(n) for n in range(1, last + 1)]
    assert all(t.text.count("共建产业园区") == 1 for t in doc.tasks)


# An attack: a plan of 19,989 tasks glued tasks 10000 onwards into task 9999. A number of as many digits as the text may
# have lines (MAX_LINES, 20,000: five) is a task's; numbered from where the attack's crossed four digits, and to the end.
@pytest.mark.parametrize("numbers", [[9998, 9999, 10000, 10001], [19999, 20000]])
def test_tasks_numbered_past_9999_are_each_drafted(knowledge, numbers):
    body = "一、产业合作\n" + "".join(f"{n}.共建产业园区，推进招商引资。（牵头单位：市发展改革委）\n" for n in numbers)
    [doc] = draft_text(NOTICE + TITLE + body, knowledge)
    assert [t.number for t in doc.tasks] == [str(n) for n in numbers]
    assert all(t.text.count("共建产业园区") == 1 for t in doc.tasks)


def test_a_year_at_a_lines_start_is_not_a_task_number(knowledge):
    body = "一、产业合作\n1.共建产业园区。两地共建园区。\n2023、2024年连续举办推介会。\n2.推进招商引资。联合招商。\n"
    [doc] = draft_text(NOTICE + TITLE + body, knowledge)
    assert [t.number for t in doc.tasks] == ["1", "2"]
    assert "2023、2024年连续举办推介会" in doc.tasks[0].text


# A walk: a file holding two documents of one pairing (seeds/jn-ly.txt: the division plan and the 2023 work points)
# drafted both with the short names 济南市—临沂市（草稿）/ Jinan–Linyi (draft); each passed the drafting page's check
# alone, and the second was refused, unsaid on that page, when added beside the first. The second and later are numbered
# as their ids are, and the check sees the session's other uploads and drafts (`others`), as the session does.
def test_a_files_documents_are_named_apart_and_checked_beside_the_sessions_others(knowledge):
    import yaml as pyyaml

    docs = draft_bytes((SEEDS / "jn-ly.txt").read_bytes(), "jn-ly.txt", knowledge)
    texts = [to_yaml(doc, knowledge.registries) for doc in docs]
    shorts = [(p["short_zh"], p["short_en"]) for p in (pyyaml.safe_load(text)["programme"] for text in texts)]
    assert shorts == [("济南市—临沂市（草稿）", "Jinan–Linyi (draft)"), ("济南市—临沂市（草稿2）", "Jinan–Linyi (draft 2)")]
    first, second = (f"{doc.programme_id}.yaml" for doc in docs)
    assert (first, second) == ("jinan-linyi-draft.yaml", "jinan-linyi-draft-2.yaml")
    beside = {first: texts[0].encode("utf-8")}
    assert [p for p in check_draft(texts[1], second, others=beside) if p.severity == "error"] == []
    # the same names again under another id (an earlier draft of the same document, kept): said before it is added
    again = texts[0].replace("jinan-linyi-draft", "jinan-linyi-draft-9")
    errors = [p for p in check_draft(again, "jinan-linyi-draft-9.yaml", others=beside) if p.severity == "error"]
    assert sorted(p.code for p in errors) == ["short_name_taken", "short_name_taken"]
    assert check_draft(texts[0], first, others=beside) == check_draft(texts[0], first)  # itself is not another


def _plan_with_tables(tables: list[tuple[str | None, list[int]]]) -> bytes:
    """A Word plan whose section 二 holds task tables (序号 | 重点任务 | 责任单位), each under its sub-heading (or none),
    built with python-docx as Word writes a table."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ["甲市—乙市对口合作实施方案", "为推动两地合作，制定本方案。", "二、重点工作"]:
        document.add_paragraph(line)
    for heading, numbers in tables:
        if heading:
            document.add_paragraph(heading)
        table = document.add_table(rows=1 + len(numbers), cols=3)
        for cell, name in zip(table.rows[0].cells, ["序号", "重点任务", "责任单位"]):
            cell.text = name
        for row, n in zip(table.rows[1:], numbers):
            for cell, text in zip(row.cells, [str(n), f"共建园区，推进招商{n}。", f"两地发展改革局{n}"]):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# An attack: a task table under a sub-heading put its header row (序号 重点任务 责任单位) between （一） and task 1, so （一）
# was taken for the task level: two tasks, each the sub-heading with its table's rows glued in, a clause lost, and the
# draft validated; a second table with no sub-heading glued its header onto the task before it. A header row is left
# out (and said so), whether a Word table's or a text's.
@pytest.mark.parametrize("raw, name, tasks", [
    (lambda: _plan_with_tables([("（一）推进一产", [1, 2]), ("（二）推进二产", [3, 4])]), "plan.docx",
     [("1", "（一）", "共建园区，推进招商1。", ["两地发展改革局1"]), ("2", "（一）", "共建园区，推进招商2。", ["两地发展改革局2"]),
      ("3", "（二）", "共建园区，推进招商3。", ["两地发展改革局3"]), ("4", "（二）", "共建园区，推进招商4。", ["两地发展改革局4"])]),
    (lambda: _plan_with_tables([("（一）推进一产", [1, 2]), (None, [3])]), "plan.docx",
     [("1", "（一）", "共建园区，推进招商1。", ["两地发展改革局1"]), ("2", "（一）", "共建园区，推进招商2。", ["两地发展改革局2"]),
      ("3", "（一）", "共建园区，推进招商3。", ["两地发展改革局3"])]),
    (lambda: "甲市—乙市对口合作实施方案\n为推动两地合作，制定本方案。\n二、重点工作\n序号 任务 责任单位\n"
             "1.共建园区，推进招商1。（责任单位：两地发展改革局1）\n序号 任务 责任单位\n2.共建园区，推进招商2。（责任单位：两地发展改革局2）\n"
             "".encode(), "plan.txt",
     [("1", None, "共建园区，推进招商1。", ["两地发展改革局1"]), ("2", None, "共建园区，推进招商2。", ["两地发展改革局2"])]),
])
def test_a_task_tables_header_row_is_no_task_text(knowledge, raw, name, tasks):
    [doc] = draft_bytes(raw(), name, knowledge)
    assert [(t.number, t.subsection, t.text, [c.printed for c in t.clauses]) for t in doc.tasks] == tasks
    assert {r.code for r in doc.review if r.kind == "dropped"} == {"dropped_table_header"}


# An attack: a .txt holding form feeds and U+2028 had every line after them numbered late (a task shown at line 52, in
# the file at 47), for str.splitlines breaks at them. Lines are numbered as an editor numbers them (\n, \r\n, \r); the
# others are spaces in their line. NOTICE and TITLE are lines 1-10; 一、 is 11, the separator's line 12.
@pytest.mark.parametrize("separator, newline", [
    (sep, "\n") for sep in ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
] + [("\x0c", "\r\n"), ("\u2028", "\r")])
def test_lines_are_numbered_as_an_editor_numbers_them(knowledge, separator, newline):
    body = (f"一、产业合作\n{separator}\n1.共建产业园区，推进招商引资。{separator}\n{separator}2.联合开展招商推介，共享客商资源。\n"
            f"{separator}{separator}\n3.协同培育新兴产业，推进项目落地。\n")
    [doc] = draft_text((NOTICE + TITLE + body).replace("\n", newline), knowledge)
    assert [(t.number, t.line, t.text) for t in doc.tasks] == [
        ("1", 13, "共建产业园区，推进招商引资。"), ("2", 14, "联合开展招商推介，共享客商资源。"), ("3", 16, "协同培育新兴产业，推进项目落地。")]
    assert doc.end_line == 16



# An attack: a PDF whose fonts map their characters to no text read "(cid:3703)(cid:2249)…" and was drafted as text, its
# only errors "value does not fit". More than half its characters (spaces aside) unmapped, it is refused, as a scan is;
# a few stray ones are not. F2 maps none: <0E8F1A2B0102> draws three, "(cid:N)" each; "1. plan text" is ten characters.
@pytest.mark.parametrize("content, refused", [
    (b"BT /F2 12 Tf 72 720 Td <0E8F1A2B0102> Tj ET", True),  # 3 of 3
    (b"BT /F2 12 Tf 72 720 Td <0E8F1A2B0102> Tj ET BT /F1 12 Tf 72 700 Td (ab) Tj ET", True),  # 3 of 5
    (b"BT /F2 12 Tf 72 720 Td <0E8F1A2B> Tj ET BT /F1 12 Tf 72 700 Td (ab) Tj ET", False),  # 2 of 4: half
    (b"BT /F2 12 Tf 72 720 Td <0E8F1A2B0102> Tj ET BT /F1 12 Tf 72 700 Td (1. plan text) Tj ET", False),  # 3 of 13
])
def test_a_pdf_whose_fonts_map_no_characters_is_refused(content, refused):
    import zlib

    from analytics.draft.reading import read_input

    pytest.importorskip("pdfplumber")
    raw = pdf_of_stream(zlib.compress(content), b"/F2 " + UNMAPPED_FONT)
    if not refused:
        assert "(cid:" in "".join(line for line, _ in read_input(raw, "plan.pdf"))
        return
    with pytest.raises(DraftInputError) as caught:
        read_input(raw, "plan.pdf")
    assert caught.value.code == "pdf_unmapped" and "fonts map no characters" in str(caught.value)
    assert "字体未对应任何字符" in draft_error_text(caught.value, "zh")


# A header row is column names alone: a line of plan text wrapped between short words around 牵头单位 is text (an
# attack on the first rule, which dropped "督促 牵头单位 落实" from the middle of a task).
@pytest.mark.parametrize("line, header", [
    ("序号 重点任务 责任单位", True),
    ("序号 工作任务 牵头单位 配合单位 完成时限", True),
    ("任务 责任单位", True),
    ("压实 牵头单位 主体责任", False),
    ("明确 责任单位 和 完成时限", False),
    ("会议 由 牵头单位 召集", False),
    ("二 组织 保障 牵头单位", False),
    ("加强 协同 配合单位 全力 支持", False),
    ("一 产业 合作", False),
    ("牵头单位 市发改委", False),  # a label and its value
])
def test_only_a_line_of_column_names_is_a_table_header(line, header):
    from analytics.draft.reading import _table_header

    assert _table_header(line) is header


def test_a_plan_line_wrapped_around_a_body_column_name_stays_in_its_task(knowledge):
    body = "一、产业合作\n1.共建产业园区，由两地发展改革委\n督促 牵头单位 落实\n主体责任。（责任单位：市发展改革委）\n"
    [doc] = draft_text(NOTICE + TITLE + body, knowledge)
    assert "督促牵头单位落实" in doc.tasks[0].text.replace(" ", "")
    assert not [r for r in doc.review if r.code == "dropped_table_header"]
