using System.Text;

namespace Rectify.Core.Import;

/// <summary>
/// Matching helpers. <see cref="Key"/> maps a line one character to one character (full-width
/// ASCII to half-width, a small Traditional table to Simplified), so a match on the key can be
/// cut out of the original text at the same positions and the output keeps what was written.
/// </summary>
public static class ChineseText
{
    // Traditional characters that occur in the keywords the parser matches; not a full converter.
    private const string Traditional = "問題狀態關於個項屆區鎮黨員會進過況時間預計長堅階並實際現條組織導領責單處罰紀監視審規劃體層檢舉報電話郵編碼聯繫係發佈機構號來萬億資帶頭門務開歸轉稱從與為後兩專說啟動暫備銷達標績設書記議訂權廳縣鄉財經濟營業產範見據華國執違戶論學習貫徹應觀點醫療衛環擔當負級勢線統籌顧鞏彙匯總結傳錄簽讀講這們裡裏麼無僅複復隊雙陽陳黃車歷節極積辦類樣實對鬥爭敗風氣廉潔幹層戰線勵協調財慣級盡錢虛險將強嚴謹細於記載個別僅題饋臺賬帳續確則順圍繞寬廣練選擇衝傳認識鄰錯誤義務補貼養護訊審覈核準壓規範職稅費貸額權標準異";
    private const string Simplified  = "问题状态关于个项届区镇党员会进过况时间预计长坚阶并实际现条组织导领责单处罚纪监视审规划体层检举报电话邮编码联系系发布机构号来万亿资带头门务开归转称从与为后两专说启动暂备销达标绩设书记议订权厅县乡财经济营业产范见据华国执违户论学习贯彻应观点医疗卫环担当负级势线统筹顾巩汇汇总结传录签读讲这们里里么无仅复复队双阳陈黄车历节极积办类样实对斗争败风气廉洁干层战线励协调财惯级尽钱虚险将强严谨细于记载个别仅题馈台账账续确则顺围绕宽广练选择冲传认识邻错误义务补贴养护讯审核核准压规范职税费贷额权标准异";

    private static readonly Dictionary<char, char> ToSimplified = BuildTable();

    private static Dictionary<char, char> BuildTable()
    {
        var map = new Dictionary<char, char>();
        for (var i = 0; i < Traditional.Length; i++) map[Traditional[i]] = Simplified[i];
        return map;
    }

    /// <summary>The matching form of a text: same length, same positions.</summary>
    public static string Key(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(KeyChar(c));
        return sb.ToString();
    }

    private static char KeyChar(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' or '\u00A0' or '\t' => ' ',
        '〔' => '[',
        '〕' => ']',
        _ => ToSimplified.TryGetValue(c, out var s) ? s : c,
    };

    /// <summary>Numerals as notices write counts: "14", "十四", "两", "一百零二".</summary>
    public static int? Number(string? s)
    {
        if (string.IsNullOrEmpty(s)) return null;
        if (s.All(char.IsAsciiDigit)) return int.TryParse(s, out var n) ? n : null;
        int total = 0, section = 0, digit = -1;
        foreach (var c in s)
        {
            var d = "零一二三四五六七八九".IndexOf(c);
            if (c == '〇') d = 0;
            if (c == '两') d = 2;
            if (d >= 0) { digit = d; continue; }
            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, '万' => 10000, _ => 0 };
            if (unit == 0) return null;
            if (unit == 10000) { total = (total + section + Math.Max(digit, 0)) * 10000; section = 0; }
            else section += (digit < 0 ? 1 : digit) * unit;
            digit = -1;
        }
        return total + section + Math.Max(digit, 0);
    }

    /// <summary>一, 二 … 十, 十一 … 九十九, as headings and "一是…二是…" count.</summary>
    public static string Numeral(int n)
    {
        const string digits = "零一二三四五六七八九";
        if (n is < 1 or > 99) return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (n < 10) return digits[n].ToString();
        var sb = new StringBuilder();
        if (n / 10 > 1) sb.Append(digits[n / 10]);
        sb.Append('十');
        if (n % 10 > 0) sb.Append(digits[n % 10]);
        return sb.ToString();
    }

    /// <summary>A year written digit by digit ("二〇二三").</summary>
    public static int? DigitByDigit(string s)
    {
        var n = 0;
        foreach (var c in s)
        {
            var d = c == '〇' ? 0 : "零一二三四五六七八九".IndexOf(c);
            if (d < 0) return null;
            n = n * 10 + d;
        }
        return n;
    }

    /// <summary>Trailing sentence punctuation and spaces removed.</summary>
    public static string TrimEnd(string s) => s.TrimEnd(' ', '。', '.', ';', '；', ',', '，', ':', '：', '、');

    /// <summary>At most <paramref name="max"/> characters, for quoting in a finding.</summary>
    public static string Quote(string s, int max = 40) => s.Length <= max ? s : s[..max] + "…";
}
