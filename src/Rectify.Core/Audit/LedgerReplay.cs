using System.Globalization;
using System.Text.Json;

namespace Rectify.Core.Audit;

/// <summary>
/// One audited table as its log tells it: the log's entries of that entity folded, in the order they were
/// written (Id), into the rows it should hold now. An insert gives a row all its values; an update changes
/// the values it changed (Before ≠ After: what EF wrote; a field it did not change keeps what the log said,
/// so two users editing different fields of one row at once do not disagree); a delete removes the row; a
/// bulk entry (rows written with the values not logged, <see cref="BulkKeys"/>) leaves the row's values unknown
/// until the next entry of it. See docs/decisions/0007-audit-ledger-replay-and-sm3.md.
/// </summary>
public sealed class LoggedTable
{
    /// <summary>What the log says of one row.</summary>
    public sealed class Row
    {
        /// <summary>The values by field index; <see cref="NotLogged"/> where the log never named the field; null array when unknown.</summary>
        internal string?[]? Values;
        public bool Deleted { get; internal set; }
        /// <summary>The last entry of the row (its Id).</summary>
        public long LastEntryId { get; internal set; }
        /// <summary>Set when the database still has the row.</summary>
        public bool Seen { get; set; }
        /// <summary>Values known: written by the app with its values logged since the last bulk write.</summary>
        public bool Known => Values is not null && !Deleted;
    }

    /// <summary>Marks a field the log never gave for a row (e.g. a column added after the row's last entry).</summary>
    static readonly string NotLogged = new('\0', 1);

    readonly Dictionary<string, int> _fieldIndex = new(StringComparer.Ordinal);
    readonly List<string> _fields = [];
    readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    readonly List<BulkKeys> _bulk = [];

    public IReadOnlyDictionary<string, Row> Rows => _rows;

    /// <summary>Folds one entry of the row <paramref name="entityKey"/> in; entries must come in the order of their Id.</summary>
    public void Apply(long id, string entityKey, string action, string? before, string? after)
    {
        if (action == "bulk")
        {
            var keys = BulkKeys.Parse(after);
            _bulk.Add(keys);
            foreach (var (key, row) in _rows)
                if (keys.Contains(key)) { row.Values = null; row.Deleted = false; row.LastEntryId = id; }
            return;
        }
        if (!_rows.TryGetValue(entityKey, out var r)) _rows[entityKey] = r = new Row();
        r.LastEntryId = id;
        switch (action)
        {
            case "insert":
                r.Deleted = false;
                r.Values = Fresh(Parse(after));
                break;
            case "update":
                var a = Parse(after);
                // First seen here (written before, or in bulk): what the app read and wrote is all there is to know.
                if (!r.Known) { r.Deleted = false; r.Values = Fresh(a); break; }
                var b = Parse(before);
                foreach (var (field, value) in a)
                {
                    var i = Index(field);
                    if (i >= r.Values!.Length)
                    {
                        var old = r.Values.Length;
                        Array.Resize(ref r.Values, _fields.Count);
                        Array.Fill(r.Values, NotLogged, old, r.Values.Length - old);
                    }
                    // Unchanged by this save: EF did not write it, so the row keeps what the log already says
                    // (unless the log never named the field: then what the app read is the best knowledge).
                    if (b.TryGetValue(field, out var was) && was == value && !ReferenceEquals(r.Values[i], NotLogged)) continue;
                    r.Values[i] = value;
                }
                break;
            case "delete":
                r.Deleted = true;
                r.Values = null;
                break;
        }
    }

    /// <summary>A row not in the log at all: was it written by a bulk write (values unknown)?</summary>
    public bool InBulk(string entityKey) => _bulk.Any(b => b.Contains(entityKey));

    /// <summary>The logged value of a field of a known row; false when the log never gave it.</summary>
    public bool TryGetLogged(Row row, string field, out string? value)
    {
        value = null;
        if (row.Values is null || !_fieldIndex.TryGetValue(field, out var i) || i >= row.Values.Length || row.Values[i] is { } v && ReferenceEquals(v, NotLogged))
            return false;
        value = row.Values[i];
        return true;
    }

    /// <summary>The fields the log gives for a known row, with their values.</summary>
    public IEnumerable<(string Field, string? Value)> Logged(Row row)
    {
        if (row.Values is null) yield break;
        for (var i = 0; i < row.Values.Length; i++)
            if (row.Values[i] is not { } v || !ReferenceEquals(v, NotLogged))
                yield return (_fields[i], row.Values[i]);
    }

    string?[] Fresh(Dictionary<string, string?> values)
    {
        foreach (var field in values.Keys) Index(field);
        var array = new string?[_fields.Count];
        Array.Fill(array, NotLogged);
        foreach (var (field, value) in values) array[_fieldIndex[field]] = value;
        return array;
    }

    int Index(string field)
    {
        if (_fieldIndex.TryGetValue(field, out var i)) return i;
        _fields.Add(field);
        return _fieldIndex[field] = _fields.Count - 1;
    }

    static Dictionary<string, string?> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];
}

/// <summary>
/// The keys of rows a save wrote with auditing off (synthetic bulk data): the log notes which rows, not
/// their values, so such a row is "not covered" rather than "added outside the application". Integer keys
/// are written as ranges (<c>{"ranges":"1-200,205"}</c>), other keys one per line (<c>{"keys":"a\nb"}</c>).
/// </summary>
public sealed class BulkKeys
{
    readonly List<(long From, long To)> _ranges = [];
    readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public bool Contains(string key)
    {
        if (_keys.Contains(key)) return true;
        if (_ranges.Count == 0 || !long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return false;
        // Ranges are written in ascending order.
        int lo = 0, hi = _ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (n < _ranges[mid].From) hi = mid - 1;
            else if (n > _ranges[mid].To) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /// <summary>The After of a bulk entry for these keys.</summary>
    public static string Describe(IEnumerable<string> keys)
    {
        var list = keys.Distinct(StringComparer.Ordinal).ToList();
        var numbers = list.Select(k => long.TryParse(k, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n.ToString(CultureInfo.InvariantCulture) == k ? n : (long?)null).ToList();
        if (numbers.All(n => n is not null))
        {
            var sorted = numbers.Select(n => n!.Value).Order().ToList();
            var parts = new List<string>();
            for (var i = 0; i < sorted.Count;)
            {
                var j = i;
                while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
                parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}"));
                i = j + 1;
            }
            return JsonSerializer.Serialize(new Dictionary<string, string> { ["ranges"] = string.Join(",", parts) });
        }
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["keys"] = string.Join("\n", list) });
    }

    public static BulkKeys Parse(string? after)
    {
        var result = new BulkKeys();
        var values = after is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(after);
        if (values is null) return result;
        if (values.TryGetValue("ranges", out var ranges) && !string.IsNullOrEmpty(ranges))
            foreach (var part in ranges.Split(','))
            {
                // A negative start is not written by Describe (keys are generated ids); "a-b" splits at the dash after the first digit.
                var dash = part.IndexOf('-', 1);
                var from = long.Parse(dash < 0 ? part : part[..dash], CultureInfo.InvariantCulture);
                var to = dash < 0 ? from : long.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
                result._ranges.Add((from, to));
            }
        if (values.TryGetValue("keys", out var keys) && !string.IsNullOrEmpty(keys))
            foreach (var k in keys.Split('\n')) result._keys.Add(k);
        result._ranges.Sort();
        return result;
    }
}
