"""The one rule for showing text that comes from data (corpus or uploads): always as inert text.

Every data text that reaches a screen, chart, file or slide passes one of these, chosen by where it goes:

- `plain(text)`: anywhere text is shown as text (table cells, widget options, code blocks, slides).
  Removes bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C), which would
  reverse what a reader sees, and other invisible control characters.
- `md(text)`: Markdown (st.markdown, st.caption, st.subheader, alert texts). `plain`, then every
  character Markdown or Streamlit could act on is escaped (links, images, HTML, colour and icon
  directives, LaTeX), and bare URLs, www. addresses and e-mail addresses are broken with a word joiner
  (U+2060, invisible) so they are never turned into links; so are Streamlit's icon codes (":material/…:",
  ":streamlit:") and the arrows it draws for "->", "<-" and "--". Nothing in the result can make the reader's
  browser fetch anything.
- `plot_text(text)`: plotly titles, labels, hover text, legend. `plain`, then < > & escaped, so
  plotly's pseudo-HTML (<a href>, <span style>, <img>, …) shows as the characters typed; only the
  line break <br> the chart builders insert themselves survives. `safe_figure(fig)` applies it to every
  text of a built figure; `ui.report.style.frame` calls it, so every chart builder's output passes it once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analytics.corpus.characters import BIDI, CONTROLS, LINE_SEPARATORS, SURROGATES, UNSEEN, characters, dropper

BIDI_CONTROLS = characters(BIDI)  # as one string
# What no text shows (analytics.corpus.characters), with what only a screen needs gone: bidi controls and the line and
# paragraph separators.
_INVISIBLE = dropper(BIDI, CONTROLS, LINE_SEPARATORS, SURROGATES)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
WORD_JOINER = "\u2060"
# Where a word joiner goes so that text acts as nothing, which escaping cannot do: what GitHub-flavoured Markdown turns
# into links without any markup (scheme://, www., name@host), and what Streamlit's page turns into pictures or signs in
# the text itself, before and after reading the Markdown, escaped or not (an attack: ":material/home:" drew a house in a
# task's text and an upload's file name, ":streamlit:" the Streamlit logo; "->", "<-" and " -- " become arrows and
# a dash).
_LIVE_WITHOUT_MARKUP = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)|(?<=:)(?=material/|streamlit:)|(?<=-)(?=[->])|(?<=<)(?=-)")
LINE_BREAK = "<br>"  # the one markup plotly draws that a text may carry: a forced line break


def plain(text: object) -> str:
    """The text without bidi and other invisible control characters."""
    return _INVISIBLE.sub("", "" if text is None else str(text))


def md(text: object) -> str:
    """Markdown that shows exactly `text`: no link, image, HTML, directive or autolinked address."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LIVE_WITHOUT_MARKUP.sub(WORD_JOINER, plain(text)))


md_escape = md  # the name the pages used first


_UNSEEN = dropper(UNSEEN)


def visible(text: str) -> str:
    """A stranger's value as a notice repeats it: each character that shows as nothing named by its code point, ⟨U+200B⟩
    (an attack: ?prog=sc-yq%E2%80%AE was said to hold "sc-yq", which looks like a valid id; a search with a zero-width
    space found nothing, and the notice showed the words alone). Then escaped as any text (`md`, `plain`)."""
    return _UNSEEN.sub(lambda found: f"⟨U+{ord(found.group()):04X}⟩", text)


def highlight(text: str, spans: list[tuple[int, int]] | tuple, colour: str = "orange") -> str:
    """Markdown with `spans` of `text` on a coloured background and everything else escaped."""
    out, cursor = [], 0
    for start, end in spans:
        out.append(md(text[cursor:start]))
        out.append(f":{colour}-background[{md(text[start:end])}]")
        cursor = end
    out.append(md(text[cursor:]))
    return "".join(out)


# plotly.js fills "%{…}" in titles, notes, legends and hovers from the figure (an attack: "%{meta.source}" in an
# upload's short name drew the raw source line, markup and all, as a live link): broken by an invisible word joiner.
_TEMPLATE_OPEN = "%{"


def plot_text(text: object) -> str:
    """Text for a plotly title, label, hover or legend: shown as typed; only <br> still breaks a line, and no
    "%{…}" is filled in."""
    escaped = html.escape(plain(text), quote=False).replace(_TEMPLATE_OPEN, "%" + WORD_JOINER + "{")
    return escaped.replace(html.escape(LINE_BREAK), LINE_BREAK)


def label_as_seen(label: object) -> str:
    """A text `plot_text` escaped, back as the reader sees it (a chart's label as a click on it comes back, to be
    matched against the names it was drawn from): entities decoded, "%{" whole again. A walk: in English every label
    holding "&" (9 of the 15 themes, most functions) came back as "&amp;", and a click on its cell or bar did nothing."""
    return html.unescape(str(label)).replace("%" + WORD_JOINER + "{", _TEMPLATE_OPEN)


def md_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` for st.table, which reads every cell and header as Markdown: each shown exactly as it is
    (`md`), a line break within a cell as a space (a table row is one line of Markdown)."""
    def cell(value) -> str:
        return md(re.sub(r"[\r\n]+", " ", "" if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
                         else str(value)))
    out = table.map(cell)
    out.columns = [cell(column) for column in table.columns]
    return out


def plain_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` whose text cells are `plain`, for st.dataframe."""
    texts = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    if not texts:
        return table
    return table.assign(**{str(c): table[c].map(lambda v: plain(v) if isinstance(v, str) else v) for c in texts})


# Trace and layout properties that plotly draws as text. Templates (hovertemplate, texttemplate) are code
# written by the builders; the values they show come from these properties and are escaped here.
_TRACE_TEXTS = ("text", "hovertext", "name", "x", "y", "labels", "customdata", "parents", "legendgrouptitle")
_NESTED = ("node", "link")
_AXIS_TEXTS = ("ticktext", "tickvals", "categoryarray")  # tickvals: the categories, escaped like the trace values


def safe_figure(fig):
    """Escape, in place, every text of a built figure with `plot_text`; returns the figure."""
    for trace in fig.data:
        _escape_props(trace, _TRACE_TEXTS)
        for nested in _NESTED:
            part = getattr(trace, nested, None) if nested in trace else None
            if part is not None:
                _escape_props(part, ("label", "customdata"))
    layout = fig.layout
    if layout.title and layout.title.text:
        layout.title.text = plot_text(layout.title.text)
    if layout.title and layout.title.subtitle and layout.title.subtitle.text:
        layout.title.subtitle.text = plot_text(layout.title.subtitle.text)
    for note in layout.annotations or ():
        if note.text:
            note.text = plot_text(note.text)
    for name in [key for key in layout if key.startswith(("xaxis", "yaxis"))]:
        axis = layout[name]
        _escape_props(axis, _AXIS_TEXTS)
        if axis.title and axis.title.text:
            axis.title.text = plot_text(axis.title.text)
    if layout.legend and layout.legend.title and layout.legend.title.text:
        layout.legend.title.text = plot_text(layout.legend.title.text)
    return fig


def _escape_props(obj, names: Iterable[str]) -> None:
    for name in names:
        if name not in obj:
            continue
        value = obj[name]
        if name == "legendgrouptitle":
            if value is not None and value.text:
                value.text = plot_text(value.text)
            continue
        escaped = _escaped(value)
        if escaped is not value:
            obj[name] = escaped


def _escaped(value):
    """`value` with every string in it escaped; numbers, dates and None unchanged."""
    if isinstance(value, str):
        return plot_text(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_escaped(v) for v in value) if any(_has_text(v) for v in value) else value
    if isinstance(value, np.ndarray) and value.dtype == object:
        return np.array([_escaped(v) for v in value.tolist()], dtype=object) if value.size else value
    return value


def _has_text(value) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, (tuple, list)):
        return any(_has_text(v) for v in value)
    return isinstance(value, np.ndarray) and value.dtype == object
