"""Suspensions and expert applications now belong to moderation (its 0002 takes them over);
the tables stay, so only the state changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_account_state'),
        ('moderation', '0002_suspension_expertapplication'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='suspension',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='suspension',
                    name='lifted_by',
                ),
                migrations.RemoveField(
                    model_name='suspension',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='ExpertApplication',
                ),
                migrations.DeleteModel(
                    name='Suspension',
                ),
            ],
            database_operations=[],
        ),
    ]
