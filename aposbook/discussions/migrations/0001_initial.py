"""The discussions models, which lived in the `community` app until it was split: their tables
keep its names, and a database made before the split keeps them with every row
(`aposbook.lib.migrations`)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from aposbook.lib.migrations import AdoptTables, move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ('library', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AdoptTables(
            tables=["community_thread", "community_post", "community_follow", "community_threadnotice"],
            operations=[
                migrations.CreateModel(
                    name='Thread',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=150)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('last_activity_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('reply_count', models.PositiveIntegerField(default=0, help_text='Posts after the opening one, kept up to date on every reply.')),
                        ('is_locked', models.BooleanField(default=False, help_text='A locked thread takes no replies.')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='threads', to=settings.AUTH_USER_MODEL)),
                        ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='threads', to='library.topic')),
                    ],
                    options={
                        'db_table': 'community_thread',
                        'ordering': ['-last_activity_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Post',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(help_text='Markdown.')),
                        ('body_html', models.TextField(blank=True, editable=False)),
                        ('edited_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to=settings.AUTH_USER_MODEL)),
                        ('quoted_post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='discussions.post')),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='discussions.thread')),
                    ],
                    options={
                        'db_table': 'community_post',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Follow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='library.topic')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL)),
                        ('thread', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='discussions.thread')),
                    ],
                    options={
                        'db_table': 'community_follow',
                    },
                ),
                migrations.CreateModel(
                    name='ThreadNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_at', models.DateTimeField()),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='discussions.thread')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'community_threadnotice',
                    },
                ),
                migrations.AddIndex(
                    model_name='thread',
                    index=models.Index(fields=['topic', '-last_activity_at'], name='community_thread_topic_active'),
                ),
                migrations.AddConstraint(
                    model_name='follow',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('thread__isnull', False), ('topic__isnull', True)), models.Q(('thread__isnull', True), ('topic__isnull', False)), _connector='OR'), name='community_follow_one_target'),
                ),
                migrations.AddConstraint(
                    model_name='follow',
                    constraint=models.UniqueConstraint(condition=models.Q(('thread__isnull', False)), fields=('user', 'thread'), name='community_follow_user_thread_unique'),
                ),
                migrations.AddConstraint(
                    model_name='follow',
                    constraint=models.UniqueConstraint(condition=models.Q(('topic__isnull', False)), fields=('user', 'topic'), name='community_follow_user_topic_unique'),
                ),
                migrations.AddConstraint(
                    model_name='threadnotice',
                    constraint=models.UniqueConstraint(fields=('user', 'thread'), name='community_threadnotice_user_thread_unique'),
                ),
            ],
        ),
        move_content_types(old_app="community", new_app="discussions", models=["thread", "post", "follow", "threadnotice"]),
    ]
