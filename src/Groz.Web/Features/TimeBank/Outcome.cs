namespace Groz.Web.Features.TimeBank;

/// <summary>
/// The outcome of a write that a page and the API share: the value, or a broken rule with its stable code, the field it
/// concerns and a message in the caller's language (several field messages when a form had more than one mistake).
/// </summary>
public sealed record Outcome<T>(T? Value, string? Code, int Status, string? Field, string? Message, IReadOnlyDictionary<string, string>? FieldErrors = null)
    where T : class
{
    public bool Succeeded => Value is not null;

    public static Outcome<T> Ok(T value) => new(value, null, 200, null, null);

    public static Outcome<T> Fail(string code, string? field, string message, int status = 400) => new(null, code, status, field, message);

    /// <summary>Every field problem of a form at once (status 400, code "validation").</summary>
    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string> errors)
    {
        var first = errors.First();
        return new(null, "validation", 400, first.Key, first.Value, errors);
    }
}

public static class OutcomeExtensions
{
    public static Outcome<Transfer> ToOutcome(this TransferResult r) => new(r.Transfer, r.Code, r.Status, r.Field, r.Message);
}
