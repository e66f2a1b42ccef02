"""A model's proposals are checked before they count or are spoken."""

from __future__ import annotations

from agent.interview.proposals import acknowledgement, follow_up_hint, proposal


def test_tool_calls_must_name_a_tool_and_parse() -> None:
    answer = "We partitioned the table by day and batched the inserts through a queue."
    assert proposal([("follow_up", '{"hint": "Why?"}')], answer).tool == "follow_up"
    assert proposal([("follow_up", '{"hint": "Why?", "x": 1}')], answer).args == {"hint": "Why?"}
    for broken in ([("submit_rating", "{}")], [("follow_up", '{"hint": "Tell')], []):
        chosen = proposal(broken, answer)
        assert chosen.replaced and chosen.tool == "follow_up"  # the policy: a thin answer
    # a usable call after a broken one is taken
    assert proposal([("nope", "{}"), ("next_question", "{}")], answer).tool == "next_question"
    job = proposal([("answer_job_question", "[1]"), ("answer_job_question", "{}")], "Remote?")
    assert job.args == {"question": "Remote?"}


def test_acknowledgements_are_short_statements_in_the_interview_language() -> None:
    assert acknowledgement("Great answer!", "en") == "Great answer!"
    assert acknowledgement("Thanks", "en") == "Thanks."
    assert acknowledgement("شكراً جزيلاً", "ar") == "شكراً جزيلاً."
    for bad in (
        "Great, next, could you tell me how you scaled the system?",  # a question of its own
        "Interesting. So tell me about your favourite language.",  # two sentences
        "Wow, that is really impressive work, I love hearing about this kind of thing",
        "شكراً لك",  # Arabic in an English interview
        "",
    ):
        assert acknowledgement(bad, "en") is None, bad


def test_follow_up_hints_are_one_short_question_in_the_interview_language() -> None:
    assert follow_up_hint("Could you walk me through one concrete case?", "en")
    assert follow_up_hint("هل يمكنك أن تعطيني مثالاً؟", "ar")
    for bad in (
        "What did you do? And why did you do it that way?",
        "هل يمكنك أن تعطيني مثالاً؟",
        "Tell me more.",
        "Could you tell me, in as much detail as you possibly can, every single step you "
        "took, who was involved, what tools you used, and how long each of them took you?",
    ):
        assert follow_up_hint(bad, "en") is None, bad
