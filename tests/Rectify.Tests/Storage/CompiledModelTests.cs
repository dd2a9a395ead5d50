using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Rectify.Data;

namespace Rectify.Tests.Storage;

/// <summary>
/// The app runs on EF's compiled models (Data/CompiledModels, made by tools/compiled-model.sh): a model change
/// without regenerating them would leave the app reading and writing the old model. They must equal the model
/// the configurations build, for both providers.
/// </summary>
public sealed class CompiledModelTests
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    static RectifyDb Create(string provider) => provider == "Sqlite"
        ? new SqliteRectifyDb(new DbContextOptionsBuilder<SqliteRectifyDb>().UseSqlite("Data Source=:memory:").Options)
        // No server is asked: only the model is built.
        : new PostgresRectifyDb(new DbContextOptionsBuilder<PostgresRectifyDb>().UseNpgsql("Host=localhost;Database=unused").Options);

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_is_the_one_the_configurations_build(string provider)
    {
        using var db = Create(provider);
        var compiled = db.Model;
        Assert.Equal($"Rectify.Data.CompiledModels.{provider}", compiled.GetType().Namespace);
        var built = db.GetService<IDesignTimeModel>().Model;

        // The schema (tables, columns and their types, keys, indexes, foreign keys) and what it does not show (the CLR
        // side of each property and navigation, converters, generated values), as lines: a difference names itself.
        List<string> want = Describe(built), have = Describe(compiled);
        Assert.True(want.SequenceEqual(have), "编译模型已过期:运行 tools/compiled-model.sh 重新生成 src/Rectify/Data/CompiledModels\n"
            + string.Join("\n", want.Except(have).Select(l => "模型有而编译模型没有:" + l).Concat(have.Except(want).Select(l => "编译模型多出:" + l)).Take(30)));
    }

    static List<string> Describe(IModel model) => Tables(model).Concat(Entities(model)).Order(StringComparer.Ordinal).ToList();

    static IEnumerable<string> Tables(IModel model) =>
        model.GetRelationalModel().Tables.OrderBy(t => t.Name).SelectMany(t =>
            t.Columns.OrderBy(c => c.Name).Select(c => $"{t.Name} 列 {c.Name} {c.StoreType} {(c.IsNullable ? "null" : "not null")}")
                .Concat(t.Indexes.OrderBy(i => i.Name).Select(i => $"{t.Name} 索引 {i.Name} ({string.Join(",", i.Columns.Select(c => c.Name))}) {(i.IsUnique ? "unique" : "")}"))
                .Concat(t.ForeignKeyConstraints.OrderBy(f => f.Name).Select(f => $"{t.Name} 外键 {f.Name} ({string.Join(",", f.Columns.Select(c => c.Name))}) -> {f.PrincipalTable.Name} {f.OnDeleteAction}"))
                .Prepend($"{t.Name} 主键 {string.Join(",", t.PrimaryKey?.Columns.Select(c => c.Name) ?? [])}"));

    static IEnumerable<string> Entities(IModel model) =>
        model.GetEntityTypes().OrderBy(e => e.Name).SelectMany(e =>
            e.GetProperties().Select(p =>
                    $"{e.Name}.{p.Name}: {p.ClrType.Name} {(p.IsNullable ? "null" : "not null")} {p.GetTypeMapping().Converter?.ProviderClrType.Name} "
                    + $"{p.ValueGenerated} {p.GetMaxLength()} {p.IsConcurrencyToken} {p.PropertyInfo?.Name ?? p.FieldInfo?.Name}")
                .Concat(e.GetNavigations().Select(n => $"{e.Name}.{n.Name} -> {n.TargetEntityType.Name}"))
                .Concat(e.GetSkipNavigations().Select(n => $"{e.Name}.{n.Name} ->> {n.TargetEntityType.Name}"))
                .Concat(e.GetComplexProperties().Select(c => $"{e.Name}.{c.Name}: complex {c.ComplexType.ClrType.Name}"))
                .Prepend($"{e.Name} {e.GetTableName()} {e.ClrType.Name}"));
}
