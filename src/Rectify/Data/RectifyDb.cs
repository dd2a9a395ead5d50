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

    static readonly ValueConverter<PartialDate, string> PartialDateText =
        new(d => d.ToString(), s => PartialDate.Parse(s));
    static readonly ValueConverter<YearMonth, string> YearMonthText =
        new(m => m.ToString(), s => YearMonth.Parse(s));
    static readonly ValueConverter<RectificationStatus, string> StatusCode =
        new(s => s.Code(), s => Statuses.ParseCode(s));

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<AppUser>(e =>
        {
            e.HasOne(u => u.Organization).WithMany().OnDelete(DeleteBehavior.SetNull);
            e.Property(u => u.LastSignInAddress).HasMaxLength(64);
        });
        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            e.Property(t => t.Hash).HasMaxLength(64);
        });
        b.Entity<AppSetting>(e => e.HasKey(s => s.Key));
        b.Entity<Infrastructure.IdempotentRequest>(e =>
        {
            e.HasKey(r => new { r.UserName, r.Key });
            e.HasIndex(r => r.CreatedAt);
            e.Property(r => r.UserName).HasMaxLength(256);
            e.Property(r => r.Key).HasMaxLength(Infrastructure.Idempotency.MaxKeyLength);
            e.Property(r => r.Route).HasMaxLength(600);
        });
        b.Entity<AuditEntry>(e =>
        {
            // A chain's entries in order; its head is the last index entry of the chain.
            e.HasIndex(a => new { a.Chain, a.Seq }).IsUnique();
            e.HasIndex(a => new { a.Entity, a.EntityKey });
            e.Property(a => a.Hash).HasMaxLength(64);
            e.Property(a => a.PrevHash).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(8);
        });

        b.Entity<Organization>(e =>
        {
            e.HasOne(o => o.Parent).WithMany(o => o.Children).HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => o.Name);
            e.Property(o => o.Level).HasConversion<string>().HasMaxLength(20);
            e.Ignore(o => o.HasContacts);
        });
        b.Entity<DocumentSettings>(e =>
        {
            e.HasKey(x => x.OrganizationId);
            e.HasOne<Organization>().WithOne().HasForeignKey<DocumentSettings>(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Person>().HasOne(p => p.Organization).WithMany().OnDelete(DeleteBehavior.SetNull);

        b.Entity<InspectionRound>(e =>
        {
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
            e.ComplexProperty(r => r.Deadlines);
            e.Ignore(r => r.DisplayName);
        });

        b.Entity<Inspection>(e =>
        {
            e.HasOne(i => i.Round).WithMany(r => r.Inspections).HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Restrict);
            e.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(i => i.OnSiteFrom).HasConversion(PartialDateText).HasMaxLength(16);
            e.Property(i => i.OnSiteTo).HasConversion(PartialDateText).HasMaxLength(16);
            e.Property(i => i.FeedbackDate).HasConversion(PartialDateText).HasMaxLength(16);
            e.Ignore(i => i.PrimaryOrganizationId);
            e.Property(i => i.SourceHash).HasMaxLength(64);
            e.HasIndex(i => i.SourceHash);
            e.HasMany(i => i.Categories).WithOne().HasForeignKey(c => c.InspectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.Problems).WithOne(p => p.Inspection).HasForeignKey(p => p.InspectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.LeadingGroup).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.Meetings).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.PolicyDocuments).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.Outcomes).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.Targets).WithOne().HasForeignKey(t => t.InspectionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<InspectionTarget>(e =>
        {
            e.HasKey(t => new { t.InspectionId, t.OrganizationId });
            e.HasOne(t => t.Organization).WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(t => t.OrganizationId);
        });
        b.Entity<Category>(e =>
        {
            e.HasIndex(c => new { c.InspectionId, c.Ordinal }).IsUnique();
            e.HasMany(c => c.Problems).WithOne(p => p.Category).HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Problem>(e =>
        {
            e.HasIndex(p => new { p.InspectionId, p.Ordinal }).IsUnique();
            e.HasIndex(p => p.Status);
            e.Property(p => p.Status).HasConversion(StatusCode).HasMaxLength(24);
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.ExpectedCompletion).HasConversion(YearMonthText).HasMaxLength(7);
            e.Property(p => p.AmountInvolved).HasPrecision(18, 2);
            e.Property(p => p.AmountRectified).HasPrecision(18, 2);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.ComplexProperty(p => p.Closure, c => c.Property(x => x.State).HasConversion<string>().HasMaxLength(16));
            e.Ignore(p => p.IsClosed);
            e.Ignore(p => p.HasEvidence);
            e.Ignore(p => p.DueDate);
            e.HasMany(p => p.Measures).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Progress).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Extensions).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Reviews).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ProgressEntry>().HasMany(p => p.Evidence).WithOne().HasForeignKey(x => x.ProgressEntryId).OnDelete(DeleteBehavior.Cascade);
        b.Entity<Evidence>(e => e.Property(x => x.Sha256).HasMaxLength(64));
        b.Entity<Extension>().Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Entity<Review>().Property(x => x.Result).HasConversion<string>().HasMaxLength(16);
        b.Entity<ProblemChange>(e =>
        {
            e.HasIndex(c => c.ProblemId);
            e.HasOne<Problem>().WithMany().HasForeignKey(c => c.ProblemId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PolicyDocument>().Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Entity<OutcomeRecord>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.AmountYuan).HasPrecision(18, 2);
        });
        b.Entity<SupervisionAction>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.TargetOrganizationId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Notice>(e =>
        {
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PublicFeedback>(e =>
        {
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.TrackingCode).IsUnique();
            e.HasOne<Notice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
        });

        // Public portal (issue 7): the problems of a published notice, frozen with it.
        b.Entity<PublishedProblem>(e =>
        {
            e.HasOne(x => x.Notice).WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.NoticeId, x.Ordinal });
            e.Property(x => x.StatusCode).HasMaxLength(24);
            e.Property(x => x.ExpectedCompletion).HasConversion(YearMonthText).HasMaxLength(7);
        });
        // Supervision (issue 6): in-app notifications, one per recipient and event; evaluations with their criteria as JSON.
        b.Entity<Rectify.Features.Notifications.Notification>(e =>
        {
            e.HasIndex(n => n.EventKey).IsUnique();
            e.HasIndex(n => new { n.UserId, n.ReadAt });
            e.Property(n => n.EventKey).HasMaxLength(200);
            e.Property(n => n.Kind).HasMaxLength(40);
            // The outbox (MailOutbox): the e-mail of each, its attempts and when it is due; the index answers "what is due".
            e.Property(n => n.Link).HasMaxLength(200);
            e.Property(n => n.EmailTo).HasMaxLength(254);
            e.Property(n => n.EmailError).HasMaxLength(500);
            e.Ignore(n => n.Href);
            e.HasIndex(n => n.EmailDueAt);
            e.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Problem>().WithMany().HasForeignKey(n => n.ProblemId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Rectify.Core.Supervision.Evaluation>(e =>
        {
            e.Property(x => x.Grade).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Total).HasPrecision(5, 1);
            e.Property(x => x.Criteria).HasConversion(
                v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null),
                v => System.Text.Json.JsonSerializer.Deserialize<List<Rectify.Core.Supervision.EvaluationCriterion>>(v, (System.Text.Json.JsonSerializerOptions?)null) ?? new(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<Rectify.Core.Supervision.EvaluationCriterion>>(
                    (a, c) => System.Text.Json.JsonSerializer.Serialize(a, (System.Text.Json.JsonSerializerOptions?)null) == System.Text.Json.JsonSerializer.Serialize(c, (System.Text.Json.JsonSerializerOptions?)null),
                    v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null).GetHashCode(),
                    v => System.Text.Json.JsonSerializer.Deserialize<List<Rectify.Core.Supervision.EvaluationCriterion>>(System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null), (System.Text.Json.JsonSerializerOptions?)null)!));
            e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
        });
        // notices-web: 公告/通报 stored by name, like the other enums.
        b.Entity<Notice>().Property(x => x.DocumentKind).HasConversion<string>().HasMaxLength(16);
        // Two approvers or publishers at once: the second write finds the state moved and is refused (409).
        b.Entity<Notice>().Property(x => x.State).IsConcurrencyToken();
        // Ledger list (issue 5, branch ledger): counts by status and the overdue filter of one
        // inspection are answered from this index alone (bench/Rectify.Benchmarks ledger-list).
        // The migration LedgerSearch widens this index with Closure_State by SQL (EF cannot index a complex property): the red-light rule reads it.
        b.Entity<Problem>().HasIndex(p => new { p.InspectionId, p.Status, p.Deadline, p.ExpectedCompletion });
        // Upward report sign-off (issue 6 item 7): one row per inspection and kind, the report frozen as JSON at submission.
        b.Entity<Rectify.Core.Supervision.UpwardReport>(e =>
        {
            e.HasIndex(x => new { x.InspectionId, x.Kind }).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            e.Property(x => x.SubmittedBy).HasMaxLength(256);
            e.Property(x => x.ApprovedBy).HasMaxLength(256);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
        });
        // Overview speed (issue 8): the completion trend is a GROUP BY over this index alone. The
        // dashboard's tallies read a covering index on (InspectionId, CategoryId, Status, Deadline,
        // ExpectedCompletion, Closure_State, CompletedOn) that EF cannot declare (Closure is a complex property):
        // the OverviewSpeed migrations create it in SQL (IX_Problems_Overview).
        b.Entity<Problem>().HasIndex(p => new { p.CompletedOn, p.InspectionId });
        // The problems of one status in the list's order (the status chart's drill-down), a page at a time.
        b.Entity<Problem>().HasIndex(p => new { p.Status, p.InspectionId, p.Ordinal });
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
