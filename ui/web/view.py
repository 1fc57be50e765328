"""The view state, declared once: every URL parameter with its type, default, allowed values and pages.

Widgets (their keys), the URL (parsing and writing) and the defaults all come from `PARAMS`; ui/web/state.py
is the only place that applies them with Streamlit. This module is pure (no Streamlit), so it can be
tested and documented on its own.

Encoding in the address bar:
- a parameter that is absent has its default; only values that differ from the default are written;
- lists are comma-separated ids (`theme=red_culture,industry`);
- `prog` absent means every programme; `prog=` (present, empty) means none selected;
- booleans are written as their `true_value` (`mode=present`, `commitment=1`) and absent when off;
- unknown parameters, unknown ids and values of the wrong kind are dropped and the default applies; the
  values dropped are listed by `unrecognised`, the names by `unknown_names`, and the page says so once
  (ui/web/state.py `begin_view`);
- a page's own choice may name a valid id its widget does not offer under the other filters (a programme outside
  `prog`, a theme outside `theme`, a task the search leaves out): `not_offered` declares what the page then says
  beside that widget, until the reader chooses in it or it offers the value (ui/web/state.py `waiting`, `view_widget`).
Values are always ids, never labels: a language switch changes what widgets show, never what they hold.
"""

from __future__ import annotations

import difflib

from dataclasses import dataclass
from typing import Callable, Sequence

from analytics.corpus.schema import PROGRAMME_LEVELS as LEVELS
from analytics.corpus.schema import ROLES
from analytics.memo import once_per_table
from analytics.search import SEARCH_MAX_CHARS
from ui.report.safe import plain

FRAME = "*"  # the shared frame: every page
ALL = "all"  # list default: every allowed value

SCOPES = ("primary", "any")
MEASURES = ("share", "count")
LANGS = ("zh", "en")
INSTRUMENTS = ("supply", "environment", "demand")
BY = ("function", "unit")


def _ids(table, column: str) -> tuple[str, ...]:
    """A column's values, read once per table (issue 15: at 100× the programme ids were read 4 times a run,
    one pyarrow scalar at a time: 7 ms of a departments click)."""
    return once_per_table(table, ("view_ids", column), lambda: tuple(table[column].tolist()) if len(table) else ())


def _programmes(corpus) -> tuple[str, ...]:
    return _ids(corpus.programmes, "programme_id")


def _themes(corpus) -> tuple[str, ...]:
    return _ids(corpus.themes, "theme_id")


def _tasks(corpus) -> tuple[str, ...]:
    return _ids(corpus.tasks, "task_id")


def _functions(corpus) -> tuple[str, ...]:
    return _ids(corpus.functions, "function")


def _units(corpus) -> tuple[str, ...]:
    return _ids(corpus.units, "unit_id")


def _bars(corpus) -> tuple[str, ...]:
    """A bar of the departments ranking: a function, or a body (by=unit)."""
    return _functions(corpus) + _units(corpus)


def _pairs(corpus) -> tuple[str, ...]:
    """Every county task and the parent it carries down, as "child~parent" (the breakdown's pairs: analytics.breakdown
    `text_reuse`), read once per corpus."""
    def build() -> tuple[str, ...]:
        links = corpus.task_links[corpus.task_links.relation == "carries_down"]
        return tuple(f"{child}~{parent}" for child, parent in zip(links.task_id, links.parent_task_id))
    return once_per_table(corpus.task_links, ("view_ids", "pairs"), build)


def _roots(corpus) -> tuple[str, ...]:
    """The plans a breakdown starts from (analytics.breakdown.breakdown_roots), read once per corpus."""
    from analytics.breakdown import breakdown_roots

    return once_per_table(corpus.tasks, ("view_ids", "roots"), lambda: tuple(breakdown_roots(corpus).programme_id))


@dataclass(frozen=True)
class Param:
    """One piece of view state: URL name = widget key."""

    name: str
    kind: str  # "enum" | "str" | "list" | "bool"
    default: object  # enum/str: a value ("" = the page's first option); list: () or ALL; bool: False
    options: Sequence[str] | Callable | None  # allowed values, or a function of the corpus giving them
    pages: tuple[str, ...]  # url paths of the pages that show it ("*" = every page)
    true_value: str = "1"  # bool: how "on" is written
    doc: str = ""
    # label key (ui/report/i18n.py) of what the page says beside the widget when the value is valid but the widget does
    # not offer it under the other filters; "" for a widget that offers every allowed value
    not_offered: str = ""
    # a free text's longest value: a longer one in a URL is dropped, and the page says so (`unrecognised`)
    max_chars: int | None = None
    # a frame parameter: url paths of the pages whose content it changes, () = every page. Elsewhere its widget is
    # drawn disabled, saying where it acts, and the view line leaves it out (a walk: the departments page showed
    # counts while the sidebar's measure said "share").
    affects: tuple[str, ...] = ()

    def acts_on(self, page: str | None) -> bool:
        return not self.affects or not page or page in self.affects

    def allowed(self, corpus) -> list[str] | None:
        if self.options is None:
            return None
        return list(self.options(corpus)) if callable(self.options) else list(self.options)

    def default_value(self, corpus):
        if self.kind == "list":
            return list(self.allowed(corpus) or []) if self.default == ALL else list(self.default)
        return self.default

    def parse(self, raw: str | None, corpus):
        """The value a URL string stands for; None (absent), unknown or ill-formed → the default."""
        default = self.default_value(corpus)
        if raw is None:
            return default
        allowed = self.allowed(corpus)
        if self.kind == "bool":
            return raw == self.true_value
        if self.kind == "list":
            if raw == "":
                return [] if self.default == ALL else default  # explicit "none", distinct from absent = all
            allowed = None if allowed is None else set(allowed)
            values = [v for v in raw.split(",") if v and (allowed is None or v in allowed)]
            values = list(dict.fromkeys(values))
            return values or default
        if self.max_chars is not None and len(raw) > self.max_chars:
            return default
        if allowed is None:  # free text (a search): without control characters, its spaces and line breaks as one space
            return " ".join(plain(raw).split())  # (an attack: ?q=%00%0A%0D园区 found nothing, "  园区")
        return raw if raw in allowed else default

    def unrecognised(self, raw: str | None, corpus) -> tuple[str, bool] | None:
        """What `parse` drops of a URL string: (the dropped part, whether the default took the value's place),
        or None when every part was recognised; read off parse's own result, so the two cannot disagree. Absent and
        empty values are not news; a valid value its page's widget does not offer is said by that page (`not_offered`)."""
        too_long = self.max_chars is not None and len(raw or "") > self.max_chars
        if not raw or (self.kind != "bool" and self.options is None and not too_long):
            return None
        parsed = self.parse(raw, corpus)
        if self.kind == "bool":
            return None if parsed else (raw, True)
        if self.kind == "list":
            kept = set(parsed)
            values = list(dict.fromkeys(v for v in raw.split(",") if v))
            unknown = [v for v in values if v not in kept]
            return (",".join(unknown), len(unknown) == len(values)) if unknown else None
        return None if parsed == raw else (raw, True)

    def spell(self, value) -> str | None:
        """The value written out in full, default or not."""
        if self.kind == "bool":
            return self.true_value if value else None
        if self.kind == "list":
            return ",".join(value or [])
        return None if value is None else str(value)

    def encode(self, value, corpus) -> str | None:
        """The URL string for a value; None when it is the default (the parameter is left out)."""
        if self.kind == "bool":
            return self.true_value if value else None
        if self.kind == "list":
            values = list(value or [])
            if self.default == ALL and set(values) == set(self.default_value(corpus)):
                return None
            if not values:
                return "" if self.default == ALL else None
            return ",".join(values)
        return None if value == self.default or value is None else str(value)


PARAMS: tuple[Param, ...] = (
    Param("lang", "enum", "zh", LANGS, (FRAME,), doc="language of every label"),
    Param("prog", "list", ALL, _programmes, (FRAME,), doc="programmes compared; absent = all, empty = none (beyond 20 programmes the sidebar shows all "
          "as an empty box, and none cannot be chosen there)",
          affects=("overview", "themes", "departments", "breakdown", "explorer", "programme")),
    Param("theme", "list", (), _themes, (FRAME,), doc="themes kept; absent = every theme",
          affects=("themes", "departments", "explorer")),
    Param("scope", "enum", "primary", SCOPES, (FRAME,), doc="primary theme only, or any tag",
          affects=("themes", "departments", "explorer")),
    Param("measure", "enum", "share", MEASURES, (FRAME,), doc="share or task count", affects=("themes",)),
    Param("mode", "bool", False, None, (FRAME,), true_value="present", doc="presentation mode"),
    Param("cell_prog", "str", "", _programmes, ("themes",), doc="programme of the tasks behind a number",
          not_offered="link_not_chosen_programme"),
    Param("cell_theme", "str", "", _themes, ("themes",), doc="theme of the tasks behind a number (one the `theme` filter keeps)",
          not_offered="link_not_chosen_theme"),
    Param("by", "enum", "function", BY, ("departments",), doc="ranking by function or by body"),
    Param("bar", "str", "", _bars, ("departments",), doc="the function (with `by=unit`, the body) of the tasks behind a bar",
          not_offered="link_not_ranked"),
    Param("q", "str", "", None, ("explorer",), doc=f"search words (at most {SEARCH_MAX_CHARS} characters)",
          max_chars=SEARCH_MAX_CHARS),
    Param("function", "list", (), _functions, ("explorer",), doc="functions"),
    Param("unit", "list", (), _units, ("explorer",), doc="bodies"),
    Param("role", "list", (), ROLES, ("explorer",), doc="roles"),
    Param("instrument", "list", (), INSTRUMENTS, ("explorer",), doc="policy instrument types"),
    Param("level", "list", (), LEVELS, ("explorer",), doc="administrative levels"),
    Param("commitment", "bool", False, None, ("explorer",), doc="only tasks with a checkable commitment"),
    Param("task", "str", "", _tasks, ("explorer",), doc="the task shown on the card (one the search and filters find)",
          not_offered="link_not_found_task"),
    Param("root", "str", "", _roots, ("breakdown",), doc="the provincial plan broken down when several are compared (first by default)",
          not_offered="link_not_chosen_programme"),
    Param("pair", "str", "", _pairs, ("breakdown",), doc="county task ~ the parent it carries down, shown side by side",
          not_offered="link_not_shown_pair"),
    Param("p1", "str", "", _programmes, ("programme",), doc="programme profiled", not_offered="link_not_chosen_programme"),
    Param("p2", "str", "", _programmes, ("programme",), doc="programme beside it (another one)", not_offered="link_not_chosen_programme"),
)
PARAM = {p.name: p for p in PARAMS}


def joined(name: str, values: list[str]) -> str:
    """A parameter written more than once in an address, as one raw string: a list parameter's values joined with ","
    (each taken), search words with a space (an attack: ?q=园区&q=招商 searched "园区,招商", found nothing, unsaid), any
    other's with "," (then named as unrecognised, like any value it cannot use)."""
    param = PARAM.get(name)
    free_text = param is not None and param.kind == "str" and param.options is None
    return (" " if free_text else ",").join(dict.fromkeys(values))  # a value written twice alike is one (lang=en&lang=en)


def parse_url(query: dict[str, str], corpus) -> dict[str, object]:
    """Every parameter's value from a URL's query (name → raw string); missing or bad values → defaults."""
    return {p.name: p.parse(query.get(p.name), corpus) for p in PARAMS}


STREAMLIT_OWN = ("embed", "embed_options")  # parameters Streamlit itself reads from any app's address
UNKNOWN_NAMED = 5  # unknown parameter names a notice names; the rest are counted


def unknown_names(query: dict[str, str]) -> list[tuple[str, str | None]]:
    """The address's parameter names that no parameter has, each with the declared name it may have meant (another
    case, or one letter off) or None (an attack: ?thme=education and ?Lang=en showed the defaults without a word)."""
    names = [p.name for p in PARAMS]
    lowered = {name.lower(): name for name in names}
    return [(name, lowered.get(name.lower()) or next(iter(difflib.get_close_matches(name[:40], names, n=1, cutoff=0.75)), None))
            for name in query if name not in PARAM and name not in STREAMLIT_OWN]


def unrecognised(query: dict[str, str], corpus) -> list[tuple[str, str, bool]]:
    """The values of a URL that `parse_url` drops, in declaration order: (parameter, value, default shown)."""
    dropped = ((p.name, p.unrecognised(query.get(p.name), corpus)) for p in PARAMS)
    return [(name, *found) for name, found in dropped if found]


def encode_view(view: dict[str, object], corpus, current: dict[str, str] | None = None) -> dict[str, str]:
    """The query to write for a view: values that differ from their default, in declaration order.

    A parameter the current URL already spells with the same meaning is kept as spelt (e.g. an explicit
    `lang=zh`), so writing the URL never changes an address that already says the right thing.
    """
    current = current or {}
    out = {}
    for p in PARAMS:
        value = view.get(p.name, p.default_value(corpus))
        if p.name in current and current[p.name] == p.spell(value):
            out[p.name] = current[p.name]
            continue
        encoded = p.encode(value, corpus)
        if encoded is not None:
            out[p.name] = encoded
    return out


def params_for(page: str) -> list[Param]:
    """The parameters a page shows (frame parameters included)."""
    return [p for p in PARAMS if FRAME in p.pages or page in p.pages]


def own_params(page: str, but: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names of a page's own parameters (not the frame's), in declaration order, less `but`: what a table follows
    when it follows every control of its page but some (the explorer's results follow its search and filters, not the
    task card's choice). Read off PARAMS, so a control declared later joins them."""
    return tuple(p.name for p in PARAMS if page in p.pages and p.name not in but)
