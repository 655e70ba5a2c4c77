import { luhnValid } from '#domain/company_invoice'

/**
 * Demo register: a Swedish city's administrations and companies. The names follow the
 * pattern of a large Swedish municipality; the people elsewhere in the demo are fictional.
 * Columns as in FORMATS.md: code, name, kind, cost centre, invoice reference, active
 * from/to, connected from/to.
 */
export const DEMO_ORGANISATIONS: [
  code: string,
  name: string,
  kind: 'forvaltning' | 'bolag',
  costCentre: string,
  activeFrom: string,
  activeTo: string | null,
  connectedFrom: string | null,
][] = [
  ['SF', 'Serviceförvaltningen', 'forvaltning', '11000', '2009-01-01', null, null],
  ['SLK', 'Stadsledningskontoret', 'forvaltning', '10100', '2009-01-01', null, null],
  ['SDF-BROMMA', 'Bromma stadsdelsförvaltning', 'forvaltning', '20100', '2009-01-01', null, null],
  [
    'SDF-ENSKEDE',
    'Enskede-Årsta-Vantörs stadsdelsförvaltning',
    'forvaltning',
    '20200',
    '2009-01-01',
    null,
    null,
  ],
  ['SDF-FARSTA', 'Farsta stadsdelsförvaltning', 'forvaltning', '20300', '2009-01-01', null, null],
  [
    'SDF-HAGERSTEN',
    'Hägersten-Älvsjö stadsdelsförvaltning',
    'forvaltning',
    '20400',
    '2020-01-01',
    null,
    null,
  ],
  [
    'SDF-HASSELBY',
    'Hässelby-Vällingby stadsdelsförvaltning',
    'forvaltning',
    '20500',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-KUNGSHOLM',
    'Kungsholmens stadsdelsförvaltning',
    'forvaltning',
    '20600',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-NORRMALM',
    'Norrmalms stadsdelsförvaltning',
    'forvaltning',
    '20700',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-RINKEBY',
    'Rinkeby-Kista stadsdelsförvaltning',
    'forvaltning',
    '20800',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-SKARHOLMEN',
    'Skärholmens stadsdelsförvaltning',
    'forvaltning',
    '20900',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-SKARPNACK',
    'Skarpnäcks stadsdelsförvaltning',
    'forvaltning',
    '21000',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-SODERMALM',
    'Södermalms stadsdelsförvaltning',
    'forvaltning',
    '21100',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-SPANGA',
    'Spånga-Tensta stadsdelsförvaltning',
    'forvaltning',
    '21200',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-OSTERMALM',
    'Östermalms stadsdelsförvaltning',
    'forvaltning',
    '21300',
    '2009-01-01',
    null,
    null,
  ],
  [
    'SDF-ALVSJO',
    'Älvsjö stadsdelsförvaltning',
    'forvaltning',
    '21400',
    '2009-01-01',
    '2019-12-31',
    null,
  ],
  ['UTBF', 'Utbildningsförvaltningen', 'forvaltning', '30100', '2009-01-01', null, null],
  ['SOCF', 'Socialförvaltningen', 'forvaltning', '30200', '2009-01-01', null, null],
  ['AMF', 'Arbetsmarknadsförvaltningen', 'forvaltning', '30300', '2009-01-01', null, null],
  ['KF', 'Kulturförvaltningen', 'forvaltning', '30400', '2009-01-01', null, null],
  ['IDF', 'Idrottsförvaltningen', 'forvaltning', '30500', '2009-01-01', null, '2009-03-01'],
  ['TK', 'Trafikkontoret', 'forvaltning', '30600', '2009-01-01', null, null],
  ['SBK', 'Stadsbyggnadskontoret', 'forvaltning', '30700', '2009-01-01', null, null],
  ['MF', 'Miljöförvaltningen', 'forvaltning', '30800', '2009-01-01', null, null],
  ['EXPK', 'Exploateringskontoret', 'forvaltning', '30900', '2009-01-01', null, null],
  ['FASTK', 'Fastighetskontoret', 'forvaltning', '31000', '2009-01-01', null, null],
  ['AF', 'Äldreförvaltningen', 'forvaltning', '31100', '2009-01-01', null, null],
  ['OFF', 'Överförmyndarförvaltningen', 'forvaltning', '31200', '2009-01-01', null, null],
  [
    'KONF',
    'Konsument- och tillståndsförvaltningen',
    'forvaltning',
    '31300',
    '2009-01-01',
    null,
    null,
  ],
  ['STOCKHOLMSHEM', 'AB Stockholmshem', 'bolag', '51000', '2009-01-01', null, '2010-01-01'],
  ['SVENSKABOSTADER', 'AB Svenska Bostäder', 'bolag', '51100', '2009-01-01', null, '2010-01-01'],
  ['FAMILJEBOSTADER', 'AB Familjebostäder', 'bolag', '51200', '2009-01-01', null, '2010-04-01'],
  [
    'MICASA',
    'Micasa Fastigheter i Stockholm AB',
    'bolag',
    '51300',
    '2009-01-01',
    null,
    '2011-01-01',
  ],
  ['SISAB', 'Skolfastigheter i Stockholm AB', 'bolag', '51400', '2009-01-01', null, '2010-01-01'],
  ['STOKAB', 'AB Stokab', 'bolag', '51500', '2009-01-01', null, '2012-01-01'],
  ['HAMNEN', 'Hamnbolaget i staden AB', 'bolag', '51600', '2009-01-01', null, '2012-01-01'],
  ['VATTEN', 'Stadens Vatten och Avfall AB', 'bolag', '51700', '2009-01-01', null, '2011-01-01'],
  ['STADSTEATERN', 'AB Stadsteatern', 'bolag', '51800', '2009-01-01', null, '2010-09-01'],
  [
    'BOSTADSFORM',
    'Bostadsförmedlingen i staden AB',
    'bolag',
    '51900',
    '2009-01-01',
    null,
    '2010-01-01',
  ],
  ['PARKERING', 'Stadens Parkering AB', 'bolag', '52000', '2009-01-01', null, '2026-03-01'],
  ['BUSINESS', 'Business Region i staden AB', 'bolag', '52100', '2012-01-01', null, '2012-01-01'],
]

/** Demo accounts, one per role (and a few more contacts). Password for all: vaxelnavet-demo */
export const DEMO_PASSWORD = 'vaxelnavet-demo'

export const DEMO_USERS: {
  email: string
  fullName: string
  role: 'samordnare' | 'controller' | 'telefoniansvarig'
  organisation?: string
}[] = [
  { email: 'samordnare@stad.example', fullName: 'Eva Lindqvist', role: 'samordnare' },
  { email: 'controller@stad.example', fullName: 'Karin Holmberg', role: 'controller' },
  {
    email: 'telefoni.bromma@stad.example',
    fullName: 'Johan Bergström',
    role: 'telefoniansvarig',
    organisation: 'SDF-BROMMA',
  },
  {
    email: 'telefoni.utbf@stad.example',
    fullName: 'Maria Sandberg',
    role: 'telefoniansvarig',
    organisation: 'UTBF',
  },
  {
    email: 'telefoni.stockholmshem@stad.example',
    fullName: 'Ali Hassan',
    role: 'telefoniansvarig',
    organisation: 'STOCKHOLMSHEM',
  },
  {
    email: 'telefoni.socf@stad.example',
    fullName: 'Lena Åkesson',
    role: 'telefoniansvarig',
    organisation: 'SOCF',
  },
  {
    email: 'telefoni.farsta@stad.example',
    fullName: 'Sofia Nyström',
    role: 'telefoniansvarig',
    organisation: 'SDF-FARSTA',
  },
  {
    email: 'telefoni.af@stad.example',
    fullName: 'Mikael Virtanen',
    role: 'telefoniansvarig',
    organisation: 'AF',
  },
  {
    email: 'telefoni.svenskabostader@stad.example',
    fullName: 'Amina Yusuf',
    role: 'telefoniansvarig',
    organisation: 'SVENSKABOSTADER',
  },
]

/**
 * Invoice details of the demo register (DOMAIN.md "Who is invoiced"): the administrations
 * are the city itself (its organisation number, a Box address of their own); each company
 * has an organisation number of its own (fictional, with a valid check digit), a postal
 * address and an invoice e-mail — except Business Region, which lacks its address and
 * e-mail so that the allocation shows the warning.
 */
export function demoInvoiceDetails(code: string, kind: 'forvaltning' | 'bolag', index: number) {
  const box = 8000 + index * 17
  const postcode = `1${String(10 + (index % 80)).padStart(2, '0')} ${String(10 + ((index * 7) % 80)).padStart(2, '0')}`
  const email = `faktura.${code.toLowerCase().replace(/[^a-z0-9]+/g, '')}@stad.example`
  if (kind === 'forvaltning')
    return {
      orgNumber: '212000-0142',
      postalStreet: `Box ${box}`,
      postalCode: postcode,
      postalTown: 'Staden',
      invoiceEmail: email,
    }
  const stem = `556${String(100000 + index * 4711).slice(-6)}`
  const check = [...Array(10).keys()].find((digit) => luhnValid(`${stem}${digit}`))!
  const orgNumber = `${stem.slice(0, 6)}-${stem.slice(6)}${check}`
  if (code === 'BUSINESS')
    return {
      orgNumber,
      postalStreet: null,
      postalCode: null,
      postalTown: null,
      invoiceEmail: null,
    }
  return {
    orgNumber,
    postalStreet: `Box ${box}`,
    postalCode: postcode,
    postalTown: 'Staden',
    invoiceEmail: email,
  }
}
