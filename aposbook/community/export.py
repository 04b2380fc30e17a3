"""What a member wrote in the community, for their data download (accounts' export)."""

from typing import Any

from aposbook.accounts.models import User

from .models import Answer, AnswerVote, Feedback, Follow, Post, Question, Review, ReviewVote, Thread


def member_contributions(user: User) -> dict[str, list[dict[str, Any]]]:
    """One section per kind of contribution, oldest first, with the text as written."""
    return {
        "reviews": [
            {
                "solution": review.solution.name,
                "condition": review.condition.name if review.condition else None,
                "effectiveness": review.effectiveness,
                "side_effects": review.side_effects,
                "side_effects_text": review.side_effects_text,
                "form": review.solution_form.name if review.solution_form else None,
                "dose": review.dose,
                "duration": review.duration,
                "recommends": review.recommends,
                "story": review.story,
                "created_at": review.created_at,
                "edited_at": review.edited_at,
            }
            for review in Review.objects.filter(author=user)
            .select_related("solution", "condition", "solution_form")
            .order_by("created_at")
        ],
        "review_votes": [
            {"review": vote.review_id, "helpful": vote.helpful, "created_at": vote.created_at}
            for vote in ReviewVote.objects.filter(voter=user).order_by("created_at")
        ],
        "discussions_started": [
            {"title": thread.title, "topic": thread.topic.title, "created_at": thread.created_at}
            for thread in Thread.objects.filter(author=user)
            .select_related("topic")
            .order_by("created_at")
        ],
        "posts": [
            {
                "discussion": post.thread.title,
                "body": post.body,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
            }
            for post in Post.objects.filter(author=user)
            .select_related("thread")
            .order_by("created_at")
        ],
        "questions": [
            {
                "title": question.title,
                "body": question.body,
                "topic": question.topic.title,
                "created_at": question.created_at,
            }
            for question in Question.objects.filter(author=user)
            .select_related("topic")
            .order_by("created_at")
        ],
        "answers": [
            {
                "question": answer.question.title,
                "body": answer.body,
                "created_at": answer.created_at,
                "edited_at": answer.edited_at,
            }
            for answer in Answer.objects.filter(author=user)
            .select_related("question")
            .order_by("created_at")
        ],
        "answer_votes": [
            {"answer": vote.answer_id, "created_at": vote.created_at}
            for vote in AnswerVote.objects.filter(user=user).order_by("created_at")
        ],
        "follows": [
            {
                "discussion": follow.thread.title if follow.thread else None,
                "topic": follow.topic.title if follow.topic else None,
                "created_at": follow.created_at,
            }
            for follow in Follow.objects.filter(user=user)
            .select_related("thread", "topic")
            .order_by("created_at")
        ],
        "page_feedback": [
            {
                "page": feedback.topic.title,
                "helpful": feedback.helpful,
                "comment": feedback.comment,
                "created_at": feedback.created_at,
            }
            for feedback in Feedback.objects.filter(user=user)
            .select_related("topic")
            .order_by("created_at")
        ],
    }
