"""Migration operations for models that moved from one app to another with their tables.

In 2026 the `community` app was split into `reviews`, `discussions`, `questions` and
`feedback`. The models kept their tables (`db_table = "community_…"`), so a database made
before the split keeps every row: the new apps' first migrations adopt the existing tables
instead of creating them, and move the content types (and so the permissions and the
admin's history) to the new app labels. A new database gets the tables created as usual.
"""

from collections.abc import Sequence
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import StateApps

from aposbook.lib.markdown import render_member_markdown


class AdoptTables(migrations.SeparateDatabaseAndState):
    """Apply `operations` to the state always, and to the database only where `tables`
    do not exist yet; when they all do, the database already has them from the old app."""

    def __init__(self, *, tables: Sequence[str], operations: list[Operation]) -> None:
        super().__init__(database_operations=operations, state_operations=operations)
        self.tables = list(tables)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"tables": self.tables, "operations": self.state_operations}
        return self.__class__.__qualname__, [], kwargs

    def _tables_exist(self, schema_editor: BaseDatabaseSchemaEditor) -> bool:
        with schema_editor.connection.cursor() as cursor:
            existing = set(schema_editor.connection.introspection.table_names(cursor))
        found = [table for table in self.tables if table in existing]
        if found and len(found) != len(self.tables):
            missing = sorted(set(self.tables) - existing)
            raise RuntimeError(f"Only some of the tables to adopt exist; missing: {missing}")
        return bool(found)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if not self._tables_exist(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Create or adopt the tables {', '.join(self.tables)}"


def move_content_types(
    *, old_app: str, new_app: str, models: Sequence[str]
) -> migrations.RunPython:
    """An operation that relabels the content types of `models` from `old_app` to `new_app`,
    so that permissions granted on them and the admin's log keep pointing at them."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        content_types = apps.get_model("contenttypes", "ContentType").objects.db_manager(
            schema_editor.connection.alias
        )
        for model in models:
            if not content_types.filter(app_label=new_app, model=model).exists():
                content_types.filter(app_label=old_app, model=model).update(app_label=new_app)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


def render_member_writing_again(
    *, app: str, model: str, source: str = "body", html: str = "body_html"
) -> migrations.RunPython:
    """An operation that renders members' stored Markdown again with today's renderer (such as
    when their links became `rel="nofollow ugc noopener"`): pages show the stored HTML, so
    rows written before would otherwise keep the old markup for ever."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        rows = apps.get_model(app, model).objects.db_manager(schema_editor.connection.alias)
        for pk, text, stored in rows.values_list("pk", source, html).iterator():
            rendered = render_member_markdown(text)
            if rendered != stored:
                rows.filter(pk=pk).update(**{html: rendered})

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
