using System.Globalization;
using System.Text.RegularExpressions;

namespace Rectify.Core.Import;

/// <summary>A date found in a text, resolved to a <see cref="PartialDate"/>.</summary>
/// <param name="ImpliedYear">The text gave no year; it was taken from the date before it.</param>
/// <param name="Repaired">Characters (年/月/日) were lost and put back; only done when one reading is possible.</param>
/// <param name="RangeEnd">The date closes a range ("…至10月18日").</param>
public sealed record DateMention(PartialDate Date, int Index, int Length, string Text, bool ImpliedYear, bool Repaired, bool RangeEnd);

/// <summary>Finds dates in notice text: full, partial ("2023年1月上旬"), year-less ("3月10日"), Chinese-numeral signatures, and some with lost characters.</summary>
public static partial class NoticeDates
{
    /// <summary>All dates in <paramref name="text"/> in order; a year-less date takes its year from the one before it (or <paramref name="context"/>).</summary>
    public static List<DateMention> Scan(string text, PartialDate? context = null)
    {
        var found = new List<DateMention>();
        var prev = context;
        var key = ChineseText.Key(text);
        foreach (Match m in DateRegex().Matches(key))
        {
            var rangeEnd = m.Index > 0 && "至到—-~".Contains(key[m.Index - 1]);
            var (date, implied, repaired) = Read(m, prev);
            if (date is null) continue;
            found.Add(new DateMention(date.Value, m.Index, m.Length, text.Substring(m.Index, m.Length), implied, repaired, rangeEnd));
            prev = date;
        }
        return found;
    }

    private static (PartialDate? Date, bool Implied, bool Repaired) Read(Match m, PartialDate? prev)
    {
        var g = m.Groups;
        if (g["cy"].Success)
            return (Make(ChineseText.DigitByDigit(g["cy"].Value), ChineseText.Number(g["cm"].Value), ChineseText.Number(g["cd"].Value), null), false, false);
        if (g["gd"].Success)
        {
            // "2024717日": the 年 and 月 were lost; accept only a single month/day reading.
            var year = g["gy"].Success ? Int(g["gy"].Value) : prev?.Year;
            if (year is null || SplitMonthDay(year.Value, g["gd"].Value) is not { } md) return (null, false, false);
            var d = Make(year, md.Month, md.Day, null);
            if (!g["gy"].Success && d is { } r && prev is { } p && r < p) d = Make(year + 1, md.Month, md.Day, null);
            return (d, false, true);
        }
        var month = Int(g["m"].Value);
        int? day = g["d"].Success ? Int(g["d"].Value) : null;
        var dekad = g["k"].Value switch
        {
            "上旬" or "初" => Dekad.First,
            "中旬" => Dekad.Middle,
            "下旬" or "底" or "末" => Dekad.Last,
            _ => (Dekad?)null,
        };
        var lostDay = g["d"].Success && !m.Value.TrimEnd().EndsWith('日');
        if (g["y"].Success) return (Make(Int(g["y"].Value), month, day, dekad), false, lostDay);
        if (prev is null) return (null, false, false);
        var resolved = Make(prev.Value.Year, month, day, dekad);
        if (resolved is { } x && x < prev.Value) resolved = Make(prev.Value.Year + 1, month, day, dekad);
        return (resolved, true, false);
    }

    /// <summary>The only way to read "717" as month and day, or null when there is none or more than one.</summary>
    public static (int Month, int Day)? SplitMonthDay(int year, string digits)
    {
        (int, int)? only = null;
        for (var cut = 1; cut <= 2 && cut < digits.Length; cut++)
        {
            var dayPart = digits[cut..];
            if (dayPart.Length > 2 || dayPart[0] == '0') continue;
            var mo = Int(digits[..cut]);
            var da = Int(dayPart);
            if (mo is < 1 or > 12 || da < 1 || da > DateTime.DaysInMonth(year, mo!.Value)) continue;
            if (only is not null) return null;
            only = (mo.Value, da!.Value);
        }
        return only;
    }

    private static PartialDate? Make(int? year, int? month, int? day, Dekad? dekad)
    {
        if (year is not { } y || y is < 1949 or > 2200) return null;
        try { return new PartialDate(y, month, day, dekad); }
        catch (ArgumentException) { return null; }
    }

    private static int? Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>"2023-05-04 08:46:31", "2023年9月8日", "二〇二三年九月八日" as an exact day.</summary>
    public static DateOnly? ExactDay(string text)
    {
        foreach (var d in Scan(text))
            if (d.Date.IsExactDay) return d.Date.Start;
        return null;
    }

    [GeneratedRegex(@"(?<cy>[〇零一二三四五六七八九]{4})\s*年\s*(?<cm>[一二三四五六七八九十]{1,3})\s*月\s*(?<cd>[一二三四五六七八九十]{1,3})\s*日" +
        @"|(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月(?:\s*(?<d>\d{1,2})(?:\s*日|(?=\s*[至到—~-]))|\s*(?<k>上旬|中旬|下旬|初|底|末))?" +
        @"|(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?!\d)" +
        @"|(?<gy>\d{4})年?(?<gd>\d{3,4})日" +
        @"|(?<=[至到—~-])(?<gd>\d{3,4})日" +
        @"|(?<![\d年.])(?<m>\d{1,2})\s*月\s*(?:(?<d>\d{1,2})\s*日|(?<k>上旬|中旬|下旬|初|底|末))")]
    private static partial Regex DateRegex();
}
