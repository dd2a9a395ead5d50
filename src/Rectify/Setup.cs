using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Account;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify;

/// <summary>Start-up work: migrations, roles, the first admin and the demo ledger.</summary>
public static class Setup
{
    public const string DemoResource = "Rectify.Demo.chengbei-2023-09-08.json";

    /// <summary>
    /// For a command (and `serve`): the database's schema version and start-up settings in one query; the
    /// start-up work of <see cref="MigrateAsync"/> only when the database is new, behind this build, or lacks
    /// what the start-up work makes (the demo and first accounts, when <paramref name="seed"/>).
    /// </summary>
    /// <returns>Whether this was the first start (the first accounts and the demo were made now).</returns>
    public static async Task<bool> PrepareAsync(IServiceProvider services, TextWriter output, bool seed = true)
    {
        var storage = services.GetRequiredService<Storage>();
        SchemaState state;
        await using (var db = storage.CreateDb())
            state = await SchemaState.ReadAsync(db, [AuditLog.HashSettingKey, SeededKey, SeparatedKey]);
        var separate = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.SeparateAdministrators;
        var hash = state.Settings.GetValueOrDefault(AuditLog.HashSettingKey);
        var done = state.IsMigrated && hash is not null
            && (!seed || (state.Settings.ContainsKey(SeededKey) && (!separate || state.Settings.ContainsKey(SeparatedKey))));
        if (!done) return await MigrateAsync(services, output, seed);
        AuditLog.UseStoredHash(hash!, storage);
        return false;
    }

    /// <summary>
    /// Brings the database to this build's schema (EF's migrations, only when it is behind) and does the
    /// start-up work: the audit hash, the search index, the roles, and on a new database the first accounts and the demo.
    /// </summary>
    /// <returns>Whether this was the first start (the first accounts and the demo were made now).</returns>
    public static async Task<bool> MigrateAsync(IServiceProvider services, TextWriter output, bool seed = true)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        // Several instances may start together over one PostgreSQL: one migrates and seeds at a time.
        await using var startLock = await StartupLock.TakeAsync(scope.ServiceProvider.GetRequiredService<Storage>());
        // EF's Migrate compares the model with the migrations' snapshot (a second or more): only when there is something to apply.
        var state = await SchemaState.ReadAsync(db, []);
        if (!state.IsMigrated)
        {
            output.WriteLine(state.Applied is null
                ? "正在建立数据库……"
                : $"数据库结构早于本程序（{state.Applied}，本程序为 {state.Latest}），正在迁移数据库……");
            await Data.Migrations.PreRelease.AdoptAsync(db);
            await db.Database.MigrateAsync();
        }
        await AuditLog.FixHashAsync(db, scope.ServiceProvider.GetRequiredService<Storage>());
        // A migration that adds or changes the search index marks it; its terms are computed here.
        if (await SearchIndex.IsStaleAsync(db))
        {
            // Said only when there is something to index (an upgrade), not on a new database.
            if (await db.Problems.AnyAsync()) output.WriteLine("正在建立台账检索索引……");
            await SearchIndex.RebuildAsync(db);
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        await AccessCache.EnsureStampAsync(db);

        if (!seed) return false;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var accounts = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value;
        var fresh = !await db.Settings.AnyAsync(s => s.Key == SeededKey);

        // First start on an empty database: the admin account and the demo, once.
        if (fresh && await users.FindByNameAsync("admin") is null)
            await CreateFirstAsync(db, users, accounts, FirstAdministrators[0], output);
        // 三员分立 (docs/decisions/0008): the three administrators' accounts, once, on a new database or on
        // the first start of an upgraded one; a role someone already holds is left as it is.
        if (accounts.SeparateAdministrators)
        {
            if (!await db.Settings.AnyAsync(s => s.Key == SeparatedKey))
            {
                foreach (var first in FirstAdministrators.Where(a => a.Role != Roles.Admin))
                    if ((await users.GetUsersInRoleAsync(first.Role)).Count == 0)
                        await CreateFirstAsync(db, users, accounts, first, output);
                db.Settings.Add(new AppSetting { Key = SeparatedKey, Value = DateTimeOffset.UtcNow.ToString("O") });
                await db.SaveChangesAsync();
            }
        }
        else if (fresh)
            output.WriteLine($"三员分立已关闭（{Policies.SeparationSetting}=false）：admin 兼任系统管理员、安全管理员和审计管理员。");
        if (!fresh) return false;

        // A server installed from the package starts empty (Rectify:DemoOnFirstStart=false there); `rectify demo load` adds it later.
        // The demo and the mark that the first start is done, as one unit: a transient PostgreSQL error repeats both
        // (RetriedUnit); never half a demo, nor a demo without the mark (the next start would load it again and be refused).
        var clock = scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>();
        await RetriedUnit.RunAsync(db, async t =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(t);
            if (accounts.DemoOnFirstStart) await AddDemoAsync(db, clock);
            db.Settings.Add(new AppSetting { Key = SeededKey, Value = DateTimeOffset.UtcNow.ToString("O") });
            await db.SaveChangesAsync(t);
            await tx.CommitAsync(t);
        }, CancellationToken.None);
        return true;
    }

    /// <summary>Set once the three administrators' accounts were made (or found), so that they are made only once.</summary>
    const string SeparatedKey = "separated-administrators";

    /// <summary>Set once the first start made the first accounts and loaded the demo.</summary>
    const string SeededKey = "seeded";

    /// <summary>An account made at the first start: its name, role, and its first password if one was given (<see cref="AccountOptions"/>).</summary>
    public sealed record FirstAccount(string UserName, string Role, Func<AccountOptions, string?> Password);

    public static readonly FirstAccount[] FirstAdministrators =
    [
        new("admin", Roles.Admin, o => o.AdminPassword),
        new("sysadmin", Roles.SysAdmin, o => o.SysAdminPassword),
        new("secadmin", Roles.SecAdmin, o => o.SecAdminPassword),
        new("auditadmin", Roles.AuditAdmin, o => o.AuditAdminPassword),
    ];

    /// <summary>Creates the account with the given password, or a generated one printed this once.</summary>
    static async Task CreateFirstAsync(RectifyDb db, UserManager<AppUser> users, AccountOptions accounts, FirstAccount first, TextWriter output)
    {
        var name = first.UserName;
        if (await users.FindByNameAsync(name) is not null)
        {
            // An upgraded database may already use the name: the office appoints someone itself.
            output.WriteLine($"未创建{Roles.Chinese(first.Role)}账户：用户名 {name} 已被占用。请用 rectify user add 用户名 --role {first.Role} 创建。");
            return;
        }
        var given = first.Password(accounts);
        var password = string.IsNullOrEmpty(given) ? Rectify.Features.Admin.AccountWork.GeneratePassword() : given;
        var user = new AppUser { UserName = name, DisplayName = Roles.Chinese(first.Role) };
        // The account and its role together (a transient PostgreSQL error repeats both): never an administrator without the role.
        var created = await RetriedUnit.RunAsync(db, async t =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(t);
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded) result = await users.AddToRoleAsync(user, first.Role);
            if (result.Succeeded) await tx.CommitAsync(t);
            return result;
        }, CancellationToken.None);
        if (!created.Succeeded) throw new InvalidOperationException($"无法创建 {name} 账户：" + string.Join("；", created.Errors.Select(e => e.Description)));
        // A password the operator gave is theirs already; a generated one is shown this once.
        if (string.IsNullOrEmpty(given))
            output.WriteLine($"已创建{Roles.Chinese(first.Role)}账户 {name}，初始密码（只显示这一次）：{password}");
    }

    sealed class StartupLock(Npgsql.NpgsqlConnection? connection) : IAsyncDisposable
    {
        public static async Task<StartupLock> TakeAsync(Storage storage)
        {
            if (storage.Provider != DatabaseProvider.Postgres) return new StartupLock(null);
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(storage.ConnectionString) { Pooling = false };
            var target = cs.Database;
            // The database may not exist yet (Migrate creates it): lock on the server's own database.
            cs.Database = "postgres";
            var connection = new Npgsql.NpgsqlConnection(cs.ConnectionString);
            await connection.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtext(@name))", connection);
            cmd.Parameters.AddWithValue("name", "rectify-startup:" + target);
            await cmd.ExecuteNonQueryAsync();
            return new StartupLock(connection);
        }

        // Closing the session releases the advisory lock.
        public async ValueTask DisposeAsync()
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// `rectify demo load`: the demo in one transaction, repeated whole after a transient PostgreSQL error (RetriedUnit).
    /// </summary>
    internal static Task LoadDemoAsync(RectifyDb db, Rectify.Core.OfficeClock clock) =>
        RetriedUnit.RunAsync(db, async t =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(t);
            await AddDemoAsync(db, clock);
            await tx.CommitAsync(t);
        }, CancellationToken.None);

    /// <summary>The demo: 城北镇's ledger under 梅江区, and the district's 纪委监委 as the commission. Refused when 城北镇 is there already (loaded before).</summary>
    static async Task AddDemoAsync(RectifyDb db, Rectify.Core.OfficeClock clock)
    {
        if (await db.Organizations.AnyAsync(o => o.Name == "城北镇"))
            throw new DomainException("演示台账已载入过（组织“城北镇”已存在），未重复载入。");
        var district = new Organization { Name = "梅江区", FullName = "中共梅州市梅江区委员会", Level = OrganizationLevel.District };
        var town = new Organization
        {
            Name = "城北镇", FullName = "中共梅州市梅江区城北镇委员会", Level = OrganizationLevel.Town, Parent = district,
            // The principal leader signs the upward reports (签发人) and his own report by name, never by title ("王书记").
            PrincipalLeader = "陈志强",
            ContactPhone = "0753-2351954", ContactMailbox = "梅州市梅江区城北镇人民政府", ContactPostcode = "514089", ContactEmail = "mjqcbz@163.com",
        };
        db.Organizations.AddRange(district, town);
        await db.SaveChangesAsync();
        await LedgerTransfer.LoadAsync(db, DemoLedger(), clock, town.Id);
        await AddDemoCommissionAsync(db, district);
    }

    /// <summary>
    /// The district's discipline commission with its frame, marked as the commission on /admin/documents, so
    /// that a new user's first order to rectify (责令限期整改通知) goes out in its name instead of being
    /// refused for want of one. A commission marked before the demo was loaded keeps its mark.
    /// </summary>
    static async Task AddDemoCommissionAsync(RectifyDb db, Organization district)
    {
        var commission = new Organization { Name = "区纪委监委", FullName = "中共梅州市梅江区纪律检查委员会", Level = OrganizationLevel.Other, Parent = district };
        db.Organizations.Add(commission);
        await db.SaveChangesAsync();
        db.DocumentSettings.Add(new DocumentSettings
        {
            OrganizationId = commission.Id, IssuerMark = "中共梅州市梅江区纪律检查委员会文件", AgencyCode = "梅江纪", Sealed = true,
            CopyTo = "区委巡察办", Printer = "中共梅州市梅江区纪律检查委员会办公室",
        });
        if (!await db.Settings.AnyAsync(s => s.Key == Features.Documents.DocumentFrames.CommissionKey))
            db.Settings.Add(new AppSetting { Key = Features.Documents.DocumentFrames.CommissionKey, Value = commission.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await db.SaveChangesAsync();
    }

    public static LedgerDocument DemoLedger()
    {
        using var stream = typeof(Setup).Assembly.GetManifestResourceStream(DemoResource)
            ?? throw new InvalidOperationException("demo ledger missing from the build");
        using var reader = new StreamReader(stream);
        return LedgerJson.Read(reader.ReadToEnd());
    }

}
