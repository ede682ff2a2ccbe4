using Groz.Web.Infrastructure;

namespace Groz.Tests.Platform;

/// <summary>Amounts as people in the Netherlands type them: never 100 times too much because of a dot.</summary>
public sealed class DecimalModelBinderTests
{
    [Theory]
    [InlineData("15", "15")]
    [InlineData("15,50", "15.50")]
    [InlineData("15.50", "15.50")]
    [InlineData("15,5", "15.5")]
    [InlineData("€ 15,50", "15.50")]
    [InlineData("5000.50", "5000.50")]
    [InlineData("1.500", "1500")]
    [InlineData("1,500", "1500")]
    [InlineData("1.500.000", "1500000")]
    [InlineData("1.500,25", "1500.25")]
    [InlineData("1,500.25", "1500.25")]
    [InlineData("-20", "-20")]
    [InlineData(" 7 ", "7")]
    public void Reads_the_amount_that_was_meant(string typed, string expected)
    {
        Assert.True(DecimalModelBinder.TryParse(typed, out var value), typed);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("15.")]
    [InlineData(",5.0")]
    [InlineData("1.50.0")]
    [InlineData("12,34,5")]
    [InlineData("1.500,")]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("15,50,")]
    [InlineData("--5")]
    public void Refuses_what_it_would_have_to_guess(string typed) =>
        Assert.False(DecimalModelBinder.TryParse(typed, out _), typed);
}
