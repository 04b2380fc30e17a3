# A topic's questions page by key (-created_at, -id): an index for all of them and one for
# the unanswered ones; the first replaces the topic's own index, which it starts with.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0006_newest_first_indexes"),
        ("questions", "0004_member_links"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                fields=["topic", "-created_at", "-id"], name="community_question_newest"
            ),
        ),
        migrations.RemoveIndex(model_name="question", name="community_question_unanswered"),
        migrations.AddIndex(
            model_name="question",
            index=models.Index(
                fields=["topic", "answer_count", "-created_at", "-id"],
                name="community_question_unanswered",
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="topic",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="questions",
                to="library.topic",
            ),
        ),
    ]
