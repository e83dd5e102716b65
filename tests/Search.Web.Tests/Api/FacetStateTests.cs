using Search.Web.Tests.Support;
using static Search.Web.Tests.Api.ApiAssertions;

namespace Search.Web.Tests.Api;

/// <summary>Filters typed in the query and the facet sidebar are one state: the response names the typed filters and where they
/// are, marks the facet values they select, and every facet count is what choosing that value instead returns.</summary>
[Collection(ApiCollection.Name)]
public sealed class FacetStateTests(ApiFixture fixture)
{
    readonly HttpClient _client = fixture.Factory.CreateClient();

    [Theory]
    [InlineData("控辍保学 province:广西", "province", "广西", 5, "广西壮族自治区")]
    [InlineData("控辍保学 district:柳南", "district", "柳南", 5, "柳南区")]
    [InlineData("控辍保学 year:2020..2021", "year", "2020..2021", 5, "2020")]
    public async Task A_typed_filter_is_a_selected_facet_and_every_other_value_counts_what_replacing_it_returns(
        string q, string field, string value, int position, string selected)
    {
        var json = await _client.Json(Url("/api/search", ("q", q)));
        var filter = Assert.Single(json.GetProperty("filters").EnumerateArray());
        Assert.Equal(field, filter.GetProperty("field").GetString());
        Assert.Equal(value, filter.GetProperty("value").GetString());
        Assert.Equal(position, filter.GetProperty("position").GetInt32());
        Assert.Equal(q.Length - position, filter.GetProperty("length").GetInt32());
        var values = json.GetProperty("facets").GetProperty(field).EnumerateArray().ToList();
        Assert.True(values.Single(v => v.GetProperty("value").GetString() == selected).GetProperty("selected").GetBoolean());
        Assert.Contains(values, v => !v.GetProperty("selected").GetBoolean());
        // Clicking another value replaces the typed filter: the text without it, the value as a parameter.
        string rest = q[..position].Trim();
        foreach (var other in values.Where(v => !v.GetProperty("selected").GetBoolean()))
        {
            var replaced = await _client.Json(Url("/api/search", ("q", rest), (field, other.GetProperty("value").GetString()!)));
            Assert.Equal(other.GetProperty("count").GetInt32(), replaced.GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task A_filter_given_as_a_parameter_selects_its_value_and_is_not_listed_as_typed()
    {
        var json = await _client.Json(Url("/api/search", ("q", "控辍保学"), ("province", "宁夏回族自治区")));
        Assert.Empty(json.GetProperty("filters").EnumerateArray());
        var ningxia = json.GetProperty("facets").GetProperty("province").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "宁夏回族自治区");
        Assert.True(ningxia.GetProperty("selected").GetBoolean());
        Assert.Equal(json.GetProperty("total").GetInt32(), ningxia.GetProperty("count").GetInt32());
    }
}
