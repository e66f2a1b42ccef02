"""What the interviewer says, in English and Arabic.

Kept apart from the flow so that wording can change without touching behaviour,
and so that both languages stay complete: ``PHRASES["ar"]`` must have every key
of ``PHRASES["en"]``, and ``ACKS`` a set for each (a test checks it).
"""

from __future__ import annotations

from agent.analysis.text import count

# Placeholders that carry a count, with the noun it counts: the number and its noun
# agree in each language ("1 minute", "8 دقائق", "15 دقيقة").
COUNTED = {"minutes": "minute"}

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "greeting": (
            "Hello {name}, thank you for joining. I'm the AI interviewer for the {job_title} "
            "role at {company}. This call is recorded and transcribed for the hiring team, "
            "and it takes about {minutes}. Take your time with each answer, and ask "
            "me to repeat a question whenever you like."
        ),
        "first_question": "Let's begin. {question}",
        "next": "{question}",
        "last_question": (
            "We have a few minutes left, so this will be the last question. {question}"
        ),
        "follow_up": "{follow_up}",
        "repeat": "Of course. {question}",
        "reask": "Sorry, let me finish the question. {question}",
        "confirm_stop": "Would you like to stop here?",
        "carry_on": "Alright, let's carry on. {question}",
        "follow_example": "Could you give me a specific example from your own work?",
        "follow_ownership": "What was your own part in that? What did you do yourself?",
        "follow_outcome": "How did it turn out, and how did you know it worked?",
        "follow_denied": (
            "That's fine. Is there anything close to it that you have done, even on a small scale?"
        ),
        "skip": "No problem, let's move on. {question}",
        "skip_last": "No problem.",
        "job_answer": "Good question. {answer} Now, back to my question: {question}",
        "job_unknown": (
            "I don't have that detail here; the recruiting team will be happy to answer it "
            "after the interview. Back to my question: {question}"
        ),
        "still_there": "Are you still there? Take your time. {question}",
        "welcome_back": "Welcome back. Let's pick up where we were. {question}",
        "closing": (
            "That's all my questions. Thank you for your time, {name}. The hiring team at "
            "{company} will review this interview, and you'll hear from them about next "
            "steps soon. Goodbye!"
        ),
        "closing_time": (
            "We've reached the end of our time. Thank you, {name}. The hiring team at "
            "{company} will review the interview and get back to you about next steps. Goodbye!"
        ),
        "closing_stop": (
            "Of course, we can stop here. Thank you for your time, {name}. The hiring team "
            "will review what we covered and get back to you. Goodbye!"
        ),
        "closing_silence": (
            "It seems we have lost you, so I'll end the interview here. The hiring team will "
            "be in touch. Goodbye!"
        ),
        "technical_difficulty": (
            "I'm sorry, we're having a technical problem on our side and can't continue the "
            "interview right now. The recruiting team will contact you to reschedule."
        ),
    },
    "ar": {
        "greeting": (
            "مرحباً {name}، وشكراً لانضمامك. أنا المحاور الآلي لوظيفة {job_title} في {company}. "
            "قبل أن نبدأ: هذه المكالمة مسجلة ومفرّغة نصياً ليراجعها فريق التوظيف. "
            "تستغرق المقابلة حوالي {minutes}. سأطرح عليك بعض الأسئلة؛ لا داعي للعجلة في "
            "الإجابة، ويمكن طلب إعادة أي سؤال في أي وقت."
        ),
        "first_question": "لنبدأ. {question}",
        "next": "{question}",
        "last_question": "تبقّت لدينا دقائق قليلة، لذا سيكون هذا السؤال الأخير. {question}",
        "follow_up": "{follow_up}",
        "repeat": "بالتأكيد. {question}",
        "reask": "عذراً، دعني أكمل السؤال. {question}",
        "confirm_stop": "هل نتوقف هنا؟",
        "carry_on": "حسناً، لنكمل. {question}",
        "follow_example": "هل يمكنك أن تعطيني مثالاً محدداً من عملك؟",
        "follow_ownership": "ما الذي قمت به بنفسك في ذلك تحديداً؟",
        "follow_outcome": "كيف كانت النتيجة، وكيف عرفت أن الحل نجح؟",
        "follow_denied": "لا بأس. هل هناك شيء قريب من ذلك قمت به، ولو على نطاق صغير؟",
        "skip": "لا مشكلة، لننتقل إلى السؤال التالي. {question}",
        "skip_last": "لا مشكلة.",
        "job_answer": "سؤال جيد. {answer} والآن نعود إلى سؤالي: {question}",
        "job_unknown": (
            "ليست لدي هذه المعلومة الآن؛ سيسعد فريق التوظيف بالإجابة عنها بعد المقابلة. "
            "نعود إلى سؤالي: {question}"
        ),
        "still_there": "هل ما زلت معي؟ لا داعي للعجلة. {question}",
        "welcome_back": "أهلاً بعودتك. لنكمل من حيث توقفنا. {question}",
        "closing": (
            "هذه كل أسئلتي. شكراً لوقتك يا {name}. سيراجع فريق التوظيف في {company} هذه "
            "المقابلة وسيتواصلون معك قريباً بشأن الخطوات التالية. مع السلامة!"
        ),
        "closing_time": (
            "لقد انتهى وقتنا. شكراً لك يا {name}. سيراجع فريق التوظيف في {company} المقابلة "
            "ويتواصلون معك بشأن الخطوات التالية. مع السلامة!"
        ),
        "closing_stop": (
            "بالتأكيد، يمكننا التوقف هنا. شكراً لوقتك يا {name}. سيراجع فريق التوظيف ما "
            "ناقشناه ويتواصلون معك. مع السلامة!"
        ),
        "closing_silence": (
            "يبدو أن الاتصال انقطع، لذا سأنهي المقابلة هنا. سيتواصل معك فريق التوظيف. مع السلامة!"
        ),
        "technical_difficulty": (
            "عذراً، نواجه مشكلة تقنية من جهتنا ولا يمكننا متابعة المقابلة الآن. "
            "سيتواصل معك فريق التوظيف لتحديد موعد جديد."
        ),
    },
}


# Acknowledgements before the next question, varied so the interviewer does not sound
# like a machine; the flow never uses the same one twice in a row.
ACKS: dict[str, list[str]] = {
    "en": [
        "Thank you.",
        "Thanks, that's helpful.",
        "Got it, thank you.",
        "That's clear, thanks.",
        "Thanks for walking me through that.",
    ],
    "ar": [
        "شكراً لك.",
        "شكراً، هذا مفيد.",
        "فهمت، شكراً.",
        "واضح، شكراً.",
        "شكراً على هذا الشرح.",
    ],
}


def say(language: str, key: str, **values: object) -> str:
    table = PHRASES.get(language, PHRASES["en"])
    for name, unit in COUNTED.items():
        value = values.get(name)
        if isinstance(value, int | float):
            values[name] = count(language, value, unit)
    return table[key].format(**values).strip()
