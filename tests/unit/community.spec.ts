import { test } from '@japa/runner'
import { compoundTsquery, queryWords, snippetHtml } from '#domain/search_terms'
import { satisfiedShare } from '#actions/surveys/surveys'
import { meetingTimes } from '#actions/meetings/meetings'

test.group('Search query building', () => {
  test('a word becomes itself as a prefix or any split into two parts of at least three letters', ({
    assert,
  }) => {
    assert.equal(
      compoundTsquery('växelrutin'),
      '(växelrutin:* | (väx:* & elrutin:*) | (växe:* & lrutin:*) | (växel:* & rutin:*) | (växelr:* & utin:*) | (växelru:* & tin:*))'
    )
    assert.equal(compoundTsquery('rutin'), '(rutin:*)')
    // a one- or two-letter word is not a prefix: "a" would match every word beginning with a
    assert.equal(compoundTsquery('ab'), '(ab)')
  })

  test('query words are lower-cased letters and digits only, so tsquery syntax cannot be injected', ({
    assert,
  }) => {
    assert.deepEqual(queryWords("Växel & !rutin | 'x':* (2026)"), ['växel', 'rutin', 'x', '2026'])
    assert.deepEqual(queryWords('&&& ::: !!'), [])
  })

  test('a snippet escapes the text and marks what the search matched', ({ assert }) => {
    assert.equal(
      snippetHtml('Se ⟦vidarekopplingar⟧ <b>här</b>', ['vidarekoppling']),
      'Se <mark>vidarekopplingar</mark> &lt;b&gt;här&lt;/b&gt;'
    )
    // a trigram-only hit: words beginning like the query word are marked
    assert.equal(
      snippetHtml('Koppla om anknytningen', ['anknytnig']),
      'Koppla om <mark>anknytningen</mark>'
    )
  })
})

test.group('Satisfaction share', () => {
  test('the share satisfied counts 4 and 5 of all answers; none without answers', ({ assert }) => {
    assert.equal(satisfiedShare([0, 0, 1, 4, 5]), 0.9)
    assert.equal(satisfiedShare([1, 1, 1, 1, 1]), 0.4)
    assert.isNull(satisfiedShare([0, 0, 0, 0, 0]))
  })
})

test.group('Meeting times', () => {
  test('local Stockholm times become instants in winter and in summer', ({ assert }) => {
    const winter = meetingTimes({ date: '2027-01-20', startTime: '09:00', endTime: '10:30' })
    const summer = meetingTimes({ date: '2027-06-15', startTime: '09:00', endTime: '10:30' })
    assert.isTrue(winter.ok && summer.ok)
    if (winter.ok && summer.ok) {
      assert.equal(winter.startsAt.toISOString(), '2027-01-20T08:00:00.000Z')
      assert.equal(summer.startsAt.toISOString(), '2027-06-15T07:00:00.000Z')
      assert.equal(summer.endsAt.toISOString(), '2027-06-15T08:30:00.000Z')
    }
  })

  test('a time in the spring-forward gap, or an end not after the start, is refused', ({
    assert,
  }) => {
    assert.deepEqual(meetingTimes({ date: '2027-03-28', startTime: '02:15', endTime: '04:00' }), {
      ok: false,
      error: 'springGap',
    })
    assert.deepEqual(meetingTimes({ date: '2027-01-20', startTime: '10:00', endTime: '10:00' }), {
      ok: false,
      error: 'endNotAfterStart',
    })
  })
})
