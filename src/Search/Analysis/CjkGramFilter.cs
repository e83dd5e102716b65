using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Analysis;

/// <summary>Unigrams plus bigrams of adjacent Han, Hiragana, Katakana and Hangul characters, token for token what Lucene's
/// <c>CJKBigramFilter(CJKScript.ALL, outputUnigrams: true)</c> emits after a StandardTokenizer, without its per-token state capture;
/// optionally also the trigrams around very common bigrams (<see cref="CommonBigrams"/>).</summary>
/// <remarks>Why not the library filter: it clones every attribute of every token it buffers (<c>CaptureState</c>), which was
/// about a fifth of the whole index build's CPU in a profile; the tokenizer in front of it sets only term, offsets, position
/// increment and type, so copying those four by hand is enough. <c>GramsFilterParityTests</c> holds it to the library filter
/// on the corpus and on generated mixed-script text.</remarks>
public sealed class CjkGramFilter : TokenFilter
{
    private const string Single = "<SINGLE>";
    private const string Double = "<DOUBLE>";
    private const string Triple = "<TRIPLE>";
    private const string Quadruple = "<QUADRUPLE>";
    private const string PhrasePair = "<PHRASE_PAIR>";

    private readonly CommonBigrams? _common;
    private readonly CommonPhrases? _phrases;
    private readonly bool _interiorUnigrams;

    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _increment;
    private readonly ITypeAttribute _type;
    private readonly IPositionLengthAttribute _length;

    // The current run of adjacent CJK characters (code points with their offsets).
    private int[] _chars = new int[64];
    private int[] _starts = new int[64];
    private int[] _ends = new int[64];
    private int _count;
    private int _firstIncrement;
    private int _next;           // index of the next unigram to emit
    private bool _bigramPending; // the bigram at _next - 1 comes next
    private bool _trigramPending; // the trigram at _next - 1 comes next
    private bool _fourGramPending; // the listed four-character phrase at _next - 1 comes next
    private bool _pairPending;     // the two listed phrases at _next - 1 and _next + 3, as one term, come next

    // A non-CJK token read while collecting the run; emitted once the run is out.
    private bool _held;
    private bool _exhausted;
    private char[] _heldTerm = new char[32];
    private int _heldLength, _heldStart, _heldEnd, _heldIncrement;
    private string _heldType = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.ALPHANUM];

    /// <param name="common">When given, every trigram that contains one of these bigrams follows its first character's bigram, at
    /// the same position; without, the output is exactly Lucene's.</param>
    /// <param name="interiorUnigrams">False: a character followed by another of its run gets no unigram, its bigram takes its
    /// position instead; only the last character of each run (and a lone one) keeps its unigram. Every character still has its
    /// position and a gram that starts with it (see <see cref="GramsAnalyzer"/>).</param>
    /// <param name="phrases">When given, a four-character run listed there follows the grams of its first character, at the same
    /// position; where a second listed phrase follows it directly in the run, the eight characters follow as one more term.</param>
    public CjkGramFilter(TokenStream input, CommonBigrams? common = null, bool interiorUnigrams = true, CommonPhrases? phrases = null) : base(input)
    {
        _common = common;
        _phrases = phrases;
        _interiorUnigrams = interiorUnigrams;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        _length = AddAttribute<IPositionLengthAttribute>();
    }

    private static readonly string Ideographic = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC];
    private static readonly string Hiragana = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HIRAGANA];
    private static readonly string Katakana = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.KATAKANA];
    private static readonly string Hangul = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HANGUL];

    private static bool IsCjk(string type) => type == Ideographic || type == Hiragana || type == Katakana || type == Hangul;

    public override bool IncrementToken()
    {
        while (true)
        {
            if (_next < _count || _bigramPending || _trigramPending || _fourGramPending || _pairPending)
            {
                EmitFromRun();
                return true;
            }
            _count = 0;
            _next = 0;
            if (_held)
            {
                _held = false;
                RestoreHeld();
            }
            else if (_exhausted || !m_input.IncrementToken())
            {
                _exhausted = true;
                return false;
            }
            if (!IsCjk(_type.Type)) return true; // passes through as it is
            // Collect the run: this token and every following CJK token whose start touches the previous end.
            _firstIncrement = _increment.PositionIncrement;
            AppendToken();
            while (true)
            {
                if (!m_input.IncrementToken())
                {
                    _exhausted = true;
                    break;
                }
                if (IsCjk(_type.Type) && _offset.StartOffset == _ends[_count - 1])
                {
                    AppendToken();
                    continue;
                }
                HoldCurrent(); // ends the run; emitted (or starts the next run) once this run is out
                break;
            }
        }
    }

    private void HoldCurrent()
    {
        _held = true;
        _heldLength = _term.Length;
        if (_heldTerm.Length < _heldLength) _heldTerm = new char[Math.Max(_heldLength, _heldTerm.Length * 2)];
        Array.Copy(_term.Buffer, _heldTerm, _heldLength);
        _heldStart = _offset.StartOffset;
        _heldEnd = _offset.EndOffset;
        _heldIncrement = _increment.PositionIncrement;
        _heldType = _type.Type;
    }

    private void RestoreHeld()
    {
        ClearAttributes();
        _term.CopyBuffer(_heldTerm, 0, _heldLength);
        _offset.SetOffset(_heldStart, _heldEnd);
        _increment.PositionIncrement = _heldIncrement;
        _type.Type = _heldType;
    }

    private void AppendToken()
    {
        var buffer = _term.Buffer;
        int length = _term.Length, start = _offset.StartOffset, end = _offset.EndOffset;
        for (int i = 0; i < length;)
        {
            int cp = char.IsHighSurrogate(buffer[i]) && i + 1 < length && char.IsLowSurrogate(buffer[i + 1])
                ? char.ConvertToUtf32(buffer[i], buffer[i + 1]) : buffer[i];
            int width = cp > 0xFFFF ? 2 : 1;
            if (_count == _chars.Length)
            {
                Array.Resize(ref _chars, _count * 2);
                Array.Resize(ref _starts, _count * 2);
                Array.Resize(ref _ends, _count * 2);
            }
            _chars[_count] = cp;
            // Offsets of a multi-character token are spread over its characters only when they line up one to one.
            bool oneToOne = end - start == length;
            _starts[_count] = oneToOne ? start + i : start;
            _ends[_count] = oneToOne ? start + i + width : end;
            _count++;
            i += width;
        }
    }

    private void EmitFromRun()
    {
        ClearAttributes();
        if (_bigramPending)
        {
            int i = _next - 1;
            _bigramPending = false;
            EmitGram(i, 2, Double);
            _trigramPending = TrigramFollows(i);
            _fourGramPending = FourGramFollows(i);
            return;
        }
        if (_trigramPending)
        {
            _trigramPending = false;
            EmitGram(_next - 1, 3, Triple);
            return;
        }
        if (_fourGramPending)
        {
            _fourGramPending = false;
            EmitGram(_next - 1, 4, Quadruple);
            _pairPending = FourGramFollows(_next + 3);
            return;
        }
        if (_pairPending)
        {
            _pairPending = false;
            EmitGram(_next - 1, 8, PhrasePair);
            return;
        }
        int k = _next++;
        if (!_interiorUnigrams && k + 1 < _count)
        {
            EmitGram(k, 2, Double);
            _increment.PositionIncrement = k == 0 ? _firstIncrement : 1;
            _trigramPending = TrigramFollows(k);
            _fourGramPending = FourGramFollows(k);
            return;
        }
        SetChars(k, 1);
        _offset.SetOffset(_starts[k], _ends[k]);
        _increment.PositionIncrement = k == 0 ? _firstIncrement : 1;
        _type.Type = Single;
        _length.PositionLength = 1;
        _bigramPending = k + 1 < _count;
    }

    private bool TrigramFollows(int i) => _common is not null && i + 2 < _count
        && (_common.Contains(_chars[i], _chars[i + 1]) || _common.Contains(_chars[i + 1], _chars[i + 2]));

    private bool FourGramFollows(int i) => _phrases is not null && i + 3 < _count
        && _phrases.Contains(_chars[i], _chars[i + 1], _chars[i + 2], _chars[i + 3]);

    /// <summary>The n-gram of <paramref name="length"/> characters from <paramref name="index"/>, stacked on that character's position.</summary>
    private void EmitGram(int index, int length, string type)
    {
        SetChars(index, length);
        _offset.SetOffset(_starts[index], _ends[index + length - 1]);
        _increment.PositionIncrement = 0;
        _type.Type = type;
        _length.PositionLength = length;
    }

    private void SetChars(int index, int count)
    {
        _term.SetEmpty();
        for (int j = index; j < index + count; j++)
        {
            int cp = _chars[j];
            if (cp > 0xFFFF) _term.Append(char.ConvertFromUtf32(cp));
            else _term.Append((char)cp);
        }
    }

    public override void Reset()
    {
        base.Reset();
        _count = 0;
        _next = 0;
        _bigramPending = false;
        _trigramPending = false;
        _fourGramPending = false;
        _pairPending = false;
        _held = false;
        _exhausted = false;
    }
}

/// <summary>Bigrams so frequent that reading their positions dominates a phrase through them; the grams analysis also indexes
/// the trigrams containing them, so a phrase chain steps on the rarer trigram instead.</summary>
/// <remarks>教育 occurs dozens of times in every district education plan, 工作 and 教师 nearly as often: a chain such as
/// 劳动·动教·教育 would read most of 教育's positions in every candidate document, where 动教育 occurs a few times.
/// The list is part of the index format: changing it changes what the grams fields hold.</remarks>
public sealed class CommonBigrams
{
    private readonly HashSet<long> _pairs = [];

    /// <summary>The bigrams this set holds, in the order given.</summary>
    public IReadOnlyList<string> Bigrams { get; }

    public CommonBigrams(IEnumerable<string> bigrams)
    {
        Bigrams = bigrams.ToList();
        foreach (var b in Bigrams)
        {
            var runes = b.EnumerateRunes().ToArray();
            if (runes.Length != 2) throw new ArgumentException($"not a bigram: '{b}'", nameof(bigrams));
            _pairs.Add(Key(runes[0].Value, runes[1].Value));
        }
    }

    /// <summary>The 16 most frequent Han bigrams of district education plans, folded (measured on 2,000 synthetic documents
    /// built from the corpus: 8.9 % of all bigram occurrences; ranks 17 and below occur ≤ 12 times per document).</summary>
    public static CommonBigrams EducationPlans { get; } = new(
        ["教育", "工作", "教师", "学校", "建设", "提升", "开展", "落实", "加强", "发展", "管理", "实施", "推进", "小学", "教学", "机制"]);

    /// <summary>True when the two code points, in this order, are one of the bigrams.</summary>
    public bool Contains(int first, int second) => _pairs.Contains(Key(first, second));

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;
}

/// <summary>Four-character phrases so common in district education plans that an exact chain through them read positions in
/// nearly every document; the grams analysis also indexes each as one term, so a term or phrase that is (or contains) one steps
/// on it instead.</summary>
/// <remarks>立德树人 stands in the preamble of almost every plan: as the chain 立德·德树·树人 it read three position lists in each of
/// document; as one term it reads no positions at all. Policy terms are
/// often two of them in a row (义务教育优质均衡, 学前教育普及普惠): where a listed phrase directly follows another in one run, the
/// eight characters are indexed as one more term, so such a phrase is a term too rather than a chain whose first step reads the
/// positions of 义务教育 in most documents. The list is part of the index format, like
/// <see cref="CommonBigrams"/>.</remarks>
public sealed class CommonPhrases
{
    private readonly HashSet<long> _phrases = [];

    /// <summary>The phrases this set holds, in the order given.</summary>
    public IReadOnlyList<string> Phrases { get; }

    public CommonPhrases(IEnumerable<string> phrases)
    {
        Phrases = phrases.ToList();
        foreach (var p in Phrases)
        {
            if (p.Length != 4 || !p.All(HanScript.IsBasic))
                throw new ArgumentException($"not four basic Han characters: '{p}'", nameof(phrases));
            _phrases.Add(Key(p[0], p[1], p[2], p[3]));
        }
    }

    /// <summary>The Han four-grams found in at least half of 2,000 synthetic documents built from the corpus (folded clean text,
    /// counted by exact phrase search over <c>synth --docs 2000</c>, seed 1), by document frequency.</summary>
    /// <remarks>Re-count them when the synthesizer or the corpus changes (and bump the index format): a term
    /// missing here is matched through a chain of grams with positions, which is most of the cost of such a query.</remarks>
    public static CommonPhrases EducationPlans { get; } = new((
        "意的教育 人根本任 教育工作 的教育方 育工作以 想为指导 事项明确 面贯彻党 好人民满 树人根本 实立德树 时代中国 近平新时 色社会主 彻党的教 人民满意 " +
        "习近平新 主义思想 满意的教 落实立德 党的教育 力办好人 会主义思 平新时代 国特色社 代中国特 教育方针 贯彻党的 工作以习 有关事项 特色社会 全面贯彻 " +
        "项明确如 中国特色 思想为指 明确如下 义思想为 关事项明 作以习近 根本任务 新时代中 德树人根 以习近平 办好人民 民满意的 社会主义 努力办好 立德树人 " +
        "义务教育 教育质量 教育教学 学前教育 教育资源 队伍建设 教育发展 优质均衡 现将工作 教师队伍 教学质量 信息技术 均衡发展 质量提升 基础教育 管理工作 " +
        "教育学校 严格落实 教育优质 质均衡发 教育系统 前教育普 课堂教学 育教学质 教育普及 行动计划 学校建设 办学行为 学校办学 长效机制 校外培训 外培训机 " +
        "培训机构 育优质均 办幼儿园 实施方案 组织开展 务教育学 学校教师 评价体系 严格执行 提升教师 中小学教 全面提升 务教育优 能力提升 提升教育 础教育质 " +
        "办学条件 贯彻落实 加强教育 中小学幼 学幼儿园 小学幼儿 中小学校 三年行动 中小学生 特色学校 深化教育 特殊教育 工作机制 党建工作 准化建设 标准化建 " +
        "小区配套 区配套幼 套幼儿园 配套幼儿 质量发展 高质量发 教育课程 平安校园 公办幼儿 普惠性幼 性幼儿园 惠性幼儿 柳南区教 民办幼儿 教育经费 深入开展 " +
        "前教育资 传统文化 秀传统文 优秀传统 小学教师 推进教育 劳动教育 继续加强 工作计划 农村学校 控辍保学 学科教学 应用能力 督导评估 学校开展 继续实施 " +
        "建立健全 校园安全 师德师风 普及普惠 育普及普 师队伍建 年行动计 民办学校 强化教育 育质量提 高中阶段 残疾儿童 县教育工").Split(' '));

    /// <summary>True when the four code points, in this order, are one of the phrases.</summary>
    public bool Contains(int c0, int c1, int c2, int c3) =>
        (c0 | c1 | c2 | c3) <= 0xFFFF && _phrases.Contains(Key(c0, c1, c2, c3));

    private static long Key(int c0, int c1, int c2, int c3) => ((long)c0 << 48) | ((long)c1 << 32) | ((long)c2 << 16) | (uint)c3;
}
