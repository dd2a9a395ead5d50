using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Rectify.Tests.Problems;

/// <summary>Photos as a phone camera writes them: a JPEG with the time and place in its EXIF (for the HTTP and the browser tests).</summary>
public static class ExifPhotos
{
    /// <summary>The place the photos are taken: 30°16'26.70" N, 120°9'18.30" E, shown as “北纬 30.274083°，东经 120.155083°”.</summary>
    public static readonly (int D, int M, int S100) Lat = (30, 16, 2670), Lon = (120, 9, 1830);

    /// <summary>The colour of the square in the stored pixels' top left corner, to see which way a photo is turned.</summary>
    public static readonly SKColor Corner = new(0xE0, 0x10, 0x10);

    /// <summary>
    /// A JPEG of the given size carrying EXIF DateTimeOriginal and a GPS position, the EXIF written byte by byte here;
    /// with an orientation (tag 0x0112, e.g. 6 = to be turned 90° clockwise for viewing, as a phone stores a portrait photo),
    /// the pixels stay as given and the tag says how to turn them. The stored top left corner carries a <see cref="Corner"/> square.
    /// </summary>
    public static byte[] Jpeg(int width, int height, string taken = "2026:11:30 14:05:09", (int D, int M, int S100) lat = default, (int D, int M, int S100) lon = default, int orientation = 0)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x33, 0x88, 0x55));
            canvas.DrawCircle(width / 2f, height / 2f, height / 3f, new SKPaint { Color = SKColors.Orange });
            canvas.DrawRect(0, 0, Math.Min(width, height) / 6f, Math.Min(width, height) / 6f, new SKPaint { Color = Corner });
        }
        using var image = SKImage.FromBitmap(bitmap);
        var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray();
        var app1 = Exif(taken, lat, lon, orientation);
        // After SOI (FF D8): the APP1 segment, then the rest of the file as encoded.
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>APP1 "Exif": a big-endian TIFF with IFD0 (the orientation when given) → Exif IFD (DateTimeOriginal) and GPS IFD (N/E, degrees minutes seconds).</summary>
    static byte[] Exif(string taken, (int D, int M, int S100) lat, (int D, int M, int S100) lon, int orientation)
    {
        var t = new List<byte>();
        void U16(int v) { t.Add((byte)(v >> 8)); t.Add((byte)v); }
        void U32(long v) { t.Add((byte)(v >> 24)); t.Add((byte)(v >> 16)); t.Add((byte)(v >> 8)); t.Add((byte)v); }
        void Entry(int tag, int type, int count, long value) { U16(tag); U16(type); U32(count); U32(value); }
        // Layout: header 8 | IFD0 at 8 (2 or 3 entries: 2+12n+4) | Exif IFD (1 entry: 18) | GPS IFD (4 entries: 54) | data.
        var ifd0Entries = orientation == 0 ? 2 : 3;
        int exifIfd = 8 + 2 + 12 * ifd0Entries + 4, gpsIfd = exifIfd + 18, data = gpsIfd + 54;
        var date = Encoding.ASCII.GetBytes(taken + "\0"); // 20 bytes
        t.AddRange("MM"u8.ToArray()); U16(42); U32(8);
        U16(ifd0Entries);
        if (orientation != 0) Entry(0x0112, 3, 1, (long)orientation << 16);   // a SHORT sits in the value's first two bytes
        Entry(0x8769, 4, 1, exifIfd); Entry(0x8825, 4, 1, gpsIfd); U32(0);
        U16(1); Entry(0x9003, 2, date.Length, data); U32(0);
        U16(4);
        t.AddRange([0, 1, 0, 2, 0, 0, 0, 2, (byte)'N', 0, 0, 0]);            // GPSLatitudeRef "N"
        Entry(2, 5, 3, data + date.Length);                                   // GPSLatitude
        t.AddRange([0, 3, 0, 2, 0, 0, 0, 2, (byte)'E', 0, 0, 0]);            // GPSLongitudeRef "E"
        Entry(4, 5, 3, data + date.Length + 24);                              // GPSLongitude
        U32(0);
        Assert.Equal(data, t.Count);
        t.AddRange(date);
        foreach (var (v, d) in new[] { (lat.D, 1), (lat.M, 1), (lat.S100, 100), (lon.D, 1), (lon.M, 1), (lon.S100, 100) }) { U32(v); U32(d); }
        var body = "Exif\0\0"u8.ToArray().Concat(t).ToArray();
        var segment = new byte[4 + body.Length];
        segment[0] = 0xFF; segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(body.Length + 2));
        body.CopyTo(segment, 4);
        return segment;
    }
}
