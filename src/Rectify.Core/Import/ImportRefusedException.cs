namespace Rectify.Core.Import;

/// <summary>The input is not a notice the importer can read; the message is a one-line Chinese reason for the user.</summary>
public sealed class ImportRefusedException(string message) : Exception(message);
