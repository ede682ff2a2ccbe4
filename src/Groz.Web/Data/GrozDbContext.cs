using Groz.Web.Features.Accounts;
using Groz.Web.Features.Collaboration;
using Groz.Web.Features.Events;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.Knowledge;
using Groz.Web.Features.Monitoring;
using Groz.Web.Features.Regions;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Groz.Web.Data;

/// <summary>
/// The one DbContext of Groz. Each module adds its sets here and its configuration in its own folder
/// (an <see cref="IEntityTypeConfiguration{T}"/> picked up by <see cref="OnModelCreating"/>).
/// The two derived types below exist only so that each database engine has its own migration set
/// (EF Core "migrations with multiple providers", one context type per provider).
/// </summary>
public abstract class GrozDbContext(DbContextOptions options) : IdentityDbContext<GrozUser>(options), IDataProtectionKeyContext
{
    public DbSet<Leerregio> Leerregios => Set<Leerregio>();
    public DbSet<Gemeente> Gemeenten => Set<Gemeente>();
    public DbSet<Wijk> Wijken => Set<Wijk>();
    public DbSet<Buurt> Buurten => Set<Buurt>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<TimeBankSettings> TimeBanks => Set<TimeBankSettings>();
    public DbSet<TimeAccount> TimeAccounts => Set<TimeAccount>();
    public DbSet<Transfer> Transfers => Set<Transfer>();
    public DbSet<TimeEntry> TimeEntries => Set<TimeEntry>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<ConversionSettings> ConversionSettings => Set<ConversionSettings>();
    public DbSet<ConversionRate> ConversionRates => Set<ConversionRate>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<BudgetMovement> BudgetMovements => Set<BudgetMovement>();
    public DbSet<ConversionRequest> Conversions => Set<ConversionRequest>();
    public DbSet<PayoutBatch> PayoutBatches => Set<PayoutBatch>();
    // Wijkportaal (HSDS 3.0): one set per HSDS table.
    public DbSet<Organization> SmOrganizations => Set<Organization>();
    public DbSet<OrganizationIdentifier> SmOrganizationIdentifiers => Set<OrganizationIdentifier>();
    public DbSet<HsdsProgram> SmPrograms => Set<HsdsProgram>();
    public DbSet<Service> SmServices => Set<Service>();
    public DbSet<Location> SmLocations => Set<Location>();
    public DbSet<ServiceAtLocation> SmServiceAtLocations => Set<ServiceAtLocation>();
    public DbSet<Address> SmAddresses => Set<Address>();
    public DbSet<Phone> SmPhones => Set<Phone>();
    public DbSet<Contact> SmContacts => Set<Contact>();
    public DbSet<Schedule> SmSchedules => Set<Schedule>();
    public DbSet<CostOption> SmCostOptions => Set<CostOption>();
    public DbSet<Language> SmLanguages => Set<Language>();
    public DbSet<Accessibility> SmAccessibility => Set<Accessibility>();
    public DbSet<ServiceArea> SmServiceAreas => Set<ServiceArea>();
    public DbSet<Funding> SmFunding => Set<Funding>();
    public DbSet<RequiredDocument> SmRequiredDocuments => Set<RequiredDocument>();
    public DbSet<Taxonomy> SmTaxonomies => Set<Taxonomy>();
    public DbSet<TaxonomyTerm> SmTaxonomyTerms => Set<TaxonomyTerm>();
    public DbSet<HsdsAttribute> SmAttributes => Set<HsdsAttribute>();
    public DbSet<HsdsMetadata> SmMetadata => Set<HsdsMetadata>();
    public DbSet<MetaTableDescription> SmMetaTableDescriptions => Set<MetaTableDescription>();
    // Wijkportaal search and curation (Groz, not HSDS).
    public DbSet<SearchDocument> SmSearchDocuments => Set<SearchDocument>();
    public DbSet<Suggestion> SmSuggestions => Set<Suggestion>();
    public DbSet<OrganizationMember> SmOrganizationMembers => Set<OrganizationMember>();
    public DbSet<CheckReminder> SmCheckReminders => Set<CheckReminder>();
    // Hulpvragen.
    public DbSet<HelpRequest> HelpRequests => Set<HelpRequest>();
    public DbSet<HelpConsent> HelpConsents => Set<HelpConsent>();
    public DbSet<HelpNote> HelpNotes => Set<HelpNote>();
    public DbSet<HelpMatchAsk> HelpMatchAsks => Set<HelpMatchAsk>();
    public DbSet<HelpStatusChange> HelpStatusChanges => Set<HelpStatusChange>();
    public DbSet<HelpRequestSettings> HelpSettings => Set<HelpRequestSettings>();
    public DbSet<HelpTarget> HelpTargets => Set<HelpTarget>();
    public DbSet<HelpVolunteerProfile> HelpVolunteerProfiles => Set<HelpVolunteerProfile>();
    public DbSet<VitalWorkDetails> VitalWorkDetails => Set<VitalWorkDetails>();
    public DbSet<VitalWorkReferral> VitalWorkReferrals => Set<VitalWorkReferral>();
    // Activiteiten.
    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventOccurrence> EventOccurrences => Set<EventOccurrence>();
    public DbSet<EventRegistration> EventRegistrations => Set<EventRegistration>();
    public DbSet<ProeverijStand> ProeverijStands => Set<ProeverijStand>();
    public DbSet<ProeverijSlot> ProeverijSlots => Set<ProeverijSlot>();
    public DbSet<ProeverijSession> ProeverijSessions => Set<ProeverijSession>();
    public DbSet<ProeverijVisitor> ProeverijVisitors => Set<ProeverijVisitor>();
    public DbSet<EventCalendarToken> EventCalendarTokens => Set<EventCalendarToken>();
    public DbSet<EventFeedback> EventFeedback => Set<EventFeedback>();
    public DbSet<EventFeedbackRequest> EventFeedbackRequests => Set<EventFeedbackRequest>();
    // Monitor.
    public DbSet<IndicatorDefinition> Indicators => Set<IndicatorDefinition>();
    public DbSet<IndicatorValue> IndicatorValues => Set<IndicatorValue>();
    public DbSet<MonitoringSettings> MonitoringSettings => Set<MonitoringSettings>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyQuestion> SurveyQuestions => Set<SurveyQuestion>();
    public DbSet<SurveyWave> SurveyWaves => Set<SurveyWave>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<SurveyParticipation> SurveyParticipations => Set<SurveyParticipation>();
    // Kennisbank.
    public DbSet<KnowledgeDocument> KnowledgeDocuments => Set<KnowledgeDocument>();
    public DbSet<KnowledgeVersion> KnowledgeVersions => Set<KnowledgeVersion>();
    // Samenwerking en wijkgesprekken.
    public DbSet<Collaboration> Collaborations => Set<Collaboration>();
    public DbSet<CollaborationMember> CollaborationMembers => Set<CollaborationMember>();
    public DbSet<Bouwsteen> Bouwstenen => Set<Bouwsteen>();
    public DbSet<BouwsteenUpdate> BouwsteenUpdates => Set<BouwsteenUpdate>();
    public DbSet<NeighbourhoodConversation> NeighbourhoodConversations => Set<NeighbourhoodConversation>();
    public DbSet<ConversationFragment> ConversationFragments => Set<ConversationFragment>();
    public DbSet<FragmentCode> FragmentCodes => Set<FragmentCode>();
    public DbSet<Code> Codes => Set<Code>();
    public DbSet<ThemeUrgency> ThemeUrgencies => Set<ThemeUrgency>();
    public DbSet<ThemeAction> ThemeActions => Set<ThemeAction>();
    public DbSet<EffectivenessAnswer> EffectivenessAnswers => Set<EffectivenessAnswer>();
    // Welkom in de wijk.
    public DbSet<Features.Welcome.WelcomeRoute> WelcomeRoutes => Set<Features.Welcome.WelcomeRoute>();
    public DbSet<Features.Welcome.WelcomeLetterBatch> WelcomeLetterBatches => Set<Features.Welcome.WelcomeLetterBatch>();
    public DbSet<Features.Welcome.WelcomeLetter> WelcomeLetters => Set<Features.Welcome.WelcomeLetter>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GrozDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Euros are decimal with two places everywhere (DESIGN habit 4); SQLite stores them as TEXT, exactly.
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);
        configurationBuilder.Properties<string>().HaveMaxLength(4000);
    }
}

public sealed class SqliteGrozDbContext(DbContextOptions<SqliteGrozDbContext> options) : GrozDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no timestamp type: EF stores DateTimeOffset as text and refuses to compare or sort it in SQL, so
        // every "in this period" query would run on the client. As UTC ticks (all Groz times are UTC, from
        // TimeProvider) the column is an INTEGER that SQLite compares and indexes like PostgreSQL's timestamptz.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

public sealed class PostgresGrozDbContext(DbContextOptions<PostgresGrozDbContext> options) : GrozDbContext(options);
