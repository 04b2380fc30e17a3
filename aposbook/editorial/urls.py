from django.urls import path, register_converter

from aposbook.library.models import TopicKind

from . import articles, views


class SectionConverter:
    """The library section in an address ("articles") as the topic kind ("article")."""

    regex = "articles|conditions|solutions"
    sections = {
        "articles": TopicKind.ARTICLE,
        "conditions": TopicKind.CONDITION,
        "solutions": TopicKind.SOLUTION,
    }

    def to_python(self, value: str) -> str:
        return str(self.sections[value])

    def to_url(self, value: str) -> str:
        return f"{value}s"


register_converter(SectionConverter, "section")

PAGE = "<section:kind>/<slug:slug>/"

app_name = "editorial"
urlpatterns = [
    path("editorial/", views.desk, name="desk"),
    path("editorial/proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("editorial/proposals/<int:proposal_id>/accept/", views.accept, name="accept"),
    path("editorial/proposals/<int:proposal_id>/refuse/", views.refuse, name="refuse"),
    path("editorial/proposals/<int:proposal_id>/withdraw/", views.withdraw, name="withdraw"),
    path("editorial/videos/new/", views.submit_video, name="submit_video"),
    path("editorial/videos/<int:video_id>/", views.video_submission, name="video"),
    path(
        "editorial/videos/<int:video_id>/publish/",
        views.decide_video,
        {"decision": "publish"},
        name="publish_video",
    ),
    path(
        "editorial/videos/<int:video_id>/refuse/",
        views.decide_video,
        {"decision": "refuse"},
        name="refuse_video",
    ),
    path(f"{PAGE}suggest/", views.suggest_edit, name="suggest"),
    path(f"{PAGE}add-information/", views.add_information, name="add_information"),
    path(f"{PAGE}suggest/preview/", views.preview, name="preview"),
    path(f"{PAGE}history/", views.history, name="history"),
    path(f"{PAGE}history/compare/", views.compare, name="compare"),
    path(f"{PAGE}history/<int:number>/", views.revision_detail, name="revision"),
    path(f"{PAGE}history/<int:number>/restore/", views.restore, name="restore"),
    # Writing and publishing articles; medical reviews (articles.py).
    path("editorial/articles/new/", articles.new_article, name="new_article"),
    path("editorial/articles/<int:article_id>/", articles.article_page, name="article"),
    path("editorial/articles/<int:article_id>/edit/", articles.edit_article, name="edit_article"),
    path(
        "editorial/articles/<int:article_id>/<slug:move>/",
        articles.move_article,
        name="move_article",
    ),
    path(f"{PAGE}medical-review/", articles.record_review, name="record_review"),
]
