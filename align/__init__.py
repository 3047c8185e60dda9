"""align: compare two renderings of the same text, sentence by sentence and word by word."""

from typing import Any

from align.errors import AlignError
from align.version import __version__

__all__ = ["AlignError", "compare", "compare_texts", "__version__"]


def __getattr__(name: str) -> Any:
    # `compare` is imported when first asked for, so that the command line
    # starts at once and takes Ctrl-C from its first moment.
    if name in ("compare", "compare_texts"):
        from align import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'align' has no attribute {name!r}")
