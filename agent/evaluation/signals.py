"""Deterministic checks on an answer, one per rubric signal (English and Arabic).

"skill" and "relevance" are about the question's topic and live in relevance.py; the
pattern signals here run only on the answer's on-topic sentences (see scoring.py).

Each check reads the normalised answer (lower case, folded Arabic letters, Western
digits; see agent/analysis/text.py), so patterns are written in that form.
"""

from __future__ import annotations

import re

from agent.analysis.text import tokens

_P = {
    "example": r"\b(project|for example|for instance|at my (last|previous|current)|when i|"
    r"in (19|20)"
    r"\d\d|last year|we had|once|one time|at [a-z]+ (inc|ltd|co)|my team)\b|مشروع|مثلا|علي سبيل "
    r"المثال|عندما|في شرك|في عملي|في عام|في وظيفتي|فريقي",
    "ownership": r"\bi (led|built|designed|implemented|wrote|created|decided|owned|managed|"
    r"migrated|fixed|introduced|set up|ran|drove|developed|refactored|automated|reduced|"
    r"improved|analy[sz]ed|tuned|added|optimi[sz]ed|rewrote|shipped|"
    r"negotiated|handled|organi[sz]ed|proposed|delivered|launched|mentored|hired|trained|was "
    r"responsible)\b|\bmy (role|responsibility|part)\b|قمت|قدت|صممت|طورت|بنيت|انشات|كتبت|نفذت|"
    r"ادرت|اقترحت|كنت مسوول|دوري|مسووليتي",
    "outcome": r"\d+(\.\d+)?\s*(%|٪|x\b|times|percent|ms|seconds|minutes|hours|days|users|"
    r"customers|"
    r"k\b|m\b|million|مليون|الف|بالمئه|ضعف)|\b(result(ed)?|reduc(ed|ing)|increas(ed|ing)|"
    r"improv(ed|ing)|saved|faster|cut|grew|outcome|on time|success(ful)?|achiev(ed|ing))\b|"
    r"النتيجه|نتيجه|خفض|زياده|تحسين|تحسن|وفر|اسرع|نجح|حققنا|حققت",
    "tradeoff": r"\b(trade-?offs?|instead of|rather than|alternatives?|because|downside|pros and "
    r"cons|compared|on the other hand|however|cost of)\b|بدلا من|بدلا|لان|مقارنه|عيوب|مزايا|"
    r"المفاضله|من ناحيه اخرى|لكن",
    "reflection": r"\b(learn(ed|t)|lesson|differently|next time|in hindsight|looking back|realis"
    r"ed|realized)\b|تعلمت|درس|بشكل مختلف|ادركت",
    "plan": r"\b(i would|i'd|i will|plan|learn|course|documentation|docs|practice|first step|"
    r"tutorial|side project|pair with)\b|ساتعلم|سابدا|ساقرا|سامارس|سوف|خطه|اتعلم|دوره|التوثيق|"
    r"اتدرب",
    "honesty": r"\b(not much|limited|haven't|have not|i don't have|my level|basic|to be honest|"
    r"honestly|only used|beginner|not an expert)\b|بصراحه|محدوده|لم استخدم|ليست لدي|مبتدئ|اساسي",
    "star_situation": r"\b(when|at my|we had|the situation|the context|there was|last year|once|"
    r"project)\b|عندما|كان هناك|الموقف|في احد|مشروع",
    "star_action": r"\bi (decided|talked|spoke|proposed|organi[sz]ed|set up|took|asked|wrote|built|"
    r"led|called|met|suggested|changed|escalated|fixed|rolled back|planned|split)\b|قررت|تحدثت|"
    r"اقترحت|نظمت|اخذت|طلبت|كتبت|بنيت|قدت|اجتمعت|غيرت|اصلحت|خططت",
    "star_result": r"\b(as a result|in the end|eventually|result(ed)?|outcome|we (shipped|"
    r"delivered|"
    r"launched|agreed)|learn(ed|t)|since then)\b|\d+\s*(%|٪)|في النهايه|النتيجه|نتيجه|اتفقنا|"
    r"سلمنا|اطلقنا|تعلمت|منذ ذلك",
}
_RE = {name: re.compile(p) for name, p in _P.items()}
_HEDGE = re.compile(
    r"\b(i don'?t know|not sure|no idea|i can'?t remember|i have no experience|never (used|"
    r"worked))\b|لا اعرف|لست متاكد|ليس لدي فكره|لا اتذكر|ليس لدي خبره"
)
_HYPOTHETICAL = re.compile(r"\b(i would|i'd|i think i would|probably would)\b|سافعل|ساقوم|ربما")
_STOP = frozenset(
    "the a an and or of to in on for with your you what how why when where which who is are "
    "was were do did have has can could would this that it about tell me describe give example "
    "from into our their they them role الذي التي الذين هذا هذه ذلك تلك كيف ماذا لماذا متى "
    "اين هل كان كانت لديك عندك".split()
)

# Measurable results in their usual spoken forms: "from 300 to 2,100 per second", "cut by
# a third", "two days early", "p95 down to 120 ms", "٤٠٪", "من ٣٠٠ إلى ٢١٠٠", "يومين".
_NUM = (
    r"(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|"
    r"dozens|واحد|اثنين|اثنان|ثلاث\S*|اربع\S*|خمس\S*|ست\S*|سبع\S*|ثمان\S*|تسع\S*|عشر\S*|مئه|"
    r"مائه|مئات|الف|الاف|مليون|ملايين)"
)
_UNIT = (
    r"(%|٪|percent|x\b|times\b|ms\b|milliseconds?|seconds?|secs?\b|minutes?|mins?\b|hours?|"
    r"days?|weeks?|months?|requests?|rps\b|qps\b|tps\b|users?|customers?|clients|payments?|"
    r"transactions?|orders?|errors?|incidents?|tickets?|servers?|nodes?|services?|engineers?|"
    r"people|rows|records|events|messages|queries|deployments?|releases?|gb\b|tb\b|mb\b|k\b|"
    r"m\b|million|billion|dollars?|usd\b|euros?|points?|بالمئه|في المئه|بالمائه|ضعف|اضعاف|مرات|"
    r"مره|ثانيه|ثوان\S*|دقيقه|دقائق|ساعه|ساعات|يوم|ايام|اسبوع|اسابيع|شهر|اشهر|مستخدم\S*|عميل|"
    r"عملاء|طلب\S*|معامل\S*|خادم|خوادم|مهندس\S*|سجل\S*)"
)
_MEASURABLE = re.compile(
    r"\bfrom\s+\$?" + _NUM + r"\s*\S{0,12}\s+to\s+\$?" + _NUM + r"|"
    r"\b" + _NUM + r"\s*(\w+\s+)?" + _UNIT + r"|"
    r"\$\s?\d|\bp(50|90|95|99)\b|\d+x\b|"
    r"\b(by|in|to)\s+(a\s+|one\s+)?(half|third|quarter|fifth|tenth)\b|\b(halved|doubled|tripled|"
    r"quadrupled|tenfold|twice\s+as)\b|"
    r"من\s+" + _NUM + r"\s*\S{0,12}\s+(الي|ل)\s*" + _NUM + r"|بنسبه|النصف|الثلث|الربع|بمقدار|"
    r"يومين|اسبوعين|شهرين|ساعتين|الضعف"
)


# Without a digit, one of these words or Arabic text there is no measurable result; most
# sentences are settled by this word-set test instead of the (slower) pattern.
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty hundred hundreds thousand thousands million millions billion dozen dozens half
    third quarter fifth tenth halved doubled tripled quadrupled tenfold twice""".split()
)
_LATIN = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def measurable(answer_norm: str) -> bool:
    """A number with what it counts, a before/after, or a fraction: a result one can check."""
    if (
        answer_norm.isascii()
        and _DIGIT.search(answer_norm) is None
        and _NUMBER_WORDS.isdisjoint(_LATIN.findall(answer_norm))
    ):
        return False
    return _MEASURABLE.search(answer_norm) is not None


def check(signal: str, answer_norm: str) -> bool:
    """The pattern signal on a normalised answer; False for a signal that is not a pattern."""
    if signal == "outcome":
        return measurable(answer_norm) or _RE["outcome"].search(answer_norm) is not None
    pattern = _RE.get(signal)
    return pattern is not None and pattern.search(answer_norm) is not None


def keyword_covered(point: str, answer_tokens: set[str]) -> bool:
    """Fallback for rubric points without a signal: a third of the point's words appear."""
    words = {t for t in tokens(point) if len(t) > 3 and t not in _STOP}
    return bool(words) and len(words & answer_tokens) * 3 >= len(words)


_HEDGE_WORDS = frozenset("know sure idea remember experience never".split())


def hedging(answer_norm: str) -> bool:
    if answer_norm.isascii() and _HEDGE_WORDS.isdisjoint(_LATIN.findall(answer_norm)):
        return False  # every English hedge needs one of these words
    return _HEDGE.search(answer_norm) is not None


def hypothetical_only(answer_norm: str) -> bool:
    """Speaks in "I would" without any past-tense first-person action."""
    return (
        bool(_HYPOTHETICAL.search(answer_norm))
        and not _RE["star_action"].search(answer_norm)
        and not _RE["ownership"].search(answer_norm)
    )
