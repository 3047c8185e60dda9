"""Diffing: the word differences (`Edit`s) of each aligned `Pair`, and the pieces renderers show.

Takes a `Pair` and the two `Document`s; gives the pair with its edits
(`diff_pair`: the common subsequence of the tokens in `words`, then each
replacement aligned again inside, one edit a substitution, in `inner`), and
each of its sentences cut into `Piece`s (`pieces`).
"""

from align.diffing.words import diff_pair, pieces

__all__ = ["diff_pair", "pieces"]
