"""Evaluation texts in the interview language."""

from __future__ import annotations

_MSG = {
    "en": {
        "not_asked": "Not asked.",
        "skipped": "Asked but skipped.",
        "no_answer": "No answer recorded.",
        "notes": "Covered {c} of {t} rubric points in {w} word(s).",
        "very_short": "very short answer",
        "hedging": "uncertain or no knowledge",
        "hypothetical": "hypothetical rather than a real example",
        "no_specifics": "no concrete numbers or results",
        "off_topic": "did not address the question",
        "flag_no_show": "The candidate did not join or never spoke.",
        "flag_left": "The candidate left before the interview ended.",
        "flag_stopped": "The candidate asked to stop the interview.",
        "flag_time_up": "Time ran out before all planned questions were asked.",
        "flag_error": "The interview ended because of a technical error.",
        "flag_short": "Very short answers to {n} question(s).",
        "flag_missing": "No answer to {n} asked question(s).",
        "flag_audio": "Possible audio problems: {repeats} repeat request(s), {empty} empty or "
        "low-confidence transcript entries.",
        "flag_not_asked": "{n} planned question(s) were not asked.",
        "flag_instructions": "The answers contained {n} sentence(s) addressed to the evaluator "
        "about scoring; they were ignored for scoring: {said}.",
        "flag_off_topic": "{n} answer(s) did not address the question.",
        "rationale": "Rated {rating}/10 from {answered} answered question(s), average "
        "{mean}/5{fit}. {why}",
        "fit_part": "; CV fit {fit}/100",
        "why_advance": "Strong, evidenced answers: recommend advancing.",
        "why_hold": "Mixed evidence: hold for a recruiter's review.",
        "why_hold_flags": "The interview was incomplete ({flags}): hold for a recruiter's review.",
        "why_hold_thin": "Too few answers to judge: hold for a recruiter's review.",
        "why_reject": "Answers fell short of the role's requirements: not recommended.",
        "feedback": "{rating}/10 – {rec}. {best}{worst}{flags}",
        "best": "Strongest: {items}. ",
        "worst": "Weakest: {items}. ",
        "flags": "Flags: {items}.",
        "rec_advance": "advance",
        "rec_hold": "hold",
        "rec_reject": "reject",
        "llm_fallback": "The model's evaluation was not used ({reason}); this is the "
        "evidence-based result.",
        "label_custom": "recruiter's question {n}",
        "label_behavioural": "behavioural",
        "label_general": "general question",
        "label_experience": "depth of experience",
        "label_duty": "the role's responsibilities",
        "label_technical": "technical question",
        "label_leadership": "leading through a deadline",
        "label_conflict": "handling disagreement",
        "label_failure": "owning a mistake",
        "label_career": "career moves",
        "label_motivation": "motivation for the role",
    },
    "ar": {
        "not_asked": "لم يُطرح.",
        "skipped": "طُرح لكن تم تخطيه.",
        "no_answer": "لم تُسجَّل إجابة.",
        "notes": "غطّى {c} من أصل {t} من نقاط التقييم في إجابة من {w} كلمة.",
        "very_short": "إجابة قصيرة جدًا",
        "hedging": "عدم يقين أو عدم معرفة",
        "hypothetical": "إجابة افتراضية بدلًا من مثال حقيقي",
        "no_specifics": "لا أرقام أو نتائج ملموسة",
        "off_topic": "لم يُجب عن السؤال",
        "flag_no_show": "لم ينضم المرشح أو لم يتحدث إطلاقًا.",
        "flag_left": "غادر المرشح قبل انتهاء المقابلة.",
        "flag_stopped": "طلب المرشح إيقاف المقابلة.",
        "flag_time_up": "انتهى الوقت قبل طرح جميع الأسئلة المخططة.",
        "flag_error": "انتهت المقابلة بسبب خطأ تقني.",
        "flag_short": "إجابات قصيرة جدًا عن عدد من الأسئلة: {n}.",
        "flag_missing": "أسئلة طُرحت دون إجابة: {n}.",
        "flag_audio": "مشكلات محتملة في الصوت: طلبات إعادة: {repeats}، ومقاطع نصية فارغة أو "
        "منخفضة الثقة: {empty}.",
        "flag_not_asked": "أسئلة مخططة لم تُطرح: {n}.",
        "flag_instructions": "تضمنت الإجابات جملًا موجهة إلى المقيّم بشأن التقييم (العدد: {n})، "
        "وتم تجاهلها في التقييم: {said}.",
        "flag_off_topic": "إجابات لم تتناول السؤال: {n}.",
        "rationale": "التقييم {rating}/10 بناءً على الأسئلة المُجاب عنها (العدد: {answered})، "
        "بمتوسط {mean}/5{fit}. {why}",
        "fit_part": "؛ وتوافق السيرة الذاتية {fit}/100",
        "why_advance": "إجابات قوية ومدعومة بالأدلة: يُوصى بالانتقال إلى المرحلة التالية.",
        "why_hold": "الأدلة متفاوتة: يُوصى بتعليق القرار لحين مراجعة مسؤول التوظيف.",
        "why_hold_flags": "المقابلة غير مكتملة ({flags}): يُوصى بتعليق القرار لحين المراجعة.",
        "why_hold_thin": "الإجابات أقل من أن يُبنى عليها حكم: يُوصى بتعليق القرار لحين المراجعة.",
        "why_reject": "الإجابات دون متطلبات الوظيفة: لا يُوصى بالمتابعة.",
        "feedback": "{rating}/10 – {rec}. {best}{worst}{flags}",
        "best": "الأقوى: {items}. ",
        "worst": "الأضعف: {items}. ",
        "flags": "ملاحظات: {items}.",
        "rec_advance": "الانتقال إلى المرحلة التالية",
        "rec_hold": "تعليق القرار",
        "rec_reject": "الرفض",
        "llm_fallback": "لم يُعتمد تقييم النموذج ({reason})؛ هذه هي النتيجة المبنية على الأدلة.",
        "label_custom": "سؤال مسؤول التوظيف {n}",
        "label_behavioural": "سؤال سلوكي",
        "label_general": "سؤال عام",
        "label_experience": "عمق الخبرة",
        "label_duty": "مسؤوليات الوظيفة",
        "label_technical": "سؤال تقني",
        "label_leadership": "القيادة تحت ضغط المواعيد",
        "label_conflict": "التعامل مع الخلاف",
        "label_failure": "تحمّل مسؤولية الأخطاء",
        "label_career": "التنقلات المهنية",
        "label_motivation": "الدافع للوظيفة",
    },
}


# Feedback labels of the plan's fixed questions (by id), then by question kind.
QUESTION_LABELS = {
    "gap-experience": "label_experience",
    "tech-duty": "label_duty",
    "behaviour-leadership": "label_leadership",
    "behaviour-conflict": "label_conflict",
    "behaviour-failure": "label_failure",
    "career": "label_career",
    "general-motivation": "label_motivation",
}
KIND_LABELS = {
    "behavioural": "label_behavioural",
    "technical": "label_technical",
    "general": "label_general",
}


def emsg(language: str, key: str, **kw: object) -> str:
    return _MSG["ar" if language == "ar" else "en"][key].format(**kw)
