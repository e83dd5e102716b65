using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Lucene.Net.Store;

namespace Search.Querying;

/// <summary>An index folder whose files are read from memory maps through a raw pointer.</summary>
/// <remarks>Lucene.Net's <see cref="MMapDirectory"/> reads through J2N byte buffers: a bounds-checked call per byte and a copy
/// loop per block of postings, a visible share of a query's CPU in profiles. Here a byte is a pointer read and a block a memory copy.
/// <para>A file's map is released when no input over it is reachable any more (a finalizer), not when the input that opened it
/// is disposed: Lucene never disposes the clones its readers hand out, and reading an unmapped page would crash the process
/// rather than throw. Files a merge deleted thus keep their disk blocks until the next full garbage collection, as with Java
/// Lucene's maps before it learned to unmap.</para></remarks>
public sealed class PointerMapDirectory(DirectoryInfo folder) : FSDirectory(folder, null)
{
    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var path = Path.Combine(Directory.FullName, name);
        var region = MappedRegion.Open(path);
        return new MappedInput($"{nameof(PointerMapDirectory)}({path})", region, 0, region.Length);
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        return new Slicer(MappedRegion.Open(Path.Combine(Directory.FullName, name)), name);
    }

    /// <summary>Slices of a compound file share its one map.</summary>
    private sealed class Slicer(MappedRegion region, string name) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length)
        {
            if (offset < 0 || length < 0 || offset + length > region.Length)
                throw new ArgumentException($"slice [{offset}, {offset + length}) is outside {name} ({region.Length} bytes)");
            return new MappedInput($"{nameof(PointerMapDirectory)}({name} [slice={sliceDescription}])", region, offset, length);
        }

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, region.Length);

        protected override void Dispose(bool disposing) { } // the slices keep the map alive
    }

    /// <summary>One file mapped read-only; unmapped by its finalizer once nothing refers to it.</summary>
    private sealed unsafe class MappedRegion
    {
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;
        public byte* Start { get; }
        public long Length { get; }

        private MappedRegion(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* start, long length)
        {
            _file = file;
            _view = view;
            Start = start;
            Length = length;
        }

        public static MappedRegion Open(string path)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long length = stream.Length;
            if (length == 0)
            {
                stream.Dispose();
                return new MappedRegion(null, null, null, 0);
            }
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                byte* start = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
                return new MappedRegion(file, view, start + view.PointerOffset, length);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        ~MappedRegion()
        {
            if (_view is null) return;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
        }
    }

    /// <summary>A window of a mapped file; clones share the map and keep their own position.</summary>
    private sealed unsafe class MappedInput(string description, MappedRegion region, long offset, long length) : IndexInput(description)
    {
        private readonly MappedRegion _region = region; // keeps the map alive while this input (or a clone) is reachable
        private readonly byte* _start = region.Start + offset;
        private long _position;

        public override long Length => length;

        public override long Position => _position;

        public override void Seek(long pos)
        {
            if (pos < 0 || pos > length) throw new EndOfStreamException($"seek to {pos} outside {this} ({length} bytes)");
            _position = pos;
        }

        public override byte ReadByte()
        {
            if (_position >= length) throw new EndOfStreamException($"read past the end of {this}");
            return _start[_position++];
        }

        public override void ReadBytes(byte[] b, int offset, int len) => Take(len).CopyTo(b.AsSpan(offset, len));

        public override void ReadBytes(byte[] b, int offset, int len, bool useBuffer) => ReadBytes(b, offset, len);

        public override short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

        public override int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

        public override long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public override int ReadVInt32()
        {
            // Up to five bytes, seven bits each, low groups first; the fifth byte's high bits are ignored as DataInput does.
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = ReadByte();
                value |= (b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw new IOException($"invalid variable-length int in {this}");
        }

        public override long ReadVInt64()
        {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7)
            {
                byte b = ReadByte();
                value |= (long)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw new IOException($"invalid variable-length long in {this}");
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || _position + count > length) throw new EndOfStreamException($"read past the end of {this}");
            var span = new ReadOnlySpan<byte>(_start + _position, count);
            _position += count;
            return span;
        }

        protected override void Dispose(bool disposing) { } // see PointerMapDirectory: the map goes with the last reference

        public override string ToString() => description;
    }
}
