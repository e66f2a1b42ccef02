"""Question templates in English and Arabic, with rubric, follow-ups and signals.

`signals` name the deterministic checks the evaluator runs for each strong rubric
point, in the same order (see agent/evaluation/signals.py): "skill", "example",
"ownership", "outcome", "tradeoff", "reflection", "plan", "honesty", "relevance",
"star_situation", "star_action", "star_result".

`{skill}` is one name or a short list ("Python and PostgreSQL"): related skills share a
question, so every text reads for one name or several. Kinds asked more than once in a
plan (strengths, gaps, skill checks, technical) have several wordings, `key`, `key_2`,
`key_3`, taken in turn, so no plan asks the same template twice with only the skill
swapped. Arabic texts address the candidate in forms that fit anyone (past tense,
verbal nouns, "هل يمكنك..."), since the platform gives no gender.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent.analysis.text import attach_particles


@dataclass(frozen=True)
class QTemplate:
    text: str
    intent: str
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    follow_ups: tuple[str, ...]
    signals: tuple[str, ...]


_TECH_RUBRIC = {
    "en": (
        (
            "explains a concrete approach step by step",
            "mentions trade-offs or alternatives",
            "refers to real tools, numbers or results",
        ),
        (
            "textbook definitions without practice",
            "no trade-offs considered",
            "vague about their own part",
        ),
        (
            "What would you do differently if you did it again?",
            "How did you know it worked — what did you measure?",
        ),
    ),
    "ar": (
        (
            "يشرح منهجًا ملموسًا خطوة بخطوة",
            "يذكر المفاضلات أو البدائل",
            "يشير إلى أدوات أو أرقام أو نتائج حقيقية",
        ),
        ("تعريفات نظرية دون ممارسة", "لا يذكر أي مفاضلات", "غامض بشأن دوره الشخصي"),
        ("لو أُعيدت التجربة، ما الذي يمكن فعله بشكل مختلف؟", "كيف عرفت أن الحل نجح، وما الذي قسته؟"),
    ),
}
_TECH_SIGNALS = ("example", "tradeoff", "outcome")

# Technical question text by skill category ({skill} is the display name).
_TECH_TEXT = {
    "en": {
        "database": "Tell me about a time you had to improve the performance of a {skill} "
        "database. How did you find the bottleneck, and what did you change?",
        "cloud": "How would you design the deployment of a service on {skill} so that it stays "
        "available during releases and failures? Refer to something you have actually run.",
        "devops": "Walk me through a delivery or infrastructure setup you built with {skill}. "
        "What broke along the way, and how did you make it reliable?",
        "language": "Describe a piece of {skill} code you wrote that you are proud of. How did "
        "you structure it, and how did you test it?",
        "backend": "Tell me about a service you built with {skill}. How did you handle errors, "
        "load and changes to its API?",
        "frontend": "How do you keep a large {skill} front end fast and maintainable? Give an "
        "example from your own work.",
        "mobile": "Tell me about a {skill} app you worked on. How did you handle performance, "
        "releases and crashes?",
        "data": "Walk me through a {skill} project from data to production: how did you "
        "validate the results, and how did you monitor them afterwards?",
        "management": "How do you plan and track work using {skill} when priorities change "
        "halfway through? Give a real example.",
        "other": "Tell me about a concrete piece of work where {skill} mattered most: what was "
        "the goal, what did you do yourself, and what was the result?",
        "other_2": "Which piece of work shows your skill with {skill} best? What did you do, what "
        "was hard about it, and what came out of it?",
    },
    "ar": {
        "database": "متى احتجت إلى تحسين أداء قاعدة بيانات {skill}؟ كيف حددت سبب البطء، وما "
        "الذي غيّرته؟",
        "cloud": "ما الطريقة الأنسب لنشر خدمة على {skill} بحيث تبقى متاحة أثناء الإصدارات "
        "الجديدة والأعطال؟ يُرجى الاستناد إلى تجربة فعلية من عملك.",
        "devops": "ما منظومة النشر أو البنية التحتية التي بنيتها باستخدام {skill}؟ ما الذي تعطل "
        "في الطريق، وكيف جعلتها موثوقة؟",
        "language": "ما الشيفرة المكتوبة بـ {skill} التي كانت مصدر فخر لك؟ كيف نظّمتها، وكيف "
        "اختبرتها؟",
        "backend": "ما الخدمة التي بنيتها باستخدام {skill}؟ وكيف تعاملت مع الأخطاء والأحمال "
        "والتغييرات في واجهتها البرمجية؟",
        "frontend": "ما الذي ساعدك على الحفاظ على سرعة واجهة أمامية كبيرة مبنية بـ {skill} وسهولة "
        "صيانتها؟ يُرجى ذكر مثال من عملك.",
        "mobile": "ما تطبيق {skill} الذي عملت عليه؟ وكيف تعاملت مع الأداء والإصدارات والأعطال؟",
        "data": "ما المشروع في {skill} الذي أوصلته من مرحلة البيانات حتى الإنتاج؟ كيف تحققت من "
        "النتائج، وكيف راقبتها بعد ذلك؟",
        "management": "عندما تغيّرت الأولويات في منتصف الطريق، كيف خططت للعمل وتابعته باستخدام "
        "{skill}؟ يُرجى ذكر مثال حقيقي.",
        "other": "ما العمل المحدد الذي كان لـ {skill} فيه الدور الأكبر؟ ما الهدف، وماذا فعلت "
        "بنفسك، وما النتيجة؟",
        "other_2": "أي عمل يُظهر مهارتك في {skill} أكثر من غيره؟ ما الذي فعلته، وما الصعب فيه، "
        "وما الذي نتج عنه؟",
    },
}
_CATEGORY_ALIAS = {
    "security": "other",
    "testing": "other",
    "design": "other",
    "business": "other",
    "soft": "other",
    "office": "other",
    "spoken": "other",
}

# Rubric lines shared by the wordings of one kind (recruiter-facing, not spoken).
_AR_STRENGTH_STRONG = (
    "يذكر مشروعًا محددًا ودوره الشخصي فيه",
    "يشرح القرارات المتعلقة بـ {skill}",
    "يقدّم نتيجة قابلة للقياس",
)
_AR_STRENGTH_WEAK = (
    "يتحدث بعبارات عامة فقط",
    "لا يستطيع وصف مساهمته الشخصية",
    "لا يذكر نتيجة أو مقياسًا",
)
_AR_GAP_INTENT = "استكشاف الفجوة في {skill}: خبرة فعلية، أو خبرة قابلة للنقل، أو خطة واقعية لتعلمه."
_AR_GAP_STRONG = (
    "يصف تجربة عملية أو أداة قريبة منها",
    "يعرض خطة واقعية لسد الفجوة",
    "صريح بشأن مستواه",
)
_AR_GAP_WEAK = ("يدّعي الخبرة دون أي مثال", "لا خبرة ذات صلة ولا خطة", "يقلل من أهمية المتطلب")
_AR_NICE_INTENT = "التحقق من المهارة المفضلة {skill}: أي تجربة فعلية أو أداة قريبة منها."
_AR_NICE_STRONG = ("يصف تجربة فعلية أو أداة قريبة منها", "يوضح فيمَ استخدمها", "صريح بشأن مستواه")
_AR_NICE_WEAK = ("يدّعي الخبرة دون أي مثال", "لا خبرة ذات صلة", "إجابة غامضة")
_AR_CHECK_INTENT = "التحقق من الخبرة الفعلية في {skill} (لا توجد سيرة ذاتية يُعتمد عليها)."
_AR_CHECK_STRONG = ("يذكر عملًا محددًا", "يصف دوره الشخصي", "يذكر نتيجة")
_AR_CHECK_WEAK = ("لا يقدم مثالًا ملموسًا", "مساهمته الشخصية غير واضحة", "لا يذكر نتيجة")

_FIXED: dict[str, dict[str, QTemplate]] = {
    "en": {
        "strength": QTemplate(
            "Your background shows experience with {skill}. Can you walk me through a specific "
            "piece of work that drew on it: what your role was, and what the result was?",
            "Verify the claimed strength in {skill} with concrete evidence.",
            (
                "names a specific project and their own role",
                "explains decisions involving {skill}",
                "gives a measurable result",
            ),
            (
                "speaks only in generalities",
                "cannot describe their own contribution",
                "no outcome or metric",
            ),
            (
                "What was the hardest problem you hit with {skill} there, and how did you "
                "solve it?",
                "How did you measure whether it worked?",
            ),
            ("ownership", "skill", "outcome"),
        ),
        "strength_2": QTemplate(
            "Walk me through work where you used {skill}: what problem were you solving, which "
            "decisions were yours, and how did it turn out?",
            "Verify the claimed strength in {skill} with concrete evidence.",
            (
                "names a specific project and their own role",
                "explains decisions involving {skill}",
                "gives a measurable result",
            ),
            (
                "speaks only in generalities",
                "cannot describe their own contribution",
                "no outcome or metric",
            ),
            (
                "Which of those decisions would you make differently today?",
                "How did you measure the result?",
            ),
            ("ownership", "skill", "outcome"),
        ),
        "strength_3": QTemplate(
            "Your CV also lists {skill}. What is the hardest problem you have solved with that, "
            "and how did you know your solution worked?",
            "Verify the claimed strength in {skill} with concrete evidence.",
            (
                "names a specific problem and their own role",
                "explains decisions involving {skill}",
                "gives a measurable result",
            ),
            (
                "speaks only in generalities",
                "cannot describe their own contribution",
                "no outcome or metric",
            ),
            (
                "What did you try first that did not work?",
                "Who else was involved, and what was your own part?",
            ),
            ("ownership", "skill", "outcome"),
        ),
        "gap": QTemplate(
            "This role requires {skill}, which I didn't see clearly in your CV. What experience "
            "do you have there, or with something close to it?",
            "Probe the gap in {skill}: real exposure, transferable experience, or a credible "
            "plan to learn it.",
            (
                "describes hands-on exposure or a closely related tool",
                "shows a realistic plan to close the gap",
                "is honest about their level",
            ),
            (
                "claims expertise without any example",
                "no related experience and no plan",
                "dismisses the requirement",
            ),
            (
                "If you had to become productive with {skill} in your first month, how would "
                "you go about it?",
                "Which related tools have you used, and how do they compare?",
            ),
            ("example", "plan", "honesty"),
        ),
        "gap_2": QTemplate(
            "The role also calls for {skill}. Have you used that in real work, even briefly, or "
            "something similar? Tell me what you did.",
            "Probe the gap in {skill}: real exposure, transferable experience, or a credible "
            "plan to learn it.",
            (
                "describes hands-on exposure or a closely related tool",
                "shows a realistic plan to close the gap",
                "is honest about their level",
            ),
            (
                "claims expertise without any example",
                "no related experience and no plan",
                "dismisses the requirement",
            ),
            (
                "What was the most difficult part of that for you?",
                "If you had to become productive with {skill} quickly, where would you start?",
            ),
            ("example", "plan", "honesty"),
        ),
        "gap_3": QTemplate(
            "How familiar are you with {skill}? Where have you used it, or what experience "
            "would you build on to learn it?",
            "Probe the gap in {skill}: real exposure, transferable experience, or a credible "
            "plan to learn it.",
            (
                "describes hands-on exposure or a closely related tool",
                "shows a realistic plan to close the gap",
                "is honest about their level",
            ),
            (
                "claims expertise without any example",
                "no related experience and no plan",
                "dismisses the requirement",
            ),
            (
                "How long do you think it would take you to be productive with {skill}?",
                "Which related tools have you used?",
            ),
            ("example", "plan", "honesty"),
        ),
        "gap_nice": QTemplate(
            "Experience with {skill} would be a plus in this role. Have you worked with that, or "
            "with something similar? If so, what for?",
            "Check the nice-to-have {skill}: any exposure, or a related tool.",
            (
                "describes real exposure or a closely related tool",
                "explains what they used it for",
                "is honest about their level",
            ),
            ("claims expertise without any example", "no related experience", "vague answer"),
            ("How quickly do you think you could pick {skill} up, and how?",),
            ("example", "relevance", "honesty"),
        ),
        "gap_nice_2": QTemplate(
            "{skill} would also help in this role. What exposure have you had to it, or to "
            "related tools?",
            "Check the nice-to-have {skill}: any exposure, or a related tool.",
            (
                "describes real exposure or a closely related tool",
                "explains what they used it for",
                "is honest about their level",
            ),
            ("claims expertise without any example", "no related experience", "vague answer"),
            ("How would that experience help you here?",),
            ("example", "relevance", "honesty"),
        ),
        "gap_experience": QTemplate(
            "The role asks for about {years} of experience. Which parts of your experience "
            "best prepare you for the scope of this {title} role?",
            "Check whether depth of experience makes up for fewer years.",
            (
                "gives examples of responsibility beyond their years",
                "relates them to this role",
                "describes outcomes they owned",
            ),
            ("only restates the CV", "no link to the role's scope", "no outcomes"),
            (
                "What was the largest piece of work you owned end to end?",
                "What would you need to learn fastest in this role?",
            ),
            ("ownership", "relevance", "outcome"),
        ),
        "skill_check": QTemplate(
            "This role relies heavily on {skill}. Tell me about the most substantial work you have "
            "done in that area, and what your own part in it was.",
            "Establish real experience with {skill} (no CV to go on).",
            ("names a specific piece of work", "describes their own part", "gives a result"),
            ("no concrete example", "unclear personal contribution", "no outcome"),
            ("What was the hardest part of that work?", "What would you do differently today?"),
            ("example", "ownership", "outcome"),
        ),
        "skill_check_2": QTemplate(
            "Walk me through a recent piece of work where you used {skill}: what was the goal, "
            "what did you do yourself, and how did it end?",
            "Establish real experience with {skill} (no CV to go on).",
            ("names a specific piece of work", "describes their own part", "gives a result"),
            ("no concrete example", "unclear personal contribution", "no outcome"),
            ("What did you learn from that work?", "How did you measure the result?"),
            ("example", "ownership", "outcome"),
        ),
        "skill_check_3": QTemplate(
            "How have you used {skill} in your work so far? Pick one concrete example and tell "
            "me how it went.",
            "Establish real experience with {skill} (no CV to go on).",
            ("names a specific piece of work", "describes their own part", "gives a result"),
            ("no concrete example", "unclear personal contribution", "no outcome"),
            ("What was your own part in that example?", "What was the result?"),
            ("example", "ownership", "outcome"),
        ),
        "responsibility": QTemplate(
            "One of this role's responsibilities is: “{duty}”. How have you handled something "
            "similar, and how would you approach it here?",
            "See how the candidate would handle a core duty of the role.",
            (
                "relates a similar past situation",
                "outlines a concrete approach",
                "mentions how they would measure success",
            ),
            (
                "generic answer unrelated to the duty",
                "no past experience and no approach",
                "no notion of success",
            ),
            (
                "What would you do in your first month on this?",
                "What could go wrong, and how would you notice?",
            ),
            ("example", "plan", "outcome"),
        ),
        "behaviour_conflict": QTemplate(
            "Tell me about a time you disagreed with a colleague or manager about how to do "
            "something. What was the situation, what did you do, and how did it end?",
            "Behavioural (STAR): handling disagreement and collaboration.",
            (
                "describes the situation and their task clearly",
                "explains the specific actions they took themselves",
                "states the result and what they learned",
            ),
            (
                "hypothetical answer instead of a real example",
                "talks about 'we' without their own part",
                "no result or reflection",
            ),
            (
                "What exactly did you say or do at that point?",
                "Looking back, what would you do differently?",
            ),
            ("star_situation", "star_action", "star_result"),
        ),
        "behaviour_failure": QTemplate(
            "Describe a situation where something you were responsible for went wrong. What "
            "did you do, and what did you learn?",
            "Behavioural (STAR): ownership, accountability and learning.",
            (
                "describes the situation and their responsibility",
                "explains the specific actions they took to recover",
                "states the outcome and a lesson they applied",
            ),
            ("blames others", "no concrete actions", "no lesson learned"),
            (
                "How did you communicate it to the people affected?",
                "What did you change afterwards so it would not happen again?",
            ),
            ("star_situation", "star_action", "star_result"),
        ),
        "behaviour_leadership": QTemplate(
            "Tell me about a time you led a team through a difficult deadline. How did you "
            "organise the work, and what was the result?",
            "Behavioural (STAR): leadership under pressure.",
            (
                "describes the situation and the stakes",
                "explains how they organised and supported people",
                "states the result and what they learned",
            ),
            ("no real example", "did the work alone instead of leading", "no result"),
            ("How did you decide what to drop or delay?", "How did the team feel afterwards?"),
            ("star_situation", "star_action", "star_result"),
        ),
        "career": QTemplate(
            "Can you walk me through the moves in your career over the last few years, and what "
            "led to each change?",
            "Understand short tenures or gaps neutrally: reasons and what was learned.",
            ("explains each move with a clear reason", "connects the moves to this role"),
            ("evasive or inconsistent with the CV", "no reasoning behind the moves"),
            ("What did you take away from your shortest role?",),
            ("relevance", "reflection"),
        ),
        "general": QTemplate(
            "What attracted you to this {title} role, and which of your experiences prepares you "
            "best for it?",
            "Motivation and the most relevant experience, when the job gives little to go on.",
            ("gives a specific reason for this role", "backs it with a relevant example"),
            ("generic motivation", "no relevant example"),
            ("What would you want to achieve in your first six months?",),
            ("relevance", "example"),
        ),
        "custom": QTemplate(
            "{question}",
            "Recruiter's question, asked as written.",
            ("answers the question directly", "supports the answer with a concrete example"),
            ("avoids the question", "no example"),
            ("Can you give me a concrete example?",),
            ("relevance", "example"),
        ),
        "focus": QTemplate(
            "Tell me about your experience with {areas}. Please give a concrete example.",
            "Cover the recruiter's focus areas: {areas}.",
            (
                "answers about the focus areas directly",
                "gives a concrete example",
                "describes their own part and the result",
            ),
            ("stays generic", "no example", "no result"),
            ("What was your own part in that?", "What was the outcome?"),
            ("relevance", "example", "outcome"),
        ),
    },
    "ar": {
        "strength": QTemplate(
            "تُظهر سيرتك الذاتية خبرة في {skill}. هل يمكنك الحديث عن عمل محدد استندت فيه إلى هذه "
            "الخبرة: ما كان دورك، وما النتيجة التي تحققت؟",
            "التحقق من نقطة القوة في {skill} بأدلة ملموسة.",
            _AR_STRENGTH_STRONG,
            _AR_STRENGTH_WEAK,
            (
                "ما أصعب مشكلة واجهتها مع {skill} في ذلك العمل، وكيف حللتها؟",
                "كيف قست نجاح العمل؟",
            ),
            ("ownership", "skill", "outcome"),
        ),
        "strength_2": QTemplate(
            "ما العمل الذي استخدمت فيه {skill}؟ ما المشكلة التي عالجتها، وما القرارات التي "
            "اتخذتها بنفسك، وكيف انتهى الأمر؟",
            "التحقق من نقطة القوة في {skill} بأدلة ملموسة.",
            _AR_STRENGTH_STRONG,
            _AR_STRENGTH_WEAK,
            ("أي تلك القرارات قد يختلف لو اتُّخذ اليوم؟", "كيف قست النتيجة؟"),
            ("ownership", "skill", "outcome"),
        ),
        "strength_3": QTemplate(
            "تذكر سيرتك الذاتية أيضًا {skill}. ما أصعب مشكلة حللتها في هذا المجال، وكيف عرفت أن "
            "الحل نجح؟",
            "التحقق من نقطة القوة في {skill} بأدلة ملموسة.",
            _AR_STRENGTH_STRONG,
            _AR_STRENGTH_WEAK,
            ("ما الذي جربته أولًا ولم ينجح؟", "من شارك في العمل، وما كان دورك الشخصي؟"),
            ("ownership", "skill", "outcome"),
        ),
        "gap": QTemplate(
            "تتطلب هذه الوظيفة {skill}، ولم أجد ذلك بوضوح في سيرتك الذاتية. ما خبرتك في هذا "
            "المجال أو في مجال قريب منه؟",
            _AR_GAP_INTENT,
            _AR_GAP_STRONG,
            _AR_GAP_WEAK,
            (
                "لو كان المطلوب إتقان {skill} خلال الشهر الأول، فما الخطة المناسبة لذلك؟",
                "ما الأدوات القريبة التي استخدمتها، وما أوجه الشبه والاختلاف بينها وبين {skill}؟",
            ),
            ("example", "plan", "honesty"),
        ),
        "gap_2": QTemplate(
            "تحتاج الوظيفة أيضًا إلى {skill}. هل سبق أن استخدمت ذلك أو أداة مشابهة في عمل فعلي، "
            "ولو لفترة قصيرة؟ وما الذي أنجزته به؟",
            _AR_GAP_INTENT,
            _AR_GAP_STRONG,
            _AR_GAP_WEAK,
            (
                "ما أصعب ما واجهته في ذلك؟",
                "لو كان المطلوب إتقان {skill} بسرعة، فمن أين تكون البداية؟",
            ),
            ("example", "plan", "honesty"),
        ),
        "gap_3": QTemplate(
            "ما مدى معرفتك بـ {skill}؟ وما التجارب أو المعارف القريبة التي يمكن البناء عليها؟",
            _AR_GAP_INTENT,
            _AR_GAP_STRONG,
            _AR_GAP_WEAK,
            ("كم من الوقت يلزم في رأيك لإتقان {skill}؟", "ما الأدوات القريبة التي استخدمتها؟"),
            ("example", "plan", "honesty"),
        ),
        "gap_nice": QTemplate(
            "الخبرة في {skill} ميزة إضافية في هذه الوظيفة. هل عملت بذلك أو بأداة مشابهة، وفيمَ "
            "كان ذلك؟",
            _AR_NICE_INTENT,
            _AR_NICE_STRONG,
            _AR_NICE_WEAK,
            ("ما المدة اللازمة لتعلّم {skill} في رأيك، وما الطريقة الأنسب لذلك؟",),
            ("example", "relevance", "honesty"),
        ),
        "gap_nice_2": QTemplate(
            "ستفيد المعرفة بـ {skill} أيضًا في هذه الوظيفة. ما الذي سبق أن تعاملت معه من ذلك أو من "
            "الأدوات القريبة منه؟",
            _AR_NICE_INTENT,
            _AR_NICE_STRONG,
            _AR_NICE_WEAK,
            ("كيف يمكن أن تفيد تلك التجربة في هذه الوظيفة؟",),
            ("example", "relevance", "honesty"),
        ),
        "gap_experience": QTemplate(
            "تتطلب الوظيفة خبرة {years} تقريبًا. ما الجوانب في خبرتك التي تؤهلك أكثر لمسؤوليات "
            "وظيفة {title}؟",
            "التحقق مما إذا كان عمق الخبرة يعوّض قلة سنواتها.",
            (
                "يعطي أمثلة على مسؤوليات تفوق سنوات خبرته",
                "يربطها بهذه الوظيفة",
                "يصف نتائج كان مسؤولًا عنها",
            ),
            ("يكرر ما في السيرة الذاتية فقط", "لا يربط خبرته بنطاق الوظيفة", "لا يذكر نتائج"),
            (
                "ما أكبر عمل توليت مسؤوليته من بدايته إلى نهايته؟",
                "ما أكثر ما يلزم تعلّمه بسرعة في هذه الوظيفة برأيك؟",
            ),
            ("ownership", "relevance", "outcome"),
        ),
        "skill_check": QTemplate(
            "تعتمد هذه الوظيفة كثيرًا على {skill}. ما أهم عمل قمت به في هذا المجال، وما كان دورك "
            "الشخصي فيه؟",
            _AR_CHECK_INTENT,
            _AR_CHECK_STRONG,
            _AR_CHECK_WEAK,
            ("ما أصعب جزء في ذلك العمل؟", "ما الذي قد يختلف في طريقة تنفيذه لو بدأ اليوم؟"),
            ("example", "ownership", "outcome"),
        ),
        "skill_check_2": QTemplate(
            "ما آخر عمل استخدمت فيه {skill}؟ ما الهدف، وماذا فعلت بنفسك، وكيف انتهى الأمر؟",
            _AR_CHECK_INTENT,
            _AR_CHECK_STRONG,
            _AR_CHECK_WEAK,
            ("ما الذي تعلمته من ذلك العمل؟", "كيف قست النتيجة؟"),
            ("example", "ownership", "outcome"),
        ),
        "skill_check_3": QTemplate(
            "كيف استخدمت {skill} في عملك حتى الآن؟ يُرجى اختيار مثال واحد ملموس وذكر ما حدث فيه.",
            _AR_CHECK_INTENT,
            _AR_CHECK_STRONG,
            _AR_CHECK_WEAK,
            ("ما دورك الشخصي في ذلك المثال؟", "ما النتيجة التي تحققت؟"),
            ("example", "ownership", "outcome"),
        ),
        "responsibility": QTemplate(
            "من مسؤوليات هذه الوظيفة: «{duty}». كيف تعاملت مع أمر مشابه من قبل، وما المنهج المناسب "
            "له هنا في رأيك؟",
            "معرفة كيف سيتعامل المرشح مع مهمة أساسية في الوظيفة.",
            ("يذكر موقفًا مشابهًا من خبرته", "يعرض منهجًا ملموسًا", "يوضح كيف سيقيس النجاح"),
            ("إجابة عامة لا علاقة لها بالمهمة", "لا خبرة سابقة ولا منهج", "لا تصور للنجاح"),
            (
                "ما أولوياتك في الشهر الأول في هذه المهمة؟",
                "ما الذي قد يسوء، وكيف يمكن ملاحظته مبكرًا؟",
            ),
            ("example", "plan", "outcome"),
        ),
        "behaviour_conflict": QTemplate(
            "هل مررت بموقف اختلفت فيه مع زميل أو مدير حول طريقة إنجاز عمل ما؟ ما الموقف، وماذا "
            "فعلت، وكيف انتهى الأمر؟",
            "سؤال سلوكي (STAR): التعامل مع الخلاف والتعاون.",
            (
                "يصف الموقف ومهمته بوضوح",
                "يشرح الإجراءات المحددة التي قام بها بنفسه",
                "يذكر النتيجة وما تعلمه",
            ),
            (
                "إجابة افتراضية بدلًا من مثال حقيقي",
                "يتحدث بصيغة الجمع دون توضيح دوره",
                "لا نتيجة ولا استخلاص للدروس",
            ),
            (
                "ماذا قلت أو فعلت بالتحديد في تلك اللحظة؟",
                "لو عاد بك الوقت، ما الذي كان سيتغير في تصرفك؟",
            ),
            ("star_situation", "star_action", "star_result"),
        ),
        "behaviour_failure": QTemplate(
            "هل مررت بموقف حدث فيه خطأ في عمل كان تحت مسؤوليتك؟ ماذا فعلت، وماذا تعلمت؟",
            "سؤال سلوكي (STAR): تحمّل المسؤولية والتعلم من الأخطاء.",
            (
                "يصف الموقف ومسؤوليته فيه",
                "يشرح الإجراءات المحددة التي اتخذها للمعالجة",
                "يذكر النتيجة ودرسًا طبّقه لاحقًا",
            ),
            ("يلقي اللوم على الآخرين", "لا إجراءات ملموسة", "لم يستخلص أي درس"),
            ("كيف أبلغت الأشخاص المتأثرين بما حدث؟", "ما الذي غيّرته بعد ذلك حتى لا يتكرر الأمر؟"),
            ("star_situation", "star_action", "star_result"),
        ),
        "behaviour_leadership": QTemplate(
            "ما الموقف الذي قدت فيه فريقًا نحو موعد نهائي صعب؟ كيف نظّمت العمل، وما النتيجة؟",
            "سؤال سلوكي (STAR): القيادة تحت الضغط.",
            (
                "يصف الموقف وما كان على المحك",
                "يشرح كيف نظّم العمل ودعم الفريق",
                "يذكر النتيجة وما تعلمه",
            ),
            ("لا يقدم مثالًا حقيقيًا", "أنجز العمل وحده بدلًا من القيادة", "لا نتيجة"),
            ("كيف قررت ما الذي يجب تأجيله أو إلغاؤه؟", "كيف كان شعور الفريق بعد ذلك؟"),
            ("star_situation", "star_action", "star_result"),
        ),
        "career": QTemplate(
            "هل يمكنك الحديث عن التنقلات في مسيرتك المهنية خلال السنوات الأخيرة، وما الذي دفعك "
            "إلى كل تغيير؟",
            "فهم فترات العمل القصيرة أو الانقطاع بحياد: الأسباب وما تعلمه المرشح.",
            ("يشرح كل انتقال بسبب واضح", "يربط هذه التنقلات بالوظيفة الحالية"),
            ("إجابة مراوغة أو لا تتسق مع السيرة الذاتية", "لا منطق وراء التنقلات"),
            ("ما الذي تعلمته من أقصر وظيفة شغلتها؟",),
            ("relevance", "reflection"),
        ),
        "general": QTemplate(
            "ما الذي جذبك إلى وظيفة {title}، وأي تجاربك تؤهلك لها أكثر من غيرها؟",
            "الدافع والخبرة الأكثر صلة، عندما لا توفر الوظيفة تفاصيل كافية.",
            ("يذكر سببًا محددًا لاختيار هذه الوظيفة", "يدعمه بمثال ذي صلة"),
            ("دافع عام", "لا يقدم مثالًا ذا صلة"),
            ("ما أهدافك للأشهر الستة الأولى؟",),
            ("relevance", "example"),
        ),
        "custom": QTemplate(
            "{question}",
            "سؤال من مسؤول التوظيف، يُطرح كما كُتب.",
            ("يجيب عن السؤال مباشرة", "يدعم إجابته بمثال ملموس"),
            ("يتهرب من السؤال", "لا يقدم مثالًا"),
            ("هل يمكنك إعطائي مثالًا ملموسًا؟",),
            ("relevance", "example"),
        ),
        "focus": QTemplate(
            "ما خبرتك في {areas}؟ يُرجى ذكر مثال ملموس من عملك.",
            "تغطية مجالات التركيز التي حددها مسؤول التوظيف: {areas}.",
            ("يجيب عن مجالات التركيز مباشرة", "يقدم مثالًا ملموسًا", "يصف دوره الشخصي والنتيجة"),
            ("يبقى في العموميات", "لا يقدم مثالًا", "لا يذكر نتيجة"),
            ("ما كان دورك الشخصي في ذلك؟", "ما النتيجة التي تحققت؟"),
            ("relevance", "example", "outcome"),
        ),
    },
}


def _lang(language: str) -> str:
    return "ar" if language == "ar" else "en"


def fixed(language: str, key: str) -> QTemplate:
    return _FIXED[_lang(language)][key]


def variants(language: str, key: str) -> list[tuple[str, QTemplate]]:
    """The wordings of `key` ("strength", "strength_2", ...), each with its own id."""
    table = _FIXED[_lang(language)]
    keys = [key] + [f"{key}_{n}" for n in range(2, 10) if f"{key}_{n}" in table]
    return [(k, table[k]) for k in keys]


def technical(language: str, category: str) -> list[tuple[str, QTemplate]]:
    """The category's technical question first, then the generic wordings."""
    lang = _lang(language)
    texts = _TECH_TEXT[lang]
    category = _CATEGORY_ALIAS.get(category, category)
    strong, weak, follow = _TECH_RUBRIC[lang]
    intent = (
        "Assess hands-on depth in {skill}." if lang == "en" else "تقييم العمق العملي في {skill}."
    )
    keys = dict.fromkeys((category if category in texts else "other", "other", "other_2"))
    return [
        (f"technical_{k}", QTemplate(texts[k], intent, strong, weak, follow, _TECH_SIGNALS))
        for k in keys
    ]


def render(language: str, tpl: QTemplate, **values: str) -> QTemplate:
    """`tpl` with its placeholders filled; Arabic particles joined to the words they govern."""

    def f(text: str) -> str:
        out = text.format(**values)
        return attach_particles(out) if language == "ar" else out

    return replace(
        tpl,
        text=f(tpl.text),
        intent=f(tpl.intent),
        strong=tuple(map(f, tpl.strong)),
        weak=tuple(map(f, tpl.weak)),
        follow_ups=tuple(map(f, tpl.follow_ups)),
    )


def all_templates(language: str) -> dict[str, QTemplate]:
    """Every template of `language` by id, for checks that must cover all of them."""
    out = dict(_FIXED[_lang(language)])
    for category in _TECH_TEXT[_lang(language)]:
        out.update(technical(language, category))
    return out
