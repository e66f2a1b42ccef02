"""Question templates in English and Arabic, with rubric, follow-ups and signals.

`signals` name the deterministic checks the evaluator runs for each strong rubric
point, in the same order (see agent/evaluation/signals.py): "skill", "example",
"ownership", "outcome", "tradeoff", "reflection", "plan", "honesty", "relevance",
"star_situation", "star_action", "star_result".
"""

from __future__ import annotations

from dataclasses import dataclass


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
        ("ما الذي كنت ستفعله بشكل مختلف لو أعدت التجربة؟", "كيف عرفت أن الحل نجح، وما الذي قسته؟"),
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
    },
    "ar": {
        "database": "حدثني عن موقف احتجت فيه إلى تحسين أداء قاعدة بيانات {skill}. كيف حددت سبب "
        "البطء، وما الذي غيّرته؟",
        "cloud": "كيف تصمم نشر خدمة على {skill} بحيث تبقى متاحة أثناء الإصدارات الجديدة والأعطال؟ "
        "استند إلى تجربة فعلية قمت بها.",
        "devops": "حدثني عن منظومة نشر أو بنية تحتية بنيتها باستخدام {skill}. ما الذي تعطل في "
        "الطريق، وكيف جعلتها موثوقة؟",
        "language": "صف جزءًا من شيفرة {skill} كتبته وتفخر به. كيف نظّمته، وكيف اختبرته؟",
        "backend": "حدثني عن خدمة بنيتها باستخدام {skill}. كيف تعاملت مع الأخطاء والأحمال "
        "والتغييرات في واجهتها البرمجية؟",
        "frontend": "كيف تحافظ على سرعة واجهة أمامية كبيرة مبنية بـ {skill} وسهولة صيانتها؟ "
        "أعطني مثالًا من عملك.",
        "mobile": "حدثني عن تطبيق {skill} عملت عليه. كيف تعاملت مع الأداء والإصدارات والأعطال؟",
        "data": "حدثني عن مشروع في {skill} من مرحلة البيانات حتى الإنتاج: كيف تحققت من النتائج، "
        "وكيف راقبتها بعد ذلك؟",
        "management": "كيف تخطط للعمل وتتابعه باستخدام {skill} عندما تتغير الأولويات في منتصف "
        "الطريق؟ أعطني مثالًا حقيقيًا.",
        "other": "حدثني عن عمل محدد كان لـ {skill} فيه الدور الأكبر: ما الهدف، وماذا فعلت بنفسك، "
        "وما النتيجة؟",
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

_FIXED: dict[str, dict[str, QTemplate]] = {
    "en": {
        "strength": QTemplate(
            "Your background shows experience with {skill}. Can you walk me through a specific "
            "piece of work where {skill} played a big part, what your role was, and what the "
            "result was?",
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
        "gap": QTemplate(
            "This role requires {skill}, and I didn't see it clearly in your CV. What experience "
            "do you have with {skill}, or with something close to it?",
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
                "you go "
                "about it?",
                "Which related tools have you used, and how do they compare?",
            ),
            ("example", "plan", "honesty"),
        ),
        "gap_nice": QTemplate(
            "Experience with {skill} would be a plus in this role. Have you worked with {skill} "
            "or with something similar, and what did you use it for?",
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
        "gap_experience": QTemplate(
            "The role asks for about {years} years of experience. Which parts of your experience "
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
            "done that involved {skill}, and what your own part in it was.",
            "Establish real experience with {skill} (no CV to go on).",
            ("names a specific piece of work", "describes their own part", "gives a result"),
            ("no concrete example", "unclear personal contribution", "no outcome"),
            ("What was the hardest part of that work?", "What would you do differently today?"),
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
            "تُظهر سيرتك الذاتية خبرة في {skill}. هل يمكنك أن تحدثني عن عمل محدد كان لـ {skill} "
            "دور كبير فيه، وما كان دورك، وما النتيجة التي تحققت؟",
            "التحقق من نقطة القوة في {skill} بأدلة ملموسة.",
            (
                "يذكر مشروعًا محددًا ودوره الشخصي فيه",
                "يشرح القرارات المتعلقة بـ {skill}",
                "يقدّم نتيجة قابلة للقياس",
            ),
            ("يتحدث بعبارات عامة فقط", "لا يستطيع وصف مساهمته الشخصية", "لا يذكر نتيجة أو مقياسًا"),
            (
                "ما أصعب مشكلة واجهتها مع {skill} في ذلك المشروع، وكيف حللتها؟",
                "كيف قست نجاح العمل؟",
            ),
            ("ownership", "skill", "outcome"),
        ),
        "gap": QTemplate(
            "تتطلب هذه الوظيفة {skill}، ولم أجد ذلك بوضوح في سيرتك الذاتية. ما خبرتك في {skill} "
            "أو في مجال قريب منه؟",
            "استكشاف الفجوة في {skill}: خبرة فعلية، أو خبرة قابلة للنقل، أو خطة واقعية لتعلمه.",
            (
                "يصف تجربة عملية أو أداة قريبة منها",
                "يعرض خطة واقعية لسد الفجوة",
                "صريح بشأن مستواه",
            ),
            ("يدّعي الخبرة دون أي مثال", "لا خبرة ذات صلة ولا خطة", "يقلل من أهمية المتطلب"),
            (
                "لو احتجت أن تصبح منتجًا في {skill} خلال شهرك الأول، كيف ستفعل ذلك؟",
                "ما الأدوات القريبة التي استخدمتها، وكيف تقارنها بها؟",
            ),
            ("example", "plan", "honesty"),
        ),
        "gap_nice": QTemplate(
            "الخبرة في {skill} ميزة إضافية في هذه الوظيفة. هل عملت بـ {skill} أو بأداة مشابهة، "
            "وفيمَ استخدمتها؟",
            "التحقق من المهارة المفضلة {skill}: أي تجربة فعلية أو أداة قريبة منها.",
            ("يصف تجربة فعلية أو أداة قريبة منها", "يوضح فيمَ استخدمها", "صريح بشأن مستواه"),
            ("يدّعي الخبرة دون أي مثال", "لا خبرة ذات صلة", "إجابة غامضة"),
            ("ما المدة التي تحتاجها لتتعلم {skill}، وكيف ستفعل ذلك؟",),
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
                "ما الذي ستحتاج إلى تعلمه بسرعة في هذه الوظيفة؟",
            ),
            ("ownership", "relevance", "outcome"),
        ),
        "skill_check": QTemplate(
            "تعتمد هذه الوظيفة كثيرًا على {skill}. حدثني عن أهم عمل قمت به تطلّب {skill}، وما كان "
            "دورك الشخصي فيه.",
            "التحقق من الخبرة الفعلية في {skill} (لا توجد سيرة ذاتية يُعتمد عليها).",
            ("يذكر عملًا محددًا", "يصف دوره الشخصي", "يذكر نتيجة"),
            ("لا يقدم مثالًا ملموسًا", "مساهمته الشخصية غير واضحة", "لا يذكر نتيجة"),
            ("ما أصعب جزء في ذلك العمل؟", "ما الذي كنت ستفعله بشكل مختلف اليوم؟"),
            ("example", "ownership", "outcome"),
        ),
        "responsibility": QTemplate(
            "من مسؤوليات هذه الوظيفة: «{duty}». كيف تعاملت مع أمر مشابه من قبل، وكيف ستتعامل "
            "معه هنا؟",
            "معرفة كيف سيتعامل المرشح مع مهمة أساسية في الوظيفة.",
            ("يذكر موقفًا مشابهًا من خبرته", "يعرض منهجًا ملموسًا", "يوضح كيف سيقيس النجاح"),
            ("إجابة عامة لا علاقة لها بالمهمة", "لا خبرة سابقة ولا منهج", "لا تصور للنجاح"),
            ("ماذا ستفعل في شهرك الأول في هذه المهمة؟", "ما الذي قد يسوء، وكيف ستلاحظه؟"),
            ("example", "plan", "outcome"),
        ),
        "behaviour_conflict": QTemplate(
            "حدثني عن موقف اختلفت فيه مع زميل أو مدير حول طريقة إنجاز عمل ما. ما الموقف، وماذا "
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
                "لو عاد بك الوقت، ما الذي كنت ستفعله بشكل مختلف؟",
            ),
            ("star_situation", "star_action", "star_result"),
        ),
        "behaviour_failure": QTemplate(
            "صف موقفًا حدث فيه خطأ في عمل كنت مسؤولًا عنه. ماذا فعلت، وماذا تعلمت؟",
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
            "حدثني عن موقف قدت فيه فريقًا لتحقيق موعد نهائي صعب. كيف نظّمت العمل، وما النتيجة؟",
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
            "هل يمكنك أن تحدثني عن التنقلات في مسيرتك المهنية خلال السنوات الأخيرة، وما الذي دفعك "
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
            ("ما الذي تريد تحقيقه في أول ستة أشهر؟",),
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
            "حدثني عن خبرتك في {areas}، مع مثال ملموس من عملك.",
            "تغطية مجالات التركيز التي حددها مسؤول التوظيف: {areas}.",
            ("يجيب عن مجالات التركيز مباشرة", "يقدم مثالًا ملموسًا", "يصف دوره الشخصي والنتيجة"),
            ("يبقى في العموميات", "لا يقدم مثالًا", "لا يذكر نتيجة"),
            ("ما كان دورك الشخصي في ذلك؟", "ما النتيجة التي تحققت؟"),
            ("relevance", "example", "outcome"),
        ),
    },
}


def fixed(language: str, key: str) -> QTemplate:
    return _FIXED["ar" if language == "ar" else "en"][key]


def technical(language: str, category: str) -> QTemplate:
    lang = "ar" if language == "ar" else "en"
    texts = _TECH_TEXT[lang]
    category = _CATEGORY_ALIAS.get(category, category)
    strong, weak, follow = _TECH_RUBRIC[lang]
    text = texts.get(category, texts["other"])
    intent = (
        "Assess hands-on depth in {skill}." if lang == "en" else "تقييم العمق العملي في {skill}."
    )
    return QTemplate(text, intent, strong, weak, follow, _TECH_SIGNALS)
