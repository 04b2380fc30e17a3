# The library pages articles and videos newest first by key: an index serving each order,
# over published rows only (the articles' order is the date their cards show).
from django.db import migrations, models
from django.db.models.functions import Coalesce, Greatest


class Migration(migrations.Migration):
    dependencies = [("library", "0005_unsafe_advice_checks")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(
                    Greatest("updated_at", Coalesce("published_at", "updated_at")),
                    descending=True,
                ),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="library_article_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="video",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="library_video_newest",
            ),
        ),
    ]
