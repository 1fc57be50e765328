"""The one declaration of what the curated YAML may contain.

Each model here is the schema of one kind of record; every field carries its description, which the
codebook page and the curator documentation read from here. Cross-file rules (ids that must exist in
a registry, links that must not form cycles, texts that must be found in their seed) live in
`analytics.corpus` (registries, programmes, links), because a single record cannot check them alone.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from analytics.corpus.characters import CONTROLS, character_class

# Longest text each kind of field may hold, in characters. Each is several times what any printed
# document needs (in the corpus: longest id 40, title 33, short label 43, task text 286, curator note
# 1,727), and low enough that no analysis of one record can hold the dashboard up (the text alignments
# of the breakdown and reuse analyses grow with the product of two texts' lengths).
MAX_ID_CHARS = 100  # ids of programmes, tasks, places, units, themes, …
MAX_LABEL_CHARS = 80  # names drawn on charts: short programme labels, place names
MAX_NAME_CHARS = 300  # titles, bodies' names, section headings, numbers, clauses' bodies
MAX_TEXT_CHARS = 2_000  # task texts, printed unit clauses, definitions, notes
MAX_NOTE_CHARS = 10_000  # a curator's notes on a whole extract

SLUG_PATTERN = r"^[a-z0-9]+([._-][a-z0-9]+)*$"  # lowercase letters and digits, single . _ - between them
Slug = Annotated[str, StringConstraints(max_length=MAX_ID_CHARS, pattern=SLUG_PATTERN)]  # "red_culture", "jinan.culture_tourism", "szq-fx"
# No invisible control character (analytics.corpus.characters.CONTROLS) in any text: YAML's escapes ("\x07", "\a")
# write them though the reader refuses them raw; no reader sees them, and spreadsheets refuse them.
NO_CONTROLS = f"^[^{character_class(CONTROLS, rust=True)}]*$"  # the one list: analytics.corpus.characters
Label = Annotated[str, StringConstraints(max_length=MAX_LABEL_CHARS, pattern=NO_CONTROLS)]
Name = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS, pattern=NO_CONTROLS)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS, pattern=NO_CONTROLS)]
Note = Annotated[str, StringConstraints(max_length=MAX_NOTE_CHARS, pattern=NO_CONTROLS)]

STATUSES = ("正式", "征求意见稿")
COOPERATION_TYPES = ("对口合作", "结对合作帮扶", "产业帮扶")
PROGRAMME_LEVELS = ("province_city", "city_city", "district_county")
PLACE_LEVELS = ("province", "municipality", "city", "district", "county", "functional_zone")
SECTION_KINDS = ("tasks", "safeguards", "general")
TASK_KINDS = ("task", "safeguard", "key_task")
ROLES = ("lead", "support", "responsible")
CONFIDENCE = ("high", "medium", "low")
TASK_RELATIONS = ("implements", "advances", "carries_down")
PROGRAMME_RELATIONS = ("implements", "mandated_by")
CITATION_RELATIONS = ("written_under", "implements")

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_TASK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-]*/[A-Za-z0-9.]+$")


# pydantic keeps, on every record, the set of fields its file wrote: 88,800 sets at 100× the corpus, 37 MB of what
# validating held (a fifth). Records are frozen, so no set is ever added to: records that wrote the same fields share one.
_FIELDS_WRITTEN: dict[frozenset[str], set[str]] = {}


class Record(BaseModel):
    """Base for every record: unknown keys are errors, so a misspelt field name never goes unseen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _share_fields_written(self):
        written = self.__pydantic_fields_set__
        object.__setattr__(self, "__pydantic_fields_set__", _FIELDS_WRITTEN.setdefault(frozenset(written), written))
        return self


def _check_slug(value: str) -> str:
    if not _ID_PATTERN.match(value):
        raise ValueError(f"'{value}' is not a valid id: use lower-case letters, digits, '_', '-', '.'")
    return value


# ----------------------------------------------------------------------------------------------
# Registries (data/registry/*.yaml)
# ----------------------------------------------------------------------------------------------


class Theme(Record):
    id: Slug = Field(description="Stable theme id used by tasks, e.g. red_culture.")
    zh: Name = Field(description="Chinese name shown in the interface, e.g. 红色文化.")
    en: Name = Field(description="English name shown when the interface is switched to English.")
    headline: bool = Field(description="True for the four headline themes shown first everywhere.")
    colour: Name = Field(
        pattern=r"^#[0-9A-Fa-f]{6}$",
        description="The one fixed colour of this theme on every chart, as #RRGGBB.",
    )
    definition: Text = Field(description="Chinese definition: what belongs under this theme.")
    definition_en: Text = Field(description="English definition for the English interface.")
    examples: list[Name] = Field(description="Typical phrases from the sources that belong here.")
    rules: list[Text] = Field(
        default_factory=list,
        description="Written decision rules (Chinese) for the boundary cases of this theme: what to code when a "
        "task could go either way. The general rules (content over heading, field over mechanism, content "
        "with no theme of its own) stand under the theme other.",
    )
    rules_en: list[Text] = Field(default_factory=list, description="The same decision rules in English, in the same order.")
    zh_words: list[Label] = Field(
        default_factory=list, description="The Chinese name cut into its words, where a narrow chart column may break it "
        "between lines, e.g. [机制, 与, 营商, 环境]; empty when a break between any two characters reads well. Joined, "
        "the words are the name.")

    _slug = field_validator("id")(_check_slug)

    @model_validator(mode="after")
    def _words_make_the_name(self) -> Theme:
        if self.zh_words and ("".join(self.zh_words) != self.zh or any(not w or w != "".join(w.split()) for w in self.zh_words)):
            raise ValueError(f"zh_words must be the words of zh ({self.zh}), in order, each without spaces: "
                             f"{'、'.join(self.zh_words)} joined is {''.join(self.zh_words)}")
        return self


class InstrumentSubtype(Record):
    id: Slug = Field(description="Sub-type id, unique within its instrument type, e.g. talent_training.")
    zh: Name = Field(description="Chinese name of the sub-type.")
    en: Name = Field(description="English name of the sub-type.")


class Instrument(Record):
    id: Literal["supply", "environment", "demand"] = Field(
        description="Policy-instrument type: supply (供给型), environment (环境型) or demand (需求型)."
    )
    zh: Name = Field(description="Chinese name, e.g. 供给型.")
    en: Name = Field(description="English name, e.g. Supply-side.")
    definition: Text = Field(description="What instruments of this type do.")
    subtypes: list[InstrumentSubtype] = Field(description="The sub-types a task may be tagged with.")


class Function(Record):
    id: Slug = Field(description="Canonical function shared across places, e.g. development_reform.")
    zh: Name = Field(description="Chinese name of the function.")
    en: Name = Field(description="English name of the function.")

    _slug = field_validator("id")(_check_slug)


class Place(Record):
    id: Slug = Field(description="Stable place id, e.g. feixian.")
    zh: Label = Field(description="Chinese name with its parent where helpful, e.g. 临沂市费县.")
    en: Label = Field(description="English name.")
    level: Literal[PLACE_LEVELS] = Field(description="Administrative level of the place.")
    province: Slug = Field(description="Id of the province-level place it belongs to.")
    parent: Slug | None = Field(description="Id of the place directly above it; null at the top.")
    lat: float = Field(ge=-90, le=90, description="Approximate latitude (schematic layout only).")
    lon: float = Field(ge=-180, le=180, description="Approximate longitude (schematic layout only).")

    _slug = field_validator("id")(_check_slug)


class Pairing(Record):
    id: Slug = Field(description="Stable pairing id, helper first, e.g. shizhong-feixian.")
    helper: Slug = Field(description="Place id of the helping side (帮扶/支援方).")
    recipient: Slug = Field(description="Place id of the receiving side (受援方).")
    type: Literal[COOPERATION_TYPES] = Field(description="Kind of cooperation the pairing is for.")
    named_in: list[Slug] = Field(description="Programme ids whose text establishes or names the pairing.")
    note: Text | None = Field(default=None, description="Where and how the pairing is named, if unusual.")


class PlacesFile(Record):
    places: list[Place] = Field(description="Every place named by a programme or pairing.")
    pairings: list[Pairing] = Field(description="Pairings between places.")


class Unit(Record):
    id: Slug = Field(description="Stable id of one concrete body, '<place>.<name>', e.g. jinan.culture_tourism.")
    name: Name = Field(description="Full name including its place, e.g. 济南市文化和旅游局.")
    function: Slug = Field(description="Canonical function id from functions.yaml.")
    place: Slug = Field(description="Place id of the body; its side in a programme follows from this.")
    aliases: list[Name] = Field(default_factory=list, description="Other printed forms, including source typos.")
    note: Text | None = Field(default=None, description="Why the body is unusual, e.g. an unnamed group counted as one.")

    _slug = field_validator("id")(_check_slug)


# ----------------------------------------------------------------------------------------------
# Programme extracts (data/programmes/<programme_id>.yaml)
# ----------------------------------------------------------------------------------------------


class SourceRef(Record):
    file: Name = Field(description="Seed file name under seeds/, e.g. szq-fx.txt.")
    start_line: int = Field(ge=1, description="1-based line where the document's title stands.")
    end_line: int = Field(ge=1, description="1-based last line of the document in the seed.")

    @model_validator(mode="after")
    def _ordered(self) -> SourceRef:
        if self.end_line < self.start_line:
            raise ValueError("end_line must not be before start_line")
        return self


class ProgrammeParent(Record):
    programme: Slug = Field(description="Id of the parent programme in the corpus.")
    task: Name | None = Field(default=None, description="Task of the parent that asks for this plan, if any.")
    relation: Literal[PROGRAMME_RELATIONS] = Field(
        description="implements: written to implement the parent; mandated_by: a parent task asks for it."
    )


class Citation(Record):
    doc_number: Name | None = Field(description="文号 of a cited document outside the corpus, if printed.")
    title: Name = Field(description="Title of the cited document as printed.")
    relation: Literal[CITATION_RELATIONS] = Field(description="How this programme relates to the citation.")


class ProgrammeMeta(Record):
    id: Slug = Field(description="Stable programme id; the extract file is named after it.")
    title: Name = Field(description="Full title exactly as printed.")
    short_zh: Label = Field(description="Short Chinese label for charts and filters.")
    short_en: Label = Field(description="Short English label for charts and filters.")
    doc_number: Name | None = Field(description="文号 as printed, or null when none is printed.")
    issuers: list[Name] = Field(min_length=1, description="Issuing bodies as printed.")
    issued: dt.date | None = Field(description="Date issued; null when the document is undated.")
    date_note: Text | None = Field(default=None, description="Why undated, or where the date comes from.")
    status: Literal[STATUSES] = Field(description="正式 (in force) or 征求意见稿 (draft for comments).")
    reconstructed: bool = Field(
        default=False, description="True when the document's own text is not a seed and is rebuilt from another."
    )
    cooperation_type: Literal[COOPERATION_TYPES] = Field(description="对口合作, 结对合作帮扶 or 产业帮扶.")
    level: Literal[PROGRAMME_LEVELS] = Field(description="Administrative level of the pairing.")
    pairing: Slug = Field(description="Pairing id from places.yaml.")
    helper: list[Slug] = Field(min_length=1, description="Place ids of the helping side (帮扶/支援方).")
    recipient: list[Slug] = Field(min_length=1, description="Place ids of the receiving side (受援方).")
    period: Name | None = Field(default=None, description="Period the plan covers as printed, e.g. 2023—2025.")
    target_years: list[int] = Field(default_factory=list, description="Years the text sets goals for.")
    source: SourceRef = Field(description="Where in which seed the document stands.")
    parents: list[ProgrammeParent] = Field(default_factory=list, description="Parent programmes in the corpus.")
    citations: list[Citation] = Field(default_factory=list, description="Out-of-corpus documents it is based on.")
    extracted: dt.date = Field(description="Date the extract was curated or last revised.")
    curator_notes: Note | None = Field(default=None, description="What a reader should know about the extract.")

    _slug = field_validator("id")(_check_slug)

    @model_validator(mode="after")
    def _undated_needs_reason(self) -> ProgrammeMeta:
        if self.issued is None and not self.date_note:
            raise ValueError("issued is null: add date_note saying why the document is undated")
        return self


class Subsection(Record):
    number: Name = Field(description="Sub-heading number as printed, e.g. （一）.")
    title: Name = Field(description="Sub-heading title as printed.")


class Section(Record):
    number: Name = Field(description="Top-level section number without its 、, e.g. 一.")
    title: Name = Field(description="Section title as printed.")
    kind: Literal[SECTION_KINDS] = Field(
        description="tasks: numbered tasks; safeguards: 保障措施; general: 总体要求 and other unnumbered text."
    )
    subsections: list[Subsection] = Field(default_factory=list, description="Sub-headings （一）… in order.")


class UnitClause(Record):
    printed: Text = Field(description="The clause naming bodies as printed, e.g. 两市市委组织部、文化和旅游局.")
    role: Literal[ROLES] = Field(
        description="lead (牵头); support (参与/配合/分工负责 beside a lead); responsible (责任单位, 负责, "
        "or 分工负责 with no lead)."
    )
    bodies: list[Slug] = Field(description="Unit ids of the concrete bodies the clause names (prefixes distributed).")


class TaskLink(Record):
    task: Name = Field(description="Id of the parent task in a higher-level plan.")
    relation: Literal[TASK_RELATIONS] = Field(
        description="implements: division task → provincial key task; advances: 2023 work point → division "
        "task; carries_down: county task → provincial key task or division task."
    )


class Task(Record):
    id: Name = Field(description="Stable task id '<programme_id>/<number>', e.g. szq-fx/03.")
    kind: Literal[TASK_KINDS] = Field(
        default="task", description="task; safeguard (保障措施, not counted as a task); key_task (provincial outline)."
    )
    section: Name = Field(description="Number of the section the task stands in.")
    subsection: Name | None = Field(default=None, description="Number of its sub-heading, if any.")
    number: Name = Field(description="Number exactly as printed, e.g. 3 or （三）.")
    heading: Name | None = Field(default=None, description="Lead-in title where the source prints one.")
    text: Text = Field(min_length=1, description="Full body text, verbatim from the seed.")
    units_printed: Text | None = Field(default=None, description="The responsibility clause as printed, unbracketed.")
    units: list[UnitClause] = Field(default_factory=list, description="Printed clauses resolved to bodies.")
    primary_theme: Slug = Field(description="Exactly one theme id: what the task is mainly about.")
    secondary_themes: list[Slug] = Field(default_factory=list, max_length=3, description="Further theme ids.")
    instrument: Name = Field(
        pattern=r"^(supply|environment|demand)/[a-z_]+$",
        description="Policy instrument '<type>/<subtype>', e.g. supply/talent_training.",
    )
    parents: list[TaskLink] = Field(default_factory=list, description="Links to tasks of higher-level plans.")
    note: Text | None = Field(default=None, description="Curator's reason for a judgement call.")
    confidence: Literal[CONFIDENCE] = Field(default="high", description="Confidence in the tags and links.")

    @field_validator("id")
    @classmethod
    def _task_id(cls, value: str) -> str:
        if not _TASK_ID_PATTERN.match(value):
            raise ValueError(f"'{value}' is not a task id: write '<programme_id>/<number>', e.g. szq-fx/03")
        return value

    @model_validator(mode="after")
    def _themes_distinct(self) -> Task:
        if self.primary_theme in self.secondary_themes:
            raise ValueError(f"'{self.primary_theme}' is both primary and secondary: list it once")
        if len(set(self.secondary_themes)) != len(self.secondary_themes):
            raise ValueError("secondary_themes lists a theme twice")
        return self


class Additions(Record):
    """Registry records an uploaded extract brings along, for a pairing that data/registry/ does not know.

    Only uploads may carry them: a curated extract adds its places and units to the registry files, so
    that every programme shares one list.
    """

    places: list[Place] = Field(
        default_factory=list, description="Places the upload names that are not in data/registry/places.yaml."
    )
    pairings: list[Pairing] = Field(
        default_factory=list, description="Pairings the upload names that are not in data/registry/places.yaml."
    )
    units: list[Unit] = Field(
        default_factory=list, description="Bodies the upload names that are not in data/registry/units.yaml."
    )


class ProgrammeFile(Record):
    programme: ProgrammeMeta = Field(description="Metadata and provenance of the document.")
    sections: list[Section] = Field(min_length=1, description="Top-level sections in printed order.")
    tasks: list[Task] = Field(min_length=1, description="Tasks, safeguards or key tasks in printed order.")
    additions: Additions | None = Field(
        default=None,
        description="Uploads only: places, pairings and units that are not in data/registry/ yet. "
        "A curated extract adds them to the registry files instead.",
    )


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The record type inside an annotation such as `list[Task]` or `Additions | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None


def field_at(model: Any, loc: tuple[Any, ...]) -> tuple[type[BaseModel], str] | None:
    """The record type and field name a validation-error location ends in, e.g. (Task, "text").

    `model` is the type that was validated: a record such as ProgrammeFile, or e.g. list[Unit].
    """
    owner = nested_model(model)
    found = None
    for step in loc:
        if isinstance(step, int):
            continue
        if owner is None or step not in owner.model_fields:
            return None
        found = (owner, step)
        owner = nested_model(owner.model_fields[step].annotation)
    return found


REGISTRY_MODELS = {
    "themes": list[Theme],
    "instruments": list[Instrument],
    "functions": list[Function],
    "places": PlacesFile,
    "units": list[Unit],
}
