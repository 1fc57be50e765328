"""Interface labels in Chinese (default) and English. Task texts are never translated."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from analytics.corpus.yamlio import REFUSALS as YAML_REFUSALS
from analytics.draft_refusal import REFUSALS
from analytics.memo import once_per_table, per_table
from ui.report.safe import md, plain, visible

LANGUAGES = ("zh", "en")
STRICT_ENV = "PAIRED_STRICT_LABELS"  # "1": unknown label keys raise (tests set it for the servers they start)

LABELS: dict[str, tuple[str, str]] = {
    # key: (中文, English)
    "app_title": ("对口合作方案比较", "Paired-cooperation programmes compared"),
    "language": ("语言 Language", "语言 Language"),
    "filters": ("筛选", "Filters"),
    "programmes": ("方案", "Programmes"),
    "themes": ("主题", "Themes"),
    "all": ("全部", "All"),
    "all_programmes": ("全部 {n} 个方案", "All {n} programmes"),
    "all_programmes_one": ("全部 1 个方案", "The 1 programme"),
    # view state and journeys (issue 11 A)
    "none_selected": ("未选择方案", "No programme selected"),
    "no_programme_selected": ("未选择任何方案：请在左侧“方案”中至少选择一个。",
                              "No programme is selected: choose at least one under Programmes on the left."),
    # Presentation mode hides the sidebar and every control: a note that says which control to change has a twin
    # `<key>_presenting` stating the fact alone (ui.web.widgets.mode_text), e.g. for a room looking at a projector.
    "no_programme_selected_presenting": ("未选择任何方案，本页没有可显示的内容。", "No programme is selected, so this page has nothing to show."),
    "no_query_match": ("没有任务包含“{q}”。请检查检索词或减少词数。",
                       "No task contains “{q}”. Check the search words or use fewer of them."),
    "no_query_match_presenting": ("没有任务包含“{q}”。", "No task contains “{q}”."),
    "no_filter_match": ("检索词有 {n} 项结果，但都被当前筛选条件排除。请放宽筛选。",
                        "The search words match {n} tasks, but the current filters exclude them all. Widen the filters."),
    "no_filter_match_one": ("检索词有 {n} 项结果，但都被当前筛选条件排除。请放宽筛选。",
                            "The search words match {n} task, but the current filters exclude it. Widen the filters."),
    "no_filter_match_presenting": ("检索词有 {n} 项结果，但都被当前筛选条件排除。",
                                   "The search words match {n} tasks, but the current filters exclude them all."),
    "no_filter_match_presenting_one": ("检索词有 {n} 项结果，但都被当前筛选条件排除。", "The search words match {n} task, but the current filters exclude it."),
    "view_line": ("当前视图", "Current view"),
    "url_value_unknown": ("网址参数 `{name}` 的值“{value}”无法识别，显示的是默认值。",
                          "The address parameter `{name}` has a value that was not recognised, “{value}”: the default is shown."),
    "url_value_too_long": ("网址参数 `{name}` 的值超过 {limit} 个字符（“{value}”），未采用，显示的是默认值。",
                           "The address parameter `{name}` is longer than {limit} characters (“{value}”): it was not "
                           "used, and the default is shown."),
    # a parameter name no parameter has (ui/web/view.py unknown_names): the stranger's name in quotes, ours as `code`
    "url_param_unknown": ("网址中的参数名“{name}”不是本站的参数，已略去。",
                          "The address's parameter “{name}” is not one of this site's, so it was left out."),
    "url_param_unknown_like": ("网址中的参数名“{name}”不是本站的参数，已略去；是否应为 `{like}`？",
                               "The address's parameter “{name}” is not one of this site's, so it was left out; did you mean `{like}`?"),
    "url_params_unknown_more": ("另有 {n} 个不是本站参数的参数名，已略去。", "{n} more parameters that are not this site's were left out."),
    "url_params_unknown_more_one": ("另有 1 个不是本站参数的参数名，已略去。", "1 more parameter that is not this site's was left out."),
    "url_values_ignored": ("网址参数 `{name}` 中的“{value}”无法识别，已略去，其余照常显示。",
                           "The address parameter `{name}` has values that were not recognised, “{value}”: they are left out."),
    # a valid id of the address that the widget beside it does not offer under the other filters (ui/web/view.py `not_offered`)
    "link_not_chosen_programme": ("链接中的“{value}”不在侧栏所选的方案中，这里未显示；在侧栏加选它，再在此处的选择框中选它即可查看。",
                                  "The link's “{value}” is not among the programmes chosen in the sidebar, so it is not shown here; "
                                  "add it there, then choose it here."),
    # the programme page's two pickers, both given a programme not chosen: said once, above both (ui.web.state.not_offered_together)
    "link_not_chosen_programme_together": ("链接中的“{value}”和“{other}”都不在侧栏所选的方案中，这里未显示；在侧栏加选它们，再在下方的选择框中选它们即可查看。",
                                           "The link's “{value}” and “{other}” are not among the programmes chosen in the sidebar, so "
                                           "they are not shown here; add them there, then choose them in the pickers below."),
    "link_beside_itself": ("链接中的“{value}”已是第一个显示的方案，不与自身并列显示。",
                           "The link's “{value}” is already the first programme shown, so it is not shown beside itself."),
    "link_not_chosen_theme": ("链接中的主题“{value}”不在侧栏所选的主题中，这里未显示；在侧栏加选它，再在此处的选择框中选它即可查看。",
                              "The link's theme “{value}” is not among the themes chosen in the sidebar, so it is not shown here; "
                              "add it there, then choose it here."),
    "link_not_found_task": ("链接中的任务“{value}”不在当前检索和筛选的结果中，任务卡片未显示它；放宽检索词或筛选后，再在任务卡片中选它即可查看。",
                            "The link's task “{value}” is not among the results of the current search and filters, so the task "
                            "card does not show it; widen them, then choose it in the task card."),
    # a task whose programme is not chosen: the cause is the sidebar's programmes, not the search (pages/explorer.py)
    "link_task_not_chosen_programme": ("链接中的任务“{value}”所属的方案“{programme}”不在侧栏所选的方案中，任务卡片未显示它；在侧栏加选该方案，再在任务卡片中选它即可查看。",
                                       "The link's task “{value}” belongs to “{programme}”, which is not among the programmes chosen in "
                                       "the sidebar, so the task card does not show it; add that programme there, then choose the task "
                                       "in the task card."),
    # a task carrying a chosen theme only as a secondary tag, the sidebar counting primary themes (pages/explorer.py)
    "link_task_not_chosen_scope": ("链接中的任务“{value}”仅以次要标签带有所选主题，而侧栏的主题口径为“仅主主题”，任务卡片未显示它；"
                                   "在侧栏将“主题口径”改为“任一标签”即可查看。",
                                   "The link's task “{value}” carries a chosen theme only as a secondary tag, and the sidebar "
                                   "counts primary themes only, so the task card does not show it; set “Theme tags” to “Any "
                                   "tag” in the sidebar to see it."),
    "link_task_not_chosen_scope_presenting": ("链接中的任务“{value}”仅以次要标签带有所选主题，任务卡片未显示它。",
                                              "The link's task “{value}” carries a chosen theme only as a secondary tag, so "
                                              "the task card does not show it."),
    "link_not_chosen_programme_presenting": ("链接中的“{value}”不在所选的方案中，这里未显示。",
                                             "The link's “{value}” is not among the programmes chosen, so it is not shown here."),
    "link_not_chosen_theme_presenting": ("链接中的主题“{value}”不在所选的主题中，这里未显示。",
                                         "The link's theme “{value}” is not among the themes chosen, so it is not shown here."),
    "link_not_chosen_programme_together_presenting": ("链接中的“{value}”和“{other}”都不在所选的方案中，这里未显示。",
                                                      "The link's “{value}” and “{other}” are not among the programmes chosen, so they "
                                                      "are not shown here."),
    "link_task_not_chosen_programme_presenting": ("链接中的任务“{value}”所属的方案“{programme}”不在所选的方案中，任务卡片未显示它。",
                                                  "The link's task “{value}” belongs to “{programme}”, which is not among the programmes "
                                                  "chosen, so the task card does not show it."),
    "link_not_found_task_presenting": ("链接中的任务“{value}”不在当前检索和筛选的结果中，任务卡片未显示它。",
                                       "The link's task “{value}” is not among the results of the current search and filters, so "
                                       "the task card does not show it."),
    # a link's bar of the other kind than the ranking's (a function while it ranks bodies, or a body while it ranks functions)
    "link_bar_other_kind": ("链接中的“{value}”是{kind}，而排名现为“{by}”，这里未显示；将上方的“排名依据”改为“{other}”即可查看。",
                            "The link's “{value}” is a {kind}, while the ranking is “{by}”, so it is not shown here; set "
                            "“Rank by” above to “{other}” to see it."),
    "link_bar_other_kind_presenting": ("链接中的“{value}”是{kind}，而排名现为“{by}”，这里未显示；排名为“{other}”时可见。",
                                       "The link's “{value}” is a {kind}, while the ranking is “{by}”, so it is not shown here; "
                                       "it shows when the ranking is “{other}”."),
    "bar_kind_function": ("职能", "function"),
    "bar_kind_unit": ("具体单位", "body"),
    "link_not_ranked": ("链接中的“{value}”在当前筛选下没有任务，这里未显示。",
                        "The link's “{value}” has no tasks under the current filters, so it is not shown here."),
    "workload_behind": ("条形背后的任务", "The tasks behind a bar"),
    "behind_listed": ("页末已列出“{what}”的任务", "The tasks of “{what}” are listed at the end of the page"),  # after a click
    "behind_none": ("“{what}”没有任务（0 项），页末列表为空", "“{what}” has no tasks (0): the list at the end of the page is empty"),
    "workload_click_hint": ("点击排名图的条形，页末即列出其任务原文。", "Click a bar of the ranking to list its tasks, as printed, at the "
                            "end of the page."),
    "workload_behind_show": ("列出条形背后的任务", "List the tasks behind a bar"),
    "workload_behind_pick": ("职能", "Function"),
    "workload_behind_pick_unit": ("责任主体", "Body (Chinese)"),
    "workload_behind_note": ("选中职能的任务，每个角色一行，与排名图的分段一致；共 {tasks}、{rows}。",
                             "The tasks of the function chosen, one row per role, as the ranking stacks them: {tasks} in "
                             "{rows}."),
    "workload_behind_note_unit": ("选中责任主体的任务，每个角色一行，与排名图的分段一致；共 {tasks}、{rows}。",
                                  "The tasks of the body chosen, one row per role, as the ranking stacks them: {tasks} in "
                                  "{rows}."),
    "behind_tasks": ("{n} 项任务", "{n} tasks"),  # counts in the note above (a walk: "1 tasks in 1 rows")
    "behind_tasks_one": ("1 项任务", "1 task"),
    "behind_rows": ("{n} 行", "{n} rows"),
    "behind_rows_one": ("1 行", "1 row"),
    "link_not_shown_pair": ("链接中的“{value}”不在本页所示方案的任务对中，这里未显示。",
                            "The link's “{value}” is not among the pairs of the plans shown here, so it is not shown."),
    "view_all_programmes": ("全部方案", "all programmes"),
    "view_all_themes": ("全部主题", "all themes"),
    "yes": ("是", "yes"),
    "hit_column": ("命中", "Hits"),
    "click_hint": ("点击热力图的格子或柱形，下方即列出对应任务。", "Click a heatmap cell or a bar to list its tasks below."),
    "by": ("排名依据", "Rank by"),
    "scope": ("主题口径", "Theme tags"),
    "scope_primary": ("仅主主题", "Primary theme only"),
    "scope_any": ("任一标签", "Any tag"),
    "scope_primary_aside": ("仅主主题", "primary theme only"),  # in brackets within a sentence (a walk: "(Any tag)")
    "scope_any_aside": ("任一标签", "any tag"),
    "measure": ("数值", "Measure"),
    "measure_count": ("任务数", "Task count"),
    "measure_share": ("占比", "Share"),
    "others_pooled": ("其余 {n} 个合计", "{n} others pooled"),
    "others_pooled_one": ("其余 1 个", "1 other"),
    "others_averaged": ("其余 {n} 个平均", "{n} others, average"),
    "others_averaged_one": ("其余 1 个", "1 other"),  # the average of one is itself
    "first_keys_note": ("仅列前 {shown} 项重点任务，其余 {n} 项见下表", "the first {shown} key tasks shown; {n} more in the table below"),
    "and_more": ("{text}等（另有 {n} 项）", "{text} and {n} more"),
    "breakdown_root": ("分解的省级方案", "Plan broken down"),
    "breakdown_root_option": ("{name}（{n}项重点任务）", "{name} ({n} key tasks)"),
    "root_note": ("{name}的分解，所选 {n} 个省级方案之一", "breakdown of {name}, one of {n} provincial plans selected"),
    "picker_bounded": ("任务卡片可选前 {shown} 条结果（共 {n} 条）；缩小检索词或筛选可选其他任务",
                       "The task card offers the first {shown} of {n} results; narrow the search or filters to pick another"),
    "units_bounded": ("单位筛选可选所选方案中承担任务最多的 {shown} 个单位（共 {n} 个）；在侧栏少选方案可选其他单位",
                      "The unit filter offers the {shown} bodies named in the most tasks of the programmes chosen (of {n}); choose fewer programmes in the sidebar to offer the others"),
    "units_none_named": ("所选方案的任务未列出承担单位，单位筛选无可选项", "The programmes chosen name no bodies in their tasks, so the unit filter offers none"),
    "table_empty": ("（本表无内容）", "(nothing to list)"),
    "rows_listed": ("下表列出前 {shown} 行（共 {n} 行）；下载的 CSV/Excel 含全部行", "The table lists the first {shown} of {n} rows; the CSV and Excel downloads hold all of them"),
    "rows_bounded": ("下表列出前 {shown} 条结果（共 {n} 条）；下载的 CSV/Excel 含全部结果", "The table lists the first {shown} of {n} results; the CSV and Excel downloads hold all of them"),
    "largest_note": ("仅列任务最多的 {shown} 个，其余 {n} 个未列出", "the {shown} largest shown; {n} more left out"),
    # …when some left out equal the last row drawn (charts.tied_at_cut)
    "tied_at_cut": ("其中 {n} 个与末行并列（{tasks}）", "{n} of them tie with the last row ({tasks})"),
    "index_summed": ("各方案加权指数合计 {n}", "weighted index {n} summed over the programmes"),
    "tied_at_cut_one": ("其中 1 个与末行并列（{tasks}）", "1 of them ties with the last row ({tasks})"),
    "n_tasks": ("{n} 项", "{n} tasks"),  # a count of tasks inside another label (tied_at_cut)
    "n_tasks_one": ("1 项", "1 task"),
    "pooled_note": ("仅列任务最多的 {shown} 个，其余 {n} 个合为一行", "the {shown} largest shown; {n} others pooled in one row"),
    "pooled_note_one": ("仅列任务最多的 {shown} 个，其余 1 个列为一行", "the {shown} largest shown; 1 other in the last row"),
    "averaged_note": ("仅列任务最多的 {shown} 个，其余 {n} 个取平均值合为一行", "the {shown} largest shown; {n} others averaged in one row"),
    "averaged_note_one": ("仅列任务最多的 {shown} 个，其余 1 个列为一行", "the {shown} largest shown; 1 other in the last row"),
    "table_pooled_note": ("仅列任务最多的 {shown} 个方案，其余 {n} 个合为最后一列；下载的 CSV/Excel 含全部 {total} 个方案",
                          "The {shown} programmes with the most tasks are shown; {n} others are pooled in the last column; "
                          "the CSV/Excel download holds all {total} programmes"),
    "table_pooled_note_one": ("仅列任务最多的 {shown} 个方案，其余 1 个列为最后一列；下载的 CSV/Excel 含全部 {total} 个方案", "The {shown} programmes with the most tasks are shown; 1 other is in the last column; the CSV/Excel download holds all {total} programmes"),
    "no_page_filter_match": ("所选方案和主题有 {n} 项任务，但都被本页的筛选条件排除。请放宽本页的筛选。",
                             "The programmes and themes chosen hold {n} tasks, but this page's filters leave out every one. Widen the filters on this page."),
    "no_page_filter_match_one": ("所选方案和主题有 1 项任务，但被本页的筛选条件排除。请放宽本页的筛选。", "The programmes and themes chosen hold 1 task, but this page's filters leave it out. Widen the filters on this page."),
    "no_page_filter_match_presenting": ("所选方案和主题有 {n} 项任务，但都被本页的筛选条件排除。",
                                        "The programmes and themes chosen hold {n} tasks, but this page's filters leave out every one."),
    "no_page_filter_match_presenting_one": ("所选方案和主题有 1 项任务，但被本页的筛选条件排除。", "The programmes and themes chosen hold 1 task, but this page's filters leave it out."),
    "no_match": ("当前筛选条件下没有任务。请放宽方案或主题筛选。", "No tasks match the current filters. Widen the programme or theme filter."),
    "no_primary_match": ("所选方案中没有以所选主题为主主题的任务，有 {n} 项任务以次要标签带有所选主题。"
                         "在侧栏将“主题口径”改为“任一标签”即可计入。",
                         "No task in the chosen programmes has a chosen theme as its primary theme; {n} carry one as a "
                         "secondary tag. Set “Theme tags” to “Any tag” in the sidebar to count them."),
    "no_primary_match_presenting": ("所选方案中没有以所选主题为主主题的任务，有 {n} 项任务以次要标签带有所选主题。",
                                    "No task in the chosen programmes has a chosen theme as its primary theme; {n} carry "
                                    "one as a secondary tag."),
    "no_match_presenting": ("当前筛选条件下没有任务。", "No tasks match the current filters."),
    "no_units_named": ("所选方案和主题有 {n} 项任务，但都未列出承担单位，无从统计部门工作量。请在侧栏选择列出单位的方案。",
                       "The programmes and themes chosen hold {n} tasks, but none of them names a responsible body, so there is no "
                       "workload to count. Choose a programme that names its bodies in the sidebar."),
    "no_units_named_one": ("所选方案和主题有 1 项任务，但未列出承担单位，无从统计部门工作量。请在侧栏选择列出单位的方案。", "The programmes and themes chosen hold 1 task, but it names no responsible body, so there is no workload to count. Choose a programme that names its bodies in the sidebar."),
    "no_units_named_presenting": ("所选方案和主题有 {n} 项任务，但都未列出承担单位，无从统计部门工作量。",
                                  "The programmes and themes chosen hold {n} tasks, but none of them names a responsible body, so "
                                  "there is no workload to count."),
    "no_units_named_presenting_one": ("所选方案和主题有 1 项任务，但未列出承担单位，无从统计部门工作量。", "The programmes and themes chosen hold 1 task, but it names no responsible body, so there is no workload to count."),
    "no_breakdown": ("所选方案中没有可画的分解关系：请同时选择上级方案和分解它的下级方案。",
                     "Among the programmes chosen there is no breakdown to draw: choose a higher-level plan together with a plan "
                     "that breaks it down."),
    "no_breakdown_presenting": ("所选方案中没有可画的分解关系：没有一个上级方案与分解它的下级方案同时入选。",
                                "Among the programmes chosen there is no breakdown to draw: no higher-level plan is chosen "
                                "together with a plan that breaks it down."),
    "no_breakdown_of": ("所选方案中没有分解“{name}”的下级方案：请在侧栏加选它的下级方案，或在上方换一个省级方案。",
                        "None of the programmes chosen breaks down {name}: add a plan that does in the sidebar, or choose another "
                        "provincial plan above."),
    "no_breakdown_of_presenting": ("所选方案中没有分解“{name}”的下级方案。", "None of the programmes chosen breaks down {name}."),
    "no_county_pairs": ("所选方案中没有区县任务与它的上级任务：请同时选择区县方案和它承接的上级方案。",
                        "Among the programmes chosen there is no county task with its parent: choose a county plan together with "
                        "the plan it carries down."),
    "no_county_pairs_presenting": ("所选方案中没有区县任务与它的上级任务：没有一个区县方案与它承接的上级方案同时入选。",
                                   "Among the programmes chosen there is no county task with its parent: no county plan is chosen "
                                   "together with the plan it carries down."),
    "no_programmes": ("没有可显示的有效方案：请按上方“数据问题”所列的文件和行号修改后刷新。",
                      "No valid programme to show: fix the files and lines listed under the data problems above, then reload."),
    "loading_corpus": ("正在载入数据。数据更新后的首次启动要核验全部文件，大型数据集可能需要几分钟。",
                       "Loading the data. The first start after the data changed checks every file; a large corpus can take minutes."),
    "corpus_worker_killed": ("数据核验进程被系统终止（多半是内存不足），数据未能载入。请为服务器增加内存后刷新本页；刷新时会重新核验。",
                             "Checking the data was stopped by the system (most likely out of memory), so no data could be "
                             "loaded. Give the server more memory, then reload this page: reloading checks the data again."),
    "problems": ("数据问题 {n} 项（有效方案照常显示）", "{n} data problems (valid programmes are still shown)"),
    "problems_one": ("数据问题 {n} 项（有效方案照常显示）", "{n} data problem (valid programmes are still shown)"),
    "source_prefix": ("资料来源：", "Source: "),
    "label_sep": ("：", ": "),  # between a label and its value in running text
    # Punctuation that differs by language, declared once: every joiner and splitter reads it from here.
    "list_sep": ("；", "; "),  # between the entries of a list: a source line's documents, a view line's values
    "enum_sep": ("、", ", "),  # between the items of a short enumeration (names, numbers)
    "detail_sep": ("，", ", "),  # between the details inside brackets (文号, date)
    "aside": ("{text}（{note}）", "{text} ({note})"),  # a note in brackets after a text
    "unit_names_original": ("单位名称照录原文件（中文）", "body names as in the source documents (Chinese)"),  # see source_language_note
    "task_titles_original": ("任务标题照录原文件（中文）", "task titles as in the source documents (Chinese)"),  # see source_language_note
    "source_more": ("及其余 {n} 份文件", "and {n} other documents"),
    "source_more_one": ("及其余 1 份文件", "and 1 other document"),
    "page_overview": ("总览", "Overview"),
    "page_themes": ("主题比较", "Themes"),
    "page_departments": ("部门工作量", "Departments"),
    "page_breakdown": ("任务分解", "Breakdown"),
    "page_explorer": ("任务检索", "Task explorer"),
    "page_programme": ("方案档案", "Programme profile"),
    "page_data": ("数据说明", "Data & method"),
    "kpi_programmes": ("方案", "Programmes"),
    "kpi_pairings": ("结对关系", "Pairings"),
    "kpi_tasks": ("任务", "Tasks"),
    "kpi_bodies": ("责任主体", "Bodies named"),
    "network_title": ("结对关系示意图", "Pairing network (schematic)"),
    "network_sub": ("按大致经纬度排列，无底图与边界；线条为结对关系", "Places by approximate coordinates, no basemap or borders; lines are pairings"),
    "network_names_note": ("仅标注 {shown} 个城市和省份（结对最多、名称互不遮挡者），其余 {n} 个的名称见悬停提示",
                           "{shown} cities and provinces are named (those in most pairings whose names do not overlap); "
                           "the other {n} on hover"),
    "network_places_note": ("仅画出结对最多的 {shown} 个地点，其余 {n} 个地点及其 {m} 对结对未画出",
                            "only the {shown} places in most pairings are drawn; {n} other places and their {m} pairings are not"),
    "network_places_note_one": ("仅画出结对最多的 {shown} 个地点，其余 1 个地点及其 {m} 对结对未画出", "only the {shown} places in most pairings are drawn; 1 other place and its pairings ({m}) are not"),
    "timeline_title": ("方案发布时间线", "Timeline of documents"),
    "timeline_sub": ("空心点：未注明日期的方案，画在右端，不代表日期", "Hollow dots: undated documents, drawn at the right end, not at a date"),
    "timeline_latest_note": ("仅列最近印发的 {shown} 份，其余 {n} 份未逐一列出", "the {shown} most recent shown; {n} others not listed"),
    "timeline_latest_note_one": ("仅列最近印发的 {shown} 份，其余 1 份未列出", "the {shown} most recent shown; 1 other not listed"),
    "findings": ("各结对关系要点（由数据计算）", "One finding per pairing (computed from the data)"),
    "findings_more_note": ("仅列任务最多的 {shown} 对结对关系；其余 {n} 对的要点可在下方展开",
                           "The {shown} pairings with the most tasks are listed; the findings for the {n} others can be shown below"),
    "findings_more_note_one": ("仅列任务最多的 {shown} 对结对关系；其余 1 对的要点可在下方展开", "The {shown} pairings with the most tasks are listed; the findings for 1 other can be shown below"),
    "findings_more": ("显示其余 {n} 对", "Show the {n} others"),
    "findings_more_one": ("显示其余 1 对", "Show the other one"),
    "heatmap_title": ("各方案主题分布", "Themes by programme"),
    "bars_title": ("主题比较（分组柱状图）", "Themes compared (grouped bars)"),
    "distinct_title": ("各结对关系的突出与薄弱主题", "Distinctive themes per pairing"),
    "distinct_sub": ("与其余方案相比的占比差（百分点）；空心标记表示该主题任务少于3项", "Share minus the rest of the corpus, percentage points; hollow markers: fewer than 3 tasks"),
    "instrument_title": ("政策工具结构", "Policy-instrument mix"),
    "tasks_behind": ("数字背后的任务", "The tasks behind the number"),
    "pick_programme": ("选择方案", "Programme"),
    "pick_theme": ("选择主题", "Theme"),
    "workload_title": ("各职能部门任务量", "Tasks per department function"),
    "workload_sub": ("按角色堆叠：牵头 / 责任单位 / 参与配合", "Stacked by role: lead / responsible / support"),
    "workload_order": ("按三种角色的任务数合计排序", "ordered by the total of the three roles"),  # the order of its rows (charts.workload_chart)
    "side_sub": ("帮扶方与受援方分列，各角色合计", "Helper and recipient sides apart, all roles together"),
    "chosen_themes_tasks": ("仅计{themes}主题的任务", "tasks on {themes} only"),  # themes_note: the chart names them
    "chosen_themes_many": ("所选{n}个", "the {n} chosen themes"),
    # a chart of shares or gaps under a theme filter: its columns, bars or markers are of these themes alone (themes_shown)
    "chosen_themes_shown": ("仅显示{themes}主题", "{themes} only"),
    # the instrument mix: bars as shares, the numbers on them task counts (a walk: 17 / 20 / 6 on a 0–100 % axis)
    "instrument_counts_note": ("条内数字为任务数", "numbers on the bars: tasks"),
    "level": ("层级", "Level"),
    "by_function": ("按职能", "By function"),
    "by_unit": ("按具体单位", "By body"),
    # one phrase (walks: "Tasks per department function · Side" said nothing; "… · helper and recipient sides" read as two)
    "side_title": ("帮扶方与受援方各职能部门任务量", "Tasks per department function on the helper and recipient sides"),
    "side_helper": ("帮扶方", "Helper side"),
    "side_recipient": ("受援方", "Recipient side"),
    "side_other": ("其他", "Other"),
    "role_lead": ("牵头", "Lead"),
    "role_support": ("参与/配合", "Support"),
    "role_responsible": ("责任单位", "Responsible"),
    "weighted_title": ("加权工作量指数（每10项任务）", "Weighted workload index (per 10 tasks)"),
    "weighted_sub": ("权重：牵头1、责任单位1、参与配合0.5；按方案任务数标准化", "Weights: lead 1, responsible 1, support 0.5; normalised by programme length"),
    "func_theme_title": ("职能 × 主题", "Functions × themes"),
    "across_title": ("同一职能在各方案中的任务数", "The same function across programmes"),
    "not_stated": ("未列明", "Not stated"),
    "concentration": ("前五职能集中度", "Top-5 concentration"),
    "sankey_title": ("省级重点任务的逐级分解", "How provincial key tasks break down"),
    "sankey_sub": ("省级重点任务 → 分工方案任务 → 2023年工作要点 / 区县方案任务", "Key tasks → division tasks → 2023 work points / county tasks"),
    # the same without a provincial plan among the programmes chosen: the breakdown starts from the division plan's tasks
    "sankey_title_division": ("分工方案任务的逐级分解", "How division-plan tasks break down"),
    "sankey_sub_division": ("分工方案任务 → 2023年工作要点 / 区县方案任务（所选方案中没有省级方案）",
                            "Division tasks → 2023 work points / county tasks (no provincial plan among the programmes chosen)"),
    # over the Sankey on a phone only, where the chart keeps a readable width and scrolls sideways in its box
    "chart_phone_note": ("图表可左右滑动，查看其余部分。", "Swipe the chart sideways to see the rest of it."),
    "theme_numbers_show": ("列出上面两图的数字（可下载）", "List the numbers of the two charts above (to download)"),
    "theme_numbers": ("各方案各主题的任务数与占比", "Tasks and shares by programme and theme"),
    "sankey_phone_note": ("图表可左右滑动：右侧为下级任务。", "Swipe the chart sideways: the lower levels are on its right."),
    "first_division_note": ("仅画前 {shown} 项分工方案任务及其下级任务，其余 {n} 项未画出",
                            "the first {shown} division tasks drawn with the tasks below them; {n} more not drawn"),
    "coverage_title": ("分解覆盖情况", "Coverage"),
    "carried": ("已分解到区县", "Carried down to a county"),
    "not_carried": ("未分解到区县", "Not carried down to a county"),  # a walk: "Not carried" beside K02, which division tasks carry
    "additions": ("区县新增任务（无上级对应）", "County additions (no parent)"),
    "drift_title": ("各层级主题占比", "Theme shares at each level"),
    "compare_parent": ("区县任务与上级任务对照（高亮为继承文字）", "County task beside its parent (inherited text highlighted)"),
    "inherited": ("继承比例", "Inherited share"),
    "search": ("全文检索（中文）", "Full-text search (Chinese)"),
    "results": ("检索结果 {n} 条", "{n} results"),
    "results_one": ("检索结果 {n} 条", "{n} result"),
    "instrument": ("政策工具", "Instrument"),
    "function": ("职能", "Function"),
    "role": ("角色", "Role"),
    "has_commitment": ("仅含可考核承诺", "Only with a checkable commitment"),
    "task_card": ("任务卡片", "Task card"),
    "citation": ("引用", "Citation"),
    "units": ("责任单位", "Responsible units"),
    "units_filter": ("责任单位", "Responsible units (Chinese names)"),  # a choice of bodies: their names exist in Chinese only
    "parents": ("上级任务", "Parent tasks"),
    "pair_pick": ("区县任务及其上级任务", "A county task and its parent"),  # the breakdown's picker: a pair, not a parent (a walk)
    "children": ("下级任务", "Child tasks"),
    "commitments": ("可考核承诺", "Checkable commitments"),
    "metadata": ("基本信息", "Metadata"),
    "structure": ("结构", "Structure"),
    "theme_profile": ("主题构成", "Theme profile"),
    "compare_with": ("对比方案", "Compare with"),
    "codebook": ("主题编码表", "Theme codebook"),
    "codebook_rules": ("编码决策规则", "Coding decision rules"),
    "codebook_rules_intro": ("任务可归入两个主题时按以下书面规则编码（通则在前）；起草助手的主题建议也以此为准。",
                             "When a task could take either of two themes, these written rules decide (general rules first); "
                             "the drafting assistant's theme suggestions are checked against them."),
    "unit_registry": ("单位名录", "Unit registry"),
    "provenance": ("文件来源", "Provenance"),
    "validation": ("校验状态", "Validation status"),
    "validation_ok": ("全部数据通过校验。", "All data passed validation."),
    "downloads": ("下载数据表（CSV，UTF-8 BOM）", "Download tables (CSV, UTF-8 with BOM)"),
    "assessable": ("可考核任务占比", "Assessable share"),
    "level_province_city": ("省（直辖市）—市", "Province-level ↔ city"),
    "level_city_city": ("市—市", "City ↔ city"),
    "level_district_county": ("区—县", "District ↔ county"),
    "breakdown_key_task": ("省级重点任务", "Provincial key tasks"),
    "breakdown_division": ("分工方案", "Division plan"),
    "breakdown_work_point": ("2023年工作要点", "2023 work points"),
    "breakdown_county": ("区县方案", "County plan"),
    "short_division": ("分工", "Div."),
    "short_work_point": ("要点", "WP"),
    "short_county": ("区县", "County"),
    "undated": ("未注明日期", "undated"),
    "stamp": ("数据版本 {version} · 导出于 {date} · 对口合作方案比较", "Data version {version} · exported {date} · Paired-cooperation programmes compared"),
    "deck_subtitle": ("{date} · 图表 {n} 张 · 数据版本 {version}", "{date} · {n} charts · data version {version}"),
    "deck_subtitle_one": ("{date} · 图表 {n} 张 · 数据版本 {version}", "{date} · {n} chart · data version {version}"),
    "deck_sources": ("资料来源", "Source documents"),
    "deck_sources_more": ("资料来源（续，{page}/{pages}）", "Source documents (continued, {page} of {pages})"),
    "deck_sources_left": ("……另有 {n} 份文件未列出，本页备注列出全部文件",
                          "… and {n} more documents, not listed here: this slide's notes list them all"),
    "deck_sources_left_one": ("……另有 1 份文件未列出，本页备注列出全部文件", "… and 1 more document, not listed here: this slide's notes list them all"),
    "deck_default_title": ("对口合作方案比较 · 简报", "Paired-cooperation programmes · briefing"),
    "uploaded_mark": ("（上传）", " (uploaded)"),
    # a pairing by its two sides: a dash as the curated names write one (济南—临沂, Jinan–Linyi; a walk found "—" and "–"
    # side by side on one English page)
    "pair_name": ("{helper}—{recipient}", "{helper}–{recipient}"),
    "reconstructed_mark": ("（仅提纲，依分工方案重构）", " (outline only, rebuilt from its division plan)"),
    "reconstructed_short": ("（仅提纲）", " (outline only)"),
    "reconstructed_citation": ("本项文字取自分工方案的小标题：该方案原文未收录，此为依分工方案重构的提纲。",
                               "This wording is the division plan's sub-heading: the plan's own text is not in the corpus, "
                               "and this is its outline rebuilt from the division plan."),
    "units_unknown": ("未知（方案原文未收录）", "Unknown (the plan's own text is not in the corpus)"),
    "headline_title": ("四大重点主题占比", "Headline themes compared"),
    "citations": ("引用的上级文件", "Documents cited"),
    "top_programmes": ("（仅显示指数最高的 {n} 个方案）", " (the {n} programmes with the highest index)"),
    "leading_note": ("仅列前 {shown} 个，其余 {n} 个未列出", "the first {shown} shown; {n} more left out"),
    "unnamed_programmes_note": ("{n} 个所选方案未列出承担单位，不在图中", "not drawn: {n} programmes chosen name no bodies"),
    "unnamed_programmes_named": ("{names}未列出承担单位，不在图中", "{names}: no bodies named, not drawn"),
    "export_chart": ("导出 / 加入简报", "Export / add to pack"),
    "chart_title": ("图表标题", "Chart title"),
    "chart_subtitle": ("副标题", "Subtitle"),
    "image_shape": ("画幅", "Shape"),
    "image_scale": ("清晰度", "Resolution"),
    "shape_16:9": ("16:9 横版", "16:9 wide"),
    "shape_square": ("方形", "Square"),
    "caption": ("一句话结论（可修改）", "One-sentence finding (editable)"),
    "add_to_pack": ("加入简报包", "Add to briefing pack"),
    "added_to_pack": ("已加入简报包（共 {n} 张）", "Added to the briefing pack ({n} charts)"),
    "already_in_pack": ("简报包中已有这张图表（第 {place} 张），未重复加入；改动标题或结论后可再加入",
                        "This chart is already in the briefing pack (chart {place}), so it was not added again; change its "
                        "title or finding to add another"),
    "added_to_pack_one": ("已加入简报包（共 1 张）", "Added to the briefing pack (1 chart)"),
    # charts keep the language they were drawn in (a walk: an English deck held a Chinese slide, and nothing said so)
    "pack_other_lang": ("简报包中有 {n} 张图表是英文的（添加时的界面语言），幻灯片中也是英文：如需全中文，请在中文界面下从原页面重新添加，并删除英文的。",
                        "{n} charts in the pack are in Chinese (the language they were added in), and so are their slides: "
                        "for an all-English deck, add them again from their pages in English and remove the Chinese ones."),
    "pack_other_lang_one": ("简报包中有 1 张图表是英文的（添加时的界面语言），幻灯片中也是英文：如需全中文，请在中文界面下从原页面重新添加，并删除英文的。",
                            "1 chart in the pack is in Chinese (the language it was added in), and so is its slide: for an "
                            "all-English deck, add it again from its page in English and remove the Chinese one."),
    "pack_item_other_lang": ("（英文）", " (in Chinese)"),  # beside such a chart's title in the pack
    "pack_lifetime": ("简报包只保存在当前浏览器标签页中：刷新页面或在地址栏打开新链接会清空它，请在此之前下载。",
                      "The pack lives in this browser tab only: reloading the page or opening a link in the address bar "
                      "empties it, so download it before you do."),
    "image_note": ("图片含标题、资料来源、数据版本和导出日期。", "Images carry the title, source line, data version and export date."),
    "download_csv": ("CSV", "CSV"),
    "download_xlsx": ("Excel", "Excel"),
    "table_download": ("下载此表：", "Download this table:"),
    "about_item": ("项目", "Item"),  # the headers of the Excel 'about' sheet (ui.report.tables.about_table)
    "about_value": ("内容", "Value"),
    "about_page": ("页面", "Page"),
    "about_table": ("表格", "Table"),
    "about_programmes": ("方案筛选", "Programmes"),
    "about_themes": ("主题筛选", "Themes"),
    "about_scope": ("主题口径", "Theme tags"),
    "about_measure": ("数值", "Measure"),
    "about_bar": ("职能或单位", "Function or body"),  # the departments page's bar whose tasks are listed (`bar`)
    "acts_on": ("本页不适用；仅作用于：{pages}", "Not used on this page; it acts on: {pages}"),
    "about_source": ("资料来源", "Source document"),
    "about_version": ("数据版本", "Data version"),
    "about_date": ("导出日期", "Exported"),
    "about_tool": ("生成工具", "Made with"),
    "page_pack": ("简报包", "Briefing pack"),
    # drafting assistant (issue 14)
    "page_draft": ("起草", "Draft"),
    "draft_intro": ("上传方案全文（.txt、.docx 或带文字层的 .pdf）或粘贴文本，起草助手生成符合数据格式的草稿。"
                    "草稿仅供核对：每条判断都需人工确认，下方列出需要阅读的原文行。草稿只保存在本次会话中。",
                    "Upload a plan (.txt, .docx or a .pdf with a text layer) or paste its text: the assistant drafts an "
                    "extract in the data format. A draft is for review: a person confirms every judgment, and the list "
                    "below names the lines of the source to read. Drafts stay in this session only."),
    "draft_file": ("方案文件", "Plan file"),
    "draft_paste": ("或粘贴方案文本", "Or paste the plan's text"),
    "draft_parents": ("上级方案（可选，用于建议上级任务）", "Parent programmes (optional, to suggest parent tasks)"),
    "draft_run": ("起草", "Draft"),
    "draft_working": ("正在起草……", "Drafting…"),
    "draft_none": ("请上传文件或粘贴文本，然后点击“起草”。", "Upload a file or paste text, then press Draft."),
    "draft_none_presenting": ("尚未给出方案文件或文本。", "No plan file or text has been given yet."),
    "draft_refused": ("无法起草“{name}”：{msg}", "Cannot draft {name}: {msg}"),  # a file, by its name (a walk: none named)
    "draft_kept": ("下面仍是“{name}”的草稿。", "The draft below is still the one of {name}."),
    "draft_pasted": ("所粘贴文本", "the pasted text"),
    # why a text cannot be drafted (analytics/draft DraftInputError codes); in English, the command line's words
    "draft_error_encoding": ("文本既不是 UTF-8 也不是 GB18030 编码：请另存为 UTF-8 文本后重试", REFUSALS["encoding"]),
    "draft_error_docx": ("不是可读的 Word（.docx）文件：请用 Word 重新保存", REFUSALS["docx"]),
    "draft_error_docx_unpacked": ("Word 文件解压后为 {size} MB，超过一份方案的上限 {limit} MB：请去掉嵌入的文件后重新保存，或直接粘贴文本",
                                  REFUSALS["docx_unpacked"]),
    "draft_error_pdf": ("不是可读的 PDF：请重新导出为 PDF", REFUSALS["pdf"]),
    "draft_error_pdf_encrypted": ("此 PDF 设有打开密码：请去掉密码后重新上传", REFUSALS["pdf_encrypted"]),
    "draft_error_too_large": ("文件为 {size} MB，上限为 {limit} MB", REFUSALS["too_large"]),
    "draft_error_no_text_layer": ("此 PDF 没有文字层（扫描件？）：请先做文字识别（OCR），或直接粘贴文本", REFUSALS["no_text_layer"]),
    "draft_error_pdf_unmapped": ("此 PDF 的文字无法读取（其字体未对应任何字符）：请嵌入字体后重新导出，或直接粘贴文本",
                                 REFUSALS["pdf_unmapped"]),
    "draft_error_suffix": ("不读取“{suffix}”文件：请使用 {types} 之一，或直接粘贴文本", REFUSALS["suffix"]),
    "draft_error_too_many_lines": ("文本共 {n:,} 行，上限为 {limit:,} 行", REFUSALS["too_many_lines"]),
    "draft_error_docx_elements": ("Word 文件含有超过 {limit:,} 个元素，远多于一份方案的文字所需：请去掉嵌入对象后重新保存，或粘贴文本",
                                  REFUSALS["docx_elements"]),
    "draft_error_too_heavy": ("读取该文件所需内存超过 {limit} MB（PDF 页面解压后远大于所显示的内容？）：请重新导出，或粘贴文本",
                              REFUSALS["too_heavy"]),
    "draft_error_pdf_drawn": ("PDF 绘出的字符和图形超过 {limit:,} 个，远多于一份方案的文字所需：请只把方案本身导出为 PDF，或粘贴文本",
                              REFUSALS["pdf_drawn"]),
    "draft_error_past_line_limit": ("文本超过 {limit:,} 行的上限：请拆分，或只粘贴方案本身", REFUSALS["past_line_limit"]),
    "draft_error_registries": ("登记表无法读取：请运行 `python -m analytics validate` 并修正", REFUSALS["registries"]),
    "draft_error_empty": ("文本为空", REFUSALS["empty"]),
    "draft_error_empty_file": ("文件为空", REFUSALS["empty_file"]),
    "draft_error_busy": ("服务器正在处理其他研究者的文件，{s} 秒内未能轮到此文件：请一分钟后重试", REFUSALS["busy"]),
    "draft_error_overrun": ("起草超过 {s} 秒，已停止：只粘贴方案本身，或把长文本分开起草", REFUSALS["overrun"]),
    "draft_error_failed": ("起草失败（{reason}）：请连同文件报告此问题", REFUSALS["failed"]),
    "draft_document": ("文档", "Document"),
    "draft_meta": ("**{title}** · 文号：{number} · 发文机关：{issuers} · 日期：{date} · 结对：{pairing} · 共 {n} 项",
                   "**{title}** · Doc. no.: {number} · Issued by: {issuers} · Date: {date} · Pairing: {pairing} · {n} items"),
    "draft_meta_one": ("**{title}** · 文号：{number} · 发文机关：{issuers} · 日期：{date} · 结对：{pairing} · 共 1 项", "**{title}** · Doc. no.: {number} · Issued by: {issuers} · Date: {date} · Pairing: {pairing} · 1 item"),
    "draft_review": ("待核对事项（{n} 项）", "To review ({n})"),
    "draft_name_uploaded": ("侧栏已上传同名文件“{name}”，加入本次会话会替换它：请先在侧栏移除该文件，或下载草稿、改名后上传。",
                            "A file named “{name}” is already uploaded in the sidebar, and adding the draft would replace it: "
                            "remove that file in the sidebar first, or download the draft and upload it under another name."),
    "draft_name_uploaded_presenting": ("已上传同名文件“{name}”，不能再加入同名草稿。",
                                       "A file named “{name}” is already uploaded, so a draft of that name cannot be added."),
    "draft_uploaded_over": ("上传的“{name}”替换了本次会话中加入的同名草稿。",
                            "The upload “{name}” replaced the draft of that name added in this session."),
    "draft_replaces": ("本次会话已加入名为“{name}”的草稿，与此处的不同；加入此稿会替换它。",
                       "A different draft named “{name}” is in this session; adding this one replaces it."),
    "draft_review_none": ("起草助手没有标出待核对事项；每项任务仍须对照原文人工核对。",
                          "The drafting assistant flagged nothing to review; each task still needs checking against the text."),
    "draft_units_none": ("草稿的任务都未列出责任单位（原文未写明时即如此）。",
                         "None of the draft's tasks names a responsible body (as when the text names none)."),
    "draft_source": ("原文（第 {start}–{end} 行）", "Source (lines {start}–{end})"),
    "draft_tasks": ("任务：核对后勾选“已核对”，可修改主题和政策工具", "Tasks: tick “Checked” when reviewed; themes and instruments can be changed"),
    "draft_units": ("责任单位：可修改角色和单位", "Responsible bodies: roles and units can be changed"),
    "draft_col_line": ("行", "Line"),
    "draft_col_kind": ("类型", "Kind"),
    "draft_col_task": ("任务", "Task"),
    "draft_col_message": ("核对说明", "What to check"),
    "draft_col_accepted": ("已核对", "Checked"),
    "draft_col_number": ("序号", "No."),
    "draft_col_heading": ("标题", "Heading"),
    "draft_col_text": ("正文", "Text"),
    "draft_col_theme": ("主主题", "Primary theme"),
    "draft_col_secondary": ("次主题", "Secondary themes"),
    "draft_col_instrument": ("政策工具", "Instrument"),
    "draft_col_confidence": ("把握", "Confidence"),
    "draft_col_why": ("依据（词语 | 近邻任务）", "Why (words | nearest tasks)"),
    "draft_col_parents": ("建议的上级任务", "Suggested parent tasks"),
    "draft_col_printed": ("原文", "As printed"),
    "draft_col_role": ("角色", "Role"),
    "draft_col_bodies": ("单位", "Bodies"),
    "draft_parents_placeholder": ("选择方案", "Choose programmes"),
    # The review list's items (analytics.draft, ReviewItem.code); the command line keeps their English
    "review_no_title": ("未找到文件标题（“……方案/要点”后接“为……”）：已将第一行作为标题，请核对",
                        "no document title found (a plan's name, then a line saying what it is for): the first line is "
                        "used as the title; check it"),
    "review_before_first_item": ("位于所在部分或小标题第一项之前的文字，未归入任何任务",
                                 "text before the first item of its section or sub-heading"),
    "review_dropped_page_number": ("作为页码略去：{text}", "left out as page number: {text}"),
    "review_dropped_web_header": ("作为网页页眉略去：{text}", "left out as web header: {text}"),
    "review_dropped_web_footer": ("作为网页页脚略去：{text}", "left out as web footer: {text}"),
    "review_dropped_separator": ("作为分隔线略去：{text}", "left out as a separator: {text}"),
    "review_dropped_table_header": ("作为表格标题行略去：{text}", "left out as table header: {text}"),
    "review_parent_missing": ("上级方案“{id}”不在本库中：未建议上级任务", "parent programme '{id}' is not in the corpus: no parent tasks suggested"),
    "review_parent_division": ("工作要点引用了上级方案 {plan}：各项任务按其分工方案 {divisions} 的任务建议上级任务（推进），请核对",
                               "work points naming {plan}: tasks matched against its division plan(s) {divisions} (advances); check"),
    "review_no_clause_any": ("所有任务都未找到责任单位条款：责任单位留空；原文列有责任单位的，请补入",
                             "no responsibility clause found in any task: units left empty; add them if the plan names bodies"),
    "review_weak_parent": ("最接近的上级任务 {parent} 相似度仅 {score}：可能没有上级任务，请核对",
                           "best parent {parent} scores only {score}: maybe no parent; check"),
    "review_no_issuers": ("未找到印发单位：请填写“issuers”", "no issuing body found: fill in issuers"),
    "review_no_date": ("未找到印发日期：“issued”留空", "no date found: issued left empty"),
    "review_no_doc_number": ("未找到文号：“doc_number”留空（原文未印文号时即为正确）",
                             "no document number found: doc_number left empty (correct if none is printed)"),
    "review_clause_carried": ("未印责任单位条款：按“下同”沿用第 {at} 行 {carried} 的条款，请核对",
                              "no clause printed: the clause of {carried} (line {at}) is applied, as its 'same below' says; check"),
    "review_clause_from_subheading": ("未印责任单位条款：沿用第 {at} 行小标题所印的条款，请核对",
                                      "no clause printed: the clause of sub-heading (line {at}) is applied, as its 'same "
                                      "below' says; check"),
    "review_title_no_text": ("此项只有标题，没有正文", "item has a title but no text"),
    "review_no_clause": ("其他任务印有责任单位条款，此项未找到：请核对", "no responsibility clause found though other tasks print one"),
    "review_clause_not_understood": ("未能解析责任单位条款：{printed}", "clause not understood: {printed}"),
    "review_unit_proposed": ("“{printed}”不在单位登记表中：建议新增 {bodies}（职能为推测）",
                             "'{printed}' is not in the registry: proposed {bodies} (function guessed)"),
    "review_unit_similar": ("“{printed}”按相似度对应到 {bodies}（{score}）：请核对",
                            "'{printed}' resolved by similarity to {bodies} ({score}): check"),
    "review_no_lead": ("有参与/配合单位而无牵头单位：已标为责任单位，请核对", "participating units without a lead: coded responsible; check"),
    "review_theme_unsure": ("主要主题 {theme} 置信度 {confidence}（关键词：{words}；最相近的已编码任务：{nearest}）",
                            "primary theme {theme} at {confidence} (words: {words}; nearest: {nearest})"),
    "review_instrument_unsure": ("政策工具 {instrument} 置信度 {confidence}", "instrument {instrument} at {confidence}"),
    "review_place_proposed": ("地点“{place}”不在登记表中：建议作为新增地点“{id}”（层级 {level}，坐标取自上级地点或为占位值）",
                              "place '{place}' is not in the registry: proposed as addition '{id}' (level {level}, coordinates "
                              "copied from its parent or a placeholder)"),
    "review_one_place": ("标题只提到一个地点：请核对帮扶方和受援方", "the title names only one place: helper and recipient need checking"),
    "review_no_place": ("标题中未找到地点：请手工填写“helper”、“recipient”和“pairing”",
                        "no place found in the title: set helper, recipient and pairing by hand"),
    "review_pairing_proposed": ("结对关系 {helper} → {recipient} 不在登记表中：建议作为新增结对关系“{id}”",
                                "pairing {helper} → {recipient} is not in the registry: proposed as addition '{id}'"),
    "draft_kind_unplaced": ("未归位", "not placed"),
    "draft_kind_dropped": ("已略去", "left out"),
    "draft_kind_clause": ("责任条款", "clause"),
    "draft_kind_unit": ("单位", "unit"),
    "draft_kind_role": ("角色", "role"),
    "draft_kind_theme": ("主题", "theme"),
    "draft_kind_instrument": ("政策工具", "instrument"),
    "draft_kind_link": ("上级任务", "parent link"),
    "draft_kind_structure": ("结构", "structure"),
    "draft_kind_metadata": ("文档信息", "metadata"),
    "draft_valid": ("草稿可按上传规则通过校验。", "The draft validates under the upload rules."),
    "draft_invalid": ("草稿有 {n} 个校验错误：", "The draft has {n} validation errors:"),
    "draft_invalid_one": ("草稿有 {n} 个校验错误：", "The draft has {n} validation error:"),
    "draft_download": ("下载 YAML", "Download YAML"),
    "draft_add": ("加入本次会话（如同上传）", "Add to this session (like an upload)"),
    "draft_added": ("已加入本次会话：{name}（见左侧“上传自己的摘录”）", "Added to this session: {name} (see “Upload your own extract” on the left)"),
    "draft_added_presenting": ("已加入本次会话：{name}", "Added to this session: {name}"),
    "draft_limit": ("每次会话最多加入 {n} 份草稿。", "At most {n} drafts can be added per session."),
    "pack_status": ("简报包：{n} 张图表", "Briefing pack: {n} charts"),
    "pack_status_one": ("简报包：{n} 张图表", "Briefing pack: {n} chart"),
    "pack_empty": ("简报包还是空的。在任一页面图表下方点“导出 / 加入简报”，再点“加入简报包”。",
                   "The pack is empty. Under any chart, open “Export / add to pack” and press “Add to briefing pack”."),
    "pack_empty_presenting": ("简报包还是空的。", "The pack is empty."),
    "deck_title": ("简报标题", "Deck title"),
    "deck_date": ("日期", "Date"),
    "move_up": ("上移", "Move up"),
    "move_down": ("下移", "Move down"),
    "remove": ("移除", "Remove"),
    "preview": ("预览", "Preview"),
    "download_pptx": ("下载简报（PPTX）", "Download pack (PPTX)"),
    "pack_note": ("PPTX：标题页、每张图表一页（标题、图、一句话结论、资料来源）、资料来源页。文字过长时在页面上缩小字号，"
                  "仍放不下的截短并以“…”结尾，全文写在该页的备注中。",
                  "PPTX: a title slide, one slide per chart (title, chart, finding, source) and a closing slide of sources. "
                  "A text too long for its slide is set smaller; one that still does not fit is shortened with “…”, and the "
                  "slide's notes hold it whole."),
    "present_mode": ("演示模式", "Presentation mode"),
    "exit_present": ("退出演示模式", "Leave presentation mode"),
    "upload_title": ("上传自己的摘录", "Upload your own extract"),
    "upload_label": ("YAML 摘录（与本库同一格式）", "YAML extract (same schema as the corpus)"),
    "upload_help": ("每个文件不超过 {mb:.0f} MB，每次会话共不超过 {files} 个文件、{total:.0f} MB；不会保存，只在本次会话中与本库一起比较。",
                    "Up to {mb:.0f} MB per file, and {files} files or {total:.0f} MB in all per session; never saved, "
                    "compared with the corpus in this session only."),
    "uploader_button": ("选择文件", "Choose file"),
    "uploader_limit": ("每个文件不超过 {mb} MB · {types}", "Up to {mb} MB per file · {types}"),
    "uploader_drop": ("松开鼠标即可上传", "Release to upload"),
    "uploader_refused": ("超过 {mb} MB 上限，未上传", "Over the {mb} MB limit; not uploaded"),
    "upload_wrong_type": ("{name}：不是 {types} 文件，未读取。", "{name}: not a {types} file; not read."),
    "upload_too_large": ("{name}：文件 {size} MB，超过每个文件 {mb} MB 的上限，未读取。",
                         "{name}: the file is {size} MB, over the limit of {mb} MB per file; not read."),
    "upload_over_session": ("{name}：本次会话的上传共以 {files} 个文件、{total} MB 为限，按所选顺序读到此文件时已超出，"
                            "此文件及其后的文件未读取。请先移除不需要的文件。",
                            "{name}: a session's uploads are limited to {files} files or {total} MB in all, read in the order "
                            "chosen; this file would go over it, so it and the files after it were not read. Remove files you "
                            "do not need first."),
    "upload_accepted": ("{name}：已通过校验，已加入方案筛选（标“上传”）。", "{name}: valid, added to the programme filter (marked uploaded)."),
    "upload_rejected": ("{name}：有 {n} 处错误，未加入。按下列提示修改后重新上传。", "{name}: {n} errors, not added. Fix them as described below and upload again."),
    "upload_rejected_one": ("{name}：有 {n} 处错误，未加入。按下列提示修改后重新上传。",
                            "{name}: {n} error, not added. Fix it as described below and upload again."),
    "upload_none_valid": ("目前没有可用的上传方案；本库方案照常显示。", "No uploaded programme is usable yet; the corpus is shown as usual."),
    "upload_note": ("上传的文件只保存在本浏览器会话中，不写入 data/，其他用户看不到。",
                    "Uploads stay in this browser session: never written to data/, never visible to other users."),
    "template_download": ("下载摘录模板（含字段说明）", "Download the extract template (every field explained)"),
    "upload_format": ("供上传者：摘录格式", "For uploaders: the extract format"),
    "upload_format_intro": ("在侧栏“上传自己的摘录”中上传与本库同一格式的 YAML 文件。模板逐项说明每个字段，并附一个可直接上传的示例；"
                            "本库尚无的地点、结对关系和单位写在 `additions:` 中。下表列出全部字段。",
                            "Upload a YAML file in the corpus's format under “Upload your own extract” in the sidebar. The template "
                            "explains every field and carries an example that uploads as it is; places, pairings and units the corpus "
                            "does not know go under `additions:`. The table lists every field."),
    "upload_format_intro_presenting": ("上传的摘录是与本库同一格式的 YAML 文件；本库尚无的地点、结对关系和单位写在 `additions:` 中。"
                                       "下表列出全部字段。",
                                       "Uploaded extracts are YAML files in the corpus's format; places, pairings and units the "
                                       "corpus does not know go under `additions:`. The table lists every field."),
    # One-sentence findings pre-filled as chart captions (computed from the chart's own data).
    "cap_network": ("{pairs}对结对关系中，{with_plan}对有方案收录在本库。", "{with_plan} of {pairs} pairings have a plan in this corpus."),
    "cap_timeline": ("所选{n}份文件的印发时间从{first}到{last}。", "The {n} selected documents were issued between {first} and {last}."),
    "cap_theme_share": ("“{theme}”在{group}中占比最高，达{share:.0%}。", "{theme} takes its largest share in {group}: {share:.0%}."),
    "cap_theme_count": ("“{theme}”在{group}中任务最多，共{n}项。", "{theme} has the most tasks in {group}: {n}."),
    "cap_distinct": ("{group}最突出的主题是“{theme}”，占比{gap}。", "The most distinctive theme of {group} is {theme}, {gap}."),
    "cap_instrument_tie": ("{instrument}工具在{programme}中占比并列最高（{share:.0%}）。",
                           "{instrument} instruments are most used, equally, in {programme} ({share:.0%})."),
    "cap_instrument_tie_mixed": ("{entries}占比并列最高（{share:.0%}）。", "{entries} are equally the most used ({share:.0%})."),
    "instrument_in": ("{programme}的{instrument}工具", "{instrument} instruments in {programme}"),
    "cap_theme_share_tie": ("“{theme}”在{group}中占比并列最高，达{share:.0%}。", "{theme} takes its largest share, equally, in {group}: {share:.0%}."),
    "cap_theme_count_tie": ("“{theme}”在{group}中任务并列最多，各{n}项。", "{theme} has the most tasks, equally, in {group}: {n} each."),
    "cap_theme_share_tie_mixed": ("{entries}占比并列最高，达{share:.0%}。", "{entries} take the largest share, equally: {share:.0%}."),
    "cap_theme_count_tie_mixed": ("{entries}任务并列最多，各{n}项。", "{entries} have the most tasks, equally: {n} each."),
    "theme_in": ("{group}的“{theme}”", "{theme} in {group}"),
    "tied_names_more": ("{names}及其他{n}个", "{names} and {n} others"),
    "tied_names_more_one": ("{names}及其他1个", "{names} and 1 other"),
    "names_and": ("{names}、{last}", "{names} and {last}"),  # zh: 、 throughout, as 和 is in names (工业和信息化)
    "cap_instrument": ("{instrument}工具在{programme}中占比最高（{share:.0%}）。", "{instrument} instruments are most used in {programme} ({share:.0%})."),
    "cap_workload": ("{name}承担任务最多：牵头{lead}项、负责{responsible}项、配合{support}项。",
                     "{name} carries the most tasks: lead {lead}, responsible {responsible}, support {support}."),
    "cap_workload_tie": ("{names}并列承担任务最多，各{n}项。", "{names} carry the most tasks, {n} each."),
    "names_sep": ("、", ", "),  # between names in running text
    "cap_side": ("帮扶方中任务最多的是{function}（{n}项）。", "On the helper side, {function} has the most tasks ({n})."),
    "cap_side_tie": ("帮扶方中{function}任务并列最多，各{n}项。", "On the helper side, {function} have the most tasks, {n} each."),
    "cap_weighted": ("{function}在{programme}中的加权工作量最高：每10项任务{value:.1f}。",
                     "{function} has the highest weighted workload in {programme}: {value:.1f} per 10 tasks."),
    "cap_func_theme": ("{function}的任务最集中于“{theme}”（{n}项）。", "The tasks of {function} concentrate on {theme} ({n})."),
    "cap_sankey": ("{keys}项省级重点任务在所选方案中分解为{lower}项下级任务。",
                   "{keys} provincial key tasks break down into {lower} lower-level tasks in the selected plans."),
    "cap_sankey_division": ("{keys}项分工方案任务在所选方案中分解为{lower}项下级任务。",
                            "{keys} division-plan tasks break down into {lower} lower-level tasks in the selected plans."),
    "cap_coverage": ("{total}项省级重点任务中，{carried}项已落到区县方案，{missing}项未落到区县：{ids}。",
                     "Of {total} provincial key tasks, {carried} reach a county plan; {missing} do not: {ids}."),
    "cap_coverage_all": ("{total}项省级重点任务全部落到区县方案。", "All {total} provincial key tasks reach a county plan."),
    "cap_drift": ("在{tier}中占比最大的主题是“{theme}”（{share:.0%}）。", "At the {tier} level the largest theme is {theme} ({share:.0%})."),
    "cap_profile": ("{programme}任务最多的主题是“{theme}”（{n}项，占{share:.0%}）。",
                    "The largest theme of {programme} is {theme} ({n} tasks, {share:.0%})."),
    "cap_profile_one": ("{programme}任务最多的主题是“{theme}”（1项，占{share:.0%}）。", "The largest theme of {programme} is {theme} (1 task, {share:.0%})."),
    # Tables (ui/report/tables.py): column headers and the codes inside cells. A header ending "（英文）" / " (Chinese)"
    # or " (with Chinese quotes)" holds text in its original language on purpose; the browser label test relies on it.
    "no": ("否", "no"),
    "label_value": ("{label}：{value}", "{label}: {value}"),
    "col_task_id": ("任务", "Task"),
    "col_parent_task_id": ("上级任务", "Parent task"),
    "col_key_task_id": ("省级重点任务", "Provincial key task"),
    "col_programme_id": ("方案", "Programme"),
    "col_programme": ("方案", "Programme"),
    "col_group_id": ("方案或结对关系", "Programme or pairing"),
    "col_number": ("序号", "No. (Chinese)"),
    "col_heading": ("标题", "Heading (Chinese)"),
    "col_text": ("任务原文", "Task text (Chinese)"),
    "col_citation": ("引用", "Citation (Chinese)"),  # analytics.citation: the document, section and number as printed
    "col_primary_theme": ("主主题", "Primary theme"),
    "col_theme": ("主题", "Theme"),
    "col_instrument": ("政策工具", "Instrument"),
    "col_instrument_type": ("工具类型", "Instrument type"),
    "col_division_tasks": ("分工方案任务", "Division-plan tasks"),
    "col_work_points": ("2023年工作要点", "2023 work points"),
    "col_county_tasks": ("区县方案任务", "County-plan tasks"),
    "col_n_division": ("分工任务数", "Division tasks"),
    "col_n_work_points": ("工作要点数", "Work points"),
    "col_n_county": ("区县任务数", "County tasks"),
    "col_status": ("状态", "Status"),
    "col_assignments": ("分工次数", "Assignments"),
    "col_top_share": ("前五职能占比（%）", "Top-5 share (%)"),
    "col_top_functions": ("前五职能", "Top-5 functions"),
    "col_function": ("职能", "Function"),
    "col_unit_text": ("原文所列单位", "Unit as printed (Chinese)"),
    "col_unit_name": ("责任主体", "Body (Chinese)"),
    "col_side": ("方向", "Side"),
    "col_role": ("角色", "Role"),
    "col_relation": ("关系", "Relation"),
    "col_kind": ("类型", "Kind"),
    "col_phrase": ("承诺原文", "Commitment (Chinese)"),
    "col_field": ("项目", "Field"),
    "col_value": ("内容", "Value"),
    "col_section": ("部分", "Part (Chinese)"),
    "col_title": ("标题", "Title (Chinese)"),
    "col_subsections": ("小节数", "Subsections"),
    "col_items": ("条目数", "Items"),
    "col_unit_id": ("单位编号", "Body id"),
    "col_name": ("名称", "Name (Chinese)"),
    "col_lead": ("牵头", "Lead"),
    "col_responsible": ("责任单位", "Responsible"),
    "col_support": ("参与/配合", "Support"),
    "col_tasks": ("任务数", "Tasks"),
    "col_weighted_index": ("加权工作量", "Weighted workload"),
    "col_theme_id": ("主题", "Theme"),  # the theme's name is shown (ui.report.tables.value_mappers)
    "col_theme_code": ("主题编号", "Theme id"),  # the id itself, as tasks write it: the codebook's first column
    "col_zh": ("中文名称", "Name (Chinese)"),
    "col_en": ("名称（英文）", "English name"),
    "col_headline": ("重点主题", "Headline theme"),
    "col_colour": ("颜色", "Colour"),
    "col_definition": ("定义", "Definition (Chinese)"),
    "col_definition_en": ("定义（英文）", "Definition"),
    "col_examples": ("示例", "Examples (Chinese)"),
    "col_place": ("地点", "Place"),
    "col_aliases": ("别名", "Aliases (Chinese)"),
    "col_unit_note": ("备注", "Note (Chinese)"),
    "col_note": ("整理说明（英文）", "Curator note (with Chinese quotes)"),
    "col_uploaded": ("上传", "Uploaded"),
    "col_doc_number": ("文号", "Document number (Chinese)"),
    "col_issuers": ("发文机关", "Issued by (Chinese)"),
    "col_issued": ("发布日期", "Issued"),
    "col_date_note": ("日期说明（英文）", "Date note (with Chinese quotes)"),
    "col_reconstructed": ("依标题重构", "Reconstructed"),
    "col_source_file": ("来源文件（YAML 所指 seeds/ 文件）", "Seed file (named in the YAML)"),
    "col_start_line": ("起始行", "First line"),
    "col_end_line": ("结束行", "Last line"),
    "col_extracted": ("摘录日期", "Extracted"),
    "col_curator_notes": ("整理说明（英文）", "Curator notes (with Chinese quotes)"),
    "col_path": ("YAML 字段", "YAML field"),
    "col_type": ("YAML 取值类型", "YAML value type"),
    "col_required": ("必填", "Required"),
    "col_description": ("说明（英文）", "Description (with Chinese quotes)"),
    "col_inherited_share": ("继承比例（%）", "Inherited share (%)"),
    "col_share": ("占比（%）", "Share (%)"),
    "col_total": ("任务总数", "All tasks"),  # a programme's (a pairing's) tasks, the share's denominator
    "relation_implements": ("落实", "Implements"),
    "relation_advances": ("推进", "Advances"),
    "relation_carries_down": ("向下分解", "Carries down"),
    "relation_mandated_by": ("依据", "Mandated by"),
    "relation_written_under": ("依据文件", "Written under"),
    "kind_task": ("任务", "Task"),
    "kind_key_task": ("重点任务", "Key task"),
    "kind_safeguard": ("保障措施", "Safeguard"),
    "kind_tasks": ("任务", "Tasks"),
    "kind_safeguards": ("保障措施", "Safeguards"),
    "kind_general": ("总体要求", "General"),
    "kind_frequency": ("频次", "Frequency"),
    "kind_year": ("年份", "Year"),
    "kind_count": ("数量", "Count"),
    "kind_deadline": ("期限", "Deadline"),  # a checkable commitment's kinds (analytics.commitments.KINDS), each named
    "kind_money": ("金额", "Amount of money"),
    "kind_percentage": ("百分比", "Percentage"),
    "status_in_force": ("正式", "In force"),
    "status_draft": ("征求意见稿", "Draft for comments"),
    "coop_paired": ("对口合作", "Paired cooperation"),
    "coop_twinning": ("结对合作帮扶", "Paired assistance"),
    "coop_industry": ("产业帮扶", "Industrial assistance"),
    "confidence_high": ("高", "High"),
    "confidence_medium": ("中", "Medium"),
    "confidence_low": ("低", "Low"),
    "units_named_both": ("双方均列明", "Both sides"),
    "units_named_none": ("未列明", "Not named"),
    "units_named_recipient_only": ("仅受援方列明", "Recipient side only"),
    "col_cooperation_type": ("合作类型", "Cooperation type"),
    "col_level": ("层级", "Level"),
    "col_helper": ("帮扶方", "Helper side"),
    "col_recipient": ("受援方", "Recipient side"),
    "col_plans": ("所选方案中本结对的方案", "Its plans among those chosen"),  # a walk: "in this corpus" read "—" as none held
    "col_named_in": ("提及该结对的文件", "Documents naming it"),
    "col_period": ("期限", "Period"),
    "col_key_tasks": ("重点任务数", "Key tasks"),
    "col_safeguards": ("保障措施数", "Safeguards"),
    "col_units_named": ("列明责任单位", "Units named"),
    "col_units_printed": ("责任单位原文", "Responsible units as printed (Chinese)"),
    # Data problems in the dashboard (codes from analytics/corpus/problems.py Problem.code; the CLI keeps its English)
    "problem_line": ("{file}:{line}: {warning}{body}", "{file}:{line}: {warning}{body}"),  # file:line as editors and the CLI write it
    "problem_warning": ("提示：", "warning: "),
    "problem_english": ("（英文说明）{message}", "{message}"),
    "problem_schema_missing": ("{where}：缺少必填字段，请补上", "{where}: required field is missing: add it"),
    "problem_schema_unknown_field": ("{where}：未知字段，请删除或改正拼写", "{where}: unknown field: remove it or fix its spelling"),
    "problem_schema_too_long": ("{where}：文字过长（{n} 字，上限 {limit} 字，以保证各项分析迅速完成）：请删减说明，或按原文将长文字拆为几项任务",
                                "{where}: text too long ({n} characters, at most {limit}, which keeps every analysis quick): "
                                "trim the note, or split a long text over several tasks as printed"),
    "problem_schema_control": ("{where}：文字中含有不可见的控制字符（文件中写作 \\x07、\\a 等转义）：请删除；读者看不到它，电子表格也拒收",
                               "{where}: text holds an invisible control character: delete it (written in the file as an "
                               "escape such as \\x07 or \\a; no reader sees it, and spreadsheets refuse it)"),
    "problem_schema_invalid": ("{where}：取值不符合格式，请对照模板改写", "{where}: the value does not fit the format: write it as in the template"),
    "problem_short_name_taken": ("简称“{name}”已被 {other} 使用：图表会把两个方案画成同一行，请为此方案另取 {field}",
                                 "short name '{name}' is already used by {other}: charts would draw the two programmes as "
                                 "one row; give this one its own {field}"),
    "problem_upload_busy": ("服务器正在校验其他用户的上传，{s} 秒内未能轮到此文件：请一分钟后重新上传",
                            "the server was checking other uploads and had no room for this one within {s} s: upload it "
                            "again in a minute"),
    "problem_upload_overrun": ("校验此文件超过 {s} 秒，已停止：每个文件只放一个方案，任务文字照原文（一般摘录约 1 秒即可校验完）",
                               "checking this upload took longer than {s} s and was stopped: upload one programme per "
                               "file, with task texts as printed (a typical extract is checked in about a second)"),
    "problem_more_problems": ("……此文件另有 {n} 处问题（共 {errors} 处错误）：先改正以上各处再重新上传，可对照模板",
                              "… and {n} more problems in this file ({errors} errors in all): fix the ones above and upload it "
                              "again; compare the file with the template"),
    "problem_more_problems_one": ("……此文件另有 1 处问题（共 {errors} 处错误）：先改正以上各处再重新上传，可对照模板",
                                  "… and 1 more problem in this file ({errors} errors in all): fix the ones above and upload it "
                                  "again; compare the file with the template"),
    # a file that is not plain YAML data (analytics/corpus/yamlio.py); the parser's own syntax messages stay in English
    "problem_upload_too_big": ("文件大小 {size}，上传上限 {limit}：每个文件只上传一个方案，并删去冗长的说明（常见摘录不到 100 kB）",
                               YAML_REFUSALS["upload_too_big"]),
    "problem_yaml_not_utf8": ("文件不是 UTF-8 文本：请用编辑器另存为 UTF-8（不要用 GBK/GB2312/GB18030）", YAML_REFUSALS["yaml_not_utf8"]),
    "problem_yaml_empty": ("文件为空：请按模板填写摘录，或删除此文件", YAML_REFUSALS["yaml_empty"]),
    "problem_yaml_only_comments": ("文件只有注释：请按模板填写摘录，或删除此文件", YAML_REFUSALS["yaml_only_comments"]),
    "problem_yaml_control": ("文件含有控制字符 {char}：请删除（多数编辑器中不可见）", YAML_REFUSALS["yaml_control"]),
    "problem_yaml_alias": ("不允许使用 YAML 锚点和别名（&名称 / *名称）：请把取值直接写出", YAML_REFUSALS["yaml_alias"]),
    "problem_yaml_too_many_values": ("文件的取值（文字、数字、列表、映射）超过 {most} 个：每个文件只上传一个方案，常见摘录约 3,000 个",
                                     YAML_REFUSALS["yaml_too_many_values"]),
    "problem_yaml_too_deep": ("嵌套超过 {most} 层：请减少层级", YAML_REFUSALS["yaml_too_deep"]),
    "problem_yaml_second_document": ("此处开始第二个 YAML 文档（“---”）：每个文件只放一个方案，请删去其余部分",
                                     YAML_REFUSALS["yaml_second_document"]),
    "problem_yaml_tag": ("不允许使用标签 {tag}：摘录只含文字、数字、列表和映射，请删除该标签", YAML_REFUSALS["yaml_tag"]),
    "problem_yaml_key_twice": ("字段“{field}”在同一映射中出现两次（首次在第 {first} 行）：请只保留一个", YAML_REFUSALS["yaml_key_twice"]),
    "problem_yaml_merge_key": ("不允许使用 YAML 合并键（“<<:”）：请在此映射中把各字段写出", YAML_REFUSALS["yaml_merge_key"]),
    "problem_registry_missing": ("登记表文件缺失：请从代码库恢复", "registry file is missing: restore it from the repository"),
    "problem_unknown_place": ("“{id}”不是地点编号：请改正编号，或补入地点登记表（上传文件写在“additions: places:”下）",
                              "'{id}' is not a place id: fix the id or add the place (uploads: under additions: places:)"),
    "problem_issued_after_extracted": ("印发日期 {issued} 晚于摘录日期 {extracted}：文件应先印发后摘录，请改正其中一个日期",
                                       "issued {issued} is after extracted {extracted}: a document is extracted after it is "
                                       "issued; correct either date"),
    "problem_issued_too_early": ("印发日期 {issued} 早于 {earliest}，早于任何对口合作：请核对日期",
                                 "issued {issued} is before {earliest}, earlier than any paired cooperation: check the date"),
    "problem_place_both_sides": ("“{id}”同时列为帮扶方和受援方：结对关系连接两个地点，请在“helper”下写帮扶的一方、“recipient”下写受援的一方，与标题一致",
                                 "'{id}' is on both sides, helper and recipient: a pairing joins two places; list the place "
                                 "that helps under helper and the place helped under recipient, as the title names them"),
    "problem_pairing_mismatch": ("结对关系“{id}”是 {pair_helper}（帮扶方）与 {pair_recipient}（受援方），但本方案列帮扶方 {helper}、"
                                 "受援方 {recipient}：请选用相符的结对关系，或改正“helper”与“recipient”",
                                 "pairing '{id}' does not match helper/recipient: it pairs {pair_helper} (helper) with "
                                 "{pair_recipient} (recipient), but the programme lists helper {helper} and recipient "
                                 "{recipient}; choose the matching pairing or correct helper and recipient"),
    "problem_place_twice": ("“{id}”在“{side}”下列了两次：每个地点只列一次", "'{id}' is listed twice under {side}: list each place once"),
    "problem_pairing_same_place": ("结对关系“{id}”把“{place}”与其自身结对：结对关系连接两个地点，请把“helper”设为帮扶的一方、“recipient”设为受援的一方",
                                   "pairing '{id}' pairs '{place}' with itself: a pairing joins two places; set helper to the "
                                   "place that helps and recipient to the place helped"),
    "problem_unknown_pairing": ("“{id}”不是结对关系编号：请改正编号，或补入登记表（上传文件写在“additions: pairings:”下）",
                                "'{id}' is not a pairing id: fix the id or add the pairing (uploads: under additions: pairings:)"),
    "problem_upload_unchecked": ("文字未与原文核对：上传文件没有“seeds/”原文，请确保每个标题、正文和责任单位条款均逐字照录",
                                 "texts were not checked against the source: uploads have no seed in seeds/, so make sure every "
                                 "heading, text and unit clause is copied verbatim from the document"),
    "problem_seed_missing": ("“seeds/”中找不到原文文件“{file}”：请改正“source.file”，或添加原文并登记到“seeds/MANIFEST.yaml”",
                             "seed file '{file}' not found in seeds/: fix source.file, or add the seed and list it in seeds/MANIFEST.yaml"),
    "problem_task_id_twice": ("任务编号“{id}”重复（首次出现在第{first}行）：每项任务须有自己的编号",
                              "duplicate task id '{id}' (first on line {first}): give each task its own id"),
    "problem_task_id_prefix": ("任务编号“{id}”须以方案编号开头：写作“{programme}/序号”",
                               "task id '{id}' must start with the programme id: write '{programme}/<number>'"),
    "problem_section_undeclared": ("部分“{section}”未在“sections”中声明：请声明或改正编号",
                                   "section '{section}' is not declared under sections: declare it there or fix the number"),
    "problem_unknown_theme": ("“{id}”不是主题编号；可用：{allowed}", "'{id}' is not a theme id; use one of: {allowed}"),
    "problem_unknown_instrument": ("“{id}”不是政策工具编号；可用：{allowed}", "'{id}' is not an instrument; use one of: {allowed}"),
    "problem_units_printed_empty": ("已解析责任单位，但“units_printed”为空：请照录原文条款",
                                    "units are resolved but units_printed is empty: copy the printed clause"),
    "problem_clause_no_body": ("条款“{clause}”未对应任何单位：请在“bodies”下列出其所指单位的编号",
                               "clause '{clause}' resolves to no body: list the unit ids it names under bodies"),
    "problem_unknown_unit": ("“{id}”不是单位编号：请改正编号，或补入单位登记表（上传文件写在“additions: units:”下）",
                             "'{id}' is not a unit id: fix the id or add the unit (uploads: under additions: units:)"),
    "problem_clause_not_printed": ("该条款不在“units_printed”中：请照原文抄录", "clause is not part of units_printed: copy it as printed"),
    "problem_not_verbatim": ("{task} 的 {field} 在 seeds/{file}（第{start}–{end}行）中找不到：请逐字照录",
                             "{field} of {task} is not found in seeds/{file} (lines {start}–{end}): copy it verbatim"),
    "problem_parent_task_missing": ("上级任务“{id}”不存在：请改正编号或删除", "parent task '{id}' does not exist: fix the id or delete it"),
    "problem_addition_in_registry": ("“{id}”已在{registry}中：请直接使用登记表中的条目并从“additions”中删除，或为你的条目另取编号",
                                     "'{id}' is already in {registry}: use it as it is there and delete it from additions, or "
                                     "give yours another id"),
    "problem_addition_twice": ("“{id}”新增了两次（首次在第 {first} 行）：保留一处", "'{id}' is added twice (first on line {first}): keep one"),
    "problem_addition_unknown_function": ("“{id}”不是职能编号：请使用{file}中的编号：{options}",
                                          "function '{id}' is not a function id: use one of {file}: {options}"),
    "problem_addition_unknown_place": ("{field}“{id}”不是地点编号：请使用{file}中的编号，或在“additions: places:”下补入",
                                       "{field} '{id}' is not a place id: use an id from {file} or add it under additions: places:"),
    "problem_place_cycle": ("地点的上级关系构成循环：{cycle}。地点的上级是包含它的更大区域；请改正“{id}”的上级（最高一级写“null”）",
                            "place parents form a cycle: {cycle}: a place's parent is the larger area it lies in; fix the "
                            "parent of '{id}' (null at the top)"),
    "problem_subsection_undeclared": ("小节“{subsection}”未在第“{section}”部分中声明：请补入该部分的“subsections”，或改正编号",
                                      "subsection '{subsection}' is not declared in section {section}: add it to that "
                                      "section's subsections or fix it"),
    "problem_kind_in_safeguards": ("{kind}不能放在保障措施部分：请写“kind: safeguard”",
                                   "a {kind} cannot stand in a 'safeguards' section: write kind: safeguard"),
    "problem_kind_in_tasks": ("{kind}不能放在任务部分：请写“kind: task”（重构的提纲中写“key_task”）",
                              "a {kind} cannot stand in a 'tasks' section: write kind: task (key_task in a reconstructed outline)"),
    "problem_kind_in_general": ("{kind}不能放在总体要求类部分：请移到任务或保障措施部分，或改变该部分的“kind”",
                                "a {kind} cannot stand in a 'general' section: move it to a section of kind tasks or "
                                "safeguards, or change that section's kind"),
    "problem_programme_own_parent": ("方案“{id}”把自己列为上级方案：上级方案是更高一级的方案，请删除此项",
                                     "programme '{id}' lists itself as parent: a parent is a higher-level plan; delete this parent"),
    "problem_parent_programme_failed": ("上级方案“{id}”未通过校验，此链接暂不计入：请先改正该方案",
                                        "parent programme '{id}' did not pass validation, so this link is left out: fix that "
                                        "programme first"),
    "problem_parent_programme_missing": ("上级方案“{id}”不在本库中：请改正编号或删除此项",
                                         "parent programme '{id}' is not in the corpus: fix the id or delete this parent"),
    "problem_parent_task_elsewhere": ("上级任务“{id}”不属于方案“{programme}”：请填写该方案的任务，或改正方案编号",
                                      "parent task '{id}' is not a task of '{programme}': name a task of that programme, or "
                                      "fix the programme id"),
    "problem_task_own_parent": ("任务“{id}”把自己列为上级任务：请删除该链接", "{id} lists itself as parent: delete that link"),
    "problem_link_programme_failed": ("指向“{id}”的链接暂不计入：方案“{programme}”未通过校验，请先改正该方案",
                                      "link to {id} left out: '{programme}' did not pass validation; fix that programme first"),
    "problem_programme_cycle": ("方案之间的上下级关系构成循环：{cycle}。上级方案必须是更高一级的方案，请删除指回的那一项",
                                "programme links form a cycle: {cycle}: a parent must be a higher-level plan; delete the "
                                "parent that points back"),
    "problem_task_cycle": ("任务之间的上下级链接构成循环：{cycle}。上级任务必须属于更高一级的方案，请删除指回的那条链接",
                           "links form a cycle: {cycle}: a parent must be a task of a higher-level plan; delete the link "
                           "that points back"),
    "problem_link_task_missing": ("上级任务“{id}”不存在：请核对编号或删除该链接",
                                  "parent task '{id}' does not exist: check the id, or delete the link"),
    "coverage_chart_title": ("省级重点任务分解覆盖", "Breakdown coverage of provincial key tasks"),
    "coverage_chart_sub": ("每项重点任务在下级方案中对应的任务数", "Tasks in lower-level plans per key task"),
    # charts and wording (issue 11 B): what each number counts, gaps without "-0", units in the reader's language
    "workload_title_unit": ("各单位任务量", "Tasks per body"),
    "pp_unit": ("百分点", "percentage points"),
    "hover_sep": ("：", ": "),
    "tasks_aside": ("（{n} 项）", " ({n} tasks)"),  # after a share in a bar's hover: the tasks it counts (charts.tasks_aside)
    "tasks_aside_one": ("（1 项）", " (1 task)"),
    "per_10_unit": ("（每10项任务）", " per 10 tasks"),  # after a weighted index in its bar's hover
    "gap_above": ("比其余方案高{n}个百分点", "{n} percentage points above the rest"),
    "gap_below": ("比其余方案低{n}个百分点", "{n} percentage points below the rest"),
    "gap_above_one": ("比其余方案高1个百分点", "1 percentage point above the rest"),
    "gap_below_one": ("比其余方案低1个百分点", "1 percentage point below the rest"),
    "gap_level": ("与其余方案持平", "level with the rest"),
    "finding": ("{pair}：{counted}（{docs}{extra}），最突出的主题是“{theme}”（占其中的{share:.0%}，{gap}{rule}）；"
                "其中{assessable:.0%}含可考核承诺。",
                "{pair}: {counted} in {docs}{extra}; the most distinctive theme is {theme} ({share:.0%} of them, "
                "{gap}{rule}); {assessable:.0%} of them carry a checkable commitment."),
    "finding_even": ("{pair}：{counted}（{docs}{extra}），没有明显高于其余方案的主题（差距最大的“{theme}”占其中的{share:.0%}，{gap}{rule}）；"
                     "其中{assessable:.0%}含可考核承诺。",
                     "{pair}: {counted} in {docs}{extra}; no theme stands above the rest (the closest, {theme}, is "
                     "{share:.0%} of them, {gap}{rule}); {assessable:.0%} of them carry a checkable commitment."),
    # which themes a finding compares (a walk: "no theme stands above the rest" beside a theme of 2 tasks at 12% against
    # 2% elsewhere, left out as resting on too few tasks, which the sentence did not say)
    "finding_rule": ("；只比较任务{n}项及以上的主题", "; themes of {n} or more tasks compared"),
    "finding_rule_small": ("；各主题任务均不足{n}项", "; every theme has fewer than {n} tasks"),
    "distinct_needs_two": ("这张图比较每个结对关系与其余结对关系的主题占比；所选方案只属于一个结对关系，无从比较。请在侧栏再选一个结对关系的方案。",
                           "This chart compares each pairing's theme shares with the other pairings'; the programmes chosen "
                           "belong to one pairing, so there is nothing to compare with. Choose a programme of another pairing in the sidebar."),
    "distinct_needs_two_presenting": ("这张图比较每个结对关系与其余结对关系的主题占比；所选方案只属于一个结对关系，无从比较。",
                                      "This chart compares each pairing's theme shares with the other pairings'; the programmes "
                                      "chosen belong to one pairing, so there is nothing to compare with."),
    "finding_alone": ("{pair}：{counted}（{docs}{extra}），占比最大的主题是“{theme}”（占其中的{share:.0%}；所选方案中没有其他结对关系可比）；"
                      "其中{assessable:.0%}含可考核承诺。",
                      "{pair}: {counted} in {docs}{extra}; the largest theme is {theme} ({share:.0%} of them; no other pairing "
                      "is chosen to compare with); {assessable:.0%} of them carry a checkable commitment."),
    "finding_tasks": ("{n}项任务", "{n} tasks"),
    "finding_tasks_one": ("1项任务", "1 task"),
    "finding_key_tasks": ("{n}项省级重点任务", "{n} provincial key tasks"),
    "finding_key_tasks_one": ("1项省级重点任务", "1 provincial key task"),
    "finding_docs": ("{n}份文件", "{n} documents"),
    "finding_docs_one": ("1份文件", "1 document"),
    "finding_and": ("和", " and "),
    "finding_safeguards": ("；另有{n}项保障措施，不计入", " (plus {n} safeguards, not counted)"),
    "finding_safeguards_one": ("；另有1项保障措施，不计入", " (plus 1 safeguard, not counted)"),
    "pairings_title": ("结对关系一览", "Pairings listed"),  # the list under the map: every place named
    "pairings_note": ("示意图只标注城市和省份；此表列出每对结对的双方。", "The map names cities and provinces only; this list names both sides of every pairing."),
    "network_line_plan": ("结对关系：本库收录其方案", "Pairing with its plan in this corpus"),  # the map's legend
    "network_line_named": ("结对关系：仅见于其他文件", "Pairing named in other documents only"),
    "network_edge": ("{kind} · {n} 份文件", "{kind} · {n} documents"),  # a pairing's line on the map, on hover
    "network_edge_one": ("{kind} · 1 份文件", "{kind} · 1 document"),
    "kpi_note": ("“任务”只计各方案的编号任务（{tasks}项）{apart}。任务检索页列出全部{items}条。",
                 "“Tasks” counts the programmes' numbered tasks ({tasks}){apart}. The task explorer lists all {items} items."),
    "kpi_apart": ("；{kinds}另计", "; counted apart: {kinds}"),
    # …and what "pairings" counts, when the map and the list under it draw more (the pairings the documents name)
    "kpi_pairings_note": ("“结对关系”计所选方案本身的结对（{own}对）；示意图和结对关系一览另列这些方案提及的{n}对。",
                          " “Pairings” counts the chosen programmes' own pairings ({own}); the map and the list of pairings also show "
                          "{n} more that they name."),
    "kpi_pairings_note_one": ("“结对关系”计所选方案本身的结对（{own}对）；示意图和结对关系一览另列这些方案提及的1对。",
                              " “Pairings” counts the chosen programmes' own pairings ({own}); the map and the list of pairings also "
                              "show 1 more that they name."),
    "results_by_kind": ("检索结果 {n} 条：{kinds}", "{n} results: {kinds}"),
    "results_by_kind_one": ("检索结果 1 条：{kinds}", "1 result: {kinds}"),
    # an item kind and how many, as the language counts them (none: the kind is left out of a list)
    "count_task": ("任务 {n} 项", "{n} tasks"),
    "count_task_one": ("任务 1 项", "1 task"),
    "count_key_task": ("省级重点任务 {n} 项", "{n} provincial key tasks"),
    "count_key_task_one": ("省级重点任务 1 项", "1 provincial key task"),
    "count_safeguard": ("保障措施 {n} 项", "{n} safeguards"),
    "count_safeguard_one": ("保障措施 1 项", "1 safeguard"),
    "profile_sub": ("各主题任务占比（仅主主题）", "Share of tasks per theme (primary theme only)"),
}


def strict() -> bool:
    """Under test (pytest, or PAIRED_STRICT_LABELS=1 for a server a browser test starts) a missing label is an error."""
    return os.environ.get(STRICT_ENV) == "1" or "PYTEST_CURRENT_TEST" in os.environ


# plotly's own words on a chart (its modebar's tips and its notices), in Chinese: plotly takes them per chart (config
# "locales"), keyed by its English. Those of the buttons the dashboard removes or never draws (lasso, 3-D, maps) are left
# out. The table toolbar and a chart's full-screen button are Streamlit's, in English (README, known limitations).
PLOTLY_LOCALE = "zh-CN"
PLOTLY_ZH = {
    "Download plot as a PNG": "下载图表（PNG）",
    "Download plot": "下载图表",
    "Zoom": "缩放",
    "Pan": "平移",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "重置坐标轴",
    "Toggle Spike Lines": "显示/隐藏参考线",
    "Show closest data on hover": "悬停显示最近数据",
    "Compare data on hover": "悬停比较数据",
    "Double-click to zoom back out": "双击恢复原始大小",
    "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
    "Snapshot succeeded": "图片已生成",
    "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败",
}


def t(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang` (its `<key>_one` twin, where the catalogue has one, when `n` is 1).

    Under test an unknown key raises KeyError, so a gap in the catalogue fails loudly; for users it shows
    as the key itself, a visible gap rather than a broken page.
    """
    if values.get("n") == 1 and f"{key}_one" in LABELS:  # "1 chart", not "1 chart(s)": a label's twin for one
        key = f"{key}_one"
    pair = LABELS.get(key)
    if pair is None:
        if strict():
            raise KeyError(f"label {key!r} is not in ui/report/i18n.py LABELS")
        return key
    text = pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text


# Codes stored in Chinese or with spaces, and the catalogue key of each.
CODE_KEYS = {
    "status": {"正式": "status_in_force", "征求意见稿": "status_draft", "carried down": "carried", "not carried": "not_carried"},
    "cooperation_type": {"对口合作": "coop_paired", "结对合作帮扶": "coop_twinning", "产业帮扶": "coop_industry"},
}


def code_name(prefix: str, value: object, lang: str) -> str:
    """A coded value (a table column's, `prefix`) in the reader's language: 对口合作 → Paired cooperation."""
    return t(CODE_KEYS.get(prefix, {}).get(value, f"{prefix}_{value}"), lang)


def kinds_text(counts: Mapping[str, int], lang: str, skip: Iterable[str] = ()) -> str:
    """Items by kind, those of none left out: "任务 16 项、省级重点任务 3 项" / "16 tasks, 3 provincial key tasks"
    (an English reader met "0 provincial key task(s)"); "" when every kind counts none."""
    return t("enum_sep", lang).join(t(f"count_{kind}", lang, n=n) for kind, n in counts.items() if n and kind not in skip)


def kpi_note(kinds: Mapping[str, int], lang: str, pairings: int = 0, named: int = 0) -> str:
    """What the overview's "tasks" counts, and the other kinds of item counted apart (those there are); with `named`
    pairings the documents name beside their `pairings` own, what "pairings" counts too."""
    apart = kinds_text(kinds, lang, skip=("task",))
    note = t("kpi_note", lang, tasks=kinds.get("task", 0), apart=t("kpi_apart", lang, kinds=apart) if apart else "",
             items=sum(kinds.values()))
    return note + (t("kpi_pairings_note", lang, own=pairings, n=named) if named else "")  # its own sentence


def join_entries(entries, lang: str) -> str:
    """A list's entries as one line, separated as the language separates them (`list_sep`): the one joiner of
    source lines and view lines; `ui.report.style.wrap_entries` splits on the same separator."""
    return t("list_sep", lang).join(entries)


def aside(text: str, note: str, lang: str) -> str:
    """`text` followed by `note` in brackets, as the language writes them: 名称（注） / name (note)."""
    return t("aside", lang, text=text, note=note)


THEMES_NAMED = 4  # a subtitle names at most this many chosen themes, and counts more


def themes_note(corpus, themes, lang: str, scope: str | None = None) -> str:
    """What a chart under a theme filter counts, naming the themes (a walk: "仅计所选主题的任务" on a slide could not say
    which): "仅计产业合作、红色文化主题的任务（任一标签）"; with `scope` ("primary", "any"), how a task matches."""
    text = t("chosen_themes_tasks", lang, themes=_listed_themes(corpus, themes, lang))
    return aside(text, t(f"scope_{scope}_aside", lang), lang) if scope else text


def themes_shown(corpus, themes, lang: str) -> str:
    """What a chart under a theme filter draws, naming the themes ("" without a filter): its shares stay shares of all
    of a programme's tasks, but its bars are of these themes alone, and with one theme a chart had no legend (a walk:
    green bars on a slide, nothing saying which theme)."""
    return t("chosen_themes_shown", lang, themes=_listed_themes(corpus, themes, lang)) if themes else ""


def _listed_themes(corpus, themes, lang: str) -> str:
    names = theme_names(corpus, lang)
    chosen = [names.get(theme, theme) for theme in themes]
    return t("enum_sep", lang).join(chosen) if len(chosen) <= THEMES_NAMED else t("chosen_themes_many", lang, n=len(chosen))


URL_VALUE_SHOWN = 40  # characters of a stranger's URL value a notice repeats; longer ones are cut with "…"


def unknown_names_text(unknown, lang: str, named: int) -> str:
    """Markdown naming the address's parameter names no parameter has ((name, the one it may have meant or None), as
    `ui.web.view.unknown_names` lists them): the first `named`, each escaped and bounded as a value is, the rest
    counted."""
    def said(name: str, like: str | None) -> str:
        shown = md(visible(name if len(name) <= URL_VALUE_SHOWN else name[:URL_VALUE_SHOWN] + "…"))
        return t("url_param_unknown_like", lang, name=shown, like=like) if like else t("url_param_unknown", lang, name=shown)
    lines = [said(name, like) for name, like in unknown[:named]]
    if len(unknown) > named:
        lines.append(t("url_params_unknown_more", lang, n=len(unknown) - named))
    return "\n\n".join(lines)


def unrecognised_text(dropped, lang: str, limits: dict[str, int] | None = None) -> str:
    """Markdown naming each URL value the view could not use ((parameter, value, default shown), as
    `ui.web.view.unrecognised` lists them): the value escaped (`md`) and cut to URL_VALUE_SHOWN characters. `limits`:
    the most characters a parameter takes (its declared max_chars), so a value dropped for its length is said to be too
    long rather than not recognised (a walk: a 5,000-character search "could not be recognised")."""
    def shown(value: str) -> str:
        return md(visible(value if len(value) <= URL_VALUE_SHOWN else value[:URL_VALUE_SHOWN] + "…"))

    def said(name: str, value: str, default: bool) -> str:
        limit = (limits or {}).get(name)
        if limit is not None and len(value) > limit:
            return t("url_value_too_long", lang, name=name, value=shown(value), limit=limit)
        return t("url_value_unknown" if default else "url_values_ignored", lang, name=name, value=shown(value))
    # The parameter's name is ours (declared in ui/web/view.py), shown as `code`; only the value is the stranger's.
    return "\n\n".join(said(name, value, default) for name, value, default in dropped)


def coded_text(prefix: str, code: str, params: dict, english: str, lang: str) -> str:
    """A message with a code, worded from the catalogue (`<prefix>_<code>`) in the reader's language; one whose code
    the catalogue does not word keeps its `english`, marked as such in the Chinese interface."""
    key = f"{prefix}_{code}"
    if code and key in LABELS:
        return t(key, lang, **params)
    return t("problem_english", lang, message=english)


def behind_note(lang: str, by: str, tasks: int, rows: int) -> str:
    """The caption of the tasks behind a departments bar: how many tasks in how many rows, each counted in words."""
    return t("workload_behind_note" + ("_unit" if by == "unit" else ""), lang, tasks=t("behind_tasks", lang, n=tasks),
             rows=t("behind_rows", lang, n=rows))


def draft_error_text(error, lang: str) -> str:
    """Why a text cannot be drafted (an analytics.draft DraftInputError), in the reader's language."""
    return coded_text("draft_error", error.code, error.params, str(error), lang)


def problem_text(problem, lang: str) -> str:
    """One data problem as "file:line: …" in the reader's language, worded from the catalogue by its code.

    A problem whose code the catalogue does not word (YAML syntax, rare checks) keeps the validator's
    English, marked as such in the Chinese interface.
    """
    body = coded_text("problem", problem.code, dict(problem.params), problem.message, lang)
    warning = t("problem_warning", lang) if problem.severity == "warning" else ""
    return t("problem_line", lang, file=problem.file, line=problem.line, warning=warning, body=body)


def name_column(lang: str) -> str:
    """Which registry column holds a display name in this language."""
    return "en" if lang == "en" else "zh"


# Display names read from the corpus registries, so labels follow data/ and never a hand-kept copy. They are
# `plain` (no bidi controls) for widgets and tables; Markdown and charts escape them further (ui/report/safe.py).
def programme_names(corpus, lang: str) -> dict[str, str]:
    """Short names; a researcher's uploaded programme is marked as such wherever it is named."""
    mark = t("uploaded_mark", lang)
    return per_table(corpus.programmes, ("programme_names", lang), lambda: {  # once per corpus (issue 15)
        p.programme_id: plain(getattr(p, "short_en" if lang == "en" else "short_zh")) + (mark if p.uploaded else "")
        for p in corpus.programmes.itertuples()})


def theme_names(corpus, lang: str) -> dict[str, str]:
    return per_table(corpus.themes, ("theme_names", lang),
                     lambda: dict(zip(corpus.themes.theme_id, corpus.themes[name_column(lang)].map(plain))))


def function_names(corpus, lang: str) -> dict[str, str]:
    return per_table(corpus.functions, ("function_names", lang),
                     lambda: dict(zip(corpus.functions.function, corpus.functions[name_column(lang)].map(plain))))


SOURCE_LANG = "zh"  # the documents', and so the registry's, language: bodies and task titles are quoted in it, never translated


def source_language_note(key: str, lang: str) -> str:
    """What a chart labelled with text quoted from the documents (`key`: "unit_names_original" for bodies,
    "task_titles_original" for tasks' headings) says on a page in another language; "" in the documents' own."""
    return "" if lang == SOURCE_LANG else t(key, lang)


def unit_names(corpus) -> Mapping[str, str]:
    """Every body's name, by unit id: one read-only mapping per corpus, shared, not a copy per call. A widget's
    format_func holds it for as long as its session lives; a copy per run was 2 MB per session at 100× (bench/RESULTS.md,
    seventeenth round)."""
    return MappingProxyType(once_per_table(corpus.units, "unit_names",
                                           lambda: dict(zip(corpus.units.unit_id, corpus.units.name.map(plain)))))


def instrument_type_names(corpus, lang: str) -> dict[str, str]:
    def build() -> dict[str, str]:
        types = corpus.instruments.drop_duplicates("type")
        return dict(zip(types.type, types["type_en" if lang == "en" else "type_zh"].map(plain)))
    return per_table(corpus.instruments, ("instrument_type_names", lang), build)


def instrument_names(corpus, lang: str) -> dict[str, str]:
    """An instrument's subtype as a reader names it."""
    column = "subtype_en" if lang == "en" else "subtype_zh"
    return per_table(corpus.instruments, ("instrument_names", lang),
                     lambda: dict(zip(corpus.instruments.instrument, corpus.instruments[column])))


def place_names(corpus, lang: str) -> dict[str, str]:
    return per_table(corpus.places, ("place_names", lang),
                     lambda: dict(zip(corpus.places.place_id, corpus.places[name_column(lang)])))


def group_names(corpus, lang: str) -> dict[str, str]:
    """Names for programme ids and pairing ids alike."""
    def pairing_names() -> dict[str, str]:
        places = dict(zip(corpus.places.place_id, corpus.places[name_column(lang)].map(plain)))
        return {p.pairing_id: t("pair_name", lang, helper=places.get(p.helper, p.helper),
                                recipient=places.get(p.recipient, p.recipient)) for p in corpus.pairings.itertuples()}
    return {**per_table(corpus.pairings, ("pairing_names", lang), pairing_names), **programme_names(corpus, lang)}
