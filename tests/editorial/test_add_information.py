"""Experts add a section, with its sources, to a condition's or a solution's page: a
proposal that editors accept or refuse like any other."""

import pytest

from aposbook.editorial import services
from aposbook.editorial.models import EditProposal
from tests.factories import ConditionFactory, ReferenceFactory
from tests.helpers import page_text

ADD = "/conditions/insomnia/add-information/"
TEXT = (
    "A trial in older adults found that 500 mg of magnesium a day helped them fall asleep "
    "sooner than a placebo (1)."
)


@pytest.fixture
def insomnia(db):
    return ConditionFactory(name="Insomnia", slug="insomnia", body="Trouble sleeping.")


def add(client, **data: str):
    form = {"heading": "Magnesium in older adults", "body": TEXT, "references": "22853596"}
    return client.post(ADD, {**form, **data})


def test_an_expert_adds_a_section_with_its_sources(client, erin, insomnia) -> None:
    ReferenceFactory(pmid="22853596", authors="Abbasi B, Kimiagar M", title="A trial", year=2012)
    client.force_login(erin)

    response = add(client)

    proposal = EditProposal.objects.get()
    assert response.status_code == 302
    assert proposal.body.startswith("Trouble sleeping.\n\n## Magnesium in older adults\n\n")
    assert "1. Abbasi B, Kimiagar M (2012) A trial." in proposal.body
    assert "(https://pubmed.ncbi.nlm.nih.gov/22853596/)" in proposal.body
    assert proposal.reason == "Added a section: Magnesium in older adults"
    insomnia.refresh_from_db()
    assert insomnia.body == "Trouble sleeping."  # nothing changes until an editor accepts


def test_a_new_source_needs_its_details(client, erin, insomnia) -> None:
    client.force_login(erin)

    refused = add(client, references="10.1000/xyz123")
    added = add(client, references="10.1000/xyz123 | Lee K | Sleep study | Sleep Journal | 2021")

    assert refused.status_code == 400
    assert "is not in our library yet" in page_text(refused)
    assert TEXT in refused.content.decode()
    assert added.status_code == 302
    assert "[doi:10.1000/xyz123](https://doi.org/10.1000/xyz123)" in EditProposal.objects.get().body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"heading": ""}, "Please write your heading."),
        ({"body": "Too short."}, "Your text is too short"),
        ({"references": ""}, "Please give at least one source"),
        ({"references": "not-a-key"}, "is neither a DOI"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_text(client, erin, insomnia, data, message) -> None:
    client.force_login(erin)

    response = add(client, **data)

    assert response.status_code == 400
    assert message in page_text(response)
    assert not EditProposal.objects.exists()


def test_members_do_not_add_information(client, alice, insomnia) -> None:
    client.force_login(alice)

    response = add(client)

    assert response.status_code == 403
    assert "Only health experts add information" in page_text(response)
    assert not EditProposal.objects.exists()


def test_articles_take_edits_not_sections(client, erin, db) -> None:
    client.force_login(erin)

    assert client.get("/articles/anything/add-information/").status_code == 404


def test_an_accepted_section_appears_on_the_page(client, erin, mo, insomnia) -> None:
    ReferenceFactory(pmid="22853596")
    client.force_login(erin)
    add(client)

    services.accept_proposal(proposal=EditProposal.objects.get(), editor=mo)

    page = page_text(client.get("/conditions/insomnia/"))
    assert "Magnesium in older adults" in page
    assert "helped them fall asleep sooner" in page
    assert "Add information" in page
