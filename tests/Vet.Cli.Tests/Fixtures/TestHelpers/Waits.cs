using System.Collections;

namespace TestHelpers;

public static class Waits
{
    public static ArrayList Pending { get; } = new ArrayList();
}
