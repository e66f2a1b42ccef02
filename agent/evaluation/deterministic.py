"""Deterministic evaluation: per-question scores, flags, rating, recommendation, feedback.

The rating and recommendation rules are in SCHEMA.md (*Rating and recommendation*).
"""

from __future__ import annotations

from agent.analysis.models import QuestionKind, QuestionPlan
from agent.analysis.results import FitAnalysis, FitClass
from agent.analysis.skills import SkillIndex, base_index
from agent.content import table, text
from agent.evaluation.models import (
    EndReason,
    Evaluation,
    EvidenceQuote,
    Flag,
    FlagCode,
    InterviewConduct,
    QuestionEvaluation,
    Recommendation,
    evidence_context,
)
from agent.evaluation.scoring import SHORT_WORDS, score_question
from service.models import TranscriptEntry

POOR_AUDIO_REPEATS = 3
LOW_CONFIDENCE = 0.4
ADVANCE_AT = 7.0
REJECT_BELOW = 5.0
# Flags after which the interview cannot support advance/reject on its own.
BLOCKING = {FlagCode.NO_SHOW, FlagCode.ENDED_EARLY, FlagCode.ERROR, FlagCode.POOR_AUDIO}


def build_flags(
    questions: list[QuestionEvaluation],
    transcript: list[TranscriptEntry],
    conduct: InterviewConduct,
    lang: str,
    injected: list[tuple[str, EvidenceQuote]],
) -> list[Flag]:
    flags: list[Flag] = []
    candidate = [e for e in transcript if e.speaker == "candidate"]
    spoke = any(e.content.strip() for e in candidate)

    def add(
        code: FlagCode,
        key: str,
        ids: list[str] | None = None,
        quotes: list[EvidenceQuote] | None = None,
        **kw: object,
    ) -> None:
        detail = text(f"eval.{key}", lang, **kw)
        flags.append(Flag(code=code, detail=detail, question_ids=ids or [], quotes=quotes or []))

    ended = conduct.ended_by
    if ended is EndReason.NO_SHOW or not spoke:
        add(FlagCode.NO_SHOW, "flag_no_show")
    if ended is EndReason.CANDIDATE_STOPPED:
        add(FlagCode.ENDED_EARLY, "flag_stopped")
    if ended in (EndReason.CANDIDATE_LEFT, EndReason.SILENCE):  # silence: gone, or mute
        add(FlagCode.ENDED_EARLY, "flag_left")
    if ended is EndReason.TIME_UP:
        add(FlagCode.TIME_UP, "flag_time_up")
    if ended is EndReason.ERROR:
        add(FlagCode.ERROR, "flag_error")
    short = [q.question_id for q in questions if q.answered and q.answer_words < SHORT_WORDS]
    if short:
        add(FlagCode.SHORT_ANSWERS, "flag_short", short, n=len(short))
    missing = [q.question_id for q in questions if q.asked and not q.answered]
    if missing and spoke:
        add(FlagCode.MISSING_ANSWERS, "flag_missing", missing, n=len(missing))
    empty = sum(
        1
        for e in candidate
        if not e.content.strip() or (e.confidence is not None and e.confidence < LOW_CONFIDENCE)
    )
    if spoke and (
        conduct.repeat_requests >= POOR_AUDIO_REPEATS
        or empty >= 2
        or (candidate and empty / len(candidate) >= 0.25)
    ):
        add(FlagCode.POOR_AUDIO, "flag_audio", repeats=conduct.repeat_requests, empty=empty)
    not_asked = [q.question_id for q in questions if not q.asked]
    if not_asked and spoke:
        add(FlagCode.NOT_ASKED, "flag_not_asked", not_asked, n=len(not_asked))
    off_topic = [q.question_id for q in questions if q.off_topic]
    if off_topic:
        add(FlagCode.OFF_TOPIC, "flag_off_topic", off_topic, n=len(off_topic))
    if injected:  # one flag, each distinct sentence quoted once, for the recruiter to see
        distinct = list({q.text: q for _, q in injected}.values())
        said = "; ".join(f"“{q.text}”" for q in distinct)
        ids = list(dict.fromkeys(qid for qid, _ in injected))
        add(
            FlagCode.INSTRUCTIONS_IN_ANSWERS,
            "flag_instructions",
            ids,
            distinct,
            n=len(injected),
            said=said,
        )
    return flags


def rate(questions: list[QuestionEvaluation], fit: FitAnalysis) -> float:
    asked = [q for q in questions if q.asked]
    if not any(q.answered for q in asked):
        return 1.0
    weights = [1.25 if q.kind == QuestionKind.TECHNICAL else 1.0 for q in asked]
    mean = sum(w * (q.score or 1) for w, q in zip(weights, asked, strict=True)) / sum(weights)
    rating = 1 + (mean - 1) * 9 / 4
    if fit.fit_class != FitClass.UNKNOWN:
        rating = 0.85 * rating + 0.15 * (1 + fit.scores.overall * 9 / 100)
    return round(min(10.0, max(1.0, rating)), 1)


def recommend(
    rating: float, questions: list[QuestionEvaluation], flags: list[Flag]
) -> tuple[Recommendation, str]:
    """(recommendation, key of the reason sentence)."""
    if {f.code for f in flags} & BLOCKING:
        return "hold", "why_hold_flags"
    # Two answers, and at least half the plan, before the interview alone decides.
    if sum(q.answered for q in questions) < max(2, len(questions) // 2):
        return "hold", "why_hold_thin"
    if rating >= ADVANCE_AT:
        return "advance", "why_advance"
    if rating < REJECT_BELOW:
        return "reject", "why_reject"
    return "hold", "why_hold"


def label(q: QuestionEvaluation, plan: QuestionPlan, index: SkillIndex, lang: str) -> str:
    """What a question was about, for feedback: its skills, else what the plan asked it for."""
    question = next(p for p in plan.questions if p.id == q.question_id)  # q is of the plan
    # A duty such as "Build our GraphQL API on Kubernetes" names its skills in the text.
    skills = question.skills or index.find_text(question.text)
    if skills:
        return ", ".join(index.display(s, lang) for s in skills)
    if q.kind == QuestionKind.CUSTOM:
        customs = [p.id for p in plan.questions if p.kind == QuestionKind.CUSTOM]
        return text("eval.label_custom", lang, n=customs.index(q.question_id) + 1)
    # The plan's fixed questions have a label of their own (eval.label_<id>), others their kind's.
    labels = table(lang).eval
    keys = (f"label_{q.question_id}", f"label_{q.kind}")
    return text(f"eval.{next((k for k in keys if k in labels), 'label_general')}", lang)


def summarise(
    questions: list[QuestionEvaluation],
    flags: list[Flag],
    rating: float,
    rec: Recommendation,
    why: str,
    fit: FitAnalysis,
    plan: QuestionPlan,
    lang: str,
) -> tuple[str, str]:
    """(rationale, feedback) texts."""
    answered = [q for q in questions if q.answered]
    mean = sum(q.score or 1 for q in answered) / len(answered) if answered else 0.0
    blocking = [f.detail.rstrip(".") for f in flags if f.code in BLOCKING]
    fit_part = (
        text("eval.fit_part", lang, fit=round(fit.scores.overall))
        if fit.fit_class != FitClass.UNKNOWN
        else ""
    )
    rationale = text(
        "eval.rationale",
        lang,
        rating=rating,
        answered=len(answered),
        mean=f"{mean:.1f}",
        fit=fit_part,
        why=text(f"eval.{why}", lang, flags="; ".join(blocking)),
    )
    index = base_index()
    ranked = sorted(answered, key=lambda q: -(q.score or 0))
    scored = [(q.score or 0, f"{label(q, plan, index, lang)} ({q.score}/5)") for q in ranked]
    best = [item for score, item in scored if score >= 4][:2]
    worst = [item for score, item in scored[::-1] if 0 < score <= 2][:2]
    sep = "، " if lang == "ar" else ", "
    notes = [f.detail.rstrip(".") for f in flags if f.code != FlagCode.NOT_ASKED]
    feedback = text(
        "eval.feedback",
        lang,
        rating=rating,
        rec=text(f"eval.rec_{rec}", lang),
        best=text("eval.best", lang, items=sep.join(best)) if best else "",
        worst=text("eval.worst", lang, items=sep.join(worst)) if worst else "",
        flags=text("eval.flags", lang, items="; ".join(notes)) if notes else "",
    )
    return rationale, " ".join(feedback.split())


def evaluate(
    plan: QuestionPlan,
    transcript: list[TranscriptEntry],
    fit: FitAnalysis,
    *,
    conduct: InterviewConduct,
) -> Evaluation:
    """Offline evaluation of a finished (or abandoned) interview against its plan."""
    lang = plan.language
    index = base_index().with_extra([s for q in plan.questions for s in q.skills])
    by_seq = {e.sequence_number: e for e in transcript}
    asked = {a.question_id: a for a in conduct.asked}
    domain = frozenset(index.category(s) for q in plan.questions for s in q.skills)
    scored = [
        score_question(q, asked.get(q.id), by_seq, index, lang, domain) for q in plan.questions
    ]
    questions = [evaluation for evaluation, _ in scored]
    injected = [(q.question_id, quote) for q, said in scored for quote in said]
    flags = build_flags(questions, transcript, conduct, lang, injected)
    rating = rate(questions, fit)
    rec, why = recommend(rating, questions, flags)
    rationale, feedback = summarise(questions, flags, rating, rec, why, fit, plan, lang)
    data = {
        "language": lang,
        "rating": rating,
        "recommendation": rec,
        "rationale": rationale,
        "feedback": feedback,
        "questions": [q.model_dump() for q in questions],
        "flags": [f.model_dump() for f in flags],
        "ended_by": conduct.ended_by,
        "duration_s": conduct.duration_s,
        "fit": fit.model_dump(),
    }
    # Re-validated with the transcript as context: every quote is checked verbatim.
    return Evaluation.model_validate(data, context=evidence_context(transcript))
