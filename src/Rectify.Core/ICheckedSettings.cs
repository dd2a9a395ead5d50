namespace Rectify.Core;

/// <summary>
/// An options class's own checks beyond each value's type and range (a time zone exists, an address parses,
/// thresholds are in order): each problem a Chinese sentence that names the key and the value.
/// </summary>
public interface ICheckedSettings
{
    IEnumerable<string> Problems();
}
