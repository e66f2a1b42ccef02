from agent.interview.flow import Candidate, EndReason, InterviewFlow
from agent.interview.intents import Intent, classify, is_thin
from agent.interview.phrases import PHRASES
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


def ask(flow: InterviewFlow, text: str) -> str:
    """Say `text` as the interviewer would: the candidate hears it."""
    flow.note_said(text, at=0.0)
    return text


def test_greeting_names_candidate_recording_and_length() -> None:
    text = make_flow(minutes=12).greeting()
    assert "Sara" in text and "recorded" in text and "12 minutes" in text


def test_questions_are_asked_in_plan_order_then_closing() -> None:
    flow = make_flow()
    assert "question number 1" in ask(flow, flow.begin(plan(3)))
    assert "question number 2" in ask(flow, flow.next_question())
    assert "question number 3" in ask(flow, flow.next_question())
    closing = flow.next_question()
    assert "Goodbye" in closing and flow.end_reason is EndReason.COMPLETED
    assert [r.question.id for r in flow.asked] == ["q1", "q2", "q3"]


def test_follow_ups_are_bounded_then_flow_moves_on() -> None:
    flow = make_flow(follow_ups=2)
    ask(flow, flow.begin(plan(2)))
    assert "example for question 1" in ask(flow, flow.follow_up())
    assert "example for question 1" in ask(flow, flow.follow_up())
    third = flow.follow_up()  # limit reached: the flow asks the next question instead
    assert "question number 2" in third
    assert flow.asked[0].follow_ups == 2


def test_follow_up_over_budget_moves_on() -> None:
    clock = Clock()
    flow = make_flow(clock=clock)
    ask(flow, flow.begin(plan(2, budget=60)))
    clock.t = 100  # past 1.5x the question's budget
    assert "question number 2" in flow.follow_up()


def test_repeat_skip_and_stop() -> None:
    flow = make_flow()
    ask(flow, flow.begin(plan(3)))
    assert "question number 1" in flow.repeat()
    assert flow.repeat_requests == 1 and flow.asked[0].repeats == 1
    assert "question number 2" in ask(flow, flow.skip())
    assert flow.asked[0].skipped
    closing = flow.finish(EndReason.CANDIDATE_STOPPED)
    assert "stop here" in closing and flow.finished
    assert flow.next_question() == ""


def test_time_budget_announces_last_question_then_closes() -> None:
    clock = Clock()
    flow = make_flow(minutes=5, clock=clock)
    ask(flow, flow.begin(plan(6, budget=60)))
    clock.t = 170
    text = ask(flow, flow.next_question())
    assert "last question" in text
    clock.t = 230
    assert "Goodbye" in flow.next_question()
    assert flow.end_reason is EndReason.COMPLETED
    assert len(flow.asked) == 2


def test_time_up_closes_with_time_message() -> None:
    clock = Clock()
    flow = make_flow(minutes=3, clock=clock)
    ask(flow, flow.begin(plan(5, budget=30)))
    clock.t = 400
    assert "end of our time" in flow.next_question()
    assert flow.end_reason is EndReason.TIME_UP


def test_transcript_rows_are_tied_to_the_open_question() -> None:
    flow = make_flow()
    ask(flow, flow.begin(plan(2)))
    flow.note_transcript(seq=1, speaker="interviewer", content=flow.greeting())
    flow.note_transcript(seq=2, speaker="interviewer", content="Planned question number 1?")
    flow.note_said("Planned question number 1?", at=0.0)
    flow.note_transcript(seq=3, speaker="candidate", content="An answer.")
    text = flow.next_question()
    flow.note_transcript(seq=4, speaker="interviewer", content=text)
    flow.note_transcript(seq=5, speaker="candidate", content="Another answer.")
    assert (flow.asked[0].asked_at_seq, flow.asked[0].answer_seqs) == (2, [3])
    assert (flow.asked[1].asked_at_seq, flow.asked[1].answer_seqs) == (4, [5])


def test_arabic_phrases_cover_every_english_key() -> None:
    assert set(PHRASES["ar"]) == set(PHRASES["en"])


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


def test_a_question_counts_as_heard_once_its_opening_was_said() -> None:
    flow = make_flow()
    flow.begin(plan(2))  # queued behind the greeting, not yet said
    flow.note_said(flow.greeting(), at=1.0)
    assert not flow.heard_before(5.0)
    flow.note_said("Let's begin. Planned question number", at=6.0)  # cut off: still heard
    assert not flow.heard_before(5.0) and flow.heard_before(7.0)
