using System.IO.Compression;
using System.Text;

namespace Rectify.Tests.Fuzz;

/// <summary>Seeded random mutations of files: bytes flipped, cut, repeated, and text inside zip parts changed.</summary>
public sealed class Mutator(int seed)
{
    readonly Random _random = new(seed);

    public byte[] MutateBytes(byte[] input)
    {
        var b = input.ToList();
        var edits = 1 + _random.Next(8);
        for (var i = 0; i < edits && b.Count > 0; i++)
        {
            var at = _random.Next(b.Count);
            switch (_random.Next(5))
            {
                case 0: b[at] = (byte)_random.Next(256); break;
                case 1: b.RemoveRange(at, Math.Min(b.Count - at, 1 + _random.Next(64))); break;
                case 2: b.InsertRange(at, b.Skip(_random.Next(b.Count)).Take(1 + _random.Next(64)).ToList()); break;
                case 3: b.RemoveRange(at, b.Count - at); break; // cut short
                default: b.Insert(at, (byte)_random.Next(256)); break;
            }
        }
        return [.. b];
    }

    public string MutateText(string text)
    {
        var sb = new StringBuilder(text);
        var edits = 1 + _random.Next(6);
        const string alphabet = "<>/=\"'&;:,。、()()一二三四五六七八九十0123456789年月日旬是问题方面整改状态过程\n\r\t ";
        for (var i = 0; i < edits && sb.Length > 0; i++)
        {
            var at = _random.Next(sb.Length);
            switch (_random.Next(4))
            {
                case 0: sb[at] = alphabet[_random.Next(alphabet.Length)]; break;
                case 1: sb.Remove(at, Math.Min(sb.Length - at, 1 + _random.Next(40))); break;
                case 2:
                    var from = _random.Next(text.Length);
                    sb.Insert(at, text.AsSpan(from, Math.Min(40, text.Length - from)).ToString());
                    break;
                default: sb.Insert(at, alphabet[_random.Next(alphabet.Length)]); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Rewrites one XML part of a zip package (xlsx/docx) with its text mutated; the zip stays valid.</summary>
    public byte[] MutateZipPart(byte[] package)
    {
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var xmlParts = input.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".rels", StringComparison.Ordinal)).ToList();
        var victim = xmlParts[_random.Next(xmlParts.Count)].FullName;
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in input.Entries)
            {
                using var reader = new StreamReader(e.Open());
                var content = reader.ReadToEnd();
                if (e.FullName == victim) content = MutateText(content);
                using var w = new StreamWriter(zip.CreateEntry(e.FullName).Open());
                w.Write(content);
            }
        return output.ToArray();
    }

    public bool Coin() => _random.Next(2) == 0;
}
