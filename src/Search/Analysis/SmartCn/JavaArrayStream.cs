using System.Buffers.Binary;

namespace Search.Analysis.SmartCn;

/// <summary>Reads the subset of Java object serialization used by SmartCn's .mem files: nested primitive arrays only.</summary>
/// <remarks>Written from the stream grammar (header, TC_ARRAY, TC_CLASSDESC, TC_REFERENCE, TC_NULL);
/// anything else means the file is not a SmartCn dictionary, and we say so instead of guessing.</remarks>
internal sealed class JavaArrayStream
{
    const byte TcNull = 0x70, TcReference = 0x71, TcClassDesc = 0x72, TcEndBlockData = 0x78, TcArray = 0x75;
    const int BaseHandle = 0x7E0000;

    readonly byte[] _data;
    readonly string _name;
    int _pos;
    readonly List<object> _handles = new();

    public JavaArrayStream(byte[] data, string name)
    {
        _data = data;
        _name = name;
        if (data.Length < 4 || BinaryPrimitives.ReadUInt32BigEndian(data) != 0xACED0005)
            throw Fail("missing Java serialization header");
        _pos = 4;
    }

    public bool AtEnd => _pos >= _data.Length;

    /// <summary>Reads the next top-level object: a primitive array (short[], char[], int[], long[]), object[] of nested arrays, or null.</summary>
    public object? ReadObject()
    {
        byte tag = ReadByte();
        switch (tag)
        {
            case TcNull: return null;
            case TcArray: return ReadArrayBody();
            case TcReference:
                int handle = ReadInt() - BaseHandle;
                if (handle < 0 || handle >= _handles.Count) throw Fail($"bad back-reference {handle}");
                return _handles[handle];
            default: throw Fail($"unexpected tag 0x{tag:X2}");
        }
    }

    object ReadArrayBody()
    {
        string className = ReadClassDescriptor();
        int handle = _handles.Count;
        _handles.Add(className); // placeholder until the array exists, so nested handles get the right numbers
        int n = ReadInt();
        if (n < 0 || n > _data.Length) throw Fail($"bad array length {n}");
        object array;
        switch (className)
        {
            case "[S":
                { var a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short)ReadUShort(); array = a; break; }
            case "[C":
                { var a = new char[n]; for (int i = 0; i < n; i++) a[i] = (char)ReadUShort(); array = a; break; }
            case "[I":
                { var a = new int[n]; for (int i = 0; i < n; i++) a[i] = ReadInt(); array = a; break; }
            case "[J":
                { var a = new long[n]; for (int i = 0; i < n; i++) a[i] = ReadLong(); array = a; break; }
            default:
                if (!className.StartsWith("[[", StringComparison.Ordinal)) throw Fail($"unsupported array class {className}");
                { var a = new object?[n]; for (int i = 0; i < n; i++) a[i] = ReadObject(); array = a; break; }
        }
        _handles[handle] = array;
        return array;
    }

    string ReadClassDescriptor()
    {
        byte tag = ReadByte();
        if (tag == TcReference)
        {
            int handle = ReadInt() - BaseHandle;
            if (handle < 0 || handle >= _handles.Count || _handles[handle] is not string name) throw Fail($"bad class reference {handle}");
            return name;
        }
        if (tag != TcClassDesc) throw Fail($"expected class descriptor, got 0x{tag:X2}");
        int len = ReadUShort();
        Need(len);
        string className = System.Text.Encoding.UTF8.GetString(_data, _pos, len);
        _pos += len;
        ReadLong(); // serialVersionUID: not needed to decode primitive arrays
        _handles.Add(className);
        ReadByte(); // flags
        if (ReadUShort() != 0) throw Fail($"class {className} has fields; not a plain array");
        if (ReadByte() != TcEndBlockData) throw Fail("expected end of class annotation");
        if (ReadByte() != TcNull) throw Fail("array class with a super class");
        return className;
    }

    byte ReadByte() { Need(1); return _data[_pos++]; }
    ushort ReadUShort() { Need(2); var v = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(_pos)); _pos += 2; return v; }
    int ReadInt() { Need(4); var v = BinaryPrimitives.ReadInt32BigEndian(_data.AsSpan(_pos)); _pos += 4; return v; }
    long ReadLong() { Need(8); var v = BinaryPrimitives.ReadInt64BigEndian(_data.AsSpan(_pos)); _pos += 8; return v; }
    void Need(int n) { if (_pos + n > _data.Length) throw Fail("truncated"); }
    InvalidDataException Fail(string why) => new($"{_name}: {why} at byte {_pos}");
}
