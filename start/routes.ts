/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Paths are Swedish (users see them), route names English `<resource>.<action>`.
| Every route must also be declared in tests/functional/authorisation_matrix.spec.ts.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import env from '#start/env'
import { IMPORT_KINDS } from '#actions/imports/import_kinds'
import { MONTH_END_LIST_NAMES } from '#queries/month_end/csv_lists'
import { DROP_KINDS } from '#domain/drop_folder'

/**
 * Every numeric parameter in these addresses (`router.matchers.number()`) is a row id. One
 * outside PostgreSQL's integer range (1 … 2 147 483 647) names no row, so it does not match
 * and the answer is the Swedish 404 — not a 500 "value out of range" from the database.
 */
const ROW_ID =
  /^(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])$/
router.matchers.number = () => ({ match: ROW_ID, cast: (value: string) => Number(value) })

/** Every `:id` in a path is a row id as above, cast to a number; anything else is a 404. */
router.where('id', router.matchers.number())

const IMPORT_TYPES = new RegExp(`^(${Object.keys(IMPORT_KINDS).join('|')})$`)

const SessionController = () => import('#controllers/session_controller')
const PasswordController = () => import('#controllers/password_controller')
const LocaleController = () => import('#controllers/locale_controller')
const DashboardController = () => import('#controllers/dashboard_controller')
const OrganisationsController = () => import('#controllers/organisations_controller')
const ImportUploadsController = () => import('#controllers/import_uploads_controller')
const ExtensionsController = () => import('#controllers/extensions_controller')
const HeadcountController = () => import('#controllers/headcount_controller')
const SupplierInvoicesController = () => import('#controllers/supplier_invoices_controller')
const ImportsController = () => import('#controllers/imports_controller')
const UsersController = () => import('#controllers/users_controller')
const AuditLogController = () => import('#controllers/audit_log_controller')
const AdminController = () => import('#controllers/admin_controller')
const ApiController = () => import('#controllers/api_controller')
const CostPoolsController = () => import('#controllers/cost_pools_controller')
const QualityController = () => import('#controllers/quality_controller')
// issue 17 (helper H): ranges, opening hours, the call list, tertial report, cost trends
const QualityRangesController = () => import('#controllers/quality_ranges_controller')
const OpeningHoursController = () => import('#controllers/opening_hours_controller')
const CallListController = () => import('#controllers/call_list_controller')
const ReportsController = () => import('#controllers/reports_controller')
const ApiQualityController = () => import('#controllers/api_quality_controller')
// issue 17 (helper g): budget and forecast, next year's fee preview, and their JSON API
const BudgetController = () => import('#controllers/budget_controller')
const FeePreviewController = () => import('#controllers/fee_preview_controller')
const ApiBudgetController = () => import('#controllers/api_budget_controller')
const DeviationsController = () => import('#controllers/deviations_controller')
const QualityTargetsController = () => import('#controllers/quality_targets_controller')
const RoutinesController = () => import('#controllers/routines_controller')
const ForumThreadsController = () => import('#controllers/forum_threads_controller')
const ForumPostsController = () => import('#controllers/forum_posts_controller')
const ForumModerationController = () => import('#controllers/forum_moderation_controller')
const MeetingsController = () => import('#controllers/meetings_controller')
// governance meetings (issue 16, point 7; docs/adr/0027)
const MeetingGovernanceController = () => import('#controllers/meeting_governance_controller')
const AnnouncementsController = () => import('#controllers/announcements_controller')
// feedback routed to organisations and governance meetings (issue 16, points 5 and 7)
const FeedbackController = () => import('#controllers/feedback_controller')
// delivery of invoices by e-mail (issue 16, point 1; docs/adr/0025)
const DeliveriesController = () => import('#controllers/deliveries_controller')
const NotificationsController = () => import('#controllers/notifications_controller')
const SearchController = () => import('#controllers/search_controller')
const SurveysController = () => import('#controllers/surveys_controller')
const SettingsController = () => import('#controllers/settings_controller')
const AccessTokensController = () => import('#controllers/access_tokens_controller')
const AllocationsController = () => import('#controllers/allocations_controller')
const InvoicesController = () => import('#controllers/invoices_controller')
const InvoiceUblController = () => import('#controllers/invoice_ubl_controller')
const FinanceExportsController = () => import('#controllers/finance_exports_controller')
const MonthEndListsController = () => import('#controllers/month_end_lists_controller')
const CategoriesController = () => import('#controllers/categories_controller')
const HealthController = () => import('#controllers/health_controller')
const ExtensionOrdersController = () => import('#controllers/extension_orders_controller')
const OrganisationChoiceController = () => import('#controllers/organisation_choice_controller')

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/
const CATEGORY_KIND = /^(rutiner|forum)$/
// issue 17 (helper g): a budget year and a cost pool's code in a URL
const BUDGET_YEAR = /^(20\d\d|2100)$/
const POOL_CODE = /^[A-Za-z0-9_-]{1,16}$/

router.get('/', ({ response }) => response.redirect().toRoute('dashboard.show')).as('home')
router.post('/sprak', [LocaleController, 'update']).as('locale.update')
router.get('/health/live', [HealthController, 'live']).as('health.live')
router.get('/health/ready', [HealthController, 'ready']).as('health.ready')

router
  .group(() => {
    router.get('/logga-in', [SessionController, 'create']).as('session.create')
    router.post('/logga-in', [SessionController, 'store']).as('session.store')
  })
  .use(middleware.guest())

router
  .group(() => {
    router.post('/logga-ut', [SessionController, 'destroy']).as('session.destroy')
    router.get('/konto/losenord', [PasswordController, 'edit']).as('password.edit')
    router.put('/konto/losenord', [PasswordController, 'update']).as('password.update')

    router.get('/oversikt', [DashboardController, 'show']).as('dashboard.show')
    // multiOrg (issue 16, point 6): a contact of several organisations switches between them
    router
      .post('/valj-organisation', [OrganisationChoiceController, 'update'])
      .as('organisation_choice.update')
    router.get('/sok', [SearchController, 'index']).as('search.index')
    router.get('/aviseringar', [NotificationsController, 'index']).as('notifications.index')
    router
      .post('/aviseringar/lasta', [NotificationsController, 'readAll'])
      .as('notifications.read_all')
    router
      .get('/aviseringar/installningar', [NotificationsController, 'preferences'])
      .as('notifications.preferences')
    router
      .put('/aviseringar/installningar', [NotificationsController, 'updatePreferences'])
      .as('notifications.update_preferences')
    router.get('/aviseringar/:id', [NotificationsController, 'open']).as('notifications.open')
    router.get('/enkater', [SurveysController, 'index']).as('surveys.index')
    router.get('/enkater/ny', [SurveysController, 'create']).as('surveys.create')
    router.post('/enkater', [SurveysController, 'store']).as('surveys.store')
    router.get('/enkater/:id', [SurveysController, 'show']).as('surveys.show')
    router.post('/enkater/:id/svar', [SurveysController, 'respond']).as('surveys.respond')
    router
      .post('/enkater/:id/status', [SurveysController, 'updateStatus'])
      .as('surveys.update_status')
    router.get('/samtal', [QualityController, 'index']).as('calls.index')
    // issue 17 (helper H): any date range, opening hours, calls behind the figures, reports
    router.get('/samtal/intervall', [QualityRangesController, 'show']).as('quality_range.show')
    router.get('/samtal/oppettider', [OpeningHoursController, 'index']).as('opening_hours.index')
    router.post('/samtal/oppettider', [OpeningHoursController, 'update']).as('opening_hours.update')
    router
      .post('/samtal/oppettider/perioder', [OpeningHoursController, 'storePeriod'])
      .as('opening_hours.store_period')
    router
      .post('/samtal/oppettider/perioder/:id/ta-bort', [OpeningHoursController, 'destroyPeriod'])
      .as('opening_hours.destroy_period')
    router.get('/samtal/samtalslista', [CallListController, 'index']).as('call_list.index')
    router.get('/rapporter/tertial', [ReportsController, 'tertial']).as('reports.tertial')
    router
      .get('/rapporter/tertial/:year/:tertial/pdf', [ReportsController, 'tertialPdf'])
      .where('year', /^(20\d\d|2100)$/)
      .where('tertial', /^[1-3]$/)
      .as('reports.tertial_pdf')
    router
      .get('/rapporter/kostnadsutveckling', [ReportsController, 'costTrends'])
      .as('reports.cost_trends')
    // issue 17 (helper g): budget and forecast, true-up, next year's fee preview
    router.get('/budget', [BudgetController, 'index']).as('budget.index')
    router
      .get('/budget/:year/:pool/redigera', [BudgetController, 'edit'])
      .where('year', BUDGET_YEAR)
      .where('pool', POOL_CODE)
      .as('budget.edit')
    router
      .post('/budget/:year/:pool', [BudgetController, 'update'])
      .where('year', BUDGET_YEAR)
      .where('pool', POOL_CODE)
      .as('budget.update')
    router
      .post('/budget/:year/:pool/prognosmetod', [BudgetController, 'method'])
      .where('year', BUDGET_YEAR)
      .where('pool', POOL_CODE)
      .as('budget.method')
    router
      .post('/budget/:year/:pool/avstamning', [BudgetController, 'trueUp'])
      .where('year', BUDGET_YEAR)
      .where('pool', POOL_CODE)
      .as('budget.true_up')
    router.get('/avgifter', [FeePreviewController, 'index']).as('fee_preview.index')
    router
      .get('/avgifter/:year/:organisation/pdf', [FeePreviewController, 'pdf'])
      .where('year', BUDGET_YEAR)
      .where('organisation', router.matchers.number())
      .as('fee_preview.pdf')
    router.get('/samtal/mal', [QualityTargetsController, 'index']).as('quality_targets.index')
    router.post('/samtal/mal', [QualityTargetsController, 'store']).as('quality_targets.store')
    router
      .get('/samtal/:period/dagar', [QualityController, 'download'])
      .where('period', PERIOD)
      .as('quality.download')
    router
      .get('/samtal/:period/leverantorsrapport', [QualityController, 'supplierReport'])
      .where('period', PERIOD)
      .as('quality.supplier_report')
    router
      .get('/samtal/:period/organisation/:organisation', [QualityController, 'organisationReport'])
      .where('period', PERIOD)
      .where('organisation', router.matchers.number())
      .as('quality.organisation_report')
    router
      .post('/samtal/:period/vite', [QualityController, 'decideCredit'])
      .where('period', PERIOD)
      .as('quality.credit')
    router
      .post('/samtal/:period/avstamning', [QualityController, 'explain'])
      .where('period', PERIOD)
      .as('quality.explain')

    router.get('/organisationer', [OrganisationsController, 'index']).as('organisations.index')
    router.get('/organisationer/ny', [OrganisationsController, 'create']).as('organisations.create')
    router.post('/organisationer', [OrganisationsController, 'store']).as('organisations.store')
    router.get('/organisationer/:id', [OrganisationsController, 'show']).as('organisations.show')
    router
      .get('/organisationer/:id/redigera', [OrganisationsController, 'edit'])
      .as('organisations.edit')
    router
      .put('/organisationer/:id', [OrganisationsController, 'update'])
      .as('organisations.update')

    router.get('/rutiner', [RoutinesController, 'index']).as('routines.index')
    router.get('/rutiner/ny', [RoutinesController, 'create']).as('routines.create')
    router.post('/rutiner', [RoutinesController, 'store']).as('routines.store')
    router.get('/rutiner/:id', [RoutinesController, 'show']).as('routines.show')
    router.get('/rutiner/:id/redigera', [RoutinesController, 'edit']).as('routines.edit')
    router.put('/rutiner/:id', [RoutinesController, 'update']).as('routines.update')
    router.post('/rutiner/:id/publicera', [RoutinesController, 'publish']).as('routines.publish')
    router.get('/rutiner/:id/historik', [RoutinesController, 'history']).as('routines.history')
    router
      .post('/rutiner/:id/bekrafta', [RoutinesController, 'acknowledge'])
      .as('routines.acknowledge')
    router.get('/rutiner/:id/tackning', [RoutinesController, 'coverage']).as('routines.coverage')
    router.post('/rutiner/:id/paminn', [RoutinesController, 'remind']).as('routines.remind')
    router.get('/forum', [ForumThreadsController, 'index']).as('forum.index')
    router.get('/forum/ny', [ForumThreadsController, 'create']).as('forum.create')
    router.post('/forum', [ForumThreadsController, 'store']).as('forum.store')
    router.get('/forum/anmalningar', [ForumModerationController, 'reports']).as('forum.reports')
    router.get('/forum/:id', [ForumThreadsController, 'show']).as('forum.show')
    router.post('/forum/:id/svar', [ForumThreadsController, 'reply']).as('forum.reply')
    router
      .post('/forum/:id/prenumerera', [ForumThreadsController, 'subscribe'])
      .as('forum.subscribe')
    router
      .post('/forum/kategori/:id/prenumerera', [ForumThreadsController, 'subscribeCategory'])
      .as('forum.subscribe_category')
    router
      .post('/forum/:id/moderera', [ForumModerationController, 'moderateThread'])
      .as('forum.moderate_thread')
    router.get('/driftmeddelanden', [AnnouncementsController, 'index']).as('announcements.index')
    router.post('/driftmeddelanden', [AnnouncementsController, 'store']).as('announcements.store')
    router
      .post('/driftmeddelanden/:id/aterkalla', [AnnouncementsController, 'withdraw'])
      .as('announcements.withdraw')
    // feedback routed to organisations (issue 16, point 5)
    router.get('/aterkoppling', [FeedbackController, 'index']).as('feedback.index')
    router.get('/aterkoppling/ny', [FeedbackController, 'create']).as('feedback.create')
    router.post('/aterkoppling', [FeedbackController, 'store']).as('feedback.store')
    router.get('/aterkoppling/svarstider', [FeedbackController, 'report']).as('feedback.report')
    router
      .get('/aterkoppling/svarstider/export', [FeedbackController, 'download'])
      .as('feedback.download')
    router.get('/aterkoppling/:id', [FeedbackController, 'show']).as('feedback.show')
    router.post('/aterkoppling/:id/svar', [FeedbackController, 'answer']).as('feedback.answer')
    // delivery of invoices by e-mail (issue 16, point 1; docs/adr/0025)
    router.get('/utskick', [DeliveriesController, 'index']).as('deliveries.index')
    router
      .post('/utskick/:id/skicka-igen', [DeliveriesController, 'resend'])
      .where('id', /^\d{1,9}$/)
      .as('deliveries.resend')
    router.get('/natverkstraffar', [MeetingsController, 'index']).as('meetings.index')
    router.get('/natverkstraffar/ny', [MeetingsController, 'create']).as('meetings.create')
    router.post('/natverkstraffar', [MeetingsController, 'store']).as('meetings.store')
    router.get('/natverkstraffar/:id', [MeetingsController, 'show']).as('meetings.show')
    router.get('/natverkstraffar/:id/redigera', [MeetingsController, 'edit']).as('meetings.edit')
    router.put('/natverkstraffar/:id', [MeetingsController, 'update']).as('meetings.update')
    router.post('/natverkstraffar/:id/svar', [MeetingsController, 'respond']).as('meetings.respond')
    // a cancelled meeting's invitees and guests get a cancellation (docs/adr/0031)
    router
      .post('/natverkstraffar/:id/installt', [MeetingsController, 'cancel'])
      .where('id', /^\d{1,9}$/)
      .as('meetings.cancel')
    router
      .get('/natverkstraffar/:id/minnesanteckningar', [MeetingsController, 'minutes'])
      .as('meetings.minutes')
    router
      .post('/natverkstraffar/:id/minnesanteckningar', [MeetingsController, 'publishMinutes'])
      .as('meetings.publish_minutes')
    router
      .get('/natverkstraffar/:id/minnesanteckningar.pdf', [MeetingsController, 'minutesPdf'])
      .as('meetings.minutes_pdf')
    router
      .get('/natverkstraffar/:id/kvalitetsrapport', [MeetingsController, 'qualityReport'])
      .as('meetings.quality_report')
    // governance meetings (issue 16, point 7; docs/adr/0027): calendar file, decisions,
    // action items (carried to the next meeting of the kind), the steering group's members
    router
      .get('/natverkstraffar/:id/kalender.ics', [MeetingGovernanceController, 'calendar'])
      .as('meetings.calendar')
    router
      .post('/natverkstraffar/:id/beslut', [MeetingGovernanceController, 'storeDecision'])
      .as('meetings.store_decision')
    router
      .post('/natverkstraffar/:id/atgarder', [MeetingGovernanceController, 'storeActionItem'])
      .as('meetings.store_action_item')
    router
      .post('/natverkstraffar/:id/gaster/skicka-igen', [
        MeetingGovernanceController,
        'resendInvitations',
      ])
      .as('meetings.resend_invitations')
    router
      .post('/natverkstraffar/atgarder/:id/klar', [
        MeetingGovernanceController,
        'completeActionItem',
      ])
      .as('meeting_action_items.complete')
    router
      .get('/styrgrupp', [MeetingGovernanceController, 'steeringGroup'])
      .as('steering_group.edit')
    router
      .put('/styrgrupp', [MeetingGovernanceController, 'updateSteeringGroup'])
      .as('steering_group.update')
    router.get('/forum/inlagg/:id/redigera', [ForumPostsController, 'edit']).as('forum.edit_post')
    router.put('/forum/inlagg/:id', [ForumPostsController, 'update']).as('forum.update_post')
    router
      .post('/forum/inlagg/:id/losning', [ForumPostsController, 'solution'])
      .as('forum.solution')
    router.post('/forum/inlagg/:id/anmal', [ForumPostsController, 'report']).as('forum.report')
    router
      .post('/forum/inlagg/:id/moderera', [ForumModerationController, 'moderatePost'])
      .as('forum.moderate_post')
    router.get('/avvikelser', [DeviationsController, 'index']).as('deviations.index')
    router.get('/avvikelser/ny', [DeviationsController, 'create']).as('deviations.create')
    router.post('/avvikelser', [DeviationsController, 'store']).as('deviations.store')
    router.get('/avvikelser/:id', [DeviationsController, 'show']).as('deviations.show')
    router
      .post('/avvikelser/:id/status', [DeviationsController, 'updateStatus'])
      .as('deviations.update_status')
    router
      .post('/avvikelser/:id/skicka', [DeviationsController, 'forward'])
      .as('deviations.forward')
    // extension orders and unused extensions (issue 16 points 3–4, docs/adr/0026)
    router
      .get('/anknytningar/bestallningar', [ExtensionOrdersController, 'index'])
      .as('extension_orders.index')
    router
      .get('/anknytningar/bestallningar/ny', [ExtensionOrdersController, 'create'])
      .as('extension_orders.create')
    router
      .post('/anknytningar/bestallningar', [ExtensionOrdersController, 'store'])
      .as('extension_orders.store')
    router
      .post('/anknytningar/bestallningar/fil', [ExtensionOrdersController, 'upload'])
      .as('extension_orders.upload')
    router
      .post('/anknytningar/bestallningar/skicka', [ExtensionOrdersController, 'send'])
      .as('extension_orders.send')
    // without e-mail to the supplier: the same file to send by hand, then marked sent
    router
      .get('/anknytningar/bestallningar/bestallningsfil', [ExtensionOrdersController, 'download'])
      .as('extension_orders.download')
    router
      .post('/anknytningar/bestallningar/skickade', [ExtensionOrdersController, 'markSent'])
      .as('extension_orders.mark_sent')
    router
      .get('/anknytningar/bestallningar/:id', [ExtensionOrdersController, 'show'])
      .as('extension_orders.show')
    router
      .post('/anknytningar/bestallningar/:id/beslut', [ExtensionOrdersController, 'decide'])
      .as('extension_orders.decide')
    router
      .post('/anknytningar/bestallningar/:id/utford', [ExtensionOrdersController, 'complete'])
      .as('extension_orders.complete')
    router
      .get('/anknytningar/oanvanda', [ExtensionOrdersController, 'unused'])
      .as('extension_orders.unused')
    router
      .post('/anknytningar/oanvanda/borttag', [ExtensionOrdersController, 'orderRemovals'])
      .as('extension_orders.order_removals')
    router.get('/anknytningar', [ExtensionsController, 'index']).as('extensions.index')
    router.get('/anknytningar/antal', [ExtensionsController, 'counts']).as('extensions.counts')
    router.get('/anknytningar/export', [ExtensionsController, 'download']).as('extensions.download')
    router
      .get('/anknytningar/ej-fordelningsbara', [ExtensionsController, 'unallocatable'])
      .as('extensions.unallocatable')
    router
      .get('/anknytningar/:number', [ExtensionsController, 'show'])
      .where('number', /^\d{1,20}$/)
      .as('extensions.show')
    router.get('/anstallda', [HeadcountController, 'index']).as('headcount.index')
    router
      .get('/leverantorsfakturor', [SupplierInvoicesController, 'index'])
      .as('supplier_invoices.index')
    router
      .get('/leverantorsfakturor/:id', [SupplierInvoicesController, 'show'])
      .as('supplier_invoices.show')

    router.get('/kostnadsfordelning', [AllocationsController, 'index']).as('allocations.index')
    router.post('/kostnadsfordelning', [AllocationsController, 'run']).as('allocations.run')
    router
      .get('/kostnadsfordelning/:period', [AllocationsController, 'show'])
      .where('period', PERIOD)
      .as('allocations.show')
    router
      .post('/kostnadsfordelning/:period/godkann', [AllocationsController, 'approve'])
      .where('period', PERIOD)
      .as('allocations.approve')
    router
      .post('/kostnadsfordelning/:period/ateroppna', [AllocationsController, 'reopen'])
      .where('period', PERIOD)
      .as('allocations.reopen')
    router
      .get('/kostnadsfordelning/:period/:pool/:organisation', [AllocationsController, 'evidence'])
      .where('period', PERIOD)
      // a cost pool's code (app/validators/cost_pool.ts); it is part of the CSV's file name
      .where('pool', /^[A-Z0-9_]{2,20}$/)
      .where('organisation', router.matchers.number())
      .as('allocations.evidence')
    router
      .post('/kostnadsfordelning/:period/fakturera', [InvoicesController, 'issue'])
      .where('period', PERIOD)
      .as('invoices.issue')
    router
      .get('/kostnadsfordelning/:period/ekonomiexport', [InvoicesController, 'export'])
      .where('period', PERIOD)
      .as('finance.export')
    router.get('/ekonomiexport', [FinanceExportsController, 'index']).as('finance_exports.index')
    router.post('/ekonomiexport', [FinanceExportsController, 'store']).as('finance_exports.store')
    router
      .get('/listor/:list', [MonthEndListsController, 'download'])
      .where('list', MONTH_END_LIST_NAMES)
      .as('month_end_lists.download')
    router
      .get('/ekonomiexport/:batch/:format', [FinanceExportsController, 'download'])
      .where('batch', /^\d{1,9}$/)
      .where('format', /^(csv|sie)$/)
      .as('finance_exports.download')
    router.get('/kostnadsposter', [CostPoolsController, 'index']).as('cost_pools.index')
    router.get('/kostnadsposter/ny', [CostPoolsController, 'create']).as('cost_pools.create')
    router.post('/kostnadsposter', [CostPoolsController, 'store']).as('cost_pools.store')
    router.get('/kostnadsposter/:id/redigera', [CostPoolsController, 'edit']).as('cost_pools.edit')
    router.put('/kostnadsposter/:id', [CostPoolsController, 'update']).as('cost_pools.update')
    router.get('/fakturor', [InvoicesController, 'index']).as('invoices.index')
    router.get('/fakturor/nummerserier', [InvoicesController, 'numbering']).as('invoices.numbering')
    router.get('/fakturor/:id/pdf', [InvoicesController, 'download']).as('invoices.download')
    router.get('/fakturor/:id/e-faktura', [InvoiceUblController, 'show']).as('invoices.ubl')
    router.post('/fakturor/:id/kreditera', [InvoicesController, 'credit']).as('invoices.credit')
    router.post('/fakturor/:id/ersatt', [InvoicesController, 'correct']).as('invoices.correct')
    router
      .post('/kostnadsfordelning/:period/rattelse', [InvoicesController, 'correctPeriod'])
      .where('period', PERIOD)
      .as('invoices.correctPeriod')

    // issue 15 points 2 and 4 (docs/adr/0024): confirmation pages before approving, issuing
    // and crediting (the POST routes above stay), and marking a period's warnings read
    router
      .get('/kostnadsfordelning/:period/godkann', [AllocationsController, 'confirmApproval'])
      .where('period', PERIOD)
      .as('allocations.confirmApproval')
    router
      .post('/kostnadsfordelning/:period/varningar-lasta', [
        AllocationsController,
        'markWarningsRead',
      ])
      .where('period', PERIOD)
      .as('allocations.markWarningsRead')
    router
      .get('/kostnadsfordelning/:period/fakturera', [InvoicesController, 'confirmIssue'])
      .where('period', PERIOD)
      .as('invoices.confirmIssue')
    router
      .get('/fakturor/:id/kreditera', [InvoicesController, 'creditForm'])
      .where('id', router.matchers.number())
      .as('invoices.creditForm')

    router.get('/administration', [AdminController, 'index']).as('admin.index')
    router
      .get('/administration/import/:type', [ImportUploadsController, 'create'])
      .where('type', IMPORT_TYPES)
      .as('imports.create')
    router
      .post('/administration/import/:type', [ImportUploadsController, 'store'])
      .where('type', IMPORT_TYPES)
      .as('imports.store')
    router.get('/administration/importer', [ImportsController, 'index']).as('imports.index')
    router.get('/administration/importer/:id', [ImportsController, 'show']).as('imports.show')
    router
      .get('/administration/importer/:id/fel', [ImportsController, 'errors'])
      .as('imports.errors')
    router
      .get('/administration/importer/:id/avvisade', [ImportsController, 'rejectedRows'])
      .as('imports.rejected_rows')
    router.get('/administration/logg', [AuditLogController, 'index']).as('audit.index')
    router.get('/administration/kategorier', [CategoriesController, 'index']).as('categories.index')
    router
      .post('/administration/kategorier/:kind', [CategoriesController, 'store'])
      .where('kind', CATEGORY_KIND)
      .as('categories.store')
    router
      .put('/administration/kategorier/:kind/:id', [CategoriesController, 'update'])
      .where('kind', CATEGORY_KIND)
      .as('categories.update')
    router
      .post('/administration/kategorier/:kind/:id/arkivera', [CategoriesController, 'archive'])
      .where('kind', CATEGORY_KIND)
      .as('categories.archive')
    router
      .post('/administration/kategorier/:kind/:id/aterstall', [CategoriesController, 'restore'])
      .where('kind', CATEGORY_KIND)
      .as('categories.restore')
    router
      .delete('/administration/kategorier/:kind/:id', [CategoriesController, 'destroy'])
      .where('kind', CATEGORY_KIND)
      .as('categories.destroy')
    router.get('/administration/installningar', [SettingsController, 'index']).as('settings.index')
    router
      .put('/administration/installningar', [SettingsController, 'update'])
      .as('settings.update')

    router.get('/administration/anvandare', [UsersController, 'index']).as('users.index')
    router.get('/administration/anvandare/ny', [UsersController, 'create']).as('users.create')
    router.post('/administration/anvandare', [UsersController, 'store']).as('users.store')
    router.get('/administration/anvandare/:id/redigera', [UsersController, 'edit']).as('users.edit')
    router.put('/administration/anvandare/:id', [UsersController, 'update']).as('users.update')
    router
      .post('/administration/anvandare/:id/engangslosenord', [UsersController, 'resetPassword'])
      .as('users.reset_password')
    router
      .post('/administration/anvandare/:id/api-nycklar', [AccessTokensController, 'store'])
      .as('access_tokens.store')
    router
      .delete('/administration/anvandare/:id/api-nycklar/:tokenId', [
        AccessTokensController,
        'destroy',
      ])
      .where('tokenId', router.matchers.number())
      .as('access_tokens.destroy')
    router
      .post('/administration/anvandare/:id/inaktivera', [UsersController, 'deactivate'])
      .as('users.deactivate')
    router
      .post('/administration/anvandare/:id/aktivera', [UsersController, 'activate'])
      .as('users.activate')
  })
  .use(middleware.auth())

// The floor of the page benchmark (bench/pages.ts, issue 18): a fixed answer for a signed-in
// user through the same middleware as every page (session, shield, auth, view state) and
// nothing else. It exists only when the benchmark starts the server with BENCH_BARE_ROUTE.
export const BENCH_BARE_PATH = '/bench/bar-vag'
if (env.get('BENCH_BARE_ROUTE')) {
  router
    .get(BENCH_BARE_PATH, () => 'ok')
    .use(middleware.auth())
    .as('bench.bare')
}

// the read-only JSON API: access tokens only (README "JSON API")
router
  .group(() => {
    router.get('/periods', [ApiController, 'periods']).as('api.periods')
    router
      .get('/periods/:period/allocation', [ApiController, 'allocation'])
      .where('period', PERIOD)
      .as('api.allocation')
    router.get('/invoices', [ApiController, 'invoices']).as('api.invoices')
    // issue 17 (helper H): quality for a date range
    router.get('/quality', [ApiQualityController, 'show']).as('api.quality')
    // issue 17 (helper g): budget and forecast, next year's fee preview
    router.get('/budget', [ApiBudgetController, 'budget']).as('api.budget')
    router.get('/fees/preview', [ApiBudgetController, 'feePreview']).as('api.fee_preview')
  })
  .prefix('/api/v1')
  .use(middleware.apiAuth())

// issue 16 point 9 (helper F): the import API — keys with the import scope only, the same
// import code and limits as an upload (docs/adr/0028 §2, README "Import API")
const ApiImportsController = () => import('#controllers/api_imports_controller')
router
  .group(() => {
    router
      .post('/imports/:kind', [ApiImportsController, 'store'])
      .where('kind', { match: new RegExp(`^(${DROP_KINDS.join('|')})$`) })
      .as('api.imports.store')
    router
      .get('/imports/:id', [ApiImportsController, 'show'])
      .where('id', router.matchers.number())
      .as('api.imports.show')
  })
  .prefix('/api/v1')
  .use(middleware.apiAuth())
