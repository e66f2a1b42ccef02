import itertools

from agent.analysis.models import Question, QuestionPlan, Rubric
from agent.content import LANGUAGES, table
from agent.evaluation import EndReason
from agent.interview.flow import Candidate, InterviewFlow, Line
from agent.interview.intents import Intent, classify, is_thin
from tests.agent.helpers import plan


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def make_flow(
    *, minutes: int = 10, follow_ups: int = 1, clock: Clock | None = None
) -> InterviewFlow:
    return InterviewFlow(
        candidate=Candidate("Sara Haddad", "Backend Engineer", "Acme"),
        language="en",
        duration_minutes=minutes,
        max_follow_ups=follow_ups,
        clock=clock or Clock(),
    )


def ask(flow: InterviewFlow, line: Line, *, heard: int | None = None, item: str = "") -> str:
    """Say `line` as the interviewer would: the candidate hears all of its question, or
    `heard` words of it when they cut in."""
    full = line.question_words
    flow.delivered(line, item_id=item or None, heard_words=full if heard is None else heard)
    return line.text


def test_greeting_names_candidate_recording_and_length() -> None:
    text = make_flow(minutes=12).greeting()
    assert "Sara" in text and "recorded" in text and "12 minutes" in text


def test_questions_are_asked_in_plan_order_then_closing() -> None:
    flow = make_flow()
    assert "question number 1" in ask(flow, flow.begin(plan(3)))
    assert "question number 2" in ask(flow, flow.next_question())
    assert "question number 3" in ask(flow, flow.next_question())
    closing = flow.next_question().text
    assert "Goodbye" in closing and flow.end_reason is EndReason.COMPLETED
    assert [r.question.id for r in flow.asked] == ["q1", "q2", "q3"]


def test_follow_ups_are_bounded_then_flow_moves_on() -> None:
    flow = make_flow(follow_ups=2)
    ask(flow, flow.begin(plan(2)))
    assert ask(flow, flow.follow_up(answer="Not much.", hint="What did you build?"))
    assert ask(flow, flow.follow_up(answer="Not much."))
    third = flow.follow_up(answer="Still not much.")  # limit: the next question instead
    assert "question number 2" in third.text
    assert flow.asked[0].follow_ups == 2


def test_follow_up_over_budget_moves_on() -> None:
    clock = Clock()
    flow = make_flow(clock=clock)
    ask(flow, flow.begin(plan(2, budget=60)))
    clock.t = 100  # past 1.5x the question's budget
    assert "question number 2" in flow.follow_up(answer="Not much.").text


def test_repeat_skip_and_stop() -> None:
    flow = make_flow()
    ask(flow, flow.begin(plan(3)))
    assert "question number 1" in flow.repeat().text
    assert flow.repeat_requests == 1
    assert "question number 2" in ask(flow, flow.skip())
    assert flow.asked[0].skipped
    assert flow.ask_to_stop().text == "Would you like to stop here?" and not flow.finished
    assert "question number 2" in flow.confirm_stop(False).text and not flow.finished
    flow.ask_to_stop()
    closing = flow.confirm_stop(True).text
    assert "stop here" in closing and flow.end_reason is EndReason.CANDIDATE_STOPPED
    assert flow.next_question().text == ""


def test_time_budget_announces_last_question_then_closes() -> None:
    clock = Clock()
    flow = make_flow(minutes=5, clock=clock)
    ask(flow, flow.begin(plan(6, budget=60)))
    clock.t = 170
    text = ask(flow, flow.next_question())
    assert "last question" in text
    clock.t = 230
    assert "Goodbye" in flow.next_question().text
    assert flow.end_reason is EndReason.COMPLETED
    assert len(flow.asked) == 2


def test_time_up_closes_with_time_message() -> None:
    clock = Clock()
    flow = make_flow(minutes=3, clock=clock)
    ask(flow, flow.begin(plan(5, budget=30)))
    clock.t = 400
    assert "end of our time" in flow.next_question().text
    assert flow.end_reason is EndReason.TIME_UP


def test_transcript_rows_are_tied_to_the_question_by_message_identity() -> None:
    flow = make_flow()
    first = flow.begin(plan(2))
    ask(flow, first, item="m-q1")
    flow.attribute_turn("m-a1", "An answer.")
    ask(flow, flow.next_question(), item="m-q2")
    flow.attribute_turn("m-a2", "Another answer.")
    for seq, item in enumerate(["m-greeting", "m-q1", "m-a1", "m-q2", "m-a2"], 1):
        flow.note_transcript(seq=seq, item_id=item)
    q1, q2 = flow.asked
    assert (flow.asked_at_seq(q1), flow.answer_seqs(q1)) == (2, [3])
    assert (flow.asked_at_seq(q2), flow.answer_seqs(q2)) == (4, [5])


def test_every_language_has_acknowledgements_to_rotate() -> None:
    assert all(len(table(language).acks) >= 3 for language in LANGUAGES)


def test_intents() -> None:
    assert classify("Sorry, could you repeat the question please?") is Intent.REPEAT
    assert classify("هل يمكنك إعادة السؤال؟") is Intent.REPEAT
    assert classify("Can we skip this one?") is Intent.SKIP
    assert classify("I'm sorry, I'd like to stop the interview now.") is Intent.STOP
    assert classify("عذراً، أريد إنهاء المقابلة الآن.") is Intent.STOP
    assert classify("Is the role remote or in the office?") is Intent.JOB_QUESTION
    assert classify("I led the migration of our billing service last year.") is Intent.ANSWER
    assert is_thin("We sharded the tables.")
    assert is_thin("Um, I don't know, I haven't really done that much.")
    assert not is_thin(
        "We partitioned the events table by day, batched inserts through a queue and "
        "added a connection pooler, which cut write latency from eighty to twelve ms."
    )


def test_barge_in_rule() -> None:
    """Cut in before a question's core: not an answer to it (meta, or still the previous
    question); after its core: an answer. A follow-up cut short still answers its question."""
    flow = make_flow()
    first = flow.begin(plan(3))  # "Let's begin. Planned question number 1?"
    assert first.question_at == 2 and first.question_words == 4
    ask(flow, first, heard=1)  # cut at "Planned"
    turn = flow.attribute_turn("t1", "So, in my current role")
    assert turn.answers is None and not flow.asked[0].heard_by()  # a meta turn: nothing to answer
    assert flow.reask().text == "Sorry, let me finish the question. Planned question number 1?"
    ask(flow, flow.reask(), heard=3)  # 3 of 4 words: the core was heard
    assert flow.attribute_turn("t2", "My answer to one.").answers is flow.asked[0]

    second = flow.next_question()
    ask(flow, second, heard=0)  # they kept talking: the next question never played
    late = flow.attribute_turn("t3", "and one more thing about question one")
    assert late.answers is flow.asked[0], "still answering the question they heard"
    ask(flow, flow.reask())
    assert flow.attribute_turn("t4", "My answer to two.").answers is flow.asked[1]

    ask(flow, flow.follow_up(answer="Not much."), heard=1)  # cut into the follow-up
    assert flow.attribute_turn("t5", "Sure, for example...").answers is flow.asked[1]
    assert flow.asked[0].answer_items == ["t2", "t3"] and flow.asked[1].answer_items == [
        "t4",
        "t5",
    ]


def test_acknowledgements_vary_and_never_repeat_back_to_back() -> None:
    flow = make_flow()
    ask(flow, flow.begin(plan(7, budget=30)))
    openings = []
    for _ in range(5):
        line = flow.next_question()
        ask(flow, line)
        openings.append(line.text.split(" Planned")[0])
    assert all(a != b for a, b in itertools.pairwise(openings))
    assert len(set(openings)) >= 3 and not any("Next question" in o for o in openings)
    line = flow.next_question(ack="Interesting work on the cache.")
    assert line.text.startswith("Interesting work on the cache. ") and line.question_at == 5


def _rubric_question() -> QuestionPlan:
    question = Question(
        id="q1",
        text="Tell me about a time you prioritised work under a deadline.",
        rubric=Rubric(strong=["example", "own action", "result"], signals=["example"]),
        follow_ups=["How did you decide what to drop or delay?"],
    )
    return QuestionPlan(questions=[question], total_budget_s=120)


def test_offline_follow_up_asks_for_what_the_answer_lacked() -> None:
    def follow_up(answer: str) -> str:
        flow = make_flow()
        ask(flow, flow.begin(_rubric_question()))
        return flow.follow_up(answer=answer).text

    assert "specific example" in follow_up("I am good with deadlines in general.")
    # an example, but whose work and what came of it? the default checks go on in order
    flow = make_flow()
    ask(flow, flow.begin(plan(1)))
    text = flow.follow_up(answer="At my last company we had a migration project.").text
    assert "your own part" in text
    flow = make_flow()
    ask(flow, flow.begin(plan(1)))
    text = flow.follow_up(answer="At my last company I migrated the billing service.").text
    assert "how did you know it worked" in text
    # never presume what the candidate just denied
    denied = follow_up("I usually just do my tasks.")
    assert "drop or delay" not in denied and "anything close to it" in denied


def test_what_was_heard_counts_from_when_the_candidate_started_speaking() -> None:
    """On a loaded machine the interviewer stops a few seconds after the candidate cut in:
    the words played after they started talking are not what they were answering."""
    flow = make_flow()
    first = flow.begin(plan(1))  # "Let's begin." + a 4-word question
    flow.delivered(first, item_id="m1", heard_words=4, played=(100.0, 106.0))
    assert flow.attribute_turn("t1", "So, in my role", started=102.0).answers is None
    assert flow.attribute_turn("t2", "An answer.", started=105.5).answers is flow.asked[0]
    assert flow.attribute_turn("t3", "An answer.", started=None).answers is flow.asked[0]
