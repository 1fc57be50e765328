"""How every chart and table is shown: with its export tools, or enlarged in presentation mode.

Pages call `show_chart` and `show_table` instead of st.plotly_chart / st.dataframe, so each chart can
be downloaded as PNG/SVG (title editable, source and data version burned in) or added to the
briefing pack, and each table downloaded as CSV or Excel with a sheet saying what it holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.export import source_documents, table_csv, table_xlsx
from ui.briefing import PackItem, document_entry, stamp_text
from ui.i18n import programme_names, t, theme_names
from ui.images import FORMATS, MIME, SCALES, SHAPES, export_figure, render
from ui.safe import plain_table
from ui.state import session_corpus, current_data_version, filters, pack, presenting
from ui.style import chart_texts, enlarged, file_stem, plotly_config

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def today() -> str:
    return dt.date.today().isoformat()


def show_chart(fig: go.Figure, key: str) -> None:
    lang = filters().lang
    stamp = stamp_text(current_data_version(), today(), lang)
    texts = chart_texts(fig)
    if presenting():
        shown = enlarged(export_figure(fig, texts["title"], texts["subtitle"], stamp, "16:9"))
        st.plotly_chart(shown, config=plotly_config(texts["title"]), width="content", key=key, theme=None)
        return
    st.plotly_chart(fig, config=plotly_config(texts["title"]), width="stretch", key=key, theme=None)
    _chart_tools(fig, key, lang, stamp)


@st.fragment
def _chart_tools(fig: go.Figure, key: str, lang: str, stamp: str) -> None:
    texts = chart_texts(fig)
    # Keys carry the chart's own texts: when filters change the finding, the edit boxes start afresh.
    version = hashlib.sha1("|".join([lang, *texts.values()]).encode()).hexdigest()[:8]
    wkey = f"{key}-{version}"
    with st.popover(t("export_chart", lang), icon=":material/ios_share:"):
        title = st.text_input(t("chart_title", lang), texts["title"], key=f"{wkey}-title")
        subtitle = st.text_input(t("chart_subtitle", lang), texts["subtitle"], key=f"{wkey}-subtitle")
        left, right = st.columns(2)
        shape = left.radio(t("image_shape", lang), list(SHAPES), key=f"{wkey}-shape", format_func=lambda s: t(f"shape_{s}", lang))
        scale = right.radio(t("image_scale", lang), SCALES, key=f"{wkey}-scale", format_func=lambda s: f"{s}×")
        stem = file_stem(title)
        for column, fmt in zip(st.columns(len(FORMATS)), FORMATS):
            column.download_button(
                fmt.upper(), data=_image_maker(fig, title, subtitle, stamp, shape, fmt, scale),
                file_name=f"{stem}.{fmt}", mime=MIME[fmt], on_click="ignore", key=f"{wkey}-{fmt}", icon=":material/image:",
            )
        st.caption(t("image_note", lang))
        caption = st.text_area(t("caption", lang), texts["caption"], key=f"{wkey}-caption", height=80)
        if st.button(t("add_to_pack", lang), key=f"{wkey}-add", icon=":material/playlist_add:", type="primary"):
            pack().append(PackItem.from_figure(fig, title, subtitle, caption))
            st.session_state["notice"] = t("added_to_pack", lang, n=len(pack()))
            st.rerun()  # the whole app, so the sidebar's pack count follows


def pending_notice() -> None:
    """A notice left by the previous run (e.g. 'added to the pack'), shown once."""
    if notice := st.session_state.pop("notice", None):
        st.toast(notice)


def _image_maker(fig, title, subtitle, stamp, shape, fmt, scale):
    """Deferred: the image is rendered only when the button is pressed, not on every rerun."""
    return lambda: render(export_figure(fig, title, subtitle, stamp, shape), fmt, scale)


def show_table(table: pd.DataFrame, key: str, name: str, **dataframe_args) -> None:
    st.dataframe(plain_table(table), hide_index=True, width="stretch", key=key, **dataframe_args)
    if presenting() or table.empty:
        return
    lang = filters().lang
    stem = file_stem(name)
    label, csv_column, xlsx_column = st.columns([2, 1, 1, 6])[:3]
    label.caption(t("table_download", lang))
    csv_column.download_button(t("download_csv", lang), data=lambda: table_csv(table),
                               file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key=f"{key}-csv")
    xlsx_column.download_button(t("download_xlsx", lang), data=lambda: table_xlsx(table, about_rows(name, lang), sheet=stem),
                                file_name=f"{stem}.xlsx", mime=XLSX_MIME, on_click="ignore", key=f"{key}-xlsx")


def about_rows(name: str, lang: str) -> list[tuple[str, str]]:
    """The Excel 'about' sheet: what the table is, the filters applied, the documents behind it, the version."""
    corpus, f = session_corpus(), filters()
    names_p, names_t = programme_names(corpus, lang), theme_names(corpus, lang)
    rows = [
        (t("about_table", lang), name),
        (t("about_programmes", lang), "；".join(names_p.get(p, p) for p in f.programmes)),
        (t("about_themes", lang), "；".join(names_t.get(x, x) for x in f.themes) if f.themes else t("all", lang)),
        (t("about_scope", lang), t(f"scope_{f.scope}", lang)),
        (t("about_measure", lang), t(f"measure_{f.measure}", lang)),
    ]
    rows += [(t("about_source", lang), document_entry(doc, lang)) for doc in source_documents(corpus, f.programmes).itertuples()]
    rows += [(t("about_version", lang), current_data_version()), (t("about_date", lang), today()),
             (t("about_tool", lang), t("app_title", lang))]
    return rows


PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stPopover"], [data-testid="stDownloadButton"], [data-testid="stTextInput"],
[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stRadio"], [data-testid="stCheckbox"],
[data-testid="stTextArea"], [data-testid="stDateInput"], [data-testid="stExpander"],
[data-testid="stButton"]:not(.st-key-exit_present [data-testid="stButton"]) { display: none !important; }
.st-key-exit_present { position: fixed; top: 0.5rem; right: 1rem; z-index: 1000; opacity: 0.5; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; max-width: 1360px !important; }
[data-testid="stMain"] { font-size: 1.3rem; }
h1 { font-size: 2.8rem !important; }
</style>
"""


def presentation_frame(lang: str) -> None:
    """In presentation mode: hide the sidebar and controls, enlarge type, offer one small way out."""
    if not presenting():
        return
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)  # fixed CSS written here, no data inside
    with st.container(key="exit_present"):
        st.button(t("exit_present", lang), on_click=lambda: st.session_state.update(present=False), icon=":material/close:")
