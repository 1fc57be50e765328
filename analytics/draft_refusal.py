"""Why a text cannot be drafted (analytics/draft), declared once: a code, the particulars, and the command line's
words in English. Kept outside the analytics.draft package so that the dashboard's label catalogue (ui/report/i18n.py
`draft_error_<code>`, which takes its English from here) does not import the drafting machinery on every page.
"""

from __future__ import annotations

# code → the command line's English; `{…}` are the particulars
REFUSALS: dict[str, str] = {
    "encoding": "the text is neither UTF-8 nor GB18030: save it as UTF-8 text and try again",
    "docx": "not a readable Word (.docx) file: save it again from Word",
    "docx_unpacked": "the Word file unpacks to {size} MB, more than the {limit} MB a plan takes: save it again without "
                     "embedded files, or paste the text",
    "pdf": "not a readable PDF: export it again as PDF",
    "pdf_encrypted": "the PDF is password-protected: remove the password and upload it again",
    "too_large": "the file is {size} MB; the limit is {limit} MB",
    "no_text_layer": "the PDF has no text layer (a scan?): run OCR first or paste the text",
    "pdf_unmapped": "the PDF's text cannot be read (its fonts map no characters): export it again with embedded fonts, "
                    "or paste the text",
    "suffix": "'{suffix}' files are not read: use one of {types} or paste the text",
    "too_many_lines": "the text has {n:,} lines; the limit is {limit:,}",
    "docx_elements": "the Word file holds more than {limit:,} elements, far more than a plan's text needs: save it again "
                     "without embedded objects, or paste the text",
    "pdf_drawn": "the PDF draws more than {limit:,} characters and shapes, far more than a plan's text needs: export only "
                 "the plan as PDF, or paste the text",
    "too_heavy": "reading the file needed more than {limit} MB of memory (a PDF whose pages unpack to far more than they "
                 "show?): export it again, or paste the text",
    "past_line_limit": "the text runs past {limit:,} lines, the limit: split it, or paste only the plan itself",
    "registries": "the registries could not be read: run `python -m analytics validate` and fix them",
    "empty": "the text is empty",
    "empty_file": "the file is empty",
    "busy": "the server was busy with other researchers' documents and had no room for this one within {s} s: try "
            "again in a minute",
    "overrun": "drafting took longer than {s} s and was stopped: paste only the plan itself, or split a long text",
    "failed": "drafting failed ({reason}): please report this with the file",
}


class DraftInputError(ValueError):
    """The input cannot be drafted: `code` (a key of REFUSALS) says why and `params` give the particulars; the
    message is REFUSALS' English (the command line's), and the dashboard words the same code in the reader's language."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(REFUSALS[code].format(**params))
        self.code = code
        self.params = params
