"""The view state (declared in ui/web/view.py) meets Streamlit: one dict of ids per session, mirrored in
the URL, so copying the address reproduces the view; widgets bound to it; presentation mode; the pack.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from analytics.corpus import Corpus
from ui.report.pack import PackItem
from ui.report.i18n import LABELS, t, unknown_names_text, unrecognised_text
from ui.report.safe import md
from ui.report.tables import view_value_name, view_value_names
from ui.web.data import session_corpus
from ui.web.view import FRAME, LANGS, PARAM, UNKNOWN_NAMED, encode_view, joined, parse_url, unknown_names, unrecognised


@dataclass(frozen=True)
class Filters:
    lang: str
    programmes: tuple[str, ...]
    themes: tuple[str, ...] | None  # None: every theme
    scope: str
    measure: str


# VIEW STATE: declared in ui/web/view.py; here it meets Streamlit. One dict of ids (`_view`) is the truth for
# the session; widgets are keyed by parameter name and seeded from it; the URL is written once per run.
VIEW, VIEW_URL = "_view", "_view_url"
FIRST_SHOWN = "_view_first_shown"  # this run's "first option" parameters: the option the widget shows for ""
DRAWN = "_view_drawn"  # this run's parameters whose widget was drawn
LAST_DRAWN = "_view_drawn_before"  # …and the previous run's (with the fragment runs since)
# valid URL values a page's widget may not offer (`not_offered`): said beside that widget as long as it does not offer
# them and the reader has not chosen something in it (`waiting`)
UNCHECKED = "_view_unchecked"
# the waiting values (`UNCHECKED`) as each address this session wrote left them: Back or Forward to that address brings
# them back, so the page says what it said there (a language switch, then Back, dropped the warning: the address no longer
# holds the link's value, which the picker's first option took)
WAITING_AT, WAITING_AT_MAX = "_view_waiting_at", 64
SAID = "_view_said"  # this run's parameters whose waiting value was said above several widgets at once (`not_offered_together`)


def _url_now() -> dict[str, str]:
    """The address's parameters, a repeated one's values joined with "," (an attack: ?theme=education&theme=industry
    showed industry alone, the first value dropped without a word): a list parameter takes them all, and a single-valued
    one ("en,zh") is named as unrecognised, like any value it cannot use."""
    return {key: joined(key, st.query_params.get_all(key)) for key in st.query_params}


def reset_widgets(names) -> None:
    """Drop widget values so the next widget call seeds them from the view (ids, in any language)."""
    for name in names:
        if name in st.session_state:
            del st.session_state[name]


def begin_view(corpus: Corpus) -> dict:
    """At the top of every run, before any widget: the view for this run.

    A new session, or an address that is not the one this session last wrote (the Back/Forward buttons,
    an edited or pasted link), takes the view from the URL; otherwise the session's own view stands.
    Values of that URL the view cannot use are named once, at the top of the page (`url_notice`); valid ones a page's
    widget may not offer wait for that widget (`waiting`, `view_widget`), with those that waited when this session
    wrote that address (`WAITING_AT`, `write_url`).
    """
    url = _url_now()
    state = st.session_state
    if VIEW not in state or url != state.get(VIEW_URL):
        state[VIEW] = parse_url(url, corpus)
        state[VIEW_URL] = url
        reset_widgets(PARAM)
        url_notice(unrecognised(url, corpus), state[VIEW]["lang"], unknown_names(url))
        state[UNCHECKED] = {name: raw for name, raw in url.items() if raw and name in PARAM and PARAM[name].not_offered
                            and state[VIEW][name] == raw}
        state[UNCHECKED].update((name, raw) for name, raw in state.get(WAITING_AT, {}).get(_address(url), {}).items()
                                if PARAM[name].parse(raw, corpus) == raw)  # still a valid id (uploads come and go)
    state[LAST_DRAWN] = state.get(DRAWN, set())
    state[FIRST_SHOWN], state[DRAWN], state[SAID] = {}, set(), set()
    return state[VIEW]


def _address(query: dict[str, str]) -> tuple:
    return tuple(sorted(query.items()))


def url_notice(dropped, lang: str, unknown=()) -> None:
    """One warning above the page for the URL values just dropped (unknown ids, values of the wrong kind) and the
    parameter names it does not know (`unknown`), in the reader's language, each escaped and bounded; the next run, a
    click, no longer shows it."""
    if dropped or unknown:
        limits = {name: PARAM[name].max_chars for name, _, _ in dropped if PARAM[name].max_chars is not None}
        parts = (unknown_names_text(list(unknown), lang, UNKNOWN_NAMED), unrecognised_text(dropped, lang, limits))
        st.warning("\n\n".join(part for part in parts if part), icon="⚠️")


def not_offered(container, name: str, value: str, key: str, lang: str, **names: str) -> None:
    """One warning in `container`, where the widget of view parameter `name` is drawn next: the address's `value` is
    valid but not offered there, named as the widget would name it (escaped), with why (label `key`, whose further
    placeholders `names` fills, escaped too)."""
    container.warning(mode_text(key, lang, value=_named(name, value, lang), **{k: md(v) for k, v in names.items()}), icon="⚠️")


def _named(name: str, value: str, lang: str) -> str:
    """A value of view parameter `name` as its widget names it, escaped for Markdown."""
    return md(view_value_name(view_value_names(session_corpus(), lang), name, value))


def waiting(name: str) -> str | None:
    """The address's valid value for view parameter `name` that its widget may not offer (`not_offered`), while there is
    still something to say about it: from the link until the reader chooses something in that widget (the widget then
    holds another value than the view's) or the widget offers it (`view_widget`). A language switch or another click
    keeps it, so the warning stays, in the new language, as long as what it says holds."""
    state, values = st.session_state, st.session_state.get(UNCHECKED, {})
    if name in values and name in state and state[name] != view().get(name):
        del values[name]  # the reader's own choice in that widget: the link's value is no longer news
    return values.get(name)


def not_offered_together(names: tuple[str, ...], options, lang: str) -> None:
    """Widgets side by side (the programme page's two pickers) whose waiting values are all outside `options` for the
    reason the first one's parameter declares: one warning above them all, naming each value once, rather than the same
    words above each (a reviewer). Drawn where it is called, before the widgets; they then say nothing of their own."""
    values = [waiting(name) for name in names]
    if any(value is None or value in options for value in values):
        return
    key, (first, *others) = PARAM[names[0]].not_offered, dict.fromkeys(values)  # a programme given twice is named once
    if others:  # two programmes: the catalogue's `<key>_together` names both
        st.warning(mode_text(f"{key}_together", lang, value=_named(names[0], first, lang), other=_named(names[1], others[0], lang)),
                   icon="⚠️")
    else:
        st.warning(mode_text(key, lang, value=_named(names[0], first, lang)), icon="⚠️")
    st.session_state[SAID] = set(names)


def view() -> dict:
    return st.session_state[VIEW]


def view_as_shown() -> dict:
    """The view with each parameter left at "the first option" ("") replaced by the option its widget showed
    in this run: what the page shows, for the words that describe it (the Excel 'about' sheet, the
    presentation line). The URL keeps ""."""
    current = {key: list(v) if isinstance(v, list) else v for key, v in view().items()}
    current.update((name, value) for name, value in st.session_state.get(FIRST_SHOWN, {}).items() if current.get(name) == "")
    return current


def view_as_drawn() -> dict:
    """`view_as_shown` with the page's own parameters whose widget this run did not draw at their defaults: a pair or a
    provincial plan the address holds for later, when the programmes chosen offer none (the breakdown shows no pair, one
    plan), is not named as if shown. Read at the end of a run, when every widget is drawn."""
    current, drawn = view_as_shown(), st.session_state.get(DRAWN, set())
    return {name: value if name in drawn or FRAME in PARAM[name].pages else PARAM[name].default for name, value in current.items()}


def _coerce(param, value, options):
    """A value made valid for the widget's current options (which may depend on other filters)."""
    if options is None:
        return value
    if param.kind == "list":
        allowed = set(options)  # a set: at 100× the programmes are 700 options (a list made this quadratic)
        return [v for v in value if v in allowed]
    return value if value in options else (options[0] if options else None)


def view_widget(name: str, make, label: str, options=None, empty_means_all: bool = False, because=None, **kwargs):
    """A widget bound to one view parameter: key = parameter name, value seeded from the view, result
    written back to the view. Never pass a default or index: the view is the only source of values.

    `empty_means_all` (a list parameter): the widget shows every option chosen as an empty box (its
    placeholder says so) and an empty box means every option; the view still holds every id. For long
    lists: hundreds of chosen options drawn as chips were most of the page (issue 15). A multiselect offers no
    "Select all" entry.

    A valid id the address gave that `options` leave out (a programme outside the sidebar's, a task the search does not
    find) is said right above the widget (`not_offered`), as long as it is `waiting`; `because(value)` may give a label key
    saying it better than the parameter's declared one, with the texts of that label's further placeholders (the
    programme beside the first one is the first one; a task's programme is not chosen), or None."""
    param, current, state = PARAM[name], view(), st.session_state
    if getattr(make, "__name__", "") == "multiselect":
        # no "Select all" entry: Streamlit writes it in English whatever the interface's language, and on a long list
        # typing a word and pressing Enter chose every match (38 bodies for 发展 at five copies)
        kwargs.setdefault("select_all", False)
    raw = waiting(name)
    if raw is not None and (options is None or raw in options):
        del state[UNCHECKED][name]  # offered now (the programme added in the sidebar): nothing more to say
    elif raw is not None and name not in state.get(SAID, ()):
        key, names = (because and because(raw)) or (param.not_offered, {})
        not_offered(getattr(make, "__self__", st), name, raw, key, current["lang"], **names)
    wanted = _coerce(param, current.get(name, param.default), options)
    if empty_means_all and len(wanted) == len(options):  # _coerce keeps only known options, each once
        wanted = []
    # Seeded from the view when new, when its value is no longer offered, or when neither the previous run nor this one
    # (a fragment's rerun follows the run that drew it) drew it: a widget drawn again after a run without it (no
    # programme chosen: the page stopped above it) kept Streamlit's value but showed its first option (an attack: the
    # ranking by body under a radio saying "by function")
    unmounted = name not in state.get(LAST_DRAWN, ()) and name not in state.get(DRAWN, ())
    if name not in state or _coerce(param, state[name], options) != state[name] or unmounted:
        state[name] = wanted
    value = make(label, options, key=name, **kwargs) if options is not None else make(label, key=name, **kwargs)
    state.setdefault(DRAWN, set()).add(name)
    if param.kind == "list":
        current[name] = list(options) if empty_means_all and not value else list(value)
    elif param.default == "" and options and value == options[0] and current.get(name, "") == "":
        current[name] = ""  # "the first option", as on arrival: the URL stays as it was, no history entry
        st.session_state.setdefault(FIRST_SHOWN, {})[name] = value  # …and the words describing the view name it
    else:
        current[name] = value
    return value


def offered(name: str, options: list, limit: int, known=None) -> list:
    """At most `limit` of a long list of options for the widget of view parameter `name`: the first ones, and the
    view's current value (or values, for a list) wherever it stands, so a link to any of them still shows it (issue 15:
    a selectbox of 20,000 tasks cost 0.6–0.9 s a run at 100× and is no way to choose one), and the address's value
    waiting for this widget (`waiting`), so the reader can choose it there as its warning says, and keep it once chosen.
    `known`: every valid
    value, when `options` are not all of them (the busiest units of the programmes chosen): the view's values among
    them are offered too, rather than dropped from the view."""
    shown = list(options[:limit])
    current = view().get(name)
    valid, seen = set(options if known is None else known), set(shown)
    # …and the link's value still `waiting` for this widget: once the reader has done what its warning said (added the
    # task's programme in the sidebar), it is among the options but may be past the first ones; and the one the reader
    # has just chosen among them, which the view holds only once the widget is drawn (a reviewer)
    held = st.session_state.get(name)
    values = [*(current if isinstance(current, list) else [current]), *(held if isinstance(held, list) else [held]), waiting(name)]
    for value in values:
        if value not in seen and value in valid:
            shown.append(value)
            seen.add(value)
    return shown


def set_view(**values) -> None:
    """Set view parameters from code (e.g. a click on a chart: the reader's choice, so the link's values of those
    parameters are no longer `waiting`); their widgets follow on the next draw."""
    view().update(values)
    reset_widgets(values)
    for name in values:
        st.session_state.get(UNCHECKED, {}).pop(name, None)


def write_url(corpus: Corpus) -> None:
    """Once per run, at its end: the URL becomes the view, in one write, and only when it differs.

    Streamlit's frontend pushes one history entry per write (replaces during Back/Forward), so a visit
    makes one entry and Back restores the page with its filters.
    """
    state = st.session_state
    if VIEW not in state:
        return
    url = _url_now()
    wanted = encode_view(state[VIEW], corpus, url)
    if wanted != url:
        st.query_params.from_dict(wanted)
    state[VIEW_URL] = wanted
    waiting_at, unchecked = state.setdefault(WAITING_AT, {}), state.get(UNCHECKED)
    waiting_at.pop(_address(wanted), None)  # re-inserted last: the oldest addresses go first
    if unchecked:
        waiting_at[_address(wanted)] = dict(unchecked)
        while len(waiting_at) > WAITING_AT_MAX:
            del waiting_at[next(iter(waiting_at))]


def language() -> str:
    lang = view_widget("lang", st.sidebar.radio, t("language", "zh"), list(LANGS), horizontal=True,
                       format_func=lambda v: "中文" if v == "zh" else "English")
    if lang != st.session_state.get("_view_lang", lang):
        # Labels change, selections do not: every other widget is seeded again from the view's ids
        # (Streamlit would otherwise match the old language's labels against the new ones and drop them).
        # Words typed in a search box and not yet sent reach the server with the switch (the box sends them as the
        # pointer leaves it for the language's button): kept, not replaced by the view's older words (a walk typed
        # 联席会议, clicked English, and found an empty box over every task).
        view().update({name: st.session_state[name] for name in _typed_params() if isinstance(st.session_state.get(name), str)})
        reset_widgets([name for name in PARAM if name != "lang"])
    st.session_state["_view_lang"] = lang
    return lang


def _typed_params() -> list[str]:
    """View parameters whose widget takes free text (a search box), not a choice among ids."""
    return [name for name, param in PARAM.items() if param.kind == "str" and param.options is None]


def presentation_toggle(lang: str) -> bool:
    """The sidebar switch for presentation mode, mirrored in the URL as ?mode=present."""
    return view_widget("mode", st.sidebar.toggle, t("present_mode", lang))


def presenting() -> bool:
    return bool(st.session_state.get(VIEW, {}).get("mode"))


def mode_text(key: str, lang: str, **values) -> str:
    """The catalogue's `key`, a note that says which control to change (e.g. why a page or chart is empty, and what to
    choose in the sidebar). In presentation mode, which hides the sidebar and every control, its twin
    `<key>_presenting` where the catalogue has one: the fact alone, so the page never points a room to controls it
    cannot see (tests/test_i18n.py fails on a note pointing to the sidebar without a twin). A note with no instruction
    has no twin and reads the same in both modes. A note about a control itself, with nothing to say once the control
    is hidden, is a `control_note` (ui.web.widgets)."""
    return t(f"{key}_presenting" if presenting() and f"{key}_presenting" in LABELS else key, lang, **values)


def no_match_text(matches, scope: str, lang: str) -> str:
    """Why a page under a theme filter has nothing to count in the sidebar's scope (`matches`:
    analytics.filters.theme_matches): the chosen themes are only secondary tags there, and the scope that counts them,
    or no task carries them at all."""
    counts = dict(zip(matches.scope, matches.tasks))
    only_secondary = scope == "primary" and not counts.get("primary") and counts.get("any")
    return mode_text("no_primary_match", lang, n=counts["any"]) if only_secondary else mode_text("no_match", lang)


def leave_presentation() -> None:
    """The exit button's callback."""
    set_view(mode=False)


def pack() -> list[PackItem]:
    """This session's briefing pack (never shared: it lives in session state only)."""
    return st.session_state.setdefault("pack", [])


def filters() -> Filters:
    """This run's filters, read from the view (dashboard.py renders the frame's widgets first)."""
    v = view()
    return Filters(lang=v["lang"], programmes=tuple(v["prog"]), themes=tuple(v["theme"]) or None,
                   scope=v["scope"], measure=v["measure"])
