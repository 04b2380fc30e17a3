"""Suspensions and expert applications move from accounts to moderation, which owns them.
The tables stay as they are (`accounts_…`): only Django's idea of which app holds them
changes, here and in `accounts.0003`."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from aposbook.lib.migrations import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0001_initial'),
        ('accounts', '0002_account_state'),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExpertApplication',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('profession', models.CharField(help_text='For example: registered dietitian.', max_length=120)),
                        ('credentials', models.CharField(help_text='For example: "MS, RD".', max_length=80)),
                        ('registry_url', models.URLField(help_text='A public register or licence page where we can check your registration.', max_length=500, verbose_name='registry or licence link')),
                        ('statement', models.TextField(blank=True, help_text='Anything that helps us check: registration number, employer…')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for a moderator'), ('approved', 'Approved'), ('refused', 'Refused')], default='pending', max_length=10)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('refusal_reason', models.TextField(blank=True)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='expert_applications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_expertapplication',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('user',), name='accounts_one_pending_expert_application'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'refused'), _negated=True), models.Q(('refusal_reason', ''), _negated=True), _connector='OR'), name='accounts_refusal_has_reason')],
                    },
                ),
                migrations.CreateModel(
                    name='Suspension',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(help_text='Which part of the code of conduct was broken, and how.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('ends_at', models.DateTimeField(blank=True, help_text='Leave empty for a suspension without an end date.', null=True)),
                        ('lifted_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('lifted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='suspensions', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_suspension',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_at__isnull', True), ('ends_at__gt', models.F('created_at')), _connector='OR'), name='accounts_suspension_ends_after_start')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types(old_app="accounts", new_app="moderation", models=["suspension", "expertapplication"]),
    ]
