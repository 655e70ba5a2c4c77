/**
 * The menu: which pages each role sees in the header (a user-interface concern, so not in
 * app/domain). Route names and i18n keys; start/view.ts makes `navigationFor` a global.
 */
import { ALL, COORDINATOR, OFFICE, type Role } from '#domain/roles'

export interface NavigationItem {
  /** route name the item links to */
  route: string
  /** i18n key of the label */
  label: string
  roles: Role[]
  children?: NavigationItem[]
}

export const NAVIGATION: NavigationItem[] = [
  { route: 'dashboard.show', label: 'nav.overview', roles: ALL },
  { route: 'calls.index', label: 'nav.calls', roles: ALL },
  { route: 'deviations.index', label: 'nav.deviations', roles: ALL },
  { route: 'feedback.index', label: 'nav.feedback', roles: ALL },
  {
    route: 'registers',
    label: 'nav.registers',
    roles: ALL,
    children: [
      { route: 'organisations.index', label: 'nav.organisations', roles: OFFICE },
      { route: 'extensions.index', label: 'nav.extensions', roles: ALL },
      { route: 'extension_orders.index', label: 'nav.extensionOrders', roles: ALL },
      { route: 'extension_orders.unused', label: 'nav.unusedExtensions', roles: ALL },
      { route: 'headcount.index', label: 'nav.headcount', roles: ALL },
      { route: 'supplier_invoices.index', label: 'nav.supplierInvoices', roles: OFFICE },
    ],
  },
  { route: 'allocations.index', label: 'nav.allocations', roles: ALL },
  { route: 'invoices.index', label: 'nav.invoices', roles: ALL },
  // issue 16, point 1: the e-mail of invoices and credit notes (docs/adr/0025)
  { route: 'deliveries.index', label: 'nav.deliveries', roles: ALL },
  // issue 17: budget and forecast (office), next year's fee (everyone: a contact their own)
  { route: 'budget.index', label: 'nav.budget', roles: OFFICE },
  { route: 'fee_preview.index', label: 'nav.feePreview', roles: ALL },
  { route: 'routines.index', label: 'nav.routines', roles: ALL },
  { route: 'forum.index', label: 'nav.forum', roles: ALL },
  { route: 'meetings.index', label: 'nav.meetings', roles: ALL },
  { route: 'surveys.index', label: 'nav.surveys', roles: ALL },
  { route: 'announcements.index', label: 'nav.announcements', roles: ALL },
  { route: 'admin.index', label: 'nav.admin', roles: COORDINATOR },
]

export function navigationFor(role: Role): NavigationItem[] {
  return NAVIGATION.filter((item) => item.roles.includes(role)).map((item) => ({
    ...item,
    children: item.children?.filter((child) => child.roles.includes(role)),
  }))
}
