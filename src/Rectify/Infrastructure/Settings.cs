using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Rectify.Core;

namespace Rectify.Infrastructure;

/// <summary>
/// How one property of an options class is configured, when the convention (the class's section, a colon,
/// the property's name) is not enough: another key, an older key still read, an environment variable,
/// and what a value must be, in words, for the message that refuses a wrong one.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string? key = null) : Attribute
{
    /// <summary>The whole key (Rectify:Audit:Chains), when it is not the section's key of the property's name.</summary>
    public string? Key { get; } = key;
    /// <summary>What the value must be, e.g. "只能是 Sqlite 或 Postgres"; by default said from the type and its [Range].</summary>
    public string? Rule { get; init; }
    /// <summary>An older key, read when this one is not set, so that a running configuration keeps working.</summary>
    public string? OldKey { get; init; }
    /// <summary>An environment variable read when neither key is set (RECTIFY_DATA).</summary>
    public string? Environment { get; init; }
}

/// <summary>An options class and the section it is read from; every one is registered, so a test can walk all keys.</summary>
public sealed record SettingsSection(Type Type, string Section);

/// <summary>
/// The one way configuration is read: each area's options class, bound from its section and checked when the
/// app starts (a wrong value stops it with a Chinese message that names the key and the value). The same
/// reading serves code that runs before the services exist (<see cref="Require{T}"/>), so each key and its
/// default are defined once, on its options class. An empty value counts as not set.
/// </summary>
public static class Settings
{
    /// <summary>
    /// Registers T, read from its section and validated on start. Not BindConfiguration: its binder throws on a
    /// value of the wrong type, in English and before any validation; here a wrong value is one more problem.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class, new()
    {
        services.AddSingleton(new SettingsSection(typeof(T), section));
        services.AddSingleton<IValidateOptions<T>>(sp => new Check<T>(sp.GetRequiredService<IConfiguration>(), section));
        return services.AddOptions<T>().Configure<IConfiguration>((o, c) => Bind(c, section, o, [])).ValidateOnStart();
    }

    /// <summary>The options as configured, or the problems with the configured values, in one exception.</summary>
    public static T Require<T>(IConfiguration config, string section) where T : class, new()
    {
        var (value, problems) = Read<T>(config, section);
        return problems.Count == 0 ? value : throw new InvalidOperationException(string.Join("\n", problems));
    }

    /// <summary>The options as configured (a wrong value left at its default), and what is wrong with the configured values.</summary>
    public static (T Value, List<string> Problems) Read<T>(IConfiguration config, string section) where T : class, new()
    {
        var (value, problems) = Read(typeof(T), config, section);
        return ((T)value, problems);
    }

    public static (object Value, List<string> Problems) Read(Type type, IConfiguration config, string section)
    {
        var value = Activator.CreateInstance(type)!;
        var problems = new List<string>();
        Bind(config, section, value, problems);
        if (problems.Count == 0 && value is ICheckedSettings checkedValue) problems.AddRange(checkedValue.Problems());
        return (value, problems);
    }

    /// <summary>
    /// Builds the app with every options class checked: a wrong value refuses the start (and any command) with
    /// every problem listed, in an <see cref="InvalidOperationException"/> that the command line prints.
    /// Building already reads some options (Kestrel's limits), so a failure there is caught too.
    /// </summary>
    public static WebApplication BuildChecked(WebApplicationBuilder builder)
    {
        WebApplication app;
        try
        {
            app = builder.Build();
        }
        catch (OptionsValidationException e)
        {
            throw Refusal(Problems(builder.Configuration, builder.Services) is { Count: > 0 } all ? all : e.Failures);
        }
        var problems = Problems(app.Services.GetRequiredService<IConfiguration>(), app.Services.GetServices<SettingsSection>());
        if (problems.Count > 0) throw Refusal(problems);
        return app;
    }

    /// <summary>The same check for the commands that compose the services without the web host.</summary>
    public static IHost BuildChecked(HostApplicationBuilder builder)
    {
        var host = builder.Build();
        var problems = Problems(host.Services.GetRequiredService<IConfiguration>(), host.Services.GetServices<SettingsSection>());
        if (problems.Count > 0) throw Refusal(problems);
        return host;
    }

    /// <summary>
    /// The settings files the host reads (appsettings.json and appsettings.{environment}.json beside the program; the
    /// package's appsettings.Production.json is a link to /etc/rectify/appsettings.json), checked before the host reads
    /// them: .NET stops on a broken one with an English stack trace, and skips one it cannot see (a directory, a
    /// dangling link) without a word. Refuses with one Chinese line naming the file and what is wrong with it.
    /// </summary>
    public static void CheckFiles(string folder)
    {
        // The host's own rule for the environment's name: ASPNETCORE_ over DOTNET_, Production when neither is set.
        var environment = Given(System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
                          ?? Given(System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")) ?? "Production";
        foreach (var name in new[] { "appsettings.json", $"appsettings.{environment}.json" })
            if (FileProblem(Path.Combine(folder, name)) is { } problem) throw new InvalidOperationException(problem);
    }

    /// <summary>What stops the host from reading this settings file, in one Chinese sentence; null when it reads (or there is none).</summary>
    public static string? FileProblem(string path)
    {
        if (Directory.Exists(path)) return $"设置文件 {path} 是一个目录，不是文件。";
        var info = new FileInfo(path);
        // A link whose target is gone counts as there for .NET, which then fails opening it.
        if (info.LinkTarget is { } target && info.ResolveLinkTarget(true) is not { Exists: true }) return $"设置文件 {path} 指向的 {target} 不存在。";
        if (!info.Exists) return null;
        // The package's link is named by its target, the file the administrator edits.
        var shown = info.LinkTarget is null ? path : info.ResolveLinkTarget(true)?.FullName ?? path;
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (UnauthorizedAccessException)
        {
            return $"无法读取设置文件 {shown}：没有读取权限（服务以用户 rectify 运行，该文件应属组 rectify 且组可读）。";
        }
        catch (IOException e)
        {
            return $"无法读取设置文件 {shown}：{e.Message}";
        }
        using (stream)
        {
            try
            {
                // The options .NET's JSON configuration reads with: // comments and trailing commas are allowed.
                using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return $"设置文件 {shown} 的最外层应是一个对象（{{ … }}）。";
                if (Duplicate(doc.RootElement, "", new HashSet<string>(StringComparer.OrdinalIgnoreCase)) is { } key)
                    return $"设置文件 {shown} 中的键“{key}”出现了不止一次。";
                return null;
            }
            catch (JsonException e)
            {
                var where = e.LineNumber is { } line ? $"第 {line + 1} 行附近" : "";
                return $"设置文件 {shown} 不是有效的 JSON：{where}有误（引号、逗号或括号）。";
            }
            catch (IOException e)
            {
                return $"无法读取设置文件 {shown}：{e.Message}";
            }
        }
    }

    /// <summary>A key given twice, as .NET flattens them (Rectify:Uploads:MaxFileMB, case ignored), which it refuses.</summary>
    static string? Duplicate(JsonElement element, string prefix, HashSet<string> keys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                    if (Duplicate(p.Value, prefix.Length == 0 ? p.Name : prefix + ":" + p.Name, keys) is { } d) return d;
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (Duplicate(item, prefix + ":" + i++, keys) is { } d) return d;
                return null;
            default:
                return keys.Add(prefix) ? null : prefix;
        }
    }

    static List<string> Problems(IConfiguration config, IServiceCollection services) =>
        Problems(config, services.Select(d => d.IsKeyedService ? null : d.ImplementationInstance).OfType<SettingsSection>());

    static List<string> Problems(IConfiguration config, IEnumerable<SettingsSection> sections) =>
        sections.SelectMany(s => Read(s.Type, config, s.Section).Problems).ToList();

    static InvalidOperationException Refusal(IEnumerable<string> problems) => new(string.Join("\n", problems));

    /// <summary>The keys of an options class's properties, in declaration order.</summary>
    public static IEnumerable<(PropertyInfo Property, string Key)> Keys(Type type, string section) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
            .Select(p => (p, p.GetCustomAttribute<SettingAttribute>()?.Key ?? (section.Length == 0 ? p.Name : section + ":" + p.Name)));

    /// <summary>The message for a wrong value: the key, what it must be, and what it is.</summary>
    public static string Wrong(string key, string rule, string value) => $"{key} {rule}，而不是“{value}”";

    static void Bind(IConfiguration config, string section, object target, List<string> problems)
    {
        foreach (var (p, key) in Keys(target.GetType(), section))
        {
            var setting = p.GetCustomAttribute<SettingAttribute>();
            if (p.PropertyType == typeof(string[]))
            {
                if (List(config.GetSection(key)) is { Length: > 0 } list) p.SetValue(target, list);
                continue;
            }
            if (p.PropertyType.GetElementType() is { IsClass: true } item && p.PropertyType.IsArray)
            {
                // A list of like settings (Rectify:Channels:UnitRobots:0:Url, …:1:Url): each item bound and checked as a section of its own.
                if (Given(config[key]) is { } single) problems.Add(Wrong(key, $"应为列表，每项各有其键（{key}:0:…、{key}:1:…）", single));
                var items = config.GetSection(key).GetChildren().Select(c => Read(item, config, c.Path)).ToList();
                problems.AddRange(items.SelectMany(i => i.Problems));
                var array = Array.CreateInstance(item, items.Count);
                for (var i = 0; i < items.Count; i++) array.SetValue(items[i].Value, i);
                p.SetValue(target, array);
                continue;
            }
            var raw = Given(config[key]) ?? Given(setting?.OldKey is { } old ? config[old] : null)
                      ?? Given(setting?.Environment is { } env ? System.Environment.GetEnvironmentVariable(env) : null);
            if (raw is null) continue;
            var range = p.GetCustomAttribute<RangeAttribute>();
            if (Convert(raw.Trim(), p.PropertyType, out var value) && (range is null || range.IsValid(value)))
            {
                p.SetValue(target, value);
                continue;
            }
            // A class that words its own range (SecurityOptions) keeps its words; the value is added.
            problems.Add(range?.ErrorMessage is { } own ? $"{own}，而不是“{raw}”" : Wrong(key, setting?.Rule ?? Rule(p.PropertyType, range), raw));
        }
    }

    static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A list in appsettings.json, indexed keys (Rectify__Proxy__KnownProxies__0), or one comma-separated value.</summary>
    static string[] List(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    static bool Convert(string raw, Type type, out object? value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        if (type == typeof(string))
        {
            value = raw;
            return true;
        }
        if (type.IsEnum)
            return !char.IsAsciiDigit(raw[0]) && raw[0] != '-' && Enum.TryParse(type, raw, ignoreCase: true, out value);
        try
        {
            value = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(raw);
            return value is not double d || double.IsFinite(d);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>What a value of this type (and range) must be, in words.</summary>
    static string Rule(Type type, RangeAttribute? range)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var between = range is null ? "" : string.Create(CultureInfo.InvariantCulture, $" {range.Minimum} 至 {range.Maximum} 之间的");
        if (type == typeof(int) || type == typeof(long)) return range is null ? "应为整数" : $"应为{between}整数";
        if (type == typeof(double) || type == typeof(decimal)) return range is null ? "应为数字" : $"应为{between}数";
        if (type == typeof(bool)) return "只能是 true 或 false";
        if (type.IsEnum) return "只能是 " + string.Join("、", Enum.GetNames(type));
        return "的值不对";
    }

    sealed class Check<T>(IConfiguration config, string section) : IValidateOptions<T> where T : class, new()
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            name != Options.DefaultName ? ValidateOptionsResult.Skip
            : Read<T>(config, section).Problems is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
    }
}
