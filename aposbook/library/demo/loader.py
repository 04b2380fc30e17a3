"""Load the demo library into the database, idempotently.

Every row is found by its natural key (slug, reference key, email, …) and saved only when
a value differs, so a second load writes nothing: ids, `updated_at` stamps and rendered
HTML all stay as they were. Stored HTML that the current Markdown renderer would render
differently also counts as a difference, so a load refreshes it after the renderer changes.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from aposbook.accounts.models import Role, User
from aposbook.library.models import (
    Article,
    ArticleReference,
    ArticleStatus,
    Condition,
    DoseLimit,
    Interaction,
    Medicine,
    Reference,
    SafetyRule,
    Solution,
    SolutionForCondition,
    SolutionForm,
    Topic,
    Video,
)

from .. import safety_seed
from .conditions import CONDITIONS
from .evidence import EVIDENCE
from .people import PEOPLE
from .solutions import SOLUTIONS
from .videos import VIDEOS

DEMO_DIR = Path(__file__).resolve().parent
REFERENCES_FILE = DEMO_DIR / "references.json"
ARTICLES_DIR = DEMO_DIR / "articles"
LIST_FIELDS = {"conditions", "solutions", "related", "references"}
SOLUTION_TEXT_FIELDS = ["body", "dosage", "side_effects", "interactions", "avoid_if"]

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadSummary:
    """How many rows of each kind a load created, updated, deleted or left alone."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def record(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] + c["deleted"] for c in self.counts.values())

    def lines(self) -> list[str]:
        lines = []
        for kind, count in self.counts.items():
            line = f"{kind}: {count['created']} created, {count['updated']} updated, "
            line += f"{count['unchanged']} unchanged"
            lines.append(line + (f", {count['deleted']} deleted" if count["deleted"] else ""))
        return lines


def read_references() -> list[dict[str, Any]]:
    return json.loads(REFERENCES_FILE.read_text(encoding="utf-8"))


def read_articles() -> list[dict[str, Any]]:
    """Parse each `articles/<slug>.md`: a `key: value` front matter between `---` lines."""
    articles = []
    for path in sorted(ARTICLES_DIR.glob("*.md")):
        _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
        article: dict[str, Any] = {"slug": path.stem, "body": body.strip() + "\n"}
        for line in header.strip().splitlines():
            key, _, value = line.partition(":")
            value = value.strip()
            if key in LIST_FIELDS:
                article[key] = [item.strip() for item in value.split(",") if item.strip()]
            elif key in {"published", "updated"}:
                article[key] = datetime.fromisoformat(value)
            else:
                article[key] = value
        articles.append(article)
    return articles


def markdown(text: str) -> str:
    """Markdown written indented inside a Python module, as it is stored."""
    return textwrap.dedent(text).strip() + "\n"


@transaction.atomic
def load_demo() -> LoadSummary:
    """Create or update the whole demo library in one transaction."""
    summary = LoadSummary()
    # The medicines the demo's interactions name, and the rules, when a test emptied them.
    for _ in range(safety_seed.seed(Medicine, SafetyRule)):
        summary.record("Medicines and safety rules", "created")
    people = {person["email"]: _load_person(summary, person) for person in PEOPLE}
    references = {item["key"]: _load_reference(summary, item) for item in read_references()}
    conditions = {item["slug"]: _load_condition(summary, item) for item in CONDITIONS}
    _link_symmetrically(conditions, {item["slug"]: item["related"] for item in CONDITIONS})
    solutions = {item["slug"]: _load_solution(summary, item) for item in SOLUTIONS}
    for item in SOLUTIONS:
        _load_safety_data(summary, solutions[item["slug"]], item, references)
    for item in EVIDENCE:
        _load_evidence(summary, item, solutions, conditions, references)
    articles_data = read_articles()
    articles = {
        item["slug"]: _load_article(summary, item, people, references, conditions, solutions)
        for item in articles_data
    }
    _link_symmetrically(articles, {item["slug"]: item["related"] for item in articles_data})
    for item in VIDEOS:
        _load_video(summary, item, conditions, solutions)
    return summary


def _sync(
    summary: LoadSummary,
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    on_create: Callable[[M], None] | None = None,
    is_stale: Callable[[M], bool] | None = None,
) -> M:
    """Create the row found by `lookup`, or update it only if one of `values` differs
    (or `is_stale` says its derived fields are out of date)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if on_create:
            on_create(obj)
        obj.save()
        outcome = "created"
    elif any(getattr(obj, name) != value for name, value in values.items()) or (
        is_stale is not None and is_stale(obj)
    ):
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        outcome = "updated"
    else:
        outcome = "unchanged"
    summary.record(str(model._meta.verbose_name_plural).capitalize(), outcome)
    return obj


def _pick(rows: Mapping[str, M], keys: Iterable[str], where: str) -> list[M]:
    missing = [key for key in keys if key not in rows]
    if missing:
        raise ValueError(f"{where} names unknown demo rows: {', '.join(missing)}")
    return [rows[key] for key in keys]


def _link_symmetrically(rows: Mapping[str, Any], links: Mapping[str, list[str]]) -> None:
    """Set a symmetrical `related` field from one-sided lists: "a: b" also links b to a."""
    partners: dict[str, set[str]] = defaultdict(set)
    for key, others in links.items():
        _pick(rows, others, f"related of {key}")
        for other in others:
            partners[key].add(other)
            partners[other].add(key)
    for key, obj in rows.items():
        obj.related.set([rows[other] for other in sorted(partners[key])])


def _load_person(summary: LoadSummary, person: Mapping[str, str]) -> User:
    values = {
        "display_name": person["display_name"],
        "credentials": person["credentials"],
        "role": Role.EXPERT,
    }
    user = _sync(
        summary,
        User,
        {"email": person["email"]},
        values,
        on_create=lambda user: user.set_unusable_password(),
    )
    # Made by the operator, like `createsuperuser`'s: the address counts as confirmed, so
    # the profile the bylines link to is public.
    user.mark_email_verified()
    return user


def _load_reference(summary: LoadSummary, item: Mapping[str, Any]) -> Reference:
    values = {
        "authors": item["authors"],
        "title": item["title"],
        "journal": item["journal"] or "",
        "year": item["year"],
        "pmid": item["pmid"] or "",
        "doi": item["doi"] or "",
        "url": item["url"] or "",
        "finding": item["finding"],
    }
    return _sync(summary, Reference, {"key": item["key"]}, values)


def _load_condition(summary: LoadSummary, item: Mapping[str, Any]) -> Condition:
    values = {
        "name": item["name"],
        "summary": item["summary"],
        "body": markdown(item["body"]),
        "synonyms": "\n".join(item["synonyms"]),
        "icd10_codes": item["icd10_codes"],
        "featured": item["featured"],
    }
    return _sync(
        summary,
        Condition,
        {"slug": item["slug"]},
        values,
        is_stale=lambda condition: condition.body_html != condition.rendered_body(),
    )


def _load_solution(summary: LoadSummary, item: Mapping[str, Any]) -> Solution:
    values = {
        "name": item["name"],
        "kind": item["kind"],
        "summary": item["summary"],
        "featured": item["featured"],
    }
    values |= {name: markdown(item[name]) for name in SOLUTION_TEXT_FIELDS}
    solution = _sync(
        summary, Solution, {"slug": item["slug"]}, values, is_stale=_solution_html_is_stale
    )
    names = [name for name, _ in item["forms"]]
    stale = solution.forms.exclude(name__in=names)
    for _ in range(stale.count()):
        summary.record("Solution forms", "deleted")
    stale.delete()
    for position, (name, description) in enumerate(item["forms"], start=1):
        _sync(
            summary,
            SolutionForm,
            {"solution": solution, "name": name},
            {"description": description, "position": position},
        )
    return solution


def _load_safety_data(
    summary: LoadSummary,
    solution: Solution,
    item: Mapping[str, Any],
    references: Mapping[str, Reference],
) -> None:
    """The solution's dose limits and the medicines it interacts with, for the unsafe-advice
    checks. Medicines come from the list the library's migration seeds."""
    where = f"solution {item['slug']}"
    limits = item.get("dose_limits", [])
    keep = [(kind, applies_to) for kind, _, _, applies_to, _ in limits]
    for limit in solution.dose_limits.all():
        if (limit.kind, limit.applies_to) not in keep:
            limit.delete()
            summary.record("Dose limits", "deleted")
    for kind, amount, unit, applies_to, key in limits:
        (reference,) = _pick(references, [key], where)
        _sync(
            summary,
            DoseLimit,
            {"solution": solution, "kind": kind, "applies_to": applies_to},
            {"amount": Decimal(amount), "unit": unit, "reference": reference},
        )
    interactions = dict(item.get("interacts_with", []))
    stale = solution.medicine_interactions.exclude(medicine__name__in=interactions)
    for _ in range(stale.count()):
        summary.record("Interactions", "deleted")
    stale.delete()
    medicines = {m.name: m for m in Medicine.objects.filter(name__in=interactions)}
    for name, why in interactions.items():
        (medicine,) = _pick(medicines, [name], where)
        _sync(summary, Interaction, {"solution": solution, "medicine": medicine}, {"why": why})


def _solution_html_is_stale(solution: Solution) -> bool:
    return any(
        getattr(solution, f"{name}_html") != solution.rendered(name)
        for name in SOLUTION_TEXT_FIELDS
    )


def _load_evidence(
    summary: LoadSummary,
    item: Mapping[str, Any],
    solutions: Mapping[str, Solution],
    conditions: Mapping[str, Condition],
    references: Mapping[str, Reference],
) -> SolutionForCondition:
    where = f"evidence {item['solution']} for {item['condition']}"
    (solution,) = _pick(solutions, [item["solution"]], where)
    (condition,) = _pick(conditions, [item["condition"]], where)
    evidence = _sync(
        summary,
        SolutionForCondition,
        {"solution": solution, "condition": condition},
        {"grade": item["grade"], "summary": item["summary"]},
    )
    evidence.references.set(_pick(references, item["references"], where))
    return evidence


def _load_article(
    summary: LoadSummary,
    item: Mapping[str, Any],
    people: Mapping[str, User],
    references: Mapping[str, Reference],
    conditions: Mapping[str, Condition],
    solutions: Mapping[str, Solution],
) -> Article:
    where = f"article {item['slug']}"
    (author,) = _pick(people, [item["author"]], where)
    reviewer = _pick(people, [item["reviewer"]], where)[0] if item.get("reviewer") else None
    values = {
        "title": item["title"],
        "summary": item["summary"],
        "author": author,
        "reviewer": reviewer,
        "body": item["body"],
        "status": ArticleStatus.PUBLISHED,
        "published_at": item["published"],
        "updated_at": item["updated"],
    }
    article = _sync(summary, Article, {"slug": item["slug"]}, values)
    _load_article_references(summary, article, _pick(references, item["references"], where))
    # Citations link only up to the article's reference count, known once its rows exist.
    rendered = (article.body_html, article.toc, article.citations)
    article.render()
    if (article.body_html, article.toc, article.citations) != rendered:
        article.save(update_fields=["body_html", "toc", "citations"])
    topics = [row.topic_id for row in _pick(conditions, item.get("conditions", []), where)]
    topics += [row.topic_id for row in _pick(solutions, item.get("solutions", []), where)]
    article.topics.set(topics)
    if reviewer is not None:
        # The demo's reviewer read the text as last updated: that is its medical review.
        _sync(
            summary,
            Topic,
            {"pk": article.topic_id},
            {"reviewed_at": item["updated"], "reviewed_by": reviewer},
        )
    return article


def _load_article_references(
    summary: LoadSummary, article: Article, references: list[Reference]
) -> None:
    """Number the article's references 1, 2, 3… in the order its front matter lists them."""
    wanted = {number: reference.pk for number, reference in enumerate(references, start=1)}
    for row in article.article_references.all():
        if wanted.get(row.number) != row.reference_id:
            row.delete()
            summary.record("Article references", "deleted")
    for number, reference in enumerate(references, start=1):
        _sync(
            summary,
            ArticleReference,
            {"article": article, "number": number},
            {"reference": reference},
        )


def _load_video(
    summary: LoadSummary,
    item: Mapping[str, Any],
    conditions: Mapping[str, Condition],
    solutions: Mapping[str, Solution],
) -> Video:
    where = f"video {item['slug']}"
    values = {
        name: item[name]
        for name in ["title", "creator", "creator_url", "url", "description", "published_at"]
    }
    video = _sync(summary, Video, {"slug": item["slug"]}, values)
    topics = [row.topic_id for row in _pick(conditions, item["conditions"], where)]
    topics += [row.topic_id for row in _pick(solutions, item["solutions"], where)]
    video.topics.set(topics)
    return video
