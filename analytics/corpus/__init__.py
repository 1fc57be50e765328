"""The corpus: reading the curated extracts (and uploads) safely, validating them, and building tables.

Read in the order data flows:
- `yamlio`     safe YAML reading: regular files only, byte and depth caps, line numbers for every node
- `schema`     the declared schema: one pydantic model per record, a description per field
- `problems`   what is wrong, in which file and line, and how to fix it (stable codes for the UI)
- `registries` themes, instruments, functions, places and pairings, units, and their cross-checks
- `seeds`      matching extract texts verbatim against the source documents
- `programmes` one programme file against the schema, the registries and its seed
- `links`      parent links between plans and tasks: resolve, no cycles
- `check`      a whole data directory plus uploads in one pass
- `tables`     the tidy pandas tables of everything that passed (`Corpus`, `load_corpus`)
- `version`    the data version (a hash of every file read)
- `snapshot`   the validated corpus cached per data version

Everything above the corpus imports what it needs from here.
"""

from analytics.corpus.check import CheckResult, check_data_dir
from analytics.corpus.problems import MAX_PROBLEMS_PER_UPLOAD, Problem, has_errors, upload_label, upload_name
from analytics.corpus.programmes import check_programmes, parse_programme
from analytics.corpus.registries import Registries, load_registries
from analytics.corpus.seeds import normalise_for_matching
from analytics.corpus.tables import Corpus, build_corpus, load_corpus

__all__ = [
    "MAX_PROBLEMS_PER_UPLOAD",
    "CheckResult",
    "Corpus",
    "Problem",
    "Registries",
    "build_corpus",
    "check_data_dir",
    "check_programmes",
    "has_errors",
    "load_corpus",
    "load_registries",
    "normalise_for_matching",
    "parse_programme",
    "upload_label",
    "upload_name",
]
