from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from aposbook.accounts.limits import add_limit_errors
from aposbook.accounts.models import User
from aposbook.lib.text_checks import check_member_text
from aposbook.library.forms import UnsafeAdviceForm
from aposbook.library.models import Condition, Solution, SolutionForm

from .models import SCORES, Duration, Review, SideEffects
from .services import OWN_REVIEW, ReviewDetails

STORY_MIN = 50
STORY_MAX = 5000
SIDE_EFFECTS_MAX = 1000
DOSE_MAX = 120
YES_NO = [("yes", "Yes"), ("no", "No")]


def already_reviewed(solution: Solution, condition: Condition | None) -> str:
    what = f"{solution.name} for {condition.name.lower()}" if condition else solution.name
    return f"You have already reviewed {what}."


def _already_reviewed(solution: Solution, condition: Condition | None) -> str:
    return f"{already_reviewed(solution, condition)} You can edit that review instead."


class ReviewForm(UnsafeAdviceForm):
    """A member's review of a solution. A new review chooses its condition; an edit keeps it."""

    checked_fields = ("story", "dose")

    condition = forms.ModelChoiceField(
        label="What did you take it for?",
        queryset=Condition.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="No particular condition",
        error_messages={"invalid_choice": "Please choose one of the conditions in the list."},
    )
    effectiveness = forms.TypedChoiceField(
        label="How well did it work for you?",
        help_text="1 means it did nothing, 10 that it worked very well.",
        choices=[(score, str(score)) for score in SCORES],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={
            "required": "Please rate how well it worked, from 1 to 10.",
            "invalid_choice": "Please rate how well it worked, from 1 to 10.",
        },
    )
    side_effects = forms.ChoiceField(
        label="Side effects",
        choices=SideEffects.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please say whether you had side effects.",
            "invalid_choice": "Please choose none, mild, moderate or severe.",
        },
    )
    side_effects_text = forms.CharField(
        label="What side effects did you have?",
        help_text="Needed unless you had none.",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    solution_form = forms.ModelChoiceField(
        label="Which form did you use?",
        queryset=SolutionForm.objects.none(),
        required=False,
        empty_label="Other, or not sure",
        error_messages={"invalid_choice": "Please choose one of the forms in the list."},
    )
    dose = forms.CharField(
        label="Dose used",
        help_text="For example: 200 mg at bedtime. Leave empty if you are not sure.",
        required=False,
        strip=False,
    )
    duration = forms.ChoiceField(
        label="How long did you take it?",
        choices=[("", "Choose…"), *Duration.choices],
        error_messages={
            "required": "Please say how long you took it.",
            "invalid_choice": "Please choose one of the periods in the list.",
        },
    )
    recommends = forms.TypedChoiceField(
        label="Would you recommend it?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please say whether you would recommend it.",
            "invalid_choice": "Please answer yes or no.",
        },
    )
    story = forms.CharField(
        label="Your story",
        help_text=f"What happened, in at least {STORY_MIN} characters. You can use Markdown. "
        "Please share your experience, not advice for others.",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Please write your story."},
    )

    def __init__(
        self,
        *args: Any,
        author: User,
        solution: Solution,
        review: Review | None = None,
        **kwargs: Any,
    ) -> None:
        if review is not None:
            kwargs.setdefault("initial", self.initial_for(review))
        super().__init__(*args, **kwargs)
        self.author, self.solution, self.review = author, solution, review
        # `self.fields` holds copies of the fields declared above, typed only as Field.
        form_field = cast(forms.ModelChoiceField, self.fields["solution_form"])
        form_field.queryset = solution.forms.all()
        if review is not None:
            del self.fields["condition"]
        else:
            condition_field = cast(forms.ModelChoiceField, self.fields["condition"])
            condition_field.queryset = Condition.objects.filter(
                evidence__solution=solution
            ).order_by("name")
        self.fields["dose"].widget.attrs["maxlength"] = DOSE_MAX

    def safety_topic_id(self) -> int | None:
        return self.solution.topic_id

    @staticmethod
    def initial_for(review: Review) -> dict:
        return {
            "effectiveness": review.effectiveness,
            "side_effects": review.side_effects,
            "side_effects_text": review.side_effects_text,
            "solution_form": review.solution_form_id,
            "dose": review.dose,
            "duration": review.duration,
            "recommends": "yes" if review.recommends else "no",
            "story": review.story,
        }

    def clean_story(self) -> str:
        return check_member_text(
            self.cleaned_data["story"], min_length=STORY_MIN, max_length=STORY_MAX, what="story"
        )

    def clean_dose(self) -> str:
        dose = self.cleaned_data["dose"].strip()
        if not dose:
            return ""
        return check_member_text(dose, min_length=1, max_length=DOSE_MAX, what="dose")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self._clean_side_effects_text(cleaned)
        if self.review is None and "condition" in cleaned:
            condition = cleaned["condition"]
            if Review.objects.filter(
                author=self.author, solution=self.solution, condition=condition
            ).exists():
                self.add_error("condition", _already_reviewed(self.solution, condition))
        texts = [cleaned.get("story", ""), cleaned.get("side_effects_text", "")]
        new = self.review is None
        add_limit_errors(self, field="story", author=self.author, texts=texts, new=new)
        return cleaned

    def _clean_side_effects_text(self, cleaned: dict) -> None:
        text = cleaned.get("side_effects_text", "")
        if cleaned.get("side_effects") in (None, SideEffects.NONE):
            cleaned["side_effects_text"] = ""
            return
        if not text.strip():
            self.add_error("side_effects_text", "Please describe the side effects you had.")
            return
        try:
            cleaned["side_effects_text"] = check_member_text(
                text, min_length=3, max_length=SIDE_EFFECTS_MAX, what="description"
            )
        except ValidationError as error:
            self.add_error("side_effects_text", error)

    def add_duplicate_error(self) -> None:
        """The review raced another with the same condition, past `clean`."""
        self.add_error("condition", _already_reviewed(self.solution, self.chosen_condition))

    @property
    def chosen_condition(self) -> Condition | None:
        return self.cleaned_data.get("condition") if self.review is None else self.review.condition

    def details(self) -> ReviewDetails:
        data = self.cleaned_data
        return ReviewDetails(
            effectiveness=data["effectiveness"],
            side_effects=data["side_effects"],
            side_effects_text=data["side_effects_text"],
            solution_form=data.get("solution_form"),
            dose=data["dose"],
            duration=data["duration"],
            recommends=data["recommends"],
            story=data["story"],
        )


class OtherConditionForm(forms.Form):
    """Where a member who already reviewed a pair picks another one to review: the
    conditions they have not reviewed the solution for yet. It leads to the write page."""

    condition = forms.ChoiceField(label="Review it for another condition", required=False)

    def __init__(self, *, solution: Solution, reviewed: Collection[int | None]) -> None:
        super().__init__()
        conditions = Condition.objects.filter(evidence__solution=solution).order_by("name")
        choices = [
            (condition.slug, condition.name)
            for condition in conditions.only("name", "slug")
            if condition.pk not in reviewed
        ]
        if None not in reviewed:
            choices.insert(0, ("", "No particular condition"))
        cast(forms.ChoiceField, self.fields["condition"]).choices = choices

    @property
    def has_choices(self) -> bool:
        return bool(cast(forms.ChoiceField, self.fields["condition"]).choices)


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "Please say whether the review was helpful.",
            "invalid_choice": "Please say whether the review was helpful.",
        },
    )
    next = forms.CharField(required=False)

    def __init__(self, *args: Any, review: Review, voter: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review, self.voter = review, voter

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.review.author_id == self.voter.pk:
            raise ValidationError(OWN_REVIEW, code="own_review")
        return cleaned


@dataclass(frozen=True)
class ConditionFilter:
    """The reviews list narrowed to one condition, or to reviews for no particular one."""

    slug: str
    condition: Condition | None

    @property
    def condition_id(self) -> int | None:
        return self.condition.pk if self.condition else None

    @property
    def subject(self) -> str:
        if self.condition is None:
            return " without a particular condition"
        return f" for {self.condition.name.lower()}"


NO_CONDITION = "none"


class ReviewFilterForm(forms.Form):
    """How the reviews list is sorted and narrowed; anything it does not know is ignored."""

    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _order) in Review.SORTS.items()],
    )
    condition = forms.ChoiceField(label="Condition", required=False)

    def __init__(self, data: Mapping[str, Any], *, solution: Solution) -> None:
        super().__init__(data)
        conditions = (
            Condition.objects.filter(
                Q(evidence__solution=solution) | Q(review_stats__solution=solution)
            )
            .distinct()
            .only("name", "slug")
            .order_by("name")
        )
        self.conditions = {condition.slug: condition for condition in conditions}
        cast(forms.ChoiceField, self.fields["condition"]).choices = [
            ("", "All conditions"),
            *((slug, condition.name) for slug, condition in self.conditions.items()),
            (NO_CONDITION, "No particular condition"),
        ]

    def choice(self) -> tuple[str, ConditionFilter | None]:
        self.is_valid()  # keeps the fields that are valid, drops the others
        sort = self.cleaned_data.get("sort") or "helpful"
        slug = self.cleaned_data.get("condition") or ""
        if not slug:
            return sort, None
        return sort, ConditionFilter(slug=slug, condition=self.conditions.get(slug))

    def query_prefix(self) -> str:
        """The sort and filter as a query string prefix, for the page links."""
        kept = {key: value for key, value in self.cleaned_data.items() if value}
        return f"{urlencode(kept)}&" if kept else ""
