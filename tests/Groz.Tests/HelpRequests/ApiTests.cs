using System.Net;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>The API's contract: in the OpenAPI document, Idempotency-Key on writes, ProblemDetails on errors.</summary>
public sealed class ApiTests(HelpApp app) : IClassFixture<HelpApp>
{
    [Fact]
    public async Task The_endpoints_are_in_the_OpenAPI_document_under_their_tag()
    {
        var doc = await app.GetAsync("/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, doc.Status);
        var paths = doc.Json.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/helprequests", "/api/v1/helprequests/queue", "/api/v1/helprequests/{id}", "/api/v1/helprequests/{id}/triage",
                     "/api/v1/helprequests/{id}/asks", "/api/v1/helprequests/asks/{askId}/accept", "/api/v1/helprequests/{id}/done", "/api/v1/helprequests/{id}/views" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), path);
            Assert.Contains(item.EnumerateObject().SelectMany(o => o.Value.GetProperty("tags").EnumerateArray()), t => t.GetString() == "HelpRequests");
        }
    }

    [Fact]
    public async Task A_retried_question_with_the_same_Idempotency_Key_is_stored_once()
    {
        var token = await app.TokenAsync(HelpApp.Email(GrozRole.Resident));
        var body = new { category = "Transport", description = "Een lift naar het ziekenhuis", contactPreference = "Platform", wijkId = await app.HomeWijkAsync() };
        var before = await app.DbAsync(db => db.HelpRequests.CountAsync());
        var first = await app.SendAsync(HttpMethod.Post, HelpApp.Api, token, body, "vraag-1");
        var second = await app.SendAsync(HttpMethod.Post, HelpApp.Api, token, body, "vraag-1");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(before + 1, await app.DbAsync(db => db.HelpRequests.CountAsync()));
        var other = await app.SendAsync(HttpMethod.Post, HelpApp.Api, token, body with { description = "Iets anders" }, "vraag-1");
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
    }

    [Fact]
    public async Task Errors_are_ProblemDetails_in_the_callers_language()
    {
        var reply = await app.GetAsync($"{HelpApp.Api}/999999", await app.TokenAsync(HelpApp.Email(GrozRole.Resident)));
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("application/problem+json", reply.MediaType);
        Assert.Equal("/problems/unknown-request", reply.ProblemType);
    }
}
