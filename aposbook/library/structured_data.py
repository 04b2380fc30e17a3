"""schema.org data (JSON-LD) for the library's pages: one builder per kind of page.

Each builder returns plain data; the page puts it in a block with `lib.seo.json_ld`. Apps
above the library add to a solution's data through `register_solution_data` (the reviews
add members' aggregate rating), so the library never imports them.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.html import strip_tags

from aposbook.accounts.models import User
from aposbook.lib.seo import absolute, iso, person

from .models import (
    Article,
    ArticleReference,
    Condition,
    Reference,
    Solution,
    SolutionKind,
    Topic,
    Video,
)

# Supplements, herbs and foods are all taken by mouth for their effect on health, which is
# schema.org's DietarySupplement (a kind of Product); a practice such as CBT-I is a therapy.
SOLUTION_TYPES = {
    SolutionKind.SUPPLEMENT: "DietarySupplement",
    SolutionKind.HERB: "DietarySupplement",
    SolutionKind.FOOD: "DietarySupplement",
    SolutionKind.PRACTICE: "MedicalTherapy",
}

SolutionData = Callable[[Solution], dict[str, Any]]
_solution_data: list[SolutionData] = []


def register_solution_data(builder: SolutionData) -> None:
    """Add properties to every solution's data (from an app's `AppConfig.ready()`)."""
    if builder not in _solution_data:
        _solution_data.append(builder)


def publisher() -> dict[str, Any]:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}


def author_data(user: User) -> dict[str, Any]:
    """An author or reviewer, with credentials, linked to their profile where it is public."""
    url = absolute(user.get_absolute_url()) if user.has_public_profile else ""
    credentials = "" if user.is_deleted else user.credentials
    return person(user.public_name, url=url, credentials=credentials)


def _medical_page(topic: Topic, url: str, **extra: Any) -> dict[str, Any]:
    """The page itself: when it was last medically reviewed, and by whom."""
    page: dict[str, Any] = {"@type": "MedicalWebPage", "@id": url, "url": url, **extra}
    if topic.reviewed_at:
        page["lastReviewed"] = iso(topic.reviewed_at)
    if topic.reviewed_by:
        page["reviewedBy"] = author_data(topic.reviewed_by)
    return page


def condition_data(condition: Condition) -> dict[str, Any]:
    url = absolute(condition.get_absolute_url())
    entity: dict[str, Any] = {
        "@type": "MedicalCondition",
        "@id": f"{url}#condition",
        "name": condition.name,
        "description": condition.summary,
        "url": url,
    }
    if condition.synonym_list:
        entity["alternateName"] = condition.synonym_list
    if condition.code_list:
        # "F51.0x" is our way of writing a whole category: its code is F51.0.
        entity["code"] = [
            {"@type": "MedicalCode", "codeValue": code.rstrip("x"), "codingSystem": "ICD-10-CM"}
            for code in condition.code_list
        ]
    return _medical_page(condition.topic, url, name=condition.name, about=entity)


def solution_data(solution: Solution) -> dict[str, Any]:
    url = absolute(solution.get_absolute_url())
    entity: dict[str, Any] = {
        "@type": SOLUTION_TYPES[SolutionKind(solution.kind)],
        "@id": f"{url}#solution",
        "name": solution.name,
        "description": solution.summary,
        "url": url,
    }
    for builder in _solution_data:
        entity |= builder(solution)
    return _medical_page(solution.topic, url, name=solution.name, about=entity)


def reference_data(reference: Reference) -> dict[str, Any]:
    """A cited study, named as the reference list names it."""
    data: dict[str, Any] = {"@type": "ScholarlyArticle", "name": reference.title}
    if reference.authors:
        data["author"] = reference.authors
    if reference.year:
        data["datePublished"] = str(reference.year)
    if reference.journal:
        data["isPartOf"] = {"@type": "Periodical", "name": reference.journal}
    if reference.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi}
    if reference.link:
        data["url"] = reference.link
    return data


def article_data(
    article: Article, *, references: list[ArticleReference], topics: list[Topic]
) -> dict[str, Any]:
    """The page (a MedicalWebPage, with its medical review) and the article it carries."""
    url = absolute(article.get_absolute_url())
    entity: dict[str, Any] = {
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": {"@id": url},
        "author": author_data(article.author),
        "publisher": publisher(),
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.last_updated),
        "citation": [reference_data(item.reference) for item in references],
    }
    if topics:
        entity["about"] = [{"@type": "Thing", "name": t.title} for t in topics]
    page = _medical_page(
        article.topic,
        url,
        name=article.title,
        dateModified=entity["dateModified"],
        mainEntity={"@id": entity["@id"]},
    )
    if "reviewedBy" not in page and article.reviewer:
        page["reviewedBy"] = author_data(article.reviewer)
    return {"@graph": [page, entity]}


def video_data(video: Video) -> dict[str, Any]:
    """A VideoObject; YouTube's still image is at a fixed address, Vimeo's only through its
    API, so a Vimeo video names none rather than a made-up one."""
    data: dict[str, Any] = {
        "@type": "VideoObject",
        "name": video.title,
        "description": strip_tags(video.description) or video.title,
        "uploadDate": iso(video.published_at),
        "embedUrl": video.embed_url,
        "url": absolute(video.get_absolute_url()),
    }
    if thumbnail := video_thumbnail(video):
        data["thumbnailUrl"] = thumbnail
    return data


def video_thumbnail(video: Video) -> str:
    """A real still image of the video where its address is known without asking anyone."""
    if video.provider == "youtube":
        return f"https://i.ytimg.com/vi/{video.video_id}/hqdefault.jpg"
    return ""
