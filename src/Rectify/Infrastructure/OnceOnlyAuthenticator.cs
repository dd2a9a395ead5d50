using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// The authenticator app's code (TOTP, RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), accepted
/// once only (ASVS 2.8.4; RFC 6238 §5.2). Identity's own provider accepts the same code again for
/// as long as its window lasts (dotnet/aspnetcore#14423), so a code seen over a shoulder or in a
/// proxy log signs in a second time. Here the time step of the last accepted code is kept per account
/// (an Identity user token beside the key, no schema change) and a code of that step or an earlier
/// one is refused. Used wherever Identity checks the authenticator: setting it up and signing in.
/// </summary>
public sealed class OnceOnlyAuthenticator(TimeProvider clock) : AuthenticatorTokenProvider<AppUser>
{
    /// <summary>Where Identity keeps the authenticator key and the recovery codes.</summary>
    public const string Store = "[AspNetUserStore]";
    public const string LastStep = "AuthenticatorLastStep";

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;
        var secret = Base32(key);
        if (secret is null) return false;
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, Store, LastStep), CultureInfo.InvariantCulture, out var l) ? l : long.MinValue;
        // As Identity: two steps either side of now, for a phone whose clock is a minute off.
        for (var step = now - 2; step <= now + 2; step++)
        {
            if (step <= last || !CryptographicOperations.FixedTimeEquals(Code(secret, step), System.Text.Encoding.ASCII.GetBytes(token))) continue;
            // Saved with the account's concurrency stamp: of two requests racing with one code, one fails here.
            var kept = await manager.SetAuthenticationTokenAsync(user, Store, LastStep, step.ToString(CultureInfo.InvariantCulture));
            return kept.Succeeded;
        }
        return false;
    }

    static byte[] Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0F;
        var code = ((hash[offset] & 0x7F) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3]) % 1_000_000;
        return System.Text.Encoding.ASCII.GetBytes(code.ToString("D6", CultureInfo.InvariantCulture));
    }

    /// <summary>RFC 4648 base32 as Identity writes the key (upper case, no padding); null when it is not.</summary>
    static byte[]? Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return bytes.ToArray();
    }
}
