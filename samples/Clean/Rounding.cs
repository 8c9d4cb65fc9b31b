using System;
using System.Numerics;

namespace Clean;

/// <summary>Numeric helpers: one generic method, and overloads whose bodies really differ.</summary>
public static class Rounding
{
    public static T Clamp<T>(T value, T low, T high) where T : INumber<T> => T.Clamp(value, low, high);

    // Different per type: integers round by division, decimals by Math.Round.
    public static int ToStep(int value, int step) => value / step * step;

    public static decimal ToStep(decimal value, decimal step) => Math.Round(value / step, MidpointRounding.AwayFromZero) * step;
}
