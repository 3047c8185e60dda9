"""Segmenting: a `Source` into a `Document` of sentences and tokens, every unit keeping its span."""

from align.segmenting.sentences import (
    TOKEN_RE,
    join_hyphen_breaks,
    segment,
    segment_both,
    sentence_spans,
    tokenize,
)

__all__ = [
    "TOKEN_RE",
    "join_hyphen_breaks",
    "segment",
    "segment_both",
    "sentence_spans",
    "tokenize",
]
