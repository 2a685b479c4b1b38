using PhoneNumbers;

namespace SecureOtp.Api.Risk.Geo;

/// <summary>
/// How <c>Risk:DeniedNumberTypes</c> spells libphonenumber's number types: PascalCase ("PremiumRate", "Voip"), read
/// case-insensitively and with or without underscores, so "PREMIUM_RATE" and "premiumRate" name the same type.
/// </summary>
internal static class NumberTypeNames
{
    private static readonly PhoneNumberType[] Types = Enum.GetValues<PhoneNumberType>();

    private static readonly string[] Names = [.. Types.Select(ToPascalCase)];

    private static readonly Dictionary<string, PhoneNumberType> ByName =
        Types.ToDictionary(ToPascalCase, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name the setting accepts, for the message of a refused configuration.</summary>
    public static string All => string.Join(", ", Names);

    public static string Of(PhoneNumberType type) => Names[Array.IndexOf(Types, type)];

    /// <summary>For names <see cref="GeoOptionsValidator"/> has already accepted.</summary>
    public static PhoneNumberType Parse(string name) =>
        TryParse(name, out var type) ? type : throw new ArgumentException($"'{name}' is not a phone number type.", nameof(name));

    public static bool TryParse(string name, out PhoneNumberType type) =>
        ByName.TryGetValue(name.Trim().Replace("_", "", StringComparison.Ordinal), out type);

    private static string ToPascalCase(PhoneNumberType type) =>
        string.Concat(type.ToString().Split('_').Select(word => word[0] + word[1..].ToLowerInvariant()));
}
