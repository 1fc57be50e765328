"""Writing a draft as an extract (the schema of analytics/corpus/schema.py), checking it with the upload rules,
and the review list as text."""

from __future__ import annotations

import datetime as dt

import yaml

from analytics.draft.model import DraftDocument

CONFIDENT = 0.7


def _confidence(task) -> str:
    scores = [task.theme.confidence if task.theme else 0, task.instrument.confidence if task.instrument else 0]
    if any(c.mentions and any(how in ("proposed", "similar") for _, _, how in c.mentions) for c in task.clauses):
        scores.append(0.4)
    low = min(scores)
    return "high" if low >= CONFIDENT else "medium" if low >= 0.5 else "low"


def _note(task) -> str:
    parts = []
    if task.theme:
        parts.append(f"主题 {task.theme.primary} {task.theme.confidence:.0%}，依据词：{'、'.join(task.theme.words[:5])}；"
                     f"近邻：{', '.join(f'{n[0]}({n[1]})' for n in task.theme.neighbours)}")
    if task.instrument:
        parts.append(f"工具 {task.instrument.instrument} {task.instrument.confidence:.0%}")
    if task.clause_carried_from:
        parts.append(f"责任单位沿用 {task.clause_carried_from}（下同）")
    if task.parents:
        parts.append("上级任务候选：" + ", ".join(f"{p.task} {p.score:.2f}" for p in task.parents))
    return f"起草助手（源文第{task.line}行）：" + "；".join(parts)


def to_dict(doc: DraftDocument, registries, today: dt.date | None = None, keep_links: int = 1) -> dict:
    """The extract as plain data; `keep_links` best parent suggestions per parent programme are written."""
    places = {p.id: p for p in registries.places.places}
    for place in doc.new_places:
        places.setdefault(place.id, place)
    short = [places[p].zh.removeprefix(places[places[p].parent].zh) if places[p].parent in places else places[p].zh
             for p in (*doc.helper[:1], *doc.recipient[:1]) if p in places]
    short_en = [getattr(places[p], "en", p) for p in (*doc.helper[:1], *doc.recipient[:1]) if p in places]
    # A file's second and later documents are numbered as their ids are (-draft-2): short names are a programme's name in
    # every chart, and two drafts of one pairing named alike were refused when both were added (a walk)
    number = doc.programme_id.rpartition("-draft")[2].removeprefix("-")
    programme = {
        "id": doc.programme_id,
        "title": doc.title,
        "short_zh": ("—".join(short) or doc.title[:12]) + f"（草稿{number}）",
        "short_en": ("–".join(short_en) or "New programme") + (f" (draft {number})" if number else " (draft)"),
        "doc_number": doc.doc_number,
        "issuers": doc.issuers or ["（待填）"],
        "issued": doc.issued,
        "date_note": doc.date_note,
        "status": doc.status,
        "reconstructed": False,
        "cooperation_type": doc.cooperation_type,
        "level": doc.level,
        "pairing": doc.pairing or "unknown-pairing",
        "helper": doc.helper or ["unknown"],
        "recipient": doc.recipient or ["unknown"],
        "period": doc.period,
        "target_years": doc.target_years,
        "source": {"file": doc.source_name, "start_line": doc.title_line, "end_line": max(doc.end_line, doc.title_line)},
        "parents": [{"programme": p, "relation": "implements"} for p in doc.parent_programmes],
        "citations": [{"doc_number": n, "title": t, "relation": "written_under"} for n, t in doc.citations],
        "extracted": (today or dt.date.today()).isoformat(),
        "curator_notes": f"起草助手草稿（{doc.source_name}，第{doc.title_line}–{doc.end_line}行）：共{len(doc.review)}条待核对事项，"
                         "见文件开头的注释或命令行输出。经人工核对前不作为正式数据。",
    }
    sections = [{"number": s.number, "title": s.title, "kind": s.kind,
                 "subsections": [{"number": n, "title": t} for n, t in s.subsections]} for s in doc.sections]
    tasks = []
    for task in doc.tasks:
        links, per_programme = [], {}
        for parent in task.parents:
            owner = parent.task.split("/")[0]
            if per_programme.get(owner, 0) < keep_links:
                per_programme[owner] = per_programme.get(owner, 0) + 1
                links.append({"task": parent.task, "relation": parent.relation})
        tasks.append({
            "id": task.id,
            "kind": task.kind,
            "section": task.section,
            "subsection": task.subsection,
            "number": task.number,
            "heading": task.heading,
            "text": task.text or "（无正文）",
            "units_printed": task.units_printed,
            "units": [{"printed": c.printed, "role": c.role, "bodies": c.bodies} for c in task.clauses],
            "primary_theme": task.theme.primary if task.theme else "other",
            "secondary_themes": task.theme.secondary if task.theme else [],
            "instrument": task.instrument.instrument if task.instrument else "environment/strategic_measure",
            "parents": links,
            "note": _note(task),
            "confidence": _confidence(task),
        })
    data = {"programme": programme, "sections": sections, "tasks": tasks}
    additions = {}
    if doc.new_places:
        additions["places"] = [
            {"id": p.id, "zh": p.zh, "en": p.id.capitalize(), "level": p.level, "province": p.province, "parent": p.parent,
             "lat": places[p.parent].lat if p.parent in places else 35.0,
             "lon": places[p.parent].lon if p.parent in places else 115.0}
            for p in doc.new_places
        ]
    if doc.new_pairing and doc.helper and doc.recipient:
        additions["pairings"] = [{"id": doc.pairing, "helper": doc.helper[0], "recipient": doc.recipient[0],
                                  "type": doc.cooperation_type, "named_in": [doc.programme_id]}]
    if doc.new_units:
        additions["units"] = [{"id": u.id, "name": u.name, "function": u.function, "place": u.place,
                               "aliases": [u.printed] if u.printed != u.name else [],
                               "note": f"起草助手提议（源文第{u.line}行“{u.printed}”），职能为推测，请核对。"}
                              for u in doc.new_units]
    if additions:
        data["additions"] = additions
    return data


def review_lines(doc: DraftDocument) -> list[str]:
    return [f"{doc.source_name}:{item.line}: [{item.kind}] {item.message}" for item in doc.review]


def apply_edits(data: dict, edits: dict | None) -> dict:
    """The curator's changes on top of the draft: {task id: {field: value}} for primary_theme,
    secondary_themes, instrument and units (a list of {printed, role, bodies}); an accepted task is one
    the curator looked at, so its confidence becomes high."""
    if not edits:
        return data
    for task in data["tasks"]:
        change = edits.get(task["id"])
        if not change:
            continue
        for name in ("primary_theme", "secondary_themes", "instrument", "units"):
            if name in change:
                task[name] = change[name]
        task["secondary_themes"] = [t for t in task["secondary_themes"] if t != task["primary_theme"]][:3]
        if change.get("accepted"):
            task["confidence"] = "high"
            task["note"] = (task.get("note") or "") + "；已人工核对"
    return data


def to_yaml(doc: DraftDocument, registries, today: dt.date | None = None, edits: dict | None = None) -> str:
    """The draft as YAML, with the review list as comments at the top."""
    head = [f"# 起草助手草稿 / Draft by the drafting assistant: {doc.title}",
            f"# {len(doc.review)} review item(s) — read these lines of {doc.source_name} before accepting:"]
    head += [f"#   line {item.line}: [{item.kind}] {item.message}".replace("\n", " ") for item in doc.review]
    body = yaml.safe_dump(apply_edits(to_dict(doc, registries, today), edits), allow_unicode=True, sort_keys=False,
                          width=120)
    return "\n".join(head) + "\n" + body


def check_draft(yaml_text: str, name: str = "draft.yaml", data_dir=None, seeds_dir=None, curated=None,
                registries=None, others=None):
    """Problems the upload rules find in the draft (an empty list: it loads as an upload).

    `others` (name → bytes): the session's uploads and drafts already added, checked with the draft as the session
    checks them, so that what would refuse it once added (a short name or id another holds) is said before (a walk: a
    file's second document passed here and was refused, unsaid on this page, when added beside the first).

    Given the `curated` corpus the server holds (without errors) and the `registries` it was checked with, the draft
    is checked against them as a session's uploads are (analytics.corpus.tables.uploads_added), instead of validating
    every curated file again: at 100× the drafting page spent 9 s of the server's CPU on that after every draft."""
    from analytics import paths
    from analytics.corpus import check_data_dir, upload_label
    from analytics.corpus.tables import uploads_added

    uploads = {**{n: raw for n, raw in (others or {}).items() if n != name}, name: yaml_text.encode("utf-8")}
    data_dir, seeds_dir = data_dir or paths.DATA_DIR, seeds_dir or paths.SEEDS_DIR
    if curated is not None and registries is not None and curated.ok:
        problems = uploads_added(curated, registries, uploads, data_dir, seeds_dir).problems
    else:
        problems = check_data_dir(data_dir, seeds_dir, uploads=uploads).problems
    return [p for p in problems if p.file == upload_label(name)]
