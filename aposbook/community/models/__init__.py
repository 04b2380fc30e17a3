"""Community models, one module per feature (reviews, discussions, questions, feedback)."""

from .discussions import *  # noqa: F403
from .feedback import *  # noqa: F403
from .questions import *  # noqa: F403
from .reviews import *  # noqa: F403
