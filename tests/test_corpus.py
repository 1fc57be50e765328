"""Expectations worked out by hand from the seed texts."""

import pytest


def bodies(corpus, task_id, role):
    rows = corpus.task_units[(corpus.task_units.task_id == task_id) & (corpus.task_units.role == role)]
    return set(rows.unit_id)


@pytest.mark.parametrize(
    "programme_id, tasks, safeguards, key_tasks",
    [
        ("szq-fx", 17, 0, 0),
        ("jn-ly-division", 53, 0, 0),
        ("jn-ly-2023", 43, 0, 0),
        ("jn-ly-provincial", 0, 0, 22),
        ("szq-gt", 18, 0, 0),
        ("sc-yq", 21, 3, 0),
        ("sh-sm", 25, 4, 0),
    ],
)
def test_counts_per_document(corpus, programme_id, tasks, safeguards, key_tasks):
    row = corpus.programmes.set_index("programme_id").loc[programme_id]
    assert (row.tasks, row.safeguards, row.key_tasks) == (tasks, safeguards, key_tasks)


@pytest.mark.parametrize(
    "task_id, role, expected",
    [
        # （三）…（牵头部门：两地农业农村局；参与部门：两地人力资源社会保障局、投资促进部门）
        ("szq-fx/03", "lead", {"shizhong.agriculture", "feixian.agriculture"}),
        ("szq-fx/03", "support", {"shizhong.hr_social", "feixian.hr_social",
                                  "shizhong.investment_promotion", "feixian.investment_promotion"}),
        # （一）〔牵头部门：两地区（县）委党校（行政学院）；…〕
        ("szq-fx/01", "lead", {"shizhong.party_school", "feixian.party_school"}),
        # （十四）（牵头部门：两地残联）
        ("szq-fx/14", "lead", {"shizhong.disabled_persons", "feixian.disabled_persons"}),
        ("szq-fx/14", "support", set()),
        # 1.（两市市委宣传部牵头，两市市委组织部、文化和旅游局分工负责）
        ("jn-ly-division/01", "lead", {"jinan.propaganda", "linyi.propaganda"}),
        ("jn-ly-division/01", "support", {"jinan.organization", "linyi.organization",
                                          "jinan.culture_tourism", "linyi.culture_tourism"}),
        # 7.（临沂市乡村振兴局负责）
        ("jn-ly-division/07", "responsible", {"linyi.rural_revitalization"}),
        # 4.（两市退役军人局分工负责）: no lead, so 分工负责 means responsible
        ("jn-ly-division/04", "responsible", {"jinan.veterans", "linyi.veterans"}),
        # 50.（两市地方金融监管局牵头，两市发展改革委、中国人民银行济南分行营业管理部、临沂市银保监分局、中国人民银行临沂市中心支行分工负责）
        ("jn-ly-division/50", "lead", {"jinan.financial_regulation", "linyi.financial_regulation"}),
        ("jn-ly-division/50", "support", {"jinan.development_reform", "linyi.development_reform",
                                          "jinan.pboc", "linyi.cbirc", "linyi.pboc"}),
        # 14.（责任单位：两市交通运输局、济南市口岸物流办、临沂市发展改革委、…、临沂商场管委会）— 商场 is a typo for 商城
        ("jn-ly-2023/14", "responsible", {"jinan.transport", "linyi.transport", "jinan.logistics",
                                          "linyi.development_reform", "linyi.highway_center",
                                          "linyi.rail_aviation_center", "linyi.mall_admin"}),
        # 26.（责任单位：济南市园林和林业绿化局、临沂市林业局及两市发展改革委、自然资源和规划局、生态环境局）
        ("jn-ly-2023/26", "responsible", {"jinan.forestry", "linyi.forestry", "jinan.development_reform",
                                          "linyi.development_reform", "jinan.natural_resources",
                                          "linyi.natural_resources", "jinan.ecology_environment",
                                          "linyi.ecology_environment"}),
        # 4.（责任单位：市中区投资促进局，高唐县商务和投资促进局、经济发展服务中心）
        ("szq-gt/04", "responsible", {"shizhong.investment_promotion", "gaotang.commerce_investment",
                                      "gaotang.economic_service"}),
        # 8.（责任单位：市中区金融运行监测中心，高唐县财政局）
        ("szq-gt/08", "responsible", {"shizhong.finance_monitoring", "gaotang.finance_bureau"}),
        # 1.（责任单位：区商务局、区农业农村局、区粮食和物资储备中心）
        ("sc-yq/01", "responsible", {"yongqiao.commerce", "yongqiao.agriculture", "yongqiao.grain_reserve"}),
        # 12.（责任单位：区委政法委、区数据资源局、市城管局埇桥分局、市公安局埇桥分局）
        ("sc-yq/12", "responsible", {"yongqiao.politics_law", "yongqiao.data_resources",
                                     "yongqiao.urban_management", "yongqiao.public_security"}),
    ],
)
def test_bodies_and_roles(corpus, task_id, role, expected):
    assert bodies(corpus, task_id, role) == expected


@pytest.mark.parametrize(
    "unit_id, programme_id, side",
    [
        ("jinan.propaganda", "jn-ly-division", "helper"),
        ("gangcheng.government", "jn-ly-division", "helper"),  # 钢城区 lies within 济南
        ("mengyin.government", "jn-ly-division", "recipient"),  # 蒙阴县 lies within 临沂
        ("feixian.agriculture", "szq-fx", "recipient"),
        ("shizhong.agriculture", "szq-fx", "helper"),
        ("gaotang.hongji", "szq-gt", "recipient"),
        ("yongqiao.commerce", "sc-yq", "recipient"),
    ],
)
def test_side_follows_place(corpus, unit_id, programme_id, side):
    rows = corpus.task_units[(corpus.task_units.unit_id == unit_id) & (corpus.task_units.programme_id == programme_id)]
    assert len(rows) > 0 and set(rows.side) == {side}


@pytest.mark.parametrize(
    "programme_id, units_named",
    [("jn-ly-division", "both"), ("szq-fx", "both"), ("szq-gt", "both"), ("sc-yq", "recipient_only"),
     ("sh-sm", "none")],
)
def test_which_sides_name_units(corpus, programme_id, units_named):
    assert corpus.programmes.set_index("programme_id").loc[programme_id, "units_named"] == units_named


def parents(corpus, task_id):
    return set(corpus.task_links[corpus.task_links.task_id == task_id].parent_task_id)


@pytest.mark.parametrize(
    "task_id, must_include",
    [
        # （一）传承践行红色精神: K01's heading; 党校现场教学 comes from division task 2.
        ("szq-fx/01", {"jn-ly-provincial/K01", "jn-ly-division/02"}),
        # （三）: 保持原有结对帮扶关系 (div 8) and 鼓励…民营企业、社会组织…劳务合作 (div 9).
        ("szq-fx/03", {"jn-ly-provincial/K04", "jn-ly-division/08", "jn-ly-division/09"}),
        # （十一）reuses K14's heading 强化“双创”协同合作 but its body copies K13's division tasks 29–31.
        ("szq-fx/11", {"jn-ly-provincial/K13", "jn-ly-provincial/K14", "jn-ly-division/29",
                       "jn-ly-division/30", "jn-ly-division/31"}),
        # （十五）实施财政帮扶: div 48 (协作帮扶资金统筹) and 49 (积极争取中央、省政策性资金).
        ("szq-fx/15", {"jn-ly-provincial/K20", "jn-ly-division/48", "jn-ly-division/49"}),
        # Division task 27 sits under （十二）共同培育新兴产业.
        ("jn-ly-division/27", {"jn-ly-provincial/K12"}),
        # Work point 38 (企业登记“跨域通办”, same units) advances division task 12 (政务服务“跨域通办”).
        ("jn-ly-2023/38", {"jn-ly-division/12"}),
        # Work point 5 repeats division task 6 (整合两市红色旅游资源…编制红色文旅对口合作专项实施方案).
        ("jn-ly-2023/05", {"jn-ly-division/06"}),
    ],
)
def test_parent_links(corpus, task_id, must_include):
    assert must_include <= parents(corpus, task_id)


def test_county_addition_has_no_parent(corpus):
    # （十四）残疾人帮扶 has no counterpart in the division plan.
    assert parents(corpus, "szq-fx/14") == set()


def test_every_division_task_implements_exactly_one_key_task(corpus):
    links = corpus.task_links[corpus.task_links.task_id.str.startswith("jn-ly-division/")]
    assert (links.relation == "implements").all()
    assert links.groupby("task_id").size().eq(1).all()
    assert links.task_id.nunique() == 53


def test_county_plan_is_mandated_by_division_task(corpus):
    links = corpus.programme_links[corpus.programme_links.programme_id == "szq-fx"]
    assert ("jn-ly-division/08", "mandated_by") in set(zip(links.via_task_id, links.relation))


def test_every_task_has_exactly_one_primary_theme(corpus):
    primaries = corpus.task_themes[corpus.task_themes.is_primary].groupby("task_id").size()
    assert set(primaries.index) == set(corpus.tasks.task_id)
    assert primaries.eq(1).all()


def test_other_theme_holds_only_a_handful(corpus):
    assert (corpus.tasks.primary_theme == "other").sum() <= 3


def test_corpus_validates_without_problems(corpus):
    assert [str(p) for p in corpus.problems] == []
