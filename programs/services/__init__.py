"""Every state change of the programs app, one named function each (re-exported here)."""

from .enrollment import *  # noqa: F403
from .hands_on import *  # noqa: F403
from .setup import *  # noqa: F403
from .theory import *  # noqa: F403
