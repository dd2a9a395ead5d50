using Rectify.Tests.Cli;
using Rectify.Tests.Web;

namespace Rectify.Tests.Storage;

/// <summary>
/// Database:SerialKeys (docs/domestic-databases.md): the same migrations make serial keys instead of identity columns,
/// which older openGauss refuses; the program then works as on any PostgreSQL. The real executable on the test server.
/// </summary>
public sealed class PostgresSerialKeysTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("rectify-serial-").FullName;
    readonly string _database = "rectify_serial_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task With_serial_keys_a_new_database_has_no_identity_column_and_takes_the_demo_and_generated_data()
    {
        var server = RectifyApp.PostgresServer();
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Rectify"] = server + ";Database=" + _database,
            ["Database__SerialKeys"] = "true",
        };
        var made = CliTests.RunWith(_data, env, "migrate");
        Assert.True(made.Exit == 0, made.Err);
        var generated = CliTests.RunWith(_data, env, "demo", "generate", "--orgs", "5", "--problems", "40");
        Assert.True(generated.Exit == 0, generated.Err);
        // Written through EF (the demo) and through COPY with the sequences moved on (generate): then one more row.
        Assert.Equal(0, CliTests.RunWith(_data, env, "org", "add", "区审计局").Exit);
        Assert.Contains("城北镇", CliTests.RunWith(_data, env, "inspections").Out);

        await using var conn = new Npgsql.NpgsqlConnection(server + ";Database=" + _database);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        async Task<long> Count(string sql)
        {
            await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
            return (long)(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }
        Assert.Equal(0, await Count("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'"));
        // Every table's integer key draws from its own sequence, as a serial column does.
        Assert.True(await Count("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'Id' AND column_default LIKE 'nextval(%'") > 20);
        Assert.True(await Count("SELECT COUNT(*) FROM \"Problems\"") > 40);
        Assert.Equal(1, await Count("SELECT COUNT(*) FROM \"Organizations\" WHERE \"Name\" = '区审计局'"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        if (RectifyApp.ConfiguredPostgres is not { Length: > 0 } server) return;
        using var conn = new Npgsql.NpgsqlConnection(server);
        conn.Open();
        using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", conn);
        drop.ExecuteNonQuery();
    }
}
