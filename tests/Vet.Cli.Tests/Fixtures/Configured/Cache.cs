using System;
using System.IO;

namespace Configured;

public class Cache
{
    private string? _text;

    public void Load(string path)
    {
        try
        {
            _text = File.ReadAllText(path);
        }
        catch (Exception)
        {
        }
    }

    public string Text => _text ?? "";
}
