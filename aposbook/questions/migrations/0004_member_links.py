# Members' links became rel="nofollow ugc noopener": render stored questions and answers again.
from django.db import migrations

from aposbook.lib.migrations import render_member_writing_again


class Migration(migrations.Migration):
    dependencies = [("questions", "0003_visibility")]

    operations = [
        render_member_writing_again(app="questions", model="Question"),
        render_member_writing_again(app="questions", model="Answer"),
    ]
