using PowerMicro.Dispatch.Crews;
using PowerMicro.ServiceDefaults.Input;
using PowerMicro.ServiceDefaults.Security;

namespace PowerMicro.Dispatch.WorkOrders;

/// <summary>
/// A crew is who its token says (claim <c>crew</c>): it lists, reads and acts on its own work orders only. A crew
/// token without a crew of the roster is refused (403), as is a body naming another crew.
/// </summary>
public static class CrewAccess
{
    /// <summary>The caller's crew when the caller is a crew (null for other roles), or a 403 problem.</summary>
    public static (string? Crew, IResult? Problem) Of(HttpContext http, CrewRoster roster)
    {
        var caller = http.Caller();
        if (caller is null || !caller.Is(Roles.Crew)) return (null, null);
        if (caller.Crew is not { } crew || roster.Find(crew) is null)
            return (null, ApiResults.Forbidden("A crew token must name a crew of the roster (claim crew)."));
        return (crew, null);
    }

    public static IResult NotYours() => ApiResults.Forbidden("This work order is not assigned to your crew.");

    public static IResult OtherCrewNamed() => ApiResults.Forbidden("The body names another crew than the token.");
}
