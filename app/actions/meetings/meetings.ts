/**
 * Network meetings: scheduled by the coordinator with a forum thread for the discussion,
 * answered ja/nej/kanske by everyone, minutes (Markdown and/or a PDF) published
 * afterwards. The use cases live one per file in this folder, the reads in
 * app/queries/meetings/meetings.ts, the rules in app/domain/meetings.ts; this file
 * re-exports them for older imports.
 */
export { ANSWERS, type Answer, type MeetingInput, meetingTimes } from '#domain/meetings'
export { createMeeting, updateMeeting } from '#actions/meetings/schedule_meeting'
export { respond } from '#actions/meetings/respond_to_meeting'
export { publishMinutes } from '#actions/meetings/publish_minutes'
export { meetingList, nextMeeting } from '#queries/meetings/meetings'
