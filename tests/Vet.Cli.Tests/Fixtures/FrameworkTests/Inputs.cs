using System.Collections;

namespace FrameworkTests;

public class Inputs
{
    public ArrayList Items { get; } = new ArrayList();
}
