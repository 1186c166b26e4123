"""Exam models: the written exam (written.py) and the practical exam (practical.py)."""

from .practical import *  # noqa: F403
from .written import *  # noqa: F403
from .written_images import *  # noqa: F403
