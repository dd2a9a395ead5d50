using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Rectify.Core.Domain;

/// <summary>
/// One part of a problem's money as the office stated it: "追回资金12.5万元" is kind 追回资金, 125000 yuan.
/// The breakdown beside <see cref="Problem.AmountInvolved"/> and <see cref="Problem.AmountRectified"/>, which are its sums.
/// </summary>
public sealed record ProblemAmount(string Kind, decimal Yuan)
{
    /// <summary>"追回资金12.5万元": from ten thousand yuan up in 万元, else in 元; exact, every decimal kept.</summary>
    public override string ToString() => Kind + InWords(Yuan);

    /// <summary>"12.5万元", "3500元", "1234.56元", "12345.67" as "1.234567万元": no digit dropped.</summary>
    public static string InWords(decimal yuan) => yuan >= 10_000m
        ? (yuan / 10_000m).ToString("0.############", CultureInfo.InvariantCulture) + "万元"
        : yuan.ToString("0.############", CultureInfo.InvariantCulture) + "元";

    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The stored form: [{"kind":"追回资金","yuan":125000}].</summary>
    public static string ToJson(List<ProblemAmount> amounts) => JsonSerializer.Serialize(amounts, Json);

    public static List<ProblemAmount> FromJson(string json) => JsonSerializer.Deserialize<List<ProblemAmount>>(json, Json) ?? [];

    public static bool Same(List<ProblemAmount>? a, List<ProblemAmount>? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);

    public static int Hash(List<ProblemAmount>? a) => a?.Aggregate(0, (h, x) => HashCode.Combine(h, x)) ?? 0;

    public static List<ProblemAmount>? Copy(List<ProblemAmount>? a) => a is null ? null : [.. a];
}
