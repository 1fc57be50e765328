"""数据说明 Data & method: codebook, unit registry, provenance, validation status, extract format, downloads."""

import streamlit as st

from analytics import paths
from analytics.codebook import decision_rules
from analytics.outputs.template import TEMPLATE_FILENAME
from analytics.outputs.export import analysis_tables, corpus_tables, table_csv
from ui.report.i18n import problem_text, t
from ui.report.safe import md, plain, plain_table
from ui.web.uploads import upload_template_text
from ui.report.tables import ROWS_LISTED, reference_rows, reference_table
from ui.web.widgets import mode_text, show_table
from ui.web.data import analysis, session_corpus, shown_table
from ui.web.frame import frame_first
from ui.web.state import filters

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_data", f.lang))


def reference(which: str, key: str, title: str, **dataframe_args) -> None:
    """A reference table, built once per data version and language. Beyond ROWS_LISTED rows the page lists the
    first ones and says so; the CSV and Excel downloads hold every row, made only when a button is pressed (issue 15:
    at 100× the unit registry is 18,300 rows, a 3 MB table sent to every visit; 15 readers opening the page at once
    waited 80 s for it, 58 s since; the whole table, kept per language for the buttons, was 3 MB more at 100×)."""
    n = reference_rows(corpus, which)
    if n <= ROWS_LISTED:
        show_table(shown_table(reference_table, corpus, which, f.lang), key, title, **dataframe_args)
        return
    st.caption(t("rows_listed", f.lang, shown=ROWS_LISTED, n=n))
    lang = f.lang  # the download is made after the run, on another thread: what it needs is read now
    show_table(shown_table(reference_table, corpus, which, f.lang, limit=ROWS_LISTED), key, title,
               download=lambda: plain_table(reference_table(corpus, which, lang)), **dataframe_args)


# 1/ CODEBOOK AND REGISTRIES (each table built once per data version and language: at 100× the registries and
# provenance are hundreds of rows, rebuilt and converted on every visit before; issue 15)
st.subheader(t("codebook", f.lang))
reference("codebook", "data-codebook", t("codebook", f.lang), column_config={t("col_colour", f.lang): st.column_config.TextColumn()})
st.markdown(f"**{t('codebook_rules', f.lang)}**")  # written decision rules for boundary cases (issue 14)
st.caption(t("codebook_rules_intro", f.lang))
rules = decision_rules(paths.DATA_DIR)
# each rule under its theme's name; the general rules (kept under 其他 in the codebook) stand alone, as 通则一…
st.markdown("\n".join("- " + ("" if row["general"] else f"**{md(row['en' if f.lang == 'en' else 'zh'])}** · ")
                       + md(row["rule_en" if f.lang == "en" else "rule"]) for row in rules.to_dict("records")))
st.subheader(t("unit_registry", f.lang))
reference("units", "data-units", t("unit_registry", f.lang))

# 2/ PROVENANCE AND VALIDATION
st.subheader(t("provenance", f.lang))
reference("provenance", "data-provenance", t("provenance", f.lang))
st.markdown(f"**{t('citations', f.lang)}**")
reference("citations", "data-citations", t("citations", f.lang))
st.subheader(t("validation", f.lang))
if corpus.problems:
    st.code(plain("\n".join(problem_text(p, f.lang) for p in corpus.problems)), language=None)
else:
    st.success(t("validation_ok", f.lang))

# 3/ FOR UPLOADERS: THE EXTRACT FORMAT (read from the schema itself)
st.subheader(t("upload_format", f.lang))
st.markdown(mode_text("upload_format_intro", f.lang))
st.download_button(t("template_download", f.lang), data=upload_template_text, file_name=TEMPLATE_FILENAME,
                   mime="application/x-yaml", on_click="ignore", key="template-data-page", icon=":material/description:")
reference("schema", "data-schema", t("upload_format", f.lang))

# 4/ DOWNLOADS
st.subheader(t("downloads", f.lang))
tables = {**analysis(corpus_tables), **analysis(analysis_tables)}
for column, (stem, frame) in zip(st.columns(4) * (len(tables) // 4 + 1), tables.items()):
    column.download_button(f"{stem}.csv", lambda frame=frame: table_csv(frame),
                           file_name=f"{stem}.csv", mime="text/csv", key=f"dl-{stem}", on_click="ignore")
