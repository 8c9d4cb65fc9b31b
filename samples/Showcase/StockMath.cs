namespace Showcase;

/// <summary>Small numeric helpers used by the stock reports.</summary>
public static class StockMath
{
    // VET411: the same clamp written once for whole units and once for weights.
    public static int Clamp(int value, int low, int high) => value < low ? low : value > high ? high : value;

    public static decimal Clamp(decimal value, decimal low, decimal high) => value < low ? low : value > high ? high : value;
}
