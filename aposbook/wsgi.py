"""The WSGI application, for gunicorn (gunicorn.conf.py) and any other WSGI server: Django's,
behind `StoredPagesFirst`, which answers visitors' stored pages itself (lib/stored_pages.py).

Importing it builds the condition search index (about 46 MB) once. gunicorn loads this
module in its master process before forking the workers (`preload_app`), so every worker
shares that memory copy-on-write instead of building its own copy on its first search.
"""

import logging
import os

from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aposbook.settings")
django_application = get_wsgi_application()

from aposbook.lib.stored_pages import StoredPagesFirst  # noqa: E402  (needs settings)

application = StoredPagesFirst(django_application)

logger = logging.getLogger(__name__)


def preload_search_index() -> None:
    """Build the search index now, then close the database connections it opened."""
    from aposbook.search.lookup import current_index

    try:
        current_index()
    except DatabaseError as error:
        # Not migrated yet or not reachable: each worker builds the index on first use.
        logger.warning("Search index not preloaded (%s); workers will build their own.", error)
    finally:
        # A connection must never cross a fork: two workers would talk over one socket.
        connections.close_all()


preload_search_index()

# The page cache's key names the code it was built by: read the code once here, not in each
# worker on its first request.
from aposbook.lib.pagecache import code_version  # noqa: E402

code_version()
