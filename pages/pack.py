"""简报包 Briefing pack: the charts collected on other pages, reordered, captioned, downloaded as one PPTX."""

import streamlit as st

from analytics.outputs.export import source_documents
from ui.report.briefing import build_pptx
from ui.report.i18n import t
from ui.report.pack import EDITED_TEXT_MAX_CHARS
from ui.report.safe import md_escape
from ui.web.data import session_corpus, current_data_version
from ui.web.frame import frame_first, stop
from ui.web.state import filters, pack
from ui.web.widgets import mode_text
from ui.report.style import file_stem


frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

corpus, f = session_corpus(), filters()
st.title(t("page_pack", f.lang))
items = pack()
if not items:
    st.info(mode_text("pack_empty", f.lang))
    stop()


def move(index: int, step: int) -> None:
    items.insert(index + step, items.pop(index))


def edit(index: int, field: str, key: str) -> None:
    setattr(items[index], field, st.session_state[key][:EDITED_TEXT_MAX_CHARS])  # bounded as read, not only as typed


st.caption(t("pack_lifetime", f.lang))  # a session's state: a reload is a new session (said before it is lost)
other_lang = sum(item.lang != f.lang for item in items)  # a chart keeps the language it was drawn in, and its slide too
if other_lang:
    st.warning(t("pack_other_lang", f.lang, n=other_lang), icon=":material/translate:")

# 1/ TITLE SLIDE
left, right = st.columns([3, 1])
# An unedited default title follows the language; an edited one is the user's and stays.
if st.session_state.get("deck_title", "") in {"", *(t("deck_default_title", lang) for lang in ("zh", "en"))}:
    st.session_state["deck_title"] = t("deck_default_title", f.lang)
deck_title = left.text_input(t("deck_title", f.lang), key="deck_title", max_chars=EDITED_TEXT_MAX_CHARS)
deck_date = right.date_input(t("deck_date", f.lang), key="deck_date", format="YYYY-MM-DD").isoformat()

# 2/ ONE SLIDE PER CHART
for index, item in enumerate(items):
    with st.container(border=True):
        text, up, down, remove = st.columns([8, 1, 1, 1], vertical_alignment="center")
        text.markdown(f"**{index + 1}.** {md_escape(item.title)}" + (t("pack_item_other_lang", f.lang) if item.lang != f.lang else ""))
        up.button("↑", key=f"up-{item.item_id}", help=t("move_up", f.lang), disabled=index == 0, on_click=move, args=(index, -1))
        down.button("↓", key=f"down-{item.item_id}", help=t("move_down", f.lang), disabled=index == len(items) - 1,
                    on_click=move, args=(index, 1))
        remove.button("✕", key=f"rm-{item.item_id}", help=t("remove", f.lang), on_click=items.pop, args=(index,))
        for field, label in (("title", "chart_title"), ("caption", "caption")):
            key = f"{field}-{item.item_id}"
            st.text_input(t(label, f.lang), getattr(item, field), key=key, on_change=edit, args=(index, field, key),
                          max_chars=EDITED_TEXT_MAX_CHARS)
        st.caption(md_escape(item.source))
        with st.expander(t("preview", f.lang)):
            st.plotly_chart(item.figure(), width="stretch", key=f"preview-{item.item_id}", theme=None)

# 3/ THE DECK (the closing slide lists the documents behind every chart in the pack)
programmes = {p for item in items for p in item.programmes}
sources = source_documents(corpus, programmes)
st.caption(t("pack_note", f.lang))
st.download_button(
    t("download_pptx", f.lang), type="primary", icon=":material/slideshow:", on_click="ignore", key="download_pack",
    data=lambda version=current_data_version(): build_pptx(items, deck_title, deck_date, version, sources, f.lang),
    file_name=f"{file_stem(deck_title)}_{deck_date}.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
