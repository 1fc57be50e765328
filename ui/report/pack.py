"""A briefing pack's items and the lines every export carries (data stamp, source documents).

Kept apart from the deck builder (ui/report/briefing.py, python-pptx): the dashboard needs these on every
run, the deck only when a pack is downloaded, and importing python-pptx cost every cold start ~0.2 s (issue 15).
Nothing here imports streamlit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

from analytics.corpus.schema import MAX_TEXT_CHARS
from ui.report.i18n import aside, t
from ui.report.style import chart_programmes, chart_texts

# The longest title, subtitle or caption a reader may type for an image or a slide: what the schema allows a task's
# text (an attack pasted a title of thousands of characters, and a caption of 10,000 into a slide).
EDITED_TEXT_MAX_CHARS = MAX_TEXT_CHARS


@dataclass
class PackItem:
    """One chart in a pack, as the user left it: the figure (plotly JSON) and its editable texts."""

    figure_json: str
    title: str
    subtitle: str
    caption: str
    source: str
    programmes: tuple[str, ...] = ()  # the ids behind the source line: the closing slide lists their documents
    item_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])  # keeps widget keys stable while reordering
    lang: str = "zh"  # the language the chart was drawn in: its slide's stamp is in it too, whatever the deck's

    @classmethod
    def from_figure(cls, fig: go.Figure, title: str | None = None, subtitle: str | None = None,
                    caption: str | None = None, lang: str = "zh") -> "PackItem":
        """The chart's own texts, or those given (typed by a reader: each cut to EDITED_TEXT_MAX_CHARS)."""
        texts = chart_texts(fig)
        title, subtitle, caption = (texts[name] if given is None else given[:EDITED_TEXT_MAX_CHARS]
                                    for name, given in (("title", title), ("subtitle", subtitle), ("caption", caption)))
        return cls(figure_json=fig.to_json(), title=title, subtitle=subtitle, caption=caption, source=texts["source"],
                   programmes=chart_programmes(fig), lang=lang)

    def figure(self) -> go.Figure:
        return pio.from_json(self.figure_json)

    def same_slide(self, other: "PackItem") -> bool:
        """Whether `other` would make the same slide: the same chart, texts and language (its id aside)."""
        return (self.figure_json, self.title, self.subtitle, self.caption, self.lang) == (
            other.figure_json, other.title, other.subtitle, other.caption, other.lang)


def place_in_pack(items: list[PackItem], item: PackItem) -> int:
    """The 1-based place of a slide the same as `item` in `items`, 0 if none: a second click on "Add to briefing pack"
    added the same slide again without a word (a walk: a deck with two identical slides)."""
    return next((number for number, kept in enumerate(items, 1) if kept.same_slide(item)), 0)


def stamp_text(data_version: str, date: str, lang: str) -> str:
    """The line drawn under every exported chart and slide: data version and export date."""
    return t("stamp", lang, version=data_version, date=date)


def document_entry(row, lang: str) -> str:
    """One source document as cited on slides and in Excel: title（文号，date） / title (文号, date), marked if uploaded,
    or if only its outline is in the corpus, rebuilt from a plan dividing it (a walk: the provincial plan was cited as
    if its text had been quoted)."""
    details = [d for d in (row.doc_number, row.issued) if isinstance(d, str) and d]
    marks = (t("uploaded_mark", lang) if row.uploaded else "") + (t("reconstructed_mark", lang) if row.reconstructed else "")
    return (aside(row.title, t("detail_sep", lang).join(details), lang) if details else row.title) + marks
