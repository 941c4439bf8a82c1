"""Every check, registered: the modules that define checks are imported here, once, so
whoever runs them (the engine, the recheck, the language server through the engine)
runs them all, in one order."""

from citynet.lint import (  # noqa: F401 - each registers its checks
    checks,
    dating,
    places,
    references,
)
from citynet.lint.checks import CHECKS

__all__ = ["CHECKS"]
