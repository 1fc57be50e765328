"""Command line: `validate [DATA_DIR]`, `export OUT_DIR`, `briefing --out FILE.pptx [--programme ID ...]` and
`draft FILE [--parent PROGRAMME_ID] [--out draft.yaml]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics import paths
from analytics.corpus import load_corpus
from analytics.outputs.export import write_tables


def _print_problems(problems, stream) -> None:
    for problem in problems:
        prefix = "warning: " if problem.severity == "warning" else ""
        print(f"{problem.file}:{problem.line}: {prefix}{problem.message}", file=stream)


def cmd_validate(args: argparse.Namespace) -> int:
    corpus = load_corpus(Path(args.data_dir or args.data), Path(args.seeds))
    _print_problems(corpus.problems, sys.stdout)
    errors = sum(p.severity == "error" for p in corpus.problems)
    counts = corpus.tasks.kind.value_counts() if len(corpus.tasks) else {}
    summary = (
        f"{len(corpus.programmes)} programmes valid, {counts.get('task', 0)} tasks, "
        f"{counts.get('key_task', 0)} key tasks, {counts.get('safeguard', 0)} safeguards; "
        f"{errors} error(s), {len(corpus.problems) - errors} warning(s)"
    )
    print(summary if errors else f"OK: {summary}")
    return 1 if errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from analytics.outputs.export import corpus_tables, table_csv

    corpus = load_corpus(Path(args.data), Path(args.seeds))
    out_dir = Path(args.out_dir)
    analyses_failed = None
    try:
        written = write_tables(corpus, out_dir)
    except Exception as exc:  # an analysis that cannot cope with what is left must not hide the data or the problems
        analyses_failed = f"{type(exc).__name__}: {exc}"
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for stem, frame in corpus_tables(corpus).items():
            (out_dir / f"{stem}.csv").write_bytes(table_csv(frame))
            written.append(out_dir / f"{stem}.csv")
    for path in written:
        print(f"wrote {path}")
    _print_problems(corpus.problems, sys.stderr)
    errors = sum(p.severity == "error" for p in corpus.problems)
    if errors:
        print(f"{errors} problem(s): only the valid programmes were exported", file=sys.stderr)
    if analyses_failed:
        print(f"analysis tables not written ({analyses_failed}): with {len(corpus.programmes)} valid programme(s) "
              "some analyses have nothing to work on; fix the problems above and export again", file=sys.stderr)
    return 1 if errors or analyses_failed else 0


def cmd_briefing(args: argparse.Namespace) -> int:
    # The deck is made of the dashboard's own charts, so this one command reaches up to the chart layer
    # (ui.report.briefing imports no streamlit); the analyses themselves never import ui.
    from datetime import date

    from analytics.outputs.export import source_documents
    from analytics.corpus.version import data_version
    from ui.report.briefing import build_pptx, standard_pack
    from ui.report.i18n import t

    corpus = load_corpus(Path(args.data), Path(args.seeds))
    _print_problems(corpus.problems, sys.stderr)
    known = list(corpus.programmes.programme_id)
    unknown = [p for p in args.programme if p not in known]
    if unknown:
        print(f"unknown programme id(s): {', '.join(unknown)}; valid ids: {', '.join(known)}", file=sys.stderr)
        return 2
    chosen = args.programme or known
    if not chosen:
        print("no valid programme to brief on; fix the problems above", file=sys.stderr)
        return 1
    items, skipped = standard_pack(corpus, chosen, args.lang)
    for name in skipped:
        print(f"skipped: {name} (no data for the selected programmes)", file=sys.stderr)
    today = date.today().isoformat()
    deck = build_pptx(items, args.title or t("deck_default_title", args.lang), today, data_version(Path(args.data)),
                      source_documents(corpus, chosen), args.lang)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(deck)
    print(f"wrote {out}: {len(items) + 2} slides ({len(items)} charts)")
    return 1 if any(p.severity == "error" for p in corpus.problems) else 0


def cmd_draft(args: argparse.Namespace) -> int:
    """Draft an extract from a plan's text; print the review list; write the YAML (one file per document)."""
    from analytics.draft import DraftInputError, draft_bytes, load_knowledge
    from analytics.draft.writer import check_draft, review_lines, to_yaml

    source = Path(args.file)
    try:
        knowledge = load_knowledge(Path(args.data), Path(args.seeds))
        drafts = draft_bytes(source.read_bytes(), source.name, knowledge, parents=args.parent)
    except (DraftInputError, OSError) as exc:
        print(f"{source}: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out or f"{source.stem}.draft.yaml")
    failed = 0
    for number, doc in enumerate(drafts):
        target = out if number == 0 else out.with_name(f"{out.stem}-{number + 1}{out.suffix}")
        text = to_yaml(doc, knowledge.registries)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        problems = [p for p in check_draft(text, target.name, Path(args.data), Path(args.seeds)) if p.severity == "error"]
        failed += bool(problems)
        print(f"wrote {target}: {doc.title} — {len(doc.tasks)} items, {len(doc.review)} to review, "
              f"{'validates as an upload' if not problems else f'{len(problems)} validation error(s)'}")
        for line in review_lines(doc):
            print(f"  {line}")
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    directories = argparse.ArgumentParser(add_help=False)  # declared once, shared by every command
    directories.add_argument("--data", default=str(paths.DATA_DIR), help="data directory (default: data/)")
    directories.add_argument("--seeds", default=str(paths.SEEDS_DIR), help="seed directory (default: seeds/)")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", parents=[directories], help="check every extract and registry; exit 1 on any error")
    validate.add_argument("data_dir", nargs="?", help="data directory, as --data (default: data/)")
    validate.set_defaults(func=cmd_validate)
    export = sub.add_parser("export", parents=[directories], help="write the tidy tables as CSV (UTF-8 with BOM)")
    export.add_argument("out_dir", help="folder to write the CSV files into")
    export.set_defaults(func=cmd_export)
    briefing = sub.add_parser("briefing", parents=[directories],
                              help="build the standard briefing pack (PPTX) without the browser")
    briefing.add_argument("--out", required=True, help="PPTX file to write")
    briefing.add_argument("--programme", action="append", default=[], metavar="ID",
                          help="programme id to include (repeat for several; default: all)")
    briefing.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of titles and captions")
    briefing.add_argument("--title", help="deck title (default: 对口合作方案比较 · 简报)")
    briefing.set_defaults(func=cmd_briefing)
    draft = sub.add_parser("draft", parents=[directories],
                           help="draft an extract from a plan's text (.txt, .docx, .pdf) for review")
    draft.add_argument("file", help="the plan: .txt, .docx or .pdf with a text layer")
    draft.add_argument("--parent", action="append", default=[], metavar="PROGRAMME_ID",
                       help="corpus programme whose tasks are suggested as parents (repeatable; 文号/title named "
                            "in the text are found by themselves)")
    draft.add_argument("--out", help="YAML file to write (default: FILE.draft.yaml; further documents get -2, -3)")
    draft.set_defaults(func=cmd_draft)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
