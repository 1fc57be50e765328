"""Leave-one-document-out benchmark of the drafting assistant against the curated extracts.

For each seed file the assistant drafts every document in it; each draft is compared with the curated
extract of the same title. The theme model is trained WITHOUT the drafted document — and without any
other programme curated from the same seed file (the 2023 work points and the division plan share a
notice, and the provincial outline is rebuilt from the division plan's headings), so nothing of the
drafted text reaches the model. Parent programmes are those the curated links point to.

    .venv/bin/python bench/draft_eval.py [--json out.json]

Columns (per document):
  tasks P/R    precision and recall of items (tasks and safeguards) found, matched by kind, section,
               sub-heading and number
  verbatim     matched items whose heading and text equal the curated ones under the seed check's
               normalisation (analytics.corpus.seeds.normalise_for_matching)
  units        unit mentions resolved to the right unit: Σ|curated ∩ drafted| / Σ max(|curated|, |drafted|)
               over the bodies of matched tasks (an extra or a missing body both count against)
  roles        bodies in both whose role (lead/support/responsible) agrees
  theme        primary theme equal to the curated code (agreement with the curator, not a tuned score)
  parents@3    curated parent links found among the three best suggestions per parent programme
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import paths  # noqa: E402
from analytics.draft import draft_bytes, load_knowledge  # noqa: E402
from analytics.corpus import check_data_dir, normalise_for_matching  # noqa: E402


def _key(kind: str, section: str, subsection: str | None, number: str) -> tuple:
    fold = lambda s: unicodedata.normalize("NFKC", s or "").replace(" ", "")  # noqa: E731
    return kind, fold(section), fold(subsection), fold(number)


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def evaluate(seeds_dir: Path = paths.SEEDS_DIR, data_dir: Path = paths.DATA_DIR) -> list[dict]:
    knowledge = load_knowledge(data_dir, seeds_dir)
    by_file: dict[str, list] = {}
    for model in (p.model for p in check_data_dir(data_dir, seeds_dir).programmes):  # the curated extracts, validated
        by_file.setdefault(model.programme.source.file, []).append(model)
    rows = []
    for seed_file, curated in sorted(by_file.items()):
        siblings = frozenset(m.programme.id for m in curated)
        parents = sorted({link.task.split("/")[0] for m in curated for t in m.tasks for link in t.parents} - {""})
        started = time.perf_counter()
        drafts = draft_bytes((seeds_dir / seed_file).read_bytes(), seed_file, knowledge, parents=parents,
                             exclude=siblings)
        elapsed = time.perf_counter() - started
        for model in curated:
            if model.programme.reconstructed:
                continue
            title = normalise_for_matching(model.programme.title)
            draft = next((d for d in drafts if normalise_for_matching(d.title) == title), None)
            rows.append(_compare(model, draft, elapsed / max(1, len(drafts))))
    return rows


def _compare(model, draft, seconds: float) -> dict:
    pid = model.programme.id
    curated = {_key(t.kind, t.section, t.subsection, t.number): t for t in model.tasks}
    row = {"document": pid, "curated": len(curated), "seconds": round(seconds, 2)}
    if draft is None:
        return {**row, "found": 0, "note": "document title not found"}
    drafted = {_key(t.kind, t.section, t.subsection, t.number): t for t in draft.tasks}
    matched = [k for k in drafted if k in curated]
    verbatim = sum(
        normalise_for_matching(drafted[k].text) == normalise_for_matching(curated[k].text)
        and normalise_for_matching(drafted[k].heading or "") == normalise_for_matching(curated[k].heading or "")
        for k in matched
    )
    unit_right = unit_total = role_right = role_total = theme_right = 0
    link_found = link_total = 0
    for k in matched:
        c, d = curated[k], drafted[k]
        c_roles = {b: u.role for u in c.units for b in u.bodies}
        d_roles = {b: u.role for u in d.clauses for b in u.bodies}
        both = set(c_roles) & set(d_roles)
        unit_right += len(both)
        unit_total += max(len(c_roles), len(d_roles))
        role_right += sum(c_roles[b] == d_roles[b] for b in both)
        role_total += len(both)
        theme_right += d.theme is not None and d.theme.primary == c.primary_theme
        suggested = {p.task for p in d.parents}
        for link in c.parents:
            link_total += 1
            link_found += link.task in suggested
    return {
        **row,
        "found": len(drafted),
        "matched": len(matched),
        "precision": _ratio(len(matched), len(drafted)),
        "recall": _ratio(len(matched), len(curated)),
        "verbatim": _ratio(verbatim, len(matched)),
        "units": _ratio(unit_right, unit_total),
        "unit_mentions": unit_total,
        "roles": _ratio(role_right, role_total),
        "theme": _ratio(theme_right, len(matched)),
        "theme_right": theme_right,
        "parents_top3": _ratio(link_found, link_total),
        "parent_links": link_total,
        "review_items": len(draft.review),
    }


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def table(rows: list[dict]) -> str:
    head = ("| document | items curated / drafted | tasks P | tasks R | verbatim | units (mentions) | roles | "
            "primary theme | parents@3 (links) | review items | s |")
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        if "matched" not in r:
            lines.append(f"| {r['document']} | {r['curated']} / 0 | — | 0 | — | — | — | — | — | — | — |")
            continue
        lines.append(
            f"| {r['document']} | {r['curated']} / {r['found']} | {_pct(r['precision'])} | {_pct(r['recall'])} | "
            f"{_pct(r['verbatim'])} | {_pct(r['units'])} ({r['unit_mentions']}) | {_pct(r['roles'])} | "
            f"{_pct(r['theme'])} | {_pct(r['parents_top3'])} ({r['parent_links']}) | {r['review_items']} | {r['seconds']} |"
        )
    matched = sum(r.get("matched", 0) for r in rows)
    themes = sum(r.get("theme_right", 0) for r in rows)
    lines.append(f"\nPrimary theme over all {matched} matched items: {_pct(_ratio(themes, matched))} "
                 "(leave-one-document-out).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    rows = evaluate()
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
