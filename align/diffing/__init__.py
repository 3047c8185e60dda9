"""Diffing: the word differences (`Edit`s) of each aligned `Pair`, and the pieces renderers show."""

from align.diffing.words import diff_pair, pieces, shown_edits, word_diff_runs

__all__ = ["diff_pair", "pieces", "shown_edits", "word_diff_runs"]
