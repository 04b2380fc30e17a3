from django.db import models

from aposbook.library.models import Topic


class Kind(models.TextChoices):
    """The groups of results, in the order the results page shows them."""

    ARTICLES = "articles", "Articles"
    SOLUTIONS = "solutions", "Natural solutions"
    DISCUSSIONS = "discussions", "Discussions"
    QUESTIONS = "questions", "Questions"


class SearchDocument(models.Model):
    """One thing readers may find by its words: a published article, a solution, a shown post,
    a question or an answer. Filled by the apps that own the content (`search/index.py`).

    The words are indexed by the database's own engine, set up in the migration: an FTS5
    table kept in step by triggers on SQLite, a generated `tsvector` column with a GIN index
    on PostgreSQL. Neither is known to the ORM; `search/fulltext.py` queries them.
    """

    source = models.CharField(max_length=40, help_text='The model, e.g. "questions.answer".')
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=300)
    text = models.TextField()
    url = models.CharField(max_length=500)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_document_unique")
        ]
        indexes = [models.Index(fields=["kind"], name="search_document_kind")]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id}: {self.title}"
