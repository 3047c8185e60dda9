"""Quoted speech rendered differently from the other text's quotation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from align.gathering.inconsistencies.common import _forms
from align.lexicon.spelling import phrase_key
from align.model import Inconsistency, Pair
from align.naming.flags import _Side
from align.naming.words import _words


def _quotations(side: _Side, sentence_ids: Sequence[int]) -> list[tuple[str, tuple[str, ...]]]:
    """(text, folded words) of each quotation within the given sentences."""
    out = []
    for sid in sentence_ids:
        for qs, qe in side.quotation_spans(side.doc.sentences[sid]):
            text = " ".join(side.doc.text[qs:qe].split())
            words = _words(text)
            if words:
                out.append((text, tuple(w.casefold() for w in words)))
    return out


def _quotation_inconsistencies(
    side_a: _Side, side_b: _Side, pairs: Sequence[Pair]
) -> list[Inconsistency]:
    """Quoted speech compared on its own: a quotation that the two texts render differently."""
    if not side_a.quotes or not side_b.quotes:
        return []  # a quotation needs a counterpart quotation
    # (document, the other text's quotation) -> {my rendering key: ([texts], {pairs})}
    renderings: dict[tuple[str, str], dict] = defaultdict(dict)
    for pair in pairs:
        if not pair.a or not pair.b:
            continue
        qa, qb = _quotations(side_a, pair.a), _quotations(side_b, pair.b)
        for mine, theirs, side in ((qa, qb, "a"), (qb, qa, "b")):
            for text, words in mine:
                best, best_ratio = None, 0.5
                for other_text, other_words in theirs:
                    ratio = SequenceMatcher(None, words, other_words, autojunk=False).ratio()
                    if ratio > best_ratio:
                        best, best_ratio = other_text, ratio
                if best is None:
                    continue
                key = phrase_key(words)
                entry = renderings[(side, best)].setdefault(key, ([], set()))
                entry[0].append(text)
                entry[1].add(pair.id)
    out = []
    for (side, counterpart), found in sorted(renderings.items()):
        differs = phrase_key(_words(counterpart)) not in found
        # A's renderings of B's quotation differing from it; for B, only a
        # quotation B itself renders two ways (else it is the same finding twice).
        if (side == "a" and (differs or len(found) >= 2)) or (side == "b" and len(found) >= 2):
            forms = _forms({(k,): v for k, v in found.items()})
            out.append(Inconsistency(side, forms, counterpart, "quotation"))
    return out
