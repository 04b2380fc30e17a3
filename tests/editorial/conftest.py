import pytest

from aposbook.accounts.models import User
from aposbook.library.models import Article, Condition
from tests.factories import ArticleFactory, ConditionFactory
from tests.fixtures import make_user

ARTICLE_TEXT = (
    "## How magnesium may help\n\n"
    "Magnesium may help some adults fall asleep.\n\n"
    "## How to take it\n\n"
    "Take it in the evening, with food.\n\n"
    "Ask your pharmacist about interactions."
)


@pytest.fixture
def nora(db) -> User:
    """The article's author, a health expert."""
    return make_user("nora@example.com", "Nora Quinn", role="expert", credentials="PharmD")


@pytest.fixture
def article(nora) -> Article:
    return ArticleFactory(
        title="Magnesium and sleep", slug="magnesium-and-sleep", author=nora, body=ARTICLE_TEXT
    )


@pytest.fixture
def insomnia(db) -> Condition:
    return ConditionFactory(name="Insomnia", slug="insomnia", body="Trouble sleeping.")
