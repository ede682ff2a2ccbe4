using Groz.Web.Features.Regions;

namespace Groz.Tests.Regions;

public sealed class CbsCodeTests
{
    [Theory]
    [InlineData("GM0344", true)]
    [InlineData("GM0356", true)]
    [InlineData("gm0344", false)]   // CBS codes are upper case; forms upper-case the input before checking
    [InlineData("GM344", false)]
    [InlineData("GM03440", false)]
    [InlineData("WK0344", false)]
    [InlineData(" GM0344", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Gemeente_code_is_GM_and_four_digits(string? code, bool valid) => Assert.Equal(valid, CbsCode.IsGemeente(code));

    [Theory]
    [InlineData("WK034408", true)]
    [InlineData("WK03440", false)]
    [InlineData("WK0344081", false)]
    [InlineData("BU034408", false)]
    [InlineData("WK03440A", false)]
    [InlineData(null, false)]
    public void Wijk_code_is_WK_and_six_digits(string? code, bool valid) => Assert.Equal(valid, CbsCode.IsWijk(code));

    [Theory]
    [InlineData("BU03440801", true)]
    [InlineData("BU0344080", false)]
    [InlineData("BU034408011", false)]
    [InlineData("WK03440801", false)]
    [InlineData("BU0344080X", false)]
    public void Buurt_code_is_BU_and_eight_digits(string code, bool valid) => Assert.Equal(valid, CbsCode.IsBuurt(code));

    [Theory]
    [InlineData("WK034408", "GM0344", true)]
    [InlineData("WK035601", "GM0356", true)]
    [InlineData("WK035601", "GM0344", false)]   // Nieuwegein's wijk is not Utrecht's
    [InlineData("WK034408", "GM3440", false)]
    [InlineData("WK0344", "GM0344", false)]     // not a wijk code at all
    [InlineData("WK034408", "0344", false)]
    public void A_wijk_code_extends_the_digits_of_its_gemeente(string wijk, string gemeente, bool belongs) =>
        Assert.Equal(belongs, CbsCode.WijkBelongsTo(wijk, gemeente));

    [Theory]
    [InlineData("BU03440801", "WK034408", true)]
    [InlineData("BU03440901", "WK034408", false)]
    [InlineData("BU03560101", "WK034408", false)]
    [InlineData("BU0344080", "WK034408", false)]
    [InlineData("BU03440801", "WK03440", false)]
    public void A_buurt_code_extends_the_digits_of_its_wijk(string buurt, string wijk, bool belongs) =>
        Assert.Equal(belongs, CbsCode.BuurtBelongsTo(buurt, wijk));

    [Theory]
    [InlineData(2003, true)]
    [InlineData(2024, true)]
    [InlineData(2100, true)]
    [InlineData(2002, false)]
    [InlineData(2101, false)]
    [InlineData(0, false)]
    [InlineData(24, false)]
    public void Division_year_is_a_CBS_year(int year, bool valid) => Assert.Equal(valid, CbsCode.IsValidYear(year));

    [Theory]
    [InlineData("3525 3526", "3525 3526")]
    [InlineData("3526, 3525  3526", "3525 3526")]
    [InlineData("", "")]
    [InlineData("3526 KA", null)]
    [InlineData("352", null)]
    [InlineData("0123", null)]
    [InlineData("35256", null)]
    public void Postcodes_are_pc4_lists(string input, string? expected) => Assert.Equal(expected, RegionManagement.ParsePostcodes(input));
}
