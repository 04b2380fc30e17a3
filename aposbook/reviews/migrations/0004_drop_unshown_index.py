# The reviews list pages by key and no longer counts the reviews outside the figures: the
# index that served that count has nothing left to serve.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_member_links")]

    operations = [
        migrations.RemoveIndex(model_name="review", name="community_review_unshown"),
    ]
