using System.Globalization;
using System.Text.RegularExpressions;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>A date found in a text, resolved to a <see cref="PartialDate"/>.</summary>
/// <param name="ImpliedYear">The text gave no year; it was taken from the date before it.</param>
/// <param name="Repaired">Characters (年/月/日) were lost and put back; only done when one reading is possible.</param>
/// <param name="RangeEnd">The date closes a range ("…至10月18日").</param>
public sealed record DateMention(PartialDate Date, int Index, int Length, string Text, bool ImpliedYear, bool Repaired, bool RangeEnd);

/// <summary>Finds dates in notice text: full, partial ("2023年1月上旬"), year-less ("3月10日"), in Arabic or Chinese numerals ("二〇二六年三月", "三月十五日") alike, and some with lost characters.</summary>
public static partial class NoticeDates
{
    /// <summary>All dates in <paramref name="text"/> in order; a year-less date takes its year from the one before it (or <paramref name="context"/>).</summary>
    /// <param name="ambiguous">Where given, receives each date with lost characters that reads more than one way (or none), with its readings: no guess is made.</param>
    public static List<DateMention> Scan(string text, PartialDate? context = null, List<(string Text, IReadOnlyList<PartialDate> Readings)>? ambiguous = null)
    {
        var found = new List<DateMention>();
        var prev = context;
        var key = ChineseText.Key(text);
        foreach (Match m in DateRegex().Matches(key))
        {
            var rangeEnd = m.Index > 0 && "至到—-~".Contains(key[m.Index - 1]);
            if (m.Groups["gd"].Success)
            {
                // Lost 年/月 ("2023年1023日", "至830日"): repaired only when one reading is valid where it stands.
                var readings = LostReadings(m, prev);
                if (readings.Count != 1)
                {
                    ambiguous?.Add((text.Substring(m.Index, m.Length), readings));
                    continue;
                }
                found.Add(new DateMention(readings[0], m.Index, m.Length, text.Substring(m.Index, m.Length), false, true, rangeEnd));
                prev = readings[0];
                continue;
            }
            var (date, implied, repaired) = Read(m, prev);
            if (date is null) continue;
            found.Add(new DateMention(date.Value, m.Index, m.Length, text.Substring(m.Index, m.Length), implied, repaired, rangeEnd));
            prev = date;
        }
        return found;
    }

    /// <summary>
    /// <see cref="Scan"/> for text whose every date is taken (a field, a status, a signature): each date with lost
    /// characters is reported, repaired (<c>repaired-date</c>) or, reading more than one way or none, left out
    /// (<c>ambiguous-date</c>), so a repair is never silent wherever in the notice it is made.
    /// </summary>
    public static List<DateMention> ScanReporting(string text, PartialDate? context, List<Finding> findings)
    {
        var ambiguous = new List<(string Text, IReadOnlyList<PartialDate> Readings)>();
        var dates = Scan(text, context, ambiguous);
        ReportAmbiguous(ambiguous, findings);
        foreach (var d in dates) ReportRepaired(d, findings);
        return dates;
    }

    public static void ReportAmbiguous(IEnumerable<(string Text, IReadOnlyList<PartialDate> Readings)> ambiguous, List<Finding> findings)
    {
        foreach (var (text, readings) in ambiguous)
            findings.Add(new Finding("ambiguous-date", Finding.Warning, readings.Count == 0
                ? $"“{text}”缺少年/月/日字样，无法读成有效日期，未取用"
                : $"“{text}”缺少年/月/日字样，可读作{string.Join("或", readings.Select(r => r.ToChinese()))}，无法确定，未取用"));
    }

    public static void ReportRepaired(DateMention d, List<Finding> findings)
    {
        if (d.Repaired)
            findings.Add(new Finding("repaired-date", Finding.Info, $"原文“{d.Text}”缺少年/月/日字样，按上下文唯一可能读作{d.Date.ToChinese()}"));
    }

    /// <summary>The text with each repaired date written out whole ("预计2024年630日前完成" → "预计2024年6月30日前完成"), for the rules that read dates by their 年/月.</summary>
    public static string WithRepairs(string text, IEnumerable<DateMention> dates)
    {
        var result = text;
        foreach (var d in dates.Where(d => d.Repaired).OrderByDescending(d => d.Index))
            result = result[..d.Index] + d.Date.ToChinese() + result[(d.Index + d.Length)..];
        return result;
    }

    private static (PartialDate? Date, bool Implied, bool Repaired) Read(Match m, PartialDate? prev)
    {
        var g = m.Groups;
        // "2023年底": the year's end, kept as its last month.
        if (g["ye"].Success) return (Make(Int(g["y"].Value), 12, null, null), false, false);
        // Chinese numerals ("二〇二六年三月十五日", "二〇二六年三月", "三月十五日") read as the Arabic ones do.
        var chinese = g["cm"].Success;
        var month = chinese ? ChineseText.Number(g["cm"].Value) : Int(g["m"].Value);
        int? day = g["cd"].Success ? ChineseText.Number(g["cd"].Value) : g["d"].Success ? Int(g["d"].Value) : null;
        int? year = g["cy"].Success ? ChineseText.DigitByDigit(g["cy"].Value) : g["y"].Success ? Int(g["y"].Value) : null;
        if ((g["cy"].Success && year is null) || (chinese && month is null) || ((g["cd"].Success || g["d"].Success) && day is null)) return (null, false, false);
        var dekad = g["k"].Value switch
        {
            "上旬" or "初" => Dekad.First,
            "中旬" => Dekad.Middle,
            "下旬" or "底" or "末" => Dekad.Last,
            _ => (Dekad?)null,
        };
        var lostDay = g["d"].Success && !m.Value.TrimEnd().EndsWith('日');
        if (year is not null) return (Make(year, month, day, dekad), false, lostDay);
        if (prev is null) return (null, false, false);
        var resolved = Make(prev.Value.Year, month, day, dekad);
        if (resolved is { } x && x < prev.Value) resolved = Make(prev.Value.Year + 1, month, day, dekad);
        return (resolved, true, false);
    }

    /// <summary>
    /// The valid dates "2023年111日" or "至830日" can be: each cut of the digits into month and day that is a real
    /// day; a year-less one takes the year of the date before it (the next year if it would go back); and where
    /// a date stands before, a reading earlier than it is dropped (a notice's dates run forward: on site, then feedback).
    /// </summary>
    private static List<PartialDate> LostReadings(Match m, PartialDate? prev)
    {
        var g = m.Groups;
        var year = g["gy"].Success ? Int(g["gy"].Value) : prev?.Year;
        if (year is null) return [];
        var readings = new List<PartialDate>();
        foreach (var (mo, da) in MonthDayReadings(year.Value, g["gd"].Value))
        {
            var d = Make(year, mo, da, null);
            if (!g["gy"].Success && d is { } r && prev is { } p && r < p) d = Make(year + 1, mo, da, null);
            if (d is { } ok) readings.Add(ok);
        }
        if (readings.Count > 1 && prev is { } before && readings.Count(r => r >= before) is > 0 and var n && n < readings.Count)
            readings = readings.Where(r => r >= before).ToList();
        return readings;
    }

    private static IEnumerable<(int Month, int Day)> MonthDayReadings(int year, string digits)
    {
        for (var cut = 1; cut <= 2 && cut < digits.Length; cut++)
        {
            var dayPart = digits[cut..];
            if (dayPart.Length > 2 || dayPart[0] == '0' || digits[0] == '0') continue;
            var mo = Int(digits[..cut]);
            var da = Int(dayPart);
            if (mo is < 1 or > 12 || da < 1 || da > DateTime.DaysInMonth(year, mo!.Value)) continue;
            yield return (mo.Value, da!.Value);
        }
    }

    /// <summary>The only way to read "717" as month and day, or null when there is none or more than one.</summary>
    public static (int Month, int Day)? SplitMonthDay(int year, string digits)
    {
        var readings = MonthDayReadings(year, digits).Take(2).ToList();
        return readings.Count == 1 ? readings[0] : null;
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

    [GeneratedRegex(@"(?<cy>[〇零一二三四五六七八九]{4})\s*年\s*(?<cm>[一二三四五六七八九十]{1,3})\s*月(?:\s*(?<cd>[一二三四五六七八九十]{1,3})\s*日|\s*(?<k>上旬|中旬|下旬|初|底|末))?" +
        @"|(?<y>\d{4})\s*年\s*(?<ye>底|末)" +
        @"|(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月(?:\s*(?<d>\d{1,2})(?:\s*日|(?=\s*[至到—~-]))|\s*(?<k>上旬|中旬|下旬|初|底|末))?" +
        @"|(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?!\d)" +
        @"|(?<gy>\d{4})年?(?<gd>\d{2,4})日" +
        @"|(?<=[至到—~-])(?<gd>\d{3,4})日" +
        @"|(?<![\d年.])(?<m>\d{1,2})\s*月\s*(?:(?<d>\d{1,2})\s*日|(?<k>上旬|中旬|下旬|初|底|末))" +
        @"|(?<![〇零一二三四五六七八九十百年第])(?<cm>[一二三四五六七八九十]{1,3})\s*月\s*(?:(?<cd>[一二三四五六七八九十]{1,3})\s*日|(?<k>上旬|中旬|下旬|初|底|末))")]
    private static partial Regex DateRegex();
}
