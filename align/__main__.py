"""``python -m align``."""

import os
import sys

if getattr(sys.modules.get("align"), "__file__", None) is None:
    # A folder named ``align`` in the current directory (a clone of this
    # project, say) was taken for the package as a namespace package, and the
    # installed package's modules could not be found in it. Import the
    # package that holds this file instead.
    del sys.modules["align"]
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        import align  # noqa: F401
    except ImportError:
        sys.exit(
            "align: error: a folder named align in the current directory hides the align "
            "package; run from another folder"
        )

# Ctrl-C is handled from the moment `align.entry` is imported (see there).
from align.entry import main  # noqa: E402

sys.exit(main())
