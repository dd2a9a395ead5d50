using Rectify.Core;
using System.ComponentModel.DataAnnotations;
using Rectify.Core.Audit;
using Rectify.Infrastructure;

namespace Rectify.Data;

/// <summary>
/// Where the data lives and how the audit chains are kept. Its keys sit in several sections (the
/// connection string where .NET looks for one), so each names its whole key. Read before the services
/// exist too (<see cref="Storage"/> for the command line and the tests), through <see cref="Settings.Require{T}"/>.
/// </summary>
public sealed class StorageOptions : ICheckedSettings
{
    public const string Section = "";

    /// <summary>The data folder: the SQLite file, the evidence files, the lock of a running server.</summary>
    [Setting(DataKey, Environment = "RECTIFY_DATA")]
    public string DataFolder { get; set; } = "data";
    /// <summary>Set by the command line's --data.</summary>
    public const string DataKey = "Rectify:Data";

    /// <summary>Sqlite (the file in the data folder) or Postgres.</summary>
    [Setting("Database:Provider", Rule = "只能是 Sqlite 或 Postgres")]
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Required with Postgres; with SQLite it replaces the file in the data folder.</summary>
    [Setting("ConnectionStrings:Rectify")]
    public string? ConnectionString { get; set; }

    /// <summary>PostgreSQL only: a new database's keys as serial columns, not identity columns (openGauss 5 and 6: docs/domestic-databases.md).</summary>
    [Setting("Database:SerialKeys")]
    public bool SerialKeys { get; set; }

    /// <summary>How many audit chains writes spread over (docs/decisions/0004-audit-chain.md).</summary>
    [Setting("Rectify:Audit:Chains"), Range(1, 1024)]
    public int AuditChains { get; set; } = DefaultAuditChains;
    public const int DefaultAuditChains = 32;

    /// <summary>SHA256 or SM3, for a new database; null: the stored choice, or SHA256 (docs/decisions/0007).</summary>
    [Setting("Rectify:Audit:Hash", Rule = "只能是 SHA256 或 SM3")]
    public string? AuditHash { get; set; }

    public DatabaseProvider? ProviderKind => Provider.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => DatabaseProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" => DatabaseProvider.Postgres,
        _ => null,
    };

    public AuditHashAlgorithm? AuditHashKind => AuditHashAlgorithms.Parse(AuditHash);

    public IEnumerable<string> Problems()
    {
        if (ProviderKind is null) yield return Settings.Wrong("Database:Provider", "只能是 Sqlite 或 Postgres", Provider);
        else if (ProviderKind == DatabaseProvider.Postgres && ConnectionString is null) yield return "使用 PostgreSQL 时须设置 ConnectionStrings:Rectify";
        if (AuditHash is not null && AuditHashKind is null) yield return Settings.Wrong("Rectify:Audit:Hash", "只能是 SHA256 或 SM3", AuditHash);
    }
}
