"""Document metadata: the covering notice kept apart; title, 文号, issuers, date, status, basis documents,
period and goal years, and the pairing (helper and recipient places) resolved against the place registry.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from analytics.draft.model import DraftDocument, ProposedPlace
from analytics.draft.reading import Dropped, Line
from analytics.draft.units import UnitIndex

DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号")
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
ISSUER_RE = re.compile(r"(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|领导小组)$")
CITATION_RE = re.compile(r"《([^》]+)》\s*(?:[（(]\s*([^（()）]*?[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d+\s*号)\s*[）)])?")
PERIOD_RE = re.compile(r"(\d{4})\s*[—–\-－~至]+\s*(\d{4})\s*年")
GOAL_YEAR_RE = re.compile(r"到\s*(\d{4})\s*年")
WORK_POINTS_RE = re.compile(r"工作要点|工作计划|工作任务清单")  # a year's work points: they advance a division plan's tasks
PAIR_SPLIT_RE = re.compile(r"—|–|与|结对合作帮扶|产业帮扶|对口合作|对口支援|对口帮扶|协作|帮扶")


def _date(match: re.Match) -> str | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def notice_metadata(doc: DraftDocument, notice: list[Line], dropped: list[Dropped]) -> None:
    """文号, issuers and date from the covering notice (or a web page's header and footer)."""
    if notice:
        doc.notice_lines = (notice[0].no, notice[-1].no)
    for line in notice:
        folded = unicodedata.normalize("NFKC", line.text)
        if doc.doc_number is None and (m := DOC_NUMBER_RE.search(line.text)) and "《" not in line.text:
            doc.doc_number = re.sub(r"\s+", "", m.group(0))
        if (m := DATE_RE.search(folded)) and _date(m):
            doc.issued = _date(m)
    for line in notice:
        if line.text.startswith(("关于", "印发")) or "通知" in line.text:
            break
        for part in re.split(r"\s+", line.text):
            if ISSUER_RE.search(part) and 4 <= len(part) <= 30 and part not in doc.issuers:
                doc.issuers.append(part)
    for item in dropped:
        folded = unicodedata.normalize("NFKC", item.text)
        if item.reason == "web_footer" and (m := re.match(r"^来源[:：]\s*(\S+)", folded)) and not doc.issuers:
            doc.issuers.append(item.text.split("：")[-1].split(":")[-1].strip())
        if item.reason == "web_header" and doc.issued is None and (m := ISO_DATE_RE.match(folded)):
            doc.issued = _date(m)


def body_metadata(doc: DraftDocument, preamble: str, body_text: str, corpus_programmes) -> None:
    """Status, period, goal years and the documents it is based on (corpus ones become parents; `corpus_programmes`:
    analytics.corpus.Corpus.programmes)."""
    title = unicodedata.normalize("NFKC", doc.title)
    if "征求意见稿" in doc.title:
        doc.status = "征求意见稿"
    if m := PERIOD_RE.search(title):
        doc.period = f"{m.group(1)}—{m.group(2)}"
    years = {int(y) for y in GOAL_YEAR_RE.findall(body_text)}
    if m := re.search(r"(\d{4})\s*年\s*(工作要点|工作计划)", title):
        years.add(int(m.group(1)))
    doc.target_years = sorted(years)
    rows = list(corpus_programmes[["programme_id", "doc_number", "title"]].itertuples(index=False))
    by_number = {number: pid for pid, number, _ in rows if isinstance(number, str) and number}
    by_title = {unicodedata.normalize("NFKC", title): pid for pid, _, title in rows}
    for m in CITATION_RE.finditer(preamble + doc.title):
        title_cited = m.group(1).strip()
        number = re.sub(r"\s+", "", m.group(2)) if m.group(2) else None
        parent = by_number.get(number) if number else None
        parent = parent or by_title.get(unicodedata.normalize("NFKC", re.sub(r"\s+", "", title_cited)))
        if parent:
            if parent not in doc.parent_programmes:
                doc.parent_programmes.append(parent)
        elif m.start() < len(preamble) and (number, title_cited) not in doc.citations:
            doc.citations.append((number, title_cited))
    text = doc.title
    if "产业帮扶" in text:
        doc.cooperation_type = "产业帮扶"
    elif "结对合作帮扶" in text or "结对帮扶" in text:
        doc.cooperation_type = "结对合作帮扶"


def find_places(index: UnitIndex, text: str) -> list[tuple[int, str]]:
    """(position, place id) of every place named in the text, longest names first, no overlaps."""
    taken = [False] * len(text)
    found = []
    forms = sorted(((form, pid) for pid, fs in index.forms.items() for form in fs if len(form) >= 2),
                   key=lambda x: len(x[0]), reverse=True)
    for form, pid in forms:
        start = text.find(form)
        while start >= 0:
            if not any(taken[start : start + len(form)]):
                for i in range(start, start + len(form)):
                    taken[i] = True
                found.append((start, pid))
            start = text.find(form, start + 1)
    return sorted(found)


def _slug(zh: str) -> str:
    """An ASCII id from the place's own name: 菏泽市曹县 → caoxian, 菏泽市 → heze."""
    own = re.split(r"[省市](?=.{2,}$)", zh)[-1]
    stem = re.sub(r"(省|市|区|县)$", "", own)
    try:
        from pypinyin import lazy_pinyin

        slug = "".join(lazy_pinyin(stem if len(stem) >= 2 else own))
    except Exception:  # pypinyin missing: an id the curator will rename
        slug = ""
    slug = re.sub(r"[^a-z0-9]", "", slug.lower())
    return slug or "place"


def pairing_from_title(doc: DraftDocument, index: UnitIndex, registries) -> None:
    """Helper = the first place the title names, recipient = the second; unknown ones are proposed."""
    title = re.sub(r"《[^》]*》", lambda m: m.group(0)[1:-1], doc.title)
    found = find_places(index, title)
    ids = list(dict.fromkeys(pid for _, pid in found))
    # a city named together with one of its own districts (济南市市中区) counts once, as the district
    ids = [pid for pid in ids if not any(index.places[o].parent == pid for o in ids if o != pid)]
    if len(ids) < 2:
        head = re.split(r"(实施方案|工作方案|方案|工作要点|要点)", title)[0]
        fragments = [f for f in PAIR_SPLIT_RE.split(head) if f]
        for fragment in fragments[:2]:
            m = re.search(r"([\u4e00-\u9fff]{1,6}?(?:省|市|区|县))$", fragment) or re.search(
                r"^([\u4e00-\u9fff]{2,8}?(?:省|市|区|县))", fragment)
            if not m or any(index.places[p].zh.endswith(m.group(1)) for p in ids):
                continue
            if any(place.zh == m.group(1) for place in index.places.values()):
                continue  # a place of the registry, set aside above as the city of a district named (an attack: a
                # title naming 济南市市中区 twice proposed a second 济南市, "jinanx", and validated)
            zh = m.group(1)
            parent = next((pid for pid in ids if zh.startswith(index.places[pid].zh)), None)
            level = {"省": "province", "市": "city", "区": "district", "县": "county"}[zh[-1]]
            parent_place = index.places.get(parent) if parent else None
            pid = _slug(zh)
            while pid in index.places:
                pid += "x"
            province = parent_place.province if parent_place else pid
            proposed = ProposedPlace(pid, zh, level, parent, province)
            doc.new_places.append(proposed)
            from analytics.corpus.schema import Place

            lat, lon = (parent_place.lat, parent_place.lon) if parent_place else (35.0, 115.0)
            place = Place(id=pid, zh=zh, en=pid.capitalize(), level=level, province=province, parent=parent,
                          lat=lat, lon=lon)
            index.places[pid] = place
            index.forms[pid] = [zh, zh[:-1]] if len(zh) >= 3 else [zh]
            ids.append(pid)
            doc.flag(doc.title_line, "metadata", f"place '{zh}' is not in the registry: proposed as addition '{pid}' "
                                                 f"(level {level}, coordinates copied from its parent or a placeholder)",
                     code="place_proposed", place=zh, id=pid, level=level)
    if len(ids) >= 2:
        doc.helper, doc.recipient = [ids[0]], [ids[1]]
    elif ids:
        doc.helper, doc.recipient = [ids[0]], [ids[0]]
        doc.flag(doc.title_line, "metadata", "the title names only one place: helper and recipient need checking",
                 code="one_place")
    else:
        doc.flag(doc.title_line, "metadata", "no place found in the title: set helper, recipient and pairing by hand",
                 code="no_place")
        return
    helper, recipient = doc.helper[0], doc.recipient[0]
    pairing = next((p for p in registries.places.pairings if p.helper == helper and p.recipient == recipient), None)
    if pairing is not None:
        doc.pairing = pairing.id
    else:
        doc.pairing = f"{helper}-{recipient}".replace("_", "")
        doc.new_pairing = True
        doc.flag(doc.title_line, "metadata", f"pairing {helper} → {recipient} is not in the registry: proposed as "
                                             f"addition '{doc.pairing}'", code="pairing_proposed",
                 helper=helper, recipient=recipient, id=doc.pairing)
    levels = {index.places[p].level for p in (helper, recipient)}
    if levels <= {"district", "county", "functional_zone"}:
        doc.level = "district_county"
    elif levels & {"province", "municipality"}:
        doc.level = "province_city"
    else:
        doc.level = "city_city"
