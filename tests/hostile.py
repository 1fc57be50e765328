"""Hostile inputs shared by the hostile-input tests (not a test module itself).

`hostile_extract()` is a valid upload whose every text an attacker controls carries something a
careless reader would act on: Markdown images and links, bare URLs, plotly's pseudo-HTML, script
tags, bidi overrides, spreadsheet formulas and a long run of digits. It passes validation, so each of
these texts reaches tables, charts, captions, downloads and slides.
"""

from __future__ import annotations

from analytics.outputs.export import FORMULA_STARTS
from analytics.outputs.template import upload_template

EVIL_HOST = "evil.example"
RLO, PDF = "\u202e", "\u202c"  # right-to-left override, pop directional formatting
DIGITS = "1" * 1_500  # a long digit run under the text cap: the commitment patterns took 99 s on 40,000

# field → hostile value, each replacing the template's value of that field (first occurrence)
HOSTILE_VALUES = {
    'short_zh: "示例方案（上传模板）"':
        f'short_zh: "<span style=\\"font-size:300px\\">巨</span><a href=\\"http://{EVIL_HOST}/a\\">链</a>"',
    'short_en: "Example plan (upload template)"': f'short_en: "{RLO}evil{PDF} <b>bold</b> ![i](http://{EVIL_HOST}/s.png)"',
    'title: "示例甲市—示例乙市对口合作实施方案（示例，非真实文件）"': f'title: "=HYPERLINK(\\"http://{EVIL_HOST}/\\",\\"点此\\")"',
    # a formula, then plotly's template syntax: a source line naming this number had plotly fill in the raw source kept in
    # the figure's meta, the link below live in the chart and its SVG (an attack)
    "doc_number: null": f'doc_number: "@SUM(1+1)*cmd|calc!A1 %{{meta.source}} <a href=\\"http://{EVIL_HOST}/d\\">链</a>"',
    'heading: "共建产业园区"': 'heading: "-2+3 共建产业园区"',
    'text: "（示例）两市共同规划建设一处合作产业园区，2027年底前完成园区规划。"':
        f'text: "![x](http://{EVIL_HOST}/t.png) 见 http://{EVIL_HOST}/p 与 www.{EVIL_HOST} 及 a@{EVIL_HOST} '
        f'<script>alert(1)</script><img src=http://{EVIL_HOST}/i.png> {DIGITS}元 2027年底前完成园区规划。"',
    'units_printed: "牵头单位：示例甲市发展改革委；参与单位：示例乙市发展改革委"':
        f'units_printed: "牵头单位：示例甲市发展改革委；参与单位：示例乙市发展改革委 [点我](http://{EVIL_HOST}/u)"',
    'note: "示例 example: made up to show the format; not a real document, place or body."':
        f'note: "![n](http://{EVIL_HOST}/n.png) <a href=\\"http://{EVIL_HOST}/\\">note</a>"',
    'zh: "示例甲市（示例）"': f'zh: "<img src=\\"http://{EVIL_HOST}/p.png\\">甲{RLO}市{PDF}"',
}


def hostile_extract() -> str:
    text = upload_template()
    for old, new in HOSTILE_VALUES.items():
        assert old in text, f"test setup: {old!r} not in the template"
        text = text.replace(old, new, 1)
    return text


def starts_a_formula(cell) -> bool:
    """A spreadsheet would read this cell as a formula: text starting with = + - @ … that is not a number."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
        return False
    except ValueError:
        return True


# A font whose characters map to no text (no /ToUnicode, an identity encoding, no font file): pdfminer writes each as
# "(cid:N)", as it does for a PDF exported without its fonts' character maps
UNMAPPED_FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H /DescendantFonts [<< /Type /Font "
                 b"/Subtype /CIDFontType2 /BaseFont /Unmapped /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                 b"/Supplement 0 >> >>] >>")


def pdf_of_stream(content: bytes, fonts: bytes = b"") -> bytes:
    """A one-page PDF whose page's content is `content`, already Flate-compressed, with Helvetica as its font F1 and
    `fonts` (more font resources: "/F2 << … >>") beside it."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 << "
               b"/Type /Font /Subtype /Type1 /BaseFont /Helvetica >> " + fonts + b" >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
