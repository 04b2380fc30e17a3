"""Reviews for `.ci/api-check`'s throwaway database, so that schemathesis reads review
figures with numbers in them: two members each review every demo solution for its first
condition, and one for no condition in particular. Never run against a real database."""

from aposbook.accounts.models import User
from aposbook.library.models import SolutionForCondition
from aposbook.reviews.services import ReviewDetails, create_review


def details(score: int) -> ReviewDetails:
    return ReviewDetails(
        effectiveness=score,
        side_effects="none",
        side_effects_text="",
        solution_form=None,
        dose="",
        duration="1-3-months",
        recommends=score >= 6,
        story="A review written for the API check's throwaway database.",
    )


members = [
    User.objects.create_user(email=f"api-check-{n}@example.invalid", display_name=f"Check {n}")
    for n in (1, 2)
]
pairs = {row.solution: row.condition for row in SolutionForCondition.objects.all()}
for score, member in zip((4, 9), members, strict=True):
    for solution, condition in pairs.items():
        create_review(author=member, solution=solution, condition=condition, details=details(score))
        create_review(author=member, solution=solution, condition=None, details=details(score))
print(f"{2 * len(members) * len(pairs)} reviews for {len(pairs)} solutions")
