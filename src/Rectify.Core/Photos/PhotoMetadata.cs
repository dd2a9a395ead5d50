using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Rectify.Core.Photos;

/// <summary>
/// When and where a photo was taken, as its camera wrote it in the JPEG's EXIF: the original time (the camera's
/// clock, with its offset when written) and the GPS position in decimal degrees. Read from the original file,
/// which is kept unchanged with its hash, so the time and place shown can never differ from the evidence.
/// </summary>
public sealed record PhotoMetadata(DateTime? TakenAt, TimeSpan? Offset, double? Latitude, double? Longitude)
{
    public bool IsEmpty => TakenAt is null && Latitude is null;

    /// <summary>"拍摄于 2026-11-30 14:05" for the page.</summary>
    public string? TakenText => TakenAt is { } t ? "拍摄于 " + t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;

    /// <summary>"北纬 30.274085°，东经 120.155070°" for the page.</summary>
    public string? PlaceText => PlaceParts is { } parts ? string.Join("，", parts) : null;

    /// <summary>The latitude and the longitude, each to be kept on one line (a thumbnail's column is narrow).</summary>
    public string[]? PlaceParts => Latitude is { } lat && Longitude is { } lon
        ? [$"{(lat >= 0 ? "北纬" : "南纬")} {Math.Abs(lat).ToString("0.000000", CultureInfo.InvariantCulture)}°", $"{(lon >= 0 ? "东经" : "西经")} {Math.Abs(lon).ToString("0.000000", CultureInfo.InvariantCulture)}°"]
        : null;

    /// <summary>EXIF sits in the first segments: this much of the file is enough.</summary>
    public const int HeadBytes = 128 * 1024;

    /// <summary>The metadata of a JPEG's first bytes; null for a file that is not a JPEG or carries no EXIF time or place. Never throws on bad bytes.</summary>
    public static PhotoMetadata? Read(ReadOnlySpan<byte> jpeg)
    {
        try { return ReadExif(jpeg); }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException or OverflowException) { return null; }
    }

    static PhotoMetadata? ReadExif(ReadOnlySpan<byte> f)
    {
        if (f.Length < 4 || f[0] != 0xFF || f[1] != 0xD8) return null;
        var at = 2;
        while (at + 4 <= f.Length && f[at] == 0xFF)
        {
            var marker = f[at + 1];
            if (marker is 0xD9 or 0xDA) break; // end of image, start of scan: no metadata after
            var length = BinaryPrimitives.ReadUInt16BigEndian(f[(at + 2)..]);
            if (length < 2) return null;
            var body = f.Slice(at + 4, Math.Min(length - 2, f.Length - at - 4));
            if (marker == 0xE1 && body.Length > 14 && body[..6].SequenceEqual("Exif\0\0"u8))
                return Tiff(body[6..]);
            at += 2 + length;
        }
        return null;
    }

    static PhotoMetadata? Tiff(ReadOnlySpan<byte> t)
    {
        var little = t[0] == (byte)'I' && t[1] == (byte)'I';
        if (!little && !(t[0] == (byte)'M' && t[1] == (byte)'M')) return null;
        ushort U16(ReadOnlySpan<byte> s, int o) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s[o..]) : BinaryPrimitives.ReadUInt16BigEndian(s[o..]);
        uint U32(ReadOnlySpan<byte> s, int o) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s[o..]) : BinaryPrimitives.ReadUInt32BigEndian(s[o..]);

        // Each IFD as tag → (type, count, value-or-offset position).
        Dictionary<ushort, (ushort Type, uint Count, int At)> Ifd(ReadOnlySpan<byte> s, uint offset)
        {
            var entries = new Dictionary<ushort, (ushort, uint, int)>();
            if (offset == 0 || offset + 2 > s.Length) return entries;
            var n = U16(s, (int)offset);
            for (var i = 0; i < n && offset + 2 + i * 12 + 12 <= s.Length; i++)
            {
                var e = (int)offset + 2 + i * 12;
                var type = U16(s, e + 2);
                var count = U32(s, e + 4);
                var size = (type switch { 1 or 2 or 7 => 1, 3 => 2, 4 or 9 => 4, 5 or 10 => 8, _ => 1 }) * (long)count;
                entries[U16(s, e)] = (type, count, size <= 4 ? e + 8 : (int)U32(s, e + 8));
            }
            return entries;
        }
        string? Ascii(ReadOnlySpan<byte> s, Dictionary<ushort, (ushort Type, uint Count, int At)> ifd, ushort tag) =>
            ifd.TryGetValue(tag, out var e) && e.Type == 2 && e.At + e.Count <= s.Length
                ? Encoding.ASCII.GetString(s.Slice(e.At, (int)e.Count)).TrimEnd('\0', ' ') : null;
        double? Degrees(ReadOnlySpan<byte> s, Dictionary<ushort, (ushort Type, uint Count, int At)> ifd, ushort tag)
        {
            if (!ifd.TryGetValue(tag, out var e) || e.Type != 5 || e.Count != 3 || e.At + 24 > s.Length) return null;
            var sum = 0.0;
            for (var i = 0; i < 3; i++)
            {
                var d = U32(s, e.At + i * 8 + 4);
                sum += (d == 0 ? 0 : U32(s, e.At + i * 8) / (double)d) / Math.Pow(60, i);
            }
            return sum;
        }

        var ifd0 = Ifd(t, U32(t, 4));
        DateTime? taken = null; TimeSpan? offset = null;
        var when = ifd0.TryGetValue(0x8769, out var exifPtr) ? Ifd(t, U32(t, exifPtr.At)) : new Dictionary<ushort, (ushort Type, uint Count, int At)>();
        var text = Ascii(t, when, 0x9003) ?? Ascii(t, ifd0, 0x0132);
        if (text is not null && DateTime.TryParseExact(text, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) taken = d;
        if (Ascii(t, when, 0x9011) is { } o && TimeSpan.TryParseExact(o.TrimStart('+'), @"hh\:mm", CultureInfo.InvariantCulture, out var off))
            offset = o.StartsWith('-') ? -off : off;

        double? lat = null, lon = null;
        if (ifd0.TryGetValue(0x8825, out var gpsPtr))
        {
            var gps = Ifd(t, U32(t, gpsPtr.At));
            if (Degrees(t, gps, 2) is { } la && Degrees(t, gps, 4) is { } lo && (la != 0 || lo != 0))
            {
                lat = Ascii(t, gps, 1) == "S" ? -la : la;
                lon = Ascii(t, gps, 3) == "W" ? -lo : lo;
            }
        }
        var m = new PhotoMetadata(taken, offset, lat, lon);
        return m.IsEmpty ? null : m;
    }
}
