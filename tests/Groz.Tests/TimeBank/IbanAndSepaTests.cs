using System.Globalization;
using Groz.Web.Features.TimeBank;
using static Groz.Tests.TimeBank.ConversionTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>IBAN checks (ISO 13616) and the SEPA file's texts and schema, without a server.</summary>
public sealed class IbanAndSepaTests
{
    [Theory]
    [InlineData("NL91ABNA0417164300", Iban.Problem.None)]
    [InlineData("nl91 abna 0417 1643 00", Iban.Problem.None)]
    [InlineData("DE89370400440532013000", Iban.Problem.None)]
    [InlineData("BE68539007547034", Iban.Problem.None)]
    [InlineData("NL92ABNA0417164300", Iban.Problem.CheckDigits)] // wrong check digits
    [InlineData("NL91ABNA0417164301", Iban.Problem.CheckDigits)] // one digit mistyped
    [InlineData("NL91ABNA041716430", Iban.Problem.Length)] // one short
    [InlineData("NL91ABNA04171643000", Iban.Problem.Length)] // one long
    [InlineData("NLXXABNA0417164300", Iban.Problem.Characters)] // letters where the check digits belong
    [InlineData("NL91ABNA04171643é0", Iban.Problem.Characters)]
    [InlineData("1291ABNA0417164300", Iban.Problem.Characters)]
    [InlineData("US91ABNA0417164300", Iban.Problem.Country)] // not in the SEPA area
    [InlineData("", Iban.Problem.Empty)]
    public void An_iban_is_checked_for_characters_country_length_and_mod_97(string input, Iban.Problem expected) =>
        Assert.Equal(expected, Iban.Check(Iban.Normalize(input)));

    [Fact]
    public void Made_ibans_are_valid_and_masked_ibans_show_only_country_and_last_four()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.True(Iban.IsValid(IbanFor(i)), IbanFor(i));
        }
        Assert.Equal("NL** **** **** **** 4300", Iban.Mask(GoodIban));
        Assert.Equal("NL91 ABNA 0417 1643 00", Iban.Grouped(GoodIban));
        Assert.True(Iban.IsValidBic("ABNANL2A"));
        Assert.True(Iban.IsValidBic("INGBNL2AXXX"));
        Assert.False(Iban.IsValidBic("ABNA NL2A"));
    }

    [Fact]
    public void Texts_are_reduced_to_the_sepa_character_set_and_cut_to_their_length()
    {
        Assert.Equal("Zoe Bjork-Ostergaard + Sons", SepaCreditTransfer.Text("Zoë Björk–Østergaard & Sons", 70));
        Assert.Equal("Strasse 12", SepaCreditTransfer.Text("Straße 12", 70));
        Assert.Equal("Hallo wereld", SepaCreditTransfer.Text("Hallo 🌍 wereld ", 70));
        Assert.Equal("-", SepaCreditTransfer.Text("日本", 70));
        Assert.Equal(70, SepaCreditTransfer.Text(new string('a', 100), 70).Length);
        Assert.Equal(140, SepaCreditTransfer.Text(new string('b', 300), 140).Length);
        Assert.Equal("a/b", SepaCreditTransfer.Id("/a//b/"));
        Assert.Equal(35, SepaCreditTransfer.Id(new string('c', 50)).Length);
        Assert.Equal("12.50", SepaCreditTransfer.Amount(12.5m));
    }

    [Fact]
    public void A_batch_with_several_payouts_and_awkward_names_validates_against_the_iso_20022_schema()
    {
        var payments = Enumerable.Range(1, 7).Select(i => new SepaCreditTransfer.Payment(
            $"GROZ-C{i}", 0.01m + i * 12.345m, i == 1 ? "Zoë Ærøskøbing-" + new string('x', 90) : $"Lid {i}", IbanFor(i),
            "Tijdbank: " + new string('y', 200))).ToList();
        var xml = SepaCreditTransfer.Write("GROZ-1-1-20260101120000", new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Unspecified), new DateOnly(2026, 1, 2),
            new SepaCreditTransfer.Debtor("Stichting GROZ Utrecht & Co", GoodIban, "ABNANL2A"), payments);
        var doc = AssertValidPain001(xml);
        var amounts = doc.Descendants(Ns + "InstdAmt").Select(a => decimal.Parse(a.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(7, amounts.Count);
        Assert.Equal(amounts.Sum(), decimal.Parse(doc.Descendants(Ns + "GrpHdr").Single().Element(Ns + "CtrlSum")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal("7", doc.Descendants(Ns + "GrpHdr").Single().Element(Ns + "NbOfTxs")!.Value);
        Assert.All(doc.Descendants(Ns + "InstdAmt"), a => Assert.Matches(@"^\d+\.\d{2}$", a.Value));
        Assert.All(doc.Descendants(Ns + "Nm"), n => Assert.Matches(@"^[A-Za-z0-9/\-?:().,'+ ]{1,70}$", n.Value));
    }
}
