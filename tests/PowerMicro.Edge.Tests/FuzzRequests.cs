using System.Text;
using CsCheck;
using PowerMicro.ServiceDefaults.Security;
using PowerMicro.Testing;

namespace PowerMicro.Edge.Tests;

/// <summary>One generated request: the route it aims at (method and role-table template), what was done to it, and the bytes to send.</summary>
public sealed record FuzzRequest(string Route, string Mutation, string Method, string Path, byte[]? Body, string? ContentType,
    string? Token, IReadOnlyList<(string Name, string Value)> Headers, bool Hostile)
{
    public override string ToString() => $"{Mutation}: {Method} {Path} body={(Body is null ? "-" : Encoding.UTF8.GetString(Body))}";
}

/// <summary>
/// The generators: for every route of the role table, a valid request (real ids from the seeded system, a role the
/// table allows), then either left valid (reads only: a valid write would change state) or given one mutation that
/// makes it invalid by construction: encodings, control characters, lone surrogates, huge and deep values, wrong
/// types, extra and duplicate fields, boundary dates and ids, path tricks, wrong media types, missing or forged
/// tokens, roles the table refuses, oversize URLs and headers, non-ASCII headers.
/// </summary>
public static class FuzzRequests
{
    /// <summary>Appears in every injected text value; no answer may repeat it.</summary>
    public const string Marker = "ZqMarker13912345678";

    private sealed record Route(RouteRule Rule, Func<IFuzzTarget, string> Path, Func<Dictionary<string, object?>?> Body,
        string[] Query, Func<string, Gen<string>> BadQueryValue);

    private static readonly string[] Dates = ["0001-01-01", "9999-12-31", "1999-12-31T23:59:59Z", "2101-01-01", "yesterday", "2026-13-01", "2026-02-30",
        "2026-11-23T25:00:00Z", "-1", "1e9", "2026-11-23T08:00:00+25:00", "%00"];

    private static Gen<string> Bad(params string[] values) => Gen.OneOf(values);

    private static IReadOnlyList<Route> Routes(IFuzzTarget s) =>
    [
        new(Rule("POST", "/api/orders"), _ => "/api/orders", () => new()
        {
            ["kind"] = "business", ["subtype"] = "new-connection", ["channel"] = "phone", ["area"] = "urban",
            ["customer"] = new Dictionary<string, object?> { ["accountNo"] = "3201000001", ["name"] = "Li", ["phone"] = "13800000000", ["tier"] = "C" },
            ["description"] = "d", ["appointmentAt"] = "2099-01-01T08:00:00Z",
        }, [], _ => Bad("x")),
        new(Rule("GET", "/api/orders"), _ => "/api/orders", () => null, ["kind", "status", "from", "to", "page", "pageSize"],
            q => q switch { "from" or "to" => Gen.OneOf(Dates), "page" => Bad("0", "-1", "100001", "1.5", "9999999999999"), "pageSize" => Bad("0", "101", "-1", "1.5"), _ => Bad("lost", "REPAIR", "rep air") }),
        new(Rule("GET", "/api/orders/{orderId}"), e => $"/api/orders/{e.Repair}", () => null, [], _ => Bad("x")),
        new(Rule("POST", "/api/orders/{orderId}/answer"), e => $"/api/orders/{e.Inquiry}/answer", () => new() { ["answer"] = "a" }, [], _ => Bad("x")),
        new(Rule("GET", "/api/dispatch/work-orders"), _ => "/api/dispatch/work-orders", () => null, ["status", "area", "crew", "overdue", "page", "pageSize"],
            q => q switch { "overdue" => Bad("yes", "1", "TRUE"), "page" => Bad("0", "100001", "x"), "pageSize" => Bad("0", "501", "x"), _ => Bad("mars", "nobody", "open") }),
        new(Rule("GET", "/api/dispatch/work-orders/{orderId}"), e => $"/api/dispatch/work-orders/{e.Repair}", () => null, [], _ => Bad("x")),
        new(Rule("POST", "/api/dispatch/work-orders/{orderId}/arrive"), e => $"/api/dispatch/work-orders/{e.Repair}/arrive", () => new() { ["crew"] = "urban-1" }, [], _ => Bad("x")),
        new(Rule("POST", "/api/dispatch/work-orders/{orderId}/complete"), e => $"/api/dispatch/work-orders/{e.Repair}/complete",
            () => new() { ["result"] = "restored", ["note"] = "n" }, [], _ => Bad("x")),
        new(Rule("POST", "/api/dispatch/work-orders/{orderId}/guide"), e => $"/api/dispatch/work-orders/{e.Repair}/guide",
            () => new() { ["outcome"] = "self-fixed", ["note"] = "n" }, [], _ => Bad("x")),
        new(Rule("GET", "/api/dispatch/sla"), _ => "/api/dispatch/sla", () => null, ["from", "to"], _ => Gen.OneOf(Dates)),
        new(Rule("GET", "/api/complaints"), _ => "/api/complaints", () => null, ["status", "limit"],
            q => q == "limit" ? Bad("0", "501", "ten") : Bad("lost", "OPEN")),
        new(Rule("GET", "/api/complaints/stats"), _ => "/api/complaints/stats", () => null, ["from", "to"], _ => Gen.OneOf(Dates)),
        new(Rule("GET", "/api/complaints/{orderId}"), e => $"/api/complaints/{e.Complaint}", () => null, [], _ => Bad("x")),
        new(Rule("POST", "/api/complaints/{orderId}/contact"), e => $"/api/complaints/{e.Complaint}/contact", () => new(), [], _ => Bad("x")),
        new(Rule("POST", "/api/complaints/{orderId}/reply"), e => $"/api/complaints/{e.Complaint}/reply", () => new() { ["reply"] = "r" }, [], _ => Bad("x")),
        new(Rule("GET", "/api/callbacks"), _ => "/api/callbacks", () => null, ["status"], _ => Bad("done", "DUE", "all")),
        new(Rule("POST", "/api/callbacks/{callbackId}/attempts"), e => $"/api/callbacks/{e.CallbackId}/attempts",
            () => new() { ["outcome"] = "satisfied", ["note"] = "n" }, [], _ => Bad("x")),
        new(Rule("GET", "/api/callbacks/compliance"), _ => "/api/callbacks/compliance", () => null, ["from", "to"], _ => Gen.OneOf(Dates)),
    ];

    private static RouteRule Rule(string method, string template) =>
        RouteRoles.Table.Single(r => r.Method == method && r.Template == template);

    private static readonly string[] HostileTexts =
    [
        "\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\r", "\u0085", "\u2028", "\uFFFF", "\\ud800", "\\udfff", "\\ud83d", "\\u0000",
    ];

    public static Gen<FuzzRequest> For(IFuzzTarget system)
    {
        var routes = Routes(system);
        return Gen.Int[0, routes.Count - 1].SelectMany(i => Request(system, routes[i]));
    }

    private static string Token(RouteRule rule, string? role = null)
    {
        role ??= rule.Roles.FirstOrDefault(r => r != Roles.Crew) ?? rule.Roles[0];
        return TestTokens.For(role, "fuzz-" + role, role == Roles.Crew ? "urban-1" : null);
    }

    private static Gen<FuzzRequest> Request(IFuzzTarget system, Route route)
    {
        var rule = route.Rule;
        var path = route.Path(system);
        var isWrite = rule.Method == "POST";
        FuzzRequest Make(string mutation, string? p = null, string? body = null, byte[]? raw = null, string? contentType = "application/json",
            string? token = "", string? method = null, (string, string)[]? headers = null, bool hostile = true) =>
            new(rule.Method + " " + rule.Template, mutation, method ?? rule.Method, p ?? path,
                raw ?? (body is null ? null : Encoding.UTF8.GetBytes(body)), contentType,
                token == "" ? Token(rule) : token, headers ?? [], hostile);

        string Valid() => route.Body() is { } b ? System.Text.Json.JsonSerializer.Serialize(b) : "{}";
        string? ValidOrNull() => isWrite ? Valid() : null;

        var common = new List<Gen<FuzzRequest>>
        {
            Gen.Const(() => Make("no token", body: ValidOrNull(), token: null)),
            Gen.OneOf("garbage", "Bearer", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").Select(t => Make("bad token", body: ValidOrNull(), token: t)),
            Gen.Const(() => Make("foreign key", body: ValidOrNull(),
                token: TestTokens.For(rule.Roles[0], "x", key: "another-signing-key-of-at-least-32-bytes-000"))),
            Gen.Const(() => Make("expired token", body: ValidOrNull(), token: TestTokens.For(rule.Roles[0], "x", expires: DateTime.UtcNow.AddHours(-1)))),
            Gen.OneOf("王", "é", "\u0001", "\u007f").Select(v => Make("non-ASCII header", body: ValidOrNull(), headers: [("X-Note", "a" + v)])),
            Gen.Int[8200, 60000].Select(n => Make("long URL", p: path + "?q=" + new string('a', n), body: ValidOrNull())),
            Gen.Int[45, 250].Select(n => Make("huge headers", body: ValidOrNull(),
                headers: Enumerable.Range(0, n).Select(i => ($"X-F{i}", new string('h', 400))).ToArray())),
            Gen.OneOf("DELETE", "PUT", "PATCH").Select(m => Make("method not in the table", body: ValidOrNull(), method: m)),
            Gen.OneOf("utm", "_", "Kind", "a%00").Select(q => Make("unknown query parameter", p: path + "?" + q + "=1", body: ValidOrNull())),
        };
        if (rule.Template.Contains('{'))
            common.Add(
            Gen.OneOf("not-a-uuid", "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "{" + Guid.NewGuid() + "}",
                    Guid.NewGuid().ToString("N"), "%2e%2e", "..%2f..%2fetc", new string('9', 300), "%E4%B8%AD", "1;DROP TABLE x")
                .Select(id => Make("bad or unknown id", p: ReplaceId(rule.Template, path, id), body: ValidOrNull())));
        var refused = Roles.All.Where(r => !rule.Roles.Contains(r)).ToArray();
        if (refused.Length > 0)
            common.Add(Gen.OneOf(refused).Select(r => Make("role not in the table", body: ValidOrNull(), token: Token(rule, r))));

        if (isWrite)
        {
            var fields = route.Body()!.Keys.ToArray();
            common.AddRange(
            [
                Gen.OneOf("{", "{\"a\":}", "[1,2", "nul", "{'a':1}", "{\"a\":1,}", "/*c*/{}", "\"\\x\"").Select(b => Make("not JSON", body: b)),
                Gen.OneOf(new byte[] { 0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d }, [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80])
                    .Select(b => Make("invalid UTF-8", raw: [.. Encoding.UTF8.GetBytes("{\"x\":\""), .. b, .. Encoding.UTF8.GetBytes("\"}")])),
                Gen.OneOf("text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=latin1", "multipart/form-data; boundary=x")
                    .Select(ct => Make("not a JSON media type", body: Valid(), contentType: ct)),
                Gen.OneOf("appointmentAT", "extra", "Crew", "customer_name", "__proto__").Select(f => Make("unknown field", body: With(Valid(), $"\"{f}\":1"))),
                Gen.OneOf("[]", "1", "\"x\"", "null", "true").Select(b => Make("not an object", body: b)),
                Gen.Int[20, 400].Select(n => Make("nested too deep", body: With(Valid(), "\"extra\":" + new string('[', n) + new string(']', n)))),
                Gen.Const(() => Make("body too large", body: With(Valid(), "\"extra\":\"" + new string('x', 70 * 1024) + "\""))),
            ]);
            if (fields.Length > 0)
            {
                common.AddRange(
                [
                    Gen.OneOf(fields).Select(f => Make("duplicate key", body: With(Valid(), $"\"{f}\":\"{Marker}\""))),
                    Gen.OneOf(fields).SelectMany(f => Gen.OneOf("1", "true", "[]", "{}", "-0.5", "1e400").Select(v =>
                        Make("wrong type", body: Replace(route.Body()!, f, v)))),
                    Gen.OneOf(fields).SelectMany(f => Gen.OneOf(HostileTexts).Select(t =>
                        Make("control character or lone surrogate", body: Replace(route.Body()!, f, "\"" + Marker + t + "\"")))),
                    Gen.OneOf(fields).SelectMany(f => Gen.Int[4001, 60000].Select(n =>
                        Make("text too long", body: Replace(route.Body()!, f, "\"" + Marker + new string('长', n) + "\"")))),
                ]);
                var required = fields.Where(f => f is not ("note" or "crew" or "appointmentAt")).ToArray();
                if (required.Length > 0)
                    common.Add(Gen.OneOf(required).Select(f => Make("required field missing", body: Without(route.Body()!, f))));
            }
        }
        else
        {
            // Valid reads (they change nothing), and bad or repeated query values.
            common.Add(Gen.Const(() => Make("valid read", hostile: false)));
            foreach (var q in route.Query)
            {
                common.Add(route.BadQueryValue(q).Select(v => Make("bad query value", p: path + "?" + q + "=" + Uri.EscapeDataString(v))));
                common.Add(Gen.Const(() => Make("repeated query parameter", p: path + "?" + q + "=a&" + q + "=b")));
            }
            if (route.Query.Contains("from"))
                common.Add(Gen.Const(() => Make("from after to", p: path + "?from=2026-02-01&to=2026-01-01")));
        }
        return Gen.OneOf(common.Cast<IGen<FuzzRequest>>().ToArray());
    }

    private static string ReplaceId(string template, string path, string id)
    {
        var segments = path.Split('/');
        var names = template.Split('/');
        for (var i = 0; i < names.Length; i++) if (names[i].StartsWith('{')) segments[i] = id;
        return string.Join('/', segments);
    }

    private static string With(string json, string member) => json.Length <= 2 ? "{" + member + "}" : json[..^1] + "," + member + "}";

    private static string Replace(Dictionary<string, object?> body, string field, string rawValue)
    {
        body[field] = "\u0001PLACEHOLDER\u0001";
        return System.Text.Json.JsonSerializer.Serialize(body).Replace("\"\\u0001PLACEHOLDER\\u0001\"", rawValue);
    }

    private static string Without(Dictionary<string, object?> body, string field)
    {
        body.Remove(field);
        return System.Text.Json.JsonSerializer.Serialize(body);
    }
}
