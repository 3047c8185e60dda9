"""align: compare two renderings of the same text, sentence by sentence and word by word."""

__version__ = "0.1.0"

from align.errors import AlignError  # noqa: E402
from align.pipeline import compare  # noqa: E402

__all__ = ["AlignError", "compare", "__version__"]
