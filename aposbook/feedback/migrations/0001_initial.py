"""The feedback models, which lived in the `community` app until it was split: their tables
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
            tables=["community_feedback"],
            operations=[
                migrations.CreateModel(
                    name='Feedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('helpful', models.BooleanField()),
                        ('comment', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('topic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='library.topic')),
                        ('user', models.ForeignKey(blank=True, help_text='Empty when a visitor who was not logged in sent it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'feedback',
                        'db_table': 'community_feedback',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
            ],
        ),
        move_content_types(old_app="community", new_app="feedback", models=["feedback"]),
    ]
