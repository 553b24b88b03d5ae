"""Finding the article text behind a citation such as "标准 三(一)2" or "规则 五(三) 第2款".

A citation in a finding may be finer than the articles the pack stores (a paragraph, a note
after the clause) or name several articles; the lookup falls back to the nearest enclosing
article rather than failing, and never invents text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from egovpm.selfcheck.explain import split_sources

# A trailing paragraph or item number a stored article may not have: "(1)", "(一)", "2".
_TRAILING_PIECE = re.compile(r"(\([^()]*\)|([^()]*)|\d+)$")


@dataclass(frozen=True)
class Passage:
    """An article's text split around a quote, for highlighting: before, quote, after."""

    before: str
    quote: str
    after: str


def _enclosing(citation: str) -> str:
    """The next wider citation: drop a trailing word, else a trailing item number."""
    head, _, _ = citation.rpartition(" ")
    if " " in head:  # "规则 五(三) 第2款" -> "规则 五(三)"
        return head
    return _TRAILING_PIECE.sub("", citation)


def _candidates(citation: str) -> list[str]:
    """The citation, then ever wider enclosing citations, down to "<document> <chapter>"."""
    found = [citation.strip()]
    while True:
        wider = _enclosing(found[-1])
        _, _, section = wider.partition(" ")
        if wider == found[-1] or not section:
            return found
        found.append(wider)


def find_articles(pack: Any, source: str) -> list[Any]:
    """The pack's articles for every citation in `source` (those it has), without repeats."""
    articles: list[Any] = []
    for citation in split_sources(source):
        for candidate in _candidates(citation):
            article = pack.article(candidate)
            if article is not None:
                if article not in articles:
                    articles.append(article)
                break
    return articles


def passage(text: str, quote: str) -> Passage | None:
    """`text` split around the first occurrence of `quote`; None when it is not there."""
    quote = quote.strip()
    if not quote or quote not in text:
        return None
    before, _, after = text.partition(quote)
    return Passage(before, quote, after)
