"""align: compare two renderings of the same text, sentence by sentence and word by word."""

__version__ = "0.1.0"

from typing import Any  # noqa: E402

from align.errors import AlignError  # noqa: E402

__all__ = ["AlignError", "compare", "__version__"]


def __getattr__(name: str) -> Any:
    # `compare` is imported when first asked for, so that the command line
    # starts at once and takes Ctrl-C from its first moment.
    if name == "compare":
        from align.pipeline import compare

        return compare
    raise AttributeError(f"module 'align' has no attribute {name!r}")
