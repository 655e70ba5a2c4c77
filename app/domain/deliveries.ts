/**
 * Delivery of documents by e-mail (issue 16, point 1; docs/adr/0025): the rules of who
 * gets a document, when a failed delivery is tried again by itself and when the coordinator
 * may send it again. No framework, no database.
 */

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** The log's events of one delivery. */
export type DeliveryEvent = 'queued' | 'sent' | 'failed' | 'resent' | 'retried'

/** Failed deliveries are tried again by themselves once a day, up to this many attempts in all. */
export const MAX_AUTOMATIC_ATTEMPTS = 5
export const RETRY_AFTER_MS = 24 * 3_600_000
/** A worker that claimed a delivery and has not settled it by then is taken for dead. */
export const SENDING_LEASE_MS = 15 * 60_000

/** Why a delivery could not be sent or resent: a key under `deliveries.errors` in resources/lang. */
export type DeliveryRefusal =
  | 'notFound'
  | 'inProgress'
  | 'noRecipients'
  /** a credited invoice is not sent again as a bill to pay (docs/adr/0025) */
  | 'credited'
  /** e-mail is not set up: nothing is attempted */
  | 'mailOff'

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/

export function isEmailAddress(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value.trim())
}

/**
 * Who gets an organisation's documents: its invoice e-mail when it has one, otherwise its
 * active telephony contacts (each address once, in the order given, lower-cased).
 */
export function deliveryRecipients(
  invoiceEmail: string | null | undefined,
  contactEmails: string[]
): { source: 'invoice_email' | 'contacts'; addresses: string[] } | null {
  if (isEmailAddress(invoiceEmail))
    return { source: 'invoice_email', addresses: [invoiceEmail.trim().toLowerCase()] }
  const addresses = [
    ...new Set(contactEmails.filter(isEmailAddress).map((email) => email.trim().toLowerCase())),
  ]
  return addresses.length > 0 ? { source: 'contacts', addresses } : null
}

/**
 * The recipients split by the language their e-mail is written in (docs/adr/0031): an
 * address that is a user's gets that user's language, any other (an organisation's invoice
 * e-mail that is nobody's account) Swedish. One e-mail per language, Swedish first, each
 * group's addresses in the order given.
 */
export function recipientsByLanguage(
  addresses: string[],
  languageOf: ReadonlyMap<string, string>
): { locale: string; addresses: string[] }[] {
  const groups = new Map<string, string[]>()
  for (const address of addresses) {
    const locale = languageOf.get(address.toLowerCase()) || 'sv'
    groups.set(locale, [...(groups.get(locale) ?? []), address])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'sv' ? -1 : b === 'sv' ? 1 : a.localeCompare(b)))
    .map(([locale, group]) => ({ locale, addresses: group }))
}

/** A failed delivery is due for its daily retry: a day since its last attempt, attempts left. */
export function dueForRetry(
  delivery: { status: DeliveryStatus; attempts: number; lastAttemptAt: Date | null },
  now: Date
) {
  return (
    delivery.status === 'failed' &&
    delivery.attempts < MAX_AUTOMATIC_ATTEMPTS &&
    (delivery.lastAttemptAt === null ||
      now.getTime() - delivery.lastAttemptAt.getTime() >= RETRY_AFTER_MS)
  )
}

/** The coordinator sends again a delivery that has ended, sent or failed; not one under way. */
export function mayResend(status: DeliveryStatus) {
  return status === 'sent' || status === 'failed'
}

/**
 * The failures the app itself names, stored as these codes in `last_error` and read in the
 * reader's language (`deliveries.errors.*`); any other text is the mail server's own words.
 */
export const DELIVERY_FAILURE_CODES = ['noRecipients', 'mailOff'] as const
export type DeliveryFailureCode = (typeof DELIVERY_FAILURE_CODES)[number]

/** An SMTP or other error as one line for the log (no stack, no line breaks, at most 500 characters). */
export function failureReason(error: unknown) {
  const text =
    error instanceof Error ? error.message : typeof error === 'string' ? error : String(error)
  const line = text.replace(/\s+/g, ' ').trim() || 'okänt fel'
  return line.length > 500 ? `${line.slice(0, 499)}…` : line
}

/** The attachment names of a document: "2026-00012.pdf", "2026-00012.xml", "manadsrapport-KS-2026-10.pdf". */
export function attachmentNames(number: string, code: string, period: string) {
  return {
    pdf: `${number}.pdf`,
    ubl: `${number}.xml`,
    report: `manadsrapport-${code}-${period}.pdf`,
  }
}
