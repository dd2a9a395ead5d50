using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rectify.Core;

/// <summary>A month of a year, as "预计2024年3月完成" gives an expected completion.</summary>
[JsonConverter(typeof(YearMonthJsonConverter))]
public readonly record struct YearMonth : IComparable<YearMonth>
{
    public int Year { get; }
    public int Month { get; }

    public YearMonth(int year, int month)
    {
        if (year is < 1900 or > 2200) throw new ArgumentOutOfRangeException(nameof(year), $"年份 {year} 不在 1900–2200 之间");
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month), $"月份 {month} 不在 1–12 之间");
        Year = year; Month = month;
    }

    public static YearMonth Of(DateOnly d) => new(d.Year, d.Month);
    public DateOnly FirstDay => new(Year, Month, 1);
    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));
    public YearMonth AddMonths(int n) { var d = FirstDay.AddMonths(n); return new(d.Year, d.Month); }

    public int CompareTo(YearMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);
    public static bool operator <(YearMonth a, YearMonth b) => a.CompareTo(b) < 0;
    public static bool operator >(YearMonth a, YearMonth b) => a.CompareTo(b) > 0;
    public static bool operator <=(YearMonth a, YearMonth b) => a.CompareTo(b) <= 0;
    public static bool operator >=(YearMonth a, YearMonth b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
    public string ToChinese() => $"{Year}年{Month}月";

    public static bool TryParse(string? s, out YearMonth value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(s)) return false;
        var p = s.Trim().Split('-');
        if (p.Length != 2 || p[0].Length != 4 || p[1].Length is < 1 or > 2) return false;
        if (!int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return false;
        if (y is < 1900 or > 2200 || m is < 1 or > 12) return false;
        value = new YearMonth(y, m);
        return true;
    }

    public static YearMonth Parse(string s) =>
        TryParse(s, out var v) ? v : throw new FormatException($"“{s}”不是有效的年月（应为 2024-03 这样的形式）");
}

public sealed class YearMonthJsonConverter : JsonConverter<YearMonth>
{
    public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        return YearMonth.TryParse(s, out var v) ? v : throw new JsonException($"“{s}”不是有效的年月（应为 YYYY-MM）");
    }

    public override void Write(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
