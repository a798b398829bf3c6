"""Consistency check of the held-out corpus (tests/golden/heldout).

Run from anywhere:  python tests/golden/heldout/validate.py
It reuses the checks of tests/golden/events/validate.py (see its docstring) with this folder as the root.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # leave no __pycache__ in tests/golden/events/
HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("events_validate", HERE.parent / "events" / "validate.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.ROOT = HERE

if __name__ == "__main__":
    sys.exit(module.main())
