"""The machine-readable output, schema ``align/1`` (documented in the README)."""

from __future__ import annotations

import json
from typing import Any

from align.model import Comparison, Document, Edit, Pair


def _document(doc: Document) -> dict[str, Any]:
    return {
        "label": doc.label,
        "path": doc.path,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "format": doc.format,
        "title": doc.title,
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
    return {
        "id": pair.id,
        "a": list(pair.a),
        "b": list(pair.b),
        "relation": pair.relation,
        "score": round(pair.score, 4),
        "related": list(pair.related),
        "edits": [_edit(e) for e in pair.edits],
    }


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data, in schema order."""
    o = comparison.options
    return {
        "schema": comparison.schema,
        "version": comparison.version,
        "options": {
            "units": o.units,
            "keep_chrome": o.keep_chrome,
            "threshold": o.threshold,
            "labels": list(o.labels),
        },
        "documents": {"a": _document(comparison.a), "b": _document(comparison.b)},
        "pairs": [_pair(p) for p in comparison.pairs],
        "variants": [
            {
                "a": v.a,
                "b": v.b,
                "kind": v.kind,
                "flags": list(v.flags),
                "count": v.count,
                "pairs": list(v.pairs),
            }
            for v in comparison.variants
        ],
        "inconsistencies": [
            {
                "document": i.document,
                "forms": [{"text": f.text, "pairs": list(f.pairs)} for f in i.forms],
                "counterpart": i.counterpart,
                "reason": i.reason,
            }
            for i in comparison.inconsistencies
        ],
    }


def render_json(comparison: Comparison) -> str:
    """Deterministic, compact JSON text (UTF-8 characters kept, stable key order).

    Compact because an indent makes the json module use its pure-Python
    encoder: ten times slower on a book. ``jq .`` pretty-prints it.
    """
    return json.dumps(to_dict(comparison), ensure_ascii=False, separators=(",", ":")) + "\n"
