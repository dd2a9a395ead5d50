using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Rectify.Data;

/// <summary>
/// Where a database stands against this build, read in one query: its last applied migration and the
/// audit hash fixed at its first start. A command on a current database does nothing more before its work.
/// </summary>
public sealed record SchemaState(string? Applied, string Latest, string? AuditHash)
{
    /// <summary>Every migration of this build is applied (nothing for EF's Migrate to do).</summary>
    public bool IsMigrated => Applied == Latest;

    /// <summary>Migrated and started once (the audit hash is fixed): a command can work at once.</summary>
    public bool IsCurrent => IsMigrated && AuditHash is not null;

    public static async Task<SchemaState> ReadAsync(RectifyDb db, CancellationToken ct = default)
    {
        // The migrations' ids come from this assembly (no model is built for them).
        var latest = db.Database.GetMigrations().Last();
        var connection = db.Database.GetDbConnection();
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\"), "
                + $"(SELECT \"Value\" FROM \"Settings\" WHERE \"Key\" = '{AuditLog.HashSettingKey}')";
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new SchemaState(reader.IsDBNull(0) ? null : reader.GetString(0), latest, reader.IsDBNull(1) ? null : reader.GetString(1));
        }
        catch (DbException)
        {
            // No database yet (PostgreSQL), or no history or settings table: new, or made before the migrations.
            return new SchemaState(null, latest, null);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
