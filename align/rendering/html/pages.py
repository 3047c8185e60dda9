"""A book-length report split into pages with an index."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar
from urllib.parse import quote

from align.rendering.html.data import (
    INDEX_TABLE_COST,
    INDEX_TABLE_ROWS,
    PAGE_COST,
    PAGE_ROWS,
    TABLE_PAGE_COST,
    TABLE_PAGE_ROWS,
    TABLE_ROWS,
    Finding,
    FormView,
    InconsistencyRow,
    Link,
    PageLink,
    Report,
    Row,
    VariantRow,
)
from align.rendering.html.minimap import chunked

T = TypeVar("T", VariantRow, FormView, Finding)

_HEADING = re.compile(
    r"^(chapter|part|book|section|canto|act|scene)\b|^[IVXLC]+\.?$|^\d+\.?$", re.IGNORECASE
)


def _section_start(row: Row) -> bool:
    """Whether a row looks like a heading: a short line with no closing
    punctuation, or one starting "Chapter", "Part"..."""
    for cell in (row.b, row.a):
        if cell.sentences:
            text = "".join(sp.text for sp in cell.sentences[0].spans).strip()
            if not text or len(text) > 80:
                return False
            return bool(_HEADING.match(text)) or text[-1] not in ".!?…:;,”\"'’)"
    return False


def _paragraph_start(previous: Row, row: Row) -> bool:
    for side in ("b", "a"):
        before = getattr(previous, side).sentences
        now = getattr(row, side).sentences
        if before and now:
            return now[0].paragraph != before[-1].paragraph
    return False


#: What a row costs besides its sentences and marks: the row, its margin (number,
#: relation, score), its two cells (labelled by attribute, no element of their own).
ROW_ELEMENTS = 8

#: Characters of text laid out cost about as much as one element.
CHARACTERS_PER_ELEMENT = 60

#: A sentence is an element and its number (a pseudo-element); a mark of an edit
#: is an element, its number or caret (a pseudo-element laid out as a box of its
#: own) and their styles: in Chromium a page of Bible verses, marks two thirds of
#: its elements, took three times the load work of the seed's page of as many
#: elements, a sixth of them marks (benchmarks/README.md).
SENTENCE_COST = 2
MARK_COST = 3


def row_cost(row: Row) -> int:
    """What a row costs the browser to open and lay out, in elements (of the
    seed's kind): `SENTENCE_COST` per sentence, `MARK_COST` per mark of an edit,
    one per named invisible character, plus the row's own (`ROW_ELEMENTS`, its
    links and flags) and its text (one per `CHARACTERS_PER_ELEMENT` characters).
    What `page_breaks` budgets."""
    cost = ROW_ELEMENTS + len(row.links) + len(row.flags) + len(row.kinds) // 4
    characters = 0
    for cell in (row.a, row.b):
        for sentence in cell.sentences:
            cost += SENTENCE_COST
            for span in sentence.spans:
                characters += len(span.text)
                if span.op != "equal":
                    cost += MARK_COST
                if span.runs:
                    cost += sum(1 for run in span.runs if run.control)
    return cost + characters // CHARACTERS_PER_ELEMENT


def page_breaks(rows: Sequence[Row], size: int = PAGE_ROWS, budget: int = PAGE_COST) -> list[int]:
    """Where pages start: at most ``size`` rows and ``budget`` of `row_cost`
    each (a row alone over the budget is a page of its own), cut at a heading if
    there is one in the page's second half, else at a paragraph, else anywhere.

    >>> page_breaks([], 10)
    [0]
    """
    costs = [row_cost(row) for row in rows]
    breaks = [0]
    start = 0
    while start < len(rows):
        end, spent = start, 0
        while end < len(rows) and end - start < size:
            if end > start and spent + costs[end] > budget:
                break
            spent += costs[end]
            end += 1
        if end == len(rows):
            break
        window = range(end, start + (end - start) // 2, -1)
        cut = next((i for i in window if _section_start(rows[i])), None)
        if cut is None:
            cut = next((i for i in window if _paragraph_start(rows[i - 1], rows[i])), None)
        start = cut if cut is not None and cut > start else end
        breaks.append(start)
    return breaks


def fits(rows: Sequence[Row], size: int = PAGE_ROWS, budget: int = PAGE_COST) -> bool:
    """Whether the rows fit on one page (see `page_breaks`)."""
    return len(rows) <= size and sum(row_cost(row) for row in rows) <= budget


def _page_title(row: Row) -> str:
    for cell in (row.b, row.a):
        if cell.sentences:
            text = " ".join("".join(sp.text for sp in cell.sentences[0].spans).split())
            return text if len(text) <= 60 else text[:59].rstrip() + "…"
    return row.name


def _spans(ids: Sequence[int]) -> list[list[int]]:
    """Sorted ids as ``[first, last]`` runs of consecutive ids.

    >>> _spans([1, 2, 3, 7, 9, 10])
    [[1, 3], [7, 7], [9, 10]]
    """
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][1] + 1 == i:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


_WORD = re.compile(r"\w+")


def _runs(numbers: Sequence[int]) -> str:
    """Sorted page numbers, written short: runs of consecutive pages as ``first-last``.

    >>> _runs([1, 2, 3, 7, 9, 10])
    '1-3 7 9-10'
    """
    return " ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in _spans(numbers))


def _words(rows: Sequence[Row], pages: Sequence[PageLink]) -> dict[str, str]:
    """Each word of the rows' text (lower-cased) -> the pages it is on (`_runs`),
    for the index's search across the book; sorted, so the same rows give the
    same map."""
    found: dict[str, set[int]] = {}
    for page in pages:
        for row in rows[page.first - 1 : page.last]:
            for cell in (row.a, row.b):
                for sentence in cell.sentences:
                    text = "".join(sp.text for sp in sentence.spans).lower()
                    for word in _WORD.findall(text):
                        found.setdefault(word, set()).add(page.number)
    return {word: _runs(sorted(found[word])) for word in sorted(found)}


def _relinked_row(row: Row, here: str, link: Callable[[str, str], str]) -> Row:
    """The row with its links naming the file of a row on another page."""
    links = tuple(replace(item, href=link(item.href, here)) for item in row.links)
    nearest = (
        None if row.nearest is None else replace(row.nearest, href=link(row.nearest.href, here))
    )
    return replace(row, links=links, nearest=nearest)


#: What a row of the variants table costs besides its links and flags: the row,
#: its six cells at two each (a table cell is laid out once to size the columns,
#: then in them), its number's link and the two forms.
VARIANT_ROW_COST = 16
#: An inconsistency's row besides its forms: the row, its cells, its number, the list.
INCONSISTENCY_ROW_COST = 15
#: A form of an inconsistency besides its links: its list item and marker, the
#: quotation and its two quote marks.
FORM_COST = 5
#: A "+N more" (a ``details``: a summary and a shadow tree of its own).
MORE_COST = 5


def _table_cost(item: VariantRow | InconsistencyRow) -> int:
    """What a row of the variants or inconsistencies table costs, as `row_cost`
    (elements, generated content counted; one per link). Weighed so that a page
    of table rows costs the browser about as much to open as a page of rows of
    the same budget: at one unit an element, a Bible's inconsistencies page took
    1.5 times, its variants page 1.3 times the load work of its first page of rows
    (benchmarks/README.md)."""
    if isinstance(item, VariantRow):
        more = MORE_COST if item.rest else 0
        return VARIANT_ROW_COST + len(item.links) + len(item.flags) + more
    return INCONSISTENCY_ROW_COST + sum(
        FORM_COST + len(f.links) + (MORE_COST if f.rest else 0) for f in item.forms
    )


def table_breaks(
    items: Sequence[VariantRow | InconsistencyRow],
    size: int = TABLE_PAGE_ROWS,
    budget: int = TABLE_PAGE_COST,
) -> list[int]:
    """Where the pages of a long table start: at most ``size`` rows and ``budget``
    of `_table_cost` each.

    >>> table_breaks([], 10)
    [0]
    """
    breaks, spent = [0], 0
    for k, item in enumerate(items):
        cost = _table_cost(item)
        if k > breaks[-1] and (k - breaks[-1] >= size or spent + cost > budget):
            breaks.append(k)
            spent = 0
        spent += cost
    return breaks


def _index_rows(items: Sequence[VariantRow | InconsistencyRow]) -> int:
    """How many of a long table's first rows the index shows: at most
    `INDEX_TABLE_ROWS`, within `INDEX_TABLE_COST` (at least one)."""
    spent = 0
    for k, item in enumerate(items[:INDEX_TABLE_ROWS]):
        spent += _table_cost(item)
        if k and spent > INDEX_TABLE_COST:
            return k
    return min(len(items), INDEX_TABLE_ROWS)


def paginate(
    report: Report, name: str, size: int = PAGE_ROWS, budget: int = PAGE_COST
) -> dict[str, Report]:
    """Split a long report into an index (``name``) and pages beside it.

    A report that fits one page (at most ``size`` rows and ``budget`` of
    `row_cost`) stays one page: ``{name: report}``.
    Otherwise ``name`` holds the header, summary, variants, inconsistencies
    and a table of pages, and ``NAME-001.html``... hold the rows. Links that
    lead to a row on another page name its file.

    Long because the index and the pages are built together from one list of rows, and
    every link between them (pair to page, page to page) is rewritten in the same pass.
    """
    if fits(report.rows, size, budget):
        return {name: replace(report, lazy=False)}
    stem = name[:-5] if name.endswith(".html") else name
    breaks = page_breaks(report.rows, size, budget) + [len(report.rows)]
    files: dict[str, str] = {}  # pair anchor -> file
    pages: list[PageLink] = []
    for number, (first, end) in enumerate(zip(breaks, breaks[1:]), 1):
        filename = f"{stem}-{number:03d}.html"
        chunk = report.rows[first:end]
        for row in chunk:
            files[row.anchor] = filename
        pages.append(
            PageLink(
                number,
                filename,
                quote(filename),
                _page_title(chunk[0]),
                chunk[0].number,
                chunk[-1].number,
                f"{chunk[0].name}–{chunk[-1].name}",
                sum(r.diff for r in chunk),
            )
        )

    def link(href: str, here: str) -> str:
        anchor = href.split("#", 1)[1]
        target = files.get(anchor, "")
        return f"#{anchor}" if target == here else f"{quote(target)}#{anchor}"

    def links(items: tuple[Link, ...], here: str) -> tuple[Link, ...]:
        return tuple(replace(item, href=link(item.href, here)) for item in items)

    def relinked(item: T, here: str) -> T:
        return replace(item, links=links(item.links, here), rest=links(item.rest, here))

    # Long tables go on pages of their own; the index keeps their first rows.
    parts: dict[str, list[PageLink]] = {"variants": [], "inconsistencies": []}
    held: dict[str, list[tuple[PageLink, tuple]]] = {"variants": [], "inconsistencies": []}
    for part, items in (("variants", report.variants), ("inconsistencies", report.inconsistencies)):
        if len(items) <= TABLE_ROWS:
            for item in items:
                files[item.anchor] = name
            continue
        starts = table_breaks(items)
        for k, (start, stop) in enumerate(zip(starts, [*starts[1:], len(items)]), 1):
            filename = f"{stem}-{part}-{k:03d}.html"
            chunk = items[start:stop]
            for item in chunk:
                files[item.anchor] = filename
            entry = PageLink(
                k,
                filename,
                quote(filename),
                f"{part} {chunk[0].number}–{chunk[-1].number}",
                chunk[0].number,
                chunk[-1].number,
                f"{chunk[0].number}–{chunk[-1].number}",
                0,
            )
            parts[part].append(entry)
            held[part].append((entry, chunk))
        for item in items[: _index_rows(items)]:
            files[item.anchor] = name  # the index shows the first rows too

    def kept(items: tuple) -> tuple:
        return items if len(items) <= TABLE_ROWS else items[: _index_rows(items)]

    variants = tuple(relinked(v, name) for v in kept(report.variants))
    inconsistencies = tuple(
        replace(i, forms=tuple(relinked(f, name) for f in i.forms))
        for i in kept(report.inconsistencies)
    )
    findings = tuple(
        replace(g, findings=tuple(relinked(f, name) if f.links else f for f in g.findings))
        for g in report.findings
    )
    words = _words(report.rows, pages)
    page_map: dict[str, list[list[int]]] = {}
    for page in pages:
        ids = sorted(r.pair for r in report.rows[page.first - 1 : page.last] if r.pair is not None)
        page_map[page.href] = _spans(ids)
    out = {
        name: replace(
            report,
            rows=(),
            chunks=(),
            variants=variants,
            inconsistencies=inconsistencies,
            findings=findings,
            minimap=tuple(replace(m, href=link(m.href, name)) for m in report.minimap),
            pages=tuple(pages),
            page_map=page_map,
            words=words,
            variant_pages=tuple(parts["variants"]),
            inconsistency_pages=tuple(parts["inconsistencies"]),
            variants_total=len(report.variants),
            inconsistencies_total=len(report.inconsistencies),
        )
    }
    for part, entries in held.items():
        for k, (entry, chunk) in enumerate(entries):
            if part == "variants":
                table = {"variants": tuple(relinked(v, entry.filename) for v in chunk)}
            else:
                table = {
                    "inconsistencies": tuple(
                        replace(i, forms=tuple(relinked(f, entry.filename) for f in i.forms))
                        for i in chunk
                    )
                }
            out[entry.filename] = replace(
                report,
                rows=(),
                chunks=(),
                **{"variants": (), "inconsistencies": (), **table},
                findings=(),
                minimap=(),
                pages=tuple(pages),
                part=part,
                part_page=entry,
                previous=entries[k - 1][0] if k else None,
                next=entries[k + 1][0] if k + 1 < len(entries) else None,
                index_href=quote(name),
                page_map=page_map,
                variant_pages=tuple(parts["variants"]),
                inconsistency_pages=tuple(parts["inconsistencies"]),
                variants_total=len(report.variants),
                inconsistencies_total=len(report.inconsistencies),
            )
    for k, page in enumerate(pages):
        rows = tuple(
            _relinked_row(r, page.filename, link) if r.links or r.nearest else r
            for r in report.rows[page.first - 1 : page.last]
        )
        out[page.filename] = replace(
            report,
            rows=rows,
            chunks=chunked(rows),
            variants=(),
            inconsistencies=(),
            minimap=tuple(replace(m, href=link(m.href, page.filename)) for m in report.minimap),
            page=page.number,
            pages=tuple(pages),
            previous=pages[k - 1] if k else None,
            next=pages[k + 1] if k + 1 < len(pages) else None,
            index_href=quote(name),
            page_map=page_map,
            lazy=False,  # within the budget: laid out whole as it loads
        )
    return out
