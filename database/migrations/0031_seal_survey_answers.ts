import { BaseSchema } from '@adonisjs/lucid/schema'
import { sealBallot } from '#services/ballot_box'

/**
 * Survey answers that cannot be traced to the people who gave them (docs/adr/0011).
 *
 * Until now a contact's participation and their answers were written in one transaction,
 * so `xmin` (and the rows' order on disk) joined a person to their answers. Now:
 * - while a survey is open an answer is a sealed ballot (`survey_ballots`, encrypted and
 *   of one fixed size), written with the participation;
 * - when the survey closes, the ballots are opened and counted in one transaction into
 *   `survey_score_counts` (how many gave each score to each question) and
 *   `survey_free_texts` (in alphabetical order), and deleted. No row of the results is
 *   per person, has an id, a time, or the transaction of anyone's participation;
 * - `surveys.answers` is how many answers the results count.
 *
 * Existing answers move in this migration's transaction (so nothing links them to a
 * participant's transaction either): a closed survey's are counted into the results — or,
 * with fewer than five answers, which are never shown any more, not kept, only their
 * number; an open survey's are sealed as ballots, counted when it closes. The old
 * per-answer tables are dropped.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'ALTER TABLE surveys ADD COLUMN answers integer NOT NULL DEFAULT 0 CHECK (answers >= 0)'
    )
    this.schema.raw(`
      CREATE TABLE survey_ballots (
        survey_id integer NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        sealed text NOT NULL
      )`)
    this.schema.raw('CREATE INDEX survey_ballots_survey_index ON survey_ballots (survey_id)')
    this.schema.raw(`
      CREATE TABLE survey_score_counts (
        survey_id integer NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        question_id integer NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        answers integer NOT NULL CHECK (answers > 0),
        PRIMARY KEY (question_id, score)
      )`)
    this.schema.raw(`
      CREATE TABLE survey_free_texts (
        survey_id integer NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        free_text text NOT NULL CHECK (free_text <> '')
      )`)
    this.schema.raw('CREATE INDEX survey_free_texts_survey_index ON survey_free_texts (survey_id)')

    // closed surveys: their results, counted
    this.schema.raw(`
      INSERT INTO survey_score_counts (survey_id, question_id, score, answers)
      SELECT q.survey_id, a.question_id, a.score, count(*)
        FROM survey_answers a
        JOIN survey_questions q ON q.id = a.question_id
        JOIN surveys s ON s.id = q.survey_id AND s.status = 'stangd'
       GROUP BY q.survey_id, a.question_id, a.score
       ORDER BY q.survey_id, a.question_id, a.score`)
    this.schema.raw(`
      INSERT INTO survey_free_texts (survey_id, free_text)
      SELECT r.survey_id, r.free_text FROM survey_responses r JOIN surveys s ON s.id = r.survey_id AND s.status = 'stangd'
       WHERE r.free_text IS NOT NULL AND r.free_text <> ''
       ORDER BY r.survey_id, r.free_text`)
    this.schema.raw(
      `UPDATE surveys s SET answers = (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id) WHERE s.status = 'stangd'`
    )
    this.schema.raw(
      `DELETE FROM survey_score_counts c USING surveys s WHERE s.id = c.survey_id AND s.answers < 5`
    )
    this.schema.raw(
      `DELETE FROM survey_free_texts f USING surveys s WHERE s.id = f.survey_id AND s.answers < 5`
    )
    // open surveys: each answer sealed as a ballot (in the random order of the old ids)
    this.defer(async (db) => {
      const responses = await db
        .from('survey_responses as r')
        .join('surveys as s', 's.id', 'r.survey_id')
        .whereNot('s.status', 'stangd')
        .orderBy('r.id')
        .select('r.id', 'r.survey_id', 'r.free_text')
      for (const response of responses) {
        const answers = await db
          .from('survey_answers')
          .where('response_id', response.id)
          .select('question_id', 'score')
        const scores = Object.fromEntries(
          answers.map((answer) => [answer.question_id, Number(answer.score)])
        )
        const sealed = sealBallot(response.survey_id, {
          scores,
          freeText: response.free_text || null,
        })
        await db.table('survey_ballots').insert({ survey_id: response.survey_id, sealed })
      }
    })
    this.schema.raw('DROP TABLE survey_answers, survey_responses')
  }

  /** The old tables come back empty: single answers cannot be made from counts. */
  async down() {
    this.schema.raw(`
      CREATE TABLE survey_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survey_id integer NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        free_text text
      )`)
    this.schema.raw(`
      CREATE TABLE survey_answers (
        response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
        question_id integer NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        PRIMARY KEY (response_id, question_id)
      )`)
    this.schema.raw('DROP TABLE survey_free_texts, survey_score_counts, survey_ballots')
    this.schema.raw('ALTER TABLE surveys DROP COLUMN answers')
  }
}
