using System.ComponentModel.DataAnnotations;

namespace Groz.Web.Features.Accounts;

/// <summary>The one-field form of "forgot password" and "send the confirmation again".</summary>
public sealed class EmailInput
{
    [Required(ErrorMessage = "Fill in your e-mail address."), EmailAddress(ErrorMessage = "This is not a valid e-mail address."), StringLength(256), Display(Name = "E-mail address")]
    public string Email { get; set; } = "";
}
