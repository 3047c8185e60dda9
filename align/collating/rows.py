"""Rows: the pair alignments against the base reconciled into one consistent table.

Takes the base's pair comparison with every other witness; gives the rows.
Every sentence a pair alignment holds is a node; a ``match`` or ``move``
joins its sentences, so rows are the connected components (union-find): if
W1's sentence shares a row with W2's and W2's with W3's, it is one row. A
``repeat`` joins nothing: the second rendering is a row of its own, with an
`Echo` of the first rendering's row (one per witness: a base sentence may
render again what several witnesses each render once). The base's rows stand in its order; the
material no base sentence joins (what the base leaves out) stands after the
row of the witness's sentence before it, and the witnesses' material in one
such gap is aligned progressively (the first witness's rows, then each next
witness's matched onto them in order, as progressive multiple alignment
does), so that two witnesses' renderings of a passage the base lacks share
a row. Then the direct alignments of pairs of other witnesses join the
rows their ``match`` links put in one unit (`_join_direct`: consecutive
rows only, at most `MAX_JOINED_ROWS` of them), and every direct link is
kept in the row of its first witness's sentence (`Layout.cross`), for the
implied links to read (`align.collating.implied_links`). Linear in the
number of sentences but for those gaps.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from align.aligning.similarity import (
    Features,
    TermMemo,
    Vocabulary,
    content_terms,
    features,
    merge,
    similarity,
)
from align.model import Cell, Comparison, Document, Echo, Pair, Presence, Relation, Sentence

#: A gap whose progressive alignment would take more cells than this keeps
#: every witness's rows apart (a quadratic programme on a huge omission).
MAX_GAP_CELLS = 250_000
#: A direct link of two other witnesses joins the rows its sentences stand in, and those
#: between, only while the joined row spans at most this many of the rows built through
#: the base: more would be one witness's order against the base's (a move), not a unit
#: the base cuts otherwise.
MAX_JOINED_ROWS = 4

#: A direct alignment of two witnesses other than the base: its ``(relation, i's sentences,
#: j's sentences)`` for every pair with both sides.
DirectLinks = tuple[tuple[Relation, tuple[int, ...], tuple[int, ...]], ...]


class Forest:
    """Union-find over node numbers; a component's root is its smallest node (deterministic)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        """The root of x's component (paths halved on the way)."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        """Join the components of x and y."""
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            if ry < rx:
                rx, ry = ry, rx
            self.parent[ry] = rx


def sides(pair: Pair, base_is_a: bool) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A pair's (base sentences, other witness's sentences)."""
    return (pair.a, pair.b) if base_is_a else (pair.b, pair.a)


@dataclass(frozen=True)
class Layout:
    """The rows' cells and echoes in order, and each pair's row (per witness: pair id -> row)."""

    cells: tuple[tuple[Cell, ...], ...]
    echoes: tuple[tuple[Echo, ...], ...]
    pair_rows: tuple[dict[int, int], ...]
    #: Per row, its ``(witness, sentence, base sentence)`` links (see `Row.links`).
    links: tuple[tuple[tuple[int, int, int], ...], ...] = ()
    #: Per row, the direct links of two other witnesses from its sentences (see `Row.cross`).
    cross: tuple[tuple[tuple[int, int, int, int], ...], ...] = ()


class _Nodes:
    """Node numbers of (witness, sentence), every witness's sentences numbered in a block."""

    def __init__(self, witnesses: Sequence[Document]) -> None:
        self.offset = []
        total = 0
        for doc in witnesses:
            self.offset.append(total)
            total += len(doc.sentences)
        self.size = total

    def __call__(self, witness: int, sentence: int) -> int:
        return self.offset[witness] + sentence


def build_rows(
    witnesses: Sequence[Document],
    base: int,
    comparisons: Sequence[Comparison | None],
    threshold: float,
    direct: Mapping[tuple[int, int], DirectLinks] | None = None,
) -> Layout:
    """Reconcile the base's pair alignments into rows (see the module doc), then the direct
    alignments of other witnesses' pairs (`direct`, keyed ``(i, j)``, ``i < j``) with them."""
    node = _Nodes(witnesses)
    forest = Forest(node.size)
    present = bytearray(node.size)  # 1: the node is in some pair
    moved: set[int] = set()
    #: Second renderings: node -> the echoes of the first (witness, sentences), one per
    #: witness: a base sentence may render again what several witnesses render once.
    repeats: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
    #: Repeats whose two sides both stand elsewhere: (a node of the row, echo); their links
    #: go with the base sentence's row, as a match's do.
    loose: list[tuple[int, int, tuple[int, ...]]] = []
    links: list[tuple[int, int, int]] = []
    for w, comp in enumerate(comparisons):
        if comp is None:
            continue
        base_is_a = base < w
        held: set[int] = set()
        for pair in comp.pairs:
            bs, ws = sides(pair, base_is_a)
            nodes = [node(base, i) for i in bs] + [node(w, j) for j in ws]
            for n in nodes:
                present[n] = 1
            if pair.relation in (Relation.MATCH, Relation.MOVE):
                links += [(w, j, i) for j in ws for i in bs]
                held.update(nodes)
                for n in nodes[1:]:
                    forest.union(nodes[0], n)
                if pair.relation == Relation.MOVE:
                    moved.update(node(w, j) for j in ws)
        for pair in comp.pairs:
            if pair.relation != Relation.REPEAT:
                continue
            bs, ws = sides(pair, base_is_a)
            b_nodes = [node(base, i) for i in bs]
            w_nodes = [node(w, j) for j in ws]
            w_held = all(n in held for n in w_nodes)
            b_held = all(n in held for n in b_nodes)
            if w_held and b_held:  # no row of its own: an echo, and its link as the pair's
                loose.append((w_nodes[0], base, bs))
                links += [(w, j, i) for j in ws for i in bs]
            elif w_held:  # the base renders twice what the witness renders once
                for n in b_nodes:
                    repeats.setdefault(n, []).append((w, ws))
                for n in b_nodes[1:]:
                    forest.union(b_nodes[0], n)
            else:
                for n in w_nodes:
                    repeats.setdefault(n, []).append((base, bs))
                for n in w_nodes[1:]:
                    forest.union(w_nodes[0], n)

    def members() -> dict[int, list[int]]:
        groups: dict[int, list[int]] = {}
        for n in range(node.size):
            if present[n]:
                groups.setdefault(forest.find(n), []).append(n)
        return groups

    groups = members()
    base_lo, base_hi = node.offset[base], node.offset[base] + len(witnesses[base].sentences)
    anchors: dict[int, int] = {}  # root -> its first base sentence
    for root, nodes in groups.items():
        if nodes and base_lo <= nodes[0] < base_hi:
            anchors[root] = nodes[0] - base_lo
        else:
            firsts = [n - base_lo for n in nodes if base_lo <= n < base_hi]
            if firsts:
                anchors[root] = min(firsts)
    keys = _gap_keys(
        witnesses, base, node, forest, present, groups, anchors, moved, repeats, threshold
    )
    groups = members()
    order = sorted(
        groups,
        key=lambda root: (anchors[root], 0, 0) if root in anchors else keys[root],
    )
    if direct:
        order = _join_direct(forest, node, present, order, direct, set(repeats))
        groups = members()
    row_of_root = {root: k for k, root in enumerate(order)}
    cells: list[tuple[Cell, ...]] = []
    echoes: list[list[Echo]] = []
    for root in order:
        per: list[list[int]] = [[] for _ in witnesses]
        for n in groups[root]:
            w = _witness_of(node, n)
            per[w].append(n - node.offset[w])
        row_cells = []
        row_echoes: list[Echo] = []
        for w, sentences in enumerate(per):
            if not sentences:
                row_cells.append(Cell((), Presence.ABSENT))
                continue
            nodes = [node(w, s) for s in sentences]
            if w == base:
                presence = Presence.BASE
            elif any(n in moved for n in nodes):
                presence = Presence.MOVE
            else:
                presence = Presence.MATCH
            found = dict.fromkeys(echo for n in nodes for echo in repeats.get(n, ()))
            if found and w != base:
                presence = Presence.REPEAT
            for other, other_sentences in found:
                target = row_of_root[forest.find(node(other, other_sentences[0]))]
                row_echoes.append(Echo(other, other_sentences, target))
            row_cells.append(Cell(tuple(sentences), presence))
        cells.append(tuple(row_cells))
        echoes.append(row_echoes)
    for n, other, other_sentences in loose:
        row = row_of_root[forest.find(n)]
        target = row_of_root[forest.find(node(other, other_sentences[0]))]
        echo = Echo(other, other_sentences, target)
        if echo not in echoes[row]:
            echoes[row].append(echo)
    pair_rows: list[dict[int, int]] = []
    for w, comp in enumerate(comparisons):
        rows_of: dict[int, int] = {}
        if comp is not None:
            base_is_a = base < w
            for pair in comp.pairs:
                bs, ws = sides(pair, base_is_a)
                if pair.relation == Relation.REPEAT and ws and node(w, ws[0]) not in repeats:
                    first = node(base, bs[0]) if bs else node(w, ws[0])
                else:
                    first = node(w, ws[0]) if ws else node(base, bs[0])
                rows_of[pair.id] = row_of_root[forest.find(first)]
        pair_rows.append(rows_of)
    row_links: list[list[tuple[int, int, int]]] = [[] for _ in cells]
    for link in sorted(links):
        row_links[row_of_root[forest.find(node(base, link[2]))]].append(link)
    row_cross: list[list[tuple[int, int, int, int]]] = [[] for _ in cells]
    for (i, j), pairs in sorted((direct or {}).items()):
        for _, xs, ys in pairs:
            for x in xs:
                if present[node(i, x)]:
                    row_cross[row_of_root[forest.find(node(i, x))]] += [
                        (i, x, j, y) for y in ys if present[node(j, y)]
                    ]
    return Layout(
        tuple(cells),
        tuple(tuple(sorted(e, key=lambda x: (x.witness, x.sentences))) for e in echoes),
        tuple(pair_rows),
        tuple(map(tuple, row_links)),
        tuple(tuple(sorted(set(c))) for c in row_cross),
    )


def _join_direct(
    forest: Forest,
    node: _Nodes,
    present: bytearray,
    order: list[int],
    direct: Mapping[tuple[int, int], DirectLinks],
    repeats: set[int],
) -> list[int]:
    """Join the rows (roots, in order) that direct ``match`` links of two other witnesses
    put in one unit, with the rows between them; the joined rows' roots in order.

    Rows are built through the base first; where the direct alignment links
    sentences standing in different rows (the base cuts the passage otherwise,
    or leaves it out), those rows become one, as long as it spans at most
    `MAX_JOINED_ROWS` of them. Joined rows are runs of consecutive rows, so
    the order holds; ``move`` and ``repeat`` links join nothing, and a second
    rendering's row (its `Echo` names the first) is joined with none.
    """
    rank = {root: k for k, root in enumerate(order)}
    echoing = {rank[forest.find(n)] for n in repeats}
    spans: list[tuple[int, int]] = []
    for (i, j), pairs in sorted(direct.items()):
        for relation, xs, ys in pairs:
            if relation != Relation.MATCH:
                continue
            nodes = [node(i, x) for x in xs] + [node(j, y) for y in ys]
            if not all(present[n] for n in nodes):
                continue
            ranks = [rank[forest.find(n)] for n in nodes]
            spans.append((min(ranks), max(ranks)))
    # The rows' runs so far: run start -> run end (ranks), joined only while short enough.
    run_end = list(range(len(order)))
    run_start = list(range(len(order)))
    for lo, hi in sorted(set(spans)):
        if lo == hi:
            continue
        start, end = run_start[lo], run_end[hi]
        if end - start + 1 > MAX_JOINED_ROWS or any(k in echoing for k in range(start, end + 1)):
            continue
        for k in range(start, end + 1):
            forest.union(order[start], order[k])
            run_start[k], run_end[k] = start, end
    out: list[int] = []
    for root in order:
        joined = forest.find(root)
        if not out or out[-1] != joined:
            out.append(joined)
    return out


def _witness_of(node: _Nodes, n: int) -> int:
    return bisect_right(node.offset, n) - 1


def _gap_keys(
    witnesses: Sequence[Document],
    base: int,
    node: _Nodes,
    forest: Forest,
    present: bytearray,
    groups: dict[int, list[int]],
    anchors: dict[int, int],
    moved: set[int],
    repeats: dict[int, list[tuple[int, tuple[int, ...]]]],
    threshold: float,
) -> dict[int, tuple[int, int, int]]:
    """Order (and join across witnesses) the rows no base sentence is in; their sort keys.

    A row without the base stands after the base row of its witness's last
    sentence before it that renders a base row in order (-1: before all).
    """
    gaps: dict[int, list[list[int]]] = {}  # anchor -> per witness, its rows' roots in order
    for w, doc in enumerate(witnesses):
        if w == base:
            continue
        anchor = -1
        seen: set[int] = set()
        for s in range(len(doc.sentences)):
            n = node(w, s)
            if not present[n]:  # in no pair (page chrome)
                continue
            root = forest.find(n)
            if root in anchors:
                if n not in moved:
                    anchor = anchors[root]
                continue
            if root not in seen:
                seen.add(root)
                per = gaps.setdefault(anchor, [[] for _ in witnesses])
                per[w].append(root)
    memo = TermMemo()
    keys: dict[int, tuple[int, int, int]] = {}
    gap_nodes = [n for per in gaps.values() for roots in per for r in roots for n in groups[r]]
    terms = {n: content_terms(_sentence(witnesses, node, n), memo) for n in gap_nodes}
    vocab = Vocabulary(list(terms.values()))

    def feats(root: int) -> Features:
        return merge(
            [features(_sentence(witnesses, node, n), terms[n], vocab) for n in groups[root]]
        )

    for anchor in sorted(gaps):
        merged: list[int] = []
        merged_feats: list[Features | None] = []
        for roots in gaps[anchor]:
            if not roots:
                continue
            new_feats = [None if _is_repeat(groups[r], repeats) else feats(r) for r in roots]
            merged, merged_feats = _progressive(
                forest, merged, merged_feats, roots, new_feats, threshold
            )
        for k, root in enumerate(merged):
            keys[forest.find(root)] = (anchor, 1, k)
    return keys


def _is_repeat(nodes: list[int], repeats: dict[int, list[tuple[int, tuple[int, ...]]]]) -> bool:
    return any(n in repeats for n in nodes)


def _sentence(witnesses: Sequence[Document], node: _Nodes, n: int) -> Sentence:
    w = _witness_of(node, n)
    return witnesses[w].sentences[n - node.offset[w]]


def _progressive(
    forest: Forest,
    merged: list[int],
    merged_feats: list[Features | None],
    roots: list[int],
    new_feats: list[Features | None],
    threshold: float,
) -> tuple[list[int], list[Features | None]]:
    """Align a witness's gap rows onto the rows so far, in order: 1-1 links above the bar.

    The heaviest order-keeping set of links (each worth its similarity less
    the bar) joins rows; the witness's other rows are inserted where they stand.
    """
    m, k = len(merged), len(roots)
    if not m or m * k > MAX_GAP_CELLS:
        return merged + roots, merged_feats + new_feats
    gain = [[0.0] * (k + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            best = max(gain[i + 1][j], gain[i][j + 1])
            fa, fb = merged_feats[i], new_feats[j]
            if fa is not None and fb is not None:
                score = similarity(fa, fb)
                if score >= threshold:
                    best = max(best, score - threshold + gain[i + 1][j + 1])
            gain[i][j] = best
    out: list[int] = []
    out_feats: list[Features | None] = []
    i = j = 0
    while i < m or j < k:
        if i < m and j < k:
            fa, fb = merged_feats[i], new_feats[j]
            if fa is not None and fb is not None:
                score = similarity(fa, fb)
                if score >= threshold and gain[i][j] == score - threshold + gain[i + 1][j + 1]:
                    forest.union(merged[i], roots[j])
                    out.append(merged[i])
                    out_feats.append(fa)
                    i, j = i + 1, j + 1
                    continue
            if gain[i][j] == gain[i + 1][j]:
                out.append(merged[i])
                out_feats.append(merged_feats[i])
                i += 1
            else:
                out.append(roots[j])
                out_feats.append(new_feats[j])
                j += 1
        elif i < m:
            out.append(merged[i])
            out_feats.append(merged_feats[i])
            i += 1
        else:
            out.append(roots[j])
            out_feats.append(new_feats[j])
            j += 1
    return out, out_feats
