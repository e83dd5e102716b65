using Search.Responses;

namespace Search.Tests.Responses;

/// <summary>Measure paths as a reader writes them, with no internal markers left.</summary>
public class MeasureLabelTests
{
    [Theory]
    [InlineData("一、 ——2", "一、第2项")]
    [InlineData("一、 ¶1", "一、第1段")]
    [InlineData("一、 (二) 3", "一、(二) 3.")]
    [InlineData("二、 1 (2)", "二、1. (2)")]
    [InlineData("三、 4#2", "三、4.（重复编号2）")]
    [InlineData("", "正文")]
    [InlineData(null, "正文")]
    public void A_path_reads_as_written(string? path, string label) => Assert.Equal(label, MeasureLabel.Of(path));
}
