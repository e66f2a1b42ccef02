"""Report UI labels in English and Arabic."""

from __future__ import annotations

_LABELS = {
    "en": {
        "title": "Interview report", "summary": "Summary", "fit": "CV fit",
        "questions": "Questions",
        "plan": "Question plan", "transcript": "Transcript", "recording": "Recording",
        "rating": "Rating", "advance": "Advance", "hold": "Hold", "reject": "Reject",
        "overall": "Overall", "required_skills": "Required skills", "nice_to_have": "Nice to have",
        "experience": "Experience", "education": "Education", "not_applicable": "not specified",
        "strengths": "Strengths to verify", "gaps": "Gaps to probe", "risks": "Risks",
        "warnings": "Data warnings", "none": "None.", "flags": "Flags",
        "rubric_covered": "Covered", "rubric_missed": "Missed", "evidence": "Evidence",
        "see_transcript": "see in transcript", "back": "↑ question", "not_asked": "Not asked",
        "no_answer": "No answer", "kind": "Kind", "budget": "Budget", "skills": "Skills",
        "asked": "Asked", "yes": "yes", "no": "no", "question": "Question",
        "candidate": "Candidate", "interviewer": "Interviewer", "duration": "Duration",
        "ended_by": "Ended by", "evaluator": "Evaluator", "schema": "Schema",
        "path": "Analysis path", "fit_strong": "Strong fit", "fit_moderate": "Moderate fit",
        "fit_weak": "Weak fit", "fit_unknown": "Fit unknown", "feedback": "Feedback",
        "rationale": "Rationale", "no_transcript": "No transcript.",
        "open_recording": "Open recording",
        "follow_ups": "follow-up(s)", "generated": "Generated", "application": "Application",
        "weak_signals": "Concerns", "planned": "planned", "q": "Q",
    },
    "ar": {
        "title": "تقرير المقابلة", "summary": "الملخص", "fit": "توافق السيرة الذاتية",
        "questions": "الأسئلة", "plan": "خطة الأسئلة", "transcript": "نص المقابلة",
        "recording": "التسجيل", "rating": "التقييم", "advance": "ترشيح", "hold": "تعليق",
        "reject": "رفض", "overall": "الإجمالي", "required_skills": "المهارات المطلوبة",
        "nice_to_have": "المهارات المفضلة", "experience": "الخبرة", "education": "التعليم",
        "not_applicable": "غير محدد", "strengths": "نقاط قوة للتحقق منها",
        "gaps": "فجوات للاستكشاف", "risks": "مخاطر", "warnings": "تنبيهات البيانات",
        "none": "لا شيء.", "flags": "ملاحظات", "rubric_covered": "تحقق",
        "rubric_missed": "لم يتحقق",
        "evidence": "الأدلة", "see_transcript": "عرض في النص", "back": "↑ السؤال",
        "not_asked": "لم يُطرح", "no_answer": "لا إجابة", "kind": "النوع", "budget": "المدة",
        "skills": "المهارات", "asked": "طُرح", "yes": "نعم", "no": "لا", "question": "السؤال",
        "candidate": "المرشح", "interviewer": "المحاور", "duration": "المدة",
        "ended_by": "سبب الانتهاء", "evaluator": "المقيّم", "schema": "الإصدار",
        "path": "مسار التحليل", "fit_strong": "توافق قوي", "fit_moderate": "توافق متوسط",
        "fit_weak": "توافق ضعيف", "fit_unknown": "التوافق غير معروف", "feedback": "الملاحظات",
        "rationale": "المبررات", "no_transcript": "لا يوجد نص.", "open_recording": "فتح التسجيل",
        "follow_ups": "أسئلة متابعة", "generated": "أُنشئ", "application": "الطلب",
        "weak_signals": "مآخذ", "planned": "مخطط", "q": "س",
    },
}


def labels(language: str) -> dict[str, str]:
    return _LABELS["ar" if language == "ar" else "en"]
