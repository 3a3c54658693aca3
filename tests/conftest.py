"""Every test run gets its own empty briefpack cache, so no test reads what an earlier run (or
the user's own briefpack) kept, and none writes into the user's home folder. Subprocesses
inherit it through the environment."""

from __future__ import annotations

import os
import tempfile

os.environ["BRIEFPACK_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefpack-test-cache-")
