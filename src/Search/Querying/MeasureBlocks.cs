using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Schema;

namespace Search.Querying;

/// <summary>The measure docs of a result page's documents, found from each document doc's block (see <see cref="IndexFields"/>),
/// as a filter that admits only them.</summary>
internal sealed class MeasureBlocks : Filter
{
    /// <summary>One document's measure docs: doc ids [<paramref name="From"/>, <paramref name="To"/>) of one segment.</summary>
    internal readonly record struct Block(int Leaf, int From, int To);

    private readonly Dictionary<int, List<Block>> _byLeaf = [];

    /// <summary>Each page document's id and its block, in page order.</summary>
    public List<(string DocId, Block Block)> ByDocument { get; } = [];

    /// <summary>The blocks of the page's documents, or null when a block does not hold exactly the measure docs the document
    /// doc announces (then the caller matches measures by document id instead).</summary>
    public static MeasureBlocks? Find(IndexReader reader, IReadOnlyList<ScoreDoc> page, IReadOnlyList<HitMetadata> metadata)
    {
        var leaves = reader.Leaves;
        var blocks = new MeasureBlocks();
        for (int i = 0; i < page.Count; i++)
        {
            if (metadata[i].MeasureCount is not int count || count < 0) return null;
            var leaf = leaves[ReaderUtil.SubIndex(page[i].Doc, leaves)];
            var segment = leaf.AtomicReader;
            int local = page[i].Doc - leaf.DocBase;
            if (local + count >= segment.MaxDoc || segment.GetSortedDocValues(IndexFields.DocId) is not { } ids) return null;
            int ord = ids.GetOrd(local);
            if (ord < 0) return null;
            var live = segment.LiveDocs;
            for (int doc = local + 1; doc <= local + count; doc++)
                if (ids.GetOrd(doc) != ord || (live is not null && !live.Get(doc))) return null;
            var block = new Block(leaf.Ord, local + 1, local + 1 + count);
            blocks.ByDocument.Add((metadata[i].DocId, block));
            if (!blocks._byLeaf.TryGetValue(leaf.Ord, out var list)) blocks._byLeaf[leaf.Ord] = list = [];
            list.Add(block);
        }
        foreach (var list in blocks._byLeaf.Values) list.Sort((a, b) => a.From.CompareTo(b.From));
        return blocks;
    }

    /// <summary>Every measure of a block with score 0 (for a document none of whose measures matches a query term).</summary>
    public static IEnumerable<(int Doc, string DocId, string Id, float Score)> Unscored(IndexReader reader, Block block, string docId)
    {
        var leaf = reader.Leaves[block.Leaf];
        var ids = leaf.AtomicReader.GetSortedDocValues(IndexFields.Id);
        var scratch = new BytesRef();
        for (int doc = block.From; doc < block.To; doc++)
        {
            ids?.Get(doc, scratch);
            yield return (leaf.DocBase + doc, docId, ids is null ? "" : scratch.Utf8ToString(), 0f);
        }
    }

    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs) =>
        _byLeaf.TryGetValue(context.Ord, out var blocks) ? BitsFilteredDocIdSet.Wrap(new Ranges(blocks), acceptDocs) : null;

    /// <summary>The docs of sorted, disjoint blocks.</summary>
    private sealed class Ranges(List<Block> blocks) : DocIdSet
    {
        public override DocIdSetIterator GetIterator() => new Iterator(blocks);
    }

    private sealed class Iterator(List<Block> blocks) : DocIdSetIterator
    {
        private int _block;
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => Advance(_doc + 1);

        public override int Advance(int target)
        {
            while (_block < blocks.Count && blocks[_block].To <= target) _block++;
            if (_block == blocks.Count) return _doc = NO_MORE_DOCS;
            return _doc = Math.Max(target, blocks[_block].From);
        }

        public override long GetCost() => blocks.Sum(b => (long)(b.To - b.From));
    }
}
