from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# SQLite: an external-content FTS5 table over the documents, kept in step by triggers.
SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, text, content='search_searchdocument', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text); END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
]
# PostgreSQL: a stored tsvector (titles weigh more) with a GIN index.
POSTGRESQL = [
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, text), 'B')) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
]
UNDO = {
    "sqlite": ["DROP TABLE IF EXISTS search_fts"],
    "postgresql": ["ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector"],
}


def add_engine(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


def drop_engine(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for statement in UNDO[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("library", "0004_video_submissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(help_text='The model, e.g. "questions.answer".', max_length=40),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("articles", "Articles"),
                            ("solutions", "Natural solutions"),
                            ("discussions", "Discussions"),
                            ("questions", "Questions"),
                        ],
                        max_length=16,
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("text", models.TextField()),
                ("url", models.CharField(max_length=500)),
                ("updated", models.DateTimeField()),
                (
                    "topics",
                    models.ManyToManyField(blank=True, related_name="+", to="library.topic"),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "object_id"), name="search_document_unique"
                    )
                ],
                "indexes": [models.Index(fields=["kind"], name="search_document_kind")],
            },
        ),
        migrations.RunPython(add_engine, drop_engine),
    ]
