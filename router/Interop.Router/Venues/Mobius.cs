namespace Interop.Router.Venues;

/// <summary>
/// The continuous shape of an edge or path, out(x) = A·x / (B + C·x): an x*y=k pool with fee γ is
/// (γ·Rout, Rin, γ); a 1:1 bridge is (1, 1, 0); composing two such maps gives another one, so a whole path of pools
/// and bridges has one closed form. Used only to decide a split (doubles never reach the chain: amounts that do are
/// recomputed with the integer formulas of each venue).
/// </summary>
public readonly record struct Mobius(double A, double B, double C)
{
    public static readonly Mobius Identity = new(1, 1, 0);

    /// <summary>Output for input <paramref name="x"/>.</summary>
    public double Out(double x) => A * x / (B + C * x);

    /// <summary>d out / d x at <paramref name="x"/>: A·B / (B + C·x)².</summary>
    public double Marginal(double x)
    {
        var d = B + C * x;
        return A * B / (d * d);
    }

    /// <summary>This map followed by <paramref name="next"/>: next(this(x)).</summary>
    public Mobius Then(Mobius next)
    {
        // next(f(x)) = A2·A1·x / (B2·B1 + (B2·C1 + C2·A1)·x); rescale so B = 1 to keep the numbers in range.
        var a = next.A * A;
        var b = next.B * B;
        var c = next.B * C + next.C * A;
        return new Mobius(a / b, 1, c / b);
    }
}
