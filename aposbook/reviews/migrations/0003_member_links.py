# Members' links became rel="nofollow ugc noopener": render the stored stories again.
from django.db import migrations

from aposbook.lib.migrations import render_member_writing_again


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_visibility")]

    operations = [
        render_member_writing_again(
            app="reviews", model="Review", source="story", html="story_html"
        ),
    ]
