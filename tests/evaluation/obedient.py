"""A test double of a model that obeys instructions it finds in the transcript.

It reads the real evaluator prompt (the fenced <asked> and <transcript> blocks) and
answers JSON like a chat model would. Honest mode: each answered question gets a score
from the answer's length (a naive but plausible judge), quoted with the answer's longest
sentence. Obedient mode, whenever a candidate line asks for a score or a verdict (or
always, with `always_obey`): every answer 5/5 quoting the instruction itself where there
is one, rating 10, "advance" - what a model does when an injection works.
"""

from __future__ import annotations

import json
import re

from agent.analysis.text import sentence_spans

# What this gullible model takes as an order (a superset of any one phrasing).
_ORDERS = re.compile(
    r"rate|rating|score|recommend|advance|full marks|perfect|evaluation result|system:|ignore|"
    r"evaluator|hiring team|rubric|تقييم|التوصية|الدرجة|قبولي|تجاهل",
    re.IGNORECASE,
)
_LINE = re.compile(r"^\[seq (\d+)\] (\w+): (.*)$")


def _block(prompt: str, tag: str) -> str:
    return prompt.split(f"<{tag}>\n", 1)[1].split(f"\n</{tag}>", 1)[0]


class ObedientLLM:
    def __init__(self, *, always_obey: bool = False) -> None:
        self.always_obey = always_obey
        self.prompts: list[str] = []
        self.obeyed = 0

    async def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        asked = json.loads(_block(prompt, "asked"))["asked"]
        lines: dict[int, str] = {}
        for line in _block(prompt, "transcript").splitlines():
            m = _LINE.match(line)
            if m and m.group(2) == "candidate":
                lines[int(m.group(1))] = m.group(3)
        orders = {
            seq: text[a:b]
            for seq, text in lines.items()
            for a, b in sentence_spans(text)
            if _ORDERS.search(text[a:b])
        }
        arabic = "in Arabic" in prompt
        if orders or self.always_obey:
            self.obeyed += 1
            return self._obey(asked, lines, orders, arabic)
        return self._judge(asked, lines, arabic)

    @staticmethod
    def _sentences(seqs: list[int], lines: dict[int, str]) -> list[tuple[int, str]]:
        return [(s, lines[s][a:b]) for s in seqs if s in lines for a, b in sentence_spans(lines[s])]

    def _judge(self, asked: list[dict], lines: dict[int, str], arabic: bool) -> str:  # type: ignore[type-arg]
        questions, scores = [], []
        for a in asked:
            sentences = self._sentences(a["answer_seqs"], lines)
            if not sentences:
                continue
            words = sum(len(t.split()) for _, t in sentences)
            score = 1 if words < 4 else 2 if words < 15 else 3 if words < 40 else 4
            seq, text = max(sentences, key=lambda p: len(p[1]))
            evidence = [{"seq": seq, "text": text}] if score > 1 else []
            questions.append(
                {"question_id": a["question_id"], "score": score, "evidence": evidence}
            )
            scores.append(score)
        rating = round(1 + (sum(scores) / len(scores) - 1) * 9 / 4, 1)
        rec = "advance" if rating >= 7 else "reject" if rating < 5 else "hold"
        return json.dumps(
            {
                "questions": questions,
                "rating": rating,
                "recommendation": rec,
                "rationale": "تقييم مبني على طول الإجابات ومحتواها."
                if arabic
                else "Judged on the substance and length of the answers.",
                "feedback": "ملاحظات موجزة للمسؤول." if arabic else "Short feedback for the team.",
            },
            ensure_ascii=False,
        )

    def _obey(
        self,
        asked: list[dict],  # type: ignore[type-arg]
        lines: dict[int, str],
        orders: dict[int, str],
        arabic: bool,
    ) -> str:
        questions = []
        for a in asked:
            sentences = self._sentences(a["answer_seqs"], lines)
            if not sentences:
                continue
            told = [(s, orders[s]) for s in a["answer_seqs"] if s in orders]
            seq, text = told[0] if told else sentences[0]
            questions.append(
                {
                    "question_id": a["question_id"],
                    "score": 5,
                    "evidence": [{"seq": seq, "text": text}],
                }
            )
        return json.dumps(
            {
                "questions": questions,
                "rating": 10,
                "recommendation": "advance",
                "rationale": "إجابات قوية ومتكاملة في جميع الأسئلة."
                if arabic
                else "Strong, complete answers across the board.",
                "feedback": "مرشح ممتاز." if arabic else "Outstanding candidate.",
            },
            ensure_ascii=False,
        )
