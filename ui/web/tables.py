"""Tables as shown, built once per data version, filters and language, not on every run (issue 15).

Mapping every cell of an analysis table to display names (ui.report.tables) cost most of a filter click
on the departments page at 100× (700 programme columns, rebuilt on every run). `shown_table` keeps the
result once for all sessions, keyed like the figures (ui.web.data.figure): on where the frame came from
(analysis, data version, filters), the language and the builder's other arguments. A session with
uploads builds its own, never cached. The result is shared: callers must not change it.
"""

from __future__ import annotations

import streamlit as st

from ui.report.tables import Names
from ui.web.data import _cache_key, _origin, session_corpus


@st.cache_resource(show_spinner=False, max_entries=200)
def _shown(name: str, key: str, frame_key, lang: str, kwargs: tuple, _builder, _corpus, _frame):
    return _builder(_frame, Names.of(_corpus, lang), **dict(kwargs))


def shown_table(builder, frame, lang: str, **kwargs):
    """`builder(frame, Names.of(corpus, lang), **kwargs)`, once per data version, frame origin, language and kwargs."""
    corpus, key = session_corpus(), _cache_key()
    if key is None:
        return builder(frame, Names.of(corpus, lang), **kwargs)
    origin = _origin(frame)
    return _shown(f"{builder.__module__}.{builder.__qualname__}", key, ("analysis", origin) if origin is not None else frame,
                  lang, tuple(sorted(kwargs.items())), builder, corpus, frame)
