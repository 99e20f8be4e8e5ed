namespace Interop.Ethereum.Abi;

/// <summary>Builds the human-readable location of a value ("orders[2].amount") for codec error messages.</summary>
internal static class AbiPath
{
    /// <summary>Joins segments recorded innermost-first into an outermost-first path.</summary>
    public static string Join(List<string> innermostFirst)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = innermostFirst.Count - 1; i >= 0; i--)
        {
            var segment = innermostFirst[i];
            // A top-level name stands alone; later names are members of the value before them.
            if (builder.Length > 0 && segment[0] != '[') builder.Append('.');
            builder.Append(segment);
        }
        return builder.ToString();
    }

    /// <summary>Segment of a component: its name when it has one, else its position.</summary>
    public static string Component(string? name, int index) =>
        string.IsNullOrEmpty(name) ? $"[{index}]" : name;

    /// <summary>Segment of a top-level argument: its name when it has one, else "argument i".</summary>
    public static string Argument(string? name, int index) =>
        string.IsNullOrEmpty(name) ? $"argument {index}" : name;

    public static string Element(int index) => $"[{index}]";
}
