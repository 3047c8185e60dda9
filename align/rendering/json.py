"""The machine-readable output, schema ``align/1`` (documented in the README).

Takes a `Comparison`; gives compact, deterministic JSON text, whole or in pieces.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from align.model import (
    Comparison,
    Document,
    Edit,
    Inconsistency,
    Origin,
    Pair,
    Signature,
    Variant,
)
from align.rendering.variants import form_dict, variant_dict
from align.runtime import pool


def document_dict(doc: Document) -> dict[str, Any]:
    origin = {} if doc.origin is None else {"origin": _origin(doc.origin)}
    return {
        "label": doc.label,
        "path": doc.path,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "encoding_reason": doc.encoding_reason,
        "format": doc.format,
        "title": doc.title,
        **origin,
        "text": doc.text,
        "sentences": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "chrome": s.chrome,
                "text": s.text,
            }
            for s in doc.sentences
        ],
    }


def _origin(origin: Origin) -> dict[str, str]:
    """A fetched page's record: the address given, the one reached, when, and its bytes' hash."""
    return {
        "url": origin.url,
        "final_url": origin.final_url,
        "fetched": origin.fetched,
        "sha256": origin.sha256,
    }


def _edit(edit: Edit) -> dict[str, Any]:
    return {
        "op": edit.op,
        "a": [edit.a_start, edit.a_end],
        "b": [edit.b_start, edit.b_end],
        "a_text": edit.a_text,
        "b_text": edit.b_text,
        "kind": edit.kind,
        "flags": list(edit.flags),
    }


def _pair(pair: Pair) -> dict[str, Any]:
    # `nearest` only where there is one (a one-sided pair), like `pairs_total`.
    nearest = {} if pair.nearest is None else {"nearest": pair.nearest}
    return {
        "id": pair.id,
        "a": list(pair.a),
        "b": list(pair.b),
        "relation": pair.relation,
        "score": round(pair.score, 4),
        **nearest,
        "related": list(pair.related),
        "edits": [_edit(e) for e in pair.edits],
    }


def _edit_text(edit: Edit) -> str:
    """`_edit` as JSON text, written out directly: the same text as ``_dumps(_edit(edit))``,
    three times faster (a book has some 350,000 edits). The spans are ints; the texts,
    the kind and the flags strings, escaped by the json module's own function."""
    flags = ",".join([_string(f) for f in edit.flags])
    return (
        f'{{"op":{_string(edit.op)},"a":[{edit.a_start},{edit.a_end}],'
        f'"b":[{edit.b_start},{edit.b_end}],"a_text":{_string(edit.a_text)},'
        f'"b_text":{_string(edit.b_text)},"kind":{_string(edit.kind)},"flags":[{flags}]}}'
    )


def _pair_text(pair: Pair) -> str:
    """`_pair` as JSON text, the same as ``_dumps(_pair(pair))`` (see `_edit_text`)."""
    nearest = "" if pair.nearest is None else f',"nearest":{pair.nearest}'
    return (
        f'{{"id":{pair.id},"a":[{",".join(map(str, pair.a))}],'
        f'"b":[{",".join(map(str, pair.b))}],"relation":{_string(pair.relation)},'
        f'"score":{_dumps(round(pair.score, 4))}{nearest},'
        f'"related":[{",".join(map(str, pair.related))}],'
        f'"edits":[{",".join(map(_edit_text, pair.edits))}]}}'
    )


def _variant(v: Variant) -> dict[str, Any]:
    return variant_dict(v, places=False)  # the places are in each pair's edits


def _inconsistency(i: Inconsistency) -> dict[str, Any]:
    return {
        "document": i.document,
        "forms": [form_dict(f) for f in i.forms],
        "counterpart": i.counterpart,
        "reason": i.reason,
    }


def _head(comparison: Comparison) -> dict[str, Any]:
    signature = Signature.of(comparison)  # with each document's sha256 below
    return {
        "schema": signature.schema,
        "version": signature.version,
        "options": signature.options.to_dict(),
        "documents": {"a": document_dict(comparison.a), "b": document_dict(comparison.b)},
    }


#: The lists, in schema order after the head, and how each item becomes JSON-ready data.
_LISTS: tuple[tuple[str, str, Callable[[Any], dict[str, Any]]], ...] = (
    ("pairs", "pairs", _pair),
    ("variants", "variants", _variant),
    ("inconsistencies", "inconsistencies", _inconsistency),
)


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data, in schema order."""
    out = _head(comparison)
    for key, field, item in _LISTS:
        out[key] = [item(x) for x in getattr(comparison, field)]
    return out


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


#: A string as JSON text: the function `_dumps` escapes strings with (ensure_ascii off).
_string = encode_basestring


#: Items of a list rendered at a time: a book's JSON is written in pieces,
#: so that its data never stands in memory all at once.
CHUNK = 2000


def _pieces(items: Sequence[Any], item: Callable[[Any], dict[str, Any]]) -> Iterator[str]:
    """A list's items as JSON, `CHUNK` at a time: pieces that join with commas between."""
    if item is _pair:  # the bulk of a book's JSON, written out directly
        for start in range(0, len(items), CHUNK):
            yield ",".join(map(_pair_text, items[start : start + CHUNK]))
        return
    for start in range(0, len(items), CHUNK):
        yield _dumps([item(x) for x in items[start : start + CHUNK]])[1:-1]


def _list(key: str, pieces: Iterable[str]) -> Iterator[str]:
    yield f',"{key}":['
    for n, piece in enumerate(pieces):
        if n:
            yield ","
        yield piece
    yield "]"


def iter_json(comparison: Comparison, jobs: int | None = None) -> Iterator[str]:
    """`render_json` in pieces that concatenate to it, for writing as they come.

    A book's head and pairs are rendered in a forked process while this one
    renders the variants and the inconsistencies (`jobs`: as for
    `align.pipeline.compare`; the text is the same for any number).
    """
    if len(comparison.pairs) < pool.MIN_ITEMS:
        jobs = 1
    if jobs == 1 or not pool.can_fork():
        yield _dumps(_head(comparison))[:-1]
        for key, field, item in _LISTS:
            yield from _list(key, _pieces(getattr(comparison, field), item))
        yield "}\n"
        return

    def head_and_pairs() -> list[str]:
        return [_dumps(_head(comparison))[:-1], *_pieces(comparison.pairs, _pair)]

    def rest() -> list[list[str]]:
        return [list(_pieces(getattr(comparison, field), item)) for _k, field, item in _LISTS[1:]]

    # Two shares of a book's work near enough even (the whole Bible: 3.6 s of CPU there,
    # 2.6 s here): the head and the pairs there, the variants and the inconsistencies
    # here. `_LISTS` starts with the pairs.
    lists, (head, *pairs) = pool.fork_beside(rest, head_and_pairs, jobs)
    yield head
    for (key, _field, _item), pieces in zip(_LISTS, [pairs, *lists]):
        yield from _list(key, pieces)
    yield "}\n"


def render_json(comparison: Comparison, jobs: int | None = None) -> str:
    """Deterministic, compact JSON text (UTF-8 characters kept, stable key order).

    Compact because an indent makes the json module use its pure-Python
    encoder: ten times slower on a book. ``jq .`` pretty-prints it.
    """
    return "".join(iter_json(comparison, jobs))
