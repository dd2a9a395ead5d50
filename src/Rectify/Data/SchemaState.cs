using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Rectify.Data;

/// <summary>
/// Where a database stands against this build, read in one query: its last applied migration and the
/// settings its start-up work leaves (the audit hash fixed at the first start, the first accounts and
/// the demo made). A command on a current database does nothing more before its work.
/// </summary>
public sealed record SchemaState(string? Applied, string Latest, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>Every migration of this build is applied (nothing for EF's Migrate to do).</summary>
    public bool IsMigrated => Applied == Latest;

    /// <summary>Written by a newer build: its last migration sorts after this build's (the ids begin with their time).</summary>
    public bool IsNewer => Applied is not null && string.CompareOrdinal(Applied, Latest) > 0;

    /// <param name="keys">The settings to read with it (those that the start-up work leaves).</param>
    public static async Task<SchemaState> ReadAsync(RectifyDb db, IEnumerable<string> keys, CancellationToken ct = default)
    {
        // The migrations' ids come from this assembly (no model is built for them).
        var latest = db.Database.GetMigrations().Last();
        var connection = db.Database.GetDbConnection();
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            var quoted = string.Join(", ", keys.Select(k => $"'{k}'"));
            command.CommandText = "SELECT NULL, MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\""
                + (quoted.Length == 0 ? "" : $" UNION ALL SELECT \"Key\", \"Value\" FROM \"Settings\" WHERE \"Key\" IN ({quoted})");
            await using var reader = await command.ExecuteReaderAsync(ct);
            string? applied = null;
            var settings = new Dictionary<string, string>();
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(0)) applied = reader.IsDBNull(1) ? null : reader.GetString(1);
                else settings[reader.GetString(0)] = reader.GetString(1);
            }
            return new SchemaState(applied, latest, settings);
        }
        catch (DbException)
        {
            // No database yet (PostgreSQL), or no history or settings table: new, or made before the migrations.
            return new SchemaState(null, latest, new Dictionary<string, string>());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
