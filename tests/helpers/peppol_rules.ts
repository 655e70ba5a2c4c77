/**
 * The Peppol BIS Billing 3 rules our e-invoices are held to (docs/adr/0022-peppol-ubl.md):
 * the UBL 2.1 element order of what we write, the required elements, the code lists we use,
 * the totals rules BR-CO-10…17, line rules BR-27 and PEPPOL-EN16931-R120, and the Swedish
 * rules on the seller's VAT number and organisation numbers. Returns the ids of the rules a
 * document breaks (none: []). Amounts are compared as integer öre, never as floats.
 */
import { XMLParser } from 'fast-xml-parser'

type Node = Record<string, unknown>

const TOP_ORDER = {
  Invoice: [
    'cbc:CustomizationID',
    'cbc:ProfileID',
    'cbc:ID',
    'cbc:IssueDate',
    'cbc:DueDate',
    'cbc:InvoiceTypeCode',
    'cbc:Note',
    'cbc:TaxPointDate',
    'cbc:DocumentCurrencyCode',
    'cbc:TaxCurrencyCode',
    'cbc:AccountingCost',
    'cbc:BuyerReference',
    'cac:InvoicePeriod',
    'cac:OrderReference',
    'cac:BillingReference',
    'cac:AccountingSupplierParty',
    'cac:AccountingCustomerParty',
    'cac:PayeeParty',
    'cac:Delivery',
    'cac:PaymentMeans',
    'cac:PaymentTerms',
    'cac:AllowanceCharge',
    'cac:TaxTotal',
    'cac:LegalMonetaryTotal',
    'cac:InvoiceLine',
  ],
  CreditNote: [
    'cbc:CustomizationID',
    'cbc:ProfileID',
    'cbc:ID',
    'cbc:IssueDate',
    'cbc:CreditNoteTypeCode',
    'cbc:Note',
    'cbc:TaxPointDate',
    'cbc:DocumentCurrencyCode',
    'cbc:TaxCurrencyCode',
    'cbc:AccountingCost',
    'cbc:BuyerReference',
    'cac:InvoicePeriod',
    'cac:OrderReference',
    'cac:BillingReference',
    'cac:AccountingSupplierParty',
    'cac:AccountingCustomerParty',
    'cac:PayeeParty',
    'cac:Delivery',
    'cac:PaymentMeans',
    'cac:PaymentTerms',
    'cac:AllowanceCharge',
    'cac:TaxTotal',
    'cac:LegalMonetaryTotal',
    'cac:CreditNoteLine',
  ],
}
const PARTY_ORDER = [
  'cbc:EndpointID',
  'cac:PartyIdentification',
  'cac:PartyName',
  'cac:PostalAddress',
  'cac:PartyTaxScheme',
  'cac:PartyLegalEntity',
  'cac:Contact',
]
const ADDRESS_ORDER = [
  'cbc:StreetName',
  'cbc:AdditionalStreetName',
  'cbc:CityName',
  'cbc:PostalZone',
  'cac:Country',
]
const LINE_ORDER = {
  Invoice: [
    'cbc:ID',
    'cbc:Note',
    'cbc:InvoicedQuantity',
    'cbc:LineExtensionAmount',
    'cac:InvoicePeriod',
    'cac:Item',
    'cac:Price',
  ],
  CreditNote: [
    'cbc:ID',
    'cbc:Note',
    'cbc:CreditedQuantity',
    'cbc:LineExtensionAmount',
    'cac:InvoicePeriod',
    'cac:Item',
    'cac:Price',
  ],
}
const ITEM_ORDER = ['cbc:Description', 'cbc:Name', 'cac:ClassifiedTaxCategory']
const MONETARY_ORDER = [
  'cbc:LineExtensionAmount',
  'cbc:TaxExclusiveAmount',
  'cbc:TaxInclusiveAmount',
  'cbc:AllowanceTotalAmount',
  'cbc:ChargeTotalAmount',
  'cbc:PrepaidAmount',
  'cbc:PayableRoundingAmount',
  'cbc:PayableAmount',
]
/** UNCL5305 (VAT category), UNCL1001 subsets of BIS 3, UN/ECE Rec 20 units we may use, EAS */
const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M']
const TYPE_CODES = {
  Invoice: ['380', '383', '386', '393', '82', '80', '84', '395', '575', '623', '780'],
  CreditNote: ['381', '396', '81', '83', '532'],
}
const UNIT_CODES = ['C62', 'EA', 'H87', 'MON', 'ANN', 'HUR', 'DAY']
const ENDPOINT_SCHEMES = ['0007', '0088', '0192', '9955']

const ordered = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  parseTagValue: false,
})
const plain = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['cac:InvoiceLine', 'cac:CreditNoteLine', 'cac:TaxSubtotal'].includes(name),
})

function childNames(entries: Node[]) {
  return entries
    .map((entry) => Object.keys(entry).find((key) => key !== ':@')!)
    .filter((n) => n !== '#text')
}
function childrenOf(entries: Node[], name: string): Node[][] {
  return entries.filter((entry) => name in entry).map((entry) => entry[name] as Node[])
}
function inOrder(names: string[], order: string[]) {
  const positions = names.map((name) => order.indexOf(name))
  return positions.every(
    (position, i) => position >= 0 && (i === 0 || position >= positions[i - 1])
  )
}

/** "1234.56" → 123456n; anything with more than two decimals or not a number → null */
export function ore(value: unknown): bigint | null {
  const text = typeof value === 'object' && value !== null ? (value as Node)['#text'] : value
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text))
  if (!match) return null
  const cents = BigInt(match[2]) * 100n + BigInt((match[3] ?? '0').padEnd(2, '0'))
  return match[1] ? -cents : cents
}
const textOf = (value: unknown) =>
  typeof value === 'object' && value !== null ? String((value as Node)['#text']) : String(value)
const attr = (value: unknown, name: string) =>
  typeof value === 'object' && value !== null ? (value as Node)[`@_${name}`] : undefined

function luhn(digits: string) {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

export function peppolViolations(xml: string): string[] {
  const broken = new Set<string>()
  const tree = ordered.parse(xml) as Node[]
  const rootEntry = tree.find((entry) => 'Invoice' in entry || 'CreditNote' in entry)
  if (!rootEntry) return ['UBL-ROOT']
  const rootName = ('Invoice' in rootEntry ? 'Invoice' : 'CreditNote') as 'Invoice' | 'CreditNote'
  const top = rootEntry[rootName] as Node[]

  // the schema's element order, where we write elements
  if (!inOrder(childNames(top), TOP_ORDER[rootName])) broken.add('UBL-ORDER')
  for (const side of ['cac:AccountingSupplierParty', 'cac:AccountingCustomerParty']) {
    for (const party of childrenOf(childrenOf(top, side)[0] ?? [], 'cac:Party')) {
      if (!inOrder(childNames(party), PARTY_ORDER)) broken.add('UBL-ORDER')
      for (const address of childrenOf(party, 'cac:PostalAddress'))
        if (!inOrder(childNames(address), ADDRESS_ORDER)) broken.add('UBL-ORDER')
    }
  }
  const lineName = rootName === 'Invoice' ? 'cac:InvoiceLine' : 'cac:CreditNoteLine'
  for (const line of childrenOf(top, lineName)) {
    if (!inOrder(childNames(line), LINE_ORDER[rootName])) broken.add('UBL-ORDER')
    for (const item of childrenOf(line, 'cac:Item'))
      if (!inOrder(childNames(item), ITEM_ORDER)) broken.add('UBL-ORDER')
  }
  for (const total of childrenOf(top, 'cac:LegalMonetaryTotal'))
    if (!inOrder(childNames(total), MONETARY_ORDER)) broken.add('UBL-ORDER')

  const doc = (plain.parse(xml) as Node)[rootName] as Node
  const get = (path: string, from: Node = doc): unknown =>
    path.split('/').reduce<unknown>((node, key) => (node as Node | undefined)?.[key], from)

  // required elements (EN 16931 cardinality 1..1 and Peppol's own)
  const required = [
    ['BR-01', 'cbc:CustomizationID'],
    ['BR-02', 'cbc:ID'],
    ['BR-03', 'cbc:IssueDate'],
    ['BR-04', rootName === 'Invoice' ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode'],
    ['BR-05', 'cbc:DocumentCurrencyCode'],
    ['PEPPOL-EN16931-R001', 'cbc:ProfileID'],
    ['PEPPOL-EN16931-R003', 'cbc:BuyerReference'],
    ['BR-06', 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName'],
    ['BR-07', 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName'],
    ['BR-08', 'cac:AccountingSupplierParty/cac:Party/cac:PostalAddress'],
    [
      'BR-09',
      'cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode',
    ],
    ['BR-10', 'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress'],
    [
      'BR-11',
      'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode',
    ],
    ['PEPPOL-EN16931-R020', 'cac:AccountingSupplierParty/cac:Party/cbc:EndpointID'],
    ['PEPPOL-EN16931-R010', 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID'],
    ['BR-12', 'cac:LegalMonetaryTotal/cbc:LineExtensionAmount'],
    ['BR-13', 'cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount'],
    ['BR-14', 'cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount'],
    ['BR-15', 'cac:LegalMonetaryTotal/cbc:PayableAmount'],
  ] as const
  for (const [rule, path] of required)
    if (get(path) === undefined || get(path) === '') broken.add(rule)
  if (
    get('cbc:CustomizationID') !==
    'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'
  )
    broken.add('PEPPOL-EN16931-R004')
  const lines = (doc[lineName] as Node[] | undefined) ?? []
  if (lines.length === 0) broken.add('BR-16')

  // code lists
  const typeCode = String(
    get(rootName === 'Invoice' ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode')
  )
  if (!TYPE_CODES[rootName].includes(typeCode)) broken.add('BR-CL-01')
  if (get('cbc:DocumentCurrencyCode') !== 'SEK') broken.add('BR-CL-04')
  for (const side of ['cac:AccountingSupplierParty', 'cac:AccountingCustomerParty']) {
    const endpoint = get(`${side}/cac:Party/cbc:EndpointID`)
    if (!ENDPOINT_SCHEMES.includes(String(attr(endpoint, 'schemeID'))))
      broken.add('PEPPOL-EN16931-CL008')
  }

  // amounts: two decimals at most, in SEK
  const amountOf = (value: unknown, rule = 'BR-DEC') => {
    const cents = ore(value)
    if (cents === null || attr(value, 'currencyID') !== 'SEK') broken.add(rule)
    return cents ?? 0n
  }

  const subtotals = (get('cac:TaxTotal/cac:TaxSubtotal') as Node[] | undefined) ?? []
  let lineSum = 0n
  const lineSumByCategory = new Map<string, bigint>()
  for (const line of lines) {
    const net = amountOf(line['cbc:LineExtensionAmount'])
    lineSum += net
    const quantity = line[rootName === 'Invoice' ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity']
    if (!UNIT_CODES.includes(String(attr(quantity, 'unitCode')))) broken.add('BR-CL-23')
    const price = amountOf(get('cac:Price/cbc:PriceAmount', line))
    if (price < 0n) broken.add('BR-27')
    const qty = Number(textOf(quantity))
    if (!Number.isInteger(qty) || BigInt(qty) * price !== net) broken.add('PEPPOL-EN16931-R120')
    const category = String(get('cac:Item/cac:ClassifiedTaxCategory/cbc:ID', line))
    if (!VAT_CATEGORIES.includes(category)) broken.add('BR-CL-18')
    if (!get('cac:Item/cbc:Name', line)) broken.add('BR-25')
    lineSumByCategory.set(category, (lineSumByCategory.get(category) ?? 0n) + net)
  }
  const total = (name: string) => amountOf(get(`cac:LegalMonetaryTotal/cbc:${name}`))
  const lineExtension = total('LineExtensionAmount')
  const taxExclusive = total('TaxExclusiveAmount')
  const taxInclusive = total('TaxInclusiveAmount')
  const payable = total('PayableAmount')
  const allowances = get('cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount')
  const charges = get('cac:LegalMonetaryTotal/cbc:ChargeTotalAmount')
  const prepaid = get('cac:LegalMonetaryTotal/cbc:PrepaidAmount')
  const rounding = get('cac:LegalMonetaryTotal/cbc:PayableRoundingAmount')
  const optional = (value: unknown) => (value === undefined ? 0n : amountOf(value))
  const taxAmount = amountOf(get('cac:TaxTotal/cbc:TaxAmount'))

  if (lineExtension !== lineSum) broken.add('BR-CO-10')
  if (allowances !== undefined && doc['cac:AllowanceCharge'] === undefined) broken.add('BR-CO-11')
  if (charges !== undefined && doc['cac:AllowanceCharge'] === undefined) broken.add('BR-CO-12')
  if (taxExclusive !== lineExtension - optional(allowances) + optional(charges))
    broken.add('BR-CO-13')
  let subtotalTax = 0n
  for (const subtotal of subtotals) {
    const taxable = amountOf(subtotal['cbc:TaxableAmount'])
    const tax = amountOf(subtotal['cbc:TaxAmount'])
    subtotalTax += tax
    const category = String(get('cac:TaxCategory/cbc:ID', subtotal))
    if (!VAT_CATEGORIES.includes(category)) broken.add('BR-CL-18')
    const percent = Number(get('cac:TaxCategory/cbc:Percent', subtotal))
    // BR-CO-17: taxable × rate, rounded half away from zero to the öre (integer arithmetic)
    const scaled = taxable * BigInt(Math.round(percent * 100))
    const expected = (scaled >= 0n ? scaled + 5000n : scaled - 5000n) / 10000n
    if (tax !== expected) broken.add('BR-CO-17')
    if (category === 'S' && taxable !== (lineSumByCategory.get('S') ?? 0n)) broken.add('BR-S-08')
  }
  if (taxAmount !== subtotalTax) broken.add('BR-CO-14')
  if (taxInclusive !== taxExclusive + taxAmount) broken.add('BR-CO-15')
  if (payable !== taxInclusive - optional(prepaid) + optional(rounding)) broken.add('BR-CO-16')

  // BR-S-02 and the Swedish rules: a seller VAT number SE + ten digits + 01; organisation
  // numbers ten digits with a valid check digit
  const sellerVat = get('cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID')
  if (lineSumByCategory.has('S') && !sellerVat) broken.add('BR-S-02')
  if (sellerVat !== undefined && !/^SE\d{10}01$/.test(String(sellerVat))) broken.add('SE-R-001')
  for (const side of ['cac:AccountingSupplierParty', 'cac:AccountingCustomerParty']) {
    const legal = get(`${side}/cac:Party/cac:PartyLegalEntity/cbc:CompanyID`)
    if (legal !== undefined && attr(legal, 'schemeID') === '0007') {
      const digits = textOf(legal)
      if (!/^\d{10}$/.test(digits) || !luhn(digits)) broken.add('SE-R-003')
    }
  }
  if (rootName === 'CreditNote' && !get('cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID'))
    broken.add('VX-CREDITED-INVOICE') // ours (DOMAIN.md): a credit note names the invoice it credits
  return [...broken].sort()
}
