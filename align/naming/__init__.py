"""Naming: give every `Edit` of a diffed `Pair` its kind and flags.

Takes the two `Document`s and pairs from diffing; gives the same pairs with
each edit's ``kind`` (see `align.naming.kinds`) and ``flags``
(`align.naming.flags`) filled. Pairs are independent: `Namer` names one at a time.
"""

from __future__ import annotations

from align.model import Document, Pair, pack_pair
from align.naming.flags import _edit_info, _Side
from align.naming.moves import _annotate_pair, _names
from align.naming.words import _Memo


class Namer:
    """Names the edits of one pair at a time (`annotate` without the gathering).

    Holds what every pair shares: each side's sentence starts, headings and
    quotations, and the analysis of every edit text met so far (a book
    repeats most of them). Pairs are independent, so they may be named in
    several processes.
    """

    def __init__(self, a: Document, b: Document) -> None:
        self.side_a, self.side_b = _Side.of(a), _Side.of(b)
        self.infos = _Memo(_edit_info)

    def __call__(self, pair: Pair) -> Pair:
        """The pair with each edit's kind and flags filled."""
        return _annotate_pair(pair, self.side_a, self.side_b, self.infos)

    def packed(self, pair: Pair) -> tuple:
        """`pack_pair` of the named pair, without building it (what a worker sends back)."""
        if not pair.edits:
            return pack_pair(pair)
        return pack_pair(pair, _names(pair, self.side_a, self.side_b, self.infos))
