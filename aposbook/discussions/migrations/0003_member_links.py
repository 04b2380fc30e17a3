# Members' links became rel="nofollow ugc noopener": render the stored posts again.
from django.db import migrations

from aposbook.lib.migrations import render_member_writing_again


class Migration(migrations.Migration):
    dependencies = [("discussions", "0002_visibility")]

    operations = [render_member_writing_again(app="discussions", model="Post")]
