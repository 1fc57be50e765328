"""The drafting assistant: from a plan's text (.txt, .docx, .pdf or pasted) to a draft extract.

    knowledge = load_knowledge()                      # registries, curated tables, theme model
    drafts = draft_bytes(raw, "plan.docx", knowledge, parents=["jn-ly-division"])
    yaml_text = to_yaml(drafts[0])                    # validates with the upload rules as it is
    for item in drafts[0].review: ...                 # what the curator must read, with line numbers

The assistant drafts, a person confirms: every low-confidence judgment and every line it could not
place is in the review list. Never imports streamlit or ui.
"""

from __future__ import annotations

import re
from pathlib import Path

from analytics.draft.classify import LOW_CONFIDENCE, ThemeModel
from analytics.draft.clauses import parse_clause
from analytics.draft.document import WORK_POINTS_RE, body_metadata, notice_metadata, pairing_from_title
from analytics.draft.knowledge import Knowledge, load_knowledge
from analytics.draft.links import suggest_parents
from analytics.draft.model import DraftDocument, DraftSection, DraftTask, ResolvedClause
from analytics.draft.reading import DraftInputError, clean_lines, read_input
from analytics.draft.structure import find_documents, marker, paragraphs, parse_body, squeeze
from analytics.draft.units import UnitIndex, resolve_part

__all__ = ["DraftInputError", "Knowledge", "draft_bytes", "draft_read", "draft_text", "load_knowledge"]


def draft_text(text: str, knowledge: Knowledge, **options) -> list[DraftDocument]:
    return draft_bytes(text.encode("utf-8"), "pasted.txt", knowledge, **options)


def draft_bytes(raw: bytes, name: str, knowledge: Knowledge, parents: list[str] = (), exclude: frozenset[str] = frozenset(),
                model: ThemeModel | None = None) -> list[DraftDocument]:
    """One draft per document found in the input (a notice may carry several, like 济政办字〔2023〕28号).

    `exclude`: curated programmes the theme model must not learn from (the benchmark leaves the
    drafted document out); `parents`: programme ids whose tasks are suggested as parents.
    """
    return draft_read(read_input(raw, name), name, knowledge, parents, exclude, model)


def draft_read(read: list[tuple[str, int | None]], name: str, knowledge: Knowledge, parents: list[str] = (),
               exclude: frozenset[str] = frozenset(), model: ThemeModel | None = None) -> list[DraftDocument]:
    """`draft_bytes` of a text already read (analytics.draft.reading.read_input: its lines and pages)."""
    lines, dropped = clean_lines(read)
    if not lines:
        raise DraftInputError("empty")
    spans = find_documents(lines)
    if not spans:
        first = lines[0]
        from analytics.draft.structure import DocumentSpan

        spans = [DocumentSpan(squeeze(first.text), first.no, 1, len(lines))]
        no_title = True
    else:
        no_title = False
    notice = [line for line in lines if line.no < spans[0].title_line]
    model = model or knowledge.model(exclude)
    index = UnitIndex.build(knowledge.registries)
    drafts = []
    for number, span in enumerate(spans):
        body_lines = lines[span.start : span.stop]
        doc = DraftDocument(programme_id="", title=span.title, title_line=span.title_line,
                            end_line=body_lines[-1].no if body_lines else span.title_line, source_name=Path(name).name)
        if no_title:
            doc.flag(span.title_line, "structure", "no document title found (a plan's name, then a line saying what it is for): the first "
                                                   "line is used as the title; check it", code="no_title")
        notice_metadata(doc, notice, dropped)
        paras = paragraphs(body_lines)
        preamble = paras[0].text if paras and marker(paras[0].text, None) is None else ""
        pairing_from_title(doc, index, knowledge.registries)
        body_metadata(doc, preamble, " ".join(p.text for p in paras), knowledge.programmes)
        suffix = "" if number == 0 else f"-{number + 1}"
        doc.programme_id = f"{doc.pairing or 'new'}-draft{suffix}"
        _metadata_review(doc)
        body = parse_body(paras)
        _build(doc, body, index)
        for line, why in body.unplaced:
            doc.flag(line, "unplaced", why, code="before_first_item")
        for item in dropped:
            if doc.title_line <= item.no <= doc.end_line or (number == len(spans) - 1 and item.no > doc.end_line):
                doc.flag(item.no, "dropped", f"left out as {item.reason.replace('_', ' ')}: {item.text[:40]}",
                         code=f"dropped_{item.reason}", text=item.text[:40])
        _units(doc, index)
        _themes(doc, model, body)
        for pid in parents:
            if not knowledge.has_programme(pid):
                doc.flag(0, "link", f"parent programme '{pid}' is not in the corpus: no parent tasks suggested",
                         code="parent_missing", id=pid)
        sub_titles = {(s.number, n): t for s in doc.sections for n, t in s.subsections}
        suggest_parents(doc.tasks, [knowledge.programme_tasks(p) for p in _linked_programmes(doc, parents, knowledge)],
                        doc.level, sub_titles)
        for task in doc.tasks:
            if task.parents and task.parents[0].score < 0.2:
                doc.flag(task.line, "link", f"best parent {task.parents[0].task} scores only {task.parents[0].score}: "
                                            "maybe no parent; check", task.id,
                         code="weak_parent", parent=task.parents[0].task, score=task.parents[0].score)
        doc.source_lines = [(line.no, line.text) for line in lines if doc.title_line <= line.no <= doc.end_line]
        doc.new_units = list(index.proposed.values())
        index.proposed = {}
        doc.review.sort(key=lambda r: (r.line, r.kind))
        drafts.append(doc)
    return drafts


def _linked_programmes(doc: DraftDocument, given: list[str], knowledge: Knowledge) -> list[str]:
    """The programmes whose tasks the draft's tasks are matched against: those the curator gave, and those its text
    names; but a year's work points (工作要点) naming a plan are matched against the corpus's division plans of it, whose
    tasks they advance, as the curated 济南—临沂2023年工作要点 does (it names the provincial plan, and its tasks advance the
    division plan's). The plan stays the draft's parent programme."""
    named = []
    for pid in doc.parent_programmes:
        divisions = [d for d in knowledge.divisions_of(pid) if d != doc.programme_id] if WORK_POINTS_RE.search(doc.title) else []
        if divisions and pid not in given:  # a plan the curator gave is matched as given
            doc.flag(doc.title_line, "link", f"work points naming {pid}: tasks matched against its division plan(s) "
                                             f"{', '.join(divisions)} (advances); check", code="parent_division",
                     plan=pid, divisions=", ".join(divisions))
            named += divisions
        else:
            named.append(pid)
    return [p for p in dict.fromkeys([*given, *named]) if knowledge.has_programme(p)]


def _metadata_review(doc: DraftDocument) -> None:
    if not doc.issuers:
        doc.flag(doc.title_line, "metadata", "no issuing body found: fill in issuers", code="no_issuers")
    if doc.issued is None:
        doc.date_note = "起草助手未在文本中找到印发日期，请核对。"
        doc.flag(doc.title_line, "metadata", "no date found: issued left empty", code="no_date")
    if doc.doc_number is None:
        doc.flag(doc.title_line, "metadata", "no document number found: doc_number left empty (correct if none is printed)",
                 code="no_doc_number")


def _build(doc: DraftDocument, body, index: UnitIndex) -> None:
    for number, title, kind, line, subsections in body.sections:
        doc.sections.append(DraftSection(number, title, kind, line, list(subsections)))
    numbers = [(i.section, i.number) for i in body.items if i.kind == "task"]
    restarts = len(numbers) != len(set(numbers)) or len({n for _, n in numbers}) != len(numbers)
    seq = safeguards = 0
    carried: dict[tuple[str, str | None], tuple[str, int, str]] = {}
    for item in body.items:
        if item.kind == "safeguard":
            safeguards += 1
            tid = f"S{safeguards}"
        else:
            seq += 1
            digits = re.sub(r"\D", "", item.number)
            tid = f"{item.subsection_index}.{digits}" if restarts and item.subsection_index and digits else f"{seq:02d}"
        task = DraftTask(f"{doc.programme_id}/{tid}", item.kind, item.section, item.subsection, item.number,
                         item.heading, item.text, item.line, item.end_line, item.clause, item.clause_line)
        scope = (item.section, item.subsection)
        if task.units_printed is None:
            inherited = carried.get(scope) or (
                (*body.subsection_clauses[scope], "sub-heading") if scope in body.subsection_clauses else None)
            if inherited:
                task.units_printed, task.clause_line, task.clause_carried_from = inherited
                doc.flag(task.line, "clause", f"no clause printed: the clause of {inherited[2]} (line {inherited[1]}) "
                                              "is applied, as its 'same below' says; check", task.id,
                         code="clause_from_subheading" if inherited[2] == "sub-heading" else "clause_carried",
                         carried=inherited[2], at=inherited[1])
        elif "下同" in task.units_printed:
            carried[scope] = (task.units_printed, task.clause_line or task.line, task.id)
        if not task.text:
            doc.flag(task.line, "structure", "item has a title but no text", task.id, code="title_no_text")
        doc.tasks.append(task)
    with_clause = sum(t.units_printed is not None for t in doc.tasks if t.kind == "task")
    if not with_clause and any(t.kind == "task" for t in doc.tasks):  # a walk: no body drafted, and nothing said so
        doc.flag(doc.title_line, "clause", "no responsibility clause found in any task: units left empty; add them if the "
                                           "plan names bodies", code="no_clause_any")
    if with_clause:
        for task in doc.tasks:
            if task.kind == "task" and task.units_printed is None:
                doc.flag(task.line, "clause", "no responsibility clause found though other tasks print one", task.id,
                         code="no_clause")


def _units(doc: DraftDocument, index: UnitIndex) -> None:
    for task in doc.tasks:
        if not task.units_printed:
            continue
        clause = parse_clause(task.units_printed)
        if not clause.parts:
            doc.flag(task.clause_line or task.line, "clause", f"clause not understood: {task.units_printed}", task.id,
                     code="clause_not_understood", printed=task.units_printed)
        for part in clause.parts:
            mentions = resolve_part(index, part.printed, doc.helper, doc.recipient, task.clause_line or task.line)
            bodies = list(dict.fromkeys(b for m in mentions for b in m.bodies))
            task.clauses.append(ResolvedClause(part.printed, part.role, bodies, [(m.printed, m.bodies, m.how) for m in mentions]))
            for m in mentions:
                if m.how == "proposed":
                    doc.flag(task.clause_line or task.line, "unit",
                             f"'{m.printed}' is not in the registry: proposed {', '.join(m.bodies)} (function guessed)",
                             task.id, code="unit_proposed", printed=m.printed, bodies=", ".join(m.bodies))
                elif m.how == "similar":
                    doc.flag(task.clause_line or task.line, "unit",
                             f"'{m.printed}' resolved by similarity to {', '.join(m.bodies)} ({m.score:.2f}): check",
                             task.id, code="unit_similar", printed=m.printed, bodies=", ".join(m.bodies),
                             score=f"{m.score:.2f}")
        if clause.parts and all(p.role == "responsible" for p in clause.parts) and re.search(r"参与|配合", task.units_printed):
            doc.flag(task.clause_line or task.line, "role", "participating units without a lead: coded responsible; check",
                     task.id, code="no_lead")


def _themes(doc: DraftDocument, model: ThemeModel, body) -> None:
    sections = {s.number: s for s in doc.sections}
    for task in doc.tasks:
        section = sections.get(task.section)
        sub = dict(section.subsections).get(task.subsection, "") if section else ""
        context = f"{section.title if section else ''} {sub}"
        task.theme, task.instrument = model.predict(task.heading, task.text, context)
        if task.theme.confidence < LOW_CONFIDENCE:
            doc.flag(task.line, "theme", f"primary theme {task.theme.primary} at {task.theme.confidence:.0%} "
                                         f"(words: {'、'.join(task.theme.words[:4])}; nearest: "
                                         f"{', '.join(f'{n[0]}={n[1]}' for n in task.theme.neighbours)})", task.id,
                     code="theme_unsure", theme=task.theme.primary, confidence=f"{task.theme.confidence:.0%}",
                     words="、".join(task.theme.words[:4]),
                     nearest=", ".join(f"{n[0]}={n[1]}" for n in task.theme.neighbours))
        if task.instrument.confidence < LOW_CONFIDENCE:
            doc.flag(task.line, "instrument", f"instrument {task.instrument.instrument} at "
                                              f"{task.instrument.confidence:.0%}", task.id,
                     code="instrument_unsure", instrument=task.instrument.instrument,
                     confidence=f"{task.instrument.confidence:.0%}")
