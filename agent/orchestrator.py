"""One interview's lifecycle, the same in a LiveKit room and in the offline simulation.

    fetch application ──┬── CV + fit analysis ⇒ plan ─────────────────┐ (plays under the greeting)
                        ├── createInterview ──────────────┐           │
                        ├── voice the greeting ───┐       │           │
                        └── wait for candidate ───┴─ greet ─ start record ─┴─ ask, close
                                                                      │
    always: stop recording → evaluate → park results → send them in order → clean up

The greeting needs only the application: it is voiced while the candidate joins and
plays as soon as they are there; the interview record, its start and the recording's
key follow while it plays (transcript rows and audio wait for the id; nothing is lost).

Results are parked in the outbox before they are sent (``service.outbox``), and the
wrap-up sends them with a short deadline: LiveKit cancels a job's entrypoint 15 s
after any shutdown trigger, and a cancel at any point still finds every result
acknowledged or parked (``_park_on_cancel``). ``status`` reports what the platform
acknowledged: PENDING while the final call waits in the outbox.

The room-specific parts (who is present, how audio reaches the session) sit behind
``CandidateLink``; the platform, recorder and CV loader are injected, so tests and
the demo drive this exact code.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, Protocol, TypedDict, Unpack

import structlog
from livekit.agents import AgentSession
from livekit.agents.voice import io
from livekit.agents.voice.events import CloseReason

from agent.analysis import FitResult, analyze_fit
from agent.evaluation import EndReason, Evaluation, evaluate, evaluate_with_llm
from agent.interview.flow import Candidate, InterviewFlow, interview_conduct
from agent.interview.interviewer import Interviewer
from agent.prepared_speech import PreparedSpeech
from agent.recording import Recorder, RecordingResult
from agent.transcript import TranscriptSink
from config.logging import bind_interview
from config.settings import InterviewSettings
from service.cv import CVSource
from service.errors import ApplicationNotFound, CVError, ServiceError
from service.interviews import InterviewPlatform
from service.models import (
    Application,
    Interview,
    InterviewStatus,
    InterviewUpdate,
    TranscriptEntry,
)
from service.outbox import Courier, Outbox

log = structlog.get_logger(__name__)

# A first delivery attempt within LiveKit's 15 s between a shutdown trigger and the
# entrypoint's cancellation; the outbox sends whatever is left later.
_SEND_WITHIN = 5.0


class AudioTaps(TypedDict):
    """The recorder's taps, put around the candidate's and the interviewer's audio."""

    wrap_input: Callable[[io.AudioInput], io.AudioInput]
    wrap_output: Callable[[io.AudioOutput], io.AudioOutput]


class CandidateLink(Protocol):
    """Where the candidate is: a LiveKit room, or the simulation harness."""

    async def wait_for_candidate(self, within: float) -> bool: ...

    def on_presence(self, callback: Callable[[bool], None]) -> None: ...

    async def start_session(
        self, session: AgentSession, agent: Interviewer, **taps: Unpack[AudioTaps]
    ) -> None:
        """Wire the candidate's audio (through the recorder's taps) and start the session."""


@dataclass
class InterviewOutcome:
    application_id: str
    room: str
    # the final status once the platform acknowledged it; PENDING while parked
    status: InterviewStatus | Literal["PENDING", "FAILED"]
    reason: str = ""
    final_status: InterviewStatus | None = None  # what the worker decided
    interview_id: str | None = None
    ended_by: EndReason | None = None
    questions_asked: list[str] = field(default_factory=list)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    application: Application | None = None
    fit: FitResult | None = None
    evaluation: Evaluation | None = None
    recording: RecordingResult | None = None
    latency: dict[str, dict[str, float]] = field(default_factory=dict)
    duration_s: float = 0.0
    problems: list[str] = field(default_factory=list)
    pending_delivery: list[str] = field(default_factory=list)  # not acknowledged yet, in order


class InterviewOrchestrator:
    """One interview: ``run`` once."""

    def __init__(
        self,
        *,
        application_id: str,
        room: str,
        platform: InterviewPlatform,
        cv_loader: CVSource,
        recorder: Recorder,
        link: CandidateLink,
        session_factory: Callable[[str], AgentSession],
        settings: InterviewSettings,
        outbox: Outbox | None = None,
        on_transcript: Callable[[TranscriptEntry], None] | None = None,
        refine: Callable[[str], Awaitable[str]] | None = None,
    ) -> None:
        self.application_id = application_id
        self.room = room
        self._platform = platform
        self._cv = cv_loader
        self._recorder = recorder
        self._link = link
        self._session_factory = session_factory
        self._settings = settings
        self._outbox = outbox
        self._on_transcript = on_transcript
        self._refine = refine
        self._outcome = InterviewOutcome(application_id, room, status="FAILED")
        self._left_for_good = asyncio.Event()
        self._return_timer: asyncio.TimerHandle | None = None
        self._silence_task: asyncio.Task[None] | None = None
        self._results_parked = False

    async def run(self) -> InterviewOutcome:
        bind_interview(application_id=self.application_id, room=self.room)
        try:
            # The candidate may still be on their way: a platform blip longer than one
            # call's retries must not leave them alone in the room, so the setup calls
            # retry until the no-show timeout (createInterview is idempotent per
            # (application, room), so a retry never makes a second record).
            application = await self._platform.get_application(
                self.application_id, retry_for=self._settings.no_show_timeout
            )
        except ApplicationNotFound as exc:
            return self._failed(str(exc))
        except ServiceError as exc:
            return self._failed(f"could not read the application: {exc}")

        self._outcome.application = application
        created = asyncio.create_task(self._create_interview(application))
        plan_task = asyncio.create_task(self._analyze(application))
        job = application.job
        flow = InterviewFlow(
            candidate=Candidate(application.candidate.name, job.title, job.company.name),
            language=job.language,
            duration_minutes=self._settings.duration_minutes,
            max_follow_ups=self._settings.max_follow_ups,
        )
        session = self._session_factory(job.language)
        # the greeting needs only the application: its audio is made while they join
        greeting = PreparedSpeech(session.tts, flow.greeting()) if session.tts else None
        room_gone = ""  # why the room is gone: a room that disconnects is not a crash
        try:
            present = await self._link.wait_for_candidate(self._settings.no_show_timeout)
        except Exception as exc:  # LiveKit raises RuntimeError when the room disconnects
            log.warning("room_lost_before_candidate", error=str(exc))
            present, room_gone = False, str(exc) or type(exc).__name__
        except BaseException:  # cancelled while waiting: nothing of ours keeps running
            for task in (created, plan_task):
                task.cancel()
            if greeting is not None:
                greeting.close()
            raise
        if not present:
            plan_task.cancel()
            if greeting is not None:
                greeting.close()
            return await self._not_joined(created, room_gone)
        return await self._conduct(application, flow, session, greeting, created, plan_task)

    async def _not_joined(
        self, created: asyncio.Task[Interview], room_gone: str
    ) -> InterviewOutcome:
        outcome = self._outcome
        courier = await self._courier(created)
        if courier is None:
            return outcome
        if room_gone:
            outcome.ended_by = EndReason.ERROR
            outcome.reason = f"the room closed before the candidate joined ({room_gone})"
            courier.park("cancel_interview", {"reason": outcome.reason})
        else:
            outcome.ended_by = EndReason.NO_SHOW
            outcome.reason = f"no candidate joined within {self._settings.no_show_timeout:.0f}s"
            log.info("interview_no_show", reason=outcome.reason)
            courier.park("mark_no_show")
        return await self._settle(courier, outcome.ended_by.platform_status)

    # -- the conversation ---------------------------------------------------------
    async def _conduct(
        self,
        application: Application,
        flow: InterviewFlow,
        session: AgentSession,
        greeting: PreparedSpeech | None,
        created: asyncio.Task[Interview],
        plan_task: asyncio.Task[FitResult],
    ) -> InterviewOutcome:
        """Greet at once; the interview record, its start and the recorder's id follow
        while the greeting plays (rows and audio wait for the id, nothing is lost)."""
        outcome = self._outcome
        started = time.monotonic()

        def _on_entry(entry: TranscriptEntry, item_id: str) -> None:
            flow.note_transcript(seq=entry.sequence_number, item_id=item_id)
            if self._on_transcript is not None:
                self._on_transcript(entry)

        transcripts = TranscriptSink(language=flow.language, on_entry=_on_entry)
        courier: Courier | None = None
        no_record = False
        try:
            try:
                await self._start_recording(self._recorder.start(application_id=application.id))
                plan_future: asyncio.Future[Any] = asyncio.ensure_future(self._plan_of(plan_task))
                agent = Interviewer(
                    flow=flow,
                    application=application,
                    plan=plan_future,
                    greeting_audio=greeting.audio() if greeting is not None else None,
                )
                session.on("conversation_item_added", transcripts.on_item)
                session.on(
                    "user_state_changed", lambda ev: self._on_user_state(ev, agent, plan_future)
                )
                self._link.on_presence(lambda here: self._on_presence(here, agent))
                await self._link.start_session(
                    session,
                    agent,
                    wrap_input=self._recorder.wrap_input,
                    wrap_output=self._recorder.wrap_output,
                )
                courier = await self._record_created(created, transcripts)
                if courier is not None:
                    await self._wait_for_end(agent, session)
                else:  # no record to report to; the candidate heard the greeting: tell them
                    no_record = True
                    agent.close_with(flow.finish(EndReason.ERROR))
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(agent.closed.wait(), 30)
            except Exception as exc:  # the interview must still be wrapped up and reported
                log.exception("interview_failed")
                outcome.problems.append(f"interview stopped by an error: {exc}")
                flow.finish(EndReason.ERROR)
            if flow.end_reason is None:
                flow.finish(
                    EndReason.CANDIDATE_LEFT if self._left_for_good.is_set() else EndReason.TIME_UP
                )
            self._stop_silence()
            if courier is None and not no_record:  # an error came first: is the record there?
                courier = await self._courier(created)
                if courier is not None:
                    transcripts.start(courier, after=await self._rows_already_stored(courier))
            await transcripts.aclose()
            try:
                await asyncio.wait_for(session.aclose(), 15)
            except Exception:
                log.exception("session_close_failed")
            if greeting is not None:
                greeting.close()
            outcome.duration_s = time.monotonic() - started
            if courier is None:  # nothing on the platform to report to
                plan_task.cancel()
                await self._recorder.aclose()
                return outcome
            self._note_ending(flow, transcripts)
            await self._wrap_up(flow, plan_task, courier)
        except asyncio.CancelledError:
            outcome.duration_s = time.monotonic() - started
            if courier is None:  # the record was not there yet: nothing to park for
                created.cancel()
                plan_task.cancel()
                transcripts.abort()
                log.warning("interview_cancelled_before_record")
            else:
                self._park_on_cancel(flow, plan_task, transcripts, courier)
            raise
        return outcome

    async def _courier(self, created: asyncio.Task[Interview]) -> Courier | None:
        """The courier of the interview record, once created; None if that failed."""
        try:
            interview = await created
        except ServiceError as exc:
            self._failed(f"could not create the interview record: {exc}")
            return None
        self._outcome.interview_id = interview.id
        bind_interview(interview_id=interview.id)
        return Courier(platform=self._platform, interview_id=interview.id, outbox=self._outbox)

    async def _record_created(
        self, created: asyncio.Task[Interview], transcripts: TranscriptSink
    ) -> Courier | None:
        """The interview record (created while the candidate joined), started, named to
        the recorder, and taking the transcript's rows; None if there is none."""
        courier = await self._courier(created)
        if courier is None:
            return None
        try:
            await self._platform.start_interview(courier.interview_id)
        except ServiceError as exc:
            log.error("platform_call_failed", call="start_interview", error=str(exc))
            self._outcome.problems.append(f"start_interview failed: {exc}")
        await self._start_recording(self._recorder.set_interview_id(courier.interview_id))
        transcripts.start(courier, after=await self._rows_already_stored(courier))
        return courier

    async def _rows_already_stored(self, courier: Courier) -> int:
        """Where this run's transcript numbering starts.

        LiveKit re-dispatches a job whose worker died; createInterview then returns the
        same record, which may already hold the first run's rows. Continuing after the
        highest stored (or parked) number keeps one interview per (application, room),
        as the contract keys it, with the whole conversation in one transcript; a
        second record would need a made-up room id and leave the first one dangling.
        """
        interview_id = courier.interview_id
        parked = self._outbox.last_sequence(interview_id) if self._outbox is not None else 0
        try:
            stored = await self._platform.list_transcripts(interview_id)
        except ServiceError as exc:
            self._outcome.problems.append(f"could not read earlier transcript rows: {exc}")
            return parked
        highest = max((row.sequence_number or 0 for row in stored), default=0)
        if highest or parked:
            log.info("interview_resumed", stored_rows=len(stored), continues_after=highest)
        return max(highest, parked)

    async def _wait_for_end(self, agent: Interviewer, session: AgentSession) -> None:
        closed = asyncio.Event()

        def _on_close(ev: Any) -> None:
            # An STT/LLM/TTS that failed for good closes the session: that is no ending
            # of the interview but a technical failure, reported as CANCELLED with why.
            if getattr(ev, "error", None) is not None or ev.reason == CloseReason.ERROR:
                error = getattr(ev.error, "error", ev.error)
                kind = type(ev.error).__name__ if ev.error is not None else "error"
                self._outcome.problems.append(f"the voice session failed ({kind}: {error})")
                agent.flow.finish(EndReason.ERROR)
            closed.set()

        session.on("close", _on_close)
        hard_limit = self._settings.duration_minutes * 60.0 + 120.0
        waiters = [
            asyncio.create_task(ended.wait())
            for ended in (agent.closed, self._left_for_good, closed)
        ]
        try:
            done, _ = await asyncio.wait(
                waiters, timeout=hard_limit, return_when=asyncio.FIRST_COMPLETED
            )
            if not done:  # past the planned time and its margin: close politely
                agent.close_with(agent.flow.finish(EndReason.TIME_UP))
                await asyncio.wait_for(agent.closed.wait(), 60)
        finally:
            for waiter in waiters:
                waiter.cancel()

    def _on_user_state(self, ev: Any, agent: Interviewer, plan: asyncio.Future[Any]) -> None:
        """Silence: one prompt; still nothing a silence-timeout later, a polite close.

        LiveKit says "away" once and re-arms its timer only after the user is "listening"
        again, so an "away" that is not the candidate's silence is handed back with
        ``reset_away_timer`` once it can mean silence: when the plan is ready (until then
        the candidate is waiting for the first question), or when they return (presence
        decides first: a candidate who is gone gets the reconnect grace, not a silence close).
        """
        if ev.new_state == "speaking":
            self._stop_silence()
        elif ev.new_state != "away" or self._silence_task is not None or agent.flow.finished:
            return
        elif self._return_timer is not None:
            log.info("candidate_silent", action="ignored_while_gone")
        elif agent.flow.plan is None:
            session = agent.session  # bound now: the agent may have stopped by then
            plan.add_done_callback(lambda _: session.reset_away_timer())
        else:
            self._silence_task = asyncio.create_task(self._prompt_then_close(agent))

    def _stop_silence(self) -> None:
        if self._silence_task is not None:
            self._silence_task.cancel()
            self._silence_task = None

    async def _prompt_then_close(self, agent: Interviewer) -> None:
        log.info("candidate_silent", action="prompt")
        await agent.session.say(agent.flow.still_there()).wait_for_playout()
        await asyncio.sleep(self._settings.silence_timeout)
        log.info("candidate_silent", action="close")
        agent.close_with(agent.flow.finish(EndReason.SILENCE))

    def _on_presence(self, present: bool, agent: Interviewer) -> None:
        if present:
            if self._return_timer is None:
                return
            self._return_timer.cancel()
            self._return_timer = None
            log.info("candidate_returned")
            if agent.flow.current is not None:  # None once the interview ended
                agent.session.say(agent.flow.welcome_back())
            agent.session.reset_away_timer()
            return
        if self._return_timer is not None:
            return
        log.info("candidate_left", grace_s=self._settings.reconnect_grace)
        self._stop_silence()
        loop = asyncio.get_running_loop()
        self._return_timer = loop.call_later(
            self._settings.reconnect_grace, self._left_for_good.set
        )

    # -- setup work ------------------------------------------------------------
    async def _create_interview(self, application: Application) -> Interview:
        interview = await self._platform.create_interview(
            application.id,
            self.room,
            duration_minutes=self._settings.duration_minutes,
            retry_for=self._settings.no_show_timeout,
        )
        log.info("interview_created", interview_id=interview.id)
        return interview

    async def _analyze(self, application: Application) -> FitResult:
        """The plan, within ``plan_deadline``: past it the candidate would sit in silence
        after the greeting, so the plan is made without whatever is still pending (the
        CV, or only the LLM's rewording when the CV text is already in hand)."""
        fit = partial(analyze_fit, application, duration_minutes=self._settings.duration_minutes)
        cv_text: str | None = None
        try:
            async with asyncio.timeout(self._settings.plan_deadline):
                cv_text = await self._cv_text(application)
                return await fit(cv_text, refine=self._refine)
        except TimeoutError:
            log.warning(
                "plan_deadline_passed",
                deadline_s=self._settings.plan_deadline,
                with_cv=cv_text is not None,
            )
            return await fit(cv_text, refine=None)

    async def _cv_text(self, application: Application) -> str | None:
        if not application.resume_url:
            return None
        try:
            return (await self._cv.load(application.resume_url)).text
        except CVError as exc:
            log.warning("cv_unusable_job_only_plan", error=str(exc))
            return None

    @staticmethod
    async def _plan_of(plan_task: asyncio.Task[FitResult]) -> Any:
        return (await plan_task).plan

    async def _start_recording(self, call: Awaitable[None]) -> None:
        try:
            await call
        except Exception as exc:  # recording trouble never stops the interview
            log.exception("recorder_start_failed")
            self._outcome.problems.append(f"recording could not start: {exc}")

    # -- wrap-up -----------------------------------------------------------------
    async def _wrap_up(
        self, flow: InterviewFlow, plan_task: asyncio.Task[FitResult], courier: Courier
    ) -> None:
        outcome = self._outcome
        try:
            outcome.recording = await self._recorder.stop()
        except Exception as exc:
            log.exception("recorder_stop_failed")
            outcome.problems.append(f"recording failed: {exc}")
        finally:
            await self._recorder.aclose()
        if outcome.recording is not None and outcome.recording.note:
            outcome.problems.append(outcome.recording.note)

        try:
            outcome.fit = await plan_task
        except Exception as exc:
            outcome.problems.append(f"fit analysis failed: {exc}")
        if outcome.fit is not None:
            fit, conduct = outcome.fit, interview_conduct(flow, outcome.duration_s)
            if self._refine is None:
                outcome.evaluation = evaluate(
                    fit.plan, outcome.transcript, fit.fit, conduct=conduct
                )
            else:  # the LLM evaluator falls back by itself
                outcome.evaluation = await evaluate_with_llm(
                    fit.plan, outcome.transcript, fit.fit, conduct=conduct, llm=self._refine
                )
        await self._settle(courier, self._park_results(flow, courier))

    def _note_ending(self, flow: InterviewFlow, transcripts: TranscriptSink) -> None:
        outcome = self._outcome
        outcome.ended_by = flow.end_reason
        outcome.questions_asked = [r.question.id for r in flow.asked]
        outcome.transcript = list(transcripts.entries)
        outcome.latency = transcripts.latency_summary()

    def _park_results(self, flow: InterviewFlow, courier: Courier) -> InterviewStatus:
        """Park the evaluation update and the final status call, in that order."""
        outcome = self._outcome
        update = InterviewUpdate(duration=max(1, round(outcome.duration_s / 60)))
        if outcome.recording is not None and outcome.recording.url:
            update.recording_url = outcome.recording.url
        if outcome.evaluation is not None:
            update.ai_analysis = outcome.evaluation.to_ai_analysis()
            update.rating = outcome.evaluation.rating
            update.feedback = outcome.evaluation.feedback
        if courier.unwritable:
            outcome.problems.append(f"the outbox could not be written: {courier.unwritable}")
        if outcome.problems:
            update.notes = "\n".join(outcome.problems)
        courier.park("update_interview", update.model_dump(mode="json", exclude_none=True))
        final = (flow.end_reason or EndReason.COMPLETED).platform_status
        if final is InterviewStatus.CANCELLED:
            outcome.reason = "; ".join(outcome.problems) or "technical problem"
            courier.park("cancel_interview", {"reason": outcome.reason})
        else:
            courier.park("complete_interview")
        self._results_parked = True
        return final

    def _park_on_cancel(
        self,
        flow: InterviewFlow,
        plan_task: asyncio.Task[FitResult],
        transcripts: TranscriptSink,
        courier: Courier,
    ) -> None:
        """LiveKit cancelled the job: park what is missing now, without awaiting anything.

        Runs inside the CancelledError handler, so it must not await: the offline
        evaluator stands in for an unfinished (LLM) one; the outbox sends it all later.
        """
        outcome = self._outcome
        transcripts.abort()
        self._stop_silence()
        if self._results_parked:
            return
        if flow.end_reason is None:
            outcome.problems.append("the job was shut down before the interview ended")
            flow.finish(EndReason.ERROR)
        self._note_ending(flow, transcripts)
        if outcome.evaluation is None and plan_task.done() and not plan_task.cancelled():
            try:
                outcome.fit = fit = plan_task.result()
                conduct = interview_conduct(flow, outcome.duration_s)
                outcome.evaluation = evaluate(
                    fit.plan, outcome.transcript, fit.fit, conduct=conduct
                )
            except Exception as exc:  # whatever it is, the rest must still be parked
                outcome.problems.append(f"evaluation failed: {exc}")
        plan_task.cancel()
        outcome.final_status = self._park_results(flow, courier)
        outcome.status = "PENDING"
        outcome.pending_delivery = courier.waiting()
        log.warning("interview_cancelled_results_parked", pending=len(outcome.pending_delivery))

    async def _settle(self, courier: Courier, final: InterviewStatus) -> InterviewOutcome:
        """Send what is parked (briefly) and report what the platform acknowledged."""
        outcome = self._outcome
        delivered = await courier.flush(within=_SEND_WITHIN)
        outcome.final_status = final
        outcome.pending_delivery = [] if delivered else courier.waiting()
        outcome.status = "PENDING" if outcome.pending_delivery else final
        if outcome.pending_delivery:
            log.warning("results_pending", final_status=final, waiting=outcome.pending_delivery)
        return outcome

    def _failed(self, reason: str) -> InterviewOutcome:
        self._outcome.status, self._outcome.reason = "FAILED", reason
        log.error("interview_setup_failed", reason=reason)
        return self._outcome
