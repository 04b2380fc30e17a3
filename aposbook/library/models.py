"""The library: conditions, natural solutions, evidence, articles, videos and references.

Conditions, solutions and articles are *topics*: each owns a row in `Topic`, the spine
that community and editorial objects point at with a real foreign key.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from aposbook.lib.markdown import render_article, render_markdown
from aposbook.lib.outbound import is_web_address
from aposbook.lib.video import parse_video_url

from .vocabulary import normalise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from aposbook.accounts.models import User


class TopicKind(models.TextChoices):
    CONDITION = "condition", "Condition"
    SOLUTION = "solution", "Natural solution"
    ARTICLE = "article", "Article"


class TopicQuerySet(models.QuerySet["Topic"]):
    def visible_to(self, user: User | AnonymousUser) -> TopicQuerySet:
        """Topics whose pages `user` may see: an article's only while it is visible to them."""
        hidden_articles = Q(kind=TopicKind.ARTICLE) & ~Exists(
            Article.objects.visible_to(user).filter(topic=OuterRef("pk"))
        )
        return self.exclude(hidden_articles)

    # --- Re-review schedule ---

    def review_overdue(self, now: datetime | None = None) -> TopicQuerySet:
        """Pages readers can see whose medical review is due: never reviewed, or last
        reviewed longer ago than `MEDICAL_REVIEW_INTERVAL_DAYS`. Articles count only while
        published; a draft is reviewed in the publishing workflow."""
        cutoff = (now or timezone.now()) - medical_review_interval()
        unpublished_articles = Q(kind=TopicKind.ARTICLE) & ~Exists(
            Article.objects.published().filter(topic=OuterRef("pk"))
        )
        return self.exclude(unpublished_articles).filter(
            Q(reviewed_at__isnull=True) | Q(reviewed_at__lte=cutoff)
        )


def medical_review_interval() -> timedelta:
    return timedelta(days=settings.MEDICAL_REVIEW_INTERVAL_DAYS)


class Topic(models.Model):
    kind = models.CharField(max_length=16, choices=TopicKind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The last medical review of the page (for an article, the review that let it be
    # published, or a later re-review); the next one is due a set time after it.
    reviewed_at = models.DateTimeField("medically reviewed on", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="medically reviewed by",
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="library_topic_kind_slug_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse(f"library:{self.kind}", args=[self.slug])

    def owner(self) -> Condition | Solution | Article:
        """The condition, solution or article this topic is the spine of."""
        owners: dict[str, type[Condition] | type[Solution] | type[Article]] = {
            TopicKind.CONDITION: Condition,
            TopicKind.SOLUTION: Solution,
            TopicKind.ARTICLE: Article,
        }
        return owners[self.kind].objects.select_related("topic").get(topic=self)

    @property
    def review_due(self) -> datetime | None:
        """When the page needs its next medical review; None if it never had one (due now)."""
        return self.reviewed_at + medical_review_interval() if self.reviewed_at else None

    def is_review_overdue(self, now: datetime | None = None) -> bool:
        return self.review_due is None or self.review_due <= (now or timezone.now())

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        # Conditions and solutions are always public: only an article's topic needs a look.
        return self.kind != TopicKind.ARTICLE or (
            Topic.objects.visible_to(user).filter(pk=self.pk).exists()
        )


class TopicOwner(models.Model):
    """Abstract base for the models that own a topic row, kept in step on every save."""

    topic_kind: TopicKind
    slug: str  # each subclass's own SlugField
    title_field = "name"
    topic = models.OneToOneField(Topic, on_delete=models.PROTECT, editable=False, related_name="+")

    class Meta:
        abstract = True

    def topic_title(self) -> str:
        return getattr(self, self.title_field)

    # The main text, which experts improve through the editorial desk (`body`, Markdown).
    body: str

    def render_body(self, text: str) -> str:
        """`text` rendered as this page renders its body (for a preview)."""
        return render_markdown(text)

    def replace_body(self, text: str, *, substantive: bool) -> None:
        """Publish a new text. Conditions and solutions show no "Updated on" date, so
        `substantive` matters only to articles."""
        self.body = text
        self.save()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.topic_id is None:
            self.topic = Topic.objects.create(
                kind=self.topic_kind, title=self.topic_title(), slug=self.slug
            )
        elif (self.topic.title, self.topic.slug) != (self.topic_title(), self.slug):
            self.topic.title, self.topic.slug = self.topic_title(), self.slug
            self.topic.save(update_fields=["title", "slug", "updated_at"])
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        topic = self.topic
        result = super().delete(*args, **kwargs)
        topic.delete()
        return result


WEB_ADDRESS_MESSAGE = "Enter a full http or https address, without a user name or password."


class Reference(models.Model):
    """A published source that articles and evidence cite, with a PMID and/or DOI."""

    key = models.SlugField(max_length=80, unique=True, help_text='A short key, e.g. "abbasi-2012".')
    authors = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    journal = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    pmid = models.CharField("PMID", max_length=20, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    finding = models.TextField(blank=True, help_text="One line: what the source found.")

    class Meta:
        ordering = ["authors", "year"]

    def __str__(self) -> str:
        return self.citation

    def clean(self) -> None:
        if not (self.pmid or self.doi or self.url):
            raise ValidationError("A reference needs a PMID, a DOI or an address.")
        if self.pmid and not (self.pmid.isascii() and self.pmid.isdigit()):
            raise ValidationError({"pmid": "A PMID is a number, such as 23853635."})
        if self.doi and not re.fullmatch(r"10\.[0-9]{4,9}/\S+", self.doi):
            raise ValidationError({"doi": "A DOI looks like 10.1000/xyz: 10., digits, a slash."})
        if self.url and not is_web_address(self.url):
            raise ValidationError({"url": WEB_ADDRESS_MESSAGE})

    @property
    def citation(self) -> str:
        parts = [self.authors, f"({self.year})" if self.year else "", self.title]
        text = " ".join(part for part in parts if part).rstrip(".") + "."
        return f"{text} {self.journal}." if self.journal else text

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def link(self) -> str:
        """The best public address of the source: PubMed, then doi.org, then its own URL."""
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.doi_url or self.url


class ConditionQuerySet(models.QuerySet["Condition"]):
    def featured(self) -> ConditionQuerySet:
        return self.filter(featured=True)


class Condition(TopicOwner):
    topic_kind = TopicKind.CONDITION

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="One or two sentences shown in lists and search.")
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    synonyms = models.TextField(
        blank=True, help_text='Other names, one per line (e.g. "sleeplessness").'
    )
    icd10_codes = models.CharField(
        "ICD-10-CM codes",
        max_length=200,
        blank=True,
        help_text='Comma-separated; a trailing "x" covers a category, as in "G47.0, F51.0x".',
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    featured = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:condition", args=[self.slug])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = self.rendered_body()
        super().save(*args, **kwargs)
        self.sync_search_terms()

    def rendered_body(self) -> str:
        return render_markdown(self.body, title=self.name)

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    @property
    def code_list(self) -> list[str]:
        """The codes as written in ICD-10-CM: "G47.0", and "F51.0x" for a whole category."""
        codes = [code.strip() for code in self.icd10_codes.split(",") if code.strip()]
        return [code[:-1].upper() + "x" if code[-1] in "xX" else code.upper() for code in codes]

    @property
    def letter(self) -> str:
        first = self.name[:1].upper()
        return first if first.isalpha() else "#"

    def sync_search_terms(self) -> None:
        """Keep this condition's own names and codes in the search vocabulary."""
        terms = {normalise(self.name): self.name}
        terms |= {normalise(synonym): synonym for synonym in self.synonym_list}
        terms |= {normalise(code.rstrip("xX")): code for code in self.code_list}
        terms.pop("", None)
        ConditionTerm.objects.filter(condition=self).exclude(key__in=terms).delete()
        existing = set(ConditionTerm.objects.filter(condition=self).values_list("key", flat=True))
        ConditionTerm.objects.bulk_create(
            ConditionTerm(condition=self, key=key, term=term)
            for key, term in terms.items()
            if key not in existing
        )


class ConditionTerm(models.Model):
    """A name, synonym or ICD-10-CM code that leads straight to a condition's page."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=255)
    key = models.CharField(max_length=255, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "key"], name="library_conditionterm_condition_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.condition}"


class VocabularyTerm(models.Model):
    """One ICD-10-CM code description or inclusion term (imported by `import_icd10`)."""

    class Source(models.TextChoices):
        DESCRIPTION = "description", "Code description"
        INCLUSION = "inclusion", "Inclusion term"

    code = models.CharField(max_length=10, db_index=True)
    term = models.CharField(max_length=255)
    key = models.CharField(max_length=255, db_index=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    is_leaf = models.BooleanField(default=False)

    class Meta:
        ordering = ["code", "source", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "source", "term"], name="library_vocabularyterm_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.term}"


class SolutionKind(models.TextChoices):
    SUPPLEMENT = "supplement", "Supplement"
    HERB = "herb", "Herb"
    FOOD = "food", "Food"
    PRACTICE = "practice", "Practice"


class SolutionQuerySet(models.QuerySet["Solution"]):
    def featured(self) -> SolutionQuerySet:
        return self.filter(featured=True)


class Solution(TopicOwner):
    """A natural solution: a supplement, herb, food or practice."""

    topic_kind = TopicKind.SOLUTION

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=SolutionKind.choices)
    summary = models.TextField(help_text="What it is, in one or two sentences.")
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    dosage = models.TextField("typical dosage", blank=True, help_text="Markdown.")
    dosage_html = models.TextField(blank=True, editable=False)
    side_effects = models.TextField(blank=True, help_text="Markdown.")
    side_effects_html = models.TextField(blank=True, editable=False)
    interactions = models.TextField(blank=True, help_text="Markdown.")
    interactions_html = models.TextField(blank=True, editable=False)
    avoid_if = models.TextField("who should avoid it", blank=True, help_text="Markdown.")
    avoid_if_html = models.TextField(blank=True, editable=False)
    featured = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SolutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:solution", args=[self.slug])

    TEXT_FIELDS = ["body", "dosage", "side_effects", "interactions", "avoid_if"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        for field in self.TEXT_FIELDS:
            setattr(self, f"{field}_html", self.rendered(field))
        super().save(*args, **kwargs)

    def rendered(self, field: str) -> str:
        """One of the text fields as HTML; the body's first heading may not repeat the name."""
        title = self.name if field == "body" else ""
        return render_markdown(getattr(self, field), title=title)


class SolutionForm(models.Model):
    """A form a solution comes in: magnesium citrate, oxide, glycinate…"""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="forms")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "name"], name="library_solutionform_solution_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EvidenceGrade(models.TextChoices):
    """Graded like Examine.com; the rule is shown on every page that shows a grade."""

    A = "A", "A — strong"
    B = "B", "B — moderate"
    C = "C", "C — limited"
    D = "D", "D — very weak"


# Keyed by grade; a grade read from the database, a plain str, finds its rule too.
EVIDENCE_RULES: dict[str, str] = {
    EvidenceGrade.A: "Consistent results from several well-designed randomised controlled "
    "trials, or a meta-analysis of them.",
    EvidenceGrade.B: "At least one good randomised controlled trial, or several smaller "
    "trials that mostly agree.",
    EvidenceGrade.C: "Small, short or uncontrolled studies, or trials whose results disagree.",
    EvidenceGrade.D: "Case reports, traditional use, laboratory or animal studies only.",
}


class SolutionForConditionQuerySet(models.QuerySet["SolutionForCondition"]):
    def ranked(self) -> SolutionForConditionQuerySet:
        """Strongest evidence first (A before D), then by name."""
        return self.order_by("grade", "solution__name", "condition__name")


class SolutionForCondition(models.Model):
    """What the research says about one natural solution for one condition."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="evidence")
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="evidence")
    grade = models.CharField(max_length=1, choices=EvidenceGrade.choices)
    summary = models.TextField(help_text="What the evidence shows, in our words.")
    references = models.ManyToManyField(Reference, blank=True, related_name="evidence")

    objects = SolutionForConditionQuerySet.as_manager()

    class Meta:
        verbose_name = "solution for a condition"
        verbose_name_plural = "solutions for conditions"
        ordering = ["grade", "solution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "condition"], name="library_sfc_solution_condition_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(grade__in=EvidenceGrade.values), name="library_sfc_grade_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution} for {self.condition} ({self.grade})"

    @property
    def grade_rule(self) -> str:
        return EVIDENCE_RULES[EvidenceGrade(self.grade)]


class ArticleStatus(models.TextChoices):
    """Where an article stands; the moves between them are in `aposbook/editorial/workflow.py`."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for medical review"
    IN_REVIEW = "in_review", "In medical review"
    APPROVED = "approved", "Medically reviewed, ready to publish"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user: User | AnonymousUser) -> ArticleQuerySet:
        """What `user` may read: published articles, and for staff drafts too (to preview),
        with everything said about them."""
        return self if user.is_staff else self.published()

    def with_authors(self) -> ArticleQuerySet:
        return self.select_related("author", "reviewer")

    def newest_first(self) -> ArticleQuerySet:
        """Most recently updated first, by the date every article card shows
        (`Article.last_updated`), read from the index library_article_newest."""
        return self.annotate(last_updated_at=last_updated_expression()).order_by(*NEWEST_FIRST)


def last_updated_expression() -> Greatest:
    """`Article.last_updated` in the database: the later of the last update and the
    publication."""
    return Greatest("updated_at", Coalesce("published_at", "updated_at"))


# `ArticleQuerySet.newest_first`'s order, by names a list paged by key reads from each row.
NEWEST_FIRST = ("-last_updated_at", "-pk")


class Article(TopicOwner):
    topic_kind = TopicKind.ARTICLE
    title_field = "title"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="One or two sentences shown in lists.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        help_text="The medical reviewer: the expert or editor who took on the review.",
    )
    body = models.TextField(help_text='Markdown. Cite references by their number, as in "(1, 2)".')
    body_html = models.TextField(blank=True, editable=False)
    toc = models.JSONField(default=list, blank=True, editable=False)
    citations = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The ids of the links in the body that cite each reference, by its number.",
    )
    status = models.CharField(
        max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # The publishing workflow's own notes: when the article joined the review queue, and
    # what the reviewer or editor who sent it back asked the author to change.
    submitted_at = models.DateTimeField(null=True, blank=True)
    sent_back_note = models.TextField(blank=True)
    references = models.ManyToManyField(
        Reference, through="ArticleReference", blank=True, related_name="articles"
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", help_text="Conditions and solutions it covers."
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        indexes = [
            # Serves `newest_first` (the library, the feed, the home page) without a sort.
            models.Index(
                last_updated_expression().desc(),
                models.F("id").desc(),
                condition=Q(status=ArticleStatus.PUBLISHED),
                name="library_article_newest",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:article", args=[self.slug])

    def clean(self) -> None:
        if self.status == ArticleStatus.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def render(self, reference_count: int | None = None) -> None:
        """Render the body once, with citations linked to the numbered reference list."""
        if reference_count is None:
            reference_count = self.article_references.count() if self.pk else 0
        rendered = render_article(self.body, reference_count=reference_count, title=self.title)
        self.body_html, self.toc = rendered.html, rendered.toc
        # JSON keys are strings: stored as they will be read back.
        self.citations = {str(number): ids for number, ids in rendered.citations.items()}

    def numbered_references(self) -> list[ArticleReference]:
        """The reference list, each item with the ids of the places that cite it (one query)."""
        items = list(ArticleReference.objects.filter(article=self).select_related("reference"))
        for item in items:
            item.cited_at = self.citations.get(str(item.number), [])
        return items

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.render()
        super().save(*args, **kwargs)

    def render_body(self, text: str) -> str:
        count = self.article_references.count() if self.pk else 0
        return render_article(text, reference_count=count).html

    def replace_body(self, text: str, *, substantive: bool) -> None:
        """Publish a new text; "Updated on" moves only for a substantive change, not for a
        minor one (a typo, a broken link)."""
        if substantive:
            self.updated_at = timezone.now()
        super().replace_body(text, substantive=substantive)

    @property
    def last_updated(self) -> datetime:
        """The date shown as "Updated on": the later of the last update and the publication
        (`ArticleQuerySet.newest_first` sorts by the same rule)."""
        return max(filter(None, [self.updated_at, self.published_at]))

    @property
    def is_published(self) -> bool:
        """`ArticleQuerySet.published()`'s rule, for an article already in hand."""
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class ArticleReference(models.Model):
    """A reference in an article's numbered list; "(1)" in the body cites number 1."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="article_references"
    )
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()

    # Not stored: `Article.numbered_references` sets it for the reference list.
    cited_at: list[str]

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="library_articlereference_number_unique"
            ),
            models.UniqueConstraint(
                fields=["article", "reference"], name="library_articlereference_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="library_articlereference_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"({self.number}) {self.reference}"


class VideoStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for an editor"
    PUBLISHED = "published", "Published"
    REFUSED = "refused", "Refused"


class VideoQuerySet(models.QuerySet["Video"]):
    def published(self) -> VideoQuerySet:
        return self.filter(status=VideoStatus.PUBLISHED, published_at__lte=timezone.now())

    def submitted(self) -> VideoQuerySet:
        """Videos experts sent that wait for an editor's decision."""
        return self.filter(status=VideoStatus.SUBMITTED)

    def newest_first(self) -> VideoQuerySet:
        """Most recently published first, read from the index library_video_newest."""
        return self.order_by(*NEWEST_VIDEOS)


# `VideoQuerySet.newest_first`'s order; the pk breaks ties, so a list can page by key.
NEWEST_VIDEOS = ("-published_at", "-pk")


class Video(models.Model):
    """A video on YouTube or Vimeo, embedded in privacy-enhanced mode."""

    class Provider(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    creator = models.CharField(max_length=200, help_text="Who made the video.")
    creator_url = models.URLField(blank=True)
    url = models.URLField("video address", max_length=500, help_text="A YouTube or Vimeo address.")
    provider = models.CharField(max_length=10, choices=Provider.choices, editable=False)
    video_id = models.CharField(max_length=40, editable=False)
    description = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="videos")
    published_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=VideoStatus.choices, default=VideoStatus.PUBLISHED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_videos",
        help_text="The expert who sent it from the editorial desk, if anyone did.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    decision_note = models.TextField(blank=True, help_text="Why an editor refused it.")

    objects = VideoQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        indexes = [
            # Serves `VideoQuerySet.newest_first` (the library's videos) without a sort.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status=VideoStatus.PUBLISHED),
                name="library_video_newest",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:video", args=[self.slug])

    def clean(self) -> None:
        try:
            parse_video_url(self.url)
        except ValueError as error:
            raise ValidationError({"url": str(error)}) from error
        if self.creator_url and not is_web_address(self.creator_url):
            raise ValidationError({"creator_url": WEB_ADDRESS_MESSAGE})

    def save(self, *args: Any, **kwargs: Any) -> None:
        parsed = parse_video_url(self.url)
        self.provider, self.video_id = parsed.provider, parsed.video_id
        super().save(*args, **kwargs)

    @property
    def embed_url(self) -> str:
        return parse_video_url(self.url).embed_url


# Unsafe-advice checks: the data `library/safety.py` reads. Staff edit it in the admin.


class Medicine(models.Model):
    """A prescribed medicine or a class of them, with the names members write it by."""

    name = models.CharField(max_length=120, unique=True, help_text='e.g. "antidepressants".')
    terms = models.TextField(
        blank=True,
        help_text="Other names, one a line: singular and plural, brand names, members of the "
        "class (sertraline for antidepressants).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def term_list(self) -> list[str]:
        lines = [self.name, *self.terms.splitlines()]
        return list(dict.fromkeys(line.strip().lower() for line in lines if line.strip()))


class Interaction(models.Model):
    """A medicine (or class) that the solution's page says not to combine it with freely."""

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="medicine_interactions"
    )
    medicine = models.ForeignKey(Medicine, on_delete=models.CASCADE, related_name="interactions")
    why = models.CharField(
        max_length=300, help_text="Why it matters, in a few words, as the solution's page says."
    )

    class Meta:
        ordering = ["solution__name", "medicine__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "medicine"], name="library_interaction_solution_medicine"
            )
        ]

    def __str__(self) -> str:
        return f"{self.solution} with {self.medicine}"


class DoseUnit(models.TextChoices):
    MG = "mg", "mg"
    G = "g", "g"
    MCG = "mcg", "mcg"
    IU = "IU", "IU"


# Milligrams in one unit; IU measure activity, so they compare only with IU.
MILLIGRAMS = {DoseUnit.MG: 1.0, DoseUnit.G: 1000.0, DoseUnit.MCG: 0.001}


class DoseLimit(models.Model):
    """A daily amount of a solution above which a member's advice deserves a second look."""

    class Kind(models.TextChoices):
        UPPER_LEVEL = "upper-level", "tolerable upper intake level"
        LIBRARY = "library", "the highest dose the library's sources used"

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="dose_limits")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=3, help_text="Per day.")
    unit = models.CharField(max_length=4, choices=DoseUnit.choices)
    applies_to = models.CharField(
        max_length=120,
        blank=True,
        help_text='Which form or source, e.g. "magnesium from supplements".',
    )
    reference = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        related_name="dose_limits",
        help_text="The source the figure comes from; no figure without one.",
    )

    class Meta:
        ordering = ["solution__name", "kind"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="library_dose_positive"),
            models.UniqueConstraint(
                fields=["solution", "kind", "applies_to"], name="library_dose_limit_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution}: {self.describe()}"

    def describe(self) -> str:
        amount = f"{self.amount.normalize():f}"
        what = f" ({self.applies_to})" if self.applies_to else ""
        return f"{amount} {self.unit} a day{what}"

    def in_unit(self, unit: str) -> float | None:
        """The limit expressed in `unit`, or None when the two cannot be compared."""
        if unit == self.unit:
            return float(self.amount)
        if unit in MILLIGRAMS and self.unit in MILLIGRAMS:
            return float(self.amount) * MILLIGRAMS[DoseUnit(self.unit)] / MILLIGRAMS[DoseUnit(unit)]
        return None


class SafetyRule(models.Model):
    """Words that mark advice to stop or change a medicine, or a promise of a cure."""

    class Kind(models.TextChoices):
        STOP_MEDICINE = "stop-medicine", "advice to stop or change a prescribed medicine"
        CURE = "cure", "a promise of a cure"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=120, unique=True)
    patterns = models.TextField(
        help_text="Regular expressions, one a line, matched without regard to case. "
        "{medicine} stands for the name of any medicine in the list."
    )
    message = models.TextField(help_text="What the writer reads: why it matters, gently.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["stop-medicine", "cure"]),
                name="library_safety_rule_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def pattern_list(self) -> list[str]:
        return [line.strip() for line in self.patterns.splitlines() if line.strip()]

    def clean(self) -> None:
        for pattern in self.pattern_list:
            try:
                re.compile(pattern.replace("{medicine}", "x"))
            except re.error as error:
                raise ValidationError(
                    {"patterns": f"“{pattern}” is not a valid regular expression: {error}."}
                ) from error


def next_publication() -> datetime | None:
    """When the next article or video scheduled for later goes live (pages that show the
    library must be rebuilt then: lib/pagecache.scheduled)."""
    now = timezone.now()
    moments = [
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=now).aggregate(
            next=models.Min("published_at")
        )["next"],
        Video.objects.filter(status=VideoStatus.PUBLISHED, published_at__gt=now).aggregate(
            next=models.Min("published_at")
        )["next"],
    ]
    return min((moment for moment in moments if moment is not None), default=None)
