"""Every GraphQL document the worker sends, parsed once at import.

Keeping them in one module lets one test validate all of them against the contract
SDL (``service/platform.graphql``), so a renamed field fails CI, not an interview.
Each document has exactly one named operation; the name is sent as
``operationName`` and used as the ``operation`` label in logs and errors.
"""

from __future__ import annotations

from gql import GraphQLRequest, gql

_INTERVIEW_FIELDS = """
fragment InterviewFields on Interview {
  id
  applicationId
  status
  type
  scheduledAt
  duration
  notes
  feedback
  rating
  aiAnalysis
  recordingUrl
  roomId
  createdAt
  updatedAt
}
"""

GET_APPLICATION: GraphQLRequest = gql(
    """
    query GetApplication($id: ID!) {
      application(id: $id) {
        id
        status
        resumeUrl
        coverLetter
        cvScore
        cvAnalysisResults
        aiInterviewRecommendations
        candidate { id name email }
        job {
          id
          title
          department
          description
          responsibilities
          requirements
          skills
          experience
          education
          jobLevel
          interviewPrompt
          interviewLanguage
          company { id name description }
        }
      }
    }
    """
)


def _returning_interview(operation: str, call: str) -> GraphQLRequest:
    """A document whose one root field answers with the interview record."""
    return gql(f"{operation} {{\n  {call} {{ ...InterviewFields }}\n}}\n" + _INTERVIEW_FIELDS)


CREATE_INTERVIEW = _returning_interview(
    "mutation CreateInterview($input: CreateInterviewInput!)", "createInterview(input: $input)"
)
START_INTERVIEW = _returning_interview(
    "mutation StartInterview($id: ID!)", "startInterview(id: $id)"
)
UPDATE_INTERVIEW = _returning_interview(
    "mutation UpdateInterview($id: ID!, $input: UpdateInterviewInput!)",
    "updateInterview(id: $id, input: $input)",
)
COMPLETE_INTERVIEW = _returning_interview(
    "mutation CompleteInterview($id: ID!)", "completeInterview(id: $id)"
)
CANCEL_INTERVIEW = _returning_interview(
    "mutation CancelInterview($id: ID!, $reason: String)",
    "cancelInterview(id: $id, reason: $reason)",
)
MARK_INTERVIEW_NO_SHOW = _returning_interview(
    "mutation MarkInterviewNoShow($id: ID!)", "markInterviewNoShow(id: $id)"
)
GET_INTERVIEW = _returning_interview("query GetInterview($id: ID!)", "interview(id: $id)")

CREATE_BULK_TRANSCRIPTS: GraphQLRequest = gql(
    """
    mutation CreateBulkTranscripts($inputs: [CreateTranscriptInput!]!) {
      createBulkTranscripts(inputs: $inputs) { id sequenceNumber }
    }
    """
)

TRANSCRIPTS_BY_INTERVIEW: GraphQLRequest = gql(
    """
    query TranscriptsByInterview($interviewId: ID!) {
      transcriptsByInterview(interviewId: $interviewId) {
        id interviewId content speaker timestamp confidence language sequenceNumber
      }
    }
    """
)
