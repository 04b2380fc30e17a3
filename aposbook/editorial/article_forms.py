"""Forms of article writing: the article with its topics, related articles and numbered
references; the note of a send-back; the record of a page's medical review."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from aposbook.accounts.models import Role, User
from aposbook.lib.forms import check_title, title_field
from aposbook.lib.numbers import parse_id
from aposbook.lib.text_checks import check_member_text
from aposbook.library.models import Article, Reference, Topic, TopicKind

from .forms import NOTE_MAX, check_page_text
from .publishing import ArticleDraft

# ASCII digits only: `\d` and `str.isdigit()` also accept "١٢" and "²", never in a DOI or PMID.
DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
PMID = re.compile(r"[0-9]{1,8}")
SUMMARY_MIN, SUMMARY_MAX = 20, 400
REFERENCES_MAX = 200
FIRST_YEAR = 1800
REFERENCES_HELP = (
    "One per line, in the order your text cites them: line 1 is reference (1). Write a DOI "
    "(10.1000/xyz), a PubMed ID (1 to 8 digits) or the key of a reference in our library, or "
    "tick the reference in the list below. A DOI or PubMed ID we don't have yet needs its "
    "authors, title, journal and year after it, separated by “|”: "
    "10.1000/xyz | Smith J, Lee K | The trial's title | The journal | 2021"
)


def _identifier(text: str) -> str:
    """The DOI or PMID without the prefixes people paste with them."""
    text = text.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "doi:", "pmid:"):
        if text.lower().startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def parse_reference_line(line: str, number: int) -> Reference:
    """One line of the references box: a reference in the library, or a new one (unsaved)."""
    identifier, *details = (part.strip() for part in line.split("|"))
    identifier = _identifier(identifier)
    where = f"Line {number}"
    existing = None
    if identifier.startswith("10."):
        if not DOI.fullmatch(identifier):
            raise ValidationError(
                f"{where}: “{identifier}” is not a DOI. A DOI looks like 10.1000/xyz: “10.”, "
                "4 to 9 digits, a slash, then the rest."
            )
        existing = Reference.objects.filter(doi__iexact=identifier).first()
        new = Reference(doi=identifier)
    elif identifier.isascii() and identifier.isdigit():
        if not PMID.fullmatch(identifier):
            raise ValidationError(f"{where}: a PubMed ID has 1 to 8 digits, not “{identifier}”.")
        existing = Reference.objects.filter(pmid=identifier).first()
        new = Reference(pmid=identifier)
    else:
        existing = Reference.objects.filter(key=identifier).first()
        if existing is None:
            raise ValidationError(
                f"{where}: “{identifier}” is neither a DOI (10.1000/xyz), a PubMed ID (1 to 8 "
                "digits) nor the key of a reference in our library."
            )
    if existing is not None:
        return existing
    return _new_reference(new, details, where=where, identifier=identifier)


def _new_reference(new: Reference, details: list[str], *, where: str, identifier: str) -> Reference:
    if len(details) != 4 or not all(details):
        raise ValidationError(
            f"{where}: {identifier} is not in our library yet: add its authors, title, journal "
            f"and year, as in “{identifier} | Smith J, Lee K | The title | The journal | 2021”."
        )
    new.authors, new.title, new.journal, year = details
    number = parse_id(year)
    if number is None or not FIRST_YEAR <= number <= timezone.now().year + 1:
        raise ValidationError(f"{where}: the year should be four digits, such as 2021.")
    new.year = number
    for name, limit in (("authors", 500), ("title", 500), ("journal", 200)):
        if len(getattr(new, name)) > limit:
            raise ValidationError(f"{where}: the {name} are too long ({limit} characters at most).")
    return new


def reference_line(reference: Reference) -> str:
    """How the references box names a library reference: its DOI, else its PMID, else its key."""
    return reference.doi or reference.pmid or reference.key


def reference_lines(article: Article) -> str:
    """The references box as the writer left it."""
    items = article.article_references.select_related("reference").order_by("number")
    return "\n".join(reference_line(item.reference) for item in items)


def listed_numbers(text: str) -> dict[str, int]:
    """The number each identifier (lower case) has in the references box's `text`."""
    lines = [line for line in text.splitlines() if line.strip()]
    return {
        _identifier(line.split("|")[0]).lower(): number
        for number, line in enumerate(lines, start=1)
    }


class LibraryPicks(forms.CheckboxSelectMultiple):
    """The library's references as checkboxes. Each box carries the line that names its
    reference in the references box and the identifiers a line may name it by, so that
    static/js/cite-from-library.js adds it to the list on a click; a reference already in
    the list says its number."""

    listed: dict[str, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed = {}

    def create_option(
        self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, *args, **kwargs)
        reference: Reference = value.instance
        names = [name.lower() for name in (reference.key, reference.doi, reference.pmid) if name]
        option["attrs"] |= {
            "data-cite-line": reference_line(reference),
            "data-cite-names": " ".join(names),
            "data-cite-into": "id_references",
        }
        number = next((self.listed[name] for name in names if name in self.listed), None)
        if number is not None:
            option["label"] = f"{label} (in your list as reference ({number}))"
        return option


class LibraryReferenceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.citation} [{reference_line(obj)}]"


class ArticleForm(forms.Form):
    title = title_field("Title")
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences shown in lists and search results.",
    )
    body = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Markdown, with ## headings and - lists. Cite references by their number, "
        "as in (1, 2) or (3-5).",
    )
    topics = forms.ModelMultipleChoiceField(
        label="Topics",
        queryset=Topic.objects.exclude(kind=TopicKind.ARTICLE).order_by("kind", "title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The conditions and natural solutions the article is about: it is listed on "
        "their pages.",
    )
    related = forms.ModelMultipleChoiceField(
        label="Related articles",
        queryset=Article.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    references = forms.CharField(
        label="References",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=REFERENCES_HELP,
    )
    library = LibraryReferenceField(
        label="References in our library",
        queryset=Reference.objects.order_by("authors", "year", "pk"),
        to_field_name="key",
        required=False,
        widget=LibraryPicks,
        help_text="Tick the references to cite: they are added at the end of the references "
        "above, in the order shown here. To change their order, move their lines above.",
    )

    def __init__(self, *args: Any, article: Article | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picks = self.fields["library"].widget
        assert isinstance(picks, LibraryPicks)
        text = self.data.get("references", "") if self.is_bound else self.initial.get("references")
        picks.listed = listed_numbers(str(text or ""))
        self.fields["library"].error_messages["invalid_choice"] = (
            "Pick references from the library's list."
        )
        related = self.fields["related"]
        assert isinstance(related, forms.ModelMultipleChoiceField)
        published = Article.objects.published().order_by("title").only("title", "slug")
        related.queryset = published.exclude(pk=article.pk) if article else published
        self.fields["topics"].error_messages["invalid_choice"] = (
            "Pick conditions and natural solutions from the list."
        )

    def clean_title(self) -> str:
        return check_title(self.cleaned_data["title"])

    def clean_summary(self) -> str:
        text = check_member_text(
            self.cleaned_data["summary"],
            min_length=SUMMARY_MIN,
            max_length=SUMMARY_MAX,
            what="summary",
        )
        return " ".join(text.split())

    def clean_body(self) -> str:
        return check_page_text(self.cleaned_data["body"], what="the article's text")

    def clean_references(self) -> list[Reference]:
        lines = [
            line.strip() for line in self.cleaned_data["references"].splitlines() if line.strip()
        ]
        if len(lines) > REFERENCES_MAX:
            raise ValidationError(f"Please cite at most {REFERENCES_MAX} references.")
        references: list[Reference] = []
        errors: list[ValidationError] = []
        seen: dict[str, int] = {}
        for number, line in enumerate(lines, start=1):
            try:
                reference = parse_reference_line(line, number)
            except ValidationError as error:
                errors.append(error)
                continue
            same = (
                f"pk:{reference.pk}"
                if reference.pk
                else f"{reference.doi.lower()}|{reference.pmid}"
            )
            if same in seen:
                errors.append(
                    ValidationError(f"Line {number}: the same reference as line {seen[same]}.")
                )
            seen[same] = number
            references.append(reference)
        if errors:
            raise ValidationError(errors)
        return references

    def clean(self) -> dict[str, Any]:
        """The references in the writer's order: the box's lines, then the library's ticked
        references that no line names yet."""
        data = super().clean() or {}
        if "references" in data and "library" in data:
            listed = {reference.pk for reference in data["references"] if reference.pk}
            picked = [reference for reference in data["library"] if reference.pk not in listed]
            data["references"] = data["references"] + picked
            if len(data["references"]) > REFERENCES_MAX:
                self.add_error(
                    "library", f"Please cite at most {REFERENCES_MAX} references in all."
                )
        return data

    def draft(self) -> ArticleDraft:
        data = self.cleaned_data
        return ArticleDraft(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            topics=list(data["topics"]),
            related=list(data["related"]),
            references=data["references"],
        )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label="What should the author change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        error_messages={
            "required": "Please write a note: the author reads it to know what to change."
        },
    )


class ReviewerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.byline)


class MedicalReviewForm(forms.Form):
    """The record of a page's medical review: by the editor, or by an expert they name."""

    reviewer = ReviewerField(
        label="Medically reviewed by",
        queryset=User.objects.none(),
        empty_label=None,
        help_text="Yourself, or the health expert who checked the page.",
    )

    def __init__(self, *args: Any, editor: User, author: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewer = self.fields["reviewer"]
        assert isinstance(reviewer, forms.ModelChoiceField)
        experts = User.objects.live().filter(Q(role=Role.EXPERT) | Q(pk=editor.pk))
        reviewer.queryset = experts.order_by("display_name", "email")
        self.author = author
        self.initial.setdefault("reviewer", editor.pk)

    def clean_reviewer(self) -> User:
        reviewer: User = self.cleaned_data["reviewer"]
        if self.author is not None and reviewer.pk == self.author.pk:
            raise ValidationError("The author can't be the article's medical reviewer.")
        return reviewer


class AddInformationForm(forms.Form):
    """A new section for a condition's or a solution's page: a heading, the text, and the
    sources it rests on (library keys, DOIs or PubMed IDs, one a line)."""

    heading = forms.CharField(
        label="Heading", required=False, max_length=200, help_text="Plain text, 5–120 characters."
    )
    body = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown. Say what the sources found, in plain words.",
    )
    references = forms.CharField(
        label="Sources",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: a DOI (10.1000/xyz), a PubMed ID, or the key of a reference in "
        "our library. A source we don't have yet needs its authors, title, journal and year "
        "after it, separated by “|”.",
    )

    def clean_heading(self) -> str:
        heading = check_member_text(
            self.cleaned_data["heading"], min_length=5, max_length=120, what="heading"
        )
        return " ".join(heading.lstrip("#").split())

    def clean_body(self) -> str:
        return check_member_text(
            self.cleaned_data["body"], min_length=50, max_length=10_000, what="text"
        )

    def clean_references(self) -> list[Reference]:
        lines = [line for line in self.cleaned_data["references"].splitlines() if line.strip()]
        if not lines:
            raise ValidationError("Please give at least one source for the new information.")
        references, errors = [], []
        for number, line in enumerate(lines, start=1):
            try:
                references.append(parse_reference_line(line, number))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return references

    def section(self) -> str:
        """The new section in Markdown, its sources listed with links to them."""
        sources = "\n".join(
            f"{number}. {reference.citation}"
            + (f" [{_source_label(reference)}]({reference.link})" if reference.link else "")
            for number, reference in enumerate(self.cleaned_data["references"], start=1)
        )
        heading, body = self.cleaned_data["heading"], self.cleaned_data["body"].strip()
        return f"## {heading}\n\n{body}\n\nSources:\n\n{sources}\n"


def _source_label(reference: Reference) -> str:
    return f"PubMed {reference.pmid}" if reference.pmid else f"doi:{reference.doi}"
