/**
 * The one home of an invoice's VAT decision and rounding (DOMAIN.md "Internal invoices"):
 * a company (bolag) is a separate legal person and pays VAT at the rate in the settings; an
 * administration (förvaltning) is the city itself, so its internal invoice carries none.
 * VAT is rounded half-up to the öre, away from zero for a credit. Used by the invoice
 * issue, credit notes, the PDF and the finance export/SIE; no rate is written in code.
 */

export interface InvoiceTotals {
  /** the rate applied, in percent (0 for an administration) */
  vatRatePercent: number
  netOre: bigint
  vatOre: bigint
  totalOre: bigint
}

/** VAT on a net amount, rounded half-up to the öre (rate in whole percent, e.g. 25). */
export function vatOre(netOre: bigint, ratePercent: bigint) {
  const negative = netOre < 0n
  const abs = negative ? -netOre : netOre
  const vat = (abs * ratePercent * 2n + 100n) / 200n
  return negative ? -vat : vat
}

/**
 * The VAT rate setting (`vat_rate_percent`) as a whole percent 0–100. The settings table is
 * seeded by a migration and saving checks the range; a missing or broken value is a fault
 * that stops the issue rather than a silent default.
 */
export function vatRateFromSetting(value: string | undefined): number {
  if (value === undefined || !/^\d{1,3}$/.test(value) || Number(value) > 100)
    throw new Error(`vat_rate_percent is not a whole percent 0–100: ${value ?? 'missing'}`)
  return Number(value)
}

/** The rate a recipient's invoice carries: the setting's for a company, none otherwise. */
export function vatRateFor(recipientKind: string, settingPercent: number) {
  return recipientKind === 'bolag' ? settingPercent : 0
}

/** Net, VAT and total of an invoice to a recipient of this kind. */
export function invoiceTotals(
  netOre: bigint,
  recipientKind: string,
  settingPercent: number
): InvoiceTotals {
  const rate = vatRateFor(recipientKind, settingPercent)
  const vat = vatOre(netOre, BigInt(rate))
  return { vatRatePercent: rate, netOre, vatOre: vat, totalOre: netOre + vat }
}

/**
 * A credit note's totals (its net is negative when it credits charged lines). The VAT taken
 * back is counted on everything credited so far, this note included, less what earlier
 * notes took back: so an invoice credited line by line gives back exactly its VAT, and the
 * note that credits the last open line takes back what is left of the original's VAT.
 */
export function creditTotals(
  creditNetOre: bigint,
  original: { netOre: bigint; vatOre: bigint; vatRatePercent: number },
  earlier: { netOre: bigint; vatOre: bigint }
): InvoiceTotals {
  const creditedNet = earlier.netOre + creditNetOre
  const creditedVat =
    creditedNet === -original.netOre
      ? -original.vatOre
      : vatOre(creditedNet, BigInt(original.vatRatePercent))
  const vat = creditedVat - earlier.vatOre
  return {
    vatRatePercent: original.vatRatePercent,
    netOre: creditNetOre,
    vatOre: vat,
    totalOre: creditNetOre + vat,
  }
}
