"""Articles remember which links cite each reference, so the reference list links back to
them. Stored HTML is rendered again with today's renderer: citation links get their new ids
(`cite-ref-3-1`), HTML comments go, and a first heading that repeats the title is left out."""

from django.db import migrations, models

from aposbook.lib.markdown import render_article, render_markdown


def render_again(apps, schema_editor):
    Article = apps.get_model("library", "Article")
    ArticleReference = apps.get_model("library", "ArticleReference")
    Condition = apps.get_model("library", "Condition")
    Solution = apps.get_model("library", "Solution")
    for article in Article.objects.only("pk", "title", "body"):
        count = ArticleReference.objects.filter(article_id=article.pk).count()
        rendered = render_article(article.body, reference_count=count, title=article.title)
        Article.objects.filter(pk=article.pk).update(
            body_html=rendered.html,
            toc=rendered.toc,
            citations={str(number): ids for number, ids in rendered.citations.items()},
        )
    for condition in Condition.objects.only("pk", "name", "body"):
        html = render_markdown(condition.body, title=condition.name)
        Condition.objects.filter(pk=condition.pk).update(body_html=html)
    fields = ["body", "dosage", "side_effects", "interactions", "avoid_if"]
    for solution in Solution.objects.only("pk", "name", *fields):
        Solution.objects.filter(pk=solution.pk).update(
            **{
                f"{field}_html": render_markdown(
                    getattr(solution, field), title=solution.name if field == "body" else ""
                )
                for field in fields
            }
        )


class Migration(migrations.Migration):

    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="citations",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="The ids of the links in the body that cite each reference, by its number.",
            ),
        ),
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
