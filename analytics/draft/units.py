"""Resolving the bodies a clause names to units of the registry, proposing the ones it does not know.

A clause part such as 两市发展改革委、人力资源社会保障局及济南市民营经济局 is split into items at 、，；
and 及 (and at 和 when both halves are bodies and the whole is not). A prefix — 两市/两地/两区县/
两地区（县）/双方 for both sides, or a place name such as 济南市 or 高唐县 — applies to the item it
stands on and to the following items that name no place of their own. Each item is then looked up at
each place it applies to: first its full printed form among names and aliases, then its bare form
against the registry names with their place removed (exact, then contained, then by character
similarity). What is still unknown is proposed as an addition with a guessed function and place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analytics.draft.model import ProposedUnit

BOTH_RE = re.compile(r"^(两市|两地|两区县|两县区|两区|两县|双方|两省市|各方)")
SPLIT_RE = re.compile(r"[、，,；;]|及(?=[^时])")
COUNTY_WORD = re.compile(r"区[（(]县[）)]|县[（(]区[）)]|区县|县区")
FUZZY_ACCEPT = 0.6


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def dice(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


@dataclass
class UnitIndex:
    """The registry's units and places, arranged for lookup; `proposed` grows as a draft is made."""

    units: list  # analytics.corpus.schema.Unit records
    places: dict  # id → Place
    functions: set[str]
    forms: dict[str, list[str]] = field(default_factory=dict)  # place id → printed forms, longest first
    proposed: dict[tuple[str, str], ProposedUnit] = field(default_factory=dict)  # (place, bare) → unit

    @classmethod
    def build(cls, registries, extra_places=()) -> UnitIndex:
        places = {p.id: p for p in registries.places.places}
        for place in extra_places:
            places.setdefault(place.id, place)
        index = cls(list(registries.units), places, {f.id for f in registries.functions})
        for place in places.values():
            index.forms[place.id] = place_forms(place, places)
        return index

    def context(self, helper: list[str], recipient: list[str]) -> set[str]:
        """The sides' places and every place below them."""
        roots = set(helper) | set(recipient)
        found = set(roots)
        for place in self.places.values():
            chain, seen = place, set()
            while chain is not None and chain.id not in seen:
                seen.add(chain.id)
                if chain.id in roots:
                    found.add(place.id)
                    break
                chain = self.places.get(chain.parent) if chain.parent else None
        return found

    def cores(self, unit) -> list[str]:
        """The unit's names and aliases with its place (and the places above it) removed, e.g. 发展改革局."""
        cache = self.__dict__.setdefault("_core_cache", {})
        if unit.id not in cache:
            cache[unit.id] = self._cores(unit)
        return cache[unit.id]

    def _cores(self, unit) -> list[str]:
        names = [unit.name, *unit.aliases]
        forms = self.forms.get(unit.place, [])
        parent = self.places.get(unit.place)
        while parent is not None and parent.parent:
            parent = self.places.get(parent.parent)
            if parent is not None:
                forms = forms + self.forms.get(parent.id, [])
        out = []
        for name in names:
            for prefix in ("中共", "国家税务总局", ""):
                bare = name[len(prefix):] if prefix and name.startswith(prefix) else name
                out.append(bare)
                for form in sorted(forms, key=len, reverse=True):
                    if bare.startswith(form) and len(bare) > len(form):
                        out.append(bare[len(form):])
        return list(dict.fromkeys(out))


def place_forms(place, places: dict) -> list[str]:
    forms = [place.zh]
    parent = places.get(place.parent) if place.parent else None
    if parent is not None and place.zh.startswith(parent.zh) and len(place.zh) > len(parent.zh):
        forms.append(place.zh[len(parent.zh):])
    for form in list(forms):
        if form[-1] in "市区县省" and len(form) >= 3:
            forms.append(form[:-1])
    return sorted(set(forms), key=len, reverse=True)


@dataclass
class Mention:
    printed: str
    bodies: list[str]
    how: str  # exact | name | contained | similar | proposed
    score: float


def _localise(bare: str, place) -> str:
    """区（县）委组织部 at a district reads 区委组织部, at a county 县委组织部."""
    word = "县" if place is not None and place.level == "county" else "区" if place is not None and place.level in (
        "district", "functional_zone") else "市"
    return COUNTY_WORD.sub(word, bare, count=1) if COUNTY_WORD.match(bare) else bare


def _match_at(index: UnitIndex, bare: str, place_id: str) -> tuple[str | None, float, str]:
    best, best_score, how = None, 0.0, "similar"
    for unit in index.units:
        if unit.place != place_id:
            continue
        for core in index.cores(unit):
            if core == bare:
                return unit.id, 1.0, "name"
            if len(bare) >= 2 and len(core) >= 2 and (core.endswith(bare) or bare.endswith(core) or core.startswith(bare)
                                                      or bare.startswith(core)):
                score = 0.9 if (core.endswith(bare) or bare.endswith(core)) else 0.85
                score *= min(len(core), len(bare)) / max(len(core), len(bare)) * 0.3 + 0.7
                if score > best_score:
                    best, best_score, how = unit.id, score, "contained"
                continue
            score = dice(core, bare)
            if score > best_score:
                best, best_score, how = unit.id, score, "similar"
    return best, best_score, how


GENERIC_END = re.compile(r"(管理委员会|委员会|办公室|管理局|服务中心|中心|部门|局|委|办|部)$")


def guess_function(index: UnitIndex, bare: str) -> str:
    """The function of the registry body whose name (without place and generic ending) is most alike."""
    stem = GENERIC_END.sub("", bare) or bare
    best, best_score = "unspecified", 0.0
    for unit in index.units:
        for core in index.cores(unit):
            score = dice(GENERIC_END.sub("", core) or core, stem)
            if score > best_score:
                best, best_score = unit.function, score
    return best if best_score >= 0.5 else "unspecified"


def _propose(index: UnitIndex, bare: str, place_id: str, printed: str, line: int) -> str:
    key = (place_id, bare)
    if key in index.proposed:
        return index.proposed[key].id
    function = guess_function(index, bare)
    taken = {u.id for u in index.units} | {p.id for p in index.proposed.values()}
    base = f"{place_id}.{function}"
    uid, n = base, 2
    while uid in taken:
        uid, n = f"{base}_{n}", n + 1
    place = index.places.get(place_id)
    name = bare if place is None or bare.startswith(place.zh) else place.zh + bare
    index.proposed[key] = ProposedUnit(uid, name, function, place_id, printed, line)
    return uid


def _prefix_place(index: UnitIndex, item: str, context: set[str]) -> tuple[str | None, str]:
    best = (None, item)
    best_len = 0
    for place_id, forms in index.forms.items():
        for form in forms:
            if item.startswith(form) and len(item) > len(form) and (len(form) > best_len or (
                    len(form) == best_len and place_id in context)):
                best, best_len = (place_id, item[len(form):]), len(form)
    return best


def split_items(printed: str) -> list[str]:
    return [s.strip() for s in SPLIT_RE.split(printed) if s.strip()]


def resolve_part(index: UnitIndex, printed: str, helper: list[str], recipient: list[str], line: int) -> list[Mention]:
    """The bodies one printed clause part names, item by item, prefixes distributed."""
    context = index.context(helper, recipient)
    both = [*helper[:1], *recipient[:1]]
    current: list[str] | None = None
    mentions: list[Mention] = []
    for item in split_items(printed):
        exact = [u for u in index.units if u.place in context and (u.name == item or item in u.aliases)]
        own_place = _prefix_place(index, item, context)[0]
        if len(exact) == 1 and (own_place is not None or not current or len(current) == 1):
            if own_place is not None:
                current = [exact[0].place]
            mentions.append(Mention(item, [exact[0].id], "exact", 1.0))
            continue
        if len(exact) == 1 and not BOTH_RE.match(item):
            # a bare name while a prefix for both sides is carried: both sides if both know it, else the one unit
            carried = _resolve_bare(index, item, item, current, line, propose=False)
            mentions.append(carried if carried.score >= 0.85 else Mention(item, [exact[0].id], "exact", 1.0))
            continue
        if m := BOTH_RE.match(item):
            current, bare = both, item[m.end():]
        else:
            place_id, bare = _prefix_place(index, item, context)
            if place_id is not None:
                current = [place_id]
            elif current is None:
                current = [p for p in both] if len(context) else []
        mentions.append(_resolve_bare(index, item, bare, current or [], line))
    return mentions


def _resolve_bare(index: UnitIndex, item: str, bare: str, places: list[str], line: int, propose: bool = True) -> Mention:
    bodies, hows, scores = [], [], []
    for place_id in places:
        local = _localise(bare, index.places.get(place_id))
        uid, score, how = _match_at(index, local, place_id)
        if score < 0.9 and "和" in local:
            halves = local.split("和")
            results = [_match_at(index, h, place_id) for h in halves if h]
            if len(results) == 2 and all(r[1] >= 0.85 for r in results):
                bodies.extend(r[0] for r in results)
                hows.append("split")
                scores.append(min(r[1] for r in results))
                continue
        if uid is None or score < FUZZY_ACCEPT:
            if not propose:
                return Mention(item, [], "proposed", 0.0)
            bodies.append(_propose(index, local, place_id, item, line))
            hows.append("proposed")
            scores.append(score)
        else:
            bodies.append(uid)
            hows.append(how)
            scores.append(score)
    order = ["proposed", "similar", "contained", "split", "name"]
    how = min(hows, key=order.index) if hows else "proposed"
    return Mention(item, bodies, how, min(scores) if scores else 0.0)
