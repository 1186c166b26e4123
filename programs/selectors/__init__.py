"""Queries the pages use, each in a fixed number of SQL queries (re-exported here)."""

from .enrollment import *  # noqa: F403
from .hands_on import *  # noqa: F403
from .setup import *  # noqa: F403
from .theory import *  # noqa: F403
