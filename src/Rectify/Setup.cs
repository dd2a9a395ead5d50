using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify;

/// <summary>Start-up work: migrations, roles, the first admin and the demo ledger.</summary>
public static class Setup
{
    public const string DemoResource = "Rectify.Demo.chengbei-2023-09-08.json";

    public static async Task MigrateAsync(IServiceProvider services, TextWriter output, bool seed = true)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        // Several instances may start together over one PostgreSQL: one migrates and seeds at a time.
        await using var startLock = await StartupLock.TakeAsync(scope.ServiceProvider.GetRequiredService<Storage>());
        await db.Database.MigrateAsync();
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

        if (!seed || await db.Settings.AnyAsync(s => s.Key == "seeded")) return;

        // First start on an empty database: the admin account and the demo, once.
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync("admin") is null)
        {
            var given = scope.ServiceProvider.GetRequiredService<IConfiguration>()["Rectify:AdminPassword"]
                ?? Environment.GetEnvironmentVariable("RECTIFY_ADMIN_PASSWORD");
            var password = string.IsNullOrEmpty(given) ? GeneratePassword() : given;
            var admin = new AppUser { UserName = "admin", DisplayName = "巡察办管理员" };
            var created = await users.CreateAsync(admin, password);
            if (!created.Succeeded) throw new InvalidOperationException("无法创建 admin 账户:" + string.Join(";", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(admin, Roles.Admin);
            if (string.IsNullOrEmpty(given))
                output.WriteLine($"已创建管理员账户 admin,初始密码(只显示这一次):{password}");
        }
        await LoadDemoAsync(db, scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
        db.Settings.Add(new AppSetting { Key = "seeded", Value = DateTimeOffset.UtcNow.ToString("O") });
        await db.SaveChangesAsync();
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

    static async Task LoadDemoAsync(RectifyDb db, Rectify.Core.OfficeClock clock)
    {
        var district = new Organization { Name = "梅江区", FullName = "中共梅州市梅江区委员会", Level = OrganizationLevel.District };
        var town = new Organization
        {
            Name = "城北镇", FullName = "中共梅州市梅江区城北镇委员会", Level = OrganizationLevel.Town, Parent = district,
            ContactPhone = "0753-2351954", ContactMailbox = "梅州市梅江区城北镇人民政府", ContactPostcode = "514089", ContactEmail = "mjqcbz@163.com",
        };
        db.Organizations.AddRange(district, town);
        await db.SaveChangesAsync();
        await LedgerTransfer.LoadAsync(db, DemoLedger(), clock, town.Id);
    }

    public static LedgerDocument DemoLedger()
    {
        using var stream = typeof(Setup).Assembly.GetManifestResourceStream(DemoResource)
            ?? throw new InvalidOperationException("demo ledger missing from the build");
        using var reader = new StreamReader(stream);
        return LedgerJson.Read(reader.ReadToEnd());
    }

    static string GeneratePassword() => Rectify.Core.Security.PasswordPolicy.Generate();
}
