"""The heaviest chain of pairs in the same order in both texts."""

from __future__ import annotations


def _heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The chain of (i, j) increasing in both with the largest total weight.

    O(k log k) with a Fenwick tree of prefix maxima over j.
    """
    if not pairs:
        return []
    pairs = sorted(pairs)
    js = sorted({j for _, j, _ in pairs})
    rank = {j: r + 1 for r, j in enumerate(js)}
    size = len(js)
    tree_val = [0.0] * (size + 1)
    tree_arg = [-1] * (size + 1)
    total = [0.0] * len(pairs)
    prev = [-1] * len(pairs)

    def query(r: int) -> tuple[float, int]:
        best, arg = 0.0, -1
        while r > 0:
            if tree_val[r] > best:
                best, arg = tree_val[r], tree_arg[r]
            r -= r & -r
        return best, arg

    def update(r: int, val: float, arg: int) -> None:
        while r <= size:
            if val > tree_val[r]:
                tree_val[r], tree_arg[r] = val, arg
            r += r & -r

    # Pairs sharing an i must not chain: process each i's pairs after
    # querying all of them.
    k = 0
    while k < len(pairs):
        e = k
        while e < len(pairs) and pairs[e][0] == pairs[k][0]:
            e += 1
        for x in range(k, e):
            best, arg = query(rank[pairs[x][1]] - 1)
            total[x], prev[x] = best + pairs[x][2], arg
        for x in range(k, e):
            update(rank[pairs[x][1]], total[x], x)
        k = e
    end = max(range(len(pairs)), key=lambda x: (total[x], -x))
    chain = []
    while end >= 0:
        chain.append((pairs[end][0], pairs[end][1]))
        end = prev[end]
    chain.reverse()
    return chain
