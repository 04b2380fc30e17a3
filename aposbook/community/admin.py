# Each feature registers its own models with the admin.
from . import admin_discussions, admin_reviews  # noqa: F401
