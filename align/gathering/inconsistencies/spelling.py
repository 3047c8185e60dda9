"""Two spellings of one word in one text, and US and UK conventions mixed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain

from align.gathering.inconsistencies.common import _forms, _Words
from align.lexicon.spelling import convention, normalise, spelling_key
from align.model import Form, Inconsistency
from align.naming.words import _is_word, _typographic


class _WordIndex:
    """The words of one text's paired sentences: how often each occurs, and in which pairs."""

    def __init__(self, words: _Words, holders: dict[int, list[int]]) -> None:
        self.doc = words.doc
        self.holders = holders
        # Sentence id -> its tokens' texts, sentences in document order.
        self.words_of = {sid: words.texts(sid) for sid in sorted(holders)}
        #: word as written -> occurrences, words in order of first occurrence
        self.count = Counter(chain.from_iterable(self.words_of.values()))
        for token in [w for w in self.count if not _is_word(w) or w[0].isdigit()]:
            del self.count[token]  # punctuation and numbers

    def pairs_of(self, wanted: set[str]) -> dict[str, set[int]]:
        """The ids of the pairs holding each of the `wanted` words."""
        out: dict[str, set[int]] = defaultdict(set)
        for sid, words in self.words_of.items():
            for word in wanted.intersection(words):
                out[word].update(self.holders[sid])
        return out

    def forms_by_key(self) -> dict[str, Counter]:
        """Spelling key -> how often each written form (typography folded) occurs."""
        out: dict[str, Counter] = defaultdict(Counter)
        for word, n in self.count.items():
            out[spelling_key(word)][_typographic(word)] += n
        return out


def _spelling_inconsistencies(
    side: str, index: _WordIndex, other_forms: dict[str, Counter]
) -> list[Inconsistency]:
    """One text spelling a word (or compound) two ways: "defense" and "defence".

    Long because compounds and single words are grouped in one pass over the word index.
    """
    # key -> form -> [(word as written, or a spaced compound's text; occurrences, or pairs)]
    found: dict[str, dict[str, list[tuple[str, int | list[int]]]]] = defaultdict(dict)
    # A hyphenated word's first part -> (number of parts, key), to find it spaced.
    compounds: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for word, n in index.count.items():
        if len(word) < 3:
            continue
        key = spelling_key(word)
        form = _typographic(word)
        found[key].setdefault(form, []).append((word, n))
        if "-" in form:
            parts = form.split("-")
            compounds[spelling_key(parts[0])].add((len(parts), key))
    if compounds:
        text = index.doc.text
        firsts = {w for w in index.count if spelling_key(w) in compounds}
        # First part's key -> (parts, key, what the parts after the first spell).
        rests = {
            first: sorted((n, key, key[len(first) :]) for n, key in found_)
            for first, found_ in compounds.items()
        }
        for sid, words in index.words_of.items():
            if firsts.isdisjoint(words):
                continue
            tokens = [t for t in index.doc.sentences[sid].tokens if t.kind == "word"]
            for k, token in enumerate(tokens[:-1]):
                if token.text not in firsts:
                    continue
                second = spelling_key(tokens[k + 1].text)
                for n, key, rest in rests[spelling_key(token.text)]:
                    if not rest.startswith(second):
                        continue  # the next word cannot continue it (most do not)
                    run = tokens[k : k + n]
                    if (
                        len(run) == n
                        and _spells(key, [t.text for t in run])
                        and all(text[x.end : y.start].isspace() for x, y in zip(run, run[1:]))
                    ):
                        spaced = " ".join(t.text for t in run)
                        found[key].setdefault(_typographic(spaced), []).append(
                            (spaced, index.holders[sid])
                        )
    found = {key: forms for key, forms in found.items() if len(forms) >= 2}
    pairs_of = index.pairs_of(
        {
            w
            for forms in found.values()
            for seen in forms.values()
            for w, n in seen
            if isinstance(n, int)
        }
    )
    out = []
    for key, forms in found.items():
        entries: dict[tuple[str, ...], tuple[list[str], set[int]]] = {}
        for form, seen in forms.items():
            texts: list[str] = []
            pair_ids: set[int] = set()
            for text, n in seen:
                if isinstance(n, int):  # a word: its occurrences
                    texts.extend([text] * n)
                    pair_ids |= pairs_of[text]
                else:  # a spaced compound: the pairs of its sentence
                    texts.append(text)
                    pair_ids.update(n)
            entries[(form,)] = (texts, pair_ids)
        counterpart = ""
        if other_forms.get(key):
            counterpart = min(other_forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(Inconsistency(side, _forms(entries), counterpart, "spelling"))
    return out


def _spells(key: str, words: Sequence[str]) -> bool:
    """Is `key` the `phrase_key` of `words`? Checked word by word, stopping early."""
    at = 0
    for word in words:
        part = spelling_key(word)
        if not key.startswith(part, at):
            return False
        at += len(part)
    return at == len(key)


def _convention_inconsistency(side: str, index: _WordIndex) -> list[Inconsistency]:
    """A text mixing US and UK spelling (or -ize and -ise), named with its words."""
    tags: dict[str, list[str]] = {c: [] for c in ("us", "ize", "uk", "ise")}
    for word in index.count:
        tag = convention(word)
        if tag:
            tags[tag].append(word)
    mixed_us_uk = tags["us"] and (tags["uk"] or tags["ise"])
    if not mixed_us_uk and not (tags["ize"] and tags["ise"]):
        return []
    pairs_of = index.pairs_of({w for listed in tags.values() for w in listed})
    words: dict[str, dict[str, set[int]]] = {c: {} for c in tags}
    for tag, listed in tags.items():
        for word in listed:
            words[tag].setdefault(normalise(word), set()).update(pairs_of[word])

    def form(label: str, tags: Sequence[str]) -> Form:
        listed = {w: p for t in tags for w, p in words[t].items()}
        order = sorted(listed, key=lambda w: (min(listed[w]), w))
        return Form.of(f"{label}: {', '.join(order)}", set().union(*listed.values()))

    if mixed_us_uk:
        forms = (form("US", ("us", "ize")), form("UK", ("uk", "ise")))
        return [Inconsistency(side, forms, "US/UK spelling", "convention")]
    forms = (form("-ize", ("ize",)), form("-ise", ("ise",)))
    return [Inconsistency(side, forms, "-ize/-ise spelling", "convention")]
