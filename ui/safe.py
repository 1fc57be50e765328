"""Showing text that comes from data (corpus or uploads) as text, never as Markdown or HTML."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape every character Markdown could act on, so links, images and HTML stay literal."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def highlight(text: str, spans: list[tuple[int, int]] | tuple, colour: str = "orange") -> str:
    """Markdown with `spans` of `text` on a coloured background and everything else escaped."""
    out, cursor = [], 0
    for start, end in spans:
        out.append(md_escape(text[cursor:start]))
        out.append(f":{colour}-background[{md_escape(text[start:end])}]")
        cursor = end
    out.append(md_escape(text[cursor:]))
    return "".join(out)
