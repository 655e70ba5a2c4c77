/**
 * A company invoice or credit note as Peppol BIS Billing 3 UBL XML (EN 16931), the e-invoice
 * Swedish public bodies must be able to receive. Pure: the caller reads the invoice, its lines,
 * both parties and the issuer's settings; this writes the document in the order the UBL 2.1
 * schemas require. Which business rules the tests hold it to: docs/adr/0022-peppol-ubl.md.
 *
 * Amounts are integer öre and are written as they read on the document: a credit note's
 * amounts are positive (the document type says it is a credit), an invoice line that is a
 * negative adjustment is quantity −1 at a positive price (BR-27: a price is never negative).
 */

export interface UblParty {
  name: string
  /** Swedish organisationsnummer, NNNNNN-NNNN */
  orgNumber: string
  /** SE…01, the seller's only */
  vatNumber?: string | null
  street: string
  postalCode: string
  town: string
  email?: string | null
}

export interface UblLine {
  name: string
  description: string | null
  amountOre: bigint
}

export interface UblDocument {
  kind: 'invoice' | 'credit'
  number: string
  issueDate: string
  /** invoices only (UBL's CreditNote has no due date of its own) */
  dueDate: string | null
  periodStart: string
  periodEnd: string
  buyerReference: string
  /** the invoice a credit note credits */
  credited: { number: string; issueDate: string } | null
  note: string | null
  paymentTerms: string | null
  /**
   * How to pay an invoice, as its PDF's payment box says (ADR 0026): credit transfer to the
   * bankgiro with the OCR number; null for a credit note or an invoice issued without one.
   */
  payment?: { bankgiro: string; ocr: string } | null
  seller: UblParty
  buyer: UblParty
  vatPercent: number
  netOre: bigint
  vatOre: bigint
  totalOre: bigint
  lines: UblLine[]
}

export const CUSTOMIZATION_ID =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'
/** ISO 6523 ICD of the Swedish organisationsnummer (Peppol EAS code list: 0007) */
export const SWEDISH_ORG_NUMBER_SCHEME = '0007'
/** UN/ECE Recommendation 20: "one" — each line is one service for the period */
export const UNIT_CODE = 'C62'

const NAMESPACES = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  credit: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
}

/**
 * What XML 1.0 forbids in a document (its Char production): C0 controls but TAB, LF and CR,
 * lone surrogates, U+FFFE and U+FFFF. The inputs refuse them (app/domain/plain_text.ts);
 * text stored before that rule, or written straight into the database, still must not
 * make the e-invoice ill-formed, so such a character becomes U+FFFD.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- these are what XML forbids
  /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

/** XML text: the five predefined entities; a character XML forbids becomes U+FFFD. */
export function xmlText(value: string) {
  return value
    .replace(NOT_XML_CHAR, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** 123456 öre → "1234.56", −5 öre → "-0.05" (two decimals, a point: UBL's decimal type). */
export function ublAmount(ore: bigint) {
  const negative = ore < 0n
  const abs = negative ? -ore : ore
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
  return negative ? `-${text}` : text
}

/** The VAT category: standard rate (S) when there is a rate, else zero rated (Z). */
export function vatCategory(percent: number) {
  return percent > 0 ? 'S' : 'Z'
}

const digits = (orgNumber: string) => orgNumber.replace(/\D/g, '')

function element(name: string, content: string, attributes: Record<string, string> = {}) {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlText(value)}"`)
    .join('')
  return `<${name}${attrs}>${content}</${name}>`
}
const text = (name: string, value: string, attributes?: Record<string, string>) =>
  element(name, xmlText(value), attributes)
const amount = (name: string, ore: bigint) => text(name, ublAmount(ore), { currencyID: 'SEK' })

function taxCategory(name: string, percent: number) {
  return element(
    name,
    text('cbc:ID', vatCategory(percent)) +
      text('cbc:Percent', String(percent)) +
      element('cac:TaxScheme', text('cbc:ID', 'VAT'))
  )
}

function party(role: 'seller' | 'buyer', value: UblParty) {
  const inner =
    text('cbc:EndpointID', digits(value.orgNumber), { schemeID: SWEDISH_ORG_NUMBER_SCHEME }) +
    element('cac:PartyName', text('cbc:Name', value.name)) +
    element(
      'cac:PostalAddress',
      text('cbc:StreetName', value.street) +
        text('cbc:CityName', value.town) +
        text('cbc:PostalZone', value.postalCode) +
        element('cac:Country', text('cbc:IdentificationCode', 'SE'))
    ) +
    (role === 'seller' && value.vatNumber
      ? element(
          'cac:PartyTaxScheme',
          text('cbc:CompanyID', value.vatNumber) + element('cac:TaxScheme', text('cbc:ID', 'VAT'))
        )
      : '') +
    element(
      'cac:PartyLegalEntity',
      text('cbc:RegistrationName', value.name) +
        text('cbc:CompanyID', digits(value.orgNumber), { schemeID: SWEDISH_ORG_NUMBER_SCHEME })
    ) +
    (value.email ? element('cac:Contact', text('cbc:ElectronicMail', value.email)) : '')
  const wrapper = role === 'seller' ? 'cac:AccountingSupplierParty' : 'cac:AccountingCustomerParty'
  return element(wrapper, element('cac:Party', inner))
}

function line(document: UblDocument, entry: UblLine, index: number) {
  const credit = document.kind === 'credit'
  const negative = entry.amountOre < 0n
  const price = negative ? -entry.amountOre : entry.amountOre
  return element(
    credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine',
    text('cbc:ID', String(index + 1)) +
      text(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', negative ? '-1' : '1', {
        unitCode: UNIT_CODE,
      }) +
      amount('cbc:LineExtensionAmount', entry.amountOre) +
      element(
        'cac:Item',
        (entry.description ? text('cbc:Description', entry.description) : '') +
          text('cbc:Name', entry.name) +
          taxCategory('cac:ClassifiedTaxCategory', document.vatPercent)
      ) +
      element('cac:Price', amount('cbc:PriceAmount', price))
  )
}

export function ublXml(document: UblDocument): string {
  const credit = document.kind === 'credit'
  const root = credit ? 'CreditNote' : 'Invoice'
  const body =
    text('cbc:CustomizationID', CUSTOMIZATION_ID) +
    text('cbc:ProfileID', PROFILE_ID) +
    text('cbc:ID', document.number) +
    text('cbc:IssueDate', document.issueDate) +
    (!credit && document.dueDate ? text('cbc:DueDate', document.dueDate) : '') +
    text(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', credit ? '381' : '380') +
    (document.note ? text('cbc:Note', document.note) : '') +
    text('cbc:DocumentCurrencyCode', 'SEK') +
    text('cbc:BuyerReference', document.buyerReference) +
    element(
      'cac:InvoicePeriod',
      text('cbc:StartDate', document.periodStart) + text('cbc:EndDate', document.periodEnd)
    ) +
    (document.credited
      ? element(
          'cac:BillingReference',
          element(
            'cac:InvoiceDocumentReference',
            text('cbc:ID', document.credited.number) +
              text('cbc:IssueDate', document.credited.issueDate)
          )
        )
      : '') +
    party('seller', document.seller) +
    party('buyer', document.buyer) +
    (document.payment
      ? element(
          'cac:PaymentMeans',
          // 30 = credit transfer (UNCL 4461); a Swedish bankgiro as SFTI writes it
          text('cbc:PaymentMeansCode', '30', { name: 'Bankgiro' }) +
            text('cbc:PaymentID', document.payment.ocr) +
            element(
              'cac:PayeeFinancialAccount',
              text('cbc:ID', digits(document.payment.bankgiro)) +
                element('cac:FinancialInstitutionBranch', text('cbc:ID', 'SE:BANKGIRO'))
            )
        )
      : '') +
    (document.paymentTerms
      ? element('cac:PaymentTerms', text('cbc:Note', document.paymentTerms))
      : '') +
    element(
      'cac:TaxTotal',
      amount('cbc:TaxAmount', document.vatOre) +
        element(
          'cac:TaxSubtotal',
          amount('cbc:TaxableAmount', document.netOre) +
            amount('cbc:TaxAmount', document.vatOre) +
            taxCategory('cac:TaxCategory', document.vatPercent)
        )
    ) +
    element(
      'cac:LegalMonetaryTotal',
      amount('cbc:LineExtensionAmount', document.netOre) +
        amount('cbc:TaxExclusiveAmount', document.netOre) +
        amount('cbc:TaxInclusiveAmount', document.totalOre) +
        amount('cbc:PayableAmount', document.totalOre)
    ) +
    document.lines.map((entry, index) => line(document, entry, index)).join('')
  const open = `<${root} xmlns="${NAMESPACES[credit ? 'credit' : 'invoice']}" xmlns:cac="${NAMESPACES.cac}" xmlns:cbc="${NAMESPACES.cbc}">`
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${body}</${root}>\n`
}
