"""What a draft is made of: document, sections, tasks, resolved clauses, suggestions and the review list.

Plain dataclasses, filled step by step by the other modules of this package and turned into the
extract YAML by `analytics.draft.writer`. Every judgment keeps the source line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReviewItem:
    line: int  # 1-based line of the input text (0: the document as a whole)
    kind: str  # unplaced | dropped | clause | unit | role | theme | instrument | link | structure | metadata
    message: str
    task: str | None = None  # task id in the draft, when the item concerns one
    code: str = ""  # stable code the dashboard words it by in the reader's language (ui.report.i18n, review_<code>)
    params: tuple[tuple[str, str], ...] = ()  # what the wording fills in


@dataclass
class ResolvedClause:
    printed: str
    role: str  # lead | support | responsible
    bodies: list[str]
    mentions: list[tuple[str, list[str], str]] = field(default_factory=list)  # (printed item, unit ids, how)


@dataclass
class ThemeGuess:
    primary: str
    secondary: list[str]
    confidence: float  # 0..1, the model's share for the primary theme
    margin: float  # primary share minus the runner-up's
    words: list[str]  # the task's words that pulled most towards the primary theme (character n-grams joined)
    neighbours: list[tuple[str, str, float]]  # (task id, its curated primary theme, similarity)


@dataclass
class InstrumentGuess:
    instrument: str
    confidence: float
    words: list[str]


@dataclass
class ParentSuggestion:
    task: str
    relation: str
    score: float
    heading_match: bool


@dataclass
class DraftTask:
    id: str
    kind: str  # task | safeguard
    section: str
    subsection: str | None
    number: str
    heading: str | None
    text: str
    line: int  # line of the task's number
    end_line: int
    units_printed: str | None = None
    clause_line: int | None = None
    clause_carried_from: str | None = None  # task id whose "下同" clause this task inherits
    clauses: list[ResolvedClause] = field(default_factory=list)
    theme: ThemeGuess | None = None
    instrument: InstrumentGuess | None = None
    parents: list[ParentSuggestion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftSection:
    number: str
    title: str
    kind: str  # tasks | safeguards | general
    line: int
    subsections: list[tuple[str, str]] = field(default_factory=list)  # (number as printed, title)


@dataclass
class ProposedPlace:
    id: str
    zh: str
    level: str
    parent: str | None
    province: str


@dataclass
class ProposedUnit:
    id: str
    name: str
    function: str
    place: str
    printed: str
    line: int


@dataclass
class DraftDocument:
    programme_id: str
    title: str
    title_line: int
    end_line: int
    source_name: str
    doc_number: str | None = None
    issuers: list[str] = field(default_factory=list)
    issued: str | None = None  # ISO date
    date_note: str | None = None
    status: str = "正式"
    cooperation_type: str = "对口合作"
    level: str = "city_city"
    helper: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    pairing: str | None = None
    period: str | None = None
    target_years: list[int] = field(default_factory=list)
    citations: list[tuple[str | None, str]] = field(default_factory=list)  # (文号, title) outside the corpus
    parent_programmes: list[str] = field(default_factory=list)  # corpus programmes named by 文号 or title
    notice_lines: tuple[int, int] | None = None  # the covering notice, kept apart from the document
    sections: list[DraftSection] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    new_places: list[ProposedPlace] = field(default_factory=list)
    new_pairing: bool = False
    new_units: list[ProposedUnit] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    source_lines: list[tuple[int, str]] = field(default_factory=list)  # (line, cleaned text) from title to end

    def flag(self, line: int, kind: str, message: str, task: str | None = None, code: str = "", **params: object) -> None:
        """One item for the review list: `message` in English (the command line, the YAML's notes), `code` and
        `params` for the dashboard to word it in the reader's language."""
        self.review.append(ReviewItem(line, kind, message, task, code, tuple((k, str(v)) for k, v in params.items())))
