"""The questions models, which lived in the `community` app until it was split: their tables
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
            tables=["community_question", "community_answer", "community_answervote"],
            operations=[
                migrations.CreateModel(
                    name='Answer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(help_text='Markdown.')),
                        ('body_html', models.TextField(blank=True, editable=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('edited_at', models.DateTimeField(blank=True, null=True)),
                        ('vote_count', models.PositiveIntegerField(default=0)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'community_answer',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Question',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body_html', models.TextField(blank=True, editable=False)),
                        ('title', models.CharField(max_length=150)),
                        ('body', models.TextField(blank=True, help_text='Markdown; optional details.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('answer_count', models.PositiveIntegerField(default=0)),
                        ('accepted_answer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='questions.answer')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='questions', to=settings.AUTH_USER_MODEL)),
                        ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='library.topic')),
                    ],
                    options={
                        'db_table': 'community_question',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.AddField(
                    model_name='answer',
                    name='question',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='questions.question'),
                ),
                migrations.CreateModel(
                    name='AnswerVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('answer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='questions.answer')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answer_votes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'community_answervote',
                        'constraints': [models.UniqueConstraint(fields=('answer', 'user'), name='community_answervote_answer_user_unique')],
                    },
                ),
                migrations.AddIndex(
                    model_name='question',
                    index=models.Index(fields=['topic', 'answer_count', '-created_at'], name='community_question_unanswered'),
                ),
            ],
        ),
        move_content_types(old_app="community", new_app="questions", models=["question", "answer", "answervote"]),
    ]
