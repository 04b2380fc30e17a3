# A thread's posts page by key (created_at, id) instead of by page number: one index serves
# that order, and replaces the thread's own index (its prefix) and the one on created_at,
# which only served counting the posts before a post.
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("discussions", "0003_member_links")]

    operations = [
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                fields=["thread", "created_at", "id"], name="community_post_thread_order"
            ),
        ),
        migrations.AlterField(
            model_name="post",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="post",
            name="thread",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="posts",
                to="discussions.thread",
            ),
        ),
    ]
