using System.Globalization;
using System.Text;

namespace Rectify.Core.Notices;

/// <summary>Chinese numerals and punctuation as notices write them.</summary>
public static class ChineseText
{
    static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1 → 一, 10 → 十, 14 → 十四, 20 → 二十, 99 → 九十九; beyond 99 in Arabic digits.</summary>
    public static string Numeral(int n) => n switch
    {
        < 0 or > 99 => n.ToString(CultureInfo.InvariantCulture),
        < 10 => Digits[n],
        < 20 => "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
        _ => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
    };

    /// <summary>A number before a measure word (个): as <see cref="Numeral"/>, but 2 is 两 ("两个方面", never "二个方面").</summary>
    public static string Counted(int n) => n == 2 ? "两" : Numeral(n);

    /// <summary>"2023年9月8日".</summary>
    public static string Date(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    /// <summary>A percentage without needless decimals: 78.6, 100, 33.3.</summary>
    public static string Percent(decimal p) => p.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Yuan as notices give them: "7.132万元" from ten thousand up, else "3500元".</summary>
    public static string Yuan(decimal yuan) => yuan >= 10000
        ? (yuan / 10000).ToString("0.####", CultureInfo.InvariantCulture) + "万元"
        : yuan.ToString("0.##", CultureInfo.InvariantCulture) + "元";

    public static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3000' and <= '\u303f' or >= '\uff00' and <= '\uffef' or '“' or '”' or '‘' or '’';

    /// <summary>
    /// Half-width , : ; ! ? next to Chinese text (as text copied from web pages has them) become full-width;
    /// those between Latin characters and digits (phone numbers, e-mail) stay. Brackets go as a pair: when
    /// either bracket of the pair touches Chinese text (or one of them is full-width already), both become
    /// （）, so "(1)开展" is "（1）开展", never "(1）开展". Half-width double quotes around Chinese text
    /// become “…”.
    /// </summary>
    public static string FullWidthPunctuation(string s)
    {
        var chars = s.ToCharArray();
        bool Near(int i) => (i > 0 && IsCjk(s[i - 1])) || (i + 1 < s.Length && IsCjk(s[i + 1]));
        for (var i = 0; i < chars.Length; i++)
            if (Near(i)) chars[i] = chars[i] switch { ',' => '，', ':' => '：', ';' => '；', '!' => '！', '?' => '？', _ => chars[i] };

        var open = new Stack<int>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is '(' or '（') open.Push(i);
            else if (s[i] is ')' or '）')
            {
                if (open.Count == 0) { if (s[i] == ')' && Near(i)) chars[i] = '）'; continue; }
                var o = open.Pop();
                if (s[o] == '（' || s[i] == '）' || Near(o) || Near(i)) (chars[o], chars[i]) = ('（', '）');
            }
        }
        foreach (var o in open)
            if (s[o] == '(' && Near(o)) chars[o] = '（';

        // Quotes pair in order: the first with the second, the third with the fourth…
        var quotes = Enumerable.Range(0, s.Length).Where(i => s[i] == '"').ToList();
        for (var k = 0; k + 1 < quotes.Count; k += 2)
        {
            var (a, b) = (quotes[k], quotes[k + 1]);
            if (Near(a) || Near(b) || s.AsSpan(a + 1, b - a - 1).ContainsAnyInRange('\u4e00', '\u9fff'))
                (chars[a], chars[b]) = ('“', '”');
        }
        return new string(chars);
    }

    /// <summary>The half-width forms the sample notices use (text copied from web pages).</summary>
    public static string HalfWidthPunctuation(string s) => s
        .Replace('，', ',').Replace('：', ':').Replace('；', ';').Replace('（', '(').Replace('）', ')');
}
