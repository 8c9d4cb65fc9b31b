namespace MultiTargeted;

internal static class Guards
{
    public static int Clamp(int value, int low, int high) => value < low ? low : value > high ? high : value;

    public static long Clamp(long value, long low, long high) => value < low ? low : value > high ? high : value;

    public static double Clamp(double value, double low, double high) => value < low ? low : value > high ? high : value;
}
