"""方案档案 Programme profile: metadata, structure, theme profile, units and commitments; two side by side."""

import streamlit as st

from analytics.commitments import commitments
from analytics.profile import programme_profile
from ui.report.charts import source_line, theme_profile_chart
from ui.report.i18n import programme_names, t
from ui.report.tables import Names, named_table, programme_metadata
from ui.web.widgets import chart_column_min_px, mode_text, show_chart, show_table, side_by_side
from ui.web.data import analysis, figure, session_corpus, shown_table
from ui.web.frame import frame_first, stop
from ui.web.state import filters, not_offered_together, view_widget
from ui.report.safe import md_escape

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_programme", f.lang))
if not f.programmes:
    st.info(mode_text("no_match", f.lang))
    stop()
names = programme_names(corpus, f.lang)
names_all = Names.of(corpus, f.lang)
ids = list(f.programmes)
not_offered_together(("p1", "p2"), ids, f.lang)  # a link's two programmes both outside those chosen: said once, above both
left, right = st.columns(2, vertical_alignment="bottom")  # a warning above one picker leaves the two pickers level
chosen = [view_widget("p1", left.selectbox, t("pick_programme", f.lang), ids, format_func=names.get)]
# the programme beside it is another one: the same twice drew every table twice under one key (a crash)
second = view_widget("p2", right.selectbox, t("compare_with", f.lang), ["", *(p for p in ids if p != chosen[0])],
                     format_func=lambda p: names.get(p, "—"), because=lambda p: ("link_beside_itself", {}) if p == chosen[0] else None)
chosen += [second] if second else []

profiles = {programme_id: analysis(programme_profile, programme_id) for programme_id in chosen}
widest = max(float(p.themes.share.max()) for p in profiles.values())  # side-by-side profiles share one x scale
# one above the other when the window cannot give each profile's chart its narrowest width (a walk at 1,100 px: cut)
for column, programme_id in zip(side_by_side(len(chosen), "profiles", chart_column_min_px()), chosen):
    profile = profiles[programme_id]
    with column:
        st.subheader(md_escape(names[programme_id]))
        st.markdown(f"**{t('metadata', f.lang)}**")
        # each table's Excel names this programme's document alone (a walk: every one listed all seven)
        cites = (programme_id,)
        show_table(programme_metadata(corpus, programme_id, names_all), f"metadata-{programme_id}",
                   f"{names[programme_id]} {t('metadata', f.lang)}", cites=cites)
        st.markdown(f"**{t('structure', f.lang)}**")
        show_table(shown_table(named_table, corpus, profile.structure, f.lang), f"structure-{programme_id}",
                   f"{names[programme_id]} {t('structure', f.lang)}", cites=cites)
        st.markdown(f"**{t('theme_profile', f.lang)}**")
        title = f"{names[programme_id]} · {t('theme_profile', f.lang)}"
        fig = figure(theme_profile_chart, corpus, profile.themes, f.lang, source_line(corpus, [programme_id], f.lang), title,
                     scale_to=widest, half=len(chosen) > 1)  # beside another profile, in half the page
        show_chart(fig, f"profile-{programme_id}")
        st.markdown(f"**{t('units', f.lang)}**")
        if profile.units.empty:
            st.info(t("not_stated", f.lang))
        else:
            show_table(shown_table(named_table, corpus, profile.units, f.lang, columns=tuple(c for c in profile.units.columns if c != "unit_id")),
                       f"units-{programme_id}", f"{names[programme_id]} {t('units', f.lang)}", cites=cites)
        st.markdown(f"**{t('commitments', f.lang)}**")
        show_table(shown_table(named_table, corpus, analysis(commitments, [programme_id]), f.lang, columns=("task_id", "kind", "phrase")),
                   f"commitments-{programme_id}",
                   f"{names[programme_id]} {t('commitments', f.lang)}", cites=cites)
