"""The researcher's upload panel: their own extracts, validated, for this session only."""

from __future__ import annotations


import streamlit as st

from analytics import paths
from analytics.corpus import Corpus
from analytics.outputs.template import TEMPLATE_FILENAME, upload_template
from analytics.corpus import upload_label, upload_name
from analytics.admission import EXTRACT_RULES, OVER_SESSION, TOO_LARGE, WRONG_TYPE, Rules
from ui.report.i18n import problem_text, t
from ui.report.safe import md, plain
from ui.web.data import UPLOADER_KEY, drop_drafts_uploaded_over, uploaded_files

# The browser refuses anything above this before it is sent (its chip then reads uploader_refused);
# between MAX_UPLOAD_BYTES and this, refused_notes names the file and its size.
WIDGET_LIMIT_MB = 5


def upload_template_text() -> str:
    """Made when the download button is pressed (on its own thread), so nothing here needs Streamlit."""
    return upload_template(paths.DATA_DIR)


def css_string(text: str) -> str:
    """A CSS string literal holding `text` as written (quotes, backslashes and line breaks escaped)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\\n\r<>' else c for c in text) + '"'


def uploader_texts(key: str, rules: Rules, lang: str) -> None:
    """Streamlit's uploader writes its own English ("Upload", "5MB per file • YAML, YML", and while a file is
    dragged over it "Drag and drop files here") and takes no labels for them: this draws the catalogue's
    words in their place, for the uploader whose widget key is `key` and whose `rules` they state, in the UI
    language.

    The uploader takes any type (refused_notes words a wrong one), so the one refusal left to the browser
    is a file above the widget's size limit: its chip shows the file's name, and uploader_refused in place
    of the size."""
    sep = t("enum_sep", lang)
    limit_mb = round(rules.limit / 1e6)
    limit = t("uploader_limit", lang, mb=limit_mb, types=sep.join(x.upper() for x in rules.types))
    zone = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    # The drag-over overlay's words: the span straight under the zone's unmarked child (the child that lists
    # the chosen files holds divs and a button, no span). Every selector ends in a tag or attribute, never in
    # `*` or a `:has()`: a rule ending in `*` is tried on each of the page's thousands of chart elements at
    # every style recalculation, which tripled the browser's work per click (bench/RESULTS.md, fifth round).
    overlay = f"{zone} > div:not([data-testid]) > span"
    refused = f".st-key-{key} [data-testid=stFileChip][aria-invalid=true] [data-testid=stFileChipName] + div"
    st.html(f"""<style>
{refused} {{ font-size: 0 !important; }}
{refused}::after {{ content: {css_string(t("uploader_refused", lang, mb=limit_mb))}; font-size: 12px; color: #B22222; }}
{zone} button [data-testid=stMarkdownContainer] p,
{zone} [data-testid=stFileUploaderDropzoneInstructions] span,
{overlay} {{ font-size: 0 !important; white-space: normal !important; overflow: visible !important; }}
{zone} button [data-testid=stMarkdownContainer] p::after {{ content: {css_string(t("uploader_button", lang))}; font-size: 14px; }}
{zone} [data-testid=stFileUploaderDropzoneInstructions] span::after {{ content: {css_string(limit)}; font-size: 14px; }}
{overlay}::after {{ content: {css_string(t("uploader_drop", lang))}; font-size: 16px; }}
</style>""")


def refused_notes(files, rules: Rules, lang: str) -> list:
    """An error for each of the uploader's `files` refused by its `rules` (its name, its size or the session's
    total: analytics/admission.py), naming the file in the reader's language; returns the files that may be read."""
    files = list(files or [])
    kept = []
    for file, reason in zip(files, rules.refusals([(f.name, f.size) for f in files])):
        if reason == WRONG_TYPE:
            st.error(t("upload_wrong_type", lang, name=md(file.name), types=" / ".join(f".{x}" for x in rules.types)),
                     icon="⛔")
        elif reason == TOO_LARGE:
            st.error(t("upload_too_large", lang, name=md(file.name), size=f"{file.size / 1e6:.1f}",
                       mb=f"{rules.limit / 1e6:g}"), icon="⛔")
        elif reason == OVER_SESSION:
            st.error(t("upload_over_session", lang, name=md(file.name), files=rules.most_files,
                       total=f"{rules.most_bytes / 1e6:g}"), icon="⛔")
        else:
            kept.append(file)
    return kept


PANEL_KEY, PANEL_OPEN = "upload_panel", "_upload_panel_open"


def _remember_panel() -> None:
    st.session_state[PANEL_OPEN] = bool(st.session_state.get(PANEL_KEY))


def upload_panel(corpus: Corpus, lang: str) -> None:
    """The sidebar's upload panel, built only while it is open or holds files (issue 15: closed and empty, it is
    one element, not eight, on every run of every page). Opening it reruns the app, which then builds it; it
    stays open across a language switch (its label, and so Streamlit's identity for it, changes)."""
    for name in drop_drafts_uploaded_over():  # said once, as the upload replaces it
        st.toast(md(t("draft_uploaded_over", lang, name=upload_name(name))))
    uploads = uploaded_files()
    chosen = st.session_state.get(UPLOADER_KEY) or []
    holding = bool(uploads or chosen)  # the uploader must then be drawn on every run, or its files are dropped
    panel = st.sidebar.expander(t("upload_title", lang), icon="📤", key=PANEL_KEY, on_change=_remember_panel,
                                expanded=holding or st.session_state.get(PANEL_OPEN, False))
    if not (holding or panel.open):
        return
    with panel:
        # any type: a wrong one is refused below in the reader's language, not in the widget's English
        st.file_uploader(t("upload_label", lang), type=None, accept_multiple_files=True, key=UPLOADER_KEY,
                         max_upload_size=WIDGET_LIMIT_MB, help=t("upload_help", lang, mb=EXTRACT_RULES.limit / 1e6,
                                                                  files=EXTRACT_RULES.most_files,
                                                                  total=EXTRACT_RULES.most_bytes / 1e6))
        uploader_texts(UPLOADER_KEY, EXTRACT_RULES, lang)
        refused_notes(st.session_state.get(UPLOADER_KEY), EXTRACT_RULES, lang)
        for name in uploads:
            label = upload_label(name)
            problems = [p for p in corpus.problems if p.file == label]
            errors = [p for p in problems if p.severity == "error"]
            if errors:
                st.error(t("upload_rejected", lang, name=md(upload_name(name)), n=len(errors)), icon="⛔")
            else:
                st.success(t("upload_accepted", lang, name=md(upload_name(name))), icon="✅")
            if problems:
                st.code(plain("\n".join(problem_text(p, lang) for p in problems)), language=None, wrap_lines=True)
        if uploads and not corpus.programmes.uploaded.any():
            st.caption(t("upload_none_valid", lang))
        st.caption(t("upload_note", lang))
        st.download_button(t("template_download", lang), data=upload_template_text, file_name=TEMPLATE_FILENAME,
                           mime="application/x-yaml", on_click="ignore", icon=":material/description:", key="template")
