using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 17 item 7: configuration in one options class per area, checked at start, every key documented
/// in docs/configuration.md with its default (Infrastructure/Settings.cs).
/// </summary>
public sealed class ConfigurationTests
{
    /// <summary>The options classes the app registers, and each key with the class's default.</summary>
    static async Task<List<(SettingsSection Section, PropertyInfo Property, string Key, object? Default)>> RegisteredKeysAsync()
    {
        await using var app = new RectifyApp();
        var sections = app.Services.GetServices<SettingsSection>().ToList();
        // The areas of the app, so that a class that stops being registered is noticed, not silently skipped.
        foreach (var t in new[] { typeof(StorageOptions), typeof(SecurityOptions), typeof(UploadOptions), typeof(SmtpOptions), typeof(ProxyOptions), typeof(TimeZoneOptions) })
            Assert.Contains(sections, s => s.Type == t);
        return sections.SelectMany(s => Settings.Keys(s.Type, s.Section)
            .Select(k => (s, k.Property, k.Key, k.Property.GetValue(Activator.CreateInstance(s.Type))))).ToList();
    }

    /// <summary>The rows of the tables in docs/configuration.md: key → (default, environment variable example).</summary>
    static Dictionary<string, (string Default, string Example)> DocumentedKeys()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllLines(Path.Combine(dir.FullName, "docs", "configuration.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(c => c[1].Trim('`'), c => (c[2].Trim('`'), c[4]));
    }

    static string Shown(object? value) => value switch
    {
        null or Array { Length: 0 } => "—",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    [Fact]
    public async Task Every_key_of_every_options_class_is_in_docs_configuration_md_with_its_default_and_an_example()
    {
        var keys = await RegisteredKeysAsync();
        var documented = DocumentedKeys();
        foreach (var (section, property, key, value) in keys)
        {
            Assert.True(documented.TryGetValue(key, out var row), $"docs/configuration.md has no row for {key} ({section.Type.Name}.{property.Name})");
            Assert.True(Shown(value) == row.Default, $"{key}: the default is {Shown(value)} in {section.Type.Name}, {row.Default} in docs/configuration.md");
            var environment = property.GetCustomAttribute<SettingAttribute>()?.Environment;
            Assert.True(row.Example.Contains(key.Replace(":", "__", StringComparison.Ordinal), StringComparison.Ordinal)
                        || (environment is not null && row.Example.Contains(environment, StringComparison.Ordinal)),
                $"{key}: no environment variable example in docs/configuration.md");
        }
        // And nothing documented that the code does not read.
        Assert.Empty(documented.Keys.Except(keys.Select(k => k.Key)));
    }

    [Fact]
    public async Task A_wrong_value_stops_the_start_with_a_chinese_message_naming_the_key_and_the_value_and_nothing_is_written()
    {
        var app = new RectifyApp
        {
            Settings =
            {
                ["Rectify:Uploads:MaxFileMB"] = "zwanzig",
                ["Rectify:Reminders:IntervalSeconds"] = "-5",
                ["Rectify:Smtp:Host"] = "smtp.example.gov.cn",
                ["Rectify:Smtp:From"] = "巡察办",
            },
        };
        await using (app)
        {
            var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
            var messages = string.Join("\n", Chain(e).Select(x => x.Message));
            Assert.Contains("Rectify:Uploads:MaxFileMB 应为 0.01 至 100000 之间的数，而不是“zwanzig”", messages);
            Assert.Contains("Rectify:Reminders:IntervalSeconds 应为 0 至 604800 之间的整数，而不是“-5”", messages);
            Assert.Contains("Rectify:Smtp:From 应为邮件地址，而不是“巡察办”", messages);
            Assert.False(File.Exists(Path.Combine(app.DataFolder, "rectify.db")), "the database was made although the settings were refused");
        }
    }

    static IEnumerable<Exception> Chain(Exception e)
    {
        yield return e;
        IEnumerable<Exception> inner = e is AggregateException a ? a.InnerExceptions : e.InnerException is { } i ? [i] : [];
        foreach (var x in inner.SelectMany(Chain)) yield return x;
    }

    static List<string> Problems(Type type, string section, Dictionary<string, string?> values)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return Settings.Read(type, config, section).Problems;
    }

    [Fact]
    public async Task Every_typed_key_refuses_a_wrong_value_or_one_out_of_range_naming_both_and_takes_its_defaults_when_unset()
    {
        var keys = await RegisteredKeysAsync();
        foreach (var section in keys.Select(k => k.Section).Distinct())
            Assert.Empty(Problems(section.Type, section.Section, []));
        var typed = keys.Where(k => k.Property.PropertyType != typeof(string) && k.Property.PropertyType != typeof(string[])).ToList();
        Assert.True(typed.Count >= 15, "the options classes have lost their numbers and switches");
        foreach (var (section, property, key, _) in typed)
        {
            var problems = Problems(section.Type, section.Section, new() { [key] = "kein Wert" });
            Assert.True(problems.Count == 1 && problems[0].Contains("“kein Wert”", StringComparison.Ordinal) && problems[0].StartsWith(key, StringComparison.Ordinal),
                $"{key}: {string.Join(" / ", problems)}");
            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                var over = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture) + 1;
                problems = Problems(section.Type, section.Section, new() { [key] = over.ToString(CultureInfo.InvariantCulture) });
                Assert.True(problems.Count == 1 && problems[0].Contains($"“{over.ToString(CultureInfo.InvariantCulture)}”", StringComparison.Ordinal),
                    $"{key} = {over}: {string.Join(" / ", problems)}");
            }
        }
    }

    [Fact]
    public void The_smtp_account_is_read_from_UserName_or_from_its_earlier_name_User()
    {
        static SmtpOptions Read(Dictionary<string, string?> values) =>
            Settings.Require<SmtpOptions>(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), SmtpOptions.Section);
        Assert.Equal("xcb", Read(new() { ["Rectify:Smtp:User"] = "xcb" }).UserName);
        Assert.Equal("new", Read(new() { ["Rectify:Smtp:User"] = "old", ["Rectify:Smtp:UserName"] = "new" }).UserName);
        Assert.Null(Read([]).UserName);
    }
}
