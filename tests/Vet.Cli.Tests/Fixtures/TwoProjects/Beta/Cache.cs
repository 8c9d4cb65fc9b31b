using System.IO;

namespace Beta;

public class Cache
{
    private string? _text;

    public void Load(string path)
    {
        try
        {
            _text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException("Could not read the cache: " + ex.Message);
        }
    }

    public string Text => _text ?? "";
}
