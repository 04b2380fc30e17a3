"""The reviews models, which lived in the `community` app until it was split: their tables
keep its names, and a database made before the split keeps them with every row
(`aposbook.lib.migrations`)."""

import django.db.models.deletion
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
            tables=["community_review", "community_reviewstats", "community_reviewvote"],
            operations=[
                migrations.CreateModel(
                    name='Review',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('effectiveness', models.PositiveSmallIntegerField(help_text='1 (did nothing) to 10.')),
                        ('side_effects', models.CharField(choices=[('none', 'None'), ('mild', 'Mild'), ('moderate', 'Moderate'), ('severe', 'Severe')], max_length=10)),
                        ('side_effects_text', models.TextField(blank=True, verbose_name='the side effects')),
                        ('dose', models.CharField(blank=True, max_length=120, verbose_name='dose used')),
                        ('duration', models.CharField(choices=[('under-1-month', 'Less than a month'), ('1-3-months', '1–3 months'), ('3-6-months', '3–6 months'), ('6-12-months', '6–12 months'), ('over-1-year', 'Over a year')], max_length=16, verbose_name='how long')),
                        ('recommends', models.BooleanField(verbose_name='would recommend it')),
                        ('story', models.TextField(help_text='Markdown.')),
                        ('story_html', models.TextField(blank=True, editable=False)),
                        ('helpful_count', models.PositiveIntegerField(default=0, editable=False)),
                        ('not_helpful_count', models.PositiveIntegerField(default=0, editable=False)),
                        ('helpfulness', models.FloatField(default=0.0, editable=False, help_text='Wilson lower bound of the helpful share.')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('edited_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to=settings.AUTH_USER_MODEL)),
                        ('condition', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='library.condition')),
                        ('solution', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='library.solution')),
                        ('solution_form', models.ForeignKey(blank=True, help_text='Empty: another form, or not sure.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='library.solutionform', verbose_name='form used')),
                    ],
                    options={
                        'db_table': 'community_review',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewStats',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('review_count', models.PositiveIntegerField(default=0)),
                        ('effectiveness_sum', models.PositiveIntegerField(default=0)),
                        ('rated_1', models.PositiveIntegerField(default=0)),
                        ('rated_2', models.PositiveIntegerField(default=0)),
                        ('rated_3', models.PositiveIntegerField(default=0)),
                        ('rated_4', models.PositiveIntegerField(default=0)),
                        ('rated_5', models.PositiveIntegerField(default=0)),
                        ('rated_6', models.PositiveIntegerField(default=0)),
                        ('rated_7', models.PositiveIntegerField(default=0)),
                        ('rated_8', models.PositiveIntegerField(default=0)),
                        ('rated_9', models.PositiveIntegerField(default=0)),
                        ('rated_10', models.PositiveIntegerField(default=0)),
                        ('side_effect_count', models.PositiveIntegerField(default=0)),
                        ('recommend_count', models.PositiveIntegerField(default=0)),
                        ('condition', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='review_stats', to='library.condition')),
                        ('solution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_stats', to='library.solution')),
                    ],
                    options={
                        'verbose_name': 'review figures',
                        'verbose_name_plural': 'review figures',
                        'db_table': 'community_reviewstats',
                    },
                ),
                migrations.CreateModel(
                    name='ReviewVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('helpful', models.BooleanField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='reviews.review')),
                        ('voter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='review_votes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'community_reviewvote',
                    },
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['solution', '-helpfulness', '-id'], name='community_review_helpful'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['solution', '-created_at', '-id'], name='community_review_newest'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['solution', '-effectiveness', '-id'], name='community_review_score'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['solution', 'condition', '-helpfulness', '-id'], name='community_review_pair_helpful'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['solution', 'condition', '-created_at', '-id'], name='community_review_pair_newest'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['solution', 'condition', '-effectiveness', '-id'], name='community_review_pair_score'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.UniqueConstraint(condition=models.Q(('condition__isnull', False)), fields=('author', 'solution', 'condition'), name='community_review_one_per_pair'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.UniqueConstraint(condition=models.Q(('condition__isnull', True)), fields=('author', 'solution'), name='community_review_one_per_solution'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.CheckConstraint(condition=models.Q(('effectiveness__gte', 1), ('effectiveness__lte', 10)), name='community_review_effectiveness_1_10'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.CheckConstraint(condition=models.Q(('side_effects__in', ['none', 'mild', 'moderate', 'severe'])), name='community_review_side_effects_valid'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.CheckConstraint(condition=models.Q(('side_effects', 'none'), models.Q(('side_effects_text', ''), _negated=True), _connector='OR'), name='community_review_side_effects_described'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.CheckConstraint(condition=models.Q(('duration__in', ['under-1-month', '1-3-months', '3-6-months', '6-12-months', 'over-1-year'])), name='community_review_duration_valid'),
                ),
                migrations.AddConstraint(
                    model_name='reviewstats',
                    constraint=models.UniqueConstraint(condition=models.Q(('condition__isnull', False)), fields=('solution', 'condition'), name='community_reviewstats_one_per_pair'),
                ),
                migrations.AddConstraint(
                    model_name='reviewstats',
                    constraint=models.UniqueConstraint(condition=models.Q(('condition__isnull', True)), fields=('solution',), name='community_reviewstats_one_per_solution'),
                ),
                migrations.AddConstraint(
                    model_name='reviewvote',
                    constraint=models.UniqueConstraint(fields=('review', 'voter'), name='community_reviewvote_one_per_member'),
                ),
            ],
        ),
        move_content_types(old_app="community", new_app="reviews", models=["review", "reviewstats", "reviewvote"]),
    ]
