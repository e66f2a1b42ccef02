"""Reason and rationale sentences in the interview language (English or Arabic)."""

from __future__ import annotations

from agent.analysis.profiles import Degree
from agent.analysis.text import count

_MSG = {
    "en": {
        "req_all": "Matches all {m} required skills: {matched}.",
        "req_some": "Matches {n} of {m} required skills ({matched}); missing {missing}.",
        "req_none": "Matches none of the {m} required skills; missing {missing}.",
        "req_na": "The job lists no required skills.",
        "nice_some": "Has {n} of {m} nice-to-have skills{detail}.",
        "nice_na": "The job lists no nice-to-have skills.",
        "exp_ok": "About {cand} of experience; the job asks for {req}.",
        "exp_short": "About {cand} of experience, short of the {req} the job asks for.",
        "exp_unknown": "No dated experience found in the CV; the job asks for {req}.",
        "exp_na": "The job sets no experience requirement ({cand} found).",
        "edu_ok": "Highest degree found: {cand}; the job asks for {req}.",
        "edu_short": "Highest degree found: {cand}, below the job's requirement ({req}).",
        "edu_unknown": "No education details available to compare with the requirement.",
        "edu_na": "The job sets no education requirement.",
        "no_cv": "No readable CV: fit must be established in the interview.",
        "strength_skill": "Required skill {skill} is listed in the CV{where}.",
        "strength_nice": "Nice-to-have skill {skill} is listed in the CV{where}.",
        "strength_claimed": " and named as a strength",
        "in_role": " and used in a listed role",
        "strength_exp": "About {cand} of experience against {req} required.",
        "gap_skill": "Required skill {skill} is not evident in the CV.",
        "gap_nice": "Nice-to-have skill {skill} is not evident in the CV.",
        "gap_weak": "{skill} is named as a weakness in the CV analysis.",
        "gap_exp": "About {cand} of experience against {req} required.",
        "gap_edu": "Degree below the requirement ({req}).",
        "risk_tenure": "Short tenure: “{title}” lasted about {months}.",
        "risk_gap": "Gap of about {months} between roles ({after}).",
        "risk_claim": "The CV claims {claimed} of experience, but the listed roles cover "
        "about {cand}.",
        "rationale": "{cls} fit for {title}: {req_line} Verify {strengths}. Probe {gaps}.",
        "rationale_no_cv": "No readable CV, so the plan is built from the job alone: {req_line}",
        "nothing": "nothing in particular",
        "plan_summary": "{n} questions planned for about {planned} of the {total} interview; "
        "the rest is for the greeting and closing.",
        "warn_prompt_dropped": "The recruiter's question “{text}” did not fit in the interview "
        "time and will not be asked.",
        "warn_prompt_unread": "This line of the interview prompt could not be read as a question "
        "or a focus area, so it will not be asked: “{text}”.",
        "warn_prompt_long": "The recruiter's question “{text}” is too long to ask aloud ({n} "
        "characters, at most {limit}); shorten it to have it asked.",
        "warn_prompt_instructions": "{n} sentence(s) of the interview prompt addressed to an AI "
        "were ignored.",
        "warn_instructions": "{n} sentence(s) addressed to an AI evaluator were found in the "
        "candidate's text and ignored.",
        "warn_truncated": "The CV text was unusually long; only the first part was read.",
        "warn_unreadable": "The CV could not be read (no usable text).",
    },
    "ar": {
        "req_all": "يطابق جميع المهارات المطلوبة وعددها {m}: {matched}.",
        "req_some": "يطابق {n} من أصل {m} من المهارات المطلوبة ({matched})؛ وتنقصه: {missing}.",
        "req_none": "لا يطابق أيًا من المهارات المطلوبة وعددها {m}؛ وتنقصه: {missing}.",
        "req_na": "لم تحدد الوظيفة مهارات مطلوبة.",
        "nice_some": "لديه {n} من أصل {m} من المهارات المفضلة{detail}.",
        "nice_na": "لم تحدد الوظيفة مهارات مفضلة.",
        "exp_ok": "لديه خبرة {cand} تقريبًا، والوظيفة تتطلب {req}.",
        "exp_short": "لديه خبرة {cand} تقريبًا، وهي أقل من {req} التي تتطلبها الوظيفة.",
        "exp_unknown": "لم نجد في السيرة الذاتية خبرة مؤرخة، والوظيفة تتطلب {req}.",
        "exp_na": "لم تحدد الوظيفة سنوات خبرة مطلوبة (الخبرة الموجودة: {cand}).",
        "edu_ok": "أعلى مؤهل وجدناه: {cand}، والوظيفة تتطلب {req}.",
        "edu_short": "أعلى مؤهل وجدناه: {cand}، وهو أقل من {req} الذي تتطلبه الوظيفة.",
        "edu_na": "لم تحدد الوظيفة مؤهلًا علميًا مطلوبًا.",
        "edu_unknown": "لا تتوفر بيانات عن المؤهل العلمي لمقارنتها بالمطلوب.",
        "no_cv": "لا توجد سيرة ذاتية مقروءة، لذا يجب تحديد مدى التوافق خلال المقابلة.",
        "strength_skill": "المهارة المطلوبة {skill} مذكورة في السيرة الذاتية{where}.",
        "strength_nice": "المهارة المفضلة {skill} مذكورة في السيرة الذاتية{where}.",
        "strength_claimed": " ومذكورة كنقطة قوة",
        "in_role": " ومستخدمة في إحدى الوظائف السابقة",
        "strength_exp": "خبرة {cand} تقريبًا مقابل {req} مطلوبة.",
        "gap_skill": "المهارة المطلوبة {skill} غير واضحة في السيرة الذاتية.",
        "gap_nice": "المهارة المفضلة {skill} غير واضحة في السيرة الذاتية.",
        "gap_weak": "ذُكرت {skill} كنقطة ضعف في تحليل السيرة الذاتية.",
        "gap_exp": "خبرة {cand} تقريبًا مقابل {req} مطلوبة.",
        "gap_edu": "المؤهل العلمي أقل من المطلوب ({req}).",
        "risk_tenure": "فترة عمل قصيرة: «{title}» استمرت نحو {months}.",
        "risk_gap": "انقطاع لنحو {months} بين وظيفتين ({after}).",
        "risk_claim": "تذكر السيرة الذاتية خبرة {claimed}، لكن الوظائف المذكورة تغطي نحو "
        "{cand} فقط.",
        "rationale": "توافق {cls} مع وظيفة {title}: {req_line} يجب التحقق من {strengths}، "
        "واستكشاف {gaps}.",
        "rationale_no_cv": "لا توجد سيرة ذاتية مقروءة، لذا بُنيت الخطة من متطلبات الوظيفة فقط: "
        "{req_line}",
        "nothing": "لا شيء محدد",
        "plan_summary": "عدد الأسئلة المخططة: {n}، وتستغرق نحو {planned} من أصل {total}؛ "
        "ويُترك الباقي للترحيب والختام.",
        "warn_prompt_dropped": "لم يتسع وقت المقابلة لسؤال مسؤول التوظيف «{text}»، فلن يُطرح.",
        "warn_prompt_unread": "تعذرت قراءة هذا السطر من تعليمات المقابلة كسؤال أو كمجال تركيز، "
        "فلن يُطرح: «{text}».",
        "warn_prompt_long": "سؤال مسؤول التوظيف «{text}» أطول من أن يُقرأ بصوت عالٍ (عدد الأحرف: "
        "{n}، والحد الأقصى: {limit})؛ يُرجى اختصاره ليُطرح.",
        "warn_prompt_instructions": "تم تجاهل جمل في تعليمات المقابلة موجهة إلى نظام آلي "
        "(عددها: {n}).",
        "warn_instructions": "وُجدت في نص المرشح جمل موجهة إلى نظام تقييم آلي (عددها: {n})، "
        "وتم تجاهلها.",
        "warn_truncated": "نص السيرة الذاتية طويل على نحو غير معتاد؛ قُرئ الجزء الأول منه فقط.",
        "warn_unreadable": "تعذرت قراءة السيرة الذاتية (لا يوجد نص صالح).",
    },
}
_CLASS = {
    "en": {"strong": "Strong", "moderate": "Moderate", "weak": "Weak", "unknown": "Unknown"},
    "ar": {"strong": "قوي", "moderate": "متوسط", "weak": "ضعيف", "unknown": "غير معروف"},
}
_DEGREE = {
    "en": {
        Degree.NONE: "none",
        Degree.DIPLOMA: "a diploma",
        Degree.BACHELOR: "a bachelor's",
        Degree.MASTER: "a master's",
        Degree.PHD: "a PhD",
    },
    "ar": {
        Degree.NONE: "بدون مؤهل",
        Degree.DIPLOMA: "الدبلوم",
        Degree.BACHELOR: "البكالوريوس",
        Degree.MASTER: "الماجستير",
        Degree.PHD: "الدكتوراه",
    },
}


def msg(language: str, key: str, **kw: object) -> str:
    return _MSG["ar" if language == "ar" else "en"][key].format(**kw)


def fit_class_name(language: str, value: str) -> str:
    return _CLASS["ar" if language == "ar" else "en"][value]


def degree_name(language: str, degree: Degree) -> str:
    return _DEGREE["ar" if language == "ar" else "en"][degree]


def years(language: str, value: float | None) -> str:
    """ "5 years" / "5 سنوات"; unknown when `value` is None."""
    if value is None:
        return "?" if language != "ar" else "غير معروفة"
    return count(language, round(value, 1), "year")


def months(language: str, n: int) -> str:
    return count(language, n, "month")
