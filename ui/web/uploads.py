"""The researcher's upload panel: their own extracts, validated, for this session only."""

from __future__ import annotations


import streamlit as st

from analytics import paths
from analytics.corpus import Corpus
from analytics.outputs.template import TEMPLATE_FILENAME, upload_template
from analytics.corpus import upload_label
from analytics.corpus.yamlio import MAX_UPLOAD_BYTES
from ui.report.i18n import problem_text, t
from ui.report.safe import md, plain
from ui.web.data import UPLOADER_KEY, uploaded_files

# The browser refuses anything above this before it is sent; between MAX_UPLOAD_BYTES and this, the
# validator answers with its own message (file size and limit), in the same place as every other problem.
WIDGET_LIMIT_MB = 5


def upload_template_text() -> str:
    """Made when the download button is pressed (on its own thread), so nothing here needs Streamlit."""
    return upload_template(paths.DATA_DIR)


def css_string(text: str) -> str:
    """A CSS string literal holding `text` as written (quotes, backslashes and line breaks escaped)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\\n\r<>' else c for c in text) + '"'


def uploader_texts(key: str, limit_mb: int, types: list[str], lang: str) -> None:
    """Streamlit's uploader writes its own English ("Upload", "5MB per file • YAML, YML", and while a file is
    dragged over it "Drag and drop files here") and takes no labels for them: this draws the catalogue's
    words in their place, for the uploader whose widget key is `key`, in the UI language."""
    sep = "、" if lang == "zh" else ", "
    limit = t("uploader_limit", lang, mb=limit_mb, types=sep.join(x.upper() for x in types))
    zone = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    st.html(f"""<style>
{zone} button [data-testid=stMarkdownContainer] p,
{zone} [data-testid=stFileUploaderDropzoneInstructions] span,
{zone} > div:not([data-testid]) * {{ font-size: 0 !important; white-space: normal !important; overflow: visible !important; }}
{zone} button [data-testid=stMarkdownContainer] p::after {{ content: {css_string(t("uploader_button", lang))}; font-size: 14px; }}
{zone} [data-testid=stFileUploaderDropzoneInstructions] span::after {{ content: {css_string(limit)}; font-size: 14px; }}
{zone} > div:not([data-testid]) > *::after {{ content: {css_string(t("uploader_drop", lang))}; font-size: 16px; }}
</style>""")


def upload_panel(corpus: Corpus, lang: str) -> None:
    uploads = uploaded_files()
    with st.sidebar.expander(t("upload_title", lang), icon="📤", expanded=bool(uploads)):
        st.file_uploader(t("upload_label", lang), type=["yaml", "yml"], accept_multiple_files=True, key=UPLOADER_KEY,
                         max_upload_size=WIDGET_LIMIT_MB, help=t("upload_help", lang, mb=MAX_UPLOAD_BYTES / 1e6))
        uploader_texts(UPLOADER_KEY, WIDGET_LIMIT_MB, ["yaml", "yml"], lang)
        for name in uploads:
            label = upload_label(name)
            problems = [p for p in corpus.problems if p.file == label]
            errors = [p for p in problems if p.severity == "error"]
            if errors:
                st.error(t("upload_rejected", lang, name=md(name), n=len(errors)), icon="⛔")
            else:
                st.success(t("upload_accepted", lang, name=md(name)), icon="✅")
            if problems:
                st.code(plain("\n".join(problem_text(p, lang) for p in problems)), language=None, wrap_lines=True)
        if uploads and not corpus.programmes.uploaded.any():
            st.caption(t("upload_none_valid", lang))
        st.caption(t("upload_note", lang))
        st.download_button(t("template_download", lang), data=upload_template_text, file_name=TEMPLATE_FILENAME,
                           mime="application/x-yaml", on_click="ignore", icon=":material/description:", key="template")
