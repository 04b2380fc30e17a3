from io import StringIO

import pytest
from django.core.management import call_command

from aposbook.library.models import VocabularyTerm

ONLY = "G47,F51,G43"


def run_import(**options: object) -> str:
    out = StringIO()
    call_command("import_icd10", no_progress=True, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict[tuple[str, str, str], tuple[int, str, bool]]:
    return {
        (row.code, row.source, row.term): (row.id, row.key, row.is_leaf)
        for row in VocabularyTerm.objects.all()
    }


@pytest.mark.django_db
def test_it_imports_descriptions_and_inclusion_terms_with_dotted_codes() -> None:
    output = run_import(only=ONLY)

    description = VocabularyTerm.objects.get(code="G47.00", source="description")
    assert description.term == "Insomnia, unspecified"
    assert description.key == "insomnia unspecified"
    assert description.is_leaf
    inclusion = VocabularyTerm.objects.get(code="G47.00", source="inclusion")
    assert inclusion.term == "Insomnia NOS"
    assert inclusion.key == "insomnia nos"
    assert not VocabularyTerm.objects.get(code="G47.0", source="description").is_leaf
    assert VocabularyTerm.objects.filter(code="G43.1", term="Migraine with aura").exists()
    assert "ICD-10-CM April 2026 edition" in output
    assert f"{VocabularyTerm.objects.count():,} added, 0 updated, 0 removed" in output


@pytest.mark.django_db
def test_it_imports_only_codes_under_the_given_prefixes_and_no_chapters_or_blocks() -> None:
    run_import(only=ONLY)

    codes = set(VocabularyTerm.objects.values_list("code", flat=True))
    assert {code[:3] for code in codes} == {"G47", "F51", "G43"}
    assert "G40-G47" not in codes


@pytest.mark.django_db
def test_it_changes_nothing_when_run_again() -> None:
    run_import(only=ONLY)
    before = snapshot()

    output = run_import(only=ONLY)

    assert snapshot() == before
    assert f"0 added, 0 updated, 0 removed, {len(before):,} terms in total" in output


@pytest.mark.django_db
def test_it_updates_changed_terms_adds_missing_ones_and_removes_stale_ones() -> None:
    run_import(only=ONLY)
    before = snapshot()
    changed = VocabularyTerm.objects.get(code="G47.00", source="description")
    VocabularyTerm.objects.filter(id=changed.id).update(key="stale key", is_leaf=False)
    VocabularyTerm.objects.filter(code="G43.1", term="Migraine with aura").delete()
    stale = VocabularyTerm.objects.create(
        code="G47.99", source="description", term="A term the package dropped", key="dropped"
    )
    outside = VocabularyTerm.objects.create(
        code="I10", source="description", term="Essential (primary) hypertension", key="x"
    )

    output = run_import(only=ONLY)

    changed.refresh_from_db()
    assert (changed.key, changed.is_leaf) == ("insomnia unspecified", True)
    assert VocabularyTerm.objects.filter(code="G43.1", term="Migraine with aura").exists()
    assert not VocabularyTerm.objects.filter(id=stale.id).exists()
    assert VocabularyTerm.objects.filter(id=outside.id).exists(), "outside --only: left alone"
    after = snapshot()
    del after[("I10", "description", "Essential (primary) hypertension")]
    assert after.keys() == before.keys()
    assert after[("G47.00", "description", "Insomnia, unspecified")][0] == changed.id
    assert "1 added, 1 updated, 1 removed" in output


@pytest.mark.django_db
def test_it_skips_with_if_empty_when_terms_exist() -> None:
    VocabularyTerm.objects.create(code="G47.0", source="description", term="Insomnia", key="x")

    output = run_import(only=ONLY, if_empty=True)

    assert VocabularyTerm.objects.count() == 1
    assert "already imported" in output


@pytest.mark.django_db
def test_it_imports_with_if_empty_when_the_table_is_empty() -> None:
    run_import(only="G47", if_empty=True)

    assert VocabularyTerm.objects.filter(code="G47.00").count() == 2
