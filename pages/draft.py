"""起草 Draft: a plan's text (file or pasted) → a draft extract beside its source; change themes,
instruments, units and roles; download the YAML or add it to this session like an upload.

Session-only and bounded like uploads: the file (5 MB), the pasted text (200,000 characters), the
drafting time (a worker process with a deadline), the number of drafts added to a session; drafting
is cached per input so a rerun does not draft again.
"""

import hashlib

import pandas as pd
import streamlit as st

from analytics import paths
from analytics.draft import DraftInputError
from analytics.draft.isolated import draft_deadline, draft_in_worker
from analytics.draft.reading import DRAFT_RULES
from analytics.draft.writer import check_draft, to_yaml
from ui.report.i18n import (aside, coded_text, draft_error_text, instrument_names, instrument_type_names, place_names,
                            problem_text, programme_names, t, theme_names)
from ui.report.safe import md, plain, plain_table
from ui.web.data import MAX_SESSION_DRAFTS, add_draft, cached_corpus, curated_registries, draft_standing, session_corpus, uploads_besides
from ui.web.frame import frame_first, stop
from ui.web.state import filters
from ui.web.uploads import refused_notes, uploader_texts
from ui.web.widgets import mode_text

frame_first()  # a cold deep link runs this page alone: hand over to the frame (ui.web.frame)

MAX_PASTE = 200_000
PASTED = "pasted.txt"  # the name a pasted text is drafted under
FILE_NAME_SHOWN = 60  # characters of a file's name a notice repeats
DRAFT_KEPT = "_draft_kept"  # the last input drafted: its draft stays when the next one is refused
ROLES = ["lead", "support", "responsible"]


@st.cache_data(show_spinner=False, max_entries=16)
def _draft(digest: str, _raw: bytes, name: str, parents: tuple[str, ...], key: str | None, deadline: float):
    # keyed on the input's digest: the bytes themselves (`_raw`, up to 5 MB) are not hashed again for the cache's key.
    # In a worker process with a deadline, like uploads: a hostile text cannot hold up the server; it learns from the
    # snapshot of `key`, the curated corpus this server holds
    return draft_in_worker(_raw, name, list(parents), paths.DATA_DIR, paths.SEEDS_DIR, deadline, key)


@st.cache_data(show_spinner=False, max_entries=32)
def _problems(yaml_text: str, name: str, key: str | None, lang: str, others: tuple[tuple[str, bytes], ...]) -> list[str]:
    # checked against the curated corpus this server holds (the snapshot of `key`) and beside the session's other
    # uploads and drafts (`others`), as the session checks them, and worded in the reader's language as theirs are
    problems = check_draft(yaml_text, name, curated=cached_corpus(), registries=curated_registries(), others=dict(others))
    return [problem_text(p, lang) for p in problems if p.severity == "error"]


corpus, f = session_corpus(), filters()
lang = f.lang
st.title(t("page_draft", lang))
st.caption(t("draft_intro", lang))

# 1/ INPUT: a file or pasted text, and optional parent programmes
left, right = st.columns(2)
# any type: a wrong one is refused by refused_notes in the reader's language, naming the file
upload = left.file_uploader(t("draft_file", lang), type=None, key="draft_file",
                            max_upload_size=int(DRAFT_RULES.limit / 1e6))
with left:
    uploader_texts("draft_file", DRAFT_RULES, lang)
    upload = next(iter(refused_notes([upload] if upload is not None else [], DRAFT_RULES, lang)), None)
pasted = right.text_area(t("draft_paste", lang), key="draft_paste", height=120, max_chars=MAX_PASTE)
curated_ids = list(corpus.programmes.programme_id[~corpus.programmes.uploaded.astype(bool)])
parent_names = programme_names(corpus, lang)  # by name, as every other picker (a walk: "jn-ly-division" in the chip)
parents = st.multiselect(t("draft_parents", lang), curated_ids, key="draft_parents",
                         format_func=lambda p: parent_names.get(p, p),
                         placeholder=t("draft_parents_placeholder", lang), select_all=False)  # its entry is English only
if st.button(t("draft_run", lang), type="primary", key="draft_run"):
    if upload is not None:
        st.session_state["draft_input"] = (upload.getvalue(), upload.name)
    elif pasted.strip():
        st.session_state["draft_input"] = (pasted.encode("utf-8"), PASTED)
source = st.session_state.get("draft_input")
if source is None:
    st.info(mode_text("draft_none", lang))
    stop()  # ui.web.state's: the page links and the URL are written first (st.stop() left the sidebar without them)


def drafted(raw: bytes, name: str, digest: str) -> list:
    with st.spinner(t("draft_working", lang)):
        curated = cached_corpus()
        return _draft(digest, raw, name, tuple(parents), curated.snapshot_key, draft_deadline(curated))


def input_name(name: str) -> str:
    """The input as a notice names it: its file name (cut: a walk's 240-character name filled four lines), or words."""
    if name == PASTED:
        return t("draft_pasted", lang)
    return md(name if len(name) <= FILE_NAME_SHOWN else name[:FILE_NAME_SHOWN] + "…")


raw, name = source
digest = hashlib.sha256(raw).hexdigest()  # once a run: the draft's cache key and the editors' keys
try:
    drafts = drafted(raw, name, digest)
except DraftInputError as exc:
    st.error(t("draft_refused", lang, name=input_name(name), msg=md(draft_error_text(exc, lang))))
    kept = st.session_state.get(DRAFT_KEPT)
    if kept is None:
        stop()
    # the last draft made stays, with the reviewer's changes to it (a walk: a refused file threw them away)
    st.session_state["draft_input"] = source = kept
    raw, name = kept
    digest = hashlib.sha256(raw).hexdigest()
    st.caption(t("draft_kept", lang, name=input_name(name)))
    try:
        drafts = drafted(raw, name, digest)
    except DraftInputError:  # drafted before, but no longer (the server busy): said above already
        stop()
st.session_state[DRAFT_KEPT] = source
input_key = digest[:16]  # the editors' keys: one document's changes never go to another's rows

# 2/ THE DRAFT: which document, its metadata and the review list
if len(drafts) > 1:
    chosen = st.selectbox(t("draft_document", lang), range(len(drafts)), format_func=lambda i: plain(drafts[i].title),
                          key="draft_doc")
else:
    chosen = 0
doc = drafts[chosen]
names_p = {**place_names(cached_corpus(), lang), **{p.id: p.zh for p in doc.new_places}}  # a proposed place: its zh name


def _sides(ids: list[str]) -> str:
    return t("enum_sep", lang).join(plain(names_p.get(place, place)) for place in ids)


# the pairing by its places' names, its id beside them for the YAML (a walk: "结对：shizhong-gaotang" alone)
pairing = (aside(t("pair_name", lang, helper=_sides(doc.helper), recipient=_sides(doc.recipient)), doc.pairing, lang)
           if doc.pairing and doc.helper and doc.recipient else doc.pairing or "—")
st.markdown(t("draft_meta", lang, title=md(doc.title), number=md(doc.doc_number or "—"),
              issuers=md(t("enum_sep", lang).join(doc.issuers) or "—"), date=md(doc.issued or "—"), pairing=md(pairing),
              n=len(doc.tasks)))
registries = curated_registries()
names_t = theme_names(corpus, lang)  # shown by name, kept as ids
types, subtypes = instrument_type_names(cached_corpus(), lang), instrument_names(cached_corpus(), lang)
names_i = {instrument: f"{types[instrument.split('/')[0]]} · {plain(name)}" for instrument, name in subtypes.items()}


def _named(params: dict) -> dict:
    """A review item's particulars with themes and instruments by name (a walk: "主要主题 innovation 置信度 40%")."""
    named = dict(params)
    if "theme" in named:
        named["theme"] = names_t.get(named["theme"], named["theme"])
    if "instrument" in named:
        named["instrument"] = names_i.get(named["instrument"], named["instrument"])
    return named


with st.expander(t("draft_review", lang, n=len(doc.review)), expanded=True):
    review = pd.DataFrame([(r.line, t(f"draft_kind_{r.kind}", lang), (r.task or "").split("/")[-1],
                            coded_text("review", r.code, _named(dict(r.params)), r.message, lang))
                           for r in doc.review],
                          columns=[t("draft_col_line", lang), t("draft_col_kind", lang), t("draft_col_task", lang),
                                   t("draft_col_message", lang)])
    if review.empty:  # said in words: Streamlit draws an empty table as a grey "empty", in English (a walk)
        st.caption(t("draft_review_none", lang))
    else:
        st.dataframe(plain_table(review), hide_index=True, width="stretch", key="draft_review_table")

# 3/ SIDE BY SIDE: the source text with its line numbers, the tasks to accept or change
themes = [th.id for th in registries.themes]
instruments = sorted(names_i)
source_col, draft_col = st.columns([2, 3])
with source_col:
    st.markdown(f"**{t('draft_source', lang, start=doc.title_line, end=doc.end_line)}**")
    st.code(plain("\n".join(f"{no:>4}  {text}" for no, text in doc.source_lines)), language=None, wrap_lines=True,
            height=620)
with draft_col:
    st.markdown(f"**{t('draft_tasks', lang)}**")
    tasks = pd.DataFrame([{
        "id": task.id.split("/", 1)[1], "accepted": False, "line": task.line, "number": task.number, "heading": task.heading or "",
        "text": task.text, "primary": task.theme.primary, "secondary": list(task.theme.secondary),
        "instrument": task.instrument.instrument, "confidence": task.theme.confidence,
        "why": t("enum_sep", lang).join(task.theme.words[:4]) + " | " + ", ".join(
            f"{n[0]}={names_t.get(n[1], n[1])}" for n in task.theme.neighbours),
        "parents": ", ".join(f"{p.task} {p.score:.2f}" for p in task.parents),
    } for task in doc.tasks])
    edited = st.data_editor(
        plain_table(tasks), hide_index=True, width="stretch", height=420, key=f"draft_tasks_{input_key}_{chosen}",
        disabled=["id", "line", "number", "heading", "text", "confidence", "why", "parents"],
        column_config={
            "id": st.column_config.TextColumn(t("draft_col_task", lang)),
            "accepted": st.column_config.CheckboxColumn(t("draft_col_accepted", lang)),
            "line": st.column_config.NumberColumn(t("draft_col_line", lang)),
            "number": st.column_config.TextColumn(t("draft_col_number", lang)),
            "heading": st.column_config.TextColumn(t("draft_col_heading", lang)),
            "text": st.column_config.TextColumn(t("draft_col_text", lang), width="large"),
            "primary": st.column_config.SelectboxColumn(t("draft_col_theme", lang), options=themes, required=True,
                                                        format_func=lambda theme: names_t.get(theme, theme)),
            "secondary": st.column_config.MultiselectColumn(t("draft_col_secondary", lang), options=themes,
                                                            format_func=lambda theme: names_t.get(theme, theme)),
            "instrument": st.column_config.SelectboxColumn(t("draft_col_instrument", lang), options=instruments,
                                                           required=True, format_func=lambda i: names_i.get(i, i)),
            "confidence": st.column_config.ProgressColumn(t("draft_col_confidence", lang), min_value=0.0, max_value=1.0,
                                                          format="percent"),
            "why": st.column_config.TextColumn(t("draft_col_why", lang)),
            "parents": st.column_config.TextColumn(t("draft_col_parents", lang)),
        })
    st.markdown(f"**{t('draft_units', lang)}**")
    clauses = pd.DataFrame([{"id": task.id.split("/", 1)[1], "printed": c.printed, "role": c.role, "bodies": ", ".join(c.bodies)}
                            for task in doc.tasks for c in task.clauses],
                           columns=["id", "printed", "role", "bodies"])
    if clauses.empty:  # a plan naming no bodies (上海—三明): no grid to edit, said in words
        st.caption(t("draft_units_none", lang))
    edited_units = clauses if clauses.empty else st.data_editor(
        plain_table(clauses), hide_index=True, width="stretch", height=300, key=f"draft_units_{input_key}_{chosen}",
        disabled=["id", "printed"],
        column_config={
            "id": st.column_config.TextColumn(t("draft_col_task", lang)),
            "printed": st.column_config.TextColumn(t("draft_col_printed", lang)),
            "role": st.column_config.SelectboxColumn(t("draft_col_role", lang), options=ROLES, required=True,
                                                     format_func=lambda role: t(f"role_{role}", lang)),  # ids were shown
            "bodies": st.column_config.TextColumn(t("draft_col_bodies", lang), width="large"),
        })


def _split(value) -> list[str]:
    return [v.strip() for v in str(value or "").replace("，", ",").split(",") if v.strip()]


def _listed(value) -> list[str]:
    """A multiselect cell's values (a list; a cleared cell may come back as None)."""
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else _split(value)


edits = {f"{doc.programme_id}/{row['id']}": {"primary_theme": row["primary"], "secondary_themes": _listed(row["secondary"]),
                     "instrument": row["instrument"], "accepted": bool(row["accepted"]), "units": []}
         for row in edited.to_dict("records")}
for row in edited_units.to_dict("records"):
    if f"{doc.programme_id}/{row['id']}" in edits:
        edits[f"{doc.programme_id}/{row['id']}"]["units"].append({"printed": row["printed"], "role": row["role"], "bodies": _split(row["bodies"])})
yaml_text = to_yaml(doc, registries, edits=edits)
file_name = f"{doc.programme_id}.yaml"

# 4/ CHECK, DOWNLOAD, ADD TO THE SESSION
draft_bytes = yaml_text.encode("utf-8")
problems = _problems(yaml_text, file_name, cached_corpus().snapshot_key, lang, uploads_besides(file_name))
if problems:
    st.error(t("draft_invalid", lang, n=len(problems)))
    st.code(plain("\n".join(problems)), language=None, wrap_lines=True)
else:
    st.success(t("draft_valid", lang))
buttons = st.container(horizontal=True)
buttons.download_button(t("draft_download", lang), data=draft_bytes, file_name=file_name,
                        mime="application/x-yaml", on_click="ignore", key="draft_download", icon=":material/download:")
standing = draft_standing(file_name, draft_bytes)
if standing == "shadows":
    st.warning(mode_text("draft_name_uploaded", lang, name=md(file_name)))
elif standing == "replaces":
    st.caption(t("draft_replaces", lang, name=md(file_name)))
if buttons.button(t("draft_add", lang), key="draft_add", disabled=bool(problems) or standing == "shadows", icon=":material/add:"):
    if add_draft(file_name, draft_bytes):
        st.rerun()
    st.warning(t("draft_limit", lang, n=MAX_SESSION_DRAFTS))
if standing in ("added", "replaces"):
    st.caption(mode_text("draft_added", lang, name=md(file_name)))
