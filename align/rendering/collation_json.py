"""The collation's machine-readable output, schema ``align-collation/1`` (see the README).

Takes a `Collation`; gives compact, deterministic JSON text.
"""

from __future__ import annotations

import json
from typing import Any

from align.model import Collation, Entry, Row, RowVariant, WitnessInconsistency
from align.rendering.json import document_dict


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "start": entry.start,
        "end": entry.end,
        "lemma": entry.lemma,
        "readings": [
            {
                "text": r.text,
                "witnesses": list(r.witnesses),
                "kinds": list(r.kinds),
                "flags": list(r.flags),
                "spans": [[w, [list(s) for s in spans]] for w, spans in entry.spans[k]],
            }
            for k, r in enumerate(entry.readings)
        ],
    }


def _row(row: Row) -> dict[str, Any]:
    return {
        "id": row.id,
        "cells": [{"sentences": list(c.sentences), "presence": c.presence} for c in row.cells],
        "echoes": [
            {"witness": e.witness, "sentences": list(e.sentences), "row": e.row} for e in row.echoes
        ],
        "apparatus": [_entry(e) for e in row.apparatus],
        "links": [list(link) for link in row.links],
    }


def _variant(v: RowVariant) -> dict[str, Any]:
    out: dict[str, Any] = {
        "lemma": v.lemma,
        "reading": v.reading,
        "kind": v.kind,
        "flags": list(v.flags),
        "witnesses": list(v.witnesses),
        "count": v.count,
        "rows": list(v.rows),
    }
    if v.count > len(v.rows):
        out["rows_total"] = v.count
    return out


def _inconsistency(i: WitnessInconsistency) -> dict[str, Any]:
    return {
        "witness": i.witness,
        "forms": [{"text": f.text, "rows": list(f.pairs), "count": f.count} for f in i.forms],
        "counterpart": i.counterpart,
        "reason": i.reason,
    }


def collation_dict(collation: Collation) -> dict[str, Any]:
    """The collation as plain JSON-ready data, in schema order."""
    return {
        "schema": collation.schema,
        "version": collation.version,
        "options": collation.options.to_dict(),
        "base": collation.base,
        "base_reason": collation.base_reason,
        "witnesses": [document_dict(d) for d in collation.witnesses],
        "rows": [_row(r) for r in collation.rows],
        "variants": [_variant(v) for v in collation.variants],
        "inconsistencies": [_inconsistency(i) for i in collation.inconsistencies],
        "pairs": [
            {"witnesses": [i, j], "links": [list(link) for link in links]}
            for i, j, links in collation.pair_links
        ],
    }


def render_collation_json(collation: Collation) -> str:
    """Deterministic, compact JSON text (UTF-8 characters kept, stable key order)."""
    return json.dumps(collation_dict(collation), ensure_ascii=False, separators=(",", ":")) + "\n"
