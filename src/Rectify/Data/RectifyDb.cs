using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rectify.Core;
using Rectify.Core.Audit;
using Rectify.Core.Domain;

namespace Rectify.Data;

/// <summary>A signed-in account. Scope: the organisation and its subtree (none = all, for the office and supervisors).</summary>
public class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public int? OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public bool Disabled { get; set; }
    public string Name => DisplayName ?? UserName ?? Id;
    /// <summary>When the password was last set (for the optional expiry, Rectify:Security:PasswordMaxAgeDays); kept by <see cref="RightsChanges"/>.</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }
    /// <summary>The last successful sign-in and where from, shown at the next one with the failures since (鉴别警示).</summary>
    public DateTimeOffset? LastSignInAt { get; set; }
    public string? LastSignInAddress { get; set; }
    public int FailedSignInsSinceLast { get; set; }
    /// <summary>How the account wants its notifications beyond the inbox (<see cref="Features.Notifications.DeliveryPrefs"/>, JSON); null: every event by e-mail at once.</summary>
    public string? NotifyPrefs { get; set; }
}

/// <summary>An API token; only its SHA-256 is stored.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>Reads only: a write made with it is refused (403).</summary>
    public bool ReadOnly { get; set; }
}

/// <summary>Small facts about the database itself, e.g. that the demo was loaded once.</summary>
public class AppSetting
{
    public required string Key { get; set; }
    public string? Value { get; set; }
}

/// <summary>
/// The one DbContext. Each provider has a subclass so that each keeps its own migrations
/// (docs/decisions/0002-two-providers.md).
/// </summary>
public abstract class RectifyDb(DbContextOptions options) : IdentityDbContext<AppUser>(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>Data-protection keys live in the database, so every app instance reads the same cookies.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<DocumentSettings> DocumentSettings => Set<DocumentSettings>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<InspectionRound> Rounds => Set<InspectionRound>();
    public DbSet<Inspection> Inspections => Set<Inspection>();
    public DbSet<InspectionTarget> InspectionTargets => Set<InspectionTarget>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Problem> Problems => Set<Problem>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<ProgressEntry> ProgressEntries => Set<ProgressEntry>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<Extension> Extensions => Set<Extension>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<ProblemChange> ProblemChanges => Set<ProblemChange>();
    public DbSet<LeadingGroupMember> LeadingGroupMembers => Set<LeadingGroupMember>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<PolicyDocument> PolicyDocuments => Set<PolicyDocument>();
    public DbSet<OutcomeRecord> Outcomes => Set<OutcomeRecord>();
    public DbSet<SupervisionAction> SupervisionActions => Set<SupervisionAction>();
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<PublicFeedback> PublicFeedback => Set<PublicFeedback>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AppSetting> Settings => Set<AppSetting>();
    public DbSet<Infrastructure.IdempotentRequest> IdempotentRequests => Set<Infrastructure.IdempotentRequest>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<CommonProblemList> CommonProblemLists => Set<CommonProblemList>();
    public DbSet<PublishedProblem> PublishedProblems => Set<PublishedProblem>();
    // Supervision (issue 6)
    public DbSet<Rectify.Features.Notifications.Notification> Notifications => Set<Rectify.Features.Notifications.Notification>();
    public DbSet<Rectify.Core.Supervision.Evaluation> Evaluations => Set<Rectify.Core.Supervision.Evaluation>();
    // Upward report sign-off (issue 6 item 7)
    public DbSet<Rectify.Core.Supervision.UpwardReport> UpwardReports => Set<Rectify.Core.Supervision.UpwardReport>();

    /// <summary>Each entity's mapping lives in its own class in Data/Configurations.</summary>
    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(RectifyDb).Assembly);
    }

    /// <summary>Who is writing, for the history and the audit log: set explicitly, else asked of <see cref="ActorSource"/> when saving.</summary>
    public string Actor
    {
        get => _actor ?? ActorSource?.Invoke() ?? "system";
        set => _actor = value;
    }
    string? _actor;

    /// <summary>
    /// The signed-in user's name, read at save time: the context is often created (by the sign-in
    /// machinery) before the user is known.
    /// </summary>
    public Func<string?>? ActorSource { get; set; }

    /// <summary>The clock of history entries; tests may move it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    /// <summary>The channels beyond e-mail (SMS gateway, group robot) that the events write rows for; none unless configured.</summary>
    public Features.Notifications.ChannelOptions Channels { get; set; } = new();
    /// <summary>An action on many problems under way: its notices are grouped, one per recipient and kind (<see cref="Features.Notifications.OneAction"/>).</summary>
    public Features.Notifications.OneAction? Grouping { get; set; }
    /// <summary>When an overdue problem's reminders climb to the office and the commission (Rectify:Reminders).</summary>
    public Rectify.Core.Supervision.EscalationDays Escalation { get; set; } = new();

    /// <summary>The office's time zone (Rectify:TimeZone): completion dates are the office's dates.</summary>
    public TimeZoneInfo Zone { get; set; } = OfficeClock.FindZone(null);

    /// <summary>The office's clock over this context's clock and zone, for work done on save and for dates of history.</summary>
    public OfficeClock Office => new(Clock, Zone);

    /// <summary>Marks a problem as changed when only its children changed, so its version moves.</summary>
    public void Touch(Problem p) => Entry(p).State = Entry(p).State == EntityState.Unchanged ? EntityState.Modified : Entry(p).State;

    /// <summary>
    /// Off only for bulk generation of synthetic data (benchmarks); every real change is audited. Off, the
    /// log still notes which rows were written (a "bulk" entry per table), not their values.
    /// </summary>
    public bool AuditEnabled { get; set; } = true;

    /// <summary>
    /// Every write of a problem bumps its version (a stale edit is caught) and is kept in its
    /// history; every change to any entity is appended to the hash-chained audit log in the
    /// same transaction, so data and log are written together or not at all: the interceptors
    /// in Data/Interceptors (<see cref="Interceptors.SaveInterceptors"/>), put on every context by <see cref="Storage"/>.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Saving = new();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>What the interceptors of the save under way hand to each other.</summary>
    internal Interceptors.SaveWork Saving { get; private set; } = new();

    /// <summary>The audit entries appended by <see cref="Interceptors.AuditChainInterceptor"/>, written in the save's transaction, past the interceptors.</summary>
    internal void SaveAppendedAuditEntries() => base.SaveChanges(true);

    /// <summary>The hash of the audit chains, fixed for the database (Rectify:Audit:Hash, set by <see cref="Storage"/>).</summary>
    public AuditHashAlgorithm AuditHash { get; set; }

    readonly List<AuditLog.Pending> _events = [];

    /// <summary>
    /// Records in the audit log, with the next save, something done that changes no row (e.g. the
    /// audit administrator's reading or export of the log): <paramref name="entity"/> names what it
    /// was done to, <paramref name="details"/> (JSON) how.
    /// </summary>
    public void RecordEvent(string entity, string action, string details) =>
        _events.Add(AuditLog.Pending.Event(entity, action, details));

    /// <summary>The events recorded since the last save, for its audit entries.</summary>
    internal List<AuditLog.Pending> TakeEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }

    /// <summary>How many audit chains saves spread over (Rectify:Audit:Chains, set by <see cref="Storage"/>).</summary>
    public int AuditChains { get; set; } = StorageOptions.DefaultAuditChains;

    (Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Transaction, int Chain)? _chainLocked;

    /// <summary>
    /// The chain of this save. A later save in the same (caller's) transaction appends to the chain its
    /// first save locked: a transaction that held one chain lock and waited for another could deadlock
    /// with one doing the reverse.
    /// </summary>
    internal int ChainFor(List<AuditLog.Pending> pending)
    {
        var transaction = Database.CurrentTransaction!;
        if (_chainLocked is { } locked && locked.Transaction == transaction) return locked.Chain;
        var chain = AuditLog.ChooseChain(pending, AuditChains);
        _chainLocked = (transaction, chain);
        return chain;
    }

    /// <summary>Where this app's writers queue for SQLite's one write lock (see <see cref="Storage"/>); null on PostgreSQL.</summary>
    public SemaphoreSlim? WriteGate { get; set; }

    /// <summary>Told after a save that changed what the public pages show (set by <see cref="Storage"/>: its cached public pages are dropped).</summary>
    public Action? PublicChanged { get; set; }

    /// <summary>The access cache of the app (null outside it: nothing is cached).</summary>
    public Infrastructure.AccessCache? Access { get; set; }

    /// <summary>The access stamp this context has read, once per request (see <see cref="Infrastructure.AccessCache"/>).</summary>
    internal string? AccessStampRead { get; set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    internal static string? Format(object? v) => v switch
    {
        null => null,
        RectificationStatus s => s.Code(),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => string.Join("\n", list.Cast<object?>()),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}

public sealed class SqliteRectifyDb(DbContextOptions<SqliteRectifyDb> options) : RectifyDb(options);

public sealed class PostgresRectifyDb(DbContextOptions<PostgresRectifyDb> options) : RectifyDb(options);
