"""The collation report: one column per witness, the apparatus below each row, one file.

Takes a `Collation` and its `CollationSummary`; gives HTML text, or writes
the files. It lays out, computes nothing: the rows, their apparatus and the
figures come from `align.collating` and `align.summary`. Each cell's text is
cut into pieces at the spans the apparatus names, so every column shows
where it differs; a book-length collation is split into pages
(``NAME-001.html``...) with ``NAME.html`` as their index. The page loads
nothing: a Content-Security-Policy forbids every fetch and allows only the
inlined script, by its hash. Templates are autoescaped.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape as html_escape
from typing import TypeVar

from markupsafe import Markup, escape

from align.errors import AlignError
from align.model import (
    KINDS,
    SHOWN_BY_CODE,
    Collation,
    Entry,
    Presence,
    Row,
    char_code,
    visible,
)
from align.rendering.html.page import asset, environment, script_policy
from align.runtime.output import TEMP_PREFIX, TEMP_SUFFIX, write_atomic
from align.summary import CollationSummary

T = TypeVar("T")

__all__ = ["COLLATION_PAGE_ROWS", "render_collation_html", "render_collation_pages"]

#: Rows on one page of a long collation (as the two-text report's pages).
COLLATION_PAGE_ROWS = 2000
#: At most this many marks on the overview strip; rows are bucketed beyond it.
STRIP_MARKS = 400
#: Witnesses shown side by side; with more, the base column and the apparatus.
MAX_COLUMNS = 4
#: Between two readings of an apparatus entry.
SEPARATOR = '<span class="sep"> | </span>'
#: Rows a variant links to in the variants table (its count says how many there are).
VARIANT_LINKS = 12


def esc(value: object) -> str:
    """`value` escaped as the templates' autoescape does (``'`` as ``&#39;``)."""
    return str(escape(value))


@dataclass(frozen=True)
class Piece:
    """A stretch of a cell's text: plain, or part of apparatus entry `entry` (1-based)."""

    text: str
    code: bool = False  # an invisible character, shown by its code
    entry: int = 0
    lemma: bool = False  # the base's words at a point, or a witness agreeing with them
    kind: str = ""
    empty: bool = False  # where words other witnesses have would stand


@dataclass(frozen=True)
class CellView:
    witness: int
    label: str
    presence: str
    pieces: tuple[Piece, ...]
    note: str  # "om.", "rendered at row N", or what the presence says
    sentences: str  # "s4–5", for the reader (numbered from 1)
    link: str = ""  # where the note's row N is (a repeat's first rendering)

    @property
    def html(self) -> Markup:
        """The pieces as markup, every text escaped (built here: a book has millions)."""
        return pieces_html(self.pieces)


@dataclass(frozen=True)
class ReadingView:
    text: str
    who: str
    what: str
    lemma: bool


@dataclass(frozen=True)
class EntryView:
    number: int
    kinds: str
    readings: tuple[ReadingView, ...]


@dataclass(frozen=True)
class RowView:
    id: int
    anchor: str
    cells: tuple[CellView, ...]
    entries: tuple[EntryView, ...]
    kinds: str  # the row's kinds, space-separated, for the kind filter
    differs: str  # the witnesses reading otherwise than the base here, for the witness filter
    diff: bool
    state: str  # "same", "diff", "gap" (a witness absent or the base lacking it)


def pieces_html(pieces: tuple[Piece, ...]) -> Markup:
    """Pieces as escaped text, each stretch of an apparatus point in a ``mark``.

    Built here rather than in the template: a book has millions of pieces.
    """
    out = []
    for p in pieces:
        text = html_escape(p.text)
        if p.code:
            text = f'<span class="code">{text}</span>'
        if p.entry:
            cls = f"{'lem' if p.lemma else 'var'} k-{html_escape(p.kind or 'none')}"
            title = f"[{p.entry}]"
            if p.empty:
                cls += " empty"
                title += " words other witnesses have"
            text = f'<mark class="{cls}" data-e="{p.entry}" title="{title}">{text}</mark>'
        out.append(text)
    return Markup("".join(out))


def row_html(row: RowView, columns: bool, base: int, width: int) -> Markup:
    """A row's ``tbody``: its cells (every witness's with `columns`, else the base's and the
    others in a list), then its apparatus, every text escaped as the template would.

    Laid out here rather than in the template: a book has tens of thousands of
    rows, and the template engine takes several times as long over each.
    """
    number = row.id + 1
    out = [
        f'<tbody class="row {esc(row.state)}{" diff" if row.diff else ""}" id="{esc(row.anchor)}"'
        f' tabindex="-1" data-kinds="{esc(row.kinds)}" data-differs="{esc(row.differs)}">\n'
        f'<tr>\n<th scope="row"><a href="#{esc(row.anchor)}">{number}</a></th>\n'
    ]
    for cell in row.cells:
        if not columns and cell.witness != base:
            continue
        who = "" if columns else f'<span class="who">{esc(cell.label)}</span> '
        note = _note(cell)
        sid = f' <span class="sid">{esc(cell.sentences)}</span>' if cell.sentences else ""
        out.append(
            f'<td class="cell {esc(cell.presence)}" data-witness="{cell.witness}">'
            f"{who}{note}{cell.html}{sid}</td>\n"
        )
    out.append("</tr>\n")
    if row.entries or not columns:
        out.append(f'<tr class="app"><td></td><td colspan="{width if columns else 1}">\n')
        if not columns:
            out.append('<details><summary>The other witnesses</summary><ul class="others">')
            for cell in row.cells:
                if cell.witness == base:
                    continue
                note = _note(cell)
                out.append(f'<li><span class="who">{esc(cell.label)}</span> {note}{cell.html}</li>')
            out.append("</ul></details>\n")
        if row.entries:
            out.append(f'<ol class="apparatus" aria-label="Apparatus of row {number}">\n')
            for e in row.entries:
                out.append(
                    f'<li data-e="{e.number}" data-kinds="{esc(e.kinds)}" value="{e.number}">'
                )
                last = len(e.readings) - 1
                for k, rd in enumerate(e.readings):
                    what = f' <span class="what">({esc(rd.what)})</span>' if rd.what else ""
                    out.append(
                        f'<span class="reading{" lemma" if rd.lemma else ""}">'
                        f'{esc(visible(rd.text))}</span> <span class="who">{esc(rd.who)}</span>'
                        f"{what}{'' if k == last else SEPARATOR}"
                    )
                out.append("</li>\n")
            out.append("</ol>\n")
        out.append("</td></tr>\n")
    out.append("</tbody>")
    return Markup("".join(out))


def _split_codes(text: str) -> list[tuple[str, bool]]:
    if not SHOWN_BY_CODE.search(text):
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in SHOWN_BY_CODE.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((char_code(m.group()), True))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((text[pos:], False))
    return out


def _pieces(
    text: str, start: int, end: int, marks: list[tuple[int, int, int, bool, str]]
) -> list[Piece]:
    """Text [start, end) cut at the marks (start, end, entry, lemma, kind), in order."""
    out: list[Piece] = []
    pos = start
    for s, e, entry, lemma, kind in sorted(marks):
        s, e = max(s, pos), min(e, end)
        if s > e or s < pos or (s == e and not start <= s <= end):
            continue
        if s > pos:
            out += [Piece(t, c) for t, c in _split_codes(text[pos:s])]
        if s == e:
            out.append(Piece("‸", entry=entry, lemma=lemma, kind=kind, empty=True))
        else:
            out += [Piece(t, c, entry, lemma, kind) for t, c in _split_codes(text[s:e])]
        pos = e
    if pos < end:
        out += [Piece(t, c) for t, c in _split_codes(text[pos:end])]
    return out


def _marks(row: Row) -> dict[int, list[tuple[int, int, int, bool, str]]]:
    """Per witness, the stretches of its text the row's apparatus names, in entry order."""
    marks: dict[int, list[tuple[int, int, int, bool, str]]] = {}
    for k, entry in enumerate(row.apparatus, 1):
        for r, reading in enumerate(entry.readings):
            kind = str(reading.kinds[0]) if reading.kinds else ""
            lemma = r == 0 and entry.start >= 0
            for witness, spans in entry.spans[r]:
                mine = marks.setdefault(witness, [])
                mine += [(s, e, k, lemma, kind) for s, e in spans]
    return marks


def _note(cell: CellView) -> str:
    """A cell's note as markup: a link to the row it names, if it names one."""
    if not cell.note:
        return ""
    if cell.link:
        return f'<a class="note" href="{esc(cell.link)}">{esc(cell.note)}</a> '
    return f'<span class="note">{esc(cell.note)}</span> '


def _here(number: int) -> str:
    """The link to row `number` (from 1) on a collation of one page."""
    return f"#r{number}"


def _cell(
    collation: Collation,
    row: Row,
    w: int,
    marks: dict[int, list[tuple[int, int, int, bool, str]]],
    where: Callable[[int], str] = _here,
) -> CellView:
    doc = collation.witnesses[w]
    cell = row.cells[w]
    label = doc.label
    # The rows where the base repeats what this witness renders (one echo per sentence group).
    elsewhere = sorted({e.row for e in row.echoes if e.witness == w})
    if not cell.sentences:
        if not elsewhere:
            return CellView(w, label, str(cell.presence), (), "om.", "")
        note = f"rendered at {_rows_named(elsewhere)}"
        return CellView(w, label, str(cell.presence), (), note, "", where(elsewhere[0] + 1))
    mine = marks.get(w, [])
    pieces: list[Piece] = []
    for k, s in enumerate(cell.sentences):
        sentence = doc.sentences[s]
        if k:
            pieces.append(Piece(" "))
        inside = [m for m in mine if sentence.start <= m[0] <= sentence.end]
        pieces += _pieces(doc.text, sentence.start, sentence.end, inside)
    first, last = cell.sentences[0] + 1, cell.sentences[-1] + 1
    numbers = f"s{first}" if first == last else f"s{first}–{last}"
    note = {Presence.MOVE: "moved", Presence.REPEAT: "repeat"}.get(cell.presence, "")
    link = ""
    if cell.presence == Presence.REPEAT:  # its echoes name the base's first rendering
        first = sorted({e.row for e in row.echoes if e.witness != w})
        if first:
            note, link = f"repeats {_rows_named(first)}", where(first[0] + 1)
    elif elsewhere:  # renders the row and, the base repeating it, another row too
        note, link = (
            f"{note + '; ' if note else ''}also at {_rows_named(elsewhere)}",
            where(elsewhere[0] + 1),
        )
    return CellView(w, label, str(cell.presence), tuple(pieces), note, numbers, link)


def _rows_named(rows: Sequence[int]) -> str:
    """``row 4`` or ``rows 4, 9`` (rows from 0, named from 1)."""
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(str(r + 1) for r in rows)


def _entry(entry: Entry, number: int, labels: list[str]) -> EntryView:
    readings = tuple(
        ReadingView(
            r.text or "om.",
            ", ".join(labels[w] for w in r.witnesses),
            ", ".join([*r.kinds, *r.flags]),
            k == 0 and entry.start >= 0,
        )
        for k, r in enumerate(entry.readings)
    )
    kinds = sorted({str(k) for r in entry.readings for k in r.kinds})
    return EntryView(number, " ".join(kinds), readings)


def _row(
    collation: Collation, row: Row, labels: list[str], where: Callable[[int], str] = _here
) -> RowView:
    """What the page shows of a row; `where` links a row number (from 1) to its place."""
    base = collation.base
    differs: set[int] = set()
    for entry in row.apparatus:
        for r, reading in enumerate(entry.readings):
            if r or entry.start < 0:
                differs.update(reading.witnesses)
    gap = any(not c.sentences for c in row.cells)
    for w, cell in enumerate(row.cells):
        if not cell.sentences or cell.presence in (Presence.MOVE, Presence.REPEAT):
            differs.add(w)
    if row.cells[base].sentences:
        differs.discard(base)
    kinds = sorted({str(k) for e in row.apparatus for r in e.readings for k in r.kinds})
    diff = bool(row.apparatus) or gap or bool(differs)
    marks = _marks(row)
    return RowView(
        row.id,
        f"r{row.id + 1}",
        tuple(_cell(collation, row, w, marks, where) for w in range(len(row.cells))),
        tuple(_entry(e, k, labels) for k, e in enumerate(row.apparatus, 1)),
        " ".join(kinds),
        " ".join(str(w) for w in sorted(differs)),
        diff,
        "gap" if gap else "diff" if diff else "same",
    )


def _strip(rows: list[RowView]) -> list[tuple[float, str, str, str]]:
    """The overview strip's marks: (top %, state, anchor, title), rows bucketed."""
    if not rows:
        return []
    size = max(1, -(-len(rows) // STRIP_MARKS))
    marks = []
    for k in range(0, len(rows), size):
        bucket = rows[k : k + size]
        state = next((s for s in ("gap", "diff") if any(r.state == s for r in bucket)), "same")
        target = next((r for r in bucket if r.state == state), bucket[0])
        title = f"row {bucket[0].id + 1}" + (f"–{bucket[-1].id + 1}" if len(bucket) > 1 else "")
        marks.append((100.0 * k / len(rows), state, target.anchor, title))
    return marks


def _variant_rows(
    collation: Collation, pages: list[tuple[str, int, int]]
) -> list[list[tuple[int, str]]]:
    """Per variant, its first rows' numbers and links (to their page, for a long collation)."""
    out = []
    for v in collation.variants:
        links = []
        for row in v.rows[:VARIANT_LINKS]:
            links.append((row + 1, _row_href(row + 1, pages)))
        out.append(links)
    return out


#: An inconsistency's form links at most this many of its rows (the count is given).
FORM_LINKS = 8


def _inconsistency_rows(
    collation: Collation, pages: list[tuple[str, int, int]]
) -> list[list[list[tuple[int, str]]]]:
    """Per inconsistency, per form, its first rows' numbers and links (as `_variant_rows`)."""
    return [
        [
            [(row + 1, _row_href(row + 1, pages)) for row in form.pairs[:FORM_LINKS]]
            for form in inc.forms
        ]
        for inc in collation.inconsistencies
    ]


def _row_href(number: int, pages: list[tuple[str, int, int]]) -> str:
    file = next((f for f, first, last in pages if first <= number <= last), "")
    return f"{file}#r{number}"


def _render(collation: Collation, summary: CollationSummary, **page: object) -> str:
    js = asset("collation.js")
    script = f"\n{js}\n"
    labels = [d.label for d in collation.witnesses]
    return (
        environment()
        .get_template("collation.html.j2")
        .render(
            c=collation,
            s=summary,
            labels=labels,
            columns=len(labels) <= MAX_COLUMNS,
            kinds=[str(k) for k in KINDS],
            row_html=lambda row: row_html(
                row, len(labels) <= MAX_COLUMNS, collation.base, len(labels)
            ),
            css=Markup(asset("collation.css")),
            js=Markup(js),
            csp=Markup(script_policy(script)),
            variant_rows=_variant_rows(collation, page["pages"]) if page["index"] else [],  # type: ignore[arg-type]
            inconsistency_rows=(
                _inconsistency_rows(collation, page["pages"]) if page["index"] else []  # type: ignore[arg-type]
            ),
            **page,
        )
    )


def render_collation_pages(
    collation: Collation,
    summary: CollationSummary,
    name: str,
    *,
    page_rows: int = COLLATION_PAGE_ROWS,
    jobs: int | None = 1,
) -> dict[str, str]:
    """``{file name: html}``: ``{name: html}`` when the rows fit one page, else pages
    ``NAME-001.html``... and ``name`` as their index (with the variants), the index last.

    The pages of a long collation are independent: with `jobs` over 1 (None: every
    core), each is laid out in a forked process of its own, `jobs` at a time. The
    result is the same.
    """
    return dict(_lay_out_pages(collation, summary, name, page_rows, jobs, lambda html: html))


def _lay_out_pages(
    collation: Collation,
    summary: CollationSummary,
    name: str,
    page_rows: int,
    jobs: int | None,
    keep: Callable[[str], T],
) -> list[tuple[str, T]]:
    """Each page's file name and what `keep` makes of its HTML, the index last.

    `keep` is called on each page as soon as it is laid out (in the page's
    process, when forked), so that a book's pages need not all be held at once.
    """
    labels = [d.label for d in collation.witnesses]
    rows = collation.rows
    if len(rows) <= page_rows:
        views = [_row(collation, row, labels) for row in rows]
        page = {"rows": views, "strip": _strip(views), "page": 0, "pages": [], "index": True}
        return [(name, keep(_render(collation, summary, **page)))]
    stem = name[:-5] if name.lower().endswith(".html") else name
    starts = list(range(0, len(rows), page_rows))
    pages = [
        (f"{stem}-{k:03d}.html", start + 1, min(start + page_rows, len(rows)))
        for k, start in enumerate(starts, 1)
    ]

    def where(number: int) -> str:
        return f"{pages[(number - 1) // page_rows][0]}#r{number}"

    def lay_out(k: int) -> T:
        chunk = rows[starts[k] : starts[k] + page_rows]
        views = [_row(collation, row, labels, where) for row in chunk]
        html = _render(
            collation,
            summary,
            rows=views,
            strip=_strip(views),
            page=k + 1,
            pages=pages,
            index=False,
            index_name=name,
        )
        del views
        return keep(html)

    from align.runtime.pool import fork_each

    environment().get_template("collation.html.j2")  # compiled once, before any fork
    kept = fork_each([lambda k=k: lay_out(k) for k in range(len(pages))], jobs)
    out = [(file, page) for (file, _, _), page in zip(pages, kept)]
    index = _render(
        collation, summary, rows=[], strip=[], page=0, pages=pages, index=True, index_name=name
    )
    out.append((name, keep(index)))
    return out


def render_collation_html(collation: Collation, summary: CollationSummary) -> str:
    """The whole collation as one page, however long."""
    return render_collation_pages(collation, summary, "collation.html", page_rows=10**9)[
        "collation.html"
    ]


def write_collation(
    collation: Collation,
    summary: CollationSummary,
    path: str,
    *,
    page_rows: int = COLLATION_PAGE_ROWS,
    jobs: int | None = None,
) -> list[str]:
    """Write the report to ``path`` (and its pages beside it), the index last; the paths.

    Each page goes to a temporary file in the folder as soon as it is laid out,
    so that a book's pages are never all held in memory; only when every page
    is written are they renamed into place, the index last, so a failure leaves
    nothing half written. Raises `AlignError` naming the file.

    With `jobs` over 1 (None: every core) each page is laid out and staged in a
    forked process of its own, `jobs` at a time, which ends with it: it copies
    (copy-on-write) only the rows it reads. (One process for half the pages
    copied half the collation, more on a book than its pair alignments take.)
    """
    folder, name = os.path.split(os.path.abspath(path))
    if os.path.isdir(path):
        raise AlignError(f"{path}: is a directory")
    if not os.path.isdir(folder):
        write_atomic(path, "")  # raises the error that names what is missing
    prefix = f"{TEMP_PREFIX}{name}-"

    def keep(html: str) -> str:
        try:
            fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=folder)
            with os.fdopen(fd, "wb") as f:
                f.write(html.encode("utf-8"))
            os.chmod(tmp, 0o644)
        except OSError as e:
            raise AlignError(f"{path}: cannot write ({e.strerror})") from None
        return tmp

    try:
        staged = _lay_out_pages(collation, summary, name, page_rows, jobs, keep)
        written = []
        targets = [(os.path.join(os.path.dirname(path), file), tmp) for file, tmp in staged]
        for target, _ in targets:
            if os.path.isdir(target):
                raise AlignError(f"{target}: is a directory")
        for target, tmp in targets:
            try:
                os.replace(tmp, target)
            except OSError as e:
                raise AlignError(f"{target}: cannot write ({e.strerror})") from None
            written.append(target)
        return written
    except BaseException:
        # Ctrl-C too: every page of this report staged so far goes.
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        raise
