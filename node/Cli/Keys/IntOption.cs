using System.CommandLine;
using System.Globalization;

namespace Interop.Node.Cli.Keys;

/// <summary>Integer options whose every bad value (not a number, or out of range) gets one clear message.</summary>
internal static class IntOption
{
    /// <param name="requirement">Completes "{name} must ...", e.g. "be between 1 and 100".</param>
    public static Option<int> Create(string name, string description, int defaultValue, Func<int, bool> isValid, string requirement) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        // A custom parser rather than a validator: validators also run when conversion failed, and then reading the
        // value throws instead of reporting "three is not a number".
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && isValid(value))
                return value;
            result.AddError($"{name} must {requirement}, got {token}");
            return defaultValue;
        },
    };
}
