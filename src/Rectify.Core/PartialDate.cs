using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rectify.Core;

/// <summary>Which ten days of a month a date names: 上旬 (1–10), 中旬 (11–20), 下旬 (21–end).</summary>
public enum Dekad { First = 1, Middle = 2, Last = 3 }

/// <summary>
/// A date as notices write it: a year, optionally a month, optionally a day or a dekad
/// ("2023-03-10", "2024-03", "2023-01-上旬"). Ordered by the first day it can mean, then
/// by the last, so a precise day sorts before the dekad and month that contain it.
/// </summary>
[JsonConverter(typeof(PartialDateJsonConverter))]
public readonly record struct PartialDate : IComparable<PartialDate>
{
    public int Year { get; }
    public int? Month { get; }
    public int? Day { get; }
    public Dekad? Dekad { get; }

    public PartialDate(int year, int? month = null, int? day = null, Dekad? dekad = null)
    {
        if (year is < 1900 or > 2200) throw new ArgumentOutOfRangeException(nameof(year), $"年份 {year} 不在 1900–2200 之间");
        if (month is not null && month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month), $"月份 {month} 不在 1–12 之间");
        if ((day is not null || dekad is not null) && month is null) throw new ArgumentException("有日或旬时必须有月份");
        if (day is not null && dekad is not null) throw new ArgumentException("日和旬只能有一个");
        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(year, month!.Value)))
            throw new ArgumentOutOfRangeException(nameof(day), $"{year}年{month}月没有{day}日");
        Year = year; Month = month; Day = day; Dekad = dekad;
    }

    public static PartialDate FromDate(DateOnly d) => new(d.Year, d.Month, d.Day);

    public bool IsExactDay => Day is not null;

    /// <summary>First day this date can mean.</summary>
    public DateOnly Start => Month is null ? new DateOnly(Year, 1, 1)
        : Day is not null ? new DateOnly(Year, Month.Value, Day.Value)
        : Dekad switch
        {
            Core.Dekad.First => new DateOnly(Year, Month.Value, 1),
            Core.Dekad.Middle => new DateOnly(Year, Month.Value, 11),
            Core.Dekad.Last => new DateOnly(Year, Month.Value, 21),
            _ => new DateOnly(Year, Month.Value, 1),
        };

    /// <summary>Last day this date can mean.</summary>
    public DateOnly End => Month is null ? new DateOnly(Year, 12, 31)
        : Day is not null ? new DateOnly(Year, Month.Value, Day.Value)
        : Dekad switch
        {
            Core.Dekad.First => new DateOnly(Year, Month.Value, 10),
            Core.Dekad.Middle => new DateOnly(Year, Month.Value, 20),
            _ => new DateOnly(Year, Month.Value, DateTime.DaysInMonth(Year, Month.Value)),
        };

    public int CompareTo(PartialDate other)
    {
        var c = Start.CompareTo(other.Start);
        return c != 0 ? c : End.CompareTo(other.End);
    }

    public static bool operator <(PartialDate a, PartialDate b) => a.CompareTo(b) < 0;
    public static bool operator >(PartialDate a, PartialDate b) => a.CompareTo(b) > 0;
    public static bool operator <=(PartialDate a, PartialDate b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PartialDate a, PartialDate b) => a.CompareTo(b) >= 0;

    /// <summary>Interchange form: "2023", "2023-03", "2023-03-10", "2023-01-上旬".</summary>
    public override string ToString()
    {
        var s = Year.ToString("D4", CultureInfo.InvariantCulture);
        if (Month is null) return s;
        s += "-" + Month.Value.ToString("D2", CultureInfo.InvariantCulture);
        if (Day is not null) return s + "-" + Day.Value.ToString("D2", CultureInfo.InvariantCulture);
        if (Dekad is not null) return s + "-" + DekadName(Dekad.Value);
        return s;
    }

    /// <summary>As a Chinese text writes it: "2023年1月上旬", "2024年3月", "2023年3月10日".</summary>
    public string ToChinese()
    {
        var s = $"{Year}年";
        if (Month is null) return s;
        s += $"{Month}月";
        if (Day is not null) return s + $"{Day}日";
        if (Dekad is not null) return s + DekadName(Dekad.Value);
        return s;
    }

    public static string DekadName(Dekad d) => d switch
    {
        Core.Dekad.First => "上旬",
        Core.Dekad.Middle => "中旬",
        _ => "下旬",
    };

    public static bool TryParse(string? text, out PartialDate value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('-');
        if (parts.Length is < 1 or > 3) return false;
        if (parts[0].Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return false;
        int? m = null, d = null; Dekad? k = null;
        if (parts.Length >= 2)
        {
            if (parts[1].Length is < 1 or > 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mm)) return false;
            m = mm;
        }
        if (parts.Length == 3)
        {
            switch (parts[2])
            {
                case "上旬": k = Core.Dekad.First; break;
                case "中旬": k = Core.Dekad.Middle; break;
                case "下旬": k = Core.Dekad.Last; break;
                default:
                    if (parts[2].Length is < 1 or > 2 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var dd)) return false;
                    d = dd; break;
            }
        }
        try { value = new PartialDate(y, m, d, k); return true; }
        catch (ArgumentException) { return false; }
    }

    public static PartialDate Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"“{text}”不是有效的日期（应为 2023-03-10、2024-03、2023-01-上旬 这样的形式）");
}

public sealed class PartialDateJsonConverter : JsonConverter<PartialDate>
{
    public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        return PartialDate.TryParse(s, out var v) ? v : throw new JsonException($"“{s}”不是有效的日期");
    }

    public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
