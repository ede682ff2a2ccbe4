using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Groz.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Groz.Tests.Support;

/// <summary>A page as a test sees it: status, headers and the parsed HTML.</summary>
public sealed record Page(HttpResponseMessage Response, IHtmlDocument Html, string Url)
{
    public HttpStatusCode Status => Response.StatusCode;
    public string Text => Html.Body?.TextContent ?? "";
    public string? Location => Response.Headers.Location?.OriginalString;
}

/// <summary>
/// Talks to the app the way a browser without JavaScript does: it reads forms from the HTML,
/// sends their hidden fields (the antiforgery token among them) and keeps cookies.
/// </summary>
public sealed partial class FormClient(HttpClient http, GrozApp app) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public async Task<Page> GetAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return await ToPageAsync(response, url);
    }

    /// <summary>Follows redirects (as a browser would) and returns the final page.</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        for (var i = 0; i < 10 && page.Location is { } location; i++)
        {
            page = await GetAsync(location);
        }
        return page;
    }

    /// <summary>Fills the form (chosen by a CSS selector, default: the first POST form inside main) and submits it.</summary>
    public async Task<Page> SubmitAsync(Page page, IDictionary<string, string> fields, string formSelector = "main form[method=post]", string? submitName = null, string? submitValue = null)
    {
        var form = page.Html.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}: {page.Text[..Math.Min(page.Text.Length, 400)]}");
        var values = new List<KeyValuePair<string, string>>();
        // Keys given as "Name[]" (several values) replace every input of that name.
        fields = fields.ToDictionary(f => f.Key, f => f.Value);
        foreach (var key in fields.Keys.Where(k => k.EndsWith("[]", StringComparison.Ordinal)).ToList())
        {
            fields[key.TrimEnd('[', ']')] = "";
        }
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name) || fields.ContainsKey(input.Name))
            {
                continue;
            }
            if (input.Type is "checkbox" or "radio")
            {
                if (input.IsChecked)
                {
                    values.Add(new(input.Name, input.Value));
                }
            }
            else if (input.Type is not ("submit" or "button" or "file"))
            {
                values.Add(new(input.Name, input.Value));
            }
        }
        foreach (var select in form.Elements.OfType<IHtmlSelectElement>())
        {
            if (!string.IsNullOrEmpty(select.Name) && !fields.ContainsKey(select.Name) && select.Value is { } v)
            {
                values.Add(new(select.Name, v));
            }
        }
        foreach (var area in form.Elements.OfType<IHtmlTextAreaElement>())
        {
            if (!string.IsNullOrEmpty(area.Name) && !fields.ContainsKey(area.Name))
            {
                values.Add(new(area.Name, area.Value));
            }
        }
        foreach (var (k, v) in fields.Where(f => !fields.ContainsKey(f.Key + "[]")))
        {
            // "Interests=a,b" style: one key, several values.
            foreach (var part in k.EndsWith("[]", StringComparison.Ordinal) ? v.Split(',') : [v])
            {
                values.Add(new(k.TrimEnd('[', ']'), part));
            }
        }
        if (submitName is not null)
        {
            values.Add(new(submitName, submitValue ?? ""));
        }
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : action;
        var response = await Http.PostAsync(target, new FormUrlEncodedContent(values));
        return await ToPageAsync(response, target);
    }

    public async Task<Page> PostFormAsync(string url, IDictionary<string, string> fields, string formSelector = "main form[method=post]") =>
        await SubmitAsync(await GetAsync(url), fields, formSelector);

    public async Task<Page> SignInAsync(string email, string password = Groz.Web.Data.DemoData.DemoPassword)
    {
        var page = await PostFormAsync("/account/inloggen", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        return page;
    }

    /// <summary>The antiforgery token a page carries, for cookie-authenticated API calls (header X-CSRF-TOKEN).</summary>
    public async Task<string> AntiforgeryTokenAsync(string url = "/")
    {
        var page = await GetAsync(url);
        return (page.Html.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
            ?? throw new InvalidOperationException("no antiforgery token on " + url);
    }

    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, object? body, string? csrf = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-TOKEN", csrf);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>Mails the app wrote to its outbox for this address, newest first.</summary>
    public IReadOnlyList<MimeMessage> MailsTo(string email) =>
        app.Services.GetRequiredService<Mailer>().ReadOutbox()
            .Where(m => m.To.Mailboxes.Any(x => string.Equals(x.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>The first link to this app in the newest mail to the address.</summary>
    public string LinkInLatestMail(string email)
    {
        var mails = MailsTo(email);
        var mail = mails.Count > 0 ? mails[0] : throw new InvalidOperationException("no mail to " + email);
        var match = LinkRegex().Match(mail.TextBody ?? "");
        if (!match.Success)
        {
            throw new InvalidOperationException("no link in mail: " + mail.TextBody);
        }
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex LinkRegex();

    private static async Task<Page> ToPageAsync(HttpResponseMessage response, string url)
    {
        var body = await response.Content.ReadAsStringAsync();
        return new Page(response, Parser.ParseDocument(body), url);
    }

    public void Dispose() => Http.Dispose();
}
